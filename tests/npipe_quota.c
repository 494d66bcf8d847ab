// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: buffer quotas, flushing, NOWAIT writes (spec sections
 * 7 and 8).
 *
 * The rule (header, struct npipe_io): WRITE queues the whole buffer, then
 * waits until the unread data up to its end fits the reader's quota, i.e.
 * until (unread bytes queued ahead of it) + (its own unread bytes) <= quota.
 */
#include "npipe_test.h"

/* A client->server pipe with the given in_quota (out_quota 4096). */
static int quota_pair(int ctl, const char *name, __u32 flags, __u32 in_quota,
		      int *srv, int *cli)
{
	*srv = np_create(ctl, name, flags, 1, 4096, in_quota, 0);
	if (*srv < 0)
		return *srv;
	*cli = np_open(ctl, name, NP_RW);
	return *cli < 0 ? *cli : 0;
}

/* Read and discard exactly @n bytes; returns 0 if all were read. */
static int drain(int fd, __u32 n)
{
	char buf[4096];
	__u32 bytes;
	int ret;

	while (n) {
		ret = np_read(fd, buf, n < sizeof(buf) ? n : sizeof(buf), &bytes, NULL);
		if (ret)
			return ret;
		if (!bytes || bytes > n)
			return -EIO;
		n -= bytes;
	}
	return 0;
}

TEST_F(npipe, quota_write_larger_than_quota)
{
	struct np_async wr = { .op = NP_OP_WRITE };
	char src[300];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(self->ctl, name, NP_DUPLEX_MSG, 100, &srv,
				&cli));
	np_fill(src, sizeof(src), 3);
	np_async_io(&wr, cli, src, sizeof(src));
	NP_START_BLOCKED(&wr);
	/* queued whole at once */
	check_peek(srv, 300, 300, 1);
	{
		char dst[300];
		__u32 bytes, rem;

		ASSERT_EQ(0, np_read(srv, dst, 150, &bytes, &rem));
		EXPECT_EQ(150U, bytes);
		EXPECT_EQ(150U, rem);
		/* 150 unread > 100 */
		NP_BLOCKED(&wr);
		ASSERT_EQ(0, np_read(srv, dst + 150, 49, &bytes, &rem));
		EXPECT_EQ(49U, bytes);
		EXPECT_EQ(101U, rem);
		NP_BLOCKED(&wr);
		ASSERT_EQ(0, np_read(srv, dst + 199, 1, &bytes, &rem));
		EXPECT_EQ(100U, rem);
		/* 100 unread: fits */
		NP_DONE(&wr);
		EXPECT_EQ(0, wr.ret);
		EXPECT_EQ(300U, wr.bytes);
		ASSERT_EQ(0, np_read(srv, dst + 200, 100, &bytes, &rem));
		EXPECT_EQ(100U, bytes);
		EXPECT_EQ(0U, rem);
		EXPECT_EQ(0, memcmp(src, dst, sizeof(src)));
	}
	close(cli);
	close(srv);
}

TEST_F(npipe, quota_counts_data_queued_ahead)
{
	struct np_async a = { .op = NP_OP_WRITE };
	struct np_async b = { .op = NP_OP_WRITE };
	struct np_async c = { .op = NP_OP_WRITE };
	char buf[100];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, 100, &srv, &cli));
	np_fill(buf, sizeof(buf), 1);

	/* exactly the quota: no wait */
	np_async_io(&a, b.fd = c.fd = cli, b.buf = c.buf = buf, 100);
	ASSERT_EQ(0, np_async_start(&a));
	NP_DONE(&a);
	EXPECT_EQ(0, a.ret);
	EXPECT_EQ(100U, a.bytes);

	/* more waits for the reader; a second writer queues behind it */
	b.len = 50;
	NP_START_BLOCKED(&b);
	check_peek(srv, 150, 0, 0);
	c.len = 10;
	NP_START_BLOCKED(&c);
	check_peek(srv, 160, 0, 0);

	/* b ends at 150 unread: done once 50 are read; c once 60 are */
	ASSERT_EQ(0, drain(srv, 49));
	NP_BLOCKED(&b);
	ASSERT_EQ(0, drain(srv, 1));
	NP_DONE(&b);
	EXPECT_EQ(0, b.ret);
	EXPECT_EQ(50U, b.bytes);
	NP_BLOCKED(&c);
	ASSERT_EQ(0, drain(srv, 10));
	NP_DONE(&c);
	EXPECT_EQ(0, c.ret);
	EXPECT_EQ(10U, c.bytes);
	check_peek(srv, 100, 0, 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, quota_zero)
{
	struct np_async wr = { .op = NP_OP_WRITE };
	int srv, cli;
	__u32 bytes;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(self->ctl, name, NP_DUPLEX_MSG, 0, &srv, &cli));
	np_async_io(&wr, cli, "q", 1);
	NP_START_BLOCKED(&wr);
	check_peek(srv, 1, 1, 1);
	check_read(srv, 8, "q", 0);
	NP_DONE(&wr);
	EXPECT_EQ(0, wr.ret);
	EXPECT_EQ(1U, wr.bytes);

	/* an empty message takes no room */
	EXPECT_EQ(0, np_write(cli, NULL, 0, &bytes));
	EXPECT_EQ(0U, bytes);
	check_read(srv, 8, "", 0);

	/* the other direction has its own quota (4096) */
	check_write(srv, "down");
	check_read(cli, 8, "down", 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, quota_direct_handoff_uses_no_quota)
{
	struct np_async rd = { .op = NP_OP_READ };
	struct np_async wr = { .op = NP_OP_WRITE };
	char src[50], dst[100];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(self->ctl, name, NP_DUPLEX_MSG, 10, &srv,
				&cli));
	np_fill(src, sizeof(src), 9);
	np_async_io(&rd, srv, dst, sizeof(dst));
	NP_START_BLOCKED(&rd);
	np_async_io(&wr, cli, src, sizeof(src));
	ASSERT_EQ(0, np_async_start(&wr));
	NP_DONE(&wr);
	EXPECT_EQ(0, wr.ret);
	EXPECT_EQ(50U, wr.bytes);
	check_async(&rd, 0, 50, 0);
	EXPECT_EQ(0, memcmp(src, dst, sizeof(src)));
	close(cli);
	close(srv);
}

TEST_F(npipe, quota_per_direction)
{
	struct np_async wr = { .op = NP_OP_WRITE };
	char buf[20];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  1, 10, 1000, NP_RW, &srv, &cli));
	np_fill(buf, sizeof(buf), 5);
	/* client -> server: 1000 */
	EXPECT_EQ(0, np_write(cli, buf, sizeof(buf), NULL));
	/* server -> client: 10 */
	np_async_io(&wr, srv, buf, sizeof(buf));
	NP_START_BLOCKED(&wr);
	ASSERT_EQ(0, drain(cli, 10));
	NP_DONE(&wr);
	EXPECT_EQ(0, wr.ret);
	check_peek(srv, 20, 0, 0);
	check_peek(cli, 10, 0, 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, quota_syswrite_blocks_too)
{
	struct np_async wr = { .op = NP_OP_SYSWRITE };
	char buf[64];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, 16, &srv, &cli));
	np_fill(buf, sizeof(buf), 2);
	np_async_io(&wr, cli, buf, sizeof(buf));
	NP_START_BLOCKED(&wr);
	check_peek(srv, 64, 0, 0);
	ASSERT_EQ(0, drain(srv, 48));
	NP_DONE(&wr);
	EXPECT_EQ(64, wr.ret);
	close(cli);
	close(srv);
}

TEST_F(npipe, quota_blocked_writer_peer_gone)
{
	struct np_async wr = { .op = NP_OP_WRITE };
	char buf[64], big[4096];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, 16, &srv, &cli));
	np_fill(buf, sizeof(buf), 2);

	/* the server disconnects: ERROR_PIPE_NOT_CONNECTED */
	np_async_io(&wr, cli, buf, sizeof(buf));
	NP_START_BLOCKED(&wr);
	EXPECT_EQ(0, np_disconnect(srv));
	NP_DONE(&wr);
	EXPECT_EQ(-ECONNRESET, wr.ret);
	close(cli);

	/* the reader closes: ERROR_NO_DATA (write: peer closed) */
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	np_async_io(&wr, srv, buf, sizeof(buf));
	ASSERT_EQ(0, np_set_mode(srv, 0));
	/* out_quota is 4096: fill it first */
	memset(big, 'x', sizeof(big));
	ASSERT_EQ(0, np_write(srv, big, sizeof(big), NULL));
	NP_START_BLOCKED(&wr);
	close(cli);
	NP_DONE(&wr);
	EXPECT_EQ(-EPIPE, wr.ret);
	close(srv);
}

TEST_F(npipe, flush_waits_for_reader)
{
	struct np_async fl = { .op = NP_OP_FLUSH };
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	EXPECT_EQ(0, np_flush(srv));
	check_write(srv, "0123456789");
	/* data the client wrote does not matter to the server's flush */
	check_write(cli, "other way");
	fl.fd = srv;
	NP_START_BLOCKED(&fl);
	check_read(cli, 5, "01234", 0);
	NP_BLOCKED(&fl);
	check_read(cli, 5, "56789", 0);
	NP_DONE(&fl);
	EXPECT_EQ(0, fl.ret);
	EXPECT_EQ(0, np_flush(srv));

	/* the client's flush waits for its own data only */
	fl.fd = cli;
	NP_START_BLOCKED(&fl);
	check_read(srv, 64, "other way", 0);
	NP_DONE(&fl);
	EXPECT_EQ(0, fl.ret);
	close(cli);
	close(srv);
}

TEST_F(npipe, flush_nowait)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(0, np_flush(cli));
	check_write(cli, "abc");
	EXPECT_EQ(-EAGAIN, np_flush(cli));
	check_peek(srv, 3, 3, 1);
	check_read(srv, 8, "abc", 0);
	EXPECT_EQ(0, np_flush(cli));
	close(cli);
	close(srv);
}

TEST_F(npipe, flush_peer_gone)
{
	struct np_async fl = { .op = NP_OP_FLUSH };
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	check_write(cli, "unread");
	fl.fd = cli;
	NP_START_BLOCKED(&fl);
	EXPECT_EQ(0, np_disconnect(srv));
	NP_DONE(&fl);
	EXPECT_EQ(-ECONNRESET, fl.ret);
	close(cli);

	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	ASSERT_EQ(0, np_set_mode(srv, 0));
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	check_write(srv, "unread");
	fl.fd = srv;
	NP_START_BLOCKED(&fl);
	close(cli);
	NP_DONE(&fl);
	/* the peer closed with our data unread: broken pipe */
	EXPECT_EQ(-EPIPE, fl.ret);
	/* a flush called once the peer has closed succeeds */
	EXPECT_EQ(0, np_flush(srv));
	check_state(srv, NPIPE_STATE_CLOSING);
	close(srv);
}

TEST_F(npipe, nowait_write_message_no_fit)
{
	char buf[200];
	__u32 bytes;
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(self->ctl, name, NP_DUPLEX_MSG, 100, &srv,
				&cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_NOWAIT));
	np_fill(buf, sizeof(buf), 4);

	bytes = 1234;
	EXPECT_EQ(0, np_write(cli, buf, 60, &bytes));
	EXPECT_EQ(60U, bytes);
	bytes = 1234;
	EXPECT_EQ(-EAGAIN, np_write(cli, buf, 60, &bytes));
	EXPECT_EQ(-EAGAIN, np_syswrite(cli, buf, 60));
	/* nothing of it was queued */
	check_peek(srv, 60, 60, 1);
	/* what fits exactly still goes */
	EXPECT_EQ(0, np_write(cli, buf, 40, &bytes));
	EXPECT_EQ(40U, bytes);
	EXPECT_EQ(-EAGAIN, np_write(cli, buf, 1, &bytes));
	check_peek(srv, 100, 60, 2);
	/* larger than the whole quota: never fits, even when empty */
	ASSERT_EQ(0, drain(srv, 100));
	EXPECT_EQ(-EAGAIN, np_write(cli, buf, 101, &bytes));
	check_peek(srv, 0, 0, 0);
	EXPECT_EQ(0, np_write(cli, buf, 100, &bytes));
	EXPECT_EQ(100U, bytes);
	check_peek(srv, 100, 100, 1);
	close(cli);
	close(srv);
}

TEST_F(npipe, nowait_write_byte_no_fit)
{
	char buf[200], dst[100];
	__u32 bytes;
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, 100, &srv, &cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_NOWAIT));
	np_fill(buf, sizeof(buf), 4);

	EXPECT_EQ(0, np_write(cli, buf, 60, &bytes));
	EXPECT_EQ(60U, bytes);
	/* a byte pipe too takes nothing of a write that does not fit */
	bytes = 1234;
	EXPECT_EQ(-EAGAIN, np_write(cli, buf + 60, 60, &bytes));
	EXPECT_EQ(-EAGAIN, np_syswrite(cli, buf + 60, 60));
	check_peek(srv, 60, 0, 0);
	EXPECT_EQ(0, np_write(cli, buf + 60, 40, &bytes));
	EXPECT_EQ(40U, bytes);
	EXPECT_EQ(-EAGAIN, np_write(cli, buf, 1, &bytes));
	check_peek(srv, 100, 0, 0);
	EXPECT_EQ(100, np_sysread(srv, dst, sizeof(dst)));
	EXPECT_EQ(0, memcmp(dst, buf, sizeof(dst)));
	/* write(2) in O_NONBLOCK mode likewise */
	EXPECT_EQ(70, np_syswrite(cli, buf, 70));
	EXPECT_EQ(-EAGAIN, np_syswrite(cli, buf, 50));
	check_peek(srv, 70, 0, 0);
	close(cli);
	close(srv);
}

/*
 * Byte type, NOWAIT, a reader waiting on the empty queue (Wine's
 * test_nowait): the reader gets what it asked for even when the rest does
 * not fit, and the write reports that count; a message pipe gives nothing.
 */
static void nowait_handoff(struct __test_metadata *_metadata, int ctl,
			   __u32 flags, __u32 want_written)
{
	struct np_async rd = { .op = NP_OP_READ };
	char buf[200], dst[100];
	__u32 bytes;
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(ctl, name, flags, 100, &srv, &cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_NOWAIT));
	np_fill(buf, sizeof(buf), 9);
	np_async_io(&rd, srv, dst, 1);
	/* 1 to the reader and 100 into the quota: all of it */
	NP_START_BLOCKED(&rd);
	EXPECT_EQ(0, np_write(cli, buf, 101, &bytes));
	EXPECT_EQ(101U, bytes);
	NP_DONE(&rd);
	EXPECT_EQ(0, rd.ret);
	EXPECT_EQ(1U, rd.bytes);
	EXPECT_EQ(buf[0], dst[0]);
	ASSERT_EQ(0, drain(srv, 100));

	/* one more byte: only what the reader asked for, or nothing */
	NP_START_BLOCKED(&rd);
	bytes = 1234;
	EXPECT_EQ(want_written ? 0 : -EAGAIN, np_write(cli, buf, 102, &bytes));
	if (want_written) {
		EXPECT_EQ(want_written, bytes);
		NP_DONE(&rd);
		EXPECT_EQ(0, rd.ret);
		EXPECT_EQ(1U, rd.bytes);
		EXPECT_EQ(buf[0], dst[0]);
		/* the rest was not written */
		check_peek(srv, 0, 0, 0);
	} else {
		NP_BLOCKED(&rd);
		EXPECT_EQ(0, np_write(cli, buf + 5, 1, &bytes));
		NP_DONE(&rd);
		EXPECT_EQ(1U, rd.bytes);
		EXPECT_EQ(buf[5], dst[0]);
	}
	/* a zero-length read waiting gets nothing handed */
	rd.len = 0;
	NP_START_BLOCKED(&rd);
	EXPECT_EQ(-EAGAIN, np_write(cli, buf, 102, &bytes));
	EXPECT_EQ(0, np_write(cli, buf, 3, &bytes));
	NP_DONE(&rd);
	EXPECT_EQ(0, rd.ret);
	EXPECT_EQ(0U, rd.bytes);
	close(cli);
	close(srv);
}

NP_TEST_CASE(nowait_byte_write_feeds_waiting_reader,
	     nowait_handoff, NPIPE_CREATE_DUPLEX, 1)
NP_TEST_CASE(nowait_message_write_all_or_nothing_with_reader,
	     nowait_handoff, NP_DUPLEX_MSG, 0)

/* An empty message does not wait for the quota (Wine's test_blocking_rw). */
TEST_F(npipe, quota_empty_message_does_not_wait)
{
	struct np_async wr = { .op = NP_OP_WRITE }, empty = { .op = NP_OP_WRITE };
	char buf[300];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(self->ctl, name, NP_DUPLEX_MSG, 100, &srv,
				&cli));
	np_fill(buf, sizeof(buf), 3);
	np_async_io(&wr, empty.fd = cli, empty.buf = buf, 300);
	empty.len = 0;
	NP_START_BLOCKED(&wr);
	ASSERT_EQ(0, np_async_start(&empty));
	NP_DONE(&empty);
	EXPECT_EQ(0, empty.ret);
	EXPECT_EQ(0U, empty.bytes);
	NP_BLOCKED(&wr);
	check_peek(srv, 300, 300, 1);	/* peek does not see empty messages */
	ASSERT_EQ(0, drain(srv, 300));
	NP_DONE(&wr);
	EXPECT_EQ(0, wr.ret);
	/* the empty message is there, behind it */
	check_read(srv, 10, "", 0);
	check_peek(srv, 0, 0, 0);
	close(cli);
	close(srv);
}

/* Wait (up to 10 s) until @fd has @n messages queued.  Return: 0 or -1. */
static int wait_msgs(int fd, __u32 n)
{
	struct npipe_peek p;
	int i;

	for (i = 0; i < 2000; i++) {
		if (np_peek(fd, NULL, 0, &p))
			return -1;
		if (p.nr_msgs == n)
			return 0;
		np_msleep(5);
	}
	return -1;
}

/*
 * A writer killed while it waits on the quota takes the unread rest of its
 * write with it (Windows cancels the write of a process that exits, Wine's
 * test_overlapped_transport); what others queued, ahead of it or behind it,
 * stays, and their waits still end when their own data is read.
 */
TEST_F(npipe, quota_killed_writer_takes_its_data)
{
	struct np_async behind = { .op = NP_OP_WRITE };
	char a[60], b[500], c[30], dst[600];
	__u32 bytes;
	int srv, cli, status;
	pid_t pid;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(self->ctl, name, NP_DUPLEX_MSG, 100, &srv,
				&cli));
	np_fill(a, sizeof(a), 1);
	np_fill(b, sizeof(b), 2);
	np_fill(c, sizeof(c), 3);
	ASSERT_EQ(0, np_write(cli, a, sizeof(a), &bytes));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(np_write(cli, b, sizeof(b), &bytes) ? 1 : 2);
	/* the child's 500 bytes are queued behind A, and it waits */
	ASSERT_EQ(0, wait_msgs(srv, 2));
	np_async_io(&behind, cli, c, sizeof(c));
	NP_START_BLOCKED(&behind);
	check_peek(srv, 60 + 500 + 30, 60, 3);
	/* read a part of B, so that its rest is what goes */
	ASSERT_EQ(0, np_read(srv, dst, 60, &bytes, NULL));
	ASSERT_EQ(0, np_set_mode(srv, 0));
	ASSERT_EQ(0, np_read(srv, dst, 100, &bytes, NULL));
	EXPECT_EQ(100U, bytes);
	EXPECT_EQ(0, memcmp(dst, b, 100));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	/* B's 400 unread bytes are gone; C is next, whole */
	check_peek(srv, 30, 30, 1);
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ));
	ASSERT_EQ(0, np_read(srv, dst, sizeof(dst), &bytes, NULL));
	EXPECT_EQ(30U, bytes);
	EXPECT_EQ(0, memcmp(dst, c, sizeof(c)));
	NP_DONE(&behind);
	EXPECT_EQ(0, behind.ret);
	EXPECT_EQ(30U, behind.bytes);

	/* killed while its whole message is unread, behind nothing */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(np_write(cli, b, sizeof(b), &bytes) ? 1 : 2);
	ASSERT_EQ(0, wait_msgs(srv, 1));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	check_peek(srv, 0, 0, 0);
	/* the stream goes on */
	ASSERT_EQ(0, np_write(cli, a, sizeof(a), &bytes));
	ASSERT_EQ(0, np_read(srv, dst, sizeof(dst), &bytes, NULL));
	EXPECT_EQ(60U, bytes);
	EXPECT_EQ(0, memcmp(dst, a, sizeof(a)));
	close(cli);
	close(srv);
}

/*
 * A killed writer whose message is not at the head leaves it queued: the
 * data ahead of it, its own and what follows all arrive, in order, whole.
 */
TEST_F(npipe, quota_killed_writer_behind_others)
{
	char x[60], a[100], b[100], dst[300];
	int srv, cli, status, i;
	pid_t pid[2];
	__u32 bytes;
	NP_NAME(name);

	ASSERT_EQ(0, quota_pair(self->ctl, name, NP_DUPLEX_MSG, 100, &srv,
				&cli));
	np_fill(x, sizeof(x), 1);
	np_fill(a, sizeof(a), 2);
	np_fill(b, sizeof(b), 3);
	ASSERT_EQ(0, np_write(cli, x, sizeof(x), &bytes));
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (!pid[i])
			_exit(np_write(cli, i ? b : a, 100, &bytes) ? 1 : 2);
		ASSERT_EQ(0, wait_msgs(srv, 2 + i));
	}
	check_peek(srv, 260, 60, 3);
	for (i = 1; i >= 0; i--) {
		ASSERT_EQ(0, kill(pid[i], SIGKILL));
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
	}
	check_peek(srv, 260, 60, 3);
	ASSERT_EQ(0, np_read(srv, dst, sizeof(dst), &bytes, NULL));
	EXPECT_EQ(60U, bytes);
	EXPECT_EQ(0, memcmp(dst, x, sizeof(x)));
	ASSERT_EQ(0, np_read(srv, dst, sizeof(dst), &bytes, NULL));
	EXPECT_EQ(100U, bytes);
	EXPECT_EQ(0, memcmp(dst, a, sizeof(a)));
	ASSERT_EQ(0, np_read(srv, dst, sizeof(dst), &bytes, NULL));
	EXPECT_EQ(100U, bytes);
	EXPECT_EQ(0, memcmp(dst, b, sizeof(b)));
	check_peek(srv, 0, 0, 0);
	close(cli);
	close(srv);
}

TEST_HARNESS_MAIN
