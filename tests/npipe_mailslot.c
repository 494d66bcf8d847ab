// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: mailslots (NPIPE_IOC_MAILSLOT_*; spec section 11).
 *
 * The header's contract (struct npipe_mailslot_create and the notes at
 * NPIPE_IOC_MAILSLOT_OPEN): a name space of its own; one reader per name
 * (EEXIST for a second); writers open by name (ENOENT if none); each write
 * is one message, each read one whole message in arrival order across
 * writers; a buffer too small is ENOBUFS and keeps the message; an expired
 * read timeout is ETIMEDOUT, and a read waiting with a finite timeout fails
 * with EINTR on a signal rather than restarting; writes on the reader and
 * reads on a writer are EACCES; a message above max_msg_size (424 bytes for
 * _BROADCAST), like one above the module's max_msg_size, is EMSGSIZE;
 * GET_INFO and SET_TIMEOUT work on the reader only (else EINVAL); the name
 * and the unread messages go with the reader's file, writers then fail
 * with ESHUTDOWN; unread messages are bounded by max_overquota (writers
 * wait, or get EAGAIN in NOWAIT mode).
 */
#include <sys/resource.h>
#include "npipe_test.h"

#define RW_EVENTS	(POLLIN | POLLOUT | POLLHUP | POLLERR)
#define OTHER_UID	65534
#define OTHER_GID	65534
#define NO_MSG		NPIPE_MAILSLOT_NO_MESSAGE
#define FOREVER		NPIPE_MAILSLOT_WAIT_FOREVER
#define W		NPIPE_OPEN_WRITE

/* ---- helpers ------------------------------------------------------------ */

static int ms_create_ex(int ctl, const char *name, __u32 len, __u32 max,
			__u64 timeout, __u32 mode, __u32 pad)
{
	struct npipe_mailslot_create c = {
		.name = (uintptr_t)name,
		.read_timeout = timeout,
		.name_len = len,
		.max_msg_size = max,
		.mode = mode,
		.pad = pad,
	};

	return np_err(ioctl(ctl, NPIPE_IOC_MAILSLOT_CREATE, &c));
}

static int ms_create_mode(int ctl, const char *name, __u32 max, __u64 timeout,
			  __u32 mode)
{
	return ms_create_ex(ctl, name, (__u32)strlen(name), max, timeout, mode, 0);
}

static int ms_create(int ctl, const char *name, __u32 max, __u64 timeout)
{
	return ms_create_mode(ctl, name, max, timeout, 0);
}

static int ms_open_len(int ctl, const char *name, __u32 len, __u32 flags)
{
	struct npipe_open o = {
		.name = (uintptr_t)name,
		.name_len = len,
		.flags = flags,
	};

	return np_err(ioctl(ctl, NPIPE_IOC_MAILSLOT_OPEN, &o));
}

static int ms_open(int ctl, const char *name, __u32 flags)
{
	return ms_open_len(ctl, name, (__u32)strlen(name), flags);
}

static int ms_info(int fd, struct npipe_mailslot_info *info)
{
	memset(info, 0xcc, sizeof(*info));
	return np_err(ioctl(fd, NPIPE_IOC_MAILSLOT_GET_INFO, info));
}

static int ms_set_timeout(int fd, __u64 timeout)
{
	return np_err(ioctl(fd, NPIPE_IOC_MAILSLOT_SET_TIMEOUT, &timeout));
}

/* GET_INFO and compare every field. */
#define check_ms_info(fd, max_, next_, nr_, timeout_) ({ \
	struct npipe_mailslot_info __i; \
	EXPECT_EQ(0, ms_info((fd), &__i)); \
	EXPECT_EQ((__u32)(max_), __i.max_msg_size); \
	EXPECT_EQ((__u32)(next_), __i.next_size); \
	EXPECT_EQ((__u32)(nr_), __i.nr_msgs); \
	EXPECT_EQ((__u64)(timeout_), __i.read_timeout); \
	EXPECT_EQ(0U, __i.pad); \
})

/* write(2) one message, expect all of it. */
#define check_ms_write(fd, str) ({ \
	const char *__s = (str); \
	EXPECT_EQ((int)strlen(__s), np_syswrite((fd), __s, strlen(__s))); \
})

/* read(2) with a buffer of @len: expect exactly @data, nothing beyond. */
#define check_ms_read(fd, len, data) ({ \
	char __b[(len) + 1]; \
	const char *__d = (data); \
	memset(__b, 0xcc, sizeof(__b)); \
	EXPECT_EQ((int)strlen(__d), np_sysread((fd), __b, (len))); \
	EXPECT_EQ(0, memcmp(__b, __d, strlen(__d))); \
	EXPECT_EQ((char)0xcc, __b[strlen(__d)]); \
})

/* A name unique to this test and process. */
#define MS_NAME(var) \
	char var[200]; \
	np_mkname(var, sizeof(var), _metadata->name)

/* ---- creating and opening ---------------------------------------------- */

TEST_F(npipe, ms_create_and_info)
{
	static const struct { __u32 max; __u64 timeout; } v[] = {
		{ 0, 0 }, { 1, 1 }, { 424, 300 * NP_MSEC },
		{ 65536, NP_SEC }, { ~0U, FOREVER }, { ~0U - 1, FOREVER - 1 },
	};
	int r, r2, before;
	unsigned int i;
	char name[220];
	MS_NAME(base);

	before = np_count_fds();
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(name, sizeof(name), "%s-%u", base, i);
		r = ms_create(self->ctl, name, v[i].max, v[i].timeout);
		ASSERT_LE(0, r) TH_LOG("create: %s", strerror(-r));
		EXPECT_NE(self->ctl, r);
		/* kept as given */
		check_ms_info(r, v[i].max, NO_MSG, 0, v[i].timeout);
		/* a fresh fd each time */
		r2 = ms_create(self->ctl, base, 0, 0);
		ASSERT_LE(0, r2);
		EXPECT_NE(r, r2);
		close(r2);
		close(r);
	}
	EXPECT_EQ(before, np_count_fds());
}

TEST_F(npipe, ms_create_exists)
{
	char upper[200];
	int r, w, before;
	unsigned int i;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	before = np_count_fds();
	/* one reader per name, whatever the case of the second's name */
	EXPECT_EQ(-EEXIST, ms_create(self->ctl, name, 0, 0));
	EXPECT_EQ(-EEXIST, ms_create(self->ctl, name, 100, FOREVER));
	for (i = 0; i <= strlen(name); i++)
		upper[i] = (name[i] >= 'a' && name[i] <= 'z') ? name[i] - 32 : name[i];
	EXPECT_EQ(-EEXIST, ms_create(self->ctl, upper, 0, 0));
	EXPECT_EQ(before, np_count_fds());
	/* the first reader is untouched */
	check_ms_info(r, 0, NO_MSG, 0, 0);
	w = ms_open(self->ctl, upper, W);
	ASSERT_LE(0, w);
	check_ms_write(w, "to the first");
	check_ms_info(r, 0, 12, 1, 0);
	check_ms_read(r, 64, "to the first");
	close(w);
	close(r);
}

TEST_F(npipe, ms_name_validation)
{
	char name[NPIPE_NAME_MAX + 2];
	int r, w, before;

	before = np_count_fds();
	memset(name, 'm', sizeof(name));
	snprintf(name, 40, "npt-msname-%d-", (int)getpid());
	name[strlen(name)] = 'm';
	name[60] = '/';
	name[NPIPE_NAME_MAX + 1] = 0;

	EXPECT_EQ(-EINVAL, ms_create_ex(self->ctl, name, 0, 0, 0, 0, 0));
	EXPECT_EQ(-ENAMETOOLONG, ms_create_ex(self->ctl, name, NPIPE_NAME_MAX + 1, 0, 0, 0, 0));
	EXPECT_EQ(-ENAMETOOLONG, ms_create_ex(self->ctl, name, ~0U, 0, 0, 0,
					      0));
	EXPECT_EQ(-EINVAL, ms_create(self->ctl, "a\\b", 0, 0));
	EXPECT_EQ(-EINVAL, ms_create(self->ctl, "\\", 0, 0));
	EXPECT_EQ(-EINVAL, ms_create_ex(self->ctl, "a\0b", 3, 0, 0, 0, 0));
	EXPECT_EQ(-EFAULT, ms_create_ex(self->ctl, np_ptr(NP_BAD_PTR), 5, 0, 0, 0, 0));
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_MAILSLOT_CREATE, np_ptr(NP_BAD_PTR))));
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_MAILSLOT_CREATE, np_ptr(NP_KERNEL_PTR))));

	EXPECT_EQ(-EINVAL, ms_open_len(self->ctl, name, 0, W));
	EXPECT_EQ(-ENAMETOOLONG, ms_open_len(self->ctl, name,
					     NPIPE_NAME_MAX + 1, W));
	EXPECT_EQ(-EINVAL, ms_open(self->ctl, "a\\b", W));
	EXPECT_EQ(-EFAULT, ms_open_len(self->ctl, np_ptr(NP_BAD_PTR), 5, W));
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_MAILSLOT_OPEN, np_ptr(NP_BAD_PTR))));
	EXPECT_EQ(before, np_count_fds());

	/* exactly NPIPE_NAME_MAX bytes is a name */
	r = ms_create_ex(self->ctl, name, NPIPE_NAME_MAX, 0, 0, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open_len(self->ctl, name, NPIPE_NAME_MAX, W);
	ASSERT_LE(0, w);
	/* '/' and other bytes are ordinary */
	check_ms_write(w, "long");
	check_ms_read(r, 8, "long");
	close(w);
	close(r);
}

TEST_F(npipe, ms_create_bad_args)
{
	int r, before;
	MS_NAME(name);

	before = np_count_fds();
	EXPECT_EQ(-EINVAL, ms_create_ex(self->ctl, name, strlen(name), 0, 0, 0,
					1));
	EXPECT_EQ(-EINVAL, ms_create_ex(self->ctl, name, strlen(name), 0, 0, 0, 0x80000000U));
	EXPECT_EQ(-EINVAL, ms_create_mode(self->ctl, name, 0, 0, 01000));
	EXPECT_EQ(-EINVAL, ms_create_mode(self->ctl, name, 0, 0, 04600));
	EXPECT_EQ(-EINVAL, ms_create_mode(self->ctl, name, 0, 0, ~0U));
	EXPECT_EQ(before, np_count_fds());
	/* none of them made the name */
	EXPECT_EQ(-ENOENT, ms_open(self->ctl, name, W));
	r = ms_create_mode(self->ctl, name, 0, 0, 0777);
	ASSERT_LE(0, r);
	close(r);
}

TEST_F(npipe, ms_open_bad_flags)
{
	static const __u32 bad[] = {
		NPIPE_MODE_MESSAGE_READ, 0x800, 0x1000, W | 0x80000000U, ~0U,
	};
	int r, before;
	unsigned int i;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	before = np_count_fds();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_EQ(-EINVAL, ms_open(self->ctl, name, bad[i])) TH_LOG("flags %#x", bad[i]);
	EXPECT_EQ(before, np_count_fds());
	close(r);
}

TEST_F(npipe, ms_open_missing)
{
	int before;
	MS_NAME(name);

	before = np_count_fds();
	EXPECT_EQ(-ENOENT, ms_open(self->ctl, name, W));
	EXPECT_EQ(-ENOENT, ms_open(self->ctl, name, 0));
	EXPECT_EQ(-ENOENT, ms_open(self->ctl, name, W | NPIPE_OPEN_BROADCAST));
	EXPECT_EQ(before, np_count_fds());
}

TEST_F(npipe, ms_separate_name_spaces)
{
	int srv, cli, r, w;
	char other[220];
	MS_NAME(name);

	/* a pipe is not a mailslot */
	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 4096, 4096, 0);
	ASSERT_LE(0, srv);
	EXPECT_EQ(-ENOENT, ms_open(self->ctl, name, W));
	/* a mailslot is not a pipe */
	snprintf(other, sizeof(other), "%s-other", name);
	r = ms_create(self->ctl, other, 0, 0);
	ASSERT_LE(0, r);
	EXPECT_EQ(-ENOENT, np_open(self->ctl, other, NP_RW));
	EXPECT_EQ(-ENOENT, np_wait(self->ctl, other, 0, 0));
	close(r);

	/* both may have the same name, and do not mix */
	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	check_write(cli, "to the pipe");
	check_ms_write(w, "to the slot");
	check_ms_info(r, 0, 11, 1, 0);
	check_peek(srv, 11, 0, 0);
	check_read(srv, 64, "to the pipe", 0);
	check_ms_read(r, 64, "to the slot");
	/* FIRST_INSTANCE is about pipes only */
	close(cli);
	close(srv);
	EXPECT_EQ(-ENOENT, np_open(self->ctl, name, NP_RW));
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX | NPIPE_CREATE_FIRST_INSTANCE,
			1, 0, 0, 0);
	ASSERT_LE(0, srv);
	close(srv);
	close(w);
	close(r);
}

TEST_F(npipe, ms_case_insensitive)
{
	char mixed[220], lower[220], upper[220], hi1[220], hi2[220];
	int r, w1, w2, r1, r2;
	unsigned int i;
	MS_NAME(name);

	snprintf(mixed, sizeof(mixed), "MiXeD-%s", name);
	for (i = 0; i <= strlen(mixed); i++) {
		lower[i] = (mixed[i] >= 'A' && mixed[i] <= 'Z') ? mixed[i] + 32 : mixed[i];
		upper[i] = (mixed[i] >= 'a' && mixed[i] <= 'z') ? mixed[i] - 32 : mixed[i];
	}
	r = ms_create(self->ctl, mixed, 0, 0);
	ASSERT_LE(0, r);
	w1 = ms_open(self->ctl, lower, W);
	ASSERT_LE(0, w1);
	w2 = ms_open(self->ctl, upper, W);
	ASSERT_LE(0, w2);
	check_ms_write(w1, "lower");
	check_ms_write(w2, "UPPER");
	check_ms_read(r, 16, "lower");
	check_ms_read(r, 16, "UPPER");
	close(w1);
	close(w2);
	close(r);

	/* bytes 0x80-0xff are compared exactly */
	snprintf(hi1, sizeof(hi1), "%s-\xc4", name);
	snprintf(hi2, sizeof(hi2), "%s-\xe4", name);
	r1 = ms_create(self->ctl, hi1, 0, 0);
	ASSERT_LE(0, r1);
	r2 = ms_create(self->ctl, hi2, 0, 0);
	ASSERT_LE(0, r2);
	close(r2);
	EXPECT_EQ(-ENOENT, ms_open(self->ctl, hi2, W));
	close(r1);
}

TEST_F(npipe, ms_cloexec)
{
	int r, w, wn;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	wn = ms_open(self->ctl, name, W | NPIPE_MODE_NOWAIT);
	ASSERT_LE(0, wn);
	EXPECT_EQ(FD_CLOEXEC, fcntl(r, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(FD_CLOEXEC, fcntl(w, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(FD_CLOEXEC, fcntl(wn, F_GETFD) & FD_CLOEXEC);
	/* NOWAIT is O_NONBLOCK */
	EXPECT_EQ(0, fcntl(r, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(0, fcntl(w, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(O_NONBLOCK, fcntl(wn, F_GETFL) & O_NONBLOCK);
	close(wn);
	close(w);
	close(r);
}

/* ---- messages ----------------------------------------------------------- */

TEST_F(npipe, ms_order_across_writers)
{
	int r, w1, w2, w3;
	pid_t pid;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w1 = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w1);
	w2 = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w2);
	check_ms_write(w1, "a1");
	check_ms_write(w2, "b-1");
	check_ms_write(w1, "a2");
	EXPECT_EQ(0, np_syswrite(w2, "", 0));
	check_ms_write(w2, "b-3");
	/* another process, its own writer */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		w3 = ms_open(self->ctl, name, W);
		if (w3 < 0)
			_exit(1);
		_exit(np_syswrite(w3, "child", 5) == 5 ? 0 : 2);
	}
	EXPECT_EQ(0, np_wait_exit(pid));
	check_ms_write(w1, "a3");
	check_ms_info(r, 0, 2, 7, 0);

	/* one whole message per read, in arrival order */
	check_ms_read(r, 64, "a1");
	check_ms_info(r, 0, 3, 6, 0);
	check_ms_read(r, 64, "b-1");
	check_ms_read(r, 64, "a2");
	check_ms_info(r, 0, 0, 4, 0);
	check_ms_read(r, 64, "");
	check_ms_read(r, 64, "b-3");
	check_ms_read(r, 64, "child");
	check_ms_read(r, 64, "a3");
	check_ms_info(r, 0, NO_MSG, 0, 0);
	EXPECT_EQ(-ETIMEDOUT, np_sysread(r, NULL, 0));
	close(w1);
	close(w2);
	close(r);
}

TEST_F(npipe, ms_zero_length)
{
	char buf[8];
	__u32 bytes, rem;
	int r, w;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	EXPECT_EQ(0, np_syswrite(w, "", 0));
	EXPECT_EQ(0, np_write(w, NULL, 0, &bytes));
	EXPECT_EQ(0U, bytes);
	check_ms_info(r, 0, 0, 2, 0);
	EXPECT_EQ(POLLIN, np_revents(r) & RW_EVENTS);
	/* a read returns it (0 bytes) and consumes it */
	memset(buf, 0xcc, sizeof(buf));
	EXPECT_EQ(0, np_sysread(r, buf, sizeof(buf)));
	EXPECT_EQ((char)0xcc, buf[0]);
	check_ms_info(r, 0, 0, 1, 0);
	/* a zero-sized buffer is big enough for it */
	EXPECT_EQ(0, np_read(r, NULL, 0, &bytes, &rem));
	EXPECT_EQ(0U, bytes);
	EXPECT_EQ(0U, rem);
	check_ms_info(r, 0, NO_MSG, 0, 0);
	EXPECT_EQ(0, np_revents(r) & RW_EVENTS);
	EXPECT_EQ(-ETIMEDOUT, np_sysread(r, buf, sizeof(buf)));
	close(w);
	close(r);
}

TEST_F(npipe, ms_buffer_too_small)
{
	char buf[16];
	__u32 bytes, rem;
	int r, w;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	check_ms_write(w, "0123456789");
	check_ms_write(w, "x");
	memset(buf, 0xcc, sizeof(buf));
	/* ERROR_INSUFFICIENT_BUFFER: nothing copied, the message stays */
	EXPECT_EQ(-ENOBUFS, np_sysread(r, buf, 9));
	EXPECT_EQ(-ENOBUFS, np_sysread(r, buf, 0));
	EXPECT_EQ(-ENOBUFS, np_read(r, buf, 9, &bytes, &rem));
	EXPECT_EQ(NP_SENTINEL, bytes);
	EXPECT_EQ(NP_SENTINEL, rem);
	EXPECT_EQ((char)0xcc, buf[0]);
	check_ms_info(r, 0, 10, 2, 0);
	/* exactly its size is enough */
	check_ms_read(r, 10, "0123456789");
	check_ms_info(r, 0, 1, 1, 0);
	EXPECT_EQ(-ENOBUFS, np_sysread(r, buf, 0));
	check_ms_read(r, 1, "x");
	check_ms_info(r, 0, NO_MSG, 0, 0);
	close(w);
	close(r);
}

TEST_F(npipe, ms_ioctl_io)
{
	struct npipe_io io;
	char buf[32];
	__u32 bytes, rem;
	int r, w;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	/* NPIPE_IOC_WRITE: one message, the bytes reported */
	EXPECT_EQ(0, np_write(w, "ioctl message", 13, &bytes));
	EXPECT_EQ(13U, bytes);
	check_ms_write(w, "second");
	check_ms_info(r, 0, 13, 2, 0);
	/* NPIPE_IOC_READ: one whole message, nothing remaining */
	memset(buf, 0xcc, sizeof(buf));
	EXPECT_EQ(0, np_read(r, buf, sizeof(buf), &bytes, &rem));
	EXPECT_EQ(13U, bytes);
	EXPECT_EQ(0U, rem);
	EXPECT_EQ(0, memcmp(buf, "ioctl message", 13));
	EXPECT_EQ((char)0xcc, buf[13]);
	memset(buf, 0xcc, sizeof(buf));
	EXPECT_EQ(0, np_read(r, buf, 6, &bytes, &rem));
	EXPECT_EQ(6U, bytes);
	EXPECT_EQ(0U, rem);
	EXPECT_EQ(0, memcmp(buf, "second", 6));
	/* timeout 0, nothing there */
	EXPECT_EQ(-ETIMEDOUT, np_read(r, buf, sizeof(buf), &bytes, &rem));
	EXPECT_EQ(NP_SENTINEL, bytes);

	/* npipe_io.flags must be 0 */
	memset(&io, 0, sizeof(io));
	io.buf = (uintptr_t)"x";
	io.len = 1;
	io.flags = 1;
	EXPECT_EQ(-EINVAL, np_err(ioctl(w, NPIPE_IOC_WRITE, &io)));
	check_ms_info(r, 0, NO_MSG, 0, 0);
	check_ms_write(w, "y");
	io.buf = (uintptr_t)buf;
	io.len = sizeof(buf);
	EXPECT_EQ(-EINVAL, np_err(ioctl(r, NPIPE_IOC_READ, &io)));
	check_ms_info(r, 0, 1, 1, 0);

	/* bad pointers: EFAULT, and nothing queued or consumed */
	EXPECT_EQ(-EFAULT, np_write(w, np_ptr(NP_BAD_PTR), 4, NULL));
	EXPECT_EQ(-EFAULT, np_syswrite(w, np_ptr(NP_BAD_PTR), 4));
	EXPECT_EQ(-EFAULT, np_err(ioctl(w, NPIPE_IOC_WRITE, np_ptr(NP_BAD_PTR))));
	check_ms_info(r, 0, 1, 1, 0);
	EXPECT_EQ(-EFAULT, np_read(r, np_ptr(NP_BAD_PTR), 4, NULL, NULL));
	EXPECT_EQ(-EFAULT, np_sysread(r, np_ptr(NP_KERNEL_PTR), 4));
	EXPECT_EQ(-EFAULT, np_err(ioctl(r, NPIPE_IOC_READ, np_ptr(NP_BAD_PTR))));
	check_ms_info(r, 0, 1, 1, 0);
	check_ms_read(r, 4, "y");
	close(w);
	close(r);
}

TEST_F(npipe, ms_wrong_end)
{
	char buf[16];
	__u32 bytes;
	int r, w, wr, ro, q;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	wr = ms_open(self->ctl, name, W | NPIPE_OPEN_READ);
	ASSERT_LE(0, wr);
	ro = ms_open(self->ctl, name, NPIPE_OPEN_READ);
	ASSERT_LE(0, ro);
	q = ms_open(self->ctl, name, 0);
	ASSERT_LE(0, q);

	/* the reader cannot write */
	EXPECT_EQ(-EACCES, np_syswrite(r, "x", 1));
	EXPECT_EQ(-EACCES, np_write(r, "x", 1, &bytes));
	EXPECT_EQ(NP_SENTINEL, bytes);
	EXPECT_EQ(-EACCES, np_syswrite(r, "", 0));
	check_ms_info(r, 0, NO_MSG, 0, 0);

	/* writers cannot read, even with NPIPE_OPEN_READ, even with mail there */
	check_ms_write(wr, "msg");
	memset(buf, 0xcc, sizeof(buf));
	EXPECT_EQ(-EACCES, np_sysread(w, buf, sizeof(buf)));
	EXPECT_EQ(-EACCES, np_read(w, buf, sizeof(buf), &bytes, NULL));
	EXPECT_EQ(-EACCES, np_sysread(wr, buf, sizeof(buf)));
	EXPECT_EQ(-EACCES, np_read(wr, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(-EACCES, np_sysread(ro, buf, sizeof(buf)));
	EXPECT_EQ(-EACCES, np_sysread(q, buf, sizeof(buf)));
	EXPECT_EQ((char)0xcc, buf[0]);
	check_ms_info(r, 0, 3, 1, 0);

	/* without NPIPE_OPEN_WRITE a writer cannot write */
	EXPECT_EQ(-EACCES, np_syswrite(ro, "x", 1));
	EXPECT_EQ(-EACCES, np_write(ro, "x", 1, NULL));
	EXPECT_EQ(-EACCES, np_syswrite(q, "x", 1));
	EXPECT_EQ(-EACCES, np_syswrite(q, "", 0));
	check_ms_info(r, 0, 3, 1, 0);
	check_ms_read(r, 16, "msg");
	close(q);
	close(ro);
	close(wr);
	close(w);
	close(r);
}

TEST_F(npipe, ms_info_and_timeout_reader_only)
{
	struct npipe_mailslot_info info;
	__u64 t = 5;
	int r, w;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 77, 123);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	EXPECT_EQ(-EINVAL, ms_info(w, &info));
	EXPECT_EQ(0xccccccccU, info.nr_msgs);
	EXPECT_EQ(-EINVAL, ms_set_timeout(w, 5));
	check_ms_info(r, 77, NO_MSG, 0, 123);
	/* bad pointers */
	EXPECT_EQ(-EFAULT, np_err(ioctl(r, NPIPE_IOC_MAILSLOT_GET_INFO, np_ptr(NP_BAD_PTR))));
	EXPECT_EQ(-EFAULT, np_err(ioctl(r, NPIPE_IOC_MAILSLOT_SET_TIMEOUT, np_ptr(NP_BAD_PTR))));
	check_ms_info(r, 77, NO_MSG, 0, 123);
	/* not ioctls of the control fd */
	EXPECT_EQ(-ENOTTY, np_err(ioctl(self->ctl, NPIPE_IOC_MAILSLOT_GET_INFO, &info)));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(self->ctl, NPIPE_IOC_MAILSLOT_SET_TIMEOUT, &t)));
	close(w);
	close(r);
}

TEST_F(npipe, ms_pipe_ioctls_refused)
{
	struct npipe_info pinfo;
	struct npipe_peek p;
	struct npipe_open o;
	__u32 mode = 0;
	int r, w, fd, i;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	check_ms_write(w, "keep");
	/* ERROR_INVALID_FUNCTION: not an ioctl of this kind of fd */
	for (i = 0; i < 2; i++) {
		fd = i ? w : r;
		EXPECT_EQ(-ENOTTY, np_peek(fd, NULL, 0, &p));
		EXPECT_EQ(-ENOTTY, np_connect(fd));
		EXPECT_EQ(-ENOTTY, np_disconnect(fd));
		EXPECT_EQ(-ENOTTY, np_flush(fd));
		EXPECT_EQ(-ENOTTY, np_info(fd, &pinfo));
		EXPECT_EQ(-ENOTTY, np_err(ioctl(fd, NPIPE_IOC_SET_MODE, &mode)));
		EXPECT_EQ(-ENOTTY, np_transact(fd, "x", 1, NULL, 0, NULL, NULL, NULL));
		memset(&o, 0, sizeof(o));
		o.name = (uintptr_t)name;
		o.name_len = strlen(name);
		o.flags = W;
		EXPECT_EQ(-ENOTTY, np_err(ioctl(fd, NPIPE_IOC_MAILSLOT_OPEN, &o)));
	}
	check_ms_info(r, 0, 4, 1, 0);
	close(w);
	close(r);
}

/* ---- size limits -------------------------------------------------------- */

TEST_F(npipe, ms_max_msg_size)
{
	static char big[65536];
	__u32 bytes;
	int r, w;
	char any[220];
	MS_NAME(name);

	r = ms_create(self->ctl, name, 10, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	check_ms_write(w, "0123456789");
	/* refused whole, nothing queued */
	EXPECT_EQ(-EMSGSIZE, np_syswrite(w, "0123456789A", 11));
	EXPECT_EQ(-EMSGSIZE, np_write(w, "0123456789A", 11, &bytes));
	EXPECT_EQ(NP_SENTINEL, bytes);
	EXPECT_EQ(-EMSGSIZE, np_syswrite(w, big, sizeof(big)));
	check_ms_info(r, 10, 10, 1, 0);
	EXPECT_EQ(0, np_syswrite(w, "", 0));
	check_ms_info(r, 10, 10, 2, 0);
	check_ms_read(r, 64, "0123456789");
	check_ms_read(r, 64, "");
	close(w);
	close(r);

	/* 0: any size (up to the module's max_msg_size) */
	snprintf(any, sizeof(any), "%s-any", name);
	r = ms_create(self->ctl, any, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, any, W);
	ASSERT_LE(0, w);
	np_fill(big, sizeof(big), 3);
	EXPECT_EQ((int)sizeof(big), np_syswrite(w, big, sizeof(big)));
	check_ms_info(r, 0, sizeof(big), 1, 0);
	{
		static char dst[65536 + 1];

		memset(dst, 0xcc, sizeof(dst));
		EXPECT_EQ(-ENOBUFS, np_sysread(r, dst, sizeof(big) - 1));
		EXPECT_EQ((int)sizeof(big), np_sysread(r, dst, sizeof(dst)));
		EXPECT_EQ(0, memcmp(dst, big, sizeof(big)));
		EXPECT_EQ((char)0xcc, dst[sizeof(big)]);
	}
	close(w);
	close(r);
}

TEST_F(npipe, ms_module_max_msg_size)
{
	unsigned long long max;
	char *buf;
	int r, w;
	MS_NAME(name);

	if (param_read("max_msg_size", &max))
		SKIP(return, "no %s/max_msg_size", NP_PARAM_DIR);
	ASSERT_GT(1ULL << 26, max);
	buf = calloc(1, max + 1);
	ASSERT_NE(NULL, buf);
	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	/* the module's limit on any write is EMSGSIZE, as for pipes */
	EXPECT_EQ(-EMSGSIZE, np_syswrite(w, buf, max + 1));
	EXPECT_EQ(-EMSGSIZE, np_write(w, buf, ~0U, NULL));
	check_ms_info(r, 0, NO_MSG, 0, 0);
	EXPECT_EQ((int)max, np_syswrite(w, buf, max));
	check_ms_info(r, 0, max, 1, 0);
	free(buf);
	close(w);
	close(r);
}

TEST_F(npipe, ms_broadcast_limit)
{
	static char buf[NPIPE_MAILSLOT_BROADCAST_MAX + 2];
	char name2[220];
	__u32 bytes;
	int r, b, w;
	MS_NAME(name);

	np_fill(buf, sizeof(buf), 9);
	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	b = ms_open(self->ctl, name, W | NPIPE_OPEN_BROADCAST);
	ASSERT_LE(0, b);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	/* \\*\mailslot\: delivered locally, at most 424 bytes */
	EXPECT_EQ(424, np_syswrite(b, buf, 424));
	EXPECT_EQ(-EMSGSIZE, np_syswrite(b, buf, 425));
	EXPECT_EQ(-EMSGSIZE, np_write(b, buf, 425, &bytes));
	EXPECT_EQ(NP_SENTINEL, bytes);
	EXPECT_EQ(0, np_write(b, buf, 1, &bytes));
	EXPECT_EQ(1U, bytes);
	EXPECT_EQ(0, np_syswrite(b, "", 0));
	/* a plain writer of the same mailslot is not limited */
	EXPECT_EQ(425, np_syswrite(w, buf, 425));
	check_ms_info(r, 0, 424, 4, 0);
	{
		char dst[NPIPE_MAILSLOT_BROADCAST_MAX + 2];

		EXPECT_EQ(424, np_sysread(r, dst, sizeof(dst)));
		EXPECT_EQ(0, memcmp(dst, buf, 424));
		EXPECT_EQ(1, np_sysread(r, dst, sizeof(dst)));
		EXPECT_EQ(0, np_sysread(r, dst, sizeof(dst)));
		EXPECT_EQ(425, np_sysread(r, dst, sizeof(dst)));
	}
	check_ms_info(r, 0, NO_MSG, 0, 0);
	close(w);
	close(b);
	close(r);

	/* a larger max_msg_size does not lift the broadcast limit */
	snprintf(name2, sizeof(name2), "%s-big", name);
	r = ms_create(self->ctl, name2, 1000, 0);
	ASSERT_LE(0, r);
	b = ms_open(self->ctl, name2, W | NPIPE_OPEN_BROADCAST);
	ASSERT_LE(0, b);
	EXPECT_EQ(-EMSGSIZE, np_syswrite(b, buf, 425));
	EXPECT_EQ(424, np_syswrite(b, buf, 424));
	close(b);
	close(r);

	/* A smaller max_msg_size also binds a broadcast writer. */
	r = ms_create(self->ctl, name, 100, 0);
	ASSERT_LE(0, r);
	b = ms_open(self->ctl, name, W | NPIPE_OPEN_BROADCAST);
	ASSERT_LE(0, b);
	EXPECT_EQ(-EMSGSIZE, np_syswrite(b, buf, 200));
	EXPECT_EQ(100, np_syswrite(b, buf, 100));
	check_ms_info(r, 100, 100, 1, 0);
	close(b);
	close(r);
}

/* ---- read timeouts ------------------------------------------------------ */

TEST_F(npipe, ms_timeout_zero)
{
	char buf[8];
	__u64 t0;
	int r;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	t0 = np_now();
	/* ERROR_SEM_TIMEOUT at once, not "no data" */
	EXPECT_EQ(-ETIMEDOUT, np_sysread(r, buf, sizeof(buf)));
	EXPECT_EQ(-ETIMEDOUT, np_read(r, buf, sizeof(buf), NULL, NULL));
	EXPECT_GT(t0 + NP_DONE_MS * NP_MSEC, np_now());
	close(r);
}

static void timed_read(struct __test_metadata *_metadata, int fd,
		       __u64 expect_ns, enum np_op op)
{
	struct np_async rd = { .op = op };
	char buf[8];
	__u64 t0;

	np_async_io(&rd, fd, buf, sizeof(buf));
	t0 = np_now();
	ASSERT_EQ(0, np_async_start(&rd));
	ASSERT_EQ(0, np_async_join(&rd, expect_ns / NP_MSEC + NP_DONE_MS));
	EXPECT_EQ(-ETIMEDOUT, rd.ret);
	/* no earlier than the timeout (less a little), not absurdly late */
	EXPECT_LE(t0 + expect_ns - 50 * NP_MSEC, rd.t_end);
	EXPECT_GT(t0 + expect_ns + NP_DONE_MS * NP_MSEC, rd.t_end);
}

TEST_F(npipe, ms_timeout_finite)
{
	int r;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 300 * NP_MSEC);
	ASSERT_LE(0, r);
	timed_read(_metadata, r, 300 * NP_MSEC, NP_OP_SYSREAD);
	timed_read(_metadata, r, 300 * NP_MSEC, NP_OP_READ);
	check_ms_info(r, 0, NO_MSG, 0, 300 * NP_MSEC);
	close(r);
}

TEST_F(npipe, ms_timeout_finite_woken)
{
	struct np_async rd = { .op = NP_OP_SYSREAD };
	char buf[16];
	int r, w;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 20 * NP_SEC);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	memset(buf, 0xcc, sizeof(buf));
	np_async_io(&rd, r, buf, sizeof(buf));
	NP_START_BLOCKED(&rd);
	check_ms_write(w, "in time");
	NP_DONE(&rd);
	EXPECT_EQ(7, rd.ret);
	EXPECT_EQ(0, memcmp(buf, "in time", 7));
	EXPECT_EQ((char)0xcc, buf[7]);
	check_ms_info(r, 0, NO_MSG, 0, 20 * NP_SEC);
	close(w);
	close(r);
}

TEST_F(npipe, ms_wait_forever)
{
	struct np_async rd = { .op = NP_OP_READ };
	char buf[16];
	int r, w;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, FOREVER);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	memset(buf, 0xcc, sizeof(buf));
	np_async_io(&rd, r, buf, sizeof(buf));
	NP_START_BLOCKED(&rd);
	NP_BLOCKED(&rd);
	check_ms_write(w, "finally");
	check_async(&rd, 0, 7, 0);
	EXPECT_EQ(0, memcmp(buf, "finally", 7));
	EXPECT_EQ((char)0xcc, buf[7]);

	/* an empty message wakes it too */
	rd.op = NP_OP_SYSREAD;
	NP_START_BLOCKED(&rd);
	EXPECT_EQ(0, np_syswrite(w, "", 0));
	NP_DONE(&rd);
	EXPECT_EQ(0, rd.ret);
	check_ms_info(r, 0, NO_MSG, 0, FOREVER);
	close(w);
	close(r);
}

TEST_F(npipe, ms_two_waiting_readers_one_message)
{
	struct np_async a = { .op = NP_OP_SYSREAD }, b = { .op = NP_OP_SYSREAD };
	char ba[16], bb[16];
	int r, r2, w, i;
	struct np_async *first, *second;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, FOREVER);
	ASSERT_LE(0, r);
	r2 = dup(r);
	ASSERT_LE(0, r2);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	a.fd = r;
	b.fd = r2;
	a.buf = ba;
	b.buf = bb;
	a.len = b.len = sizeof(ba);
	NP_START_BLOCKED(&a);
	NP_START_BLOCKED(&b);
	check_ms_write(w, "one");
	/* exactly one of them gets it; the other goes on waiting */
	first = second = NULL;
	for (i = 0; i < NP_DONE_MS / 10 && !first; i++) {
		if (np_async_join(&a, 0) == 0) {
			first = &a;
			second = &b;
		} else if (np_async_join(&b, 0) == 0) {
			first = &b;
			second = &a;
		} else {
			np_msleep(10);
		}
	}
	ASSERT_NE(NULL, first) TH_LOG("neither reader returned");
	EXPECT_EQ(3, first->ret);
	EXPECT_EQ(0, memcmp(first->buf, "one", 3));
	NP_BLOCKED(second);
	check_ms_write(w, "two");
	NP_DONE(second);
	EXPECT_EQ(3, second->ret);
	EXPECT_EQ(0, memcmp(second->buf, "two", 3));
	check_ms_info(r, 0, NO_MSG, 0, FOREVER);
	close(w);
	close(r2);
	close(r);
}

TEST_F(npipe, ms_set_timeout_used_by_reads)
{
	struct np_async rd = { .op = NP_OP_SYSREAD };
	char buf[16];
	__u64 t0;
	int r, w;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, FOREVER);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);

	/* 0: fails at once */
	EXPECT_EQ(0, ms_set_timeout(r, 0));
	check_ms_info(r, 0, NO_MSG, 0, 0);
	t0 = np_now();
	EXPECT_EQ(-ETIMEDOUT, np_sysread(r, buf, sizeof(buf)));
	EXPECT_GT(t0 + NP_DONE_MS * NP_MSEC, np_now());

	/* a finite timeout is used by the next read */
	EXPECT_EQ(0, ms_set_timeout(r, 200 * NP_MSEC));
	check_ms_info(r, 0, NO_MSG, 0, 200 * NP_MSEC);
	timed_read(_metadata, r, 200 * NP_MSEC, NP_OP_SYSREAD);

	/* and forever again */
	EXPECT_EQ(0, ms_set_timeout(r, FOREVER));
	check_ms_info(r, 0, NO_MSG, 0, FOREVER);
	np_async_io(&rd, r, buf, sizeof(buf));
	NP_START_BLOCKED(&rd);
	NP_BLOCKED(&rd);
	check_ms_write(w, "late");
	NP_DONE(&rd);
	EXPECT_EQ(4, rd.ret);

	/* messages waiting: the timeout does not matter */
	EXPECT_EQ(0, ms_set_timeout(r, 0));
	check_ms_write(w, "there");
	check_ms_read(r, 16, "there");
	/* any value is kept as given */
	EXPECT_EQ(0, ms_set_timeout(r, FOREVER - 1));
	check_ms_info(r, 0, NO_MSG, 0, FOREVER - 1);
	close(w);
	close(r);
}

/* ---- signals ------------------------------------------------------------ */

static void ms_signal_read(struct __test_metadata *_metadata, int ctl,
			   int restart, __u64 timeout, enum np_op op)
{
	struct np_async rd = { .op = op };
	char buf[16];
	int r, w;
	MS_NAME(name);

	ASSERT_EQ(0, np_sig_setup(restart));
	r = ms_create(ctl, name, 0, timeout);
	ASSERT_LE(0, r);
	w = ms_open(ctl, name, W);
	ASSERT_LE(0, w);
	memset(buf, 0xcc, sizeof(buf));
	np_async_io(&rd, r, buf, sizeof(buf));
	NP_START_BLOCKED(&rd);
	ASSERT_EQ(0, pthread_kill(rd.thread, SIGUSR1));
	if (restart && timeout == FOREVER) {
		/* restarted: still waiting, then gets the message */
		NP_BLOCKED(&rd);
		EXPECT_EQ(1, np_sig_count);
		check_ms_write(w, "data");
		NP_DONE(&rd);
		if (op == NP_OP_READ) {
			EXPECT_EQ(0, rd.ret);
			EXPECT_EQ(4U, rd.bytes);
			EXPECT_EQ(0U, rd.remaining);
		} else {
			EXPECT_EQ(4, rd.ret);
		}
		EXPECT_EQ(0, memcmp(buf, "data", 4));
	} else {
		/* no restart, or a finite timeout that a restart would extend */
		NP_DONE(&rd);
		EXPECT_EQ(-EINTR, rd.ret);
		EXPECT_EQ(1, np_sig_count);
		EXPECT_EQ((char)0xcc, buf[0]);
		/* nothing consumed: the next message is read whole */
		check_ms_write(w, "data");
		check_ms_info(r, 0, 4, 1, timeout);
		check_ms_read(r, 16, "data");
	}
	check_ms_info(r, 0, NO_MSG, 0, timeout);
	close(w);
	close(r);
}

NP_TEST_CASE(ms_signal_forever_restart, ms_signal_read, 1, FOREVER, NP_OP_SYSREAD)
NP_TEST_CASE(ms_signal_forever_restart_ioctl, ms_signal_read, 1, FOREVER, NP_OP_READ)
NP_TEST_CASE(ms_signal_forever_no_restart, ms_signal_read, 0, FOREVER, NP_OP_SYSREAD)
NP_TEST_CASE(ms_signal_forever_no_restart_ioctl, ms_signal_read, 0, FOREVER, NP_OP_READ)
NP_TEST_CASE(ms_signal_finite_restart, ms_signal_read, 1, 60 * NP_SEC, NP_OP_SYSREAD)
NP_TEST_CASE(ms_signal_finite_restart_ioctl, ms_signal_read, 1, 60 * NP_SEC, NP_OP_READ)
NP_TEST_CASE(ms_signal_finite_no_restart, ms_signal_read, 0, 60 * NP_SEC, NP_OP_SYSREAD)

/* ---- the reader's lifetime ---------------------------------------------- */

TEST_F(npipe, ms_reader_close)
{
	__u32 bytes;
	int r, w, w2, r2, wn;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	check_ms_write(w, "unread 1");
	check_ms_write(w, "unread 2");
	close(r);

	/* the name went with the reader */
	EXPECT_EQ(-ENOENT, ms_open(self->ctl, name, W));
	/* and writers fail clearly, by ioctl or write(2) */
	EXPECT_EQ(-ESHUTDOWN, np_write(w, "late", 4, &bytes));
	EXPECT_EQ(NP_SENTINEL, bytes);
	EXPECT_EQ(-ESHUTDOWN, np_syswrite(w, "late", 4));
	EXPECT_EQ(-ESHUTDOWN, np_syswrite(w, "", 0));
	EXPECT_EQ(POLLERR | POLLHUP, np_revents(w) & RW_EVENTS);

	/* a new reader of the name starts empty; old writers stay dead */
	r2 = ms_create(self->ctl, name, 5, 0);
	ASSERT_LE(0, r2);
	check_ms_info(r2, 5, NO_MSG, 0, 0);
	EXPECT_EQ(-ESHUTDOWN, np_syswrite(w, "old", 3));
	check_ms_info(r2, 5, NO_MSG, 0, 0);
	w2 = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w2);
	check_ms_write(w2, "new");
	check_ms_read(r2, 8, "new");
	close(r2);
	/* NOWAIT writers too */
	r2 = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r2);
	wn = ms_open(self->ctl, name, W | NPIPE_MODE_NOWAIT);
	ASSERT_LE(0, wn);
	close(r2);
	EXPECT_EQ(-ESHUTDOWN, np_syswrite(wn, "x", 1));
	EXPECT_EQ(-ESHUTDOWN, np_syswrite(w2, "x", 1));
	close(wn);
	close(w2);
	close(w);
}

TEST_F(npipe, ms_reader_last_handle)
{
	int r, r2, w, go;
	pid_t pid;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	check_ms_write(w, "kept");
	/* a dup keeps the reader */
	r2 = dup(r);
	ASSERT_LE(0, r2);
	close(r);
	check_ms_write(w, "kept too");
	check_ms_info(r2, 0, 4, 2, 0);
	check_ms_read(r2, 16, "kept");

	/* so does a child's copy */
	pid = np_fork_held(&go);
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(0);
	close(r2);
	EXPECT_EQ(0, np_revents(w) & (POLLERR | POLLHUP));
	check_ms_write(w, "third");
	r = ms_open(self->ctl, name, W);
	ASSERT_LE(0, r);
	close(r);
	ASSERT_EQ(1, write(go, "g", 1));
	EXPECT_EQ(0, np_wait_exit(pid));
	/* the last copy went */
	EXPECT_EQ(-ENOENT, ms_open(self->ctl, name, W));
	EXPECT_EQ(-ESHUTDOWN, np_syswrite(w, "x", 1));
	close(go);
	close(w);
}

TEST_F(npipe, ms_writer_close_keeps_messages)
{
	int r, w;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	check_ms_write(w, "left behind");
	close(w);
	check_ms_info(r, 0, 11, 1, 0);
	EXPECT_EQ(POLLIN, np_revents(r) & RW_EVENTS);
	check_ms_read(r, 16, "left behind");
	/* no writers at all is no error: just nothing to read */
	EXPECT_EQ(-ETIMEDOUT, np_sysread(r, NULL, 0));
	EXPECT_EQ(0, np_revents(r) & RW_EVENTS);
	close(r);
}

TEST_F(npipe, ms_poll)
{
	int r, w;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);
	/* the reader: readable when a message waits, never writable */
	EXPECT_EQ(0, np_revents(r) & RW_EVENTS);
	/* a writer: writable */
	EXPECT_EQ(POLLOUT, np_revents(w) & RW_EVENTS);
	check_ms_write(w, "m1");
	check_ms_write(w, "m2");
	EXPECT_EQ(POLLIN, np_revents(r) & RW_EVENTS);
	check_ms_read(r, 8, "m1");
	EXPECT_EQ(POLLIN, np_revents(r) & RW_EVENTS);
	check_ms_read(r, 8, "m2");
	EXPECT_EQ(0, np_revents(r) & RW_EVENTS);
	EXPECT_EQ(POLLOUT, np_revents(w) & RW_EVENTS);
	/* the reader gone: the writer has an error and a hang-up */
	close(r);
	EXPECT_EQ(POLLERR | POLLHUP, np_revents(w) & RW_EVENTS);
	close(w);
}

TEST_F(npipe, ms_epoll_wakeups)
{
	struct np_async e = { .op = NP_OP_EPOLL_WAIT };
	int r, w;
	MS_NAME(name);

	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);

	/* a message wakes a sleeper on the reader */
	e.fd = np_epoll_new(r, EPOLLIN);
	ASSERT_LE(0, e.fd);
	NP_START_BLOCKED(&e);
	check_ms_write(w, "wake");
	NP_DONE(&e);
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLIN, e.events & (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP));
	close(e.fd);

	/* the reader's close wakes a sleeper on a writer (error/hang-up only) */
	e.fd = np_epoll_new(w, 0);
	ASSERT_LE(0, e.fd);
	NP_START_BLOCKED(&e);
	close(r);
	NP_DONE(&e);
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)(EPOLLERR | EPOLLHUP), e.events & (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP));
	close(e.fd);
	close(w);
}

/* ---- access ------------------------------------------------------------- */

struct req {
	int ctl;
	const char *name;
	__u32 flags;
	const char *msg;
};

/* Open a writer as uid/gid in a child and write @msg; exit 0 or the errno. */
static int child_write(uid_t uid, gid_t gid, struct req *r)
{
	pid_t pid = fork();
	int fd, n;

	if (pid < 0)
		return -1;
	if (!pid) {
		if (np_become(uid, gid))
			_exit(200);
		fd = ms_open(r->ctl, r->name, r->flags);
		if (fd < 0)
			_exit(-fd);
		if (r->msg) {
			n = np_syswrite(fd, r->msg, strlen(r->msg));
			if (n < 0)
				_exit(100 + (-n & 0x3f));
			if (n != (int)strlen(r->msg))
				_exit(199);
		}
		_exit(0);
	}
	return np_wait_exit(pid);
}

/* Create a mailslot as uid/gid in a child; exit 0 or the errno. */
static int child_create(uid_t uid, gid_t gid, struct req *r)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -1;
	if (!pid) {
		if (np_become(uid, gid))
			_exit(200);
		fd = ms_create(r->ctl, r->name, 0, 0);
		_exit(fd < 0 ? -fd : 0);
	}
	return np_wait_exit(pid);
}

TEST_F(npipe, ms_access_default_mode)
{
	struct req q = { 0 };
	int r;
	MS_NAME(name);

	NP_REQUIRE_ROOT();
	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	q.ctl = self->ctl;
	q.name = name;
	q.msg = "intruder";
	/* 0600: another user may not open a writer */
	q.flags = W;
	EXPECT_EQ(EACCES, child_write(OTHER_UID, OTHER_GID, &q));
	q.flags = W | NPIPE_OPEN_BROADCAST;
	EXPECT_EQ(EACCES, child_write(OTHER_UID, OTHER_GID, &q));
	/* the same group does not help with 0600 */
	q.flags = W;
	EXPECT_EQ(EACCES, child_write(OTHER_UID, 0, &q));
	/* nor may another user take the name */
	EXPECT_EQ(EEXIST, child_create(OTHER_UID, OTHER_GID, &q));
	check_ms_info(r, 0, NO_MSG, 0, 0);
	/* the owner may */
	q.msg = "owner";
	EXPECT_EQ(0, child_write(0, 0, &q));
	check_ms_read(r, 16, "owner");
	close(r);
}

TEST_F(npipe, ms_access_mode_bits)
{
	struct req q = { 0 };
	char n1[220], n2[220], n3[220];
	int r1, r2, r3;
	MS_NAME(name);

	NP_REQUIRE_ROOT();
	snprintf(n1, sizeof(n1), "%s-0622", name);
	snprintf(n2, sizeof(n2), "%s-0644", name);
	snprintf(n3, sizeof(n3), "%s-0620", name);
	r1 = ms_create_mode(self->ctl, n1, 0, 0, 0622);
	ASSERT_LE(0, r1);
	r2 = ms_create_mode(self->ctl, n2, 0, 0, 0644);
	ASSERT_LE(0, r2);
	r3 = ms_create_mode(self->ctl, n3, 0, 0, 0620);
	ASSERT_LE(0, r3);
	q.ctl = self->ctl;
	q.flags = W;

	/* the write bit for others lets another user write */
	q.name = n1;
	q.msg = "from nobody";
	EXPECT_EQ(0, child_write(OTHER_UID, OTHER_GID, &q));
	check_ms_info(r1, 0, 11, 1, 0);
	check_ms_read(r1, 16, "from nobody");

	/* the read bit alone does not */
	q.name = n2;
	EXPECT_EQ(EACCES, child_write(OTHER_UID, OTHER_GID, &q));
	check_ms_info(r2, 0, NO_MSG, 0, 0);

	/* the group's write bit: the creator's group may, others not */
	q.name = n3;
	q.msg = "from the group";
	EXPECT_EQ(0, child_write(OTHER_UID, 0, &q));
	check_ms_read(r3, 16, "from the group");
	EXPECT_EQ(EACCES, child_write(OTHER_UID, OTHER_GID, &q));
	check_ms_info(r3, 0, NO_MSG, 0, 0);
	close(r3);
	close(r2);
	close(r1);
}

/* As another user: the owner's own bits apply to the owner too. */
static int owner_bits_child(int ctl, const char *base)
{
	char n1[220], n2[220];
	int r1, r2, w;

	if (np_become(OTHER_UID, OTHER_GID))
		return 100;
	snprintf(n1, sizeof(n1), "%s-0400", base);
	snprintf(n2, sizeof(n2), "%s-0200", base);
	r1 = ms_create_mode(ctl, n1, 0, 0, 0400);
	r2 = ms_create_mode(ctl, n2, 0, 0, 0200);
	if (r1 < 0 || r2 < 0)
		return 1;
	if (ms_open(ctl, n1, W) != -EACCES)
		return 2;
	w = ms_open(ctl, n2, W);
	if (w < 0)
		return 3;
	if (np_syswrite(w, "mine", 4) != 4)
		return 4;
	if (np_sysread(r2, NULL, 0) != -ENOBUFS)
		return 5;
	return 0;
}

TEST_F(npipe, ms_access_owner_bits)
{
	pid_t pid;
	MS_NAME(name);

	NP_REQUIRE_ROOT();
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(owner_bits_child(self->ctl, name));
	EXPECT_EQ(0, np_wait_exit(pid));
}

/* ---- limits ------------------------------------------------------------- */

TEST_F(npipe, ms_hard_cap_nowait)
{
	struct np_async wr = { .op = NP_OP_SYSWRITE };
	unsigned long long cap, maxmsg;
	char *buf, *dst;
	__u32 len;
	int r, wn, w, n, ret;
	MS_NAME(name);

	if (param_read("max_overquota", &cap) || param_read("max_msg_size", &maxmsg))
		SKIP(return, "no %s/max_overquota", NP_PARAM_DIR);
	if (cap < (1ULL << 19) || cap > (1ULL << 24))
		SKIP(return, "max_overquota %llu: not a size this test uses", cap);
	/*
	 * Messages of cap/16 less 1 KiB: 16 of them fit whatever the
	 * per-message overhead (up to 1 KiB), a 17th never does.
	 */
	len = (__u32)(cap / 16 - 1024);
	if (len > maxmsg)
		SKIP(return, "max_msg_size %llu < %u", maxmsg, len);
	buf = malloc(len);
	dst = malloc(len);
	ASSERT_NE(NULL, buf);
	ASSERT_NE(NULL, dst);
	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	wn = ms_open(self->ctl, name, W | NPIPE_MODE_NOWAIT);
	ASSERT_LE(0, wn);
	w = ms_open(self->ctl, name, W);
	ASSERT_LE(0, w);

	for (n = 0; n < 64; n++) {
		np_fill(buf, len, n);
		ret = np_syswrite(wn, buf, len);
		if (ret != (int)len)
			break;
	}
	EXPECT_EQ(-EAGAIN, ret);
	EXPECT_EQ(16, n);
	check_ms_info(r, 0, len, 16, 0);
	/* the refused message took nothing; the ioctl says the same */
	EXPECT_EQ(-EAGAIN, np_write(wn, buf, len, NULL));
	check_ms_info(r, 0, len, 16, 0);

	/* a read frees room for one more */
	EXPECT_EQ((int)len, np_sysread(r, dst, len));
	np_fill(buf, len, 0);
	EXPECT_EQ(0, memcmp(dst, buf, len));
	np_fill(buf, len, 100);
	EXPECT_EQ((int)len, np_syswrite(wn, buf, len));
	EXPECT_EQ(-EAGAIN, np_syswrite(wn, buf, len));
	check_ms_info(r, 0, len, 16, 0);

	/* a blocking writer waits for room instead */
	np_fill(buf, len, 101);
	np_async_io(&wr, w, buf, len);
	NP_START_BLOCKED(&wr);
	check_ms_info(r, 0, len, 16, 0);
	EXPECT_EQ((int)len, np_sysread(r, dst, len));
	NP_DONE(&wr);
	EXPECT_EQ((int)len, wr.ret);
	check_ms_info(r, 0, len, 16, 0);

	/* and fails clearly when the reader goes meanwhile */
	NP_START_BLOCKED(&wr);
	close(r);
	NP_DONE(&wr);
	EXPECT_EQ(-ESHUTDOWN, wr.ret);
	EXPECT_EQ(-ESHUTDOWN, np_syswrite(wn, buf, 1));
	free(buf);
	free(dst);
	close(w);
	close(wn);
}

/*
 * A writer waiting for room has queued nothing: a signal gives EINTR
 * without SA_RESTART and a restart with it, and the message is queued
 * once either way.
 */
static void ms_signal_writer(struct __test_metadata *_metadata, int ctl,
			     int restart)
{
	struct np_async wr = { .op = NP_OP_SYSWRITE };
	unsigned long long cap, maxmsg;
	char *buf, *dst;
	__u32 len;
	int r, w, n, flags;
	MS_NAME(name);

	if (param_read("max_overquota", &cap) || param_read("max_msg_size", &maxmsg))
		SKIP(return, "no %s/max_overquota", NP_PARAM_DIR);
	if (cap < (1ULL << 19) || cap > (1ULL << 24))
		SKIP(return, "max_overquota %llu: not a size this test uses", cap);
	len = (__u32)(cap / 16 - 1024);
	if (len > maxmsg)
		SKIP(return, "max_msg_size %llu < %u", maxmsg, len);
	ASSERT_EQ(0, np_sig_setup(restart));
	buf = malloc(len);
	dst = malloc(len);
	ASSERT_NE(NULL, buf);
	ASSERT_NE(NULL, dst);
	r = ms_create(ctl, name, 0, 0);
	ASSERT_LE(0, r);
	w = ms_open(ctl, name, W);
	ASSERT_LE(0, w);
	/* fill it through the same writer, made nonblocking with fcntl */
	flags = fcntl(w, F_GETFL);
	ASSERT_EQ(0, fcntl(w, F_SETFL, flags | O_NONBLOCK));
	np_fill(buf, len, 1);
	for (n = 0; n < 64; n++)
		if (np_syswrite(w, buf, len) != (int)len)
			break;
	EXPECT_EQ(16, n);
	EXPECT_EQ(-EAGAIN, np_syswrite(w, buf, len));
	ASSERT_EQ(0, fcntl(w, F_SETFL, flags));

	np_fill(buf, len, 2);
	np_async_io(&wr, w, buf, len);
	NP_START_BLOCKED(&wr);
	ASSERT_EQ(0, pthread_kill(wr.thread, SIGUSR1));
	if (restart) {
		NP_BLOCKED(&wr);
	} else {
		NP_DONE(&wr);
		EXPECT_EQ(-EINTR, wr.ret);
		check_ms_info(r, 0, len, 16, 0);
		NP_START_BLOCKED(&wr);
	}
	EXPECT_EQ(1, np_sig_count);
	EXPECT_EQ((int)len, np_sysread(r, dst, len));
	NP_DONE(&wr);
	EXPECT_EQ((int)len, wr.ret);
	/* queued once, last */
	check_ms_info(r, 0, len, 16, 0);
	for (n = 0; n < 15; n++)
		EXPECT_EQ((int)len, np_sysread(r, dst, len));
	memset(dst, 0, len);
	EXPECT_EQ((int)len, np_sysread(r, dst, len));
	EXPECT_EQ(0, memcmp(dst, buf, len));
	check_ms_info(r, 0, NO_MSG, 0, 0);
	free(buf);
	free(dst);
	close(w);
	close(r);
}

NP_TEST_CASE(ms_signal_blocked_writer_no_restart, ms_signal_writer, 0)
NP_TEST_CASE(ms_signal_blocked_writer_restart, ms_signal_writer, 1)

TEST_F(npipe, ms_fd_limit)
{
	struct rlimit old, lim;
	int r, w, lowest, before;
	MS_NAME(name);

	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &old));
	before = np_count_fds();
	lowest = fcntl(self->ctl, F_DUPFD, 0);
	ASSERT_LE(0, lowest);
	close(lowest);
	lim = old;
	lim.rlim_cur = (rlim_t)lowest;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &lim));
	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &old));
	EXPECT_EQ(-EMFILE, r);
	/* no name was left behind */
	EXPECT_EQ(-ENOENT, ms_open(self->ctl, name, W));
	EXPECT_EQ(before, np_count_fds());
	r = ms_create(self->ctl, name, 0, 0);
	ASSERT_LE(0, r);
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &lim));
	w = ms_open(self->ctl, name, W);
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &old));
	EXPECT_EQ(-EMFILE, w);
	EXPECT_EQ(before + 1, np_count_fds());
	close(r);
}

/* As another user (root is exempt): a mailslot counts as one pipe. */
static int ms_quota_child(int ctl, const char *base)
{
	char a[220], b[220], c[220];
	int ra, rb, rc;

	if (np_become(OTHER_UID, OTHER_GID))
		return 100;
	snprintf(a, sizeof(a), "%s-a", base);
	snprintf(b, sizeof(b), "%s-b", base);
	snprintf(c, sizeof(c), "%s-c", base);
	ra = ms_create(ctl, a, 0, 0);
	rb = ms_create(ctl, b, 0, 0);
	if (ra < 0 || rb < 0)
		return 1;
	if (ms_create(ctl, c, 0, 0) != -EDQUOT)
		return 2;
	/* the failed create left no name behind */
	if (ms_open(ctl, c, W) != -ENOENT)
		return 3;
	/* writers are not counted */
	if (ms_open(ctl, a, W) < 0 || ms_open(ctl, b, W) < 0)
		return 4;
	close(ra);
	rc = ms_create(ctl, c, 0, 0);
	if (rc < 0)
		return 5;
	return 0;
}

TEST_F(npipe, ms_max_user_pipes)
{
	unsigned long long old = 0;
	int status, fds[4], i, ok = 1;
	char n[240];
	pid_t pid;
	MS_NAME(name);

	NP_REQUIRE_PARAM("max_user_pipes");
	ASSERT_EQ(0, param_read("max_user_pipes", &old));
	ASSERT_EQ(0, param_write("max_user_pipes", 2));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(ms_quota_child(self->ctl, name));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	/* root (CAP_SYS_RESOURCE) is exempt */
	for (i = 0; i < 4; i++) {
		snprintf(n, sizeof(n), "%s-root-%d", name, i);
		fds[i] = ms_create(self->ctl, n, 0, 0);
		if (fds[i] < 0)
			ok = 0;
	}
	ASSERT_EQ(0, param_write("max_user_pipes", old));
	EXPECT_TRUE(ok);
	for (i = 0; i < 4; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

struct ms_rd {
	pthread_t thread;
	int fd;
	int ret;
	struct npipe_mailslot_read r;
};

static void *ms_rd_fn(void *arg)
{
	struct ms_rd *a = arg;

	a->ret = np_err(ioctl(a->fd, NPIPE_IOC_MAILSLOT_READ, &a->r));
	return NULL;
}

/* One MAILSLOT_READ in a thread, signalled (SIGUSR1) after @sig_ms if not 0. */
static int ms_rd_run(struct ms_rd *a, unsigned int sig_ms)
{
	if (pthread_create(&a->thread, NULL, ms_rd_fn, a))
		return -1;
	if (sig_ms) {
		np_msleep(sig_ms);
		pthread_kill(a->thread, SIGUSR1);
	}
	return pthread_join(a->thread, NULL);
}

/*
 * NPIPE_IOC_MAILSLOT_READ fixes an absolute deadline (written back, as
 * WAIT_DEFAULT does), so that a signal neither extends the read timeout
 * (a restart, or a call made again after EINTR, keeps the deadline) nor
 * shortens it.
 */
static void mailslot_read_deadline(struct __test_metadata *_metadata, int ctl,
				   int restart)
{
	struct ms_rd a = { 0 };
	char buf[16];
	__u64 t0;
	int r, w;
	MS_NAME(name);

	ASSERT_EQ(0, np_sig_setup(restart));
	r = ms_create(ctl, name, 0, 400 * NP_MSEC);
	ASSERT_LE(0, r);
	a.fd = r;
	a.r.buf = (uintptr_t)buf;
	a.r.len = sizeof(buf);
	a.r.flags = NPIPE_MAILSLOT_READ_DEFAULT;
	t0 = np_now();
	ASSERT_EQ(0, ms_rd_run(&a, 150));
	EXPECT_EQ(1, np_sig_count);
	EXPECT_EQ(0U, a.r.flags);
	EXPECT_LE(t0 + 400 * NP_MSEC, a.r.deadline);
	EXPECT_GE(t0 + 550 * NP_MSEC, a.r.deadline);
	if (!restart) {
		EXPECT_EQ(-EINTR, a.ret);
		/* called again: the same deadline, not a new timeout */
		ASSERT_EQ(0, ms_rd_run(&a, 0));
	}
	EXPECT_EQ(-ETIMEDOUT, a.ret);
	EXPECT_LE(a.r.deadline, np_now());
	EXPECT_GT(a.r.deadline + 1000 * NP_MSEC, np_now());

	/* a message, and the argument checks */
	w = ms_open(ctl, name, W);
	ASSERT_LE(0, w);
	check_ms_write(w, "data");
	a.r.flags = NPIPE_MAILSLOT_READ_DEFAULT;
	a.r.bytes = NP_SENTINEL;
	ASSERT_EQ(0, ms_rd_run(&a, 0));
	EXPECT_EQ(0, a.ret);
	EXPECT_EQ(4U, a.r.bytes);
	EXPECT_EQ(0, memcmp(buf, "data", 4));
	a.r.pad = 1;
	EXPECT_EQ(-EINVAL, np_err(ioctl(r, NPIPE_IOC_MAILSLOT_READ, &a.r)));
	a.r.pad = 0;
	a.r.flags = 2;
	EXPECT_EQ(-EINVAL, np_err(ioctl(r, NPIPE_IOC_MAILSLOT_READ, &a.r)));
	a.r.flags = 0;
	EXPECT_EQ(-EACCES, np_err(ioctl(w, NPIPE_IOC_MAILSLOT_READ, &a.r)));
	close(w);
	close(r);
}

NP_TEST_CASE(mailslot_read_deadline_eintr, mailslot_read_deadline, 0)
NP_TEST_CASE(mailslot_read_deadline_restart, mailslot_read_deadline, 1)

TEST_HARNESS_MAIN
