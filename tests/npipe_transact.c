// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: NPIPE_IOC_TRANSACT (spec section 9, TransactNamedPipe).
 */
#include "npipe_test.h"

/* A message pipe, server in message read mode, client switched to it. */
static int msg_pair(int ctl, const char *name, __u32 quota, int *srv, int *cli)
{
	int ret = np_pair_ex(ctl, name, NP_DUPLEX_MSG, NP_RW, quota, srv, cli);

	if (ret)
		return ret;
	return np_set_mode(*cli, NPIPE_MODE_MESSAGE_READ);
}

static void setup_transact(struct np_async *t, int fd, const char *req,
			   char *rbuf, __u32 rlen, __u32 flags)
{
	t->op = NP_OP_TRANSACT;
	t->fd = fd;
	t->buf = (void *)req;
	t->len = (__u32)strlen(req);
	t->rbuf = rbuf;
	t->rlen = rlen;
	t->flags = flags;
	memset(rbuf, 0xcc, rlen);
}

TEST_F(npipe, transact_round_trip)
{
	struct np_async t = { 0 };
	char rbuf[64];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, msg_pair(self->ctl, name, 4096, &srv, &cli));

	setup_transact(&t, cli, "request", rbuf, sizeof(rbuf), 0);
	NP_START_BLOCKED(&t);
	check_peek(srv, 7, 7, 1);
	check_read(srv, 64, "request", 0);
	NP_BLOCKED(&t);
	check_write(srv, "reply");
	check_async(&t, 0, 5, 0);
	EXPECT_EQ(NPIPE_TRANSACT_SENT, t.flags);
	EXPECT_EQ(0, memcmp(rbuf, "reply", 5));
	EXPECT_EQ((char)0xcc, rbuf[5]);
	check_peek(cli, 0, 0, 0);
	check_peek(srv, 0, 0, 0);

	/* from the server end as well */
	setup_transact(&t, srv, "ping", rbuf, sizeof(rbuf), 0);
	NP_START_BLOCKED(&t);
	check_read(cli, 64, "ping", 0);
	check_write(cli, "pong!");
	check_async(&t, 0, 5, 0);
	EXPECT_EQ(NPIPE_TRANSACT_SENT, t.flags);
	EXPECT_EQ(0, memcmp(rbuf, "pong!", 5));
	close(cli);
	close(srv);
}

TEST_F(npipe, transact_reads_one_message)
{
	struct np_async t = { 0 };
	char rbuf[64];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, msg_pair(self->ctl, name, 4096, &srv, &cli));
	setup_transact(&t, cli, "q", rbuf, sizeof(rbuf), 0);
	NP_START_BLOCKED(&t);
	/* an empty reply is a reply */
	EXPECT_EQ(0, np_write(srv, NULL, 0, NULL));
	check_async(&t, 0, 0, 0);

	check_read(srv, 8, "q", 0);
	setup_transact(&t, cli, "q2", rbuf, sizeof(rbuf), 0);
	NP_START_BLOCKED(&t);
	check_write(srv, "one");
	check_write(srv, "two");
	NP_DONE(&t);
	/* one message is the reply, the next stays queued */
	EXPECT_EQ(0, t.ret);
	EXPECT_EQ(3U, t.bytes);
	EXPECT_EQ(0, memcmp(rbuf, "one", 3));
	check_read(cli, 8, "two", 0);
	check_read(srv, 8, "q2", 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, transact_needs_message_mode)
{
	char rbuf[8];
	__u32 flags;
	int srv, cli;
	NP_NAME(name);
	NP_NAME(bname);

	/* message pipe, client in byte read mode */
	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	flags = 0;
	EXPECT_EQ(-EBADFD, np_transact(cli, "q", 1, rbuf, sizeof(rbuf), &flags, NULL, NULL));
	EXPECT_EQ(0U, flags);
	ASSERT_EQ(0, np_set_mode(srv, 0));
	EXPECT_EQ(-EBADFD, np_transact(srv, "q", 1, rbuf, sizeof(rbuf), NULL, NULL, NULL));
	/* nothing was written either way */
	check_peek(srv, 0, 0, 0);
	check_peek(cli, 0, 0, 0);
	close(cli);
	close(srv);

	/* byte pipe */
	ASSERT_EQ(0, np_pair(self->ctl, bname, NPIPE_CREATE_DUPLEX, &srv,
			     &cli));
	EXPECT_EQ(-EBADFD, np_transact(cli, "q", 1, rbuf, sizeof(rbuf), NULL, NULL, NULL));
	EXPECT_EQ(-EBADFD, np_transact(srv, "q", 1, rbuf, sizeof(rbuf), NULL, NULL, NULL));
	check_peek(srv, 0, 0, 0);
	check_peek(cli, 0, 0, 0);
	close(cli);
	close(srv);
}

/*
 * A handle without both read and write access: ERROR_ACCESS_DENIED, which
 * Windows checks before the pipe type and the read mode.
 */
TEST_F(npipe, transact_needs_read_and_write_access)
{
	__u32 flags, bytes;
	char rbuf[8];
	int srv, cli;
	NP_NAME(name);
	NP_NAME(bname);

	/* message pipe, write-only client in message read mode */
	ASSERT_EQ(0, np_pair_ex(self->ctl, name, NP_DUPLEX_MSG,
				NPIPE_OPEN_WRITE, 4096, &srv, &cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ));
	flags = 0;
	EXPECT_EQ(-EACCES, np_transact(cli, "q", 1, rbuf, sizeof(rbuf), &flags,
				       &bytes, NULL));
	EXPECT_EQ(0U, flags);
	EXPECT_EQ(NP_SENTINEL, bytes);
	check_peek(srv, 0, 0, 0);
	close(cli);
	close(srv);

	/* byte pipe, read-only client: still access denied, not bad pipe */
	ASSERT_EQ(0, np_pair_ex(self->ctl, bname, NPIPE_CREATE_DUPLEX,
				NPIPE_OPEN_READ, 4096, &srv, &cli));
	EXPECT_EQ(-EACCES, np_transact(cli, "q", 1, rbuf, sizeof(rbuf), NULL,
				       NULL, NULL));
	close(cli);
	close(srv);

	/* an inbound-only server end of a byte pipe */
	ASSERT_EQ(0, np_pair_ex(self->ctl, bname, NPIPE_CREATE_INBOUND,
				NPIPE_OPEN_WRITE, 4096, &srv, &cli));
	EXPECT_EQ(-EACCES, np_transact(srv, "q", 1, rbuf, sizeof(rbuf), NULL,
				       NULL, NULL));
	check_peek(srv, 0, 0, 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, transact_busy_with_unread_data)
{
	char rbuf[8];
	__u32 flags;
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, msg_pair(self->ctl, name, 4096, &srv, &cli));
	check_write(srv, "pending");
	flags = 0;
	EXPECT_EQ(-EBUSY, np_transact(cli, "req", 3, rbuf, sizeof(rbuf), &flags, NULL, NULL));
	EXPECT_EQ(0U, flags);
	/* the peer sees nothing; the caller's data is untouched */
	check_peek(srv, 0, 0, 0);
	check_peek(cli, 7, 7, 1);

	/* a partly read message is unread data too */
	check_read(cli, 3, "pen", 4);
	EXPECT_EQ(-EBUSY, np_transact(cli, "req", 3, rbuf, sizeof(rbuf), &flags, NULL, NULL));
	check_peek(srv, 0, 0, 0);
	check_read(cli, 8, "ding", 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, transact_reply_too_big)
{
	struct np_async t = { 0 };
	char rbuf[4];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, msg_pair(self->ctl, name, 4096, &srv, &cli));
	setup_transact(&t, cli, "give", rbuf, sizeof(rbuf), 0);
	NP_START_BLOCKED(&t);
	check_write(srv, "0123456789");
	check_async(&t, 0, 4, 6);
	EXPECT_EQ(0, memcmp(rbuf, "0123", 4));
	/* the rest stays readable */
	check_peek(cli, 6, 6, 1);
	check_read(cli, 16, "456789", 0);
	check_read(srv, 16, "give", 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, transact_sent_flag_only_reads)
{
	struct np_async t = { 0 };
	char rbuf[16];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, msg_pair(self->ctl, name, 4096, &srv, &cli));
	setup_transact(&t, cli, "never sent", rbuf, sizeof(rbuf), NPIPE_TRANSACT_SENT);
	NP_START_BLOCKED(&t);
	check_peek(srv, 0, 0, 0);
	check_write(srv, "answer");
	check_async(&t, 0, 6, 0);
	EXPECT_EQ(NPIPE_TRANSACT_SENT, t.flags);
	EXPECT_EQ(0, memcmp(rbuf, "answer", 6));
	check_peek(srv, 0, 0, 0);

	/* with SENT and a reply already there: no EBUSY, just the read */
	check_write(srv, "ready");
	setup_transact(&t, cli, "never sent", rbuf, sizeof(rbuf), NPIPE_TRANSACT_SENT);
	ASSERT_EQ(0, np_async_start(&t));
	NP_DONE(&t);
	EXPECT_EQ(0, t.ret);
	EXPECT_EQ(5U, t.bytes);
	EXPECT_EQ(0, memcmp(rbuf, "ready", 5));
	check_peek(srv, 0, 0, 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, transact_ignores_quota_and_nowait)
{
	struct np_async t = { 0 };
	char req[200], rbuf[16];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, msg_pair(self->ctl, name, 10, &srv, &cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	memset(req, 'r', sizeof(req) - 1);
	req[sizeof(req) - 1] = 0;
	setup_transact(&t, cli, req, rbuf, sizeof(rbuf), 0);
	/* queued whatever the quota, then waits for the reply even in NOWAIT */
	NP_START_BLOCKED(&t);
	check_peek(srv, 199, 199, 1);
	ASSERT_EQ(0, np_read(srv, req, sizeof(req), NULL, NULL));
	NP_BLOCKED(&t);
	check_write(srv, "ok");
	NP_DONE(&t);
	EXPECT_EQ(0, t.ret);
	EXPECT_EQ(2U, t.bytes);
	EXPECT_EQ(NPIPE_TRANSACT_SENT, t.flags);
	close(cli);
	close(srv);
}

/*
 * The request ignores the quota but not the max_overquota hard cap: past
 * it a NOWAIT handle gets EAGAIN and a blocking one waits, as a write does.
 */
TEST_F(npipe, transact_request_respects_overquota)
{
	struct np_async t1 = { 0 }, t2 = { 0 }, t3 = { 0 };
	unsigned long long cap, maxmsg;
	char rb1[16], rb2[16], rb3[16];
	char *req, *got;
	int srv, cli;
	size_t len;
	NP_NAME(name);

	if (param_read("max_overquota", &cap) ||
	    param_read("max_msg_size", &maxmsg))
		SKIP(return, "no %s/max_overquota", NP_PARAM_DIR);
	len = cap * 2 / 3;
	if (len < 256 || len > maxmsg || len > (64 << 20))
		SKIP(return, "max_overquota %llu: not a size this test uses", cap);
	req = malloc(len + 1);
	got = malloc(len + 1);
	ASSERT_TRUE(req && got);
	memset(req, 'q', len);
	req[len] = 0;

	ASSERT_EQ(0, msg_pair(self->ctl, name, 0, &srv, &cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	/* the first request goes in on an empty queue, then waits for a reply */
	setup_transact(&t1, cli, req, rb1, sizeof(rb1), 0);
	NP_START_BLOCKED(&t1);
	check_peek(srv, len, len, 1);
	/* a second one would pass the cap: NOWAIT refuses it, sends nothing */
	setup_transact(&t2, cli, req, rb2, sizeof(rb2), 0);
	ASSERT_EQ(0, np_async_start(&t2));
	NP_DONE(&t2);
	EXPECT_EQ(-EAGAIN, t2.ret);
	EXPECT_EQ(0U, t2.flags);
	check_peek(srv, len, len, 1);

	/* a blocking one waits for room, then sends */
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ));
	setup_transact(&t3, cli, req, rb3, sizeof(rb3), 0);
	NP_START_BLOCKED(&t3);
	check_peek(srv, len, len, 1);
	ASSERT_EQ(0, np_read(srv, got, len, NULL, NULL));
	/* the reply wakes one of the two: the other one's request comes in */
	np_msleep(NP_BLOCK_MS);
	check_peek(srv, len, len, 1);
	check_write(srv, "a");
	check_write(srv, "b");
	NP_DONE(&t1);
	NP_DONE(&t3);
	EXPECT_EQ(0, t1.ret);
	EXPECT_EQ(0, t3.ret);
	EXPECT_EQ(NPIPE_TRANSACT_SENT, t3.flags);
	close(cli);
	close(srv);
	free(req);
	free(got);
}

TEST_F(npipe, transact_args)
{
	struct npipe_transact tr;
	char rbuf[8];
	int srv, cli, i;
	NP_NAME(name);

	ASSERT_EQ(0, msg_pair(self->ctl, name, 4096, &srv, &cli));
	for (i = 0; i < 32; i++) {
		memset(&tr, 0, sizeof(tr));
		tr.wbuf = (uintptr_t)"q";
		tr.wlen = 1;
		tr.rbuf = (uintptr_t)rbuf;
		tr.rlen = sizeof(rbuf);
		tr.pad = 1U << i;
		EXPECT_EQ(-EINVAL, np_err(ioctl(cli, NPIPE_IOC_TRANSACT, &tr)));
		if (i == 0)
			continue;
		tr.pad = 0;
		tr.flags = 1U << i;
		EXPECT_EQ(-EINVAL, np_err(ioctl(cli, NPIPE_IOC_TRANSACT, &tr)));
	}
	EXPECT_EQ(-EFAULT, np_err(ioctl(cli, NPIPE_IOC_TRANSACT, NULL)));
	EXPECT_EQ(-EFAULT, np_err(ioctl(cli, NPIPE_IOC_TRANSACT, np_ptr(NP_KERNEL_PTR))));
	EXPECT_EQ(-EFAULT, np_transact(cli, np_ptr(NP_BAD_PTR), 4, rbuf, sizeof(rbuf),
				       NULL, NULL, NULL));
	/* nothing was sent */
	check_peek(srv, 0, 0, 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, transact_peer_gone)
{
	struct np_async t = { 0 };
	char rbuf[8];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, msg_pair(self->ctl, name, 4096, &srv, &cli));
	setup_transact(&t, cli, "q", rbuf, sizeof(rbuf), 0);
	NP_START_BLOCKED(&t);
	EXPECT_EQ(0, np_disconnect(srv));
	NP_DONE(&t);
	EXPECT_EQ(-ECONNRESET, t.ret);
	EXPECT_EQ(NPIPE_TRANSACT_SENT, t.flags);
	close(cli);

	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ));
	setup_transact(&t, cli, "q", rbuf, sizeof(rbuf), 0);
	NP_START_BLOCKED(&t);
	close(srv);
	NP_DONE(&t);
	/* the read half sees a closed peer with nothing left */
	EXPECT_EQ(-EPIPE, t.ret);
	close(cli);
}

static void transact_signal(struct __test_metadata *_metadata, int ctl,
			    int restart)
{
	struct np_async t = { 0 };
	char rbuf[16];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_sig_setup(restart));
	ASSERT_EQ(0, msg_pair(ctl, name, 4096, &srv, &cli));
	setup_transact(&t, cli, "once", rbuf, sizeof(rbuf), 0);
	NP_START_BLOCKED(&t);
	ASSERT_EQ(0, pthread_kill(t.thread, SIGUSR1));
	if (restart) {
		/* restarted: keeps waiting, does not send again */
		NP_BLOCKED(&t);
		EXPECT_EQ(1, np_sig_count);
		check_peek(srv, 4, 4, 1);
	} else {
		NP_DONE(&t);
		EXPECT_EQ(-EINTR, t.ret);
		EXPECT_EQ(NPIPE_TRANSACT_SENT, t.flags);
		EXPECT_EQ(1, np_sig_count);
		check_peek(srv, 4, 4, 1);
		/* resume: the same struct, SENT set, only reads */
		ASSERT_EQ(0, np_async_start(&t));
		NP_BLOCKED(&t);
	}
	/* one more signal for good measure */
	ASSERT_EQ(0, pthread_kill(t.thread, SIGUSR1));
	np_msleep(50);
	if (!restart) {
		NP_DONE(&t);
		EXPECT_EQ(-EINTR, t.ret);
		EXPECT_EQ(NPIPE_TRANSACT_SENT, t.flags);
		ASSERT_EQ(0, np_async_start(&t));
		NP_BLOCKED(&t);
	}
	check_peek(srv, 4, 4, 1);
	check_read(srv, 16, "once", 0);
	check_peek(srv, 0, 0, 0);
	check_write(srv, "reply");
	check_async(&t, 0, 5, 0);
	EXPECT_EQ(NPIPE_TRANSACT_SENT, t.flags);
	EXPECT_EQ(0, memcmp(rbuf, "reply", 5));
	EXPECT_EQ(2, np_sig_count);
	/* exactly one request was ever sent */
	check_peek(srv, 0, 0, 0);
	close(cli);
	close(srv);
}

NP_TEST_CASE(transact_signal_no_restart, transact_signal, 0)
NP_TEST_CASE(transact_signal_restart, transact_signal, 1)

TEST_HARNESS_MAIN
