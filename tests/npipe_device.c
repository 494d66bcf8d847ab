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

TEST_HARNESS_MAIN
