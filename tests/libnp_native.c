// SPDX-License-Identifier: GPL-2.0
/*
 * libnp native API (np.h): -1/errno calls over the module's fds.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "np.h"
#include "libnp_test.h"

#define EXPECT_ERRNO(call, e) do { \
	errno = 0; \
	EXPECT_EQ(-1, (long)(call)); \
	EXPECT_EQ((e), errno); \
} while (0)

#define NAME(var) char var[100]; \
	snprintf(var, sizeof(var), "libnp-native-%s-%d", __func__, (int)getpid())

TEST(errno_table)
{
	EXPECT_EQ(0, np_errno_to_win32(0));
	EXPECT_EQ(2, np_errno_to_win32(ENOENT));
	EXPECT_EQ(5, np_errno_to_win32(EACCES));
	EXPECT_EQ(5, np_errno_to_win32(EEXIST));
	EXPECT_EQ(87, np_errno_to_win32(EINVAL));
	EXPECT_EQ(206, np_errno_to_win32(ENAMETOOLONG));
	EXPECT_EQ(121, np_errno_to_win32(ETIMEDOUT));
	EXPECT_EQ(109, np_errno_to_win32(EPIPE));
	EXPECT_EQ(232, np_errno_to_win32(ESHUTDOWN));
	EXPECT_EQ(232, np_errno_to_win32(EAGAIN));
	EXPECT_EQ(230, np_errno_to_win32(EBADFD));
	EXPECT_EQ(231, np_errno_to_win32(EBUSY));
	EXPECT_EQ(233, np_errno_to_win32(ECONNRESET));
	EXPECT_EQ(535, np_errno_to_win32(EISCONN));
	EXPECT_EQ(536, np_errno_to_win32(ENOTCONN));
	EXPECT_EQ(1, np_errno_to_win32(ENOTTY));
	EXPECT_EQ(1816, np_errno_to_win32(EDQUOT));
	EXPECT_EQ(1816, np_errno_to_win32(EMSGSIZE));
	EXPECT_EQ(122, np_errno_to_win32(ENOBUFS));
	EXPECT_EQ(8, np_errno_to_win32(ENOMEM));
	EXPECT_EQ(998, np_errno_to_win32(EFAULT));
	EXPECT_EQ(995, np_errno_to_win32(EINTR));
}

TEST(parse_name)
{
	const char *srv, *nm;
	size_t sl, nl;
	enum np_name_kind kind;
	char big[400];

	ASSERT_EQ(0, np_parse_name("\\\\.\\PIPE\\abc/d", &kind, &srv, &sl, &nm, &nl));
	EXPECT_EQ(NP_NAME_PIPE, kind);
	EXPECT_EQ(1, sl);
	EXPECT_EQ('.', srv[0]);
	EXPECT_EQ(5, nl);
	EXPECT_EQ(0, strcmp(nm, "abc/d"));
	ASSERT_EQ(0, np_parse_name("\\\\host\\mailslot\\m", &kind, &srv, &sl, &nm, &nl));
	EXPECT_EQ(NP_NAME_MAILSLOT, kind);
	EXPECT_EQ(4, sl);
	ASSERT_EQ(0, np_parse_name("bare", &kind, &srv, &sl, &nm, &nl));
	EXPECT_EQ(NP_NAME_PIPE, kind);
	EXPECT_EQ(NULL, srv);
	EXPECT_ERRNO(np_parse_name("\\\\.\\pipe\\", &kind, NULL, NULL, NULL, NULL), EINVAL);
	EXPECT_EQ(NP_NAME_PIPE, kind);		/* a pipe path, a bad NAME */
	EXPECT_ERRNO(np_parse_name("\\\\.\\file\\x", &kind, NULL, NULL, NULL, NULL), EINVAL);
	EXPECT_EQ(NP_NAME_NONE, kind);
	EXPECT_ERRNO(np_parse_name("\\\\.\\pipe\\a\\b", &kind, NULL, NULL, NULL, NULL), EINVAL);
	EXPECT_ERRNO(np_parse_name("", &kind, NULL, NULL, NULL, NULL), EINVAL);
	memset(big, 'x', 300);
	big[300] = 0;
	EXPECT_ERRNO(np_parse_name(big, &kind, NULL, NULL, NULL, NULL), ENAMETOOLONG);
}

/*
 * The library's first open of /dev/npipe fails for want of an fd: EMFILE,
 * not ENODEV (which says npipe is not usable).  Then it opens.
 */
TEST(control_fd_past_fd_limit)
{
	struct rlimit saved;

	REQUIRE_DEV();
	ASSERT_EQ(0, no_free_fds(&saved));
	EXPECT_ERRNO(np_control_fd(), EMFILE);
	EXPECT_ERRNO(np_wait("x", 1), EMFILE);
	EXPECT_EQ(4, np_errno_to_win32(EMFILE));	/* TOO_MANY_OPEN_FILES */
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &saved));
	EXPECT_LE(0, np_control_fd());
}

TEST(pipe_round_trip)
{
	NAME(name);
	struct np_info info;
	struct np_peek_info pk;
	char buf[64];
	size_t left;
	int s, c;
	pid_t pid;
	uid_t uid;

	REQUIRE_DEV();
	EXPECT_LE(0, np_control_fd());
	EXPECT_TRUE(np_is_control_fd(np_control_fd()));
	EXPECT_FALSE(np_is_control_fd(0));
	EXPECT_ERRNO(np_open(name, NP_OPEN_READ), ENOENT);
	EXPECT_ERRNO(np_wait(name, 10), ENOENT);
	EXPECT_ERRNO(np_create(name, &(struct np_create_attr){
		.max_instances = 1 }), EINVAL);
	EXPECT_ERRNO(np_create(name, &(struct np_create_attr){
		.flags = NP_ACCESS_DUPLEX }), EINVAL);
	EXPECT_ERRNO(np_create(name, &(struct np_create_attr){
		.flags = NP_ACCESS_DUPLEX, .max_instances = 1,
		.reserved[6] = 1 }), EINVAL);
	EXPECT_ERRNO(np_create(name, NULL), EFAULT);
	s = np_create(name, &(struct np_create_attr){
		.flags = NP_ACCESS_DUPLEX | NP_TYPE_MESSAGE | NP_READMODE_MESSAGE,
		.max_instances = 1, .out_quota = 100, .in_quota = 200,
		.default_timeout_ms = 1000 });
	ASSERT_LE(0, s);
	EXPECT_TRUE(fcntl(s, F_GETFD) & FD_CLOEXEC);
	EXPECT_ERRNO(np_create(name, &(struct np_create_attr){
		.flags = NP_ACCESS_DUPLEX, .max_instances = 1 }), EBUSY);
	EXPECT_ERRNO(np_disconnect(s), ENOTCONN);
	EXPECT_ERRNO(np_peer_cred(s, &pid, NULL, NULL), ENOTCONN);
	ASSERT_EQ(0, np_get_info(s, &info));
	EXPECT_EQ(NP_STATE_LISTENING, info.state);
	EXPECT_EQ(NP_INFO_SERVER_END | NP_INFO_MESSAGE_TYPE | NP_INFO_INBOUND |
		  NP_INFO_OUTBOUND | NP_INFO_CAN_READ | NP_INFO_CAN_WRITE,
		  info.flags);
	EXPECT_EQ(NP_READMODE_MESSAGE, info.mode);
	EXPECT_EQ(1000, info.default_timeout_ms);
	EXPECT_EQ(100, info.out_quota);
	EXPECT_EQ(200, info.in_quota);
	EXPECT_EQ(0, np_wait(name, NP_TIMEOUT_DEFAULT));
	EXPECT_EQ(0, np_wait(name, NP_TIMEOUT_INFINITE));
	c = np_open(name, NP_OPEN_READ | NP_OPEN_WRITE);
	ASSERT_LE(0, c);
	EXPECT_ERRNO(np_connect(s), EISCONN);
	EXPECT_ERRNO(np_connect(c), ENOTTY);
	EXPECT_ERRNO(np_wait(name, 50), ETIMEDOUT);
	ASSERT_EQ(0, np_peer_cred(s, &pid, &uid, NULL));
	EXPECT_EQ(getpid(), pid);
	EXPECT_EQ(getuid(), uid);
	ASSERT_EQ(0, np_peer_cred(c, &pid, NULL, NULL));
	EXPECT_EQ(getpid(), pid);

	EXPECT_EQ(5, np_write(c, "hello", 5));
	EXPECT_EQ(0, np_write(c, "", 0));
	EXPECT_EQ(2, np_peek(s, buf, 2, &pk));
	EXPECT_EQ(5, pk.avail);
	EXPECT_EQ(5, pk.msg_left);
	EXPECT_EQ(1, pk.nr_msgs);
	left = 99;
	EXPECT_EQ(3, np_read(s, buf, 3, &left));
	EXPECT_EQ(2, left);
	EXPECT_EQ(2, np_read(s, buf + 3, sizeof(buf) - 3, &left));
	EXPECT_EQ(0, left);
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	EXPECT_EQ(0, np_read(s, buf, sizeof(buf), &left));	/* empty message */
	EXPECT_EQ(0, np_flush(c));

	/* Modes. */
	EXPECT_ERRNO(np_set_mode(c, 0x100), EINVAL);
	EXPECT_EQ(0, np_set_mode(c, NP_READMODE_MESSAGE | NP_NOWAIT));
	ASSERT_EQ(0, np_get_info(c, &info));
	EXPECT_EQ(NP_READMODE_MESSAGE | NP_NOWAIT, info.mode);
	EXPECT_TRUE(fcntl(c, F_GETFL) & O_NONBLOCK);
	EXPECT_ERRNO(np_read(c, buf, sizeof(buf), NULL), EAGAIN);
	EXPECT_EQ(0, np_set_mode(c, NP_READMODE_MESSAGE));

	/* Transact from the client; the server answers. */
	EXPECT_EQ(2, np_write(s, "xx", 2));
	EXPECT_ERRNO(np_transact(c, "q", 1, buf, sizeof(buf), NULL), EBUSY);
	EXPECT_EQ(2, np_read(c, buf, sizeof(buf), NULL));

	EXPECT_EQ(0, np_disconnect(s));
	EXPECT_ERRNO(np_disconnect(s), ECONNRESET);
	EXPECT_ERRNO(np_read(c, buf, sizeof(buf), NULL), ECONNRESET);
	EXPECT_ERRNO(np_write(c, "x", 1), ECONNRESET);
	close(c);
	close(s);
	EXPECT_ERRNO(np_read(-1, buf, 1, NULL), EBADF);
	EXPECT_ERRNO(np_read(0 + 1000, buf, 1, NULL), EBADF);
}

TEST(peer_closed)
{
	NAME(name);
	char buf[8];
	int s, c;

	REQUIRE_DEV();
	s = np_create(name, &(struct np_create_attr){
		.flags = NP_ACCESS_DUPLEX, .max_instances = 2,
		.out_quota = 64, .in_quota = 64 });
	ASSERT_LE(0, s);
	c = np_open(name, NP_OPEN_READ | NP_OPEN_WRITE);
	ASSERT_LE(0, c);
	EXPECT_EQ(1, np_write(c, "z", 1));
	close(c);
	EXPECT_EQ(1, np_read(s, buf, sizeof(buf), NULL));
	EXPECT_ERRNO(np_read(s, buf, sizeof(buf), NULL), EPIPE);
	EXPECT_ERRNO(np_write(s, "x", 1), ESHUTDOWN);
	EXPECT_ERRNO(np_connect(s), ESHUTDOWN);
	close(s);
}

TEST(anonymous_pipe)
{
	char buf[8];
	int fds[2];

	REQUIRE_DEV();
	EXPECT_ERRNO(np_pipe(NULL, 0, 0), EINVAL);
	EXPECT_ERRNO(np_pipe(fds, 0, 0x100), EINVAL);
	ASSERT_EQ(0, np_pipe(fds, 0, 0));
	EXPECT_EQ(3, np_write(fds[1], "abc", 3));
	EXPECT_EQ(3, np_read(fds[0], buf, sizeof(buf), NULL));
	close(fds[1]);
	EXPECT_ERRNO(np_read(fds[0], buf, sizeof(buf), NULL), EPIPE);
	close(fds[0]);
}

TEST(mailslot)
{
	NAME(name);
	struct np_mailslot_info mi;
	char buf[8];
	int r, w;

	REQUIRE_DEV();
	EXPECT_ERRNO(np_mailslot_open(name, 0), ENOENT);
	r = np_mailslot_create(name, 0, 0, 0);
	ASSERT_LE(0, r);
	EXPECT_ERRNO(np_mailslot_create(name, 0, 0, 0), EEXIST);
	w = np_mailslot_open(name, 0);
	ASSERT_LE(0, w);
	EXPECT_EQ(3, write(w, "abc", 3));
	ASSERT_EQ(0, np_mailslot_info(r, &mi));
	EXPECT_EQ(3, mi.next_size);
	EXPECT_EQ(1, mi.nr_msgs);
	EXPECT_EQ(0, mi.read_timeout_ms);
	EXPECT_EQ(0, np_mailslot_set_timeout(r, NP_TIMEOUT_INFINITE));
	ASSERT_EQ(0, np_mailslot_info(r, &mi));
	EXPECT_EQ(NP_TIMEOUT_INFINITE, mi.read_timeout_ms);
	EXPECT_EQ(0, np_mailslot_set_timeout(r, 0));
	EXPECT_EQ(3, read(r, buf, sizeof(buf)));
	errno = 0;
	EXPECT_EQ(-1, read(r, buf, sizeof(buf)));
	EXPECT_EQ(ETIMEDOUT, errno);
	close(w);
	close(r);
}

TEST_HARNESS_MAIN
