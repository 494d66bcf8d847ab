// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: anonymous pipes (NPIPE_IOC_CREATE_ANON, CreatePipe;
 * spec section 10).
 *
 * The header's contract (struct npipe_anon): a one-way byte-type instance;
 * the read end is its server end (inbound), the write end its client end;
 * both close-on-exec; @size is the quota (0 = NPIPE_ANON_DEFAULT_SIZE) and
 * GET_INFO reports it as both in_quota and out_quota; NPIPE_MODE_NOWAIT
 * applies to both ends.  Everything else is the named-pipe machinery: a
 * read after the writer closed and the data is drained is EPIPE
 * (ERROR_BROKEN_PIPE), a write after the reader closed is ESHUTDOWN
 * (ERROR_NO_DATA), read(2) and write(2) follow POSIX there.
 */
#include <sys/mman.h>
#include <sys/resource.h>
#include "npipe_test.h"

#define RW_EVENTS	(POLLIN | POLLOUT | POLLHUP | POLLERR)
/* As a POSIX pipe's, the read end never reports POLLOUT. */
#define RD_EVENTS	RW_EVENTS

/* CREATE_ANON; the fds get what the kernel left in the struct. */
static int anon_create(int ctl, __u32 size, __u32 flags, int *rfd, int *wfd)
{
	struct npipe_anon a = {
		.size = size,
		.flags = flags,
		.read_fd = (__s32)NP_SENTINEL,
		.write_fd = (__s32)NP_SENTINEL,
	};
	int ret = np_err(ioctl(ctl, NPIPE_IOC_CREATE_ANON, &a));

	*rfd = a.read_fd;
	*wfd = a.write_fd;
	return ret;
}

/* The lowest free fd number (@fd: any open fd). */
static int lowest_free_fd(int fd)
{
	fd = fcntl(fd, F_DUPFD, 0);

	if (fd >= 0)
		close(fd);
	return fd;
}

static volatile sig_atomic_t sigpipe_count;

static void sigpipe_handler(int sig)
{
	(void)sig;
	sigpipe_count++;
}

static int sigpipe_setup(void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigpipe_count = 0;
	return sigaction(SIGPIPE, &sa, NULL);
}

/* Read @fd with NPIPE_IOC_READ until EPIPE; returns the bytes, or -errno. */
static int read_all(int fd, char *buf, int size)
{
	__u32 bytes;
	int ret, n = 0;

	for (;;) {
		if (n >= size)
			return -ENOSPC;
		ret = np_read(fd, buf + n, (__u32)(size - n), &bytes, NULL);
		if (ret == -EPIPE)
			return n;
		if (ret)
			return ret;
		if (!bytes || bytes > (__u32)(size - n))
			return -EIO;
		n += (int)bytes;
	}
}

/* GET_INFO of an anonymous pipe end this process created. */
#define check_anon_info(fd, flags_, quota_, mode_, state_) ({ \
	struct npipe_info __i; \
	EXPECT_EQ(0, np_info((fd), &__i)); \
	EXPECT_EQ((__u32)(flags_), __i.flags); \
	EXPECT_EQ((__u32)(mode_), __i.mode); \
	EXPECT_EQ((__u32)(state_), __i.state); \
	EXPECT_EQ(1U, __i.max_instances); \
	EXPECT_EQ((__u32)(quota_), __i.in_quota); \
	EXPECT_EQ((__u32)(quota_), __i.out_quota); \
	EXPECT_EQ((__u32)getpid(), __i.server_pid); \
	EXPECT_EQ((__u32)getpid(), __i.client_pid); \
	EXPECT_EQ((__u32)geteuid(), __i.server_uid); \
	EXPECT_EQ((__u32)getegid(), __i.server_gid); \
	EXPECT_EQ((__u32)geteuid(), __i.client_uid); \
	EXPECT_EQ((__u32)getegid(), __i.client_gid); \
	EXPECT_EQ(0U, __i.pad); \
	EXPECT_NE(0xccccccccccccccccULL, __i.default_timeout); \
})

#define RD_FLAGS (NPIPE_INFO_SERVER_END | NPIPE_INFO_INBOUND | NPIPE_INFO_CAN_READ)
#define WR_FLAGS (NPIPE_INFO_INBOUND | NPIPE_INFO_CAN_WRITE)

TEST_F(npipe, anon_default_size)
{
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	ASSERT_LE(0, rfd);
	ASSERT_LE(0, wfd);
	EXPECT_NE(rfd, wfd);
	EXPECT_NE(self->ctl, rfd);
	EXPECT_NE(self->ctl, wfd);
	check_anon_info(rfd, RD_FLAGS, NPIPE_ANON_DEFAULT_SIZE, 0,
			NPIPE_STATE_CONNECTED);
	check_anon_info(wfd, WR_FLAGS, NPIPE_ANON_DEFAULT_SIZE, 0,
			NPIPE_STATE_CONNECTED);
	{
		struct npipe_info i;

		ASSERT_EQ(0, np_info(rfd, &i));
		EXPECT_EQ(1U, i.cur_instances);
	}
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_explicit_size)
{
	static const __u32 sizes[] = { 1, 100, 4095, 4097, 65536, 1U << 20, ~0U };
	int rfd, wfd;
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ASSERT_EQ(0, anon_create(self->ctl, sizes[i], 0, &rfd, &wfd))
			TH_LOG("size %u", sizes[i]);
		check_anon_info(rfd, RD_FLAGS, sizes[i], 0, NPIPE_STATE_CONNECTED);
		check_anon_info(wfd, WR_FLAGS, sizes[i], 0, NPIPE_STATE_CONNECTED);
		close(wfd);
		close(rfd);
	}
}

TEST_F(npipe, anon_data_flow)
{
	__u32 bytes;
	char buf[32];
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	/* a byte stream: two writes come back in one read */
	check_write(wfd, "abc");
	check_write(wfd, "def");
	check_peek(rfd, 6, 0, 0);
	check_read(rfd, 64, "abcdef", 0);
	check_peek(rfd, 0, 0, 0);

	/* a short read leaves the rest, with no "remaining" */
	check_write(wfd, "0123456789");
	check_read(rfd, 4, "0123", 0);
	check_read(rfd, 64, "456789", 0);

	/* read(2) and write(2) likewise */
	EXPECT_EQ(3, np_syswrite(wfd, "xyz", 3));
	EXPECT_EQ(2, np_syswrite(wfd, "12", 2));
	memset(buf, 0xcc, sizeof(buf));
	EXPECT_EQ(5, np_sysread(rfd, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "xyz12", 5));
	EXPECT_EQ((char)0xcc, buf[5]);

	/* a zero-length write on a byte pipe does nothing */
	bytes = 1234;
	EXPECT_EQ(0, np_write(wfd, NULL, 0, &bytes));
	EXPECT_EQ(0U, bytes);
	EXPECT_EQ(0, np_syswrite(wfd, "", 0));
	check_peek(rfd, 0, 0, 0);
	check_anon_info(rfd, RD_FLAGS, NPIPE_ANON_DEFAULT_SIZE, 0,
			NPIPE_STATE_CONNECTED);
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_read_waits_for_data)
{
	struct np_async rd = { .op = NP_OP_READ };
	char buf[16];
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	memset(buf, 0xcc, sizeof(buf));
	np_async_io(&rd, rfd, buf, sizeof(buf));
	NP_START_BLOCKED(&rd);
	check_write(wfd, "wake");
	check_async(&rd, 0, 4, 0);
	EXPECT_EQ(0, memcmp(buf, "wake", 4));
	EXPECT_EQ((char)0xcc, buf[4]);
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_wrong_direction)
{
	char buf[16];
	__u32 bytes, rem;
	struct npipe_peek p;
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));

	/* the read end cannot write */
	EXPECT_EQ(-EACCES, np_write(rfd, "x", 1, &bytes));
	EXPECT_EQ(-EACCES, np_syswrite(rfd, "x", 1));
	EXPECT_EQ(-EACCES, np_flush(rfd));
	/* the write end cannot read or peek */
	check_write(wfd, "data");
	memset(buf, 0xcc, sizeof(buf));
	EXPECT_EQ(-EACCES, np_read(wfd, buf, sizeof(buf), &bytes, &rem));
	EXPECT_EQ(-EACCES, np_sysread(wfd, buf, sizeof(buf)));
	EXPECT_EQ(-EACCES, np_peek(wfd, buf, sizeof(buf), &p));
	EXPECT_EQ((char)0xcc, buf[0]);
	/* none of it touched the data */
	check_peek(rfd, 4, 0, 0);
	check_read(rfd, 16, "data", 0);
	check_peek(rfd, 0, 0, 0);
	/* the write end flushes: nothing unread */
	EXPECT_EQ(0, np_flush(wfd));
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_peek)
{
	struct npipe_peek p;
	char buf[16];
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	check_peek(rfd, 0, 0, 0);
	check_write(wfd, "hel");
	check_write(wfd, "lo");

	memset(buf, 0xcc, sizeof(buf));
	ASSERT_EQ(0, np_peek(rfd, buf, 4, &p));
	EXPECT_EQ(4U, p.bytes);
	EXPECT_EQ(5U, p.avail);
	EXPECT_EQ(0U, p.msg_left);
	EXPECT_EQ(0U, p.nr_msgs);
	EXPECT_EQ(0U, p.pad);
	EXPECT_EQ(0, memcmp(buf, "hell", 4));
	EXPECT_EQ((char)0xcc, buf[4]);

	/* a bigger buffer copies across the writes */
	memset(buf, 0xcc, sizeof(buf));
	ASSERT_EQ(0, np_peek(rfd, buf, sizeof(buf), &p));
	EXPECT_EQ(5U, p.bytes);
	EXPECT_EQ(5U, p.avail);
	EXPECT_EQ(0U, p.msg_left);
	EXPECT_EQ(0U, p.nr_msgs);
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	EXPECT_EQ((char)0xcc, buf[5]);

	/* peek never consumes */
	check_read(rfd, 2, "he", 0);
	check_peek(rfd, 3, 0, 0);
	check_read(rfd, 16, "llo", 0);
	check_peek(rfd, 0, 0, 0);

	/* non-zero padding */
	{
		struct npipe_peek bad = { .pad = 1 };

		EXPECT_EQ(-EINVAL, np_err(ioctl(rfd, NPIPE_IOC_PEEK, &bad)));
	}
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_writer_closed)
{
	struct npipe_peek p;
	char buf[16];
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	check_write(wfd, "tail");
	close(wfd);
	/* the data written stays readable */
	check_state(rfd, NPIPE_STATE_CLOSING);
	check_peek(rfd, 4, 0, 0);
	check_read(rfd, 2, "ta", 0);
	check_read(rfd, 16, "il", 0);
	/* then ERROR_BROKEN_PIPE; read(2) says end of file */
	EXPECT_EQ(-EPIPE, np_read(rfd, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(0, np_sysread(rfd, buf, sizeof(buf)));
	EXPECT_EQ(-EPIPE, np_peek(rfd, buf, sizeof(buf), &p));
	EXPECT_EQ(-EPIPE, np_read(rfd, buf, sizeof(buf), NULL, NULL));
	check_state(rfd, NPIPE_STATE_CLOSING);
	close(rfd);
}

TEST_F(npipe, anon_writer_closed_wakes_reader)
{
	struct np_async rd = { .op = NP_OP_READ };
	struct np_async srd = { .op = NP_OP_SYSREAD };
	char buf[16], buf2[16];
	int rfd, wfd, wfd2;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	rd.fd = srd.fd = rfd;
	rd.buf = buf;
	srd.buf = buf2;
	rd.len = srd.len = sizeof(buf);
	NP_START_BLOCKED(&rd);
	NP_START_BLOCKED(&srd);
	/* a copy of the write end keeps it open */
	wfd2 = dup(wfd);
	ASSERT_LE(0, wfd2);
	close(wfd);
	NP_BLOCKED(&rd);
	close(wfd2);
	NP_DONE(&rd);
	NP_DONE(&srd);
	EXPECT_EQ(-EPIPE, rd.ret);
	EXPECT_EQ(0, srd.ret);
	close(rfd);
}

TEST_F(npipe, anon_reader_closed_ioctl_write)
{
	__u32 bytes;
	int rfd, wfd;

	ASSERT_EQ(0, sigpipe_setup(sigpipe_handler));
	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	check_write(wfd, "unread");
	close(rfd);
	check_state(wfd, NPIPE_STATE_CLOSING);
	/* ERROR_NO_DATA, at once, and no signal */
	EXPECT_EQ(-ESHUTDOWN, np_write(wfd, "more", 4, &bytes));
	EXPECT_EQ(NP_SENTINEL, bytes);
	EXPECT_EQ(-ESHUTDOWN, np_write(wfd, "more", 4, &bytes));
	EXPECT_EQ(0, sigpipe_count);
	close(wfd);
}

TEST_F(npipe, anon_reader_closed_syswrite_sigpipe_ignored)
{
	int rfd, wfd;

	ASSERT_EQ(0, sigpipe_setup(SIG_IGN));
	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	close(rfd);
	EXPECT_EQ(-EPIPE, np_syswrite(wfd, "more", 4));
	EXPECT_EQ(-EPIPE, np_syswrite(wfd, "more", 4));
	close(wfd);
}

TEST_F(npipe, anon_reader_closed_syswrite_sigpipe_raised)
{
	int rfd, wfd;
	pid_t pid;

	ASSERT_EQ(0, sigpipe_setup(sigpipe_handler));
	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	close(rfd);
	/* caught: EPIPE, and the handler ran once per write */
	EXPECT_EQ(-EPIPE, np_syswrite(wfd, "more", 4));
	EXPECT_EQ(1, sigpipe_count);
	EXPECT_EQ(-EPIPE, np_syswrite(wfd, "more", 4));
	EXPECT_EQ(2, sigpipe_count);

	/* default disposition: the writer dies of it, as with a pipe */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		signal(SIGPIPE, SIG_DFL);
		if (write(wfd, "x", 1) < 0)
			_exit(errno == EPIPE ? 2 : 3);
		_exit(4);
	}
	EXPECT_EQ(1000 + SIGPIPE, np_wait_exit(pid));
	close(wfd);
}

TEST_F(npipe, anon_reader_closed_wakes_writer)
{
	struct np_async wr = { .op = NP_OP_WRITE };
	struct np_async swr = { .op = NP_OP_SYSWRITE };
	char buf[64];
	int rfd, wfd;

	ASSERT_EQ(0, sigpipe_setup(SIG_IGN));
	ASSERT_EQ(0, anon_create(self->ctl, 10, 0, &rfd, &wfd));
	np_fill(buf, sizeof(buf), 5);
	np_async_io(&wr, swr.fd = wfd, swr.buf = buf, 20);
	NP_START_BLOCKED(&wr);
	close(rfd);
	NP_DONE(&wr);
	EXPECT_EQ(-EPIPE, wr.ret);
	EXPECT_EQ(NP_SENTINEL, wr.bytes);

	/* write(2) blocked on the quota: EPIPE */
	ASSERT_EQ(0, anon_create(self->ctl, 10, 0, &rfd, &wfd));
	swr.fd = wfd;
	swr.len = 30;
	NP_START_BLOCKED(&swr);
	close(rfd);
	NP_DONE(&swr);
	EXPECT_EQ(-EPIPE, swr.ret);
	close(wfd);
}

TEST_F(npipe, anon_quota_write_blocks)
{
	struct np_async wr = { .op = NP_OP_WRITE };
	char src[300], dst[300];
	__u32 bytes;
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 100, 0, &rfd, &wfd));
	np_fill(src, sizeof(src), 7);
	np_async_io(&wr, wfd, src, sizeof(src));
	NP_START_BLOCKED(&wr);
	/* queued whole at once */
	check_peek(rfd, 300, 0, 0);
	ASSERT_EQ(0, np_read(rfd, dst, 150, &bytes, NULL));
	EXPECT_EQ(150U, bytes);
	/* 150 unread > 100 */
	NP_BLOCKED(&wr);
	ASSERT_EQ(0, np_read(rfd, dst + 150, 49, &bytes, NULL));
	EXPECT_EQ(49U, bytes);
	NP_BLOCKED(&wr);
	ASSERT_EQ(0, np_read(rfd, dst + 199, 1, &bytes, NULL));
	EXPECT_EQ(1U, bytes);
	/* 100 unread: fits */
	NP_DONE(&wr);
	EXPECT_EQ(0, wr.ret);
	EXPECT_EQ(300U, wr.bytes);
	ASSERT_EQ(0, np_read(rfd, dst + 200, 100, &bytes, NULL));
	EXPECT_EQ(100U, bytes);
	EXPECT_EQ(0, memcmp(src, dst, sizeof(src)));
	check_peek(rfd, 0, 0, 0);
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_quota_default_size)
{
	struct np_async wr = { .op = NP_OP_SYSWRITE };
	static char big[NPIPE_ANON_DEFAULT_SIZE], dst[NPIPE_ANON_DEFAULT_SIZE + 1];
	__u32 bytes;
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	np_fill(big, sizeof(big), 1);
	/* exactly the default size: no wait */
	EXPECT_EQ(0, np_write(wfd, big, sizeof(big), &bytes));
	EXPECT_EQ((__u32)sizeof(big), bytes);
	/* one byte more waits until one byte is read */
	np_async_io(&wr, wfd, "!", 1);
	NP_START_BLOCKED(&wr);
	check_peek(rfd, NPIPE_ANON_DEFAULT_SIZE + 1, 0, 0);
	ASSERT_EQ(0, np_read(rfd, dst, 1, &bytes, NULL));
	EXPECT_EQ(1U, bytes);
	NP_DONE(&wr);
	EXPECT_EQ(1, wr.ret);
	ASSERT_EQ(0, np_read(rfd, dst + 1, sizeof(dst) - 1, &bytes, NULL));
	EXPECT_EQ((__u32)NPIPE_ANON_DEFAULT_SIZE, bytes);
	EXPECT_EQ(0, memcmp(dst, big, sizeof(big)));
	EXPECT_EQ('!', dst[NPIPE_ANON_DEFAULT_SIZE]);
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_nowait)
{
	char buf[200], dst[200];
	__u32 bytes;
	int rfd, wfd;

	/* without the flag: blocking ends */
	ASSERT_EQ(0, anon_create(self->ctl, 100, 0, &rfd, &wfd));
	EXPECT_EQ(0, fcntl(rfd, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(0, fcntl(wfd, F_GETFL) & O_NONBLOCK);
	close(wfd);
	close(rfd);

	ASSERT_EQ(0, anon_create(self->ctl, 100, NPIPE_MODE_NOWAIT, &rfd,
				 &wfd));
	EXPECT_EQ(O_NONBLOCK, fcntl(rfd, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(O_NONBLOCK, fcntl(wfd, F_GETFL) & O_NONBLOCK);
	check_anon_info(rfd, RD_FLAGS, 100, NPIPE_MODE_NOWAIT, NPIPE_STATE_CONNECTED);
	check_anon_info(wfd, WR_FLAGS, 100, NPIPE_MODE_NOWAIT, NPIPE_STATE_CONNECTED);

	/* an empty pipe: ERROR_NO_DATA at once */
	EXPECT_EQ(-EAGAIN, np_read(rfd, dst, sizeof(dst), &bytes, NULL));
	EXPECT_EQ(NP_SENTINEL, bytes);
	EXPECT_EQ(-EAGAIN, np_sysread(rfd, dst, sizeof(dst)));

	/* a write that does not fit the free quota queues nothing */
	np_fill(buf, sizeof(buf), 4);
	EXPECT_EQ(0, np_write(wfd, buf, 60, &bytes));
	EXPECT_EQ(60U, bytes);
	EXPECT_EQ(-EAGAIN, np_write(wfd, buf + 60, 60, &bytes));
	EXPECT_EQ(NP_SENTINEL, bytes);
	EXPECT_EQ(-EAGAIN, np_syswrite(wfd, buf + 60, 60));
	check_peek(rfd, 60, 0, 0);
	EXPECT_EQ(0, np_write(wfd, buf + 60, 40, &bytes));
	EXPECT_EQ(40U, bytes);
	EXPECT_EQ(-EAGAIN, np_write(wfd, buf, 1, &bytes));
	check_peek(rfd, 100, 0, 0);
	EXPECT_EQ(100, np_sysread(rfd, dst, sizeof(dst)));
	EXPECT_EQ(0, memcmp(dst, buf, 100));
	/* larger than the whole size never fits */
	EXPECT_EQ(-EAGAIN, np_write(wfd, buf, 101, &bytes));
	EXPECT_EQ(-EAGAIN, np_syswrite(wfd, buf, 101));
	check_peek(rfd, 0, 0, 0);
	EXPECT_EQ(100, np_syswrite(wfd, buf, 100));
	check_peek(rfd, 100, 0, 0);

	/* the writer gone: its data, then broken pipe, not "no data" */
	close(wfd);
	EXPECT_EQ(100, np_sysread(rfd, dst, sizeof(dst)));
	EXPECT_EQ(0, memcmp(dst, buf, 100));
	EXPECT_EQ(-EPIPE, np_read(rfd, dst, sizeof(dst), NULL, NULL));
	EXPECT_EQ(0, np_sysread(rfd, dst, sizeof(dst)));
	close(rfd);
}

TEST_F(npipe, anon_set_mode_per_end)
{
	char buf[8];
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	/* byte type: no message read mode */
	EXPECT_EQ(-EINVAL, np_set_mode(rfd, NPIPE_MODE_MESSAGE_READ));
	EXPECT_EQ(-EINVAL, np_set_mode(wfd, NPIPE_MODE_MESSAGE_READ));
	EXPECT_EQ(0, np_mode(rfd));
	/* NOWAIT on one end is that end's only */
	EXPECT_EQ(0, np_set_mode(rfd, NPIPE_MODE_NOWAIT));
	EXPECT_EQ((int)NPIPE_MODE_NOWAIT, np_mode(rfd));
	EXPECT_EQ(O_NONBLOCK, fcntl(rfd, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(0, np_mode(wfd));
	EXPECT_EQ(0, fcntl(wfd, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(-EAGAIN, np_read(rfd, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(0, np_set_mode(rfd, 0));
	EXPECT_EQ(0, fcntl(rfd, F_GETFL) & O_NONBLOCK);
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_bad_flags)
{
	static const __u32 bad[] = {
		NPIPE_MODE_MESSAGE_READ, NPIPE_CREATE_INBOUND,
		NPIPE_CREATE_OUTBOUND, NPIPE_CREATE_MESSAGE_TYPE,
		NPIPE_MODE_NOWAIT | 0x4, 0x80000000U, ~0U,
	};
	int rfd, wfd, before;
	unsigned int i;

	before = np_count_fds();
	ASSERT_LT(0, before);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, anon_create(self->ctl, 0, bad[i], &rfd,
					       &wfd))
			TH_LOG("flags %#x", bad[i]);
		/* the struct was not written */
		EXPECT_EQ((int)NP_SENTINEL, rfd);
		EXPECT_EQ((int)NP_SENTINEL, wfd);
	}
	EXPECT_EQ(before, np_count_fds());
}

TEST_F(npipe, anon_bad_pointer)
{
	struct npipe_anon *ro;
	int before, lowest;

	before = np_count_fds();
	lowest = lowest_free_fd(self->ctl);
	ASSERT_LT(0, before);
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_CREATE_ANON, np_ptr(NP_BAD_PTR))));
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_CREATE_ANON, np_ptr(NP_KERNEL_PTR))));
	EXPECT_EQ(before, np_count_fds());

	/*
	 * Readable but not writable: the pipe is made, then the fds cannot
	 * be reported.  Nothing may be left behind.
	 */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ro->size = 0;
	ro->flags = 0;
	ro->read_fd = (__s32)NP_SENTINEL;
	ro->write_fd = (__s32)NP_SENTINEL;
	ASSERT_EQ(0, mprotect(ro, 4096, PROT_READ));
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_CREATE_ANON, ro)));
	EXPECT_EQ((__s32)NP_SENTINEL, ro->read_fd);
	EXPECT_EQ((__s32)NP_SENTINEL, ro->write_fd);
	EXPECT_EQ(before, np_count_fds());
	EXPECT_EQ(lowest, lowest_free_fd(self->ctl));
	/* again, with NOWAIT */
	ASSERT_EQ(0, mprotect(ro, 4096, PROT_READ | PROT_WRITE));
	ro->flags = NPIPE_MODE_NOWAIT;
	ASSERT_EQ(0, mprotect(ro, 4096, PROT_READ));
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_CREATE_ANON, ro)));
	EXPECT_EQ(before, np_count_fds());
	munmap(ro, 4096);

	/* and it still works */
	{
		int rfd, wfd;

		ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
		EXPECT_EQ(lowest, rfd < wfd ? rfd : wfd);
		check_write(wfd, "ok");
		check_read(rfd, 8, "ok", 0);
		close(wfd);
		close(rfd);
	}
}

TEST_F(npipe, anon_fd_limit)
{
	struct rlimit old, lim;
	int rfd, wfd, before, lowest, ret;

	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &old));
	before = np_count_fds();
	lowest = lowest_free_fd(self->ctl);
	ASSERT_LE(0, lowest);
	/* room for one fd: the first is taken back when the second fails */
	lim = old;
	lim.rlim_cur = (rlim_t)lowest + 1;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &lim));
	ret = anon_create(self->ctl, 0, 0, &rfd, &wfd);
	lim.rlim_cur = (rlim_t)lowest;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &lim));
	EXPECT_EQ(-EMFILE, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &old));
	EXPECT_EQ(-EMFILE, ret);
	EXPECT_EQ((int)NP_SENTINEL, rfd);
	EXPECT_EQ((int)NP_SENTINEL, wfd);
	EXPECT_EQ(before, np_count_fds());
	EXPECT_EQ(lowest, lowest_free_fd(self->ctl));
	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	check_write(wfd, "ok");
	check_read(rfd, 8, "ok", 0);
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_cloexec)
{
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	EXPECT_EQ(FD_CLOEXEC, fcntl(rfd, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(FD_CLOEXEC, fcntl(wfd, F_GETFD) & FD_CLOEXEC);
	close(wfd);
	close(rfd);
	ASSERT_EQ(0, anon_create(self->ctl, 0, NPIPE_MODE_NOWAIT, &rfd, &wfd));
	EXPECT_EQ(FD_CLOEXEC, fcntl(rfd, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(FD_CLOEXEC, fcntl(wfd, F_GETFD) & FD_CLOEXEC);
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_fork)
{
	char buf[64];
	int rfd, wfd;
	pid_t pid;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(rfd);
		if (np_write_str(wfd, "from child "))
			_exit(1);
		_exit(np_syswrite(wfd, "by write(2)", 11) == 11 ? 0 : 2);
	}
	close(wfd);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(22, read_all(rfd, buf, sizeof(buf) - 1));
	EXPECT_STREQ("from child by write(2)", buf);
	EXPECT_EQ(0, np_wait_exit(pid));
	EXPECT_EQ(-EPIPE, np_read(rfd, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(0, np_sysread(rfd, buf, sizeof(buf)));
	close(rfd);
}

/* fork, redirect @in/@out (-1: leave) onto stdin/stdout, exec sh -c @cmd. */
static pid_t spawn_sh(const char *cmd, int in, int out)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	if (in >= 0 && dup2(in, 0) != 0)
		_exit(125);
	if (out >= 0 && dup2(out, 1) != 1)
		_exit(126);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

TEST_F(npipe, anon_exec_stdout_redirect)
{
	char buf[64];
	int rfd, wfd;
	pid_t pid;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	/* the shell's stdout is the write end (dup2 clears close-on-exec) */
	pid = spawn_sh("echo hello from sh", -1, wfd);
	ASSERT_LE(0, pid);
	close(wfd);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(14, read_all(rfd, buf, sizeof(buf) - 1));
	EXPECT_STREQ("hello from sh\n", buf);
	EXPECT_EQ(0, np_wait_exit(pid));
	EXPECT_EQ(-EPIPE, np_read(rfd, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(0, np_sysread(rfd, buf, sizeof(buf)));
	close(rfd);
}

TEST_F(npipe, anon_exec_inherit_cleared_cloexec)
{
	char buf[64], cmd[64];
	int rfd, wfd;
	pid_t pid;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	ASSERT_LT(2, wfd);
	ASSERT_GT(10, wfd) TH_LOG("busybox sh redirects fds 0-9 only");
	/* inherited under its own number */
	ASSERT_EQ(0, fcntl(wfd, F_SETFD, 0));
	snprintf(cmd, sizeof(cmd), "echo inherited >&%d", wfd);
	pid = spawn_sh(cmd, -1, -1);
	ASSERT_LE(0, pid);
	close(wfd);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(10, read_all(rfd, buf, sizeof(buf) - 1));
	EXPECT_STREQ("inherited\n", buf);
	EXPECT_EQ(0, np_wait_exit(pid));
	close(rfd);
}

TEST_F(npipe, anon_exec_closes_cloexec_ends)
{
	int rfd, wfd, go[2], ready[2];
	char buf[16];
	pid_t pid;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	/* the shell says it runs, then waits for a line on stdin */
	pid = spawn_sh("echo ready; read x", go[0], ready[1]);
	ASSERT_LE(0, pid);
	close(go[0]);
	close(ready[1]);
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(6, read(ready[0], buf, sizeof(buf)));
	EXPECT_STREQ("ready\n", buf);
	/* past exec the child holds neither end: the write end is gone */
	close(wfd);
	ASSERT_EQ(0, np_set_mode(rfd, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-EPIPE, np_read(rfd, buf, sizeof(buf), NULL, NULL));
	check_state(rfd, NPIPE_STATE_CLOSING);
	ASSERT_EQ(1, write(go[1], "\n", 1));
	EXPECT_EQ(0, np_wait_exit(pid));
	close(go[1]);
	close(ready[0]);
	close(rfd);
}

/* "cat file | more": stdin and stdout of an exec'd cat are anonymous pipes. */
TEST_F(npipe, anon_exec_cat_filter)
{
	static const char text[] = "line one\nline two\n";
	int in_r, in_w, out_r, out_w;
	char buf[64];
	pid_t pid;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &in_r, &in_w));
	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &out_r, &out_w));
	pid = spawn_sh("exec cat", in_r, out_w);
	ASSERT_LE(0, pid);
	close(in_r);
	close(out_w);
	EXPECT_EQ((int)strlen(text), np_syswrite(in_w, text, strlen(text)));
	/* cat sees end of file (read(2) returns 0) and exits */
	close(in_w);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ((int)strlen(text), read_all(out_r, buf, sizeof(buf) - 1));
	EXPECT_STREQ(text, buf);
	EXPECT_EQ(0, np_wait_exit(pid));
	close(out_r);
}

TEST_F(npipe, anon_poll)
{
	char buf[16];
	int rfd, wfd, r;

	ASSERT_EQ(0, anon_create(self->ctl, 10, 0, &rfd, &wfd));
	r = np_revents(rfd);
	EXPECT_EQ(0, r & RD_EVENTS) TH_LOG("read end %#x", r);
	EXPECT_EQ(POLLOUT, np_revents(wfd) & RW_EVENTS);
	memset(buf, 'p', sizeof(buf));
	EXPECT_EQ(0, np_write(wfd, buf, 9, NULL));
	EXPECT_EQ(POLLIN, np_revents(rfd) & RD_EVENTS);
	EXPECT_EQ(POLLOUT, np_revents(wfd) & RW_EVENTS);
	EXPECT_EQ(0, np_write(wfd, buf, 1, NULL));
	/* the size is reached: a write would wait */
	EXPECT_EQ(0, np_revents(wfd) & RW_EVENTS);
	check_read(rfd, 1, "p", 0);
	EXPECT_EQ(POLLOUT, np_revents(wfd) & RW_EVENTS);
	ASSERT_EQ(9, np_sysread(rfd, buf, sizeof(buf)));
	EXPECT_EQ(0, np_revents(rfd) & RD_EVENTS);

	/* the writer closes: hung up, readable while data is left */
	check_write(wfd, "end");
	close(wfd);
	EXPECT_EQ(POLLIN | POLLHUP, np_revents(rfd) & RD_EVENTS);
	check_read(rfd, 8, "end", 0);
	EXPECT_EQ(POLLHUP, np_revents(rfd) & (RD_EVENTS | POLLOUT));
	close(rfd);

	/* the reader closes: the write end has an error (as a pipe's) */
	ASSERT_EQ(0, anon_create(self->ctl, 10, 0, &rfd, &wfd));
	check_write(wfd, "lost");
	close(rfd);
	EXPECT_EQ(POLLERR | POLLHUP, np_revents(wfd) & RW_EVENTS);
	close(wfd);
}

TEST_F(npipe, anon_epoll_wakeups)
{
	struct np_async e = { .op = NP_OP_EPOLL_WAIT };
	char buf[16];
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 8, 0, &rfd, &wfd));

	/* EPOLLIN wakes a sleeper */
	e.fd = np_epoll_new(rfd, EPOLLIN);
	ASSERT_LE(0, e.fd);
	NP_START_BLOCKED(&e);
	check_write(wfd, "in");
	NP_DONE(&e);
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLIN, e.events & (EPOLLIN | EPOLLHUP | EPOLLERR));
	check_read(rfd, 8, "in", 0);

	/* EPOLLHUP when the writer goes (the read end is not writable) */
	NP_START_BLOCKED(&e);
	close(wfd);
	NP_DONE(&e);
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLHUP, e.events & (EPOLLIN | EPOLLHUP | EPOLLERR));
	close(e.fd);
	close(rfd);

	/* EPOLLOUT on the write end once room is made, EPOLLERR once the reader goes */
	ASSERT_EQ(0, anon_create(self->ctl, 8, 0, &rfd, &wfd));
	memset(buf, 'o', sizeof(buf));
	EXPECT_EQ(0, np_write(wfd, buf, 8, NULL));
	e.fd = np_epoll_new(wfd, EPOLLOUT);
	ASSERT_LE(0, e.fd);
	NP_START_BLOCKED(&e);
	EXPECT_EQ(1, np_sysread(rfd, buf, 1));
	NP_DONE(&e);
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLOUT, e.events & (EPOLLOUT | EPOLLHUP | EPOLLERR));
	EXPECT_EQ(0, np_write(wfd, buf, 1, NULL));
	NP_START_BLOCKED(&e);
	close(rfd);
	NP_DONE(&e);
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)(EPOLLERR | EPOLLHUP), e.events & (EPOLLOUT | EPOLLHUP | EPOLLERR));
	close(e.fd);
	close(wfd);
}

TEST_F(npipe, anon_no_server_calls)
{
	struct npipe_mailslot_info mi;
	__u64 t = 0;
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	/* ERROR_INVALID_FUNCTION on both ends */
	EXPECT_EQ(-ENOTTY, np_connect(rfd));
	EXPECT_EQ(-ENOTTY, np_disconnect(rfd));
	EXPECT_EQ(-ENOTTY, np_connect(wfd));
	EXPECT_EQ(-ENOTTY, np_disconnect(wfd));
	check_state(rfd, NPIPE_STATE_CONNECTED);
	check_state(wfd, NPIPE_STATE_CONNECTED);
	check_write(wfd, "still");
	check_read(rfd, 8, "still", 0);

	/* also once the writer is gone */
	close(wfd);
	EXPECT_EQ(-ENOTTY, np_connect(rfd));
	EXPECT_EQ(-ENOTTY, np_disconnect(rfd));
	check_state(rfd, NPIPE_STATE_CLOSING);
	EXPECT_EQ(-EPIPE, np_read(rfd, NULL, 0, NULL, NULL));

	/* mailslot calls are not anonymous-pipe calls */
	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	memset(&mi, 0xcc, sizeof(mi));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(rfd, NPIPE_IOC_MAILSLOT_GET_INFO, &mi)));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(wfd, NPIPE_IOC_MAILSLOT_GET_INFO, &mi)));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(rfd, NPIPE_IOC_MAILSLOT_SET_TIMEOUT, &t)));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(wfd, NPIPE_IOC_MAILSLOT_SET_TIMEOUT, &t)));
	EXPECT_EQ(0xccccccccU, mi.nr_msgs);
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_transact)
{
	char rbuf[16];
	__u32 flags, bytes, rem;
	int rfd, wfd;

	ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd, &wfd));
	/* one-way ends: ERROR_ACCESS_DENIED before the type, nothing written */
	flags = 0;
	EXPECT_EQ(-EACCES, np_transact(wfd, "req", 3, rbuf, sizeof(rbuf), &flags,
				       &bytes, &rem));
	EXPECT_EQ(0U, flags);
	EXPECT_EQ(NP_SENTINEL, bytes);
	EXPECT_EQ(NP_SENTINEL, rem);
	EXPECT_EQ(-EACCES, np_transact(rfd, "req", 3, rbuf, sizeof(rbuf), NULL,
				       NULL, NULL));
	check_peek(rfd, 0, 0, 0);
	close(wfd);
	close(rfd);
}

TEST_F(npipe, anon_many_independent)
{
	int rfd[16], wfd[16], i;
	char msg[16];

	for (i = 0; i < 16; i++)
		ASSERT_EQ(0, anon_create(self->ctl, 0, 0, &rfd[i], &wfd[i]));
	for (i = 0; i < 16; i++) {
		snprintf(msg, sizeof(msg), "pipe %d", i);
		check_write(wfd[i], msg);
	}
	for (i = 15; i >= 0; i--) {
		snprintf(msg, sizeof(msg), "pipe %d", i);
		check_read(rfd[i], 16, msg, 0);
		close(wfd[i]);
		EXPECT_EQ(-EPIPE, np_read(rfd[i], NULL, 0, NULL, NULL));
		close(rfd[i]);
	}
}

TEST_F(npipe, anon_module_max_msg_size)
{
	unsigned long long max;
	__u32 bytes;
	char *buf;
	int rfd, wfd;

	if (param_read("max_msg_size", &max))
		SKIP(return, "no %s/max_msg_size", NP_PARAM_DIR);
	ASSERT_GT(1ULL << 26, max);
	buf = calloc(1, max + 1);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, anon_create(self->ctl, ~0U, 0, &rfd, &wfd));
	/* the module's limit on one write, as for named pipes */
	EXPECT_EQ(-EMSGSIZE, np_write(wfd, buf, max + 1, &bytes));
	EXPECT_EQ(NP_SENTINEL, bytes);
	EXPECT_EQ(-EMSGSIZE, np_syswrite(wfd, buf, max + 1));
	check_peek(rfd, 0, 0, 0);
	EXPECT_EQ((int)max, np_syswrite(wfd, buf, max));
	check_peek(rfd, max, 0, 0);
	free(buf);
	close(wfd);
	close(rfd);
}

/*
 * As another user (root has CAP_SYS_RESOURCE and is exempt): an anonymous
 * pipe counts as one pipe and one instance.  Exit codes: 0 or a step.
 */
static int anon_quota_child(int ctl, int limit_pipes)
{
	int r1, w1, r2, w2, r3, w3, srv;
	char name[64];

	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 100;
	snprintf(name, sizeof(name), "npt-anonq-%d", (int)getpid());
	if (anon_create(ctl, 0, 0, &r1, &w1))
		return 1;
	if (limit_pipes) {
		/* max_user_pipes = 2 */
		srv = np_create(ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
		if (srv < 0)
			return 2;
		if (anon_create(ctl, 0, 0, &r2, &w2) != -EDQUOT)
			return 3;
		if (r2 != (int)NP_SENTINEL || w2 != (int)NP_SENTINEL)
			return 4;
		close(srv);
		if (anon_create(ctl, 0, 0, &r2, &w2))
			return 5;
		/* closing the write end alone frees nothing */
		close(w2);
		if (anon_create(ctl, 0, 0, &r3, &w3) != -EDQUOT)
			return 6;
		close(r2);
		if (anon_create(ctl, 0, 0, &r3, &w3))
			return 7;
		return 0;
	}
	/* max_user_instances = 2 */
	srv = np_create(ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	if (srv < 0)
		return 12;
	if (anon_create(ctl, 0, 0, &r2, &w2) != -EDQUOT)
		return 13;
	/* an instance counts until its last end closes */
	close(r1);
	if (anon_create(ctl, 0, 0, &r2, &w2) != -EDQUOT)
		return 15;
	close(w1);
	if (anon_create(ctl, 0, 0, &r2, &w2))
		return 14;
	return 0;
}

static void anon_user_limit(struct __test_metadata *_metadata, int ctl,
			    const char *param, int limit_pipes)
{
	unsigned long long old = 0;
	int status, before, r[4], w[4], i, ok = 1;
	pid_t pid;

	NP_REQUIRE_PARAM(param);
	ASSERT_EQ(0, param_read(param, &old));
	before = np_count_fds();
	ASSERT_EQ(0, param_write(param, 2));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(anon_quota_child(ctl, limit_pipes));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	/* root (CAP_SYS_RESOURCE) is exempt */
	for (i = 0; i < 4; i++)
		if (anon_create(ctl, 0, 0, &r[i], &w[i]))
			ok = 0;
	ASSERT_EQ(0, param_write(param, old));
	EXPECT_TRUE(ok);
	for (i = 0; i < 4 && ok; i++) {
		close(r[i]);
		close(w[i]);
	}
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(before, np_count_fds());
}

NP_TEST_CASE(anon_max_user_pipes, anon_user_limit, "max_user_pipes", 1)
NP_TEST_CASE(anon_max_user_instances, anon_user_limit, "max_user_instances", 0)

TEST_HARNESS_MAIN
