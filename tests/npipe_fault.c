// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: systematic allocation-failure sweep.
 *
 * For every ioctl and I/O path, and n = 1, 2, 3...: arm the calling
 * thread's n-th slab allocation to fail (/proc/thread-self/fail-nth with
 * failslab), run the operation once, and read back whether the fault was
 * injected.  The sweep of an operation ends with the first n at which no
 * fault was injected: the operation then ran past its last allocation.
 *
 * Each iteration checks:
 *  - the call succeeded (or returned its normal error, for error paths),
 *    or failed with exactly ENOMEM;
 *  - after an ENOMEM, nothing happened: no name left behind, no instance
 *    counted, no message queued, the peer's state unchanged; and the same
 *    operation, retried without injection, works and the data read back is
 *    exactly what was written (nothing lost, duplicated or half-queued);
 *  - no fd leaked (entries of /proc/self/fd);
 *  - no per-user pipe or instance charge leaked: the sweep runs as another
 *    user under low max_user_pipes / max_user_instances module parameters,
 *    and after each iteration exactly that many pipes can be created.
 *
 * Needs a kernel with CONFIG_FAULT_INJECTION and CONFIG_FAILSLAB and
 * debugfs mounted (the debug kernel of scripts/debug-kernel), and root:
 * each test is skipped otherwise (the stock Debian kernel has neither).
 * The number of injection points found per operation is printed; the
 * operations that must allocate (create, open, write...) must have some.
 */
#include <sys/prctl.h>
#include "npipe_test.h"

#define FAILSLAB	"/sys/kernel/debug/failslab"
#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define FI_MAX_ITER	500	/* more injection points than this is a bug */
#define FI_QUOTA	6	/* max_user_pipes = max_user_instances */
#define FI_QUOTA_STR	"6"
#define FI_MAXFD	16

/* ---- small file helpers -------------------------------------------------- */

static int fi_read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -EIO;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static int fi_write_file(const char *path, const char *val)
{
	int fd, ok;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -EIO;
}

/* ---- the fixture ---------------------------------------------------------- */

struct fi_saved {
	const char *file;
	char val[64];
	int saved;
};

FIXTURE(fault) {
	int ctl;
	int nth;		/* /proc/thread-self/fail-nth, opened as root */
	int armed;		/* failslab configured: teardown restores */
	int quota;		/* module parameters lowered: quota checks on */
	uid_t uid;		/* the user the sweep runs as (0: root) */
	struct fi_saved fs[8];
	char old_pipes[32], old_insts[32];
	int nfds;		/* baseline fd count */
	/* results */
	int points, enomem, absorbed;
};

static const char *const fi_settings[][2] = {
	{ "ignore-gfp-wait", "N" },	/* fail sleeping allocations too */
	{ "probability", "0" },	/* nothing random: fail-nth only */
	{ "interval", "1" },
	{ "times", "-1" },
	{ "space", "0" },
	{ "verbose", "0" },	/* no console noise per injection */
	{ "task-filter", "N" },
};

FIXTURE_SETUP(fault)
{
	self->ctl = -1;
	self->nth = -1;
}

FIXTURE_TEARDOWN(fault)
{
	char path[256];
	int i;

	/* Back to root (the saved set-user-ID is 0) to restore settings. */
	if (self->uid)
		setresuid(0, 0, 0);
	if (self->nth >= 0)
		pwrite(self->nth, "0", 1, 0);
	for (i = 0; i < (int)ARRAY_SIZE(self->fs); i++) {
		if (!self->fs[i].saved)
			continue;
		snprintf(path, sizeof(path), FAILSLAB "/%s", self->fs[i].file);
		fi_write_file(path, self->fs[i].val);
	}
	if (self->quota) {
		fi_write_file(NP_PARAM_DIR "/max_user_pipes", self->old_pipes);
		fi_write_file(NP_PARAM_DIR "/max_user_instances", self->old_insts);
	}
	if (self->nth >= 0)
		close(self->nth);
	if (self->ctl >= 0)
		close(self->ctl);
}

/*
 * The top of every test: skip without fault injection, else configure
 * failslab, open fail-nth, lower the per-user limits and become another
 * user (keeping 0 as the saved set-user-ID, to restore at teardown).
 */
#define FI_BEGIN() do { \
	if (access(NPIPE_DEVICE, F_OK)) \
		SKIP(return, "%s missing (module not loaded)", NPIPE_DEVICE); \
	if (access(FAIL_NTH, F_OK)) \
		SKIP(return, "no %s: kernel without CONFIG_FAULT_INJECTION", \
		     FAIL_NTH); \
	if (access(FAILSLAB, F_OK)) \
		SKIP(return, "no %s: no CONFIG_FAILSLAB or debugfs not mounted", \
		     FAILSLAB); \
	if (geteuid() != 0) \
		SKIP(return, "needs root to configure failslab"); \
	fi_begin(_metadata, self); \
} while (0)

static void fi_begin(struct __test_metadata *_metadata,
		     FIXTURE_DATA(fault) *self)
{
	char path[256];
	int i;

	self->ctl = open(NPIPE_DEVICE, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->ctl) TH_LOG("open %s: %s", NPIPE_DEVICE,
				       strerror(errno));
	for (i = 0; i < (int)ARRAY_SIZE(fi_settings); i++) {
		struct fi_saved *s = &self->fs[i];

		snprintf(path, sizeof(path), FAILSLAB "/%s", fi_settings[i][0]);
		s->file = fi_settings[i][0];
		if (fi_read_file(path, s->val, sizeof(s->val)))
			continue;	/* not in this kernel: leave it */
		s->saved = 1;
		ASSERT_EQ(0, fi_write_file(path, fi_settings[i][1]))
			TH_LOG("cannot set %s to %s", path, fi_settings[i][1]);
	}
	self->armed = 1;
	self->nth = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->nth) TH_LOG("open %s: %s", FAIL_NTH, strerror(errno));

	/* Charge leaks show as EDQUOT early: run as a user with low limits. */
	if (!fi_read_file(NP_PARAM_DIR "/max_user_pipes", self->old_pipes,
			  sizeof(self->old_pipes)) &&
	    !fi_read_file(NP_PARAM_DIR "/max_user_instances", self->old_insts,
			  sizeof(self->old_insts)) &&
	    !fi_write_file(NP_PARAM_DIR "/max_user_pipes", FI_QUOTA_STR) &&
	    !fi_write_file(NP_PARAM_DIR "/max_user_instances", FI_QUOTA_STR)) {
		self->quota = 1;
	} else {
		ksft_print_msg("module parameters not writable: no charge-leak checks\n");
	}
	/* A uid of its own, so that no other test's objects count. */
	self->uid = 40000 + getpid() % 20000;
	ASSERT_EQ(0, setresuid(self->uid, self->uid, 0))
		TH_LOG("setresuid: %s", strerror(errno));
	prctl(PR_SET_DUMPABLE, 1);
	self->nfds = np_count_fds();
	ASSERT_LT(0, self->nfds);
}

/* ---- fail-nth ------------------------------------------------------------- */

static void fi_arm(int nth, int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", n);

	if (pwrite(nth, buf, len, 0) != len)
		abort();
}

/* Disarm; returns 1 if the armed fault was injected. */
static int fi_disarm(int nth)
{
	char buf[16] = "";
	ssize_t n;

	n = pread(nth, buf, sizeof(buf) - 1, 0);
	if (pwrite(nth, "0", 1, 0) != 1 || n <= 0)
		abort();
	buf[n] = 0;
	return atoi(buf) == 0;
}

/* ---- one iteration's objects ----------------------------------------------- */

struct fc {
	struct __test_metadata *md;
	int ctl;
	int n;				/* iteration: the n-th allocation fails */
	char name[64];
	char name2[64];
	/* objects of the setup (-1 when absent) */
	int srv, cli, srv2, cli2, rfd, wfd, ms, msw, ep;
	/* what the operation made */
	int newfd[2];
	int nnew;
	int nclosed;			/* fds the operation closed */
	/* a responder thread on srv (transact) */
	pthread_t thr;
	int have_thr;
	/* scratch */
	__u32 len;
	unsigned char wbuf[8192];
	unsigned char rbuf[8192];
	__u64 t0;
};

struct fop {
	const char *name;
	int must;		/* must have an injection point */
	int expect;		/* result without injection: 0 or -errno */
	void (*setup)(struct fc *c);
	int (*op)(struct fc *c);
	void (*check_done)(struct fc *c);	/* after the normal result */
	void (*check_enomem)(struct fc *c);	/* after ENOMEM: nothing done */
	void (*retry)(struct fc *c);	/* after ENOMEM: redo, verify */
};

/* Lets ASSERT_* / EXPECT_* run in helpers that get a struct fc. */
#define FC_MD(c) struct __test_metadata *_metadata = (c)->md

#define NP_MSG_PIPE	(NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE | \
			 NPIPE_MODE_MESSAGE_READ)
#define NP_BYTE_PIPE	NPIPE_CREATE_DUPLEX

static int fc_create(struct fc *c, const char *name, __u32 flags, __u32 maxinst)
{
	return np_create(c->ctl, name, flags, maxinst, 4096, 4096, NP_MSEC);
}

/* A connected pair; the client in message read mode on message pipes. */
static void fc_pair(struct fc *c, __u32 flags)
{
	FC_MD(c);

	c->srv = fc_create(c, c->name, flags, 1);
	ASSERT_LE(0, c->srv) TH_LOG("setup create: %d", c->srv);
	c->cli = np_open(c->ctl, c->name, NP_RW);
	ASSERT_LE(0, c->cli) TH_LOG("setup open: %d", c->cli);
	if (flags & NPIPE_CREATE_MESSAGE_TYPE)
		ASSERT_EQ(0, np_set_mode(c->cli, NPIPE_MODE_MESSAGE_READ));
}

static int fc_mslot_create(struct fc *c, const char *name, __u64 timeout)
{
	struct npipe_mailslot_create m = {
		.name = (uintptr_t)name,
		.read_timeout = timeout,
		.name_len = (__u32)strlen(name),
	};

	return np_err(ioctl(c->ctl, NPIPE_IOC_MAILSLOT_CREATE, &m));
}

static int fc_mslot_open(struct fc *c, const char *name, __u32 flags)
{
	struct npipe_open o = {
		.name = (uintptr_t)name,
		.name_len = (__u32)strlen(name),
		.flags = flags,
	};

	return np_err(ioctl(c->ctl, NPIPE_IOC_MAILSLOT_OPEN, &o));
}

static int fc_mslot_info(int fd, struct npipe_mailslot_info *info)
{
	memset(info, 0xcc, sizeof(*info));
	return np_err(ioctl(fd, NPIPE_IOC_MAILSLOT_GET_INFO, info));
}

static void fc_mailslot(struct fc *c)
{
	FC_MD(c);

	c->ms = fc_mslot_create(c, c->name, 0);
	ASSERT_LE(0, c->ms) TH_LOG("setup mailslot create: %d", c->ms);
	c->msw = fc_mslot_open(c, c->name, NPIPE_OPEN_WRITE);
	ASSERT_LE(0, c->msw) TH_LOG("setup mailslot open: %d", c->msw);
}

/* Message @seq of this iteration, @len bytes, into @buf. */
static void fc_msg(struct fc *c, unsigned char *buf, __u32 len, int seq)
{
	np_fill(buf, len, c->n * 1000 + seq);
}

/* Expect exactly one message (@len bytes, @seq) readable on @fd, then none. */
static void fc_expect_msg(struct fc *c, int fd, __u32 len, int seq)
{
	unsigned char want[8192];
	__u32 bytes, rem;
	FC_MD(c);

	ASSERT_LE(len, sizeof(want));
	fc_msg(c, want, len, seq);
	memset(c->rbuf, 0xcc, sizeof(c->rbuf));
	ASSERT_EQ(0, np_read(fd, c->rbuf, sizeof(c->rbuf), &bytes, &rem));
	ASSERT_EQ(len, bytes);
	ASSERT_EQ(0U, rem);
	ASSERT_EQ(0, memcmp(want, c->rbuf, len)) TH_LOG("message %d torn", seq);
	check_peek(fd, 0, 0, 0);
}

static int np_is_msgtype_fd(int fd)
{
	struct npipe_info info;

	return !np_info(fd, &info) && (info.flags & NPIPE_INFO_MESSAGE_TYPE);
}

/* Read one message (@len, @seq) from @fd; more may follow. */
static void fc_expect_msg_keep(struct fc *c, int fd, __u32 len, int seq)
{
	unsigned char want[8192];
	__u32 bytes, rem;
	FC_MD(c);

	fc_msg(c, want, len, seq);
	memset(c->rbuf, 0xcc, sizeof(c->rbuf));
	ASSERT_EQ(0, np_read(fd, c->rbuf, sizeof(c->rbuf), &bytes, &rem));
	ASSERT_EQ(len, bytes);
	ASSERT_EQ(0U, rem);
	ASSERT_EQ(0, memcmp(want, c->rbuf, len)) TH_LOG("message %d torn", seq);
}

/* Byte pipes: exactly @len bytes of @seq readable, then none. */
static void fc_expect_bytes(struct fc *c, int fd, __u32 len, int seq)
{
	unsigned char want[8192];
	__u32 got = 0, bytes, rem;
	FC_MD(c);

	fc_msg(c, want, len, seq);
	while (got < len) {
		ASSERT_EQ(0, np_read(fd, c->rbuf + got, sizeof(c->rbuf) - got,
				     &bytes, &rem));
		ASSERT_LT(0U, bytes);
		got += bytes;
	}
	ASSERT_EQ(len, got);
	ASSERT_EQ(0, memcmp(want, c->rbuf, len));
	check_peek(fd, 0, 0, 0);
}

/* Nothing queued for @fd (peek), message-type pipe or byte pipe. */
static void fc_expect_empty(struct fc *c, int fd)
{
	FC_MD(c);

	check_peek(fd, 0, 0, 0);
}

static void fc_expect_state(struct fc *c, int fd, int state)
{
	FC_MD(c);

	ASSERT_EQ(state, np_state(fd));
}

/* A round trip on a connected pair proves both queues still work. */
static void fc_roundtrip(struct fc *c, int srv, int cli, int msgtype)
{
	FC_MD(c);

	fc_msg(c, c->wbuf, 33, 90);
	ASSERT_EQ(0, np_write(cli, c->wbuf, 33, NULL));
	if (msgtype)
		fc_expect_msg(c, srv, 33, 90);
	else
		fc_expect_bytes(c, srv, 33, 90);
	fc_msg(c, c->wbuf, 44, 91);
	ASSERT_EQ(0, np_write(srv, c->wbuf, 44, NULL));
	if (msgtype)
		fc_expect_msg(c, cli, 44, 91);
	else
		fc_expect_bytes(c, cli, 44, 91);
}

static void fc_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void fc_teardown(struct fc *c)
{
	int i;

	/* The responder ends when its client goes. */
	fc_close(&c->cli);
	if (c->have_thr)
		pthread_join(c->thr, NULL);
	fc_close(&c->srv);
	fc_close(&c->srv2);
	fc_close(&c->cli2);
	fc_close(&c->rfd);
	fc_close(&c->wfd);
	fc_close(&c->msw);
	fc_close(&c->ms);
	fc_close(&c->ep);
	for (i = 0; i < c->nnew; i++)
		fc_close(&c->newfd[i]);
}

/*
 * Exactly FI_QUOTA pipes can be created now: nothing of the iteration is
 * still charged to the user.
 */
static void fc_check_quota(struct fc *c)
{
	int fds[FI_QUOTA + 1], i, ok = 0, extra;
	char name[80];
	FC_MD(c);

	for (i = 0; i < FI_QUOTA; i++) {
		snprintf(name, sizeof(name), "%s-q%d", c->name, i);
		fds[i] = np_create(c->ctl, name, NP_BYTE_PIPE, 1, 0, 0, 0);
		ok += fds[i] >= 0;
	}
	snprintf(name, sizeof(name), "%s-q%d", c->name, i);
	extra = np_create(c->ctl, name, NP_BYTE_PIPE, 1, 0, 0, 0);
	for (i = 0; i < FI_QUOTA; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (extra >= 0)
		close(extra);
	ASSERT_EQ(FI_QUOTA, ok)
		TH_LOG("n=%d: only %d of %d pipes could be created afterwards: a pipe or instance charge leaked",
		       c->n, ok, FI_QUOTA);
	ASSERT_EQ(-EDQUOT, extra);
}

/* ---- the sweep -------------------------------------------------------------- */

static void fi_sweep(struct __test_metadata *_metadata,
		     FIXTURE_DATA(fault) *self, const struct fop *op)
{
	int n, ret, injected, fds_setup, fds_now;

	for (n = 1; n <= FI_MAX_ITER; n++) {
		struct fc *c = calloc(1, sizeof(*c));

		ASSERT_NE(NULL, c);
		c->md = _metadata;
		c->ctl = self->ctl;
		c->n = n;
		c->srv = c->cli = c->srv2 = c->cli2 = c->rfd = c->wfd = -1;
		c->ms = c->msw = c->ep = -1;
		c->newfd[0] = c->newfd[1] = -1;
		snprintf(c->name, sizeof(c->name), "npf-%s-%d-%d", op->name,
			 (int)getpid(), n);
		snprintf(c->name2, sizeof(c->name2), "npf-%s-%d-%d-b", op->name,
			 (int)getpid(), n);
		if (op->setup)
			op->setup(c);
		fds_setup = np_count_fds();

		fi_arm(self->nth, n);
		ret = op->op(c);
		injected = fi_disarm(self->nth);

		fds_now = np_count_fds();
		if (ret == op->expect) {
			ASSERT_EQ(fds_setup + (ret == 0 ? c->nnew - c->nclosed : 0),
				  fds_now)
				TH_LOG("%s n=%d: %d fds before, %d after, %d made",
				       op->name, n, fds_setup, fds_now, c->nnew);
			if (op->check_done)
				op->check_done(c);
			if (injected)
				self->absorbed++;
		} else {
			ASSERT_EQ(-ENOMEM, ret)
				TH_LOG("%s n=%d: got %d (%s), want %d or -ENOMEM",
				       op->name, n, ret, strerror(-ret), op->expect);
			ASSERT_TRUE(injected)
				TH_LOG("%s n=%d: ENOMEM without an injected fault",
				       op->name, n);
			ASSERT_EQ(fds_setup, fds_now)
				TH_LOG("%s n=%d: a failed call changed the fd count %d -> %d",
				       op->name, n, fds_setup, fds_now);
			self->enomem++;
			if (op->check_enomem)
				op->check_enomem(c);
			if (op->retry)
				op->retry(c);
		}
		fc_teardown(c);
		ASSERT_EQ(self->nfds, np_count_fds())
			TH_LOG("%s n=%d: fds leaked", op->name, n);
		if (self->quota)
			fc_check_quota(c);
		free(c);
		if (!injected)
			break;
		self->points++;
	}
	ASSERT_GE(FI_MAX_ITER, n) TH_LOG("%s: no end to the injection points", op->name);
	ksft_print_msg("%-22s %3d injection points: %3d ENOMEM, %3d absorbed\n",
		       op->name, self->points, self->enomem, self->absorbed);
	if (op->must)
		EXPECT_LT(0, self->enomem)
			TH_LOG("%s allocates, yet no injected fault made it fail",
			       op->name);
}

/* ---- operations ------------------------------------------------------------- */

/* create: a new pipe */
static int op_create(struct fc *c)
{
	int fd = fc_create(c, c->name, NP_MSG_PIPE, 4);

	if (fd >= 0)
		c->newfd[c->nnew++] = fd;
	return fd < 0 ? fd : 0;
}

static void create_done(struct fc *c)
{
	struct npipe_info info;
	FC_MD(c);

	ASSERT_EQ(0, np_info(c->newfd[0], &info));
	EXPECT_EQ((__u32)NPIPE_STATE_LISTENING, info.state);
	EXPECT_EQ(1U, info.cur_instances);
	c->cli = np_open(c->ctl, c->name, NP_RW);
	ASSERT_LE(0, c->cli);
	ASSERT_EQ(0, np_set_mode(c->cli, NPIPE_MODE_MESSAGE_READ));
	fc_roundtrip(c, c->newfd[0], c->cli, 1);
}

static void create_enomem(struct fc *c)
{
	FC_MD(c);

	/* no name left behind */
	EXPECT_EQ(-ENOENT, np_open(c->ctl, c->name, NP_RW));
	EXPECT_EQ(-ENOENT, np_wait(c->ctl, c->name, 0, 0));
}

static void create_retry(struct fc *c)
{
	FC_MD(c);

	ASSERT_EQ(0, op_create(c));
	create_done(c);
}

static const struct fop fop_create = {
	"create", 1, 0, NULL, op_create, create_done, create_enomem, create_retry,
};

/* create: a second instance of an existing pipe */
static void setup_instance(struct fc *c)
{
	FC_MD(c);

	c->srv = fc_create(c, c->name, NP_MSG_PIPE, 4);
	ASSERT_LE(0, c->srv);
}

static void instance_done(struct fc *c)
{
	struct npipe_info info;
	FC_MD(c);

	ASSERT_EQ(0, np_info(c->srv, &info));
	EXPECT_EQ(2U, info.cur_instances);
	/* both listen: two clients connect, the first to the first */
	c->cli = np_open(c->ctl, c->name, NP_RW);
	ASSERT_LE(0, c->cli);
	c->cli2 = np_open(c->ctl, c->name, NP_RW);
	ASSERT_LE(0, c->cli2);
	fc_expect_state(c, c->srv, NPIPE_STATE_CONNECTED);
	fc_expect_state(c, c->newfd[0], NPIPE_STATE_CONNECTED);
	EXPECT_EQ(-EBUSY, np_open(c->ctl, c->name, NP_RW));
	ASSERT_EQ(0, np_set_mode(c->cli, NPIPE_MODE_MESSAGE_READ));
	fc_roundtrip(c, c->srv, c->cli, 1);
}

static void instance_enomem(struct fc *c)
{
	struct npipe_info info;
	FC_MD(c);

	ASSERT_EQ(0, np_info(c->srv, &info));
	EXPECT_EQ(1U, info.cur_instances) TH_LOG("a failed create was counted");
	EXPECT_EQ((__u32)NPIPE_STATE_LISTENING, info.state);
}

static void instance_retry(struct fc *c)
{
	FC_MD(c);

	ASSERT_EQ(0, op_create(c));
	instance_done(c);
}

static const struct fop fop_create_instance = {
	"create_instance", 1, 0, setup_instance, op_create, instance_done,
	instance_enomem, instance_retry,
};

/* create: the instance limit (EBUSY) and FIRST_INSTANCE (EEXIST) */
static void setup_one_instance(struct fc *c)
{
	FC_MD(c);

	c->srv = fc_create(c, c->name, NP_MSG_PIPE, 1);
	ASSERT_LE(0, c->srv);
}

static int op_create_limit(struct fc *c)
{
	int fd = fc_create(c, c->name, NP_MSG_PIPE, 1);

	if (fd >= 0)
		c->newfd[c->nnew++] = fd;
	return fd < 0 ? fd : 0;
}

static int op_create_first(struct fc *c)
{
	int fd = fc_create(c, c->name, NP_MSG_PIPE | NPIPE_CREATE_FIRST_INSTANCE, 4);

	if (fd >= 0)
		c->newfd[c->nnew++] = fd;
	return fd < 0 ? fd : 0;
}

static void one_instance_intact(struct fc *c)
{
	struct npipe_info info;
	FC_MD(c);

	ASSERT_EQ(0, np_info(c->srv, &info));
	EXPECT_EQ(1U, info.cur_instances);
	c->cli = np_open(c->ctl, c->name, NP_RW);
	ASSERT_LE(0, c->cli);
	ASSERT_EQ(0, np_set_mode(c->cli, NPIPE_MODE_MESSAGE_READ));
	fc_roundtrip(c, c->srv, c->cli, 1);
}

static const struct fop fop_create_limit = {
	"create_limit", 0, -EBUSY, setup_one_instance, op_create_limit,
	one_instance_intact, one_instance_intact, NULL,
};

static void setup_instance_room(struct fc *c)
{
	FC_MD(c);

	c->srv = fc_create(c, c->name, NP_MSG_PIPE, 4);
	ASSERT_LE(0, c->srv);
}

static const struct fop fop_create_first = {
	"create_first_exists", 0, -EEXIST, setup_instance_room, op_create_first,
	one_instance_intact, one_instance_intact, NULL,
};

/* open: a client end */
static int op_open(struct fc *c)
{
	int fd = np_open(c->ctl, c->name, NP_RW);

	if (fd >= 0)
		c->newfd[c->nnew++] = fd;
	return fd < 0 ? fd : 0;
}

static void open_done(struct fc *c)
{
	struct npipe_info info;
	FC_MD(c);

	ASSERT_EQ(0, np_info(c->srv, &info));
	EXPECT_EQ((__u32)NPIPE_STATE_CONNECTED, info.state);
	EXPECT_EQ((__u32)getpid(), info.client_pid);
	fc_expect_state(c, c->newfd[0], NPIPE_STATE_CONNECTED);
	ASSERT_EQ(0, np_set_mode(c->newfd[0], NPIPE_MODE_MESSAGE_READ));
	fc_roundtrip(c, c->srv, c->newfd[0], 1);
}

static void open_enomem(struct fc *c)
{
	struct npipe_info info;
	FC_MD(c);

	ASSERT_EQ(0, np_info(c->srv, &info));
	EXPECT_EQ((__u32)NPIPE_STATE_LISTENING, info.state)
		TH_LOG("a failed open connected the instance");
	EXPECT_EQ(0U, info.client_pid);
	EXPECT_EQ(0, np_revents(c->srv) & POLLOUT);
}

static void open_retry(struct fc *c)
{
	FC_MD(c);

	ASSERT_EQ(0, op_open(c));
	open_done(c);
}

static const struct fop fop_open = {
	"open", 1, 0, setup_one_instance, op_open, open_done, open_enomem,
	open_retry,
};

/* open with nothing listening: EBUSY */
static void setup_connected(struct fc *c)
{
	fc_pair(c, NP_MSG_PIPE);
}

static void busy_intact(struct fc *c)
{
	FC_MD(c);

	fc_expect_state(c, c->srv, NPIPE_STATE_CONNECTED);
	fc_expect_state(c, c->cli, NPIPE_STATE_CONNECTED);
	fc_roundtrip(c, c->srv, c->cli, 1);
	(void)_metadata;
}

static const struct fop fop_open_busy = {
	"open_busy", 0, -EBUSY, setup_connected, op_open, busy_intact,
	busy_intact, NULL,
};

/* wait: an instance is listening */
static int op_wait(struct fc *c)
{
	return np_wait(c->ctl, c->name, np_now() + NP_SEC, 0);
}

static void wait_done(struct fc *c)
{
	FC_MD(c);

	fc_expect_state(c, c->srv, NPIPE_STATE_LISTENING);
	ASSERT_EQ(0, op_open(c));
	open_done(c);
}

static const struct fop fop_wait = {
	"wait", 0, 0, setup_one_instance, op_wait, wait_done, NULL, NULL,
};

/* wait with the default timeout (1 ms here): nobody listens */
static int op_wait_default(struct fc *c)
{
	return np_wait(c->ctl, c->name, 0, NPIPE_WAIT_DEFAULT);
}

static const struct fop fop_wait_timeout = {
	"wait_default_timeout", 0, -ETIMEDOUT, setup_connected, op_wait_default,
	busy_intact, busy_intact, NULL,
};

/* create_anon */
static int anon_create(struct fc *c, __u32 size, __u32 flags)
{
	struct npipe_anon a = { .size = size, .flags = flags, .read_fd = -1,
				.write_fd = -1 };
	int ret = np_err(ioctl(c->ctl, NPIPE_IOC_CREATE_ANON, &a));

	if (!ret) {
		c->newfd[c->nnew++] = a.read_fd;
		c->newfd[c->nnew++] = a.write_fd;
	}
	return ret;
}

static int op_anon(struct fc *c)
{
	return anon_create(c, 0, 0);
}

static void anon_done(struct fc *c)
{
	struct npipe_info info;
	FC_MD(c);

	ASSERT_EQ(0, np_info(c->newfd[0], &info));
	EXPECT_EQ((__u32)NPIPE_STATE_CONNECTED, info.state);
	EXPECT_EQ((__u32)NPIPE_ANON_DEFAULT_SIZE, info.in_quota);
	fc_msg(c, c->wbuf, 100, 7);
	ASSERT_EQ(100, np_syswrite(c->newfd[1], c->wbuf, 100));
	fc_expect_bytes(c, c->newfd[0], 100, 7);
	close(c->newfd[1]);
	c->newfd[1] = -1;
	EXPECT_EQ(0, np_sysread(c->newfd[0], c->rbuf, 10));	/* EOF */
}

static void anon_retry(struct fc *c)
{
	FC_MD(c);

	ASSERT_EQ(0, op_anon(c));
	anon_done(c);
}

static const struct fop fop_anon = {
	"create_anon", 1, 0, NULL, op_anon, anon_done, NULL, anon_retry,
};

/* mailslot create */
static int op_mslot_create(struct fc *c)
{
	int fd = fc_mslot_create(c, c->name, 0);

	if (fd >= 0)
		c->newfd[c->nnew++] = fd;
	return fd < 0 ? fd : 0;
}

static void mslot_create_done(struct fc *c)
{
	struct npipe_mailslot_info info;
	FC_MD(c);

	ASSERT_EQ(0, fc_mslot_info(c->newfd[0], &info));
	EXPECT_EQ(0U, info.nr_msgs);
	c->msw = fc_mslot_open(c, c->name, NPIPE_OPEN_WRITE);
	ASSERT_LE(0, c->msw);
	fc_msg(c, c->wbuf, 50, 3);
	ASSERT_EQ(50, np_syswrite(c->msw, c->wbuf, 50));
	ASSERT_EQ(50, np_sysread(c->newfd[0], c->rbuf, sizeof(c->rbuf)));
	EXPECT_EQ(0, memcmp(c->wbuf, c->rbuf, 50));
}

static void mslot_create_enomem(struct fc *c)
{
	FC_MD(c);

	EXPECT_EQ(-ENOENT, fc_mslot_open(c, c->name, NPIPE_OPEN_WRITE));
}

static void mslot_create_retry(struct fc *c)
{
	FC_MD(c);

	ASSERT_EQ(0, op_mslot_create(c));
	mslot_create_done(c);
}

static const struct fop fop_mslot_create = {
	"mailslot_create", 1, 0, NULL, op_mslot_create, mslot_create_done,
	mslot_create_enomem, mslot_create_retry,
};

static void setup_mailslot(struct fc *c)
{
	fc_mailslot(c);
}

static void mslot_intact(struct fc *c)
{
	struct npipe_mailslot_info info;
	FC_MD(c);

	ASSERT_EQ(0, fc_mslot_info(c->ms, &info));
	EXPECT_EQ(0U, info.nr_msgs);
	fc_msg(c, c->wbuf, 60, 4);
	ASSERT_EQ(60, np_syswrite(c->msw, c->wbuf, 60));
	ASSERT_EQ(60, np_sysread(c->ms, c->rbuf, sizeof(c->rbuf)));
	EXPECT_EQ(0, memcmp(c->wbuf, c->rbuf, 60));
}

static const struct fop fop_mslot_exists = {
	"mailslot_create_exists", 0, -EEXIST, setup_mailslot, op_mslot_create,
	mslot_intact, mslot_intact, NULL,
};

/* mailslot open */
static void setup_mslot_reader(struct fc *c)
{
	FC_MD(c);

	c->ms = fc_mslot_create(c, c->name, 0);
	ASSERT_LE(0, c->ms);
}

static int op_mslot_open(struct fc *c)
{
	int fd = fc_mslot_open(c, c->name, NPIPE_OPEN_WRITE);

	if (fd >= 0)
		c->newfd[c->nnew++] = fd;
	return fd < 0 ? fd : 0;
}

static void mslot_open_done(struct fc *c)
{
	FC_MD(c);

	fc_msg(c, c->wbuf, 70, 5);
	ASSERT_EQ(70, np_syswrite(c->newfd[0], c->wbuf, 70));
	ASSERT_EQ(70, np_sysread(c->ms, c->rbuf, sizeof(c->rbuf)));
	EXPECT_EQ(0, memcmp(c->wbuf, c->rbuf, 70));
	EXPECT_EQ(-ETIMEDOUT, np_sysread(c->ms, c->rbuf, sizeof(c->rbuf)));
}

static void mslot_open_retry(struct fc *c)
{
	FC_MD(c);

	ASSERT_EQ(0, op_mslot_open(c));
	mslot_open_done(c);
}

static const struct fop fop_mslot_open = {
	"mailslot_open", 1, 0, setup_mslot_reader, op_mslot_open,
	mslot_open_done, NULL, mslot_open_retry,
};

/*
 * Writes.  The setup queues message 1 and the operation writes message 2
 * (c->len bytes); afterwards exactly 1 then 2 (or, after ENOMEM, 1 then
 * the retried 2) must be read, nothing else.
 */
static void setup_write(struct fc *c, __u32 flags, __u32 len, int prime)
{
	FC_MD(c);

	fc_pair(c, flags);
	c->len = len;
	if (prime) {
		/* message 0 written and read: the queue keeps it as its spare */
		fc_msg(c, c->wbuf, 20, 0);
		ASSERT_EQ(0, np_write(c->cli, c->wbuf, 20, NULL));
	}
	fc_msg(c, c->wbuf, 10, 1);
	ASSERT_EQ(0, np_write(c->cli, c->wbuf, 10, NULL));
	if (prime)
		fc_expect_msg_keep(c, c->srv, 20, 0);
	fc_msg(c, c->wbuf, c->len, 2);
}

static void setup_write_small(struct fc *c)
{
	setup_write(c, NP_MSG_PIPE, 100, 0);
}

static void setup_write_spare(struct fc *c)
{
	setup_write(c, NP_MSG_PIPE, 100, 1);
}

static void setup_write_1k(struct fc *c)
{
	setup_write(c, NP_MSG_PIPE, 1000, 0);
}

static void setup_write_4k(struct fc *c)
{
	setup_write(c, NP_MSG_PIPE, 4000, 0);
}

static void setup_write_byte(struct fc *c)
{
	setup_write(c, NP_BYTE_PIPE, 100, 0);
}

static void setup_write_byte_1k(struct fc *c)
{
	setup_write(c, NP_BYTE_PIPE, 1000, 0);
}

static int op_write(struct fc *c)
{
	__u32 bytes = 0;
	int ret = np_write(c->cli, c->wbuf, c->len, &bytes);

	if (!ret && bytes != c->len)
		return -EIO;
	return ret;
}

static int op_syswrite(struct fc *c)
{
	int ret = np_syswrite(c->cli, c->wbuf, c->len);

	if (ret >= 0)
		return ret == (int)c->len ? 0 : -EIO;
	return ret;
}

static void write_done(struct fc *c)
{
	struct npipe_peek p;
	FC_MD(c);

	if (np_is_msgtype_fd(c->srv)) {
		ASSERT_EQ(0, np_peek(c->srv, NULL, 0, &p));
		EXPECT_EQ(2U, p.nr_msgs);
		EXPECT_EQ(10U + c->len, p.avail);
		fc_expect_msg_keep(c, c->srv, 10, 1);
		fc_expect_msg(c, c->srv, c->len, 2);
	} else {
		unsigned char want[8192 + 10];
		__u32 got = 0, bytes, rem;

		fc_msg(c, want, 10, 1);
		fc_msg(c, want + 10, c->len, 2);
		while (got < 10 + c->len) {
			ASSERT_EQ(0, np_read(c->srv, c->rbuf + got,
					     sizeof(c->rbuf) - got, &bytes, &rem));
			got += bytes;
		}
		ASSERT_EQ(10 + c->len, got);
		ASSERT_EQ(0, memcmp(want, c->rbuf, got));
		fc_expect_empty(c, c->srv);
	}
	fc_roundtrip(c, c->srv, c->cli, np_is_msgtype_fd(c->srv));
}

static void write_enomem(struct fc *c)
{
	struct npipe_peek p;
	FC_MD(c);

	/* only the setup's message is there */
	ASSERT_EQ(0, np_peek(c->srv, NULL, 0, &p));
	EXPECT_EQ(10U, p.avail) TH_LOG("a failed write queued data");
	if (np_is_msgtype_fd(c->srv))
		EXPECT_EQ(1U, p.nr_msgs);
	fc_expect_state(c, c->cli, NPIPE_STATE_CONNECTED);
	fc_expect_state(c, c->srv, NPIPE_STATE_CONNECTED);
}

static void write_retry(struct fc *c)
{
	FC_MD(c);

	ASSERT_EQ(0, op_write(c));
	write_done(c);
}

#define WRITE_FOP(id, label, must, setupfn, opfn) \
	static const struct fop id = { \
		label, must, 0, setupfn, opfn, write_done, write_enomem, \
		write_retry, \
	}

WRITE_FOP(fop_write_small, "write_small", 1, setup_write_small, op_write);
WRITE_FOP(fop_write_spare, "write_small_spare", 0, setup_write_spare, op_write);
WRITE_FOP(fop_write_1k, "write_1000", 1, setup_write_1k, op_write);
WRITE_FOP(fop_write_4k, "write_4000", 1, setup_write_4k, op_write);
WRITE_FOP(fop_write_byte, "write_byte_pipe", 1, setup_write_byte, op_write);
WRITE_FOP(fop_write_byte_1k, "write_byte_pipe_1000", 1, setup_write_byte_1k,
	  op_write);
WRITE_FOP(fop_syswrite, "write_syscall", 1, setup_write_small, op_syswrite);
WRITE_FOP(fop_syswrite_1k, "write_syscall_1000", 1, setup_write_1k,
	  op_syswrite);

/* A nonblocking write that does not fit: EAGAIN, nothing queued. */
static void setup_write_full(struct fc *c)
{
	FC_MD(c);

	c->srv = np_create(c->ctl, c->name, NP_MSG_PIPE, 1, 64, 64, NP_MSEC);
	ASSERT_LE(0, c->srv);
	c->cli = np_open(c->ctl, c->name, NP_RW | NPIPE_MODE_NOWAIT);
	ASSERT_LE(0, c->cli);
	fc_msg(c, c->wbuf, 10, 1);
	ASSERT_EQ(0, np_write(c->cli, c->wbuf, 10, NULL));
	c->len = 100;
	fc_msg(c, c->wbuf, c->len, 2);
}

static void write_full_after(struct fc *c)
{
	write_enomem(c);
	fc_expect_msg(c, c->srv, 10, 1);
}

static const struct fop fop_write_full = {
	"write_nowait_full", 0, -EAGAIN, setup_write_full, op_write,
	write_full_after, write_full_after, NULL,
};

/* A write after a disconnect: ECONNRESET. */
static void setup_write_reset(struct fc *c)
{
	FC_MD(c);

	fc_pair(c, NP_MSG_PIPE);
	ASSERT_EQ(0, np_disconnect(c->srv));
	c->len = 100;
	fc_msg(c, c->wbuf, c->len, 2);
}

static void write_reset_after(struct fc *c)
{
	FC_MD(c);

	fc_expect_state(c, c->cli, NPIPE_STATE_DISCONNECTED);
	EXPECT_EQ(-ECONNRESET, np_read(c->cli, c->rbuf, 10, NULL, NULL));
}

static const struct fop fop_write_reset = {
	"write_disconnected", 0, -ECONNRESET, setup_write_reset, op_write,
	write_reset_after, write_reset_after, NULL,
};

/* Reads and peeks: two messages queued, the operation reads/peeks. */
static void setup_read(struct fc *c)
{
	FC_MD(c);

	fc_pair(c, NP_MSG_PIPE);
	fc_msg(c, c->wbuf, 30, 1);
	ASSERT_EQ(0, np_write(c->cli, c->wbuf, 30, NULL));
	fc_msg(c, c->wbuf, 600, 2);
	ASSERT_EQ(0, np_write(c->cli, c->wbuf, 600, NULL));
}

static int op_read_partial(struct fc *c)
{
	__u32 bytes, rem;
	int ret = np_read(c->srv, c->rbuf, 10, &bytes, &rem);

	if (!ret && (bytes != 10 || rem != 20))
		return -EIO;
	return ret;
}

static void read_partial_done(struct fc *c)
{
	unsigned char want[30];
	__u32 bytes, rem;
	FC_MD(c);

	fc_msg(c, want, 30, 1);
	ASSERT_EQ(0, memcmp(want, c->rbuf, 10));
	check_peek(c->srv, 620, 20, 2);
	ASSERT_EQ(0, np_read(c->srv, c->rbuf, 20, &bytes, &rem));
	ASSERT_EQ(20U, bytes);
	ASSERT_EQ(0U, rem);
	ASSERT_EQ(0, memcmp(want + 10, c->rbuf, 20));
	fc_expect_msg(c, c->srv, 600, 2);
}

static int op_sysread(struct fc *c)
{
	int ret = np_sysread(c->srv, c->rbuf, sizeof(c->rbuf));

	return ret < 0 ? ret : ret == 30 ? 0 : -EIO;
}

static void read_done(struct fc *c)
{
	unsigned char want[30];
	FC_MD(c);

	fc_msg(c, want, 30, 1);
	ASSERT_EQ(0, memcmp(want, c->rbuf, 30));
	fc_expect_msg(c, c->srv, 600, 2);
}

static int op_peek(struct fc *c)
{
	struct npipe_peek p;
	int ret = np_peek(c->srv, c->rbuf, sizeof(c->rbuf), &p);

	if (!ret && (p.bytes != 30 || p.avail != 630 || p.nr_msgs != 2))
		return -EIO;
	return ret;
}

static void peek_done(struct fc *c)
{
	FC_MD(c);

	fc_expect_msg_keep(c, c->srv, 30, 1);
	fc_expect_msg(c, c->srv, 600, 2);
	(void)_metadata;
}

static const struct fop fop_read_partial = {
	"read_partial", 0, 0, setup_read, op_read_partial, read_partial_done,
	NULL, NULL,
};
static const struct fop fop_sysread = {
	"read_syscall", 0, 0, setup_read, op_sysread, read_done, NULL, NULL,
};
static const struct fop fop_peek = {
	"peek", 0, 0, setup_read, op_peek, peek_done, NULL, NULL,
};

/* transact: a responder thread on the server end answers "R" + request */
static void *responder(void *arg)
{
	struct fc *c = arg;
	unsigned char req[1024], rep[1025];
	__u32 bytes, rem;

	for (;;) {
		if (np_read(c->srv, req, sizeof(req), &bytes, &rem) || rem)
			break;
		rep[0] = 'R';
		memcpy(rep + 1, req, bytes);
		if (np_write(c->srv, rep, bytes + 1, NULL))
			break;
	}
	return NULL;
}

static void setup_transact(struct fc *c)
{
	FC_MD(c);

	fc_pair(c, NP_MSG_PIPE);
	c->len = 200;
	fc_msg(c, c->wbuf, c->len, 2);
	ASSERT_EQ(0, pthread_create(&c->thr, NULL, responder, c));
	c->have_thr = 1;
}

static int op_transact(struct fc *c)
{
	__u32 flags = 0, bytes, rem;
	int ret;

	memset(c->rbuf, 0xcc, sizeof(c->rbuf));
	ret = np_transact(c->cli, c->wbuf, c->len, c->rbuf, sizeof(c->rbuf),
			  &flags, &bytes, &rem);
	if (ret)
		return (flags & NPIPE_TRANSACT_SENT) ? -EIO : ret;
	if (bytes != c->len + 1 || rem)
		return -EIO;
	return 0;
}

static void transact_done(struct fc *c)
{
	FC_MD(c);

	EXPECT_EQ('R', c->rbuf[0]);
	EXPECT_EQ(0, memcmp(c->wbuf, c->rbuf + 1, c->len));
	fc_expect_empty(c, c->cli);
}

static void transact_enomem(struct fc *c)
{
	/* nothing was sent: the responder has nothing, the client no reply */
	np_msleep(20);
	fc_expect_empty(c, c->cli);
	fc_expect_state(c, c->cli, NPIPE_STATE_CONNECTED);
}

static void transact_retry(struct fc *c)
{
	FC_MD(c);

	ASSERT_EQ(0, op_transact(c));
	transact_done(c);
}

static const struct fop fop_transact = {
	"transact", 1, 0, setup_transact, op_transact, transact_done,
	transact_enomem, transact_retry,
};

/* flush (nothing unread), get_info, set_mode */
static void setup_flush(struct fc *c)
{
	FC_MD(c);

	fc_pair(c, NP_MSG_PIPE);
	fc_msg(c, c->wbuf, 30, 1);
	ASSERT_EQ(0, np_write(c->cli, c->wbuf, 30, NULL));
	fc_expect_msg(c, c->srv, 30, 1);
}

static int op_flush(struct fc *c)
{
	return np_flush(c->cli);
}

static void connected_ok(struct fc *c)
{
	fc_expect_state(c, c->srv, NPIPE_STATE_CONNECTED);
	fc_roundtrip(c, c->srv, c->cli, 1);
}

static int op_info(struct fc *c)
{
	struct npipe_info info;
	int ret = np_info(c->srv, &info);

	if (!ret && (info.state != NPIPE_STATE_CONNECTED ||
		     info.client_pid != (__u32)getpid()))
		return -EIO;
	return ret;
}

static int op_set_mode(struct fc *c)
{
	int ret = np_set_mode(c->srv, NPIPE_MODE_NOWAIT);

	if (!ret && np_mode(c->srv) != NPIPE_MODE_NOWAIT)
		return -EIO;
	if (!ret)
		ret = np_set_mode(c->srv, NPIPE_MODE_MESSAGE_READ);
	return ret;
}

static const struct fop fop_flush = {
	"flush", 0, 0, setup_flush, op_flush, connected_ok, NULL, NULL,
};
static const struct fop fop_info = {
	"get_info", 0, 0, setup_connected, op_info, connected_ok, NULL, NULL,
};
static const struct fop fop_set_mode = {
	"set_mode", 0, 0, setup_connected, op_set_mode, connected_ok, NULL, NULL,
};

/* connect: a disconnected NOWAIT instance listens again (ENOTCONN) */
static void setup_connect(struct fc *c)
{
	FC_MD(c);

	c->srv = np_create(c->ctl, c->name, NP_MSG_PIPE | NPIPE_MODE_NOWAIT, 1,
			   4096, 4096, NP_MSEC);
	ASSERT_LE(0, c->srv);
	c->cli2 = np_open(c->ctl, c->name, NP_RW);
	ASSERT_LE(0, c->cli2);
	ASSERT_EQ(0, np_disconnect(c->srv));
}

static int op_connect(struct fc *c)
{
	return np_connect(c->srv);
}

static void connect_after(struct fc *c)
{
	FC_MD(c);

	fc_expect_state(c, c->srv, NPIPE_STATE_LISTENING);
	c->cli = np_open(c->ctl, c->name, NP_RW);
	ASSERT_LE(0, c->cli);
	ASSERT_EQ(0, np_set_mode(c->cli, NPIPE_MODE_MESSAGE_READ));
	ASSERT_EQ(0, np_set_mode(c->srv, NPIPE_MODE_MESSAGE_READ));
	fc_roundtrip(c, c->srv, c->cli, 1);
	EXPECT_EQ(-ECONNRESET, np_read(c->cli2, c->rbuf, 10, NULL, NULL));
}

static const struct fop fop_connect = {
	"connect", 0, -ENOTCONN, setup_connect, op_connect, connect_after,
	connect_after, NULL,
};

/* disconnect with data queued both ways */
static void setup_disconnect(struct fc *c)
{
	FC_MD(c);

	c->srv = np_create(c->ctl, c->name, NP_MSG_PIPE | NPIPE_MODE_NOWAIT, 1,
			   4096, 4096, NP_MSEC);
	ASSERT_LE(0, c->srv);
	c->cli2 = np_open(c->ctl, c->name, NP_RW);
	ASSERT_LE(0, c->cli2);
	fc_msg(c, c->wbuf, 700, 1);
	ASSERT_EQ(0, np_write(c->cli2, c->wbuf, 700, NULL));
	ASSERT_EQ(0, np_write(c->srv, c->wbuf, 20, NULL));
}

static int op_disconnect(struct fc *c)
{
	return np_disconnect(c->srv);
}

static void disconnect_done(struct fc *c)
{
	FC_MD(c);

	fc_expect_state(c, c->srv, NPIPE_STATE_DISCONNECTED);
	EXPECT_EQ(-ECONNRESET, np_read(c->cli2, c->rbuf, 10, NULL, NULL));
	EXPECT_EQ(-ENOTCONN, np_connect(c->srv));
	connect_after(c);
}

static const struct fop fop_disconnect = {
	"disconnect", 0, 0, setup_disconnect, op_disconnect, disconnect_done,
	NULL, NULL,
};

/* mailslot write, read, info, set_timeout */
static void setup_mslot_write(struct fc *c, __u32 len)
{
	FC_MD(c);

	fc_mailslot(c);
	fc_msg(c, c->wbuf, 10, 1);
	ASSERT_EQ(10, np_syswrite(c->msw, c->wbuf, 10));
	c->len = len;
	fc_msg(c, c->wbuf, len, 2);
}

static void setup_mslot_write_small(struct fc *c)
{
	setup_mslot_write(c, 100);
}

static void setup_mslot_write_1k(struct fc *c)
{
	setup_mslot_write(c, 1000);
}

static int op_mslot_write(struct fc *c)
{
	struct npipe_io io = { .buf = (uintptr_t)c->wbuf, .len = c->len };
	int ret = np_err(ioctl(c->msw, NPIPE_IOC_WRITE, &io));

	return !ret && io.bytes != c->len ? -EIO : ret;
}

static void mslot_expect(struct fc *c, __u32 len, int seq)
{
	unsigned char want[8192];
	FC_MD(c);

	fc_msg(c, want, len, seq);
	ASSERT_EQ((int)len, np_sysread(c->ms, c->rbuf, sizeof(c->rbuf)));
	ASSERT_EQ(0, memcmp(want, c->rbuf, len));
}

static void mslot_write_done(struct fc *c)
{
	struct npipe_mailslot_info info;
	FC_MD(c);

	ASSERT_EQ(0, fc_mslot_info(c->ms, &info));
	EXPECT_EQ(2U, info.nr_msgs);
	EXPECT_EQ(10U, info.next_size);
	mslot_expect(c, 10, 1);
	mslot_expect(c, c->len, 2);
	EXPECT_EQ(-ETIMEDOUT, np_sysread(c->ms, c->rbuf, sizeof(c->rbuf)));
}

static void mslot_write_enomem(struct fc *c)
{
	struct npipe_mailslot_info info;
	FC_MD(c);

	ASSERT_EQ(0, fc_mslot_info(c->ms, &info));
	EXPECT_EQ(1U, info.nr_msgs) TH_LOG("a failed mailslot write queued");
}

static void mslot_write_retry(struct fc *c)
{
	FC_MD(c);

	ASSERT_EQ(0, op_mslot_write(c));
	mslot_write_done(c);
}

static const struct fop fop_mslot_write = {
	"mailslot_write", 1, 0, setup_mslot_write_small, op_mslot_write,
	mslot_write_done, mslot_write_enomem, mslot_write_retry,
};
static const struct fop fop_mslot_write_1k = {
	"mailslot_write_1000", 1, 0, setup_mslot_write_1k, op_mslot_write,
	mslot_write_done, mslot_write_enomem, mslot_write_retry,
};

static int op_mslot_read(struct fc *c)
{
	struct npipe_io io = { .buf = (uintptr_t)c->rbuf, .len = sizeof(c->rbuf) };
	int ret = np_err(ioctl(c->ms, NPIPE_IOC_READ, &io));

	return !ret && io.bytes != 10 ? -EIO : ret;
}

static void mslot_read_done(struct fc *c)
{
	unsigned char want[10];
	FC_MD(c);

	fc_msg(c, want, 10, 1);
	ASSERT_EQ(0, memcmp(want, c->rbuf, 10));
	mslot_expect(c, c->len, 2);
}

static void setup_mslot_read(struct fc *c)
{
	FC_MD(c);

	setup_mslot_write_small(c);
	ASSERT_EQ(0, op_mslot_write(c));
}

static const struct fop fop_mslot_read = {
	"mailslot_read", 0, 0, setup_mslot_read, op_mslot_read, mslot_read_done,
	NULL, NULL,
};

static int op_mslot_info(struct fc *c)
{
	struct npipe_mailslot_info info;
	__u64 t = 5 * NP_MSEC;
	int ret = fc_mslot_info(c->ms, &info);

	if (!ret && (info.nr_msgs != 2 || info.next_size != 10))
		return -EIO;
	if (!ret)
		ret = np_err(ioctl(c->ms, NPIPE_IOC_MAILSLOT_SET_TIMEOUT, &t));
	return ret;
}

static void mslot_info_done(struct fc *c)
{
	struct npipe_mailslot_info info;
	FC_MD(c);

	ASSERT_EQ(0, fc_mslot_info(c->ms, &info));
	EXPECT_EQ(5 * NP_MSEC, info.read_timeout);
	mslot_expect(c, 10, 1);
	mslot_expect(c, c->len, 2);
	/* the new timeout applies: an empty read times out */
	EXPECT_EQ(-ETIMEDOUT, np_sysread(c->ms, c->rbuf, sizeof(c->rbuf)));
}

static const struct fop fop_mslot_info = {
	"mailslot_info_timeout", 0, 0, setup_mslot_read, op_mslot_info,
	mslot_info_done, NULL, NULL,
};

/* close paths: nothing to allocate, the peer must see the close */
static void setup_close(struct fc *c)
{
	FC_MD(c);

	setup_read(c);
	fc_msg(c, c->wbuf, 40, 3);
	ASSERT_EQ(0, np_write(c->srv, c->wbuf, 40, NULL));
}

static int op_close_srv(struct fc *c)
{
	int ret = close(c->srv) ? -errno : 0;

	c->srv = -1;
	c->nclosed = 1;
	return ret;
}

static void close_srv_done(struct fc *c)
{
	FC_MD(c);

	fc_expect_state(c, c->cli, NPIPE_STATE_CLOSING);
	/* the server's message stays readable, then a broken pipe */
	fc_expect_msg_keep(c, c->cli, 40, 3);
	EXPECT_EQ(-EPIPE, np_read(c->cli, c->rbuf, 10, NULL, NULL));
	EXPECT_EQ(-ESHUTDOWN, np_write(c->cli, c->wbuf, 10, NULL));
	/* the name went with the last instance */
	EXPECT_EQ(-ENOENT, np_open(c->ctl, c->name, NP_RW));
}

static int op_close_cli(struct fc *c)
{
	int ret = close(c->cli) ? -errno : 0;

	c->cli = -1;
	c->nclosed = 1;
	return ret;
}

static void close_cli_done(struct fc *c)
{
	FC_MD(c);

	fc_expect_state(c, c->srv, NPIPE_STATE_CLOSING);
	fc_expect_msg_keep(c, c->srv, 30, 1);
	fc_expect_msg_keep(c, c->srv, 600, 2);
	EXPECT_EQ(-EPIPE, np_read(c->srv, c->rbuf, 10, NULL, NULL));
	ASSERT_EQ(0, np_disconnect(c->srv));
	ASSERT_EQ(0, np_set_mode(c->srv, NPIPE_MODE_NOWAIT));
	EXPECT_EQ(-ENOTCONN, np_connect(c->srv));
	fc_expect_state(c, c->srv, NPIPE_STATE_LISTENING);
}

static int op_close_mslot(struct fc *c)
{
	int ret = close(c->ms) ? -errno : 0;

	c->ms = -1;
	c->nclosed = 1;
	return ret;
}

static void close_mslot_done(struct fc *c)
{
	FC_MD(c);

	EXPECT_EQ(-ESHUTDOWN, np_syswrite(c->msw, c->wbuf, 10));
	EXPECT_EQ(-ENOENT, fc_mslot_open(c, c->name, NPIPE_OPEN_WRITE));
}

static void setup_close_anon(struct fc *c)
{
	struct npipe_anon a = { .size = 64 };
	FC_MD(c);

	ASSERT_EQ(0, np_err(ioctl(c->ctl, NPIPE_IOC_CREATE_ANON, &a)));
	c->rfd = a.read_fd;
	c->wfd = a.write_fd;
	ASSERT_EQ(5, np_syswrite(c->wfd, "hello", 5));
}

static int op_close_anon_w(struct fc *c)
{
	int ret = close(c->wfd) ? -errno : 0;

	c->wfd = -1;
	c->nclosed = 1;
	return ret;
}

static void close_anon_done(struct fc *c)
{
	FC_MD(c);

	ASSERT_EQ(5, np_sysread(c->rfd, c->rbuf, sizeof(c->rbuf)));
	EXPECT_EQ(0, memcmp(c->rbuf, "hello", 5));
	EXPECT_EQ(0, np_sysread(c->rfd, c->rbuf, sizeof(c->rbuf)));
}

static const struct fop fop_close_srv = {
	"close_server", 0, 0, setup_close, op_close_srv, close_srv_done, NULL,
	NULL,
};
static const struct fop fop_close_cli = {
	"close_client", 0, 0, setup_close, op_close_cli, close_cli_done, NULL,
	NULL,
};
static const struct fop fop_close_mslot = {
	"close_mailslot_reader", 0, 0, setup_mslot_read, op_close_mslot,
	close_mslot_done, NULL, NULL,
};
static const struct fop fop_close_anon = {
	"close_anon_writer", 0, 0, setup_close_anon, op_close_anon_w,
	close_anon_done, NULL, NULL,
};

/* epoll registration: np_fop_poll on three wait queues */
static void setup_epoll(struct fc *c)
{
	FC_MD(c);

	fc_pair(c, NP_MSG_PIPE);
	c->ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, c->ep);
}

static int op_epoll_add(struct fc *c)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT };

	return epoll_ctl(c->ep, EPOLL_CTL_ADD, c->srv, &ev) ? -errno : 0;
}

static void epoll_done(struct fc *c)
{
	struct epoll_event ev;
	FC_MD(c);

	ASSERT_EQ(1, epoll_wait(c->ep, &ev, 1, 0));
	EXPECT_TRUE(!!(ev.events & EPOLLOUT));
	fc_msg(c, c->wbuf, 10, 1);
	ASSERT_EQ(0, np_write(c->cli, c->wbuf, 10, NULL));
	ASSERT_EQ(1, epoll_wait(c->ep, &ev, 1, 0));
	EXPECT_TRUE(!!(ev.events & EPOLLIN));
	fc_expect_msg(c, c->srv, 10, 1);
}

static void epoll_retry(struct fc *c)
{
	FC_MD(c);

	ASSERT_EQ(0, op_epoll_add(c));
	epoll_done(c);
}

static const struct fop fop_epoll = {
	"epoll_add", 1, 0, setup_epoll, op_epoll_add, epoll_done, NULL,
	epoll_retry,
};

/* ---- the tests ---------------------------------------------------------------- */

#define FAULT_TEST(test, fop) \
	TEST_F_TIMEOUT(fault, test, 300) \
	{ \
		FI_BEGIN(); \
		fi_sweep(_metadata, self, &(fop)); \
	}

FAULT_TEST(create, fop_create)
FAULT_TEST(create_instance, fop_create_instance)
FAULT_TEST(create_limit, fop_create_limit)
FAULT_TEST(create_first_exists, fop_create_first)
FAULT_TEST(open, fop_open)
FAULT_TEST(open_busy, fop_open_busy)
FAULT_TEST(wait, fop_wait)
FAULT_TEST(wait_default_timeout, fop_wait_timeout)
FAULT_TEST(create_anon, fop_anon)
FAULT_TEST(mailslot_create, fop_mslot_create)
FAULT_TEST(mailslot_create_exists, fop_mslot_exists)
FAULT_TEST(mailslot_open, fop_mslot_open)
FAULT_TEST(write_small, fop_write_small)
FAULT_TEST(write_small_spare, fop_write_spare)
FAULT_TEST(write_1000, fop_write_1k)
FAULT_TEST(write_4000, fop_write_4k)
FAULT_TEST(write_byte_pipe, fop_write_byte)
FAULT_TEST(write_byte_pipe_1000, fop_write_byte_1k)
FAULT_TEST(write_syscall, fop_syswrite)
FAULT_TEST(write_syscall_1000, fop_syswrite_1k)
FAULT_TEST(write_nowait_full, fop_write_full)
FAULT_TEST(write_disconnected, fop_write_reset)
FAULT_TEST(read_partial, fop_read_partial)
FAULT_TEST(read_syscall, fop_sysread)
FAULT_TEST(peek, fop_peek)
FAULT_TEST(transact, fop_transact)
FAULT_TEST(flush, fop_flush)
FAULT_TEST(get_info, fop_info)
FAULT_TEST(set_mode, fop_set_mode)
FAULT_TEST(connect, fop_connect)
FAULT_TEST(disconnect, fop_disconnect)
FAULT_TEST(mailslot_write, fop_mslot_write)
FAULT_TEST(mailslot_write_1000, fop_mslot_write_1k)
FAULT_TEST(mailslot_read, fop_mslot_read)
FAULT_TEST(mailslot_info_timeout, fop_mslot_info)
FAULT_TEST(close_server, fop_close_srv)
FAULT_TEST(close_client, fop_close_cli)
FAULT_TEST(close_mailslot_reader, fop_close_mslot)
FAULT_TEST(close_anon_writer, fop_close_anon)
FAULT_TEST(epoll_add, fop_epoll)

TEST_HARNESS_MAIN
