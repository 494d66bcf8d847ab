// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: what one user does must not starve another.
 *
 * Every queued message is charged to the user who opened the handle that
 * wrote it, until it is read or discarded; past the module parameter
 * max_user_bytes a write fails with EDQUOT (Win32 ERROR_NOT_ENOUGH_QUOTA)
 * and queues nothing.  The counts of pipes (mailslots included) and of
 * instances are per user as well.  CAP_SYS_RESOURCE is exempt.
 *
 * The users are real: each runs in a child that switched to its uid.  Needs
 * root, to switch, and writable module parameters, to lower the limits.
 */
#include <poll.h>
#include "npipe_test.h"

#define USER_A	65534
#define USER_B	65533

#define BUDGET	(256 * 1024)		/* max_user_bytes in these tests */
#define MSG	(16 * 1024)		/* bytes per message written */
#define QUOTA	(1024 * 1024)		/* far above the budget */
/* Messages that fit: each costs its data and a header of a few words. */
#define FIT	(BUDGET / MSG - 1)
/* Where fill() stops if nothing refuses: past what the budget allows. */
#define RUNAWAY	(2 * BUDGET / MSG)

#define NP_MSLOT_NOWAIT	(NPIPE_OPEN_WRITE | NPIPE_MODE_NOWAIT)

static char msg_buf[MSG];

/*
 * Write MSG-byte messages on @fd, which must not block, until a write
 * fails (*err: its -errno) or RUNAWAY succeeded (*err: 0).
 * Return: the number written.
 */
static int fill(int fd, int *err)
{
	__u32 bytes;
	int n;

	for (n = 0; n < RUNAWAY; n++) {
		*err = np_write(fd, msg_buf, MSG, &bytes);
		if (*err)
			return n;
		if (bytes != MSG) {
			*err = -EIO;
			return n;
		}
	}
	*err = 0;
	return n;
}

/* fill() and check that exactly @want fit before EDQUOT. */
static bool fill_exactly(int fd, int want)
{
	int err, n = fill(fd, &err);

	return n == want && err == -EDQUOT;
}

/* ---- a user in a child process ------------------------------------------ */

/*
 * A child that switched to @uid runs @fn, which may report() numbers to the
 * parent and hold() until the parent says go; its return is the exit code
 * (0: all its checks passed; otherwise the step that failed).
 */
struct user {
	pid_t pid;
	int to_child;		/* parent writes go bytes */
	int from_child;		/* parent reads reports */
	int rd, wr;		/* the child's ends */
	int ctl;
	const char *name;
};

typedef int (*user_fn)(struct user *u);

static int report(struct user *u, int value)
{
	return write(u->wr, &value, sizeof(value)) == sizeof(value) ? 0 : -1;
}

static int hold(struct user *u)
{
	char c;

	return read(u->rd, &c, 1) == 1 ? 0 : -1;
}

static int spawn(struct user *u, uid_t uid, int ctl, const char *name,
		 user_fn fn)
{
	int down[2], up[2];

	if (pipe(down) || pipe(up))
		return -1;
	u->ctl = ctl;
	u->name = name;
	u->pid = fork();
	if (u->pid < 0)
		return -1;
	if (!u->pid) {
		close(down[1]);
		close(up[0]);
		u->rd = down[0];
		u->wr = up[1];
		if (np_become(uid, uid))
			_exit(200);
		_exit(fn(u) & 0xff);
	}
	close(down[0]);
	close(up[1]);
	u->to_child = down[1];
	u->from_child = up[0];
	return 0;
}

/* The child's next report, or -1000 if it exits or stalls (10 s). */
static int result(struct user *u)
{
	struct pollfd p = { .fd = u->from_child, .events = POLLIN };
	int value;

	if (poll(&p, 1, 10000) != 1 ||
	    read(u->from_child, &value, sizeof(value)) != sizeof(value))
		return -1000;
	return value;
}

static void go(struct user *u)
{
	/* A child that never holds may have exited already: EPIPE then. */
	if (write(u->to_child, "g", 1) != 1 && errno != EPIPE)
		kill(u->pid, SIGKILL);
}

/* Let the child finish.  Return: its exit code, or -1 if it died. */
static int finish(struct user *u)
{
	int status;

	go(u);
	close(u->to_child);
	close(u->from_child);
	if (waitpid(u->pid, &status, 0) != u->pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* ---- fixture: lowered limits, restored afterwards ----------------------- */

static const char *const params[] = {
	"max_user_bytes", "max_user_pipes", "max_user_instances",
};

FIXTURE(users) {
	int ctl;
	unsigned long long saved[3];
	bool changed;
};

FIXTURE_SETUP(users)
{
	unsigned int i;

	/* go() to a child that has exited must not kill the test. */
	signal(SIGPIPE, SIG_IGN);
	self->ctl = open("/dev/npipe", O_RDWR | O_CLOEXEC);
	if (self->ctl < 0 || geteuid() != 0)
		return;
	for (i = 0; i < 3; i++)
		if (param_read(params[i], &self->saved[i]))
			return;
	self->changed = !param_write("max_user_bytes", BUDGET);
}

FIXTURE_TEARDOWN(users)
{
	unsigned int i;

	if (self->changed)
		for (i = 0; i < 3; i++)
			EXPECT_EQ(0, param_write(params[i], self->saved[i]));
	if (self->ctl >= 0)
		close(self->ctl);
}

#define USERS_REQUIRE() do { \
	if (self->ctl < 0) \
		SKIP(return, "no /dev/npipe (module not loaded?)"); \
	if (geteuid() != 0) \
		SKIP(return, "needs root to switch users"); \
	ASSERT_TRUE(self->changed) TH_LOG("cannot set max_user_bytes"); \
} while (0)

/* A message-type duplex instance with large quotas, and a client on it. */
static int big_pair(int ctl, const char *name, int *srv, int *cli)
{
	*srv = np_create(ctl, name, NP_DUPLEX_MSG | NPIPE_MODE_NOWAIT, 1,
			 QUOTA, QUOTA, 0);
	if (*srv < 0)
		return *srv;
	*cli = np_open(ctl, name, NP_RW | NPIPE_MODE_NOWAIT);
	if (*cli < 0)
		return *cli;
	return np_set_mode(*cli, NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT);
}

/* ---- the byte budget, one user ------------------------------------------ */

static int user_budget_cycle(struct user *u)
{
	__u32 bytes, flags = 0;
	struct npipe_peek pk;
	static char buf[MSG];
	int srv, cli;

	if (big_pair(u->ctl, u->name, &srv, &cli))
		return 10;
	if (!fill_exactly(cli, FIT))
		return 11;
	/* The refused write queued nothing. */
	if (np_peek(srv, NULL, 0, &pk) || pk.avail != FIT * MSG ||
	    pk.nr_msgs != FIT)
		return 12;
	/* Nor is a transaction's request sent. */
	if (np_transact(cli, msg_buf, MSG, buf, MSG, &flags, &bytes, NULL) !=
	    -EDQUOT || flags & NPIPE_TRANSACT_SENT)
		return 13;
	/* The other direction is the same user's budget. */
	if (np_write(srv, msg_buf, MSG, &bytes) != -EDQUOT)
		return 14;
	/* A message read gives its charge back: one more fits. */
	if (np_read(srv, buf, MSG, &bytes, NULL) || bytes != MSG)
		return 15;
	if (!fill_exactly(cli, 1))
		return 16;
	/* A disconnect discards the data, and with it the charge. */
	if (np_disconnect(srv) || np_connect(srv) != -ENOTCONN)
		return 17;
	close(cli);
	cli = np_open(u->ctl, u->name, NP_RW | NPIPE_MODE_NOWAIT);
	if (cli < 0 || !fill_exactly(cli, FIT))
		return 18;
	/* Data left by a closed client stays charged until the server goes. */
	close(cli);
	if (np_read(srv, buf, MSG, &bytes, NULL) || bytes != MSG)
		return 19;
	close(srv);
	if (big_pair(u->ctl, u->name, &srv, &cli) || !fill_exactly(srv, FIT))
		return 20;
	return 0;
}

TEST_F(users, byte_budget_refuses_and_returns)
{
	struct user a;
	NP_NAME(name);

	USERS_REQUIRE();
	ASSERT_EQ(0, spawn(&a, USER_A, self->ctl, name, user_budget_cycle));
	EXPECT_EQ(0, finish(&a));
}

/* ---- one user at its budget, another unaffected ------------------------- */

static int user_fill_and_hold(struct user *u)
{
	int srv, cli, err, n;

	if (big_pair(u->ctl, u->name, &srv, &cli))
		return 10;
	n = fill(cli, &err);
	if (report(u, err == -EDQUOT ? n : -1) || hold(u))
		return 11;
	return 0;
}

static int user_mailslot_and_pipe(struct user *u)
{
	char name[256];
	int ms, wr, srv, cli;

	/* Names, mailslots and writes all work for this user. */
	snprintf(name, sizeof(name), "%s-ms", u->name);
	ms = np_err(ioctl(u->ctl, NPIPE_IOC_MAILSLOT_CREATE,
			  &(struct npipe_mailslot_create){
				.name = (uintptr_t)name,
				.name_len = (__u32)strlen(name),
			  }));
	wr = np_err(ioctl(u->ctl, NPIPE_IOC_MAILSLOT_OPEN,
			  &(struct npipe_open){
				.name = (uintptr_t)name,
				.name_len = (__u32)strlen(name),
				.flags = NP_MSLOT_NOWAIT,
			  }));
	if (ms < 0 || wr < 0 || np_syswrite(wr, "hi", 2) != 2)
		return 10;
	close(ms);
	close(wr);
	if (big_pair(u->ctl, u->name, &srv, &cli))
		return 11;
	return fill_exactly(cli, FIT) ? 0 : 12;
}

TEST_F(users, one_user_at_budget_does_not_starve_another)
{
	char name_a[256], name_b[256];
	int srv, cli, err;
	struct user a, b;
	NP_NAME(name);

	USERS_REQUIRE();
	snprintf(name_a, sizeof(name_a), "%s-a", name);
	snprintf(name_b, sizeof(name_b), "%s-b", name);
	ASSERT_EQ(0, spawn(&a, USER_A, self->ctl, name_a, user_fill_and_hold));
	EXPECT_EQ(FIT, result(&a));

	/* While A holds its whole budget: */
	ASSERT_EQ(0, spawn(&b, USER_B, self->ctl, name_b,
			   user_mailslot_and_pipe));
	EXPECT_EQ(0, finish(&b));
	/* root is exempt (CAP_SYS_RESOURCE) */
	ASSERT_EQ(0, big_pair(self->ctl, name, &srv, &cli));
	EXPECT_EQ(RUNAWAY, fill(cli, &err));
	EXPECT_EQ(0, err);
	close(srv);
	close(cli);
	EXPECT_EQ(0, finish(&a));
}

/* ---- a client's writes are its own user's, not the server's ------------- */

static int user_server_b(struct user *u)
{
	int srv;

	srv = np_create_mode(u->ctl, u->name, NP_DUPLEX_MSG | NPIPE_MODE_NOWAIT,
			     1, QUOTA, QUOTA, 0, 0666);
	if (report(u, srv < 0 ? srv : 0) || srv < 0 || hold(u))
		return 10;
	/* A's client filled this instance's inbound queue to A's budget. */
	if (np_state(srv) != NPIPE_STATE_CONNECTED)
		return 11;
	if (report(u, fill_exactly(srv, FIT) ? 0 : 12) || hold(u))
		return 13;
	return 0;
}

static int user_client_a(struct user *u)
{
	int cli = np_open(u->ctl, u->name, NP_RW | NPIPE_MODE_NOWAIT);

	if (cli < 0)
		return 10;
	if (report(u, fill_exactly(cli, FIT) ? 0 : 11) || hold(u))
		return 12;
	return 0;
}

TEST_F(users, writes_are_charged_to_the_writer)
{
	struct user a, b;
	NP_NAME(name);

	USERS_REQUIRE();
	ASSERT_EQ(0, spawn(&b, USER_B, self->ctl, name, user_server_b));
	ASSERT_EQ(0, result(&b));
	ASSERT_EQ(0, spawn(&a, USER_A, self->ctl, name, user_client_a));
	/* A, a client of B's pipe, spends its own budget there... */
	EXPECT_EQ(0, result(&a));
	/* ...which leaves B's whole budget for its replies. */
	go(&b);
	EXPECT_EQ(0, result(&b));
	EXPECT_EQ(0, finish(&b));
	EXPECT_EQ(0, finish(&a));
}

/* ---- mailslots: each writer pays for its own messages ------------------- */

static int user_mailslot_owner(struct user *u)
{
	int ms, wr;

	ms = np_err(ioctl(u->ctl, NPIPE_IOC_MAILSLOT_CREATE,
			  &(struct npipe_mailslot_create){
				.name = (uintptr_t)u->name,
				.name_len = (__u32)strlen(u->name),
				.mode = 0622,
			  }));
	if (report(u, ms < 0 ? ms : 0) || ms < 0 || hold(u))
		return 10;
	/* B filled its budget here; A's writes to its own mailslot fit. */
	wr = np_err(ioctl(u->ctl, NPIPE_IOC_MAILSLOT_OPEN,
			  &(struct npipe_open){
				.name = (uintptr_t)u->name,
				.name_len = (__u32)strlen(u->name),
				.flags = NP_MSLOT_NOWAIT,
			  }));
	if (wr < 0)
		return 11;
	return report(u, fill_exactly(wr, FIT) ? 0 : 12) || hold(u) ? 13 : 0;
}

static int user_mailslot_writer(struct user *u)
{
	int wr = np_err(ioctl(u->ctl, NPIPE_IOC_MAILSLOT_OPEN,
			      &(struct npipe_open){
				.name = (uintptr_t)u->name,
				.name_len = (__u32)strlen(u->name),
				.flags = NP_MSLOT_NOWAIT,
			      }));

	if (wr < 0)
		return 10;
	return report(u, fill_exactly(wr, FIT) ? 0 : 11) || hold(u) ? 12 : 0;
}

TEST_F(users, mailslot_writers_pay_for_their_messages)
{
	struct user a, b;
	NP_NAME(name);

	USERS_REQUIRE();
	ASSERT_EQ(0, spawn(&a, USER_A, self->ctl, name, user_mailslot_owner));
	ASSERT_EQ(0, result(&a));
	ASSERT_EQ(0, spawn(&b, USER_B, self->ctl, name, user_mailslot_writer));
	EXPECT_EQ(0, result(&b));
	go(&a);
	EXPECT_EQ(0, result(&a));
	EXPECT_EQ(0, finish(&a));
	EXPECT_EQ(0, finish(&b));
}

/* ---- counts of names and instances -------------------------------------- */

/* Two pipes (one a mailslot) and three instances, then EDQUOT for each. */
static int user_counts(struct user *u)
{
	char n1[256], n2[256], n3[256];
	int fds[3], ms;

	snprintf(n1, sizeof(n1), "%s-1", u->name);
	snprintf(n2, sizeof(n2), "%s-2", u->name);
	snprintf(n3, sizeof(n3), "%s-3", u->name);
	fds[0] = np_create(u->ctl, n1, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	fds[1] = np_create(u->ctl, n1, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	ms = np_err(ioctl(u->ctl, NPIPE_IOC_MAILSLOT_CREATE,
			  &(struct npipe_mailslot_create){
				.name = (uintptr_t)n2,
				.name_len = (__u32)strlen(n2),
			  }));
	if (fds[0] < 0 || fds[1] < 0 || ms < 0)
		return 10;
	if (np_create(u->ctl, n3, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0) != -EDQUOT)
		return 11;
	fds[2] = np_create(u->ctl, n1, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	if (fds[2] < 0)
		return 12;
	if (np_create(u->ctl, n1, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0) != -EDQUOT)
		return 13;
	return report(u, 0) || hold(u) ? 14 : 0;
}

TEST_F(users, name_and_instance_counts_are_per_user)
{
	char name_a[256], name_b[256];
	struct user a, b;
	NP_NAME(name);

	USERS_REQUIRE();
	ASSERT_EQ(0, param_write("max_user_pipes", 2));
	ASSERT_EQ(0, param_write("max_user_instances", 3));
	snprintf(name_a, sizeof(name_a), "%s-a", name);
	snprintf(name_b, sizeof(name_b), "%s-b", name);
	ASSERT_EQ(0, spawn(&a, USER_A, self->ctl, name_a, user_counts));
	EXPECT_EQ(0, result(&a));
	/* A is at both limits; B has its own. */
	ASSERT_EQ(0, spawn(&b, USER_B, self->ctl, name_b, user_counts));
	EXPECT_EQ(0, result(&b));
	EXPECT_EQ(0, finish(&b));
	EXPECT_EQ(0, finish(&a));
}

TEST_HARNESS_MAIN
