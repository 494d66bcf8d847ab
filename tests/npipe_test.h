/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers for the npipe selftests (tests/npipe_*.c): the control
 * device fixture (TEST_F(npipe, name), self->ctl), wrappers of every ioctl,
 * check_* macros, pipe pairs, module parameters, worker threads (struct
 * np_async: a blocking call or an epoll_wait in a thread), signals,
 * processes and users.  The libnp tests have libnp_test.h instead.
 *
 * Conventions: every helper that wraps an ioctl returns 0 (or the new fd)
 * on success and -errno on failure, so tests write
 *	EXPECT_EQ(-EBUSY, np_open(ctl, name, NPIPE_OPEN_READ));
 * Out-values are pre-filled with sentinels (0xdeadbeef, 0xcc bytes) so that a
 * field the kernel did not write shows up.
 *
 * Worker threads never use ASSERT/EXPECT (the harness longjmps on the main
 * thread only): they store their result in a struct np_async, and the test
 * thread checks it after joining.
 */
#ifndef NPIPE_TEST_H
#define NPIPE_TEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <linux/npipe.h>

/*
 * The 6.1 harness's own wrappers have unused parameters; -Wextra would
 * flag every TEST().
 */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"

#define NP_SENTINEL	0xdeadbeefU
#define NP_BLOCK_MS	150	/* "still blocked" probe */
#define NP_DONE_MS	5000	/* generous bound for "completes" */
#define NP_MSEC		1000000ULL
#define NP_SEC		1000000000ULL
#define NP_BAD_PTR	((__u64)1)			/* never mapped */
#define NP_KERNEL_PTR	((__u64)0xffffffff81000000ULL)	/* kernel text */

/*
 * The control device: TEST_F(npipe, name) gets self->ctl, /dev/npipe open
 * for it and closed after it.  Without the module the test is skipped.  A
 * test that closes self->ctl itself sets it to -1.
 */
FIXTURE(npipe) {
	int ctl;
};

FIXTURE_SETUP(npipe)
{
	self->ctl = -1;
	/*
	 * The 6.1 harness runs the body even after a SKIP() in the setup:
	 * end the test's process here with the status it gives a skipped
	 * test (SKIP() has put the reason in the shared results).
	 */
	if (access(NPIPE_DEVICE, F_OK))
		SKIP(_exit(255), "%s missing (module not loaded)",
		     NPIPE_DEVICE);
	self->ctl = open(NPIPE_DEVICE, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->ctl)
		TH_LOG("open %s: %s", NPIPE_DEVICE, strerror(errno));
}

FIXTURE_TEARDOWN(npipe)
{
	if (self->ctl >= 0)
		close(self->ctl);
}

/*
 * One case of a test written once for several arguments:
 *	NP_TEST_CASE(signal_read_restart, signal_read, 1, NP_OP_READ)
 * is TEST_F(npipe, signal_read_restart) running
 * signal_read(_metadata, self->ctl, 1, NP_OP_READ).
 */
#define NP_TEST_CASE(name, fn, ...) \
	TEST_F(npipe, name) \
	{ \
		fn(_metadata, self->ctl, __VA_ARGS__); \
	}

/* A name unique to this test and process: "npt-<test>-<pid>-<n>". */
static inline const char *np_mkname(char *buf, size_t size, const char *tag)
{
	static int seq;

	snprintf(buf, size, "npt-%s-%d-%d", tag, (int)getpid(), seq++);
	return buf;
}
#define NP_NAME(var) \
	char var[200]; \
	np_mkname(var, sizeof(var), _metadata->name)

/* A bad pointer the compiler cannot see through (no -Wstringop warnings). */
static inline void *np_ptr(__u64 v)
{
	volatile __u64 x = v;

	return (void *)(uintptr_t)x;
}

static inline __u64 np_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * NP_SEC + ts.tv_nsec;
}

static inline void np_msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static inline int np_err(int ret)
{
	return ret < 0 ? -errno : ret;
}

/* ---- control ioctls ---------------------------------------------------- */

static inline int np_create_raw(int ctl, struct npipe_create *c)
{
	return np_err(ioctl(ctl, NPIPE_IOC_CREATE, c));
}

static inline int np_create_mode(int ctl, const char *name, __u32 flags,
				 __u32 maxinst, __u32 outq, __u32 inq,
				 __u64 timeout, __u32 mode)
{
	struct npipe_create c = {
		.name = (uintptr_t)name,
		.default_timeout = timeout,
		.name_len = (__u32)strlen(name),
		.flags = flags,
		.max_instances = maxinst,
		.out_quota = outq,
		.in_quota = inq,
		.mode = mode,
	};

	return np_create_raw(ctl, &c);
}

static inline int np_create(int ctl, const char *name, __u32 flags,
			    __u32 maxinst, __u32 outq, __u32 inq, __u64 timeout)
{
	return np_create_mode(ctl, name, flags, maxinst, outq, inq, timeout, 0);
}

static inline int np_open_raw(int ctl, struct npipe_open *o)
{
	return np_err(ioctl(ctl, NPIPE_IOC_OPEN, o));
}

static inline int np_open(int ctl, const char *name, __u32 flags)
{
	struct npipe_open o = {
		.name = (uintptr_t)name,
		.name_len = (__u32)strlen(name),
		.flags = flags,
	};

	return np_open_raw(ctl, &o);
}

/* @out (may be NULL) receives the struct as the kernel left it. */
static inline int np_wait_ex(int ctl, const char *name, __u64 timeout,
			     __u32 flags, struct npipe_wait *out)
{
	struct npipe_wait w = {
		.name = (uintptr_t)name,
		.timeout = timeout,
		.name_len = (__u32)strlen(name),
		.flags = flags,
	};
	int ret = np_err(ioctl(ctl, NPIPE_IOC_WAIT, &w));

	if (out)
		*out = w;
	return ret;
}

static inline int np_wait(int ctl, const char *name, __u64 timeout, __u32 flags)
{
	return np_wait_ex(ctl, name, timeout, flags, NULL);
}

/* ---- instance ioctls --------------------------------------------------- */

/* NPIPE_IOC_READ or NPIPE_IOC_WRITE (@cmd); @bytes, @remaining may be NULL. */
static inline int np_io(int fd, unsigned long cmd, const void *buf, __u32 len,
			__u32 *bytes, __u32 *remaining)
{
	struct npipe_io io = {
		.buf = (uintptr_t)buf,
		.len = len,
		.bytes = NP_SENTINEL,
		.remaining = NP_SENTINEL,
	};
	int ret = np_err(ioctl(fd, cmd, &io));

	if (bytes)
		*bytes = io.bytes;
	if (remaining)
		*remaining = io.remaining;
	return ret;
}

static inline int np_read(int fd, void *buf, __u32 len, __u32 *bytes,
			  __u32 *remaining)
{
	return np_io(fd, NPIPE_IOC_READ, buf, len, bytes, remaining);
}

static inline int np_write(int fd, const void *buf, __u32 len, __u32 *bytes)
{
	return np_io(fd, NPIPE_IOC_WRITE, buf, len, bytes, NULL);
}

/* Write a NUL-free string; returns 0 only if all of it was written. */
static inline int np_write_str(int fd, const char *s)
{
	__u32 bytes;
	int ret = np_write(fd, s, (__u32)strlen(s), &bytes);

	if (ret)
		return ret;
	return bytes == strlen(s) ? 0 : -EIO;
}

static inline int np_peek(int fd, void *buf, __u32 len, struct npipe_peek *out)
{
	struct npipe_peek p;
	int ret;

	memset(&p, 0xcc, sizeof(p));
	p.buf = (uintptr_t)buf;
	p.len = len;
	p.pad = 0;
	ret = np_err(ioctl(fd, NPIPE_IOC_PEEK, &p));
	if (out)
		*out = p;
	return ret;
}

static inline int np_transact(int fd, const void *wbuf, __u32 wlen, void *rbuf,
			      __u32 rlen, __u32 *flags, __u32 *bytes,
			      __u32 *remaining)
{
	struct npipe_transact t = {
		.wbuf = (uintptr_t)wbuf,
		.rbuf = (uintptr_t)rbuf,
		.wlen = wlen,
		.rlen = rlen,
		.flags = flags ? *flags : 0,
		.bytes = NP_SENTINEL,
		.remaining = NP_SENTINEL,
	};
	int ret = np_err(ioctl(fd, NPIPE_IOC_TRANSACT, &t));

	if (flags)
		*flags = t.flags;
	if (bytes)
		*bytes = t.bytes;
	if (remaining)
		*remaining = t.remaining;
	return ret;
}

static inline int np_info(int fd, struct npipe_info *info)
{
	memset(info, 0xcc, sizeof(*info));
	return np_err(ioctl(fd, NPIPE_IOC_GET_INFO, info));
}

/* The state this end sees, or -errno. */
static inline int np_state(int fd)
{
	struct npipe_info info;
	int ret = np_info(fd, &info);

	return ret ? ret : (int)info.state;
}

/* The handle's mode bits, or -errno. */
static inline int np_mode(int fd)
{
	struct npipe_info info;
	int ret = np_info(fd, &info);

	return ret ? ret : (int)info.mode;
}

static inline int np_set_mode(int fd, __u32 mode)
{
	return np_err(ioctl(fd, NPIPE_IOC_SET_MODE, &mode));
}

static inline int np_connect(int fd)
{
	return np_err(ioctl(fd, NPIPE_IOC_CONNECT));
}

static inline int np_disconnect(int fd)
{
	return np_err(ioctl(fd, NPIPE_IOC_DISCONNECT));
}

static inline int np_flush(int fd)
{
	return np_err(ioctl(fd, NPIPE_IOC_FLUSH));
}

/* read(2)/write(2): the count, or -errno. */
static inline int np_sysread(int fd, void *buf, size_t len)
{
	ssize_t n = read(fd, buf, len);

	return n < 0 ? -errno : (int)n;
}

static inline int np_syswrite(int fd, const void *buf, size_t len)
{
	ssize_t n = write(fd, buf, len);

	return n < 0 ? -errno : (int)n;
}

/* poll() once with a zero timeout; returns revents, or -errno. */
static inline int np_revents(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT | POLLPRI };
	int ret = poll(&p, 1, 0);

	if (ret < 0)
		return -errno;
	return p.revents;
}

/* ---- check macros (statement expressions, EXPECT-style) ---------------- */

#define check_state(fd, st) ({ \
	EXPECT_EQ((int)(st), np_state(fd)); \
})

/* Peek with an empty buffer and check the counts. */
#define check_peek(fd, avail_, msg_left_, nr_msgs_) ({ \
	struct npipe_peek __p; \
	int __ret = np_peek((fd), NULL, 0, &__p); \
	EXPECT_EQ(0, __ret); \
	EXPECT_EQ(0U, __p.bytes); \
	EXPECT_EQ((__u32)(avail_), __p.avail); \
	EXPECT_EQ((__u32)(msg_left_), __p.msg_left); \
	EXPECT_EQ((__u32)(nr_msgs_), __p.nr_msgs); \
})

/* Read with a buffer of @len; expect success, @data and @rem. */
#define check_read(fd, len, data, rem) ({ \
	char __b[(len) + 1]; \
	__u32 __bytes, __rem; \
	const char *__d = (data); \
	int __ret; \
	memset(__b, 0xcc, sizeof(__b)); \
	__ret = np_read((fd), __b, (len), &__bytes, &__rem); \
	EXPECT_EQ(0, __ret); \
	EXPECT_EQ((__u32)strlen(__d), __bytes); \
	EXPECT_EQ((__u32)(rem), __rem); \
	if (__bytes <= (len)) \
		EXPECT_EQ(0, memcmp(__b, __d, strlen(__d))); \
	EXPECT_EQ((char)0xcc, __b[strlen(__d)]); \
})

#define check_write(fd, str) ({ \
	__u32 __bytes; \
	const char *__s = (str); \
	EXPECT_EQ(0, np_write((fd), __s, (__u32)strlen(__s), &__bytes)); \
	EXPECT_EQ((__u32)strlen(__s), __bytes); \
})

/* ---- pairs ------------------------------------------------------------- */

/*
 * Create an instance (np_create()'s arguments, no default timeout) and
 * open a client on it with @cflags.  Returns 0, or -errno with nothing
 * left open.
 */
static inline int np_pair_inst(int ctl, const char *name, __u32 sflags,
			       __u32 maxinst, __u32 outq, __u32 inq,
			       __u32 cflags, int *srv, int *cli)
{
	*srv = np_create(ctl, name, sflags, maxinst, outq, inq, 0);
	if (*srv < 0)
		return *srv;
	*cli = np_open(ctl, name, cflags);
	if (*cli < 0) {
		close(*srv);
		return *cli;
	}
	return 0;
}

/* The same for a one-instance pipe with @quota both ways. */
static inline int np_pair_ex(int ctl, const char *name, __u32 sflags,
			     __u32 cflags, __u32 quota, int *srv, int *cli)
{
	return np_pair_inst(ctl, name, sflags, 1, quota, quota, cflags, srv,
			    cli);
}

/* ...with 4 KiB quotas and a READ|WRITE client. */
static inline int np_pair(int ctl, const char *name, __u32 sflags, int *srv,
			  int *cli)
{
	return np_pair_ex(ctl, name, sflags,
			  NPIPE_OPEN_READ | NPIPE_OPEN_WRITE, 4096, srv, cli);
}

#define NP_DUPLEX_MSG \
	(NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE | NPIPE_MODE_MESSAGE_READ)
#define NP_RW	(NPIPE_OPEN_READ | NPIPE_OPEN_WRITE)

/* ---- module parameters ------------------------------------------------- */

#define NP_PARAM_DIR	"/sys/module/npipe/parameters"

/* Read or set /sys/module/npipe/parameters/NAME.  Return: 0 or -errno. */
static inline int param_read(const char *name, unsigned long long *val)
{
	char path[256], buf[64];
	ssize_t n;
	int fd;

	*val = 0;
	snprintf(path, sizeof(path), NP_PARAM_DIR "/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	*val = strtoull(buf, NULL, 0);
	return 0;
}

static inline int param_write(const char *name, unsigned long long val)
{
	char path[256], buf[64];
	int fd, len, ok;

	snprintf(path, sizeof(path), NP_PARAM_DIR "/%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%llu\n", val);
	ok = write(fd, buf, len) == len;
	close(fd);
	return ok ? 0 : -EIO;
}

/* ---- worker threads ----------------------------------------------------- */

enum np_op {
	NP_OP_READ,		/* np_read(fd, buf, len) */
	NP_OP_WRITE,		/* np_write(fd, buf, len) */
	NP_OP_PEEK,		/* np_peek(fd, buf, len) */
	NP_OP_CONNECT,
	NP_OP_FLUSH,
	NP_OP_WAIT,		/* np_wait_ex(fd = ctl, name, timeout, flags) */
	NP_OP_OPEN,		/* np_open(fd = ctl, name, flags) */
	NP_OP_TRANSACT,		/* np_transact(fd, buf, len, rbuf, rlen, flags) */
	NP_OP_SYSREAD,		/* read(2): ret = count or -errno */
	NP_OP_SYSWRITE,		/* write(2) */
	NP_OP_EPOLL_WAIT,	/* epoll_wait(fd = epoll fd, 1 event, 10 s): ret =
				 * count or -errno, events */
};

struct np_async {
	/* in */
	enum np_op op;
	int fd;
	const char *name;
	void *buf;
	__u32 len;
	void *rbuf;
	__u32 rlen;
	__u64 timeout;
	__u32 flags;
	/* out */
	int ret;
	__u32 bytes;
	__u32 remaining;
	struct npipe_peek peek;
	struct npipe_wait wait;
	__u32 events;		/* NP_OP_EPOLL_WAIT */
	__u64 t_end;		/* np_now() when the call returned */
	/* private */
	pthread_t thread;
	int joined;
};

static void *np_async_fn(void *arg)
{
	struct np_async *a = arg;
	struct epoll_event ev = { 0 };
	ssize_t n;

	switch (a->op) {
	case NP_OP_READ:
		a->ret = np_read(a->fd, a->buf, a->len, &a->bytes, &a->remaining);
		break;
	case NP_OP_WRITE:
		a->ret = np_write(a->fd, a->buf, a->len, &a->bytes);
		break;
	case NP_OP_PEEK:
		a->ret = np_peek(a->fd, a->buf, a->len, &a->peek);
		break;
	case NP_OP_CONNECT:
		a->ret = np_connect(a->fd);
		break;
	case NP_OP_FLUSH:
		a->ret = np_flush(a->fd);
		break;
	case NP_OP_WAIT:
		a->ret = np_wait_ex(a->fd, a->name, a->timeout, a->flags,
				    &a->wait);
		break;
	case NP_OP_OPEN:
		a->ret = np_open(a->fd, a->name, a->flags);
		break;
	case NP_OP_TRANSACT:
		a->ret = np_transact(a->fd, a->buf, a->len, a->rbuf, a->rlen,
				     &a->flags, &a->bytes, &a->remaining);
		break;
	case NP_OP_SYSREAD:
		n = read(a->fd, a->buf, a->len);
		a->ret = n < 0 ? -errno : (int)n;
		break;
	case NP_OP_SYSWRITE:
		n = write(a->fd, a->buf, a->len);
		a->ret = n < 0 ? -errno : (int)n;
		break;
	case NP_OP_EPOLL_WAIT:
		a->ret = np_err(epoll_wait(a->fd, &ev, 1, 10000));
		a->events = ev.events;
		break;
	}
	a->t_end = np_now();
	return NULL;
}

static inline int np_async_start(struct np_async *a)
{
	a->ret = (int)NP_SENTINEL;
	a->bytes = NP_SENTINEL;
	a->remaining = NP_SENTINEL;
	a->joined = 0;
	return pthread_create(&a->thread, NULL, np_async_fn, a);
}

/* 0 once joined, ETIMEDOUT if the thread is still running after @ms. */
static inline int np_async_join(struct np_async *a, unsigned int ms)
{
	struct timespec ts;
	int ret;

	if (a->joined)
		return 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	ret = pthread_timedjoin_np(a->thread, NULL, &ts);
	if (!ret)
		a->joined = 1;
	return ret;
}

/* The worker is still blocked NP_BLOCK_MS after this point. */
#define NP_BLOCKED(a) \
	ASSERT_EQ(ETIMEDOUT, np_async_join((a), NP_BLOCK_MS)) \
		TH_LOG("the call returned %d instead of blocking", (a)->ret)
/* The worker finishes within NP_DONE_MS. */
#define NP_DONE(a) \
	ASSERT_EQ(0, np_async_join((a), NP_DONE_MS)) \
		TH_LOG("the call is still blocked")

/* Start a worker and prove it blocks. */
#define NP_START_BLOCKED(a) do { \
	ASSERT_EQ(0, np_async_start(a)); \
	NP_BLOCKED(a); \
} while (0)

/* Point worker @a at @fd and a buffer (READ, WRITE, PEEK, SYSREAD...). */
static inline void np_async_io(struct np_async *a, int fd, void *buf,
			       __u32 len)
{
	a->fd = fd;
	a->buf = buf;
	a->len = len;
}

/* The worker finishes within NP_DONE_MS with @ret, @bytes and @remaining. */
#define check_async(a, ret_, bytes_, remaining_) ({ \
	NP_DONE(a); \
	EXPECT_EQ((ret_), (a)->ret); \
	EXPECT_EQ((__u32)(bytes_), (a)->bytes); \
	EXPECT_EQ((__u32)(remaining_), (a)->remaining); \
})

/* ---- epoll --------------------------------------------------------------- */

/* A new epoll instance watching @fd for @events: its fd, or -errno. */
static inline int np_epoll_new(int fd, __u32 events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };
	int epfd = epoll_create1(EPOLL_CLOEXEC);

	if (epfd < 0)
		return -errno;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)) {
		close(epfd);
		return -errno;
	}
	return epfd;
}

/* ---- signals ------------------------------------------------------------ */

static volatile sig_atomic_t np_sig_count;

static void np_sig_handler(int sig)
{
	(void)sig;
	np_sig_count++;
}

/* Install a counting SIGUSR1 handler, with or without SA_RESTART. */
static inline int np_sig_setup(int restart)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = np_sig_handler;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	np_sig_count = 0;
	return sigaction(SIGUSR1, &sa, NULL);
}

/* ---- processes and users ------------------------------------------------ */

/* Skip unless root (the test switches users). */
#define NP_REQUIRE_ROOT() do { \
	if (geteuid() != 0) \
		SKIP(return, "needs root to switch users"); \
} while (0)

/*
 * Skip unless module parameter @param exists and root may change it (the
 * test lowers it, then puts it back).
 */
#define NP_REQUIRE_PARAM(param) do { \
	char __path[256]; \
	struct stat __st; \
	if (geteuid() != 0) \
		SKIP(return, "needs root"); \
	snprintf(__path, sizeof(__path), NP_PARAM_DIR "/%s", (param)); \
	if (stat(__path, &__st)) \
		SKIP(return, "no %s", __path); \
	if (!(__st.st_mode & S_IWUSR)) \
		SKIP(return, "%s is read-only: cannot lower it", __path); \
} while (0)

/* Drop to @uid/@gid for good (no supplementary groups).  0 or -1. */
static inline int np_become(uid_t uid, gid_t gid)
{
	if (setgroups(0, NULL))
		return -1;
	if (setresgid(gid, gid, gid))
		return -1;
	return setresuid(uid, uid, uid);
}

/*
 * Wait for child @pid: its exit code, 1000 + the signal that killed it,
 * or -1.
 */
static inline int np_wait_exit(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (!WIFEXITED(status))
		return WIFSIGNALED(status) ? 1000 + WTERMSIG(status) : -1;
	return WEXITSTATUS(status);
}

/*
 * fork() a child that waits for the parent's go-ahead first (holding its
 * copies of the parent's fds meanwhile).  Returns like fork(); in the
 * parent *@go is the fd to write one byte to (then close it).
 */
static inline pid_t np_fork_held(int *go)
{
	int sync[2];
	pid_t pid;
	char c;

	if (pipe2(sync, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(sync[1]);
		if (read(sync[0], &c, 1) != 1)
			_exit(1);
		close(sync[0]);
		return 0;
	}
	close(sync[0]);
	if (pid < 0)
		close(sync[1]);
	*go = sync[1];
	return pid;
}

/* Open fds of this process (the directory's own fd included), or -errno. */
static inline int np_count_fds(void)
{
	struct dirent *de;
	int n = 0;
	DIR *d = opendir("/proc/self/fd");

	if (!d)
		return -errno;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* Fill @buf with a recognisable pattern depending on @seed. */
static inline void np_fill(void *buf, size_t len, unsigned int seed)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(seed * 131 + i * 7 + (i >> 8));
}

#endif /* NPIPE_TEST_H */
