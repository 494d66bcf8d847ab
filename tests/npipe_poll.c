// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: poll and epoll on instance fds.
 *
 * EPOLLIN: data to read.  EPOLLOUT: connected and below the write quota
 * (a write would not wait).  EPOLLHUP: the peer closed, or the instance
 * was disconnected.  A listening instance reports nothing until a client
 * connects, then EPOLLOUT (the header's nonblocking-connect completion).
 */
#include <sys/epoll.h>
#include "npipe_test.h"

#define RW_EVENTS (POLLIN | POLLOUT | POLLHUP | POLLERR)

struct ep_async {
	pthread_t thread;
	int epfd;
	int timeout_ms;
	int ret;
	__u32 events;
};

static void *ep_fn(void *arg)
{
	struct ep_async *e = arg;
	struct epoll_event ev = { 0 };

	e->ret = epoll_wait(e->epfd, &ev, 1, e->timeout_ms);
	if (e->ret < 0)
		e->ret = -errno;
	e->events = ev.events;
	return NULL;
}

static int ep_join(struct ep_async *e, unsigned int ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return pthread_timedjoin_np(e->thread, NULL, &ts);
}

/* epoll_wait with a zero timeout: the events, 0 if none, or -errno. */
static int ep_now(int epfd)
{
	struct epoll_event ev = { 0 };
	int ret = epoll_wait(epfd, &ev, 1, 0);

	if (ret < 0)
		return -errno;
	return ret ? (int)ev.events : 0;
}

static int ep_add(int fd, __u32 events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };
	int epfd = epoll_create1(EPOLL_CLOEXEC);

	if (epfd < 0)
		return -errno;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev))
		return -errno;
	return epfd;
}

TEST(poll_listening_reports_nothing)
{
	int ctl, srv;
	NP_NAME(name);

	NP_REQUIRE(ctl);
	srv = np_create(ctl, name, NPIPE_CREATE_DUPLEX, 1, 4096, 4096, 0);
	ASSERT_LE(0, srv);
	EXPECT_EQ(0, np_revents(srv));
	close(srv);
	close(ctl);
}

TEST(poll_connected)
{
	int ctl, srv, cli;
	NP_NAME(name);

	NP_REQUIRE(ctl);
	ASSERT_EQ(0, np_pair(ctl, name, NP_DUPLEX_MSG, &srv, &cli));
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
	close(ctl);
}

TEST(poll_out_follows_quota)
{
	char buf[10];
	int ctl, srv, cli;
	NP_NAME(name);

	NP_REQUIRE(ctl);
	srv = np_create(ctl, name, NPIPE_CREATE_DUPLEX, 1, 4096, 10, 0);
	ASSERT_LE(0, srv);
	cli = np_open(ctl, name, NP_RW);
	ASSERT_LE(0, cli);
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
	close(ctl);
}

TEST(poll_hup)
{
	int ctl, srv, cli, r;
	NP_NAME(name);

	NP_REQUIRE(ctl);
	ASSERT_EQ(0, np_pair(ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
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
	cli = np_open(ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	EXPECT_EQ(POLLOUT, np_revents(srv) & RW_EVENTS);
	check_write(srv, "lost");
	EXPECT_EQ(0, np_disconnect(srv));
	r = np_revents(cli);
	EXPECT_EQ(POLLHUP, r & (POLLIN | POLLOUT | POLLHUP)) TH_LOG("revents %#x", r);
	close(cli);

	/* the server end closed: the client drains, then hangs up */
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	cli = np_open(ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	check_write(srv, "end");
	close(srv);
	r = np_revents(cli);
	EXPECT_EQ(POLLIN | POLLHUP, r & (POLLIN | POLLOUT | POLLHUP));
	check_read(cli, 8, "end", 0);
	r = np_revents(cli);
	EXPECT_EQ(POLLHUP, r & (POLLOUT | POLLHUP));
	close(cli);
	close(ctl);
}

TEST(epoll_nowait_connect_completion)
{
	struct ep_async e = { 0 };
	int ctl, srv, cli;
	NP_NAME(name);

	NP_REQUIRE(ctl);
	srv = np_create(ctl, name, NPIPE_CREATE_DUPLEX | NPIPE_MODE_NOWAIT, 1, 4096, 4096, 0);
	ASSERT_LE(0, srv);
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	e.epfd = ep_add(srv, EPOLLIN | EPOLLOUT);
	ASSERT_LE(0, e.epfd);
	EXPECT_EQ(0, ep_now(e.epfd));
	e.timeout_ms = 10000;
	ASSERT_EQ(0, pthread_create(&e.thread, NULL, ep_fn, &e));
	ASSERT_EQ(ETIMEDOUT, ep_join(&e, NP_BLOCK_MS));
	cli = np_open(ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	ASSERT_EQ(0, ep_join(&e, NP_DONE_MS));
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLOUT, e.events & (EPOLLIN | EPOLLOUT | EPOLLHUP));
	EXPECT_EQ(-EISCONN, np_connect(srv));
	close(e.epfd);
	close(cli);
	close(srv);
	close(ctl);
}

TEST(epoll_wakes_on_each_transition)
{
	struct ep_async e = { 0 };
	char buf[16];
	int ctl, srv, cli, epout;
	NP_NAME(name);

	NP_REQUIRE(ctl);
	srv = np_create(ctl, name, NPIPE_CREATE_DUPLEX, 1, 8, 8, 0);
	ASSERT_LE(0, srv);
	cli = np_open(ctl, name, NP_RW);
	ASSERT_LE(0, cli);

	/* EPOLLIN, edge-triggered: one event per write */
	e.epfd = ep_add(srv, EPOLLIN | EPOLLET);
	ASSERT_LE(0, e.epfd);
	EXPECT_EQ(0, ep_now(e.epfd));
	e.timeout_ms = 10000;
	ASSERT_EQ(0, pthread_create(&e.thread, NULL, ep_fn, &e));
	ASSERT_EQ(ETIMEDOUT, ep_join(&e, NP_BLOCK_MS));
	check_write(cli, "a");
	ASSERT_EQ(0, ep_join(&e, NP_DONE_MS));
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLIN, e.events & EPOLLIN);
	EXPECT_EQ(0, ep_now(e.epfd));
	check_write(cli, "b");
	EXPECT_EQ(EPOLLIN, ep_now(e.epfd) & EPOLLIN);
	EXPECT_EQ(0, ep_now(e.epfd));

	/* EPOLLOUT edge on the client: full quota, then room again */
	epout = ep_add(cli, EPOLLOUT | EPOLLET);
	ASSERT_LE(0, epout);
	EXPECT_EQ(EPOLLOUT, ep_now(epout) & EPOLLOUT);
	EXPECT_EQ(0, np_write(cli, "123456", 6, NULL));	/* 8 unread now */
	EXPECT_EQ(0, ep_now(epout));
	EXPECT_EQ(0, np_revents(cli) & POLLOUT);
	ASSERT_EQ(0, np_read(srv, buf, 3, NULL, NULL));
	EXPECT_EQ(EPOLLOUT, ep_now(epout) & EPOLLOUT);
	close(epout);
	/* consume the server's EPOLLIN edge of that write */
	EXPECT_EQ(EPOLLIN, ep_now(e.epfd) & EPOLLIN);

	/* EPOLLHUP when the peer goes */
	ASSERT_EQ(0, pthread_create(&e.thread, NULL, ep_fn, &e));
	ASSERT_EQ(ETIMEDOUT, ep_join(&e, NP_BLOCK_MS));

	close(cli);
	ASSERT_EQ(0, ep_join(&e, NP_DONE_MS));
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLHUP, e.events & EPOLLHUP);
	close(e.epfd);
	close(srv);
	close(ctl);
}

TEST(epoll_disconnect_wakes_client)
{
	struct ep_async e = { 0 };
	int ctl, srv, cli;
	NP_NAME(name);

	NP_REQUIRE(ctl);
	ASSERT_EQ(0, np_pair(ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	e.epfd = ep_add(cli, EPOLLIN);
	ASSERT_LE(0, e.epfd);
	e.timeout_ms = 10000;
	ASSERT_EQ(0, pthread_create(&e.thread, NULL, ep_fn, &e));
	ASSERT_EQ(ETIMEDOUT, ep_join(&e, NP_BLOCK_MS));
	EXPECT_EQ(0, np_disconnect(srv));
	ASSERT_EQ(0, ep_join(&e, NP_DONE_MS));
	EXPECT_EQ(1, e.ret);
	EXPECT_EQ((__u32)EPOLLHUP, e.events & (EPOLLHUP | EPOLLIN));
	close(e.epfd);
	close(cli);
	close(srv);
	close(ctl);
}

TEST(poll_blocking_wakeup)
{
	struct pollfd p;
	int ctl, srv, cli;
	struct np_async wr = { .op = NP_OP_WRITE };
	NP_NAME(name);

	NP_REQUIRE(ctl);
	ASSERT_EQ(0, np_pair(ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	/* a writer thread delays, then writes; poll(2) sleeps until then */
	wr.fd = cli;
	wr.buf = "late";
	wr.len = 4;
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
	close(ctl);
}

TEST_HARNESS_MAIN
