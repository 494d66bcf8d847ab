// SPDX-License-Identifier: GPL-2.0-only
/*
 * The /dev/npipe control device itself: the node, opening it, and what it
 * does with requests it does not know.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/npipe.h>

#include "kselftest_harness.h"

#define NPIPE_DEV "/dev/npipe"

/* A command number no npipe ioctl uses ('N' 0xc0-0xdf are npipe's). */
#define NPIPE_IOC_UNKNOWN _IO('N', 0xFF)

static int open_dev(struct __test_metadata *_metadata)
{
	int fd = open(NPIPE_DEV, O_RDWR | O_CLOEXEC);

	ASSERT_LE(0, fd) TH_LOG("open %s: %s", NPIPE_DEV, strerror(errno));
	return fd;
}

TEST(node_is_world_rw_char_device)
{
	struct stat st;

	ASSERT_EQ(0, stat(NPIPE_DEV, &st))
		TH_LOG("stat %s: %s (module not loaded?)", NPIPE_DEV, strerror(errno));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0666U, st.st_mode & 07777);
}

TEST(open_and_close)
{
	int fd = open_dev(_metadata);

	EXPECT_EQ(0, close(fd));
}

TEST(unknown_ioctl_is_enotty)
{
	int fd = open_dev(_metadata);

	errno = 0;
	EXPECT_EQ(-1, ioctl(fd, NPIPE_IOC_UNKNOWN, 0));
	EXPECT_EQ(ENOTTY, errno);
	close(fd);
}

TEST(not_seekable)
{
	int fd = open_dev(_metadata);

	errno = 0;
	EXPECT_EQ(-1, lseek(fd, 0, SEEK_SET));
	EXPECT_EQ(ESPIPE, errno);
	close(fd);
}

/*
 * Every handle pins the module: with the control fd closed and only a pipe
 * instance, an anonymous pipe end or a mailslot open, unloading is refused
 * (EWOULDBLOCK, as rmmod of a busy module) and the handles keep working.
 */
static void check_pinned(struct __test_metadata *_metadata, int fd)
{
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_delete_module, "npipe", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	EXPECT_EQ(0, access(NPIPE_DEV, F_OK));
	EXPECT_EQ(0, fcntl(fd, F_GETFD) < 0);
}

TEST(open_handles_pin_the_module)
{
	const char name[] = "device-pin";
	struct npipe_create c = {
		.name = (unsigned long)name,
		.name_len = sizeof(name) - 1,
		.flags = NPIPE_CREATE_DUPLEX,
		.max_instances = 1,
	};
	struct npipe_mailslot_create m = {
		.name = (unsigned long)name,
		.name_len = sizeof(name) - 1,
	};
	struct npipe_anon a = { 0 };
	struct npipe_info info;
	int ctl = open_dev(_metadata), srv, ms;

	srv = ioctl(ctl, NPIPE_IOC_CREATE, &c);
	ASSERT_LE(0, srv);
	ASSERT_EQ(0, ioctl(ctl, NPIPE_IOC_CREATE_ANON, &a));
	ms = ioctl(ctl, NPIPE_IOC_MAILSLOT_CREATE, &m);
	ASSERT_LE(0, ms);
	ASSERT_EQ(0, close(ctl));

	check_pinned(_metadata, srv);
	EXPECT_EQ(0, ioctl(srv, NPIPE_IOC_GET_INFO, &info));
	EXPECT_EQ((__u32)NPIPE_STATE_LISTENING, info.state);
	close(srv);
	close(a.write_fd);
	check_pinned(_metadata, a.read_fd);
	close(a.read_fd);
	check_pinned(_metadata, ms);
	close(ms);
}

TEST_HARNESS_MAIN
