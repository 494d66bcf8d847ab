// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: instance fds as ordinary fds: fork, exec (close-on-exec),
 * SCM_RIGHTS passing, dup.  A handle lives as long as its open file
 * description: the peer sees CLOSING only when the last copy is closed.
 */
#include <sys/socket.h>
#include "npipe_test.h"

#define PROBE_ENV "NPIPE_FD_TEST_PROBE"

/*
 * When this program is exec'd by a test, it runs this probe instead of the
 * harness: "closed:N" exits 0 if fd N is not open; "write:N" writes a
 * message to fd N (a connected client end) and exits 0 on success.
 */
static void __attribute__((constructor)) exec_probe(void)
{
	const char *v = getenv(PROBE_ENV);
	int fd;

	if (!v)
		return;
	if (sscanf(v, "closed:%d", &fd) == 1)
		_exit(fcntl(fd, F_GETFD) < 0 && errno == EBADF ? 0 : 1);
	if (sscanf(v, "write:%d", &fd) == 1) {
		if (np_state(fd) != NPIPE_STATE_CONNECTED)
			_exit(2);
		_exit(np_write_str(fd, "from exec") ? 3 : 0);
	}
	_exit(4);
}

/* fork + exec ourselves with the probe; returns the exit status or -1. */
static int run_probe(const char *probe)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		char *argv[] = { "npipe_fd_probe", NULL };

		setenv(PROBE_ENV, probe, 1);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST_F(npipe, fd_fork_child_uses_handle)
{
	int srv, cli, status;
	pid_t pid;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	check_write(srv, "to child");
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		char buf[16];
		__u32 bytes;

		if (np_read(cli, buf, sizeof(buf), &bytes, NULL) || bytes != 8 ||
		    memcmp(buf, "to child", 8))
			_exit(1);
		_exit(np_write_str(cli, "from child") ? 2 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	check_read(srv, 16, "from child", 0);
	/* the child's exit closed only its copy */
	check_state(srv, NPIPE_STATE_CONNECTED);
	close(cli);
	check_state(srv, NPIPE_STATE_CLOSING);
	close(srv);
}

TEST_F(npipe, fd_last_copy_closes)
{
	int srv, cli, go, status;
	pid_t pid;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	/* a child holds the client until the parent says so */
	pid = np_fork_held(&go);
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(np_write_str(cli, "late") ? 2 : 0);
	close(cli);
	/* the child still holds the client end */
	check_state(srv, NPIPE_STATE_CONNECTED);
	ASSERT_EQ(1, write(go, "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	check_state(srv, NPIPE_STATE_CLOSING);
	check_read(srv, 8, "late", 0);
	EXPECT_EQ(-EPIPE, np_read(srv, NULL, 0, NULL, NULL));
	close(go);
	close(srv);
}

TEST_F(npipe, fd_exec_closes_handles)
{
	char probe[32];
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	snprintf(probe, sizeof(probe), "closed:%d", srv);
	EXPECT_EQ(0, run_probe(probe));
	snprintf(probe, sizeof(probe), "closed:%d", cli);
	EXPECT_EQ(0, run_probe(probe));
	check_state(srv, NPIPE_STATE_CONNECTED);

	/* cleared close-on-exec: the exec'd program inherits and uses it */
	ASSERT_EQ(0, fcntl(cli, F_SETFD, 0));
	snprintf(probe, sizeof(probe), "write:%d", cli);
	EXPECT_EQ(0, run_probe(probe));
	check_read(srv, 16, "from exec", 0);
	check_state(srv, NPIPE_STATE_CONNECTED);
	close(cli);
	close(srv);
}

/* A message of the one byte @c with room for one fd in @cbuf. */
static void fd_msg(struct msghdr *msg, struct iovec *iov, char *c, void *cbuf,
		   size_t cbuf_size)
{
	*iov = (struct iovec){ .iov_base = c, .iov_len = 1 };
	*msg = (struct msghdr){
		.msg_iov = iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = cbuf_size,
	};
}

static int send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct cmsghdr *cm;
	struct msghdr msg;
	struct iovec iov;
	char c = 'F';

	fd_msg(&msg, &iov, &c, cbuf, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct cmsghdr *cm;
	struct msghdr msg;
	struct iovec iov;
	char c;
	int fd;

	fd_msg(&msg, &iov, &c, cbuf, sizeof(cbuf));
	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

TEST_F(npipe, fd_scm_rights)
{
	int srv, cli, sv[2], status;
	pid_t pid;
	NP_NAME(name);

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	/* the child exists before the pipe does: it can only get the fd by passing */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		char buf[16];
		__u32 bytes;
		int fd;

		close(sv[0]);
		fd = recv_fd(sv[1]);
		if (fd < 0)
			_exit(1);
		if (np_state(fd) != NPIPE_STATE_CONNECTED)
			_exit(2);
		if (np_read(fd, buf, sizeof(buf), &bytes, NULL) || bytes != 6 ||
		    memcmp(buf, "passed", 6))
			_exit(3);
		_exit(np_write_str(fd, "got it") ? 4 : 0);
	}
	close(sv[1]);
	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	check_write(srv, "passed");
	ASSERT_EQ(0, send_fd(sv[0], cli));
	close(cli);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	check_read(srv, 16, "got it", 0);
	/* the child had the last reference */
	check_state(srv, NPIPE_STATE_CLOSING);
	close(sv[0]);
	close(srv);
}

TEST_F(npipe, fd_dup)
{
	int srv, cli, d1, d2;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	d1 = dup(cli);
	ASSERT_LE(0, d1);
	d2 = fcntl(srv, F_DUPFD_CLOEXEC, 100);
	ASSERT_LE(100, d2);
	close(cli);
	check_state(srv, NPIPE_STATE_CONNECTED);
	check_write(d1, "via dup");
	check_read(d2, 16, "via dup", 0);
	/* the mode belongs to the open file, shared by all copies */
	ASSERT_EQ(0, np_set_mode(d2, NPIPE_MODE_NOWAIT));
	EXPECT_EQ((int)NPIPE_MODE_NOWAIT, np_mode(srv));
	EXPECT_EQ(-EAGAIN, np_read(srv, NULL, 0, NULL, NULL));
	close(srv);
	check_state(d1, NPIPE_STATE_CONNECTED);
	close(d1);
	EXPECT_EQ(-ESHUTDOWN, np_connect(d2));
	check_state(d2, NPIPE_STATE_CLOSING);
	close(d2);
}

TEST_F(npipe, fd_control_fd_shared)
{
	int ctl2, srv, cli;
	NP_NAME(name);

	/* a second open of /dev/npipe sees the same names */
	ctl2 = open(NPIPE_DEVICE, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, ctl2);
	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	ASSERT_LE(0, srv);
	/* pipes outlive the control fd that made them */
	close(self->ctl);
	self->ctl = -1;
	cli = np_open(ctl2, name, NP_RW);
	ASSERT_LE(0, cli);
	check_state(srv, NPIPE_STATE_CONNECTED);
	close(cli);
	close(srv);
	EXPECT_EQ(-ENOENT, np_open(ctl2, name, NP_RW));
	close(ctl2);
}

TEST_HARNESS_MAIN
