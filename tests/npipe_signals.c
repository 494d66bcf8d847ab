// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: blocking calls interrupted by signals.
 *
 * Without SA_RESTART a blocked call fails with EINTR and leaves no side
 * effect; with SA_RESTART it goes on waiting and completes; a call that
 * had a side effect is never repeated, and a WAIT deadline is absolute so
 * restarts never extend it.
 */
#include "npipe_test.h"

/* Start @a, prove it blocks, signal it; returns after the signal landed. */
#define START_AND_SIGNAL(a) do { \
	NP_START_BLOCKED(a); \
	ASSERT_EQ(0, pthread_kill((a)->thread, SIGUSR1)); \
} while (0)

static void signal_read(struct __test_metadata *_metadata, int ctl, int restart,
			enum np_op op)
{
	struct np_async rd = { .op = op };
	char buf[16];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_sig_setup(restart));
	ASSERT_EQ(0, np_pair(ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	np_async_io(&rd, srv, buf, sizeof(buf));
	START_AND_SIGNAL(&rd);
	if (restart) {
		NP_BLOCKED(&rd);
		EXPECT_EQ(1, np_sig_count);
		check_write(cli, "data");
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
		NP_DONE(&rd);
		EXPECT_EQ(-EINTR, rd.ret);
		EXPECT_EQ(1, np_sig_count);
		/* nothing consumed: the next message is read whole */
		check_write(cli, "data");
		check_read(srv, 16, "data", 0);
	}
	check_state(srv, NPIPE_STATE_CONNECTED);
	close(cli);
	close(srv);
}

NP_TEST_CASE(signal_read_no_restart, signal_read, 0, NP_OP_READ)
NP_TEST_CASE(signal_read_restart, signal_read, 1, NP_OP_READ)
NP_TEST_CASE(signal_sysread_no_restart, signal_read, 0, NP_OP_SYSREAD)
NP_TEST_CASE(signal_sysread_restart, signal_read, 1, NP_OP_SYSREAD)

TEST_F(npipe, signal_connect_no_restart)
{
	struct np_async con = { .op = NP_OP_CONNECT };
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_sig_setup(0));
	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	ASSERT_LE(0, srv);
	con.fd = srv;
	START_AND_SIGNAL(&con);
	NP_DONE(&con);
	EXPECT_EQ(-EINTR, con.ret);
	check_state(srv, NPIPE_STATE_LISTENING);
	/* still listening: a client can come, connect then sees it */
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	EXPECT_EQ(-EISCONN, np_connect(srv));
	close(cli);

	/* from DISCONNECTED: the re-arm stays, the wait is cut short */
	EXPECT_EQ(0, np_disconnect(srv));
	check_state(srv, NPIPE_STATE_DISCONNECTED);
	START_AND_SIGNAL(&con);
	NP_DONE(&con);
	EXPECT_EQ(-EINTR, con.ret);
	check_state(srv, NPIPE_STATE_LISTENING);
	EXPECT_EQ(0, np_wait(self->ctl, name, 0, 0));
	close(srv);
}

TEST_F(npipe, signal_connect_restart)
{
	struct np_async con = { .op = NP_OP_CONNECT };
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_sig_setup(1));
	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  1, 0, 0, NP_RW, &srv, &cli));
	close(cli);
	EXPECT_EQ(0, np_disconnect(srv));
	con.fd = srv;
	START_AND_SIGNAL(&con);
	NP_BLOCKED(&con);
	EXPECT_EQ(1, np_sig_count);
	check_state(srv, NPIPE_STATE_LISTENING);
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	NP_DONE(&con);
	EXPECT_EQ(0, con.ret);
	check_state(srv, NPIPE_STATE_CONNECTED);
	close(cli);
	close(srv);
}

TEST_F(npipe, signal_wait_no_restart)
{
	struct np_async w = { .op = NP_OP_WAIT };
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_sig_setup(0));
	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  1, 0, 0, NP_RW, &srv, &cli));
	w.fd = self->ctl;
	w.name = name;
	w.timeout = NPIPE_TIMEOUT_INFINITE;
	START_AND_SIGNAL(&w);
	NP_DONE(&w);
	EXPECT_EQ(-EINTR, w.ret);
	check_state(srv, NPIPE_STATE_CONNECTED);
	close(cli);
	close(srv);
}

TEST_F(npipe, signal_wait_restart)
{
	struct np_async w = { .op = NP_OP_WAIT };
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_sig_setup(1));
	ASSERT_EQ(0, np_pair_inst(self->ctl, name,
				  NPIPE_CREATE_DUPLEX | NPIPE_MODE_NOWAIT,
				  1, 0, 0, NP_RW, &srv, &cli));
	w.fd = self->ctl;
	w.name = name;
	w.timeout = NPIPE_TIMEOUT_INFINITE;
	START_AND_SIGNAL(&w);
	NP_BLOCKED(&w);
	EXPECT_EQ(1, np_sig_count);
	close(cli);
	EXPECT_EQ(0, np_disconnect(srv));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	NP_DONE(&w);
	EXPECT_EQ(0, w.ret);
	close(srv);
}

struct pester {
	pthread_t thread;
	pthread_t target;
	volatile int stop;
	int sent;
};

static void *pester_fn(void *arg)
{
	struct pester *p = arg;
	__u64 end = np_now() + 10 * NP_SEC;

	while (!p->stop && np_now() < end) {
		pthread_kill(p->target, SIGUSR1);
		p->sent++;
		np_msleep(20);
	}
	return NULL;
}

/* Signals every 20 ms during a WAIT with SA_RESTART must not push the
 * deadline out: it times out while the signals still come. */
static void signal_wait_deadline(struct __test_metadata *_metadata, int ctl,
				 int dflt)
{
	struct np_async w = { .op = NP_OP_WAIT };
	struct pester p = { 0 };
	__u64 t0;
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_sig_setup(1));
	srv = np_create(ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 500 * NP_MSEC);
	ASSERT_LE(0, srv);
	cli = np_open(ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	w.fd = ctl;
	w.name = name;
	t0 = np_now();
	w.timeout = dflt ? 0 : t0 + 500 * NP_MSEC;
	w.flags = dflt ? NPIPE_WAIT_DEFAULT : 0;
	ASSERT_EQ(0, np_async_start(&w));
	np_msleep(50);
	p.target = w.thread;
	ASSERT_EQ(0, pthread_create(&p.thread, NULL, pester_fn, &p));
	NP_DONE(&w);
	p.stop = 1;
	pthread_join(p.thread, NULL);
	EXPECT_EQ(-ETIMEDOUT, w.ret);
	EXPECT_LE(t0 + 500 * NP_MSEC, w.t_end);
	/* returned well before the 10 s of signals ended */
	EXPECT_GT(t0 + NP_DONE_MS * NP_MSEC, w.t_end);
	EXPECT_LT(1, p.sent);
	EXPECT_LT(0, np_sig_count);
	if (dflt) {
		EXPECT_EQ(0U, w.wait.flags);
		EXPECT_LE(t0 + 500 * NP_MSEC, w.wait.timeout);
		EXPECT_GE(w.t_end, w.wait.timeout);
	}
	close(cli);
	close(srv);
}

NP_TEST_CASE(signal_wait_deadline_not_extended, signal_wait_deadline, 0)
NP_TEST_CASE(signal_wait_default_deadline_not_extended, signal_wait_deadline, 1)

/*
 * A write waiting for quota room has queued its data already: a signal
 * ends the wait with success (the whole count), with or without
 * SA_RESTART, and the data is queued exactly once.  (kmod/io.c
 * np_wait_drained(); the header only says a call with a side effect is
 * never repeated.)
 */
static void signal_write(struct __test_metadata *_metadata, int ctl,
			 int restart)
{
	struct np_async wr = { .op = NP_OP_WRITE };
	char first[100], second[50], dst[200];
	__u32 bytes;
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_sig_setup(restart));
	srv = np_create(ctl, name, NP_DUPLEX_MSG, 1, 4096, 100, 0);
	ASSERT_LE(0, srv);
	cli = np_open(ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	np_fill(first, sizeof(first), 1);
	np_fill(second, sizeof(second), 2);
	ASSERT_EQ(0, np_write(cli, first, sizeof(first), &bytes));
	np_async_io(&wr, cli, second, sizeof(second));
	START_AND_SIGNAL(&wr);
	NP_DONE(&wr);
	EXPECT_EQ(0, wr.ret);
	EXPECT_EQ(50U, wr.bytes);
	EXPECT_EQ(1, np_sig_count);
	/* queued once, in order, nothing lost */
	check_peek(srv, 150, 100, 2);
	ASSERT_EQ(0, np_read(srv, dst, sizeof(dst), &bytes, NULL));
	EXPECT_EQ(100U, bytes);
	EXPECT_EQ(0, memcmp(dst, first, 100));
	ASSERT_EQ(0, np_read(srv, dst, sizeof(dst), &bytes, NULL));
	EXPECT_EQ(50U, bytes);
	EXPECT_EQ(0, memcmp(dst, second, 50));
	check_peek(srv, 0, 0, 0);
	close(cli);
	close(srv);
}

NP_TEST_CASE(signal_write_no_restart, signal_write, 0)
NP_TEST_CASE(signal_write_restart, signal_write, 1)

static void signal_flush(struct __test_metadata *_metadata, int ctl,
			 int restart)
{
	struct np_async fl = { .op = NP_OP_FLUSH };
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_sig_setup(restart));
	ASSERT_EQ(0, np_pair(ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	check_write(cli, "unread");
	fl.fd = cli;
	START_AND_SIGNAL(&fl);
	if (restart) {
		NP_BLOCKED(&fl);
	} else {
		NP_DONE(&fl);
		EXPECT_EQ(-EINTR, fl.ret);
		/* the data is still there, once */
		check_peek(srv, 6, 6, 1);
		ASSERT_EQ(0, np_async_start(&fl));
		NP_BLOCKED(&fl);
	}
	check_read(srv, 16, "unread", 0);
	NP_DONE(&fl);
	EXPECT_EQ(0, fl.ret);
	EXPECT_EQ(1, np_sig_count);
	close(cli);
	close(srv);
}

NP_TEST_CASE(signal_flush_no_restart, signal_flush, 0)
NP_TEST_CASE(signal_flush_restart, signal_flush, 1)

TEST_HARNESS_MAIN
