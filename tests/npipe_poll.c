// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: poll and epoll on instance fds.
 *
 * EPOLLIN: data to read.  EPOLLOUT: connected and below the write quota
 * (a write would not wait).  EPOLLHUP: the peer closed, or the instance
 * was disconnected.  A listening instance reports nothing until a client
 * connects, then EPOLLOUT (the header's nonblocking-connect completion).
 */
#include "npipe_test.h"

#define RW_EVENTS (POLLIN | POLLOUT | POLLHUP | POLLERR)

/* epoll_wait with a zero timeout: the events, 0 if none, or -errno. */
static int ep_now(int epfd)
{
	struct epoll_event ev = { 0 };
	int ret = epoll_wait(epfd, &ev, 1, 0);

	if (ret < 0)
		return -errno;
	return ret ? (int)ev.events : 0;
}

TEST_F(npipe, poll_listening_reports_nothing)
{
	int srv;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 4096, 4096, 0);
	ASSERT_LE(0, srv);
	EXPECT_EQ(0, np_revents(srv));
	close(srv);
}

TEST_F(npipe, poll_connected)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	EXPECT_EQ(POLLOUT, np_revents(srv) & RW_EVENTS);
	EXPECT_EQ(POLLOUT, np_revents(cli) & RW_EVENTS);
	check_write(srv, "x");
	EXPECT_EQ(POLLIN | POLLOUT, np_revents(cli) & RW_EVENTS);
	EXPECT_EQ(POLLOUT, np_revents(srv) & RW_EVENTS);
	check_read(cli, 4, "x", 0);
	EXPECT_EQ(POLLOUT, np_revents(cli) & RW_EVENTS);

	/* an empty message is something to read */
	EXPECT_EQ(0, np_write(cli, NULL, 0, NULL));
	EXPECT_EQ(POLLIN | POLLOUT, np_revents(srv) & RW_EVENTS);
	check_read(srv, 4, "", 0);
	EXPECT_EQ(POLLOUT, np_revents(srv) & RW_EVENTS);
	close(cli);
	close(srv);
}

TEST_F(npipe, poll_out_follows_quota)
{
	char buf[10];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  1, 4096, 10, NP_RW, &srv, &cli));
	memset(buf, 'q', sizeof(buf));
	EXPECT_EQ(POLLOUT, np_revents(cli) & RW_EVENTS);
	EXPECT_EQ(0, np_write(cli, buf, 9, NULL));
	EXPECT_EQ(POLLOUT, np_revents(cli) & RW_EVENTS);
	EXPECT_EQ(0, np_write(cli, buf, 1, NULL));
	/* full: a write would wait */
	EXPECT_EQ(0, np_revents(cli) & RW_EVENTS);
	EXPECT_EQ(POLLIN | POLLOUT, np_revents(srv) & RW_EVENTS);
	check_read(srv, 1, "q", 0);
	EXPECT_EQ(POLLOUT, np_revents(cli) & RW_EVENTS);
	close(cli);
	close(srv);
}

TEST_F(npipe, poll_hup)
{
	int srv, cli, r;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	check_write(cli, "bye");
	close(cli);
	/* CLOSING with data: readable, hung up, not writable */
	r = np_revents(srv);
	EXPECT_EQ(POLLIN | POLLHUP, r & (POLLIN | POLLOUT | POLLHUP));
	check_read(srv, 8, "bye", 0);
	r = np_revents(srv);
	EXPECT_EQ(POLLHUP, r & (POLLOUT | POLLHUP));

	/* after a disconnect: the client end is hung up */
	EXPECT_EQ(0, np_disconnect(srv));
	r = np_revents(srv);
	EXPECT_EQ(0, r & (POLLIN | POLLOUT)) TH_LOG("disconnected server: %#x", r);
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	EXPECT_EQ(0, np_revents(srv));
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	EXPECT_EQ(POLLOUT, np_revents(srv) & RW_EVENTS);
	check_write(srv, "lost");
	EXPECT_EQ(0, np_disconnect(srv));
	r = np_revents(cli);
	EXPECT_EQ(POLLHUP, r & (POLLIN | POLLOUT | POLLHUP)) TH_LOG("revents %#x", r);
	close(cli);

	/* the server end closed: the client drains, then hangs up */
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	check_write(srv, "end");
	close(srv);
	r = np_revents(cli);
	EXPECT_EQ(POLLIN | POLLHUP, r & (POLLIN | POLLOUT | POLLHUP));
	check_read(cli, 8, "end", 0);
	r = np_revents(cli);
	EXPECT_EQ(POLLHUP, r & (POLLOUT | POLLHUP));
	close(cli);
}

TEST_F(npipe, epoll_nowait_connect_completion)
{
	struct np_async e = { .op = NP_OP_EPOLL_WAIT };
	int srv, cli;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX | NPIPE_MODE_NOWAIT, 1, 4096, 4096, 0);
	ASSERT_LE(0, srv);
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	e.fd = np_epoll_new(srv, EPOLLIN | EPOLLOUT);
	ASSERT_LE(0, e.fd);
	EXPECT_EQ(0, ep_now(e.fd));
	NP_START_BLOCKED(&e);
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	NP_DONE(&e);
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLOUT, e.events & (EPOLLIN | EPOLLOUT | EPOLLHUP));
	EXPECT_EQ(-EISCONN, np_connect(srv));
	close(e.fd);
	close(cli);
	close(srv);
}

TEST_F(npipe, epoll_wakes_on_each_transition)
{
	struct np_async e = { .op = NP_OP_EPOLL_WAIT };
	char buf[16];
	int srv, cli, epout;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  1, 8, 8, NP_RW, &srv, &cli));

	/* EPOLLIN, edge-triggered: one event per write */
	e.fd = np_epoll_new(srv, EPOLLIN | EPOLLET);
	ASSERT_LE(0, e.fd);
	EXPECT_EQ(0, ep_now(e.fd));
	NP_START_BLOCKED(&e);
	check_write(cli, "a");
	NP_DONE(&e);
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLIN, e.events & EPOLLIN);
	EXPECT_EQ(0, ep_now(e.fd));
	check_write(cli, "b");
	EXPECT_EQ(EPOLLIN, ep_now(e.fd) & EPOLLIN);
	EXPECT_EQ(0, ep_now(e.fd));

	/* EPOLLOUT edge on the client: full quota, then room again */
	epout = np_epoll_new(cli, EPOLLOUT | EPOLLET);
	ASSERT_LE(0, epout);
	EXPECT_EQ(EPOLLOUT, ep_now(epout) & EPOLLOUT);
	EXPECT_EQ(0, np_write(cli, "123456", 6, NULL));	/* 8 unread now */
	EXPECT_EQ(0, ep_now(epout));
	EXPECT_EQ(0, np_revents(cli) & POLLOUT);
	ASSERT_EQ(0, np_read(srv, buf, 3, NULL, NULL));
	EXPECT_EQ(EPOLLOUT, ep_now(epout) & EPOLLOUT);
	close(epout);
	/* consume the server's EPOLLIN edge of that write */
	EXPECT_EQ(EPOLLIN, ep_now(e.fd) & EPOLLIN);

	/* EPOLLHUP when the peer goes */
	NP_START_BLOCKED(&e);

	close(cli);
	NP_DONE(&e);
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLHUP, e.events & EPOLLHUP);
	close(e.fd);
	close(srv);
}

TEST_F(npipe, epoll_disconnect_wakes_client)
{
	struct np_async e = { .op = NP_OP_EPOLL_WAIT };
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	e.fd = np_epoll_new(cli, EPOLLIN);
	ASSERT_LE(0, e.fd);
	NP_START_BLOCKED(&e);
	EXPECT_EQ(0, np_disconnect(srv));
	NP_DONE(&e);
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLHUP, e.events & (EPOLLHUP | EPOLLIN));
	close(e.fd);
	close(cli);
	close(srv);
}

TEST_F(npipe, poll_blocking_wakeup)
{
	struct pollfd p;
	int srv, cli;
	struct np_async wr = { .op = NP_OP_WRITE };
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	/* a writer thread delays, then writes; poll(2) sleeps until then */
	np_async_io(&wr, cli, "late", 4);
	p.fd = srv;
	p.events = POLLIN;
	p.revents = 0;
	EXPECT_EQ(0, poll(&p, 1, NP_BLOCK_MS));
	ASSERT_EQ(0, np_async_start(&wr));
	EXPECT_EQ(1, poll(&p, 1, NP_DONE_MS));
	EXPECT_EQ(POLLIN, p.revents & POLLIN);
	NP_DONE(&wr);
	check_read(srv, 8, "late", 0);
	close(cli);
	close(srv);
}

TEST_HARNESS_MAIN
