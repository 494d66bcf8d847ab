// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: access control between users, and the peer ids that
 * GET_INFO reports (GetNamedPipeClientProcessId and friends).
 *
 * npipe_create.mode is checked like a file's permission bits against the
 * creator's uid and gid (read bit: open for reading, write bit: open for
 * writing; 0 means 0600).  Only the creator's uid (or CAP_DAC_OVERRIDE)
 * may add instances.  Needs root, to switch to other ids in children.
 */
#include "npipe_test.h"

#define OTHER_UID	65534
#define OTHER_GID	65534
#define THIRD_UID	65533

struct req {
	int ctl;
	const char *name;
	__u32 flags;
	__u32 mode;
	int sync_rd;	/* child_create_hold: wait for a byte here */
	int sync_wr;	/* child_create_hold: write a byte here once created */
};

/* Run @fn as uid/gid in a child; returns its exit code, or -1. */
static int run_as(uid_t uid, gid_t gid, int (*fn)(struct req *), struct req *r)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		if (np_become(uid, gid))
			_exit(200);
		_exit(fn(r) & 0xff);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Exit codes: 0 success, else the errno. */
static int child_open(struct req *r)
{
	int fd = np_open(r->ctl, r->name, r->flags);

	return fd < 0 ? -fd : 0;
}

static int child_create(struct req *r)
{
	int fd = np_create_mode(r->ctl, r->name, r->flags, 4, 0, 0, 0, r->mode);

	return fd < 0 ? -fd : 0;
}

static int child_wait(struct req *r)
{
	return -np_wait(r->ctl, r->name, np_now() + 100 * NP_MSEC, 0);
}

/* Create an instance, tell the parent, hold it until told to go. */
static int child_create_hold(struct req *r)
{
	int fd = np_create_mode(r->ctl, r->name, r->flags, 4, 0, 0, 0, r->mode);
	char c = fd < 0 ? 'E' : 'K';

	if (write(r->sync_wr, &c, 1) != 1 || fd < 0)
		return 100;
	if (read(r->sync_rd, &c, 1) != 1)
		return 101;
	return 0;
}

TEST_F(npipe, access_default_mode_0600)
{
	struct req r = { 0 };
	int srv, cli, ret;
	NP_NAME(name);

	NP_REQUIRE_ROOT();
	srv = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	ASSERT_LE(0, srv);
	r.ctl = self->ctl;
	r.name = name;

	r.flags = NPIPE_OPEN_READ;
	EXPECT_EQ(EACCES, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	r.flags = NPIPE_OPEN_WRITE;
	EXPECT_EQ(EACCES, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	r.flags = NP_RW;
	EXPECT_EQ(EACCES, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	/* the same group does not help with 0600 */
	EXPECT_EQ(EACCES, run_as(OTHER_UID, 0, child_open, &r));
	/* nor may another user add instances */
	r.flags = NPIPE_CREATE_DUPLEX;
	EXPECT_EQ(EACCES, run_as(OTHER_UID, OTHER_GID, child_create, &r));
	/* the failures took nothing */
	check_state(srv, NPIPE_STATE_LISTENING);
	{
		struct npipe_info info;

		ASSERT_EQ(0, np_info(srv, &info));
		EXPECT_EQ(1U, info.cur_instances);
	}

	/* WaitNamedPipe needs no access: the header is silent; report it */
	ret = run_as(OTHER_UID, OTHER_GID, child_wait, &r);
	TH_LOG("WAIT on another user's 0600 pipe: %s", ret ? strerror(ret) : "allowed");

	/* the owner may */
	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	close(cli);
	close(srv);
}

TEST_F(npipe, access_mode_0666)
{
	struct req r = { 0 };
	int srv;
	NP_NAME(name);

	NP_REQUIRE_ROOT();
	srv = np_create_mode(self->ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0,
			     0666);
	ASSERT_LE(0, srv);
	r.ctl = self->ctl;
	r.name = name;
	r.flags = NP_RW;
	EXPECT_EQ(0, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	/* its client closed when the child exited */
	check_state(srv, NPIPE_STATE_CLOSING);
	/* open access does not let another user add instances */
	r.flags = NPIPE_CREATE_DUPLEX;
	EXPECT_EQ(EACCES, run_as(OTHER_UID, OTHER_GID, child_create, &r));
	close(srv);
}

TEST_F(npipe, access_mode_bits_per_direction)
{
	struct req r = { 0 };
	int srv;
	NP_NAME(name);

	NP_REQUIRE_ROOT();
	srv = np_create_mode(self->ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0,
			     0644);
	ASSERT_LE(0, srv);
	r.ctl = self->ctl;
	r.name = name;
	r.flags = NPIPE_OPEN_WRITE;
	EXPECT_EQ(EACCES, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	r.flags = NP_RW;
	EXPECT_EQ(EACCES, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	check_state(srv, NPIPE_STATE_LISTENING);
	r.flags = NPIPE_OPEN_READ;
	EXPECT_EQ(0, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	check_state(srv, NPIPE_STATE_CLOSING);
	close(srv);

	/* write-only for others */
	srv = np_create_mode(self->ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0,
			     0602);
	ASSERT_LE(0, srv);
	r.flags = NPIPE_OPEN_READ;
	EXPECT_EQ(EACCES, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	r.flags = NPIPE_OPEN_WRITE;
	EXPECT_EQ(0, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	close(srv);
}

TEST_F(npipe, access_group_bits)
{
	struct req r = { 0 };
	int srv;
	NP_NAME(name);

	NP_REQUIRE_ROOT();
	ASSERT_EQ(0, setegid(0));
	srv = np_create_mode(self->ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0,
			     0060);
	ASSERT_LE(0, srv);
	r.ctl = self->ctl;
	r.name = name;
	r.flags = NP_RW;
	/* another user in the creator's group: group bits */
	EXPECT_EQ(0, run_as(OTHER_UID, 0, child_open, &r));
	EXPECT_EQ(0, np_disconnect(srv));
	ASSERT_EQ(0, np_set_mode(srv, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-ENOTCONN, np_connect(srv));
	/* not in the group: other bits (none) */
	EXPECT_EQ(EACCES, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	close(srv);

	/* in the group, the group bits rule even when others may */
	srv = np_create_mode(self->ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0,
			     0606);
	ASSERT_LE(0, srv);
	EXPECT_EQ(EACCES, run_as(OTHER_UID, 0, child_open, &r));
	EXPECT_EQ(0, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	close(srv);
}

TEST_F(npipe, access_owner_and_cap_dac_override)
{
	struct req r = { 0 };
	int go[2], ready[2], status, fd, cli;
	pid_t pid;
	char c;
	NP_NAME(name);

	NP_REQUIRE_ROOT();
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(ready));
	r.ctl = self->ctl;
	r.name = name;
	r.flags = NPIPE_CREATE_DUPLEX;
	r.mode = 0;
	r.sync_rd = go[0];
	r.sync_wr = ready[1];

	/* an unprivileged user creates the pipe (0600) and holds it */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (np_become(OTHER_UID, OTHER_GID))
			_exit(200);
		_exit(child_create_hold(&r));
	}
	ASSERT_EQ(1, read(ready[0], &c, 1));
	ASSERT_EQ('K', c);

	/* its own uid may add instances and open */
	r.flags = NPIPE_CREATE_DUPLEX;
	EXPECT_EQ(0, run_as(OTHER_UID, OTHER_GID, child_create, &r));
	r.flags = NP_RW;
	EXPECT_EQ(0, run_as(OTHER_UID, OTHER_GID, child_open, &r));
	/* a third user may do neither */
	EXPECT_EQ(EACCES, run_as(THIRD_UID, OTHER_GID, child_open, &r));
	r.flags = NPIPE_CREATE_DUPLEX;
	EXPECT_EQ(EACCES, run_as(THIRD_UID, OTHER_GID, child_create, &r));
	/* root has CAP_DAC_OVERRIDE: both */
	fd = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	EXPECT_LE(0, fd);
	cli = np_open(self->ctl, name, NP_RW);
	EXPECT_LE(0, cli);
	if (fd >= 0) {
		struct npipe_info info;

		ASSERT_EQ(0, np_info(fd, &info));
		/* the instance's creator is root, the pipe's owner is not */
		EXPECT_EQ((__u32)getpid(), info.server_pid);
		EXPECT_EQ(0U, info.server_uid);
	}

	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	close(cli);
	close(fd);
}

TEST_F(npipe, access_info_peer_ids)
{
	struct npipe_info info;
	int srv, go[2], ready[2], status;
	pid_t pid, parent = getpid();
	char c;
	NP_NAME(name);

	NP_REQUIRE_ROOT();
	ASSERT_EQ(0, setegid(0));
	srv = np_create_mode(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0,
			     0666);
	ASSERT_LE(0, srv);
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int cli, code = 0;

		if (np_become(OTHER_UID, OTHER_GID))
			_exit(200);
		cli = np_open(self->ctl, name, NP_RW);
		if (cli < 0)
			_exit(1);
		if (np_info(cli, &info))
			_exit(2);
		if (info.server_pid != (__u32)parent)
			code = 3;
		else if (info.server_uid != 0 || info.server_gid != 0)
			code = 4;
		else if (info.client_pid != (__u32)getpid())
			code = 5;
		else if (info.client_uid != OTHER_UID || info.client_gid != OTHER_GID)
			code = 6;
		else if (info.flags & NPIPE_INFO_SERVER_END)
			code = 7;
		c = 'K';
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(8);
		_exit(code);
	}
	ASSERT_EQ(1, read(ready[0], &c, 1));
	ASSERT_EQ(0, np_info(srv, &info));
	EXPECT_EQ((__u32)NPIPE_STATE_CONNECTED, info.state);
	EXPECT_EQ((__u32)getpid(), info.server_pid);
	EXPECT_EQ(0U, info.server_uid);
	EXPECT_EQ(0U, info.server_gid);
	EXPECT_EQ((__u32)pid, info.client_pid);
	EXPECT_EQ((__u32)OTHER_UID, info.client_uid);
	EXPECT_EQ((__u32)OTHER_GID, info.client_gid);
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* the ids stay those of the client that opened last */
	ASSERT_EQ(0, np_info(srv, &info));
	EXPECT_EQ((__u32)NPIPE_STATE_CLOSING, info.state);
	EXPECT_EQ((__u32)pid, info.client_pid);
	EXPECT_EQ((__u32)OTHER_UID, info.client_uid);
	close(srv);
}

TEST_HARNESS_MAIN
