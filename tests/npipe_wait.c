// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: NPIPE_IOC_WAIT (spec section 4, WaitNamedPipe).
 */
#include "npipe_test.h"

static void setup_wait(struct np_async *w, int ctl, const char *name,
		       __u64 timeout, __u32 flags)
{
	w->op = NP_OP_WAIT;
	w->fd = ctl;
	w->name = name;
	w->timeout = timeout;
	w->flags = flags;
}

TEST_F(npipe, wait_missing_name)
{
	struct npipe_wait out;
	NP_NAME(name);

	EXPECT_EQ(-ENOENT, np_wait(self->ctl, name, NPIPE_TIMEOUT_INFINITE, 0));
	EXPECT_EQ(-ENOENT, np_wait(self->ctl, name, 0, 0));
	EXPECT_EQ(-ENOENT, np_wait(self->ctl, name, np_now() + 10 * NP_SEC, 0));
	EXPECT_EQ(-ENOENT, np_wait_ex(self->ctl, name, 0, NPIPE_WAIT_DEFAULT,
				      &out));
}

TEST_F(npipe, wait_listening_returns_at_once)
{
	int srv;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	ASSERT_LE(0, srv);
	EXPECT_EQ(0, np_wait(self->ctl, name, NPIPE_TIMEOUT_INFINITE, 0));
	/* even with a deadline already past */
	EXPECT_EQ(0, np_wait(self->ctl, name, 0, 0));
	EXPECT_EQ(0, np_wait(self->ctl, name, np_now() - NP_MSEC, 0));
	EXPECT_EQ(0, np_wait(self->ctl, name, 0, NPIPE_WAIT_DEFAULT));
	/* a wait reserves nothing, takes nothing */
	check_state(srv, NPIPE_STATE_LISTENING);
	close(srv);
}

TEST_F(npipe, wait_reserves_nothing)
{
	int srv, c1;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	ASSERT_LE(0, srv);
	EXPECT_EQ(0, np_wait(self->ctl, name, NPIPE_TIMEOUT_INFINITE, 0));
	c1 = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, c1);
	EXPECT_EQ(-EBUSY, np_open(self->ctl, name, NP_RW));
	close(c1);
	close(srv);
}

TEST_F(npipe, wait_until_new_instance)
{
	struct np_async w = { 0 };
	int a, b, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  2, 0, 0, NP_RW, &a, &cli));
	setup_wait(&w, self->ctl, name, NPIPE_TIMEOUT_INFINITE, 0);
	NP_START_BLOCKED(&w);
	b = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 2, 0, 0, 0);
	ASSERT_LE(0, b);
	NP_DONE(&w);
	EXPECT_EQ(0, w.ret);
	close(a);
	close(b);
	close(cli);
}

TEST_F(npipe, wait_until_reconnect)
{
	struct np_async w = { 0 };
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair_inst(self->ctl, name,
				  NPIPE_CREATE_DUPLEX | NPIPE_MODE_NOWAIT,
				  1, 0, 0, NP_RW, &srv, &cli));
	setup_wait(&w, self->ctl, name, np_now() + 60 * NP_SEC, 0);
	NP_START_BLOCKED(&w);
	/* CLOSING and DISCONNECTED are not listening */
	close(cli);
	NP_BLOCKED(&w);
	EXPECT_EQ(0, np_disconnect(srv));
	NP_BLOCKED(&w);
	/* connect re-arms it */
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	NP_DONE(&w);
	EXPECT_EQ(0, w.ret);
	close(srv);
}

TEST_F(npipe, wait_timeout)
{
	struct np_async w = { 0 };
	__u64 deadline;
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  1, 0, 0, NP_RW, &srv, &cli));

	/* a deadline in the past: ETIMEDOUT at once */
	EXPECT_EQ(-ETIMEDOUT, np_wait(self->ctl, name, 0, 0));
	EXPECT_EQ(-ETIMEDOUT, np_wait(self->ctl, name, np_now(), 0));

	deadline = np_now() + 400 * NP_MSEC;
	setup_wait(&w, self->ctl, name, deadline, 0);
	NP_START_BLOCKED(&w);
	NP_DONE(&w);
	EXPECT_EQ(-ETIMEDOUT, w.ret);
	EXPECT_LE(deadline, w.t_end);
	EXPECT_GT(deadline + NP_DONE_MS * NP_MSEC, w.t_end);
	/* the struct is left as given */
	EXPECT_EQ(deadline, w.wait.timeout);
	EXPECT_EQ(0U, w.wait.flags);

	/* INFINITE really waits */
	setup_wait(&w, self->ctl, name, NPIPE_TIMEOUT_INFINITE, 0);
	NP_START_BLOCKED(&w);
	np_msleep(300);
	NP_BLOCKED(&w);
	EXPECT_EQ(0, np_disconnect(srv));
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	NP_DONE(&w);
	EXPECT_EQ(0, w.ret);
	close(cli);
	close(srv);
}

TEST_F(npipe, wait_default_timeout)
{
	struct np_async w = { 0 };
	__u64 t0;
	int srv, cli;
	NP_NAME(name);
	NP_NAME(name50);

	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0,
			400 * NP_MSEC);
	ASSERT_LE(0, srv);
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);

	/* the timeout field is ignored on input with WAIT_DEFAULT */
	setup_wait(&w, self->ctl, name, 12345, NPIPE_WAIT_DEFAULT);
	t0 = np_now();
	NP_START_BLOCKED(&w);
	NP_DONE(&w);
	EXPECT_EQ(-ETIMEDOUT, w.ret);
	/* the kernel wrote back the absolute deadline and cleared the flag */
	EXPECT_EQ(0U, w.wait.flags);
	EXPECT_LE(t0 + 400 * NP_MSEC, w.wait.timeout);
	EXPECT_GE(w.t_end, w.wait.timeout);
	EXPECT_LE(w.t_end, t0 + NP_DONE_MS * NP_MSEC);
	close(cli);
	close(srv);

	/* default_timeout 0 means 50 ms */
	ASSERT_EQ(0, np_pair_inst(self->ctl, name50, NPIPE_CREATE_DUPLEX,
				  1, 0, 0, NP_RW, &srv, &cli));
	t0 = np_now();
	EXPECT_EQ(-ETIMEDOUT, np_wait_ex(self->ctl, name50, 0, NPIPE_WAIT_DEFAULT, &w.wait));
	w.t_end = np_now();
	EXPECT_EQ(0U, w.wait.flags);
	EXPECT_LE(t0 + NPIPE_DEFAULT_TIMEOUT_NS, w.wait.timeout);
	EXPECT_GE(w.t_end, w.wait.timeout);
	close(cli);
	close(srv);
}

/*
 * Huge timeouts saturate: a default timeout that overflows now + timeout,
 * and any deadline at or past 2^63 - 1 ns, are infinite waits alike.
 */
TEST_F(npipe, wait_huge_timeouts_saturate)
{
	static const __u64 deadlines[] = {
		1ULL << 63, (1ULL << 63) - 1, NPIPE_TIMEOUT_INFINITE - 1,
	};
	struct np_async w = { 0 };
	int srv, cli, more;
	unsigned int i;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX,
			NPIPE_UNLIMITED_INSTANCES, 0, 0, ~0ULL);
	ASSERT_LE(0, srv);
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);

	/* now + ~0 does not wrap into the past */
	setup_wait(&w, self->ctl, name, 12345, NPIPE_WAIT_DEFAULT);
	NP_START_BLOCKED(&w);
	more = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	ASSERT_LE(0, more);
	NP_DONE(&w);
	EXPECT_EQ(0, w.ret);
	EXPECT_EQ(0U, w.wait.flags);
	EXPECT_EQ(NPIPE_TIMEOUT_INFINITE, w.wait.timeout);
	ASSERT_LE(0, np_open(self->ctl, name, NP_RW));

	for (i = 0; i < sizeof(deadlines) / sizeof(deadlines[0]); i++) {
		setup_wait(&w, self->ctl, name, deadlines[i], 0);
		NP_START_BLOCKED(&w);
		more = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
		ASSERT_LE(0, more);
		NP_DONE(&w);
		EXPECT_EQ(0, w.ret) TH_LOG("deadline %#llx",
					   (unsigned long long)deadlines[i]);
		ASSERT_LE(0, np_open(self->ctl, name, NP_RW));
	}
	close(cli);
	close(srv);
}

TEST_F(npipe, wait_name_disappears)
{
	struct np_async w = { 0 };
	int a, b, cli, c2;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  2, 0, 0, NP_RW, &a, &cli));
	b = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 2, 0, 0, 0);
	ASSERT_LE(0, b);
	/* b is listening: make it not so by connecting a client */
	c2 = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, c2);
	setup_wait(&w, self->ctl, name, NPIPE_TIMEOUT_INFINITE, 0);
	NP_START_BLOCKED(&w);
	close(b);
	/* one instance left: still waiting */
	NP_BLOCKED(&w);
	close(a);
	NP_DONE(&w);
	EXPECT_EQ(-ENOENT, w.ret);
	close(c2);
	/* the client handle outlived the name */
	check_state(cli, NPIPE_STATE_CLOSING);
	close(cli);
}

TEST_F(npipe, wait_bad_args)
{
	struct npipe_wait w;
	int srv, i;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	ASSERT_LE(0, srv);
	for (i = 1; i < 32; i++)
		EXPECT_EQ(-EINVAL, np_wait(self->ctl, name, NPIPE_TIMEOUT_INFINITE, 1U << i))
			TH_LOG("bit %d", i);

	memset(&w, 0, sizeof(w));
	w.name = (uintptr_t)name;
	w.timeout = NPIPE_TIMEOUT_INFINITE;
	w.name_len = 0;
	EXPECT_EQ(-EINVAL, np_err(ioctl(self->ctl, NPIPE_IOC_WAIT, &w)));
	w.name_len = NPIPE_NAME_MAX + 1;
	EXPECT_EQ(-ENAMETOOLONG, np_err(ioctl(self->ctl, NPIPE_IOC_WAIT, &w)));
	w.name_len = 4;
	w.name = NP_BAD_PTR;
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_WAIT, &w)));
	w.name = NP_KERNEL_PTR;
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_WAIT, &w)));
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_WAIT, np_ptr(NP_BAD_PTR))));
	close(srv);
}

TEST_HARNESS_MAIN
