// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: reading and writing (spec section 6), read modes and
 * wait modes (sections 8 and 9).
 */
#include "npipe_test.h"

TEST_F(npipe, io_message_boundaries)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	check_write(cli, "a");
	check_write(cli, "bb");
	check_write(cli, "ccc");
	EXPECT_EQ(4, np_syswrite(cli, "dddd", 4));
	check_peek(srv, 10, 1, 4);
	check_read(srv, 64, "a", 0);
	check_read(srv, 64, "bb", 0);
	check_read(srv, 64, "ccc", 0);
	check_read(srv, 64, "dddd", 0);
	check_peek(srv, 0, 0, 0);

	/* the other way, client switched to message read mode */
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ));
	check_write(srv, "xy");
	check_write(srv, "z");
	check_read(cli, 64, "xy", 0);
	check_read(cli, 64, "z", 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, io_partial_message_read)
{
	struct np_async rd = { .op = NP_OP_READ };
	char buf[16];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	check_write(cli, "hello world");
	check_write(cli, "next");
	check_read(srv, 5, "hello", 6);
	check_peek(srv, 10, 6, 2);
	check_read(srv, 4, " wor", 2);
	check_peek(srv, 6, 2, 2);

	/* the rest is at the head for whichever thread reads next */
	memset(buf, 0xcc, sizeof(buf));
	np_async_io(&rd, srv, buf, sizeof(buf));
	ASSERT_EQ(0, np_async_start(&rd));
	check_async(&rd, 0, 2, 0);
	EXPECT_EQ(0, memcmp(buf, "ld", 2));
	EXPECT_EQ((char)0xcc, buf[2]);

	check_read(srv, 64, "next", 0);

	/* read(2) in message read mode: one message, the rest stays */
	check_write(cli, "0123456789");
	check_write(cli, "second");
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(4, np_sysread(srv, buf, 4));
	EXPECT_EQ(0, memcmp(buf, "0123", 4));
	EXPECT_EQ(6, np_sysread(srv, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "456789", 6));
	EXPECT_EQ(6, np_sysread(srv, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "second", 6));
	close(cli);
	close(srv);
}

TEST_F(npipe, io_partial_message_other_fd)
{
	int srv, cli, dupfd;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	dupfd = dup(srv);
	ASSERT_LE(0, dupfd);
	check_write(cli, "abcdefgh");
	check_read(srv, 3, "abc", 5);
	check_read(dupfd, 3, "def", 2);
	check_read(srv, 3, "gh", 0);
	close(dupfd);
	close(cli);
	close(srv);
}

TEST_F(npipe, io_byte_read_mode_on_message_pipe)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE,
			     &srv, &cli));
	EXPECT_EQ(0, np_mode(srv));
	check_write(cli, "ab");
	check_write(cli, "cd");
	check_write(cli, "ef");
	/* boundaries ignored; peek still sees messages */
	check_peek(srv, 6, 2, 3);
	check_read(srv, 64, "abcdef", 0);

	check_write(cli, "ab");
	check_write(cli, "cd");
	check_read(srv, 3, "abc", 0);
	check_peek(srv, 1, 1, 1);
	check_read(srv, 64, "d", 0);

	/* a message partly read in message mode, the rest in byte mode */
	check_write(cli, "12345");
	check_write(cli, "678");
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ));
	check_read(srv, 2, "12", 3);
	ASSERT_EQ(0, np_set_mode(srv, 0));
	check_read(srv, 64, "345678", 0);

	/* and the client side (byte read mode from the start) */
	check_write(srv, "x");
	check_write(srv, "yz");
	check_read(cli, 64, "xyz", 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, io_byte_pipe_stream)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	check_write(cli, "abc");
	check_write(cli, "def");
	check_peek(srv, 6, 0, 0);
	/* a short read is no error and has no "remaining" */
	check_read(srv, 4, "abcd", 0);
	check_read(srv, 10, "ef", 0);
	check_peek(srv, 0, 0, 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, io_zero_length_message)
{
	struct np_async r1 = { .op = NP_OP_READ }, r2 = { .op = NP_OP_READ };
	char b1[8], b2[8];
	__u32 bytes;
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));

	bytes = 1234;
	EXPECT_EQ(0, np_write(cli, NULL, 0, &bytes));
	EXPECT_EQ(0U, bytes);
	/* invisible to peek */
	check_peek(srv, 0, 0, 0);
	/* a read returns it: 0 bytes, no more data, and consumes it */
	check_read(srv, 8, "", 0);
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-EAGAIN, np_read(srv, b1, sizeof(b1), NULL, NULL));
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ));

	/* between two messages */
	check_write(cli, "a");
	EXPECT_EQ(0, np_write(cli, "ignored", 0, &bytes));
	check_write(cli, "b");
	check_peek(srv, 2, 1, 2);
	check_read(srv, 8, "a", 0);
	check_peek(srv, 1, 1, 1);
	check_read(srv, 8, "", 0);
	check_read(srv, 8, "b", 0);

	/* it wakes exactly one waiting reader */
	r1.fd = r2.fd = srv;
	r1.buf = b1;
	r2.buf = b2;
	r1.len = r2.len = sizeof(b1);
	NP_START_BLOCKED(&r1);
	NP_START_BLOCKED(&r2);
	EXPECT_EQ(0, np_write(cli, NULL, 0, &bytes));
	/* one of them returns with 0 bytes; the other still waits */
	np_msleep(NP_BLOCK_MS);
	if (np_async_join(&r1, 0) == 0) {
		EXPECT_EQ(0, r1.ret);
		EXPECT_EQ(0U, r1.bytes);
		EXPECT_EQ(0U, r1.remaining);
		NP_BLOCKED(&r2);
		check_write(cli, "z");
		NP_DONE(&r2);
		EXPECT_EQ(0, r2.ret);
		EXPECT_EQ(1U, r2.bytes);
	} else {
		check_async(&r2, 0, 0, 0);
		NP_BLOCKED(&r1);
		check_write(cli, "z");
		NP_DONE(&r1);
		EXPECT_EQ(0, r1.ret);
		EXPECT_EQ(1U, r1.bytes);
	}
	close(cli);
	close(srv);
}

/*
 * Byte read mode meets empty messages (Wine's test_blocking_rw): a read
 * that fills its buffer leaves the next one queued, a later read takes it
 * (0 bytes), a read with room runs across them, and a zero-length read
 * takes one at most.
 */
TEST_F(npipe, io_byte_read_mode_empty_messages)
{
	int srv, cli;
	__u32 bytes;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE,
			     &srv, &cli));
	check_write(cli, "abcd");
	EXPECT_EQ(0, np_write(cli, NULL, 0, &bytes));
	check_read(srv, 4, "abcd", 0);
	/* the empty message is still there: this read takes it */
	check_read(srv, 64, "", 0);
	check_peek(srv, 0, 0, 0);
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-EAGAIN, np_read(srv, NULL, 0, NULL, NULL));
	ASSERT_EQ(0, np_set_mode(srv, 0));

	/* with room left, across an empty message */
	check_write(cli, "ab");
	EXPECT_EQ(0, np_write(cli, NULL, 0, &bytes));
	check_write(cli, "cd");
	check_read(srv, 64, "abcd", 0);

	/* a zero-length read: one empty message, then none of the data */
	EXPECT_EQ(0, np_write(cli, NULL, 0, &bytes));
	EXPECT_EQ(0, np_write(cli, NULL, 0, &bytes));
	check_write(cli, "x");
	check_read(srv, 0, "", 0);
	check_read(srv, 0, "", 0);
	check_read(srv, 0, "", 0);
	check_peek(srv, 1, 1, 1);
	check_read(srv, 64, "x", 0);
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-EAGAIN, np_read(srv, NULL, 0, NULL, NULL));
	close(cli);
	close(srv);
}

TEST_F(npipe, io_zero_length_write_byte_pipe)
{
	struct np_async rd = { .op = NP_OP_READ };
	char buf[8];
	__u32 bytes;
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	np_async_io(&rd, srv, buf, sizeof(buf));
	NP_START_BLOCKED(&rd);
	bytes = 1234;
	EXPECT_EQ(0, np_write(cli, NULL, 0, &bytes));
	EXPECT_EQ(0U, bytes);
	EXPECT_EQ(0, np_syswrite(cli, "", 0));
	/* nothing to read: the reader keeps waiting */
	NP_BLOCKED(&rd);
	check_peek(srv, 0, 0, 0);
	check_write(cli, "x");
	NP_DONE(&rd);
	EXPECT_EQ(0, rd.ret);
	EXPECT_EQ(1U, rd.bytes);
	EXPECT_EQ('x', buf[0]);
	close(cli);
	close(srv);
}

TEST_F(npipe, io_waiting_read_takes_first_data)
{
	struct np_async rd = { .op = NP_OP_READ };
	char buf[100];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	np_async_io(&rd, cli, buf, sizeof(buf));
	NP_START_BLOCKED(&rd);
	check_write(srv, "0123456789");
	check_async(&rd, 0, 10, 0);
	EXPECT_EQ(0, memcmp(buf, "0123456789", 10));

	/* same with read(2) */
	rd.op = NP_OP_SYSREAD;
	NP_START_BLOCKED(&rd);
	check_write(srv, "abc");
	NP_DONE(&rd);
	EXPECT_EQ(3, rd.ret);
	EXPECT_EQ(0, memcmp(buf, "abc", 3));
	close(cli);
	close(srv);
}

TEST_F(npipe, io_zero_length_read_waits)
{
	struct np_async rd = { .op = NP_OP_READ };
	int srv, cli;
	NP_NAME(name);
	NP_NAME(mname);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	np_async_io(&rd, srv, NULL, 0);
	NP_START_BLOCKED(&rd);
	check_write(cli, "abc");
	check_async(&rd, 0, 0, 0);
	/* the data stays queued */
	check_peek(srv, 3, 0, 0);
	check_read(srv, 8, "abc", 0);
	close(cli);
	close(srv);

	/* message read mode: 0 bytes, the whole message left */
	ASSERT_EQ(0, np_pair(self->ctl, mname, NP_DUPLEX_MSG, &srv, &cli));
	rd.fd = srv;
	NP_START_BLOCKED(&rd);
	check_write(cli, "abc");
	check_async(&rd, 0, 0, 3);
	check_peek(srv, 3, 3, 1);
	check_read(srv, 8, "abc", 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, io_set_mode_message_read_byte_pipe)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	EXPECT_EQ(-EINVAL, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ));
	EXPECT_EQ(-EINVAL, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ));
	EXPECT_EQ(-EINVAL, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	/* nothing changed, not even the valid NOWAIT bit */
	EXPECT_EQ(0, np_mode(srv));
	EXPECT_EQ(0, np_mode(cli));
	EXPECT_EQ(0, fcntl(cli, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(0, np_set_mode(cli, 0));
	close(cli);
	close(srv);
}

TEST_F(npipe, io_client_starts_in_byte_wait_mode)
{
	int srv, cli;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NP_DUPLEX_MSG | NPIPE_MODE_NOWAIT, 1, 0, 0, 0);
	ASSERT_LE(0, srv);
	EXPECT_EQ((int)(NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT), np_mode(srv));
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	EXPECT_EQ(0, np_mode(cli));
	EXPECT_EQ(0, fcntl(cli, F_GETFL) & O_NONBLOCK);
	close(cli);

	/* NOWAIT asked for at open */
	EXPECT_EQ(0, np_disconnect(srv));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	cli = np_open(self->ctl, name, NP_RW | NPIPE_MODE_NOWAIT);
	ASSERT_LE(0, cli);
	EXPECT_EQ((int)NPIPE_MODE_NOWAIT, np_mode(cli));
	EXPECT_EQ(O_NONBLOCK, fcntl(cli, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(-EAGAIN, np_read(cli, NULL, 0, NULL, NULL));
	close(cli);

	/* MESSAGE_READ is not an open flag */
	EXPECT_EQ(0, np_disconnect(srv));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	EXPECT_EQ(-EINVAL, np_open(self->ctl, name,
				   NP_RW | NPIPE_MODE_MESSAGE_READ));
	EXPECT_EQ(-EINVAL, np_open(self->ctl, name, NP_RW | (1U << 12)));
	EXPECT_EQ(-EINVAL, np_open(self->ctl, name, NP_RW | NPIPE_CREATE_MESSAGE_TYPE));
	check_state(srv, NPIPE_STATE_LISTENING);
	close(srv);
}

TEST_F(npipe, io_nowait_read)
{
	char buf[8];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-EAGAIN, np_read(cli, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(-EAGAIN, np_read(cli, NULL, 0, NULL, NULL));
	EXPECT_EQ(-EAGAIN, np_sysread(cli, buf, sizeof(buf)));
	check_write(srv, "ab");
	check_read(cli, 8, "ab", 0);
	EXPECT_EQ(-EAGAIN, np_read(cli, buf, sizeof(buf), NULL, NULL));
	close(cli);
	close(srv);
}

TEST_F(npipe, io_nowait_is_o_nonblock)
{
	int srv, cli, fl;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));

	/* SET_MODE -> O_NONBLOCK */
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	EXPECT_EQ(O_NONBLOCK, fcntl(srv, F_GETFL) & O_NONBLOCK);
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ));
	EXPECT_EQ(0, fcntl(srv, F_GETFL) & O_NONBLOCK);

	/* O_NONBLOCK -> mode, the read mode untouched */
	fl = fcntl(srv, F_GETFL);
	ASSERT_EQ(0, fcntl(srv, F_SETFL, fl | O_NONBLOCK));
	EXPECT_EQ((int)(NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT), np_mode(srv));
	EXPECT_EQ(-EAGAIN, np_read(srv, NULL, 0, NULL, NULL));
	ASSERT_EQ(0, fcntl(srv, F_SETFL, fl & ~O_NONBLOCK));
	EXPECT_EQ((int)NPIPE_MODE_MESSAGE_READ, np_mode(srv));

	fl = fcntl(cli, F_GETFL);
	ASSERT_EQ(0, fcntl(cli, F_SETFL, fl | O_NONBLOCK));
	EXPECT_EQ((int)NPIPE_MODE_NOWAIT, np_mode(cli));
	EXPECT_EQ(-EAGAIN, np_sysread(cli, &fl, 1));
	ASSERT_EQ(0, np_set_mode(cli, 0));
	EXPECT_EQ(0, fcntl(cli, F_GETFL) & O_NONBLOCK);
	close(cli);
	close(srv);
}

TEST_F(npipe, io_set_mode_bad)
{
	int srv, cli, i;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	for (i = 2; i < 32; i++)
		EXPECT_EQ(-EINVAL, np_set_mode(srv, NPIPE_MODE_NOWAIT | (1U << i)))
			TH_LOG("bit %d", i);
	EXPECT_EQ((int)NPIPE_MODE_MESSAGE_READ, np_mode(srv));
	EXPECT_EQ(-EFAULT, np_err(ioctl(srv, NPIPE_IOC_SET_MODE, NULL)));
	EXPECT_EQ(-EFAULT, np_err(ioctl(cli, NPIPE_IOC_SET_MODE, np_ptr(NP_KERNEL_PTR))));
	EXPECT_EQ((int)NPIPE_MODE_MESSAGE_READ, np_mode(srv));
	EXPECT_EQ(0, np_mode(cli));
	close(cli);
	close(srv);
}

TEST_F(npipe, io_flags_must_be_zero)
{
	struct npipe_io io;
	char buf[8];
	int srv, cli, i;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	check_write(cli, "abc");
	for (i = 0; i < 32; i++) {
		memset(&io, 0, sizeof(io));
		io.buf = (uintptr_t)buf;
		io.len = sizeof(buf);
		io.flags = 1U << i;
		EXPECT_EQ(-EINVAL, np_err(ioctl(srv, NPIPE_IOC_READ, &io)));
		io.buf = (uintptr_t)"xyz";
		io.len = 3;
		EXPECT_EQ(-EINVAL, np_err(ioctl(srv, NPIPE_IOC_WRITE, &io)));
	}
	/* nothing consumed, nothing written */
	check_peek(srv, 3, 0, 0);
	check_peek(cli, 0, 0, 0);
	close(cli);
	close(srv);
}

TEST_F(npipe, io_bad_buffer)
{
	char buf[8];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	check_write(cli, "hello");

	EXPECT_EQ(-EFAULT, np_read(srv, np_ptr(NP_BAD_PTR), 5, NULL, NULL));
	EXPECT_EQ(-EFAULT, np_read(srv, np_ptr(NP_KERNEL_PTR), 5, NULL, NULL));
	EXPECT_EQ(-EFAULT, np_read(srv, NULL, 5, NULL, NULL));
	EXPECT_EQ(-EFAULT, np_sysread(srv, np_ptr(NP_BAD_PTR), 5));
	EXPECT_EQ(-EFAULT, np_err(ioctl(srv, NPIPE_IOC_READ, NULL)));
	EXPECT_EQ(-EFAULT, np_err(ioctl(srv, NPIPE_IOC_READ, np_ptr(NP_KERNEL_PTR))));
	/* nothing was consumed */
	check_peek(srv, 5, 5, 1);
	check_read(srv, 8, "hello", 0);

	EXPECT_EQ(-EFAULT, np_write(cli, np_ptr(NP_BAD_PTR), 5, NULL));
	EXPECT_EQ(-EFAULT, np_write(cli, np_ptr(NP_KERNEL_PTR), 5, NULL));
	EXPECT_EQ(-EFAULT, np_write(cli, NULL, 5, NULL));
	EXPECT_EQ(-EFAULT, np_syswrite(cli, np_ptr(NP_BAD_PTR), 5));
	EXPECT_EQ(-EFAULT, np_err(ioctl(cli, NPIPE_IOC_WRITE, NULL)));
	/* nothing was queued, not even an empty message */
	check_peek(srv, 0, 0, 0);
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-EAGAIN, np_read(srv, buf, sizeof(buf), NULL, NULL));
	close(cli);
	close(srv);
}

TEST_F(npipe, io_large_message)
{
	struct np_async wr = { .op = NP_OP_WRITE };
	const __u32 size = 200 * 1024;
	char *src, *dst;
	__u32 got = 0, bytes, rem, expect_rem = size;
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	src = malloc(size);
	dst = malloc(size);
	ASSERT_NE(NULL, src);
	ASSERT_NE(NULL, dst);
	np_fill(src, size, 42);
	memset(dst, 0, size);

	np_async_io(&wr, cli, src, size);
	NP_START_BLOCKED(&wr);	/* 200 KiB > 4 KiB quota */
	check_peek(srv, size, size, 1);
	while (got < size) {
		__u32 chunk = size - got < 65536 ? size - got : 65536;

		ASSERT_EQ(0, np_read(srv, dst + got, chunk, &bytes, &rem));
		ASSERT_EQ(chunk, bytes);
		expect_rem -= chunk;
		ASSERT_EQ(expect_rem, rem);
		got += bytes;
	}
	NP_DONE(&wr);
	EXPECT_EQ(0, wr.ret);
	EXPECT_EQ(size, wr.bytes);
	EXPECT_EQ(0, memcmp(src, dst, size));
	check_peek(srv, 0, 0, 0);
	free(src);
	free(dst);
	close(cli);
	close(srv);
}

TEST_HARNESS_MAIN
