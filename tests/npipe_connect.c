// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: the connection state machine (spec sections 4 and 5).
 *
 * One test per column of the state table of section 5, each trying every
 * operation of that column (ioctl and read(2)/write(2) forms), plus the
 * transitions: connect, disconnect, close in each order.
 */
#include "npipe_test.h"

/* A message-type duplex pipe, server in message read mode. */
#define MSGPIPE NP_DUPLEX_MSG

/* Every operation of the table fails with @err_read, @err_write,
 * @err_flush (0: succeeds), @err_peek, @err_transact on @fd. */
#define check_dead_ops(fd, err_read, err_write, err_flush, err_peek, \
		       err_transact) ({ \
	char __b[8]; \
	__u32 __fl = 0; \
	EXPECT_EQ(-(err_read), np_read((fd), __b, sizeof(__b), NULL, NULL)); \
	EXPECT_EQ(-(err_read), np_read((fd), NULL, 0, NULL, NULL)); \
	EXPECT_EQ(-(err_read), np_sysread((fd), __b, sizeof(__b))); \
	EXPECT_EQ(-(err_write), np_write((fd), "abc", 3, NULL)); \
	EXPECT_EQ(-(err_write), np_syswrite((fd), "abc", 3)); \
	EXPECT_EQ(-(err_flush), np_flush(fd)); \
	EXPECT_EQ(-(err_peek), np_peek((fd), __b, sizeof(__b), NULL)); \
	EXPECT_EQ(-(err_transact), np_transact((fd), "q", 1, __b, sizeof(__b), \
					      &__fl, NULL, NULL)); \
	EXPECT_EQ(0U, __fl); \
})

TEST_F(npipe, state_listening)
{
	int srv, ret;
	NP_NAME(name);

	srv = np_create(self->ctl, name, MSGPIPE, 1, 4096, 4096, 0);
	ASSERT_LE(0, srv);
	check_state(srv, NPIPE_STATE_LISTENING);

	check_dead_ops(srv, ENOTCONN, ENOTCONN, 0, EBADFD, EBADFD);
	EXPECT_EQ(-ENOTCONN, np_disconnect(srv));

	/* NOWAIT does not turn ERROR_PIPE_LISTENING into ERROR_NO_DATA */
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	check_dead_ops(srv, ENOTCONN, ENOTCONN, 0, EBADFD, EBADFD);
	/* NOWAIT connect: ERROR_PIPE_LISTENING at once, still listening */
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	check_state(srv, NPIPE_STATE_LISTENING);

	/* a byte read mode server: transact is still ERROR_BAD_PIPE */
	ASSERT_EQ(0, np_set_mode(srv, 0));
	EXPECT_EQ(-EBADFD, np_transact(srv, "q", 1, NULL, 0, NULL, NULL, NULL));

	/* none of this let a client in twice or broke the instance */
	ret = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, ret);
	check_state(srv, NPIPE_STATE_CONNECTED);
	close(ret);
	close(srv);
}

TEST_F(npipe, state_connected)
{
	struct np_async rd = { .op = NP_OP_READ };
	struct npipe_peek pk;
	int srv, cli;
	char buf[16];
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, MSGPIPE, &srv, &cli));
	check_state(srv, NPIPE_STATE_CONNECTED);
	check_state(cli, NPIPE_STATE_CONNECTED);

	/* connect with a client there: ERROR_PIPE_CONNECTED, no change */
	EXPECT_EQ(-EISCONN, np_connect(srv));
	check_state(srv, NPIPE_STATE_CONNECTED);

	/* write OK, read gets it, both ways, ioctl and syscall forms */
	check_write(srv, "s2c");
	EXPECT_EQ(3, np_syswrite(cli, "c2s", 3));
	ASSERT_EQ(0, np_peek(cli, buf, sizeof(buf), &pk));
	EXPECT_EQ(3U, pk.bytes);
	EXPECT_EQ(3U, pk.avail);
	EXPECT_EQ(0, memcmp(buf, "s2c", 3));
	check_read(srv, 8, "c2s", 0);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(3, np_sysread(cli, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "s2c", 3));

	/* an empty pipe: read waits for data */
	np_async_io(&rd, cli, buf, sizeof(buf));
	NP_START_BLOCKED(&rd);
	check_write(srv, "wake");
	check_async(&rd, 0, 4, 0);
	EXPECT_EQ(0, memcmp(buf, "wake", 4));

	/* NOWAIT: ERROR_NO_DATA at once */
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-EAGAIN, np_read(cli, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(-EAGAIN, np_sysread(cli, buf, sizeof(buf)));
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-EAGAIN, np_read(srv, buf, sizeof(buf), NULL, NULL));
	/* peek of an empty connected pipe is fine */
	check_peek(srv, 0, 0, 0);
	check_peek(cli, 0, 0, 0);
	/* flush with nothing unread returns at once */
	EXPECT_EQ(0, np_flush(srv));
	EXPECT_EQ(0, np_flush(cli));

	check_state(srv, NPIPE_STATE_CONNECTED);
	check_state(cli, NPIPE_STATE_CONNECTED);
	close(cli);
	close(srv);
}

/* The server's view after the client closed without a disconnect. */
TEST_F(npipe, state_closing_server)
{
	char buf[16];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, MSGPIPE, &srv, &cli));
	check_write(cli, "one");
	check_write(cli, "two");
	check_write(srv, "unread");
	close(cli);

	check_state(srv, NPIPE_STATE_CLOSING);
	/* writes fail at once, queued data is still readable */
	EXPECT_EQ(-ESHUTDOWN, np_write(srv, "x", 1, NULL));
	EXPECT_EQ(-ESHUTDOWN, np_write(srv, NULL, 0, NULL));
	/* flush succeeds once the peer closed (header: FLUSH) */
	EXPECT_EQ(0, np_flush(srv));
	EXPECT_EQ(-ESHUTDOWN, np_connect(srv));
	/* TransactNamedPipe on CLOSING: ERROR_BAD_PIPE, even with data */
	EXPECT_EQ(-EBADFD, np_transact(srv, "q", 1, buf, sizeof(buf), NULL, NULL, NULL));
	check_peek(srv, 6, 3, 2);
	check_read(srv, 8, "one", 0);
	check_peek(srv, 3, 3, 1);
	EXPECT_EQ(3, np_sysread(srv, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "two", 3));

	/* drained: ERROR_BROKEN_PIPE; read(2) sees end of file */
	EXPECT_EQ(-EPIPE, np_peek(srv, buf, sizeof(buf), NULL));
	EXPECT_EQ(-EPIPE, np_read(srv, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(-EPIPE, np_read(srv, NULL, 0, NULL, NULL));
	EXPECT_EQ(0, np_sysread(srv, buf, sizeof(buf)));
	EXPECT_EQ(-EBADFD, np_transact(srv, "q", 1, buf, sizeof(buf), NULL, NULL, NULL));
	EXPECT_EQ(-ESHUTDOWN, np_connect(srv));
	/* NOWAIT changes none of it */
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-EPIPE, np_read(srv, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(-ESHUTDOWN, np_write(srv, "x", 1, NULL));
	EXPECT_EQ(-ESHUTDOWN, np_connect(srv));
	check_state(srv, NPIPE_STATE_CLOSING);

	/* nobody can open a CLOSING instance */
	EXPECT_EQ(-EBUSY, np_open(self->ctl, name, NP_RW));

	/* disconnect makes it DISCONNECTED, then connect re-arms it */
	EXPECT_EQ(0, np_disconnect(srv));
	check_state(srv, NPIPE_STATE_DISCONNECTED);
	EXPECT_EQ(-ENOTCONN, np_connect(srv));	/* NOWAIT */
	check_state(srv, NPIPE_STATE_LISTENING);
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	/* the old data is gone both ways */
	check_peek(srv, 0, 0, 0);
	check_peek(cli, 0, 0, 0);
	close(cli);
	close(srv);
}

/* The client's view after the server closed without a disconnect. */
TEST_F(npipe, state_closing_client)
{
	char buf[16];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, MSGPIPE, &srv, &cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ));
	check_write(srv, "hello");
	check_write(cli, "unread");
	close(srv);

	check_state(cli, NPIPE_STATE_CLOSING);
	EXPECT_EQ(-ESHUTDOWN, np_write(cli, "x", 1, NULL));
	EXPECT_EQ(0, np_flush(cli));
	EXPECT_EQ(-EBADFD, np_transact(cli, "q", 1, buf, sizeof(buf), NULL, NULL, NULL));
	check_peek(cli, 5, 5, 1);
	check_read(cli, 3, "hel", 2);
	check_peek(cli, 2, 2, 1);
	check_read(cli, 3, "lo", 0);
	EXPECT_EQ(-EPIPE, np_peek(cli, NULL, 0, NULL));
	EXPECT_EQ(-EPIPE, np_read(cli, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(0, np_sysread(cli, buf, sizeof(buf)));
	EXPECT_EQ(-EBADFD, np_transact(cli, "q", 1, buf, sizeof(buf), NULL, NULL, NULL));
	EXPECT_EQ(-ENOTTY, np_connect(cli));
	EXPECT_EQ(-ENOTTY, np_disconnect(cli));
	check_state(cli, NPIPE_STATE_CLOSING);
	close(cli);
}

TEST_F(npipe, state_disconnected_server)
{
	struct np_async con = { .op = NP_OP_CONNECT };
	int srv, cli, cli2;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, MSGPIPE, &srv, &cli));
	check_write(srv, "s2c");
	check_write(cli, "c2s");
	EXPECT_EQ(0, np_disconnect(srv));
	check_state(srv, NPIPE_STATE_DISCONNECTED);

	check_dead_ops(srv, ECONNRESET, ECONNRESET, 0, EBADFD, EBADFD);
	EXPECT_EQ(-ECONNRESET, np_disconnect(srv));
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	check_dead_ops(srv, ECONNRESET, ECONNRESET, 0, EBADFD, EBADFD);
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ));
	check_state(srv, NPIPE_STATE_DISCONNECTED);

	/* a disconnected instance takes no client until re-armed */
	EXPECT_EQ(-EBUSY, np_open(self->ctl, name, NP_RW));

	/* connect: becomes LISTENING and waits */
	con.fd = srv;
	NP_START_BLOCKED(&con);
	check_state(srv, NPIPE_STATE_LISTENING);
	cli2 = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli2);
	NP_DONE(&con);
	EXPECT_EQ(0, con.ret);
	check_state(srv, NPIPE_STATE_CONNECTED);
	/* nothing of the old connection is left, either way */
	check_peek(srv, 0, 0, 0);
	check_peek(cli2, 0, 0, 0);
	check_write(srv, "new");
	check_read(cli2, 8, "new", 0);

	/* the old client stays dead */
	check_state(cli, NPIPE_STATE_DISCONNECTED);
	EXPECT_EQ(-ECONNRESET, np_read(cli, NULL, 0, NULL, NULL));
	close(cli2);
	close(cli);
	close(srv);
}

TEST_F(npipe, state_disconnected_client)
{
	int srv, cli, cli2;
	char buf[8];
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, MSGPIPE, &srv, &cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ));
	check_write(srv, "s2c");
	EXPECT_EQ(0, np_disconnect(srv));

	check_state(cli, NPIPE_STATE_DISCONNECTED);
	/* every operation: ERROR_PIPE_NOT_CONNECTED, data or not */
	check_dead_ops(cli, ECONNRESET, ECONNRESET, ECONNRESET, ECONNRESET,
		       ECONNRESET);
	/* transact: the state comes before the read mode (Wine ntdll pipe.c) */
	ASSERT_EQ(0, np_set_mode(cli, 0));
	EXPECT_EQ(-ECONNRESET, np_transact(cli, "q", 1, NULL, 0, NULL, NULL, NULL));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ));
	EXPECT_EQ(-ENOTTY, np_connect(cli));
	EXPECT_EQ(-ENOTTY, np_disconnect(cli));

	/* ... forever, even after the server took a new client */
	EXPECT_EQ(-ENOTCONN, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT) ?: np_connect(srv));
	cli2 = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli2);
	check_state(srv, NPIPE_STATE_CONNECTED);
	check_write(srv, "for cli2");
	check_dead_ops(cli, ECONNRESET, ECONNRESET, ECONNRESET, ECONNRESET,
		       ECONNRESET);
	check_state(cli, NPIPE_STATE_DISCONNECTED);
	/* what the old client tried did not reach the server */
	check_peek(srv, 0, 0, 0);
	check_read(cli2, 8, "for cli2", 0);

	/* nor after the server end is gone */
	close(srv);
	check_state(cli, NPIPE_STATE_DISCONNECTED);
	EXPECT_EQ(-ECONNRESET, np_read(cli, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(-ECONNRESET, np_write(cli, "x", 1, NULL));
	close(cli2);
	close(cli);
}

TEST_F(npipe, connect_blocks_until_client)
{
	struct np_async con = { .op = NP_OP_CONNECT };
	int srv, cli;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	ASSERT_LE(0, srv);
	con.fd = srv;
	NP_START_BLOCKED(&con);
	check_state(srv, NPIPE_STATE_LISTENING);
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	NP_DONE(&con);
	EXPECT_EQ(0, con.ret);
	check_state(srv, NPIPE_STATE_CONNECTED);
	EXPECT_EQ(-EISCONN, np_connect(srv));
	close(cli);
	close(srv);
}

TEST_F(npipe, connect_client_opened_first)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	EXPECT_EQ(-EISCONN, np_connect(srv));
	EXPECT_EQ(-EISCONN, np_connect(srv));
	check_state(srv, NPIPE_STATE_CONNECTED);
	check_write(cli, "ok");
	check_read(srv, 4, "ok", 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, connect_nowait_sequence)
{
	int srv, cli;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX | NPIPE_MODE_NOWAIT, 1, 0, 0, 0);
	ASSERT_LE(0, srv);
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	check_state(srv, NPIPE_STATE_LISTENING);
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	EXPECT_EQ(-EISCONN, np_connect(srv));
	close(cli);
	EXPECT_EQ(-ESHUTDOWN, np_connect(srv));
	check_state(srv, NPIPE_STATE_CLOSING);
	EXPECT_EQ(0, np_disconnect(srv));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	check_state(srv, NPIPE_STATE_LISTENING);
	/* a blocking connect after a client came */
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	ASSERT_EQ(0, np_set_mode(srv, 0));
	EXPECT_EQ(-EISCONN, np_connect(srv));
	close(cli);
	close(srv);
}

TEST_F(npipe, disconnect_discards_both_ways)
{
	int srv, cli;
	char big[3000];
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	np_fill(big, sizeof(big), 1);
	EXPECT_EQ(0, np_write(srv, big, sizeof(big), NULL));
	EXPECT_EQ(0, np_write(cli, big, 100, NULL));
	check_peek(cli, 3000, 0, 0);
	check_peek(srv, 100, 0, 0);
	EXPECT_EQ(0, np_disconnect(srv));
	EXPECT_EQ(-ECONNRESET, np_peek(cli, NULL, 0, NULL));
	EXPECT_EQ(-ECONNRESET, np_read(cli, big, sizeof(big), NULL, NULL));
	EXPECT_EQ(-EBADFD, np_peek(srv, NULL, 0, NULL));
	EXPECT_EQ(-ECONNRESET, np_disconnect(srv));
	close(cli);
	close(srv);
}

TEST_F(npipe, disconnect_wakes_waiters)
{
	struct np_async crd = { .op = NP_OP_READ };
	struct np_async srd = { .op = NP_OP_READ };
	char b1[8], b2[8];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	np_async_io(&crd, cli, b1, sizeof(b1));
	np_async_io(&srd, srv, b2, sizeof(b2));
	NP_START_BLOCKED(&crd);
	NP_START_BLOCKED(&srd);
	EXPECT_EQ(0, np_disconnect(srv));
	NP_DONE(&crd);
	NP_DONE(&srd);
	EXPECT_EQ(-ECONNRESET, crd.ret);
	EXPECT_EQ(-ECONNRESET, srd.ret);
	close(cli);
	close(srv);
}

TEST_F(npipe, close_client_wakes_server_read)
{
	struct np_async rd = { .op = NP_OP_READ };
	struct np_async sys = { .op = NP_OP_SYSREAD };
	char buf[8], buf2[8];
	int srv, cli, cli2;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	np_async_io(&rd, srv, buf, sizeof(buf));
	NP_START_BLOCKED(&rd);
	close(cli);
	NP_DONE(&rd);
	EXPECT_EQ(-EPIPE, rd.ret);
	check_state(srv, NPIPE_STATE_CLOSING);

	/* read(2) waiting when the peer closes sees end of file */
	EXPECT_EQ(0, np_disconnect(srv));
	EXPECT_EQ(-ENOTCONN, np_set_mode(srv, NPIPE_MODE_NOWAIT) ?: np_connect(srv));
	ASSERT_EQ(0, np_set_mode(srv, 0));
	cli2 = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli2);
	np_async_io(&sys, srv, buf2, sizeof(buf2));
	NP_START_BLOCKED(&sys);
	close(cli2);
	NP_DONE(&sys);
	EXPECT_EQ(0, sys.ret);
	close(srv);
}

TEST_F(npipe, close_server_wakes_client_read)
{
	struct np_async rd = { .op = NP_OP_READ };
	char buf[8];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	np_async_io(&rd, cli, buf, sizeof(buf));
	NP_START_BLOCKED(&rd);
	close(srv);
	NP_DONE(&rd);
	EXPECT_EQ(-EPIPE, rd.ret);
	check_state(cli, NPIPE_STATE_CLOSING);
	EXPECT_EQ(-ENOENT, np_open(self->ctl, name, NP_RW));
	close(cli);
}

TEST_F(npipe, close_client_first_byte_pipe)
{
	char buf[16];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	check_write(cli, "abc");
	check_write(cli, "def");
	close(cli);
	check_state(srv, NPIPE_STATE_CLOSING);
	check_peek(srv, 6, 0, 0);
	EXPECT_EQ(-ESHUTDOWN, np_write(srv, "x", 1, NULL));
	check_read(srv, 4, "abcd", 0);
	EXPECT_EQ(2, np_sysread(srv, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "ef", 2));
	EXPECT_EQ(0, np_sysread(srv, buf, sizeof(buf)));
	EXPECT_EQ(0, np_sysread(srv, buf, sizeof(buf)));
	EXPECT_EQ(-EPIPE, np_read(srv, buf, sizeof(buf), NULL, NULL));
	close(srv);
}

TEST_F(npipe, write_closed_peer_sigpipe_ignored)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_NE(SIG_ERR, signal(SIGPIPE, SIG_IGN));
	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	close(cli);
	EXPECT_EQ(-EPIPE, np_syswrite(srv, "x", 1));
	EXPECT_EQ(-ESHUTDOWN, np_write(srv, "x", 1, NULL));
	close(srv);
}

TEST_F(npipe, write_closed_peer_ioctl_no_sigpipe)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_NE(SIG_ERR, signal(SIGPIPE, SIG_DFL));
	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	close(srv);
	/* would kill the test if it raised SIGPIPE */
	EXPECT_EQ(-ESHUTDOWN, np_write(cli, "x", 1, NULL));
	/* nothing of ours was left unread: flush succeeds */
	EXPECT_EQ(0, np_flush(cli));
	close(cli);
}

TEST_F_SIGNAL(npipe, write_closed_peer_raises_sigpipe, SIGPIPE)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_NE(SIG_ERR, signal(SIGPIPE, SIG_DFL));
	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	close(cli);
	np_syswrite(srv, "x", 1);
	TH_LOG("write(2) to a closed peer did not raise SIGPIPE");
}

TEST_F(npipe, open_picks_listening_instance)
{
	int a, b, c, d, ca, cb, cc;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  4, 4096, 4096, NP_RW, &a, &ca));
	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  4, 4096, 4096, NP_RW, &b, &cb));
	check_state(b, NPIPE_STATE_CONNECTED);
	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  4, 4096, 4096, NP_RW, &c, &cc));

	/* a CONNECTED, b DISCONNECTED, c CLOSING: no listener */
	EXPECT_EQ(0, np_disconnect(b));
	close(cc);
	check_state(c, NPIPE_STATE_CLOSING);
	EXPECT_EQ(-EBUSY, np_open(self->ctl, name, NP_RW));
	EXPECT_EQ(-EBUSY, np_open(self->ctl, name, 0));

	/* a new instance is the only listener: the client gets it */
	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  4, 4096, 4096, NP_RW, &d, &cc));
	check_state(d, NPIPE_STATE_CONNECTED);
	check_state(a, NPIPE_STATE_CONNECTED);
	check_state(b, NPIPE_STATE_DISCONNECTED);
	check_state(c, NPIPE_STATE_CLOSING);
	check_write(cc, "to d");
	check_read(d, 8, "to d", 0);
	EXPECT_EQ(-EBUSY, np_open(self->ctl, name, NP_RW));

	/* re-arming b makes it the one */
	ASSERT_EQ(0, np_set_mode(b, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-ENOTCONN, np_connect(b));
	cb = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cb);
	check_state(b, NPIPE_STATE_CONNECTED);
	check_state(c, NPIPE_STATE_CLOSING);
}

TEST_F(npipe, open_direction)
{
	int in, out, cli;
	NP_NAME(iname);
	NP_NAME(oname);

	in = np_create(self->ctl, iname, NPIPE_CREATE_INBOUND, 1, 4096, 4096,
		       0);
	ASSERT_LE(0, in);
	out = np_create(self->ctl, oname, NPIPE_CREATE_OUTBOUND, 1, 4096, 4096,
			0);
	ASSERT_LE(0, out);

	EXPECT_EQ(-EACCES, np_open(self->ctl, iname, NPIPE_OPEN_READ));
	EXPECT_EQ(-EACCES, np_open(self->ctl, iname, NP_RW));
	EXPECT_EQ(-EACCES, np_open(self->ctl, oname, NPIPE_OPEN_WRITE));
	EXPECT_EQ(-EACCES, np_open(self->ctl, oname, NP_RW));
	/* the failures took no instance */
	check_state(in, NPIPE_STATE_LISTENING);
	check_state(out, NPIPE_STATE_LISTENING);

	cli = np_open(self->ctl, iname, NPIPE_OPEN_WRITE);
	ASSERT_LE(0, cli);
	/* the server of an inbound pipe may not write, the client not read */
	EXPECT_EQ(-EACCES, np_write(in, "x", 1, NULL));
	EXPECT_EQ(-EACCES, np_syswrite(in, "x", 1));
	EXPECT_EQ(-EACCES, np_read(cli, NULL, 0, NULL, NULL));
	check_write(cli, "up");
	check_read(in, 4, "up", 0);
	close(cli);

	cli = np_open(self->ctl, oname, NPIPE_OPEN_READ);
	ASSERT_LE(0, cli);
	EXPECT_EQ(-EACCES, np_read(out, NULL, 0, NULL, NULL));
	EXPECT_EQ(-EACCES, np_write(cli, "x", 1, NULL));
	check_write(out, "down");
	check_read(cli, 8, "down", 0);
	close(cli);
	close(in);
	close(out);
}

TEST_F(npipe, open_query_only)
{
	struct npipe_info info;
	char buf[4];
	int srv, cli;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 4096, 4096, 0);
	ASSERT_LE(0, srv);
	cli = np_open(self->ctl, name, 0);
	ASSERT_LE(0, cli);
	check_state(srv, NPIPE_STATE_CONNECTED);
	ASSERT_EQ(0, np_info(cli, &info));
	EXPECT_EQ((__u32)NPIPE_STATE_CONNECTED, info.state);
	EXPECT_EQ((__u32)(NPIPE_INFO_INBOUND | NPIPE_INFO_OUTBOUND), info.flags);

	check_write(srv, "data");
	EXPECT_EQ(-EACCES, np_read(cli, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(-EACCES, np_write(cli, "x", 1, NULL));
	/* read(2)/write(2) too: ERROR_ACCESS_DENIED */
	EXPECT_EQ(-EACCES, np_sysread(cli, buf, sizeof(buf)));
	EXPECT_EQ(-EACCES, np_syswrite(cli, "x", 1));
	/* nothing was consumed or queued */
	check_peek(srv, 0, 0, 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, reconnect_cycles)
{
	int srv, cli, i;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE,
			1, 4096, 4096, 0);
	ASSERT_LE(0, srv);
	for (i = 0; i < 20; i++) {
		char msg[16];

		cli = np_open(self->ctl, name, NP_RW);
		ASSERT_LE(0, cli) TH_LOG("cycle %d", i);
		EXPECT_EQ(-EBUSY, np_open(self->ctl, name, NP_RW));
		snprintf(msg, sizeof(msg), "cycle %d", i);
		check_write(cli, msg);
		check_read(srv, 16, msg, 0);
		if (i % 2) {
			close(cli);
			EXPECT_EQ(0, np_disconnect(srv));
		} else {
			EXPECT_EQ(0, np_disconnect(srv));
			close(cli);
		}
		ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_NOWAIT));
		EXPECT_EQ(-ENOTCONN, np_connect(srv));
		ASSERT_EQ(0, np_set_mode(srv, 0));
	}
	close(srv);
}

TEST_HARNESS_MAIN
