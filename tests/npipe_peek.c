// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: NPIPE_IOC_PEEK (spec section 9, PeekNamedPipe).
 */
#include "npipe_test.h"

/* Peek into a buffer of @len and check every output field. */
#define check_peek_data(fd, len, data, avail_, msg_left_, nr_msgs_) ({ \
	char __b[(len) + 1]; \
	struct npipe_peek __p; \
	const char *__d = (data); \
	memset(__b, 0xcc, sizeof(__b)); \
	EXPECT_EQ(0, np_peek((fd), __b, (len), &__p)); \
	EXPECT_EQ((__u32)strlen(__d), __p.bytes); \
	EXPECT_EQ(0, memcmp(__b, __d, strlen(__d))); \
	EXPECT_EQ((char)0xcc, __b[strlen(__d)]); \
	EXPECT_EQ((__u32)(avail_), __p.avail); \
	EXPECT_EQ((__u32)(msg_left_), __p.msg_left); \
	EXPECT_EQ((__u32)(nr_msgs_), __p.nr_msgs); \
	EXPECT_EQ(0U, __p.pad); \
})

TEST_F(npipe, peek_message_pipe)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	check_peek_data(srv, 16, "", 0, 0, 0);
	check_write(cli, "abc");
	check_write(cli, "defgh");

	/* the head message only, whatever the read mode */
	check_peek_data(srv, 16, "abc", 8, 3, 2);
	check_peek_data(srv, 2, "ab", 8, 3, 2);
	ASSERT_EQ(0, np_set_mode(srv, 0));
	check_peek_data(srv, 16, "abc", 8, 3, 2);
	/* the client side too (byte read mode from the start) */
	check_write(srv, "xy");
	check_write(srv, "z");
	check_peek_data(cli, 16, "xy", 3, 2, 2);

	/* never consumed */
	check_peek_data(srv, 16, "abc", 8, 3, 2);
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ));
	check_read(srv, 16, "abc", 0);
	check_peek_data(srv, 16, "defgh", 5, 5, 1);
	check_read(srv, 16, "defgh", 0);
	check_peek_data(srv, 16, "", 0, 0, 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, peek_byte_pipe)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	check_write(cli, "abc");
	check_write(cli, "defgh");
	check_peek_data(srv, 16, "abcdefgh", 8, 0, 0);
	check_peek_data(srv, 5, "abcde", 8, 0, 0);
	check_peek_data(srv, 0, "", 8, 0, 0);
	check_read(srv, 2, "ab", 0);
	check_peek_data(srv, 16, "cdefgh", 6, 0, 0);
	check_read(srv, 16, "cdefgh", 0);
	check_peek_data(srv, 16, "", 0, 0, 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, peek_after_partial_read)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	check_write(cli, "hello world");
	check_write(cli, "!");
	check_read(srv, 5, "hello", 6);
	check_peek_data(srv, 16, " world", 7, 6, 2);
	check_peek_data(srv, 3, " wo", 7, 6, 2);
	/* in byte read mode a part of a message can be read too */
	ASSERT_EQ(0, np_set_mode(srv, 0));
	check_read(srv, 3, " wo", 0);
	check_peek_data(srv, 16, "rld", 4, 3, 2);
	close(cli);
	close(srv);
}

TEST_F(npipe, peek_empty_messages_invisible)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	EXPECT_EQ(0, np_write(cli, NULL, 0, NULL));
	check_peek_data(srv, 16, "", 0, 0, 0);
	check_write(cli, "x");
	EXPECT_EQ(0, np_write(cli, NULL, 0, NULL));
	check_write(cli, "yz");
	/* the first non-empty message is copied and counted */
	check_peek_data(srv, 16, "x", 3, 1, 2);
	ASSERT_EQ(0, np_set_mode(srv, 0));
	check_peek_data(srv, 16, "x", 3, 1, 2);
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ));
	check_read(srv, 16, "", 0);
	check_peek_data(srv, 16, "x", 3, 1, 2);
	check_read(srv, 16, "x", 0);
	check_peek_data(srv, 16, "yz", 2, 2, 1);
	check_read(srv, 16, "", 0);
	check_read(srv, 16, "yz", 0);
	check_peek_data(srv, 16, "", 0, 0, 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, peek_args)
{
	struct npipe_peek p;
	char buf[8];
	int srv, cli, i;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	check_write(cli, "abc");

	/* buf 0 with len 0 is fine */
	memset(&p, 0xcc, sizeof(p));
	p.buf = 0;
	p.len = 0;
	p.pad = 0;
	EXPECT_EQ(0, np_err(ioctl(srv, NPIPE_IOC_PEEK, &p)));
	EXPECT_EQ(0U, p.bytes);
	EXPECT_EQ(3U, p.avail);
	EXPECT_EQ(3U, p.msg_left);
	EXPECT_EQ(1U, p.nr_msgs);

	for (i = 0; i < 32; i++) {
		memset(&p, 0, sizeof(p));
		p.buf = (uintptr_t)buf;
		p.len = sizeof(buf);
		p.pad = 1U << i;
		EXPECT_EQ(-EINVAL, np_err(ioctl(srv, NPIPE_IOC_PEEK, &p)));
	}

	EXPECT_EQ(-EFAULT, np_peek(srv, np_ptr(NP_BAD_PTR), 3, NULL));
	EXPECT_EQ(-EFAULT, np_peek(srv, np_ptr(NP_KERNEL_PTR), 3, NULL));
	EXPECT_EQ(-EFAULT, np_err(ioctl(srv, NPIPE_IOC_PEEK, NULL)));
	EXPECT_EQ(-EFAULT, np_err(ioctl(srv, NPIPE_IOC_PEEK, np_ptr(NP_BAD_PTR))));
	check_peek_data(srv, 8, "abc", 3, 3, 1);
	close(cli);
	close(srv);
}

TEST_F(npipe, peek_does_not_block)
{
	struct np_async pk = { .op = NP_OP_PEEK };
	char buf[8];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	np_async_io(&pk, srv, buf, sizeof(buf));
	ASSERT_EQ(0, np_async_start(&pk));
	NP_DONE(&pk);
	EXPECT_EQ(0, pk.ret);
	EXPECT_EQ(0U, pk.peek.bytes);
	EXPECT_EQ(0U, pk.peek.avail);
	close(cli);
	close(srv);
}

TEST_F(npipe, peek_states)
{
	int srv, cli;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NP_DUPLEX_MSG, 1, 4096, 4096, 0);
	ASSERT_LE(0, srv);
	/* LISTENING: ERROR_BAD_PIPE */
	EXPECT_EQ(-EBADFD, np_peek(srv, NULL, 0, NULL));
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);

	/* CLOSING: fine while data is left, then ERROR_BROKEN_PIPE */
	check_write(cli, "last");
	check_write(srv, "unread");
	close(cli);
	check_peek_data(srv, 8, "last", 4, 4, 1);
	check_read(srv, 2, "la", 2);
	check_peek_data(srv, 8, "st", 2, 2, 1);
	check_read(srv, 2, "st", 0);
	EXPECT_EQ(-EPIPE, np_peek(srv, NULL, 0, NULL));

	/* DISCONNECTED server: ERROR_BAD_PIPE */
	EXPECT_EQ(0, np_disconnect(srv));
	EXPECT_EQ(-EBADFD, np_peek(srv, NULL, 0, NULL));

	/* client after a disconnect: ERROR_PIPE_NOT_CONNECTED */
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	check_write(srv, "gone");
	EXPECT_EQ(0, np_disconnect(srv));
	EXPECT_EQ(-ECONNRESET, np_peek(cli, NULL, 0, NULL));
	close(cli);

	/* client of a closed server: data, then ERROR_BROKEN_PIPE */
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	check_write(srv, "bye");
	close(srv);
	check_peek_data(cli, 8, "bye", 3, 3, 1);
	check_read(cli, 8, "bye", 0);
	EXPECT_EQ(-EPIPE, np_peek(cli, NULL, 0, NULL));
	close(cli);
}

TEST_HARNESS_MAIN
