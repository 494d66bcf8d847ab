// SPDX-License-Identifier: GPL-2.0
/*
 * npstress: a long-running, multi-process stress test of npipe.
 *
 *	npstress [-d SECONDS] [-s SEED] [-p PROCS] [-t THREADS] [-k KILL_MS] [-i SIG_MS] [-v]
 *
 * A supervisor forks PROCS worker processes of THREADS threads each; half
 * the threads serve (create instances of a few shared pipe names, connect,
 * serve one connection, disconnect or close), half are clients (wait,
 * open, run a session, close); clients also run anonymous-pipe and
 * mailslot sessions of their own.  The supervisor SIGKILLs a random worker
 * every KILL_MS on average (default 1500; 0: never) and starts it again.
 *
 * Every message is a frame: a header (magic, type, writer id, sequence
 * number, length, connection id, send time, FNV-1a checksum of the whole
 * frame) and a payload derived from (writer, sequence).  Readers check:
 *  - no frame is torn (magic, length, checksum, payload);
 *  - frames belong to the connection (connection id, known writers), so no
 *    data leaks from an earlier connection of a reused instance;
 *  - per writer, sequence numbers are consecutive within a connection (no
 *    reorder, no duplicate, no loss in the middle);
 *  - on message-type pipes in message read mode, each message is exactly one
 *    frame (ERROR_MORE_DATA parts included);
 *  - a connection that ends cleanly (each writer sends END with its count,
 *    the reader answers ACK with what it got) lost nothing;
 *  - a peek shows exactly the bytes the next read returns (but for the
 *    exception below: a killed writer's cancel between the two);
 *  - a read, connect or mailslot read interrupted after blocking for
 *    seconds does not find data that had been waiting for over a second
 *    (a lost wake-up);
 *  - every call fails only with an errno its situation allows.
 * One exception to "whole and in order": a writer killed while it waits on
 * the quota takes the unread rest of its write with it (as Windows cancels
 * the write of a process that exits), which can cut a frame in a
 * stream.  A reader that finds a cut frame when its peer process is one the
 * supervisor killed ends its own worker (counted as cut_by_kill), which is
 * restarted; with a live peer it is a violation.
 * Sessions: upload (1 or 2 writer threads on one handle), download,
 * transact (RPC), ping-pong with peeks; byte-type pipes carry the same
 * frames, reassembled from reads of random sizes.
 *
 * Signals: every SIG_MS on average (default 20) a random thread that is in
 * a call gets SIGUSR1 (handler without SA_RESTART): an EINTR must mean that
 * nothing happened (a write is retried, so a write that queued and then
 * said EINTR shows as a duplicate), and an interrupted TRANSACT that had
 * sent its request resumes with NPIPE_TRANSACT_SENT and gets its reply.
 *
 * Watchdog: every blocking call is registered; a thread blocked for 3 s
 * gets SIGUSR1 (no SA_RESTART: the call returns EINTR and is retried), so
 * no legitimate wait lasts long.  A thread that stays in one call for 30 s
 * despite the signals, no verified message anywhere for 30 s, or a worker
 * that does not exit at the end is a hang: its threads' kernel stacks
 * (/proc/PID/task/TID/stack) and sysrq-w are printed and npstress fails.
 * When everything has exited, no pipe name may remain.
 *
 * Choices are made by per-thread generators seeded from -s, the worker
 * slot, its generation and the thread (the seed is printed first); the
 * interleaving is not reproducible, but the sequence of choices is.
 * Exit status: 0 with a summary line; 1 on an invariant violation; 2 on a
 * hang; 3 on a usage or setup error.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <linux/npipe.h>

#define MAXP		32		/* worker processes */
#define MAXT		32		/* threads per worker */
#define HB_PER_T	2		/* a thread and its helper */
#define NNAMES		3
#define HDR		((uint32_t)sizeof(struct frame))
#define MAXPAY		70000
#define MAXFRAME	(HDR + MAXPAY)
#define KICK_NS		(3 * NSEC)	/* blocked this long: SIGUSR1 */
#define HANG_NS		(30 * NSEC)	/* stuck this long: a hang */
#define LOST_NS		(2 * NSEC)	/* data older than this at EINTR */
#define NSEC		1000000000ULL
#define MSEC		1000000ULL
#define MAGIC		0x4e50534dU	/* "NPSM" */

enum { T_HELLO = 1, T_DATA, T_END, T_ACK, T_REQ, T_REP, T_PING, T_PONG };
enum { M_UPLOAD, M_DOWNLOAD, M_RPC, M_PING, NMODES };

static const char *const mode_names[] = { "upload", "download", "rpc", "ping" };

struct frame {
	uint32_t magic;
	uint16_t type;
	uint16_t mode;		/* HELLO: session mode */
	uint32_t writer;
	uint32_t seq;
	uint32_t len;		/* whole frame */
	uint32_t count;		/* END/ACK: frames; HELLO: frames planned */
	uint64_t conn;
	uint64_t stamp;		/* CLOCK_MONOTONIC ns at send */
	uint32_t arg;		/* HELLO: helper writer id; REP: request sum */
	uint32_t sum;		/* FNV-1a of the frame with sum = 0 */
};

/* ---- shared state (MAP_SHARED, survives SIGKILLed workers) ------------------- */

enum {
	OP_NONE, OP_CONNECT, OP_READ, OP_WRITE, OP_FLUSH, OP_TRANSACT, OP_WAIT,
	OP_POLL, OP_MSREAD, OP_MSWRITE, OP_SLEEP, OP_JOIN, NOPS
};
static const char *const op_names[] = {
	"none", "CONNECT", "READ", "WRITE", "FLUSH", "TRANSACT", "WAIT", "poll",
	"mailslot READ", "mailslot WRITE", "sleep", "join",
};

struct hb {
	_Atomic uint64_t since;		/* when the current call began */
	_Atomic int op;			/* OP_*: in a call that may block */
	_Atomic int tid;
	_Atomic uint64_t kicked;	/* last SIGUSR1 */
};

enum {
	S_MSGS, S_BYTES, S_CONNS, S_CLEAN, S_ABORTED, S_RPCS, S_PEEKS, S_EINTR,
	S_EAGAIN, S_ANON, S_MSLOT, S_DISC, S_CREATES, S_OPENS, S_BUSY, S_WAITS,
	S_EMPTY, S_PARTIAL, S_SIGNALS, S_RESUMED, S_CUT, NSTATS
};
static const char *const stat_names[] = {
	"messages", "bytes", "connections", "clean", "aborted", "transacts",
	"peeks", "eintr", "eagain", "anon", "mailslot", "disconnects",
	"creates", "opens", "busy", "waits", "empty_msgs", "partial_reads",
	"signals", "transacts_resumed", "cut_by_kill",
};

struct wslot {
	_Atomic int pid;
	_Atomic int gen;
	_Atomic int nthreads;
	struct hb hb[MAXT * HB_PER_T];
	_Atomic uint64_t stat[NSTATS];
};

#define NKILLED		64
/* A worker's exit status when it ends itself after a cut frame. */
#define EXIT_CUT	7

struct shared {
	_Atomic int stop;
	_Atomic int violation;
	_Atomic int vready;
	char vmsg[4096];
	_Atomic uint32_t next_id;
	_Atomic uint64_t next_conn;
	_Atomic uint64_t progress;	/* frames verified, all workers */
	/* Workers killed lately (ring): their pending writes were cut. */
	_Atomic int killed_pid[NKILLED];
	_Atomic uint32_t nkilled;
	struct wslot w[MAXP];
};

static struct shared *sh;
static char names[NNAMES][64];
static uint64_t opt_seed;
static int opt_procs = 4, opt_threads = 6, opt_verbose;
static double opt_duration = 30;
static int opt_kill_ms = 1500, opt_sig_ms = 20;

/* ---- utilities ----------------------------------------------------------------- */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC + ts.tv_nsec;
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint64_t *s, uint32_t n)	/* 0..n-1 */
{
	return n ? (uint32_t)(splitmix(s) % n) : 0;
}

static int chance(uint64_t *s, int percent)
{
	return (int)rnd(s, 100) < percent;
}

static uint32_t fnv(const void *p, size_t n, uint32_t h)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ c[i]) * 16777619U;
	return h;
}

static void fill_payload(unsigned char *p, uint32_t n, uint32_t writer,
			 uint32_t seq)
{
	uint64_t s = ((uint64_t)writer << 32) ^ seq ^ 0x5a5a5a5aULL;
	uint32_t i = 0;

	while (i < n) {
		uint64_t v = splitmix(&s);
		uint32_t k;

		for (k = 0; k < 8 && i < n; k++, i++)
			p[i] = (unsigned char)(v >> (8 * k));
	}
}

static void frame_seal(struct frame *f)
{
	f->sum = 0;
	f->sum = fnv(f, f->len, 2166136261U);
}

/* Build a frame of @type with @pay payload bytes into @buf. */
static uint32_t frame_build(unsigned char *buf, int type, uint32_t writer,
			    uint32_t seq, uint32_t pay, uint64_t conn)
{
	struct frame *f = (struct frame *)buf;

	memset(f, 0, HDR);
	f->magic = MAGIC;
	f->type = type;
	f->writer = writer;
	f->seq = seq;
	f->len = HDR + pay;
	f->conn = conn;
	fill_payload(buf + HDR, pay, writer, seq);
	f->stamp = now_ns();
	frame_seal(f);
	return f->len;
}

static uint32_t new_id(void)
{
	return atomic_fetch_add(&sh->next_id, 1) + 1;
}

/* ---- per-thread context ------------------------------------------------------------ */

struct ctx {
	int slot, gen, idx;		/* worker slot, generation, thread */
	uint64_t rng;
	struct hb *hb;
	struct wslot *ws;
	int ctl;
	unsigned char *wbuf, *rbuf, *pbuf;
	char who[128];
};

static __thread struct ctx *cur;

static void stat_add(int s, uint64_t v)
{
	if (cur)
		atomic_fetch_add(&cur->ws->stat[s], v);
}

static void violation(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void violation(const char *fmt, ...)
{
	char msg[3000];
	va_list ap;
	int n;

	n = snprintf(msg, sizeof(msg), "VIOLATION (seed %" PRIu64 ", %s): ",
		     opt_seed, cur ? cur->who : "?");
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	fprintf(stderr, "npstress: %s\n", msg);
	if (!atomic_exchange(&sh->violation, 1)) {
		snprintf(sh->vmsg, sizeof(sh->vmsg), "%s", msg);
		atomic_store(&sh->vready, 1);
	}
	atomic_store(&sh->stop, 1);
	_exit(1);
}

/* Note @pid as killed, before it dies. */
static void note_killed(pid_t pid)
{
	uint32_t i = atomic_fetch_add(&sh->nkilled, 1);

	atomic_store(&sh->killed_pid[i % NKILLED], pid);
}

static int was_killed(pid_t pid)
{
	int i;

	for (i = 0; i < NKILLED; i++)
		if (pid > 0 && atomic_load(&sh->killed_pid[i]) == pid)
			return 1;
	return 0;
}

/* The peer process of this thread's current connection (conn_init). */
static __thread pid_t tls_peer;

/*
 * A frame that is not whole or not in order.  A writer killed while it
 * waited on the quota takes the unread rest of its write with it, as on
 * Windows, which can cut a frame at the head of the queue: when the peer was
 * killed, this worker ends itself (noting itself as killed, for its own
 * peers) and the supervisor restarts it; otherwise it is a violation.
 */
static void cut_violation(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

static void cut_violation(const char *fmt, ...)
{
	char msg[3000];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (was_killed(tls_peer)) {
		if (opt_verbose)
			fprintf(stderr, "npstress: peer %d was killed: %s\n",
				(int)tls_peer, msg);
		stat_add(S_CUT, 1);
		note_killed(getpid());
		_exit(EXIT_CUT);
	}
	violation("%s", msg);
}

static void hb_enter(int op)
{
	atomic_store(&cur->hb->since, now_ns());
	atomic_store(&cur->hb->op, op);
}

static void hb_leave(void)
{
	atomic_store(&cur->hb->op, OP_NONE);
}

static int stopping(void)
{
	return atomic_load(&sh->stop);
}

/* Call @expr as blocking operation @op; evaluates to its result, errno kept. */
#define BLOCKING(op, expr) ({ \
	long __r; int __e; \
	hb_enter(op); \
	__r = (long)(expr); \
	__e = errno; \
	hb_leave(); \
	errno = __e; \
	__r; \
})

static void nap_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	hb_enter(OP_SLEEP);
	nanosleep(&ts, NULL);
	hb_leave();
}

/* ---- npipe calls ------------------------------------------------------------------- */

static int x_info(int fd, struct npipe_info *info)
{
	if (ioctl(fd, NPIPE_IOC_GET_INFO, info))
		violation("GET_INFO: %s", strerror(errno));
	return 0;
}

static void x_set_mode(int fd, uint32_t mode)
{
	if (ioctl(fd, NPIPE_IOC_SET_MODE, &mode))
		violation("SET_MODE %#x: %s", mode, strerror(errno));
}

/*
 * One connection end, as its owner sees it: the fd and the read state.
 * Byte streams keep what a read returned beyond the current frame.
 */
struct conn {
	int fd;
	int server;
	int msgpipe;		/* message-type pipe */
	int msgmode;		/* handle in message read mode */
	int nowait;
	uint32_t txquota;
	uint64_t id;		/* connection id */
	uint32_t writers[2];	/* expected writer ids of the peer */
	int nwriters;
	uint32_t next_seq[2];
	int ended[2];		/* END seen */
	uint32_t end_count[2];
	/* read state */
	unsigned char *buf;	/* 2 * MAXFRAME */
	size_t have;
	int in_msg;		/* message mode: a message is partly read */
	size_t msg_got;		/* message mode: bytes of it read */
	int has_hello;
	const char *what;
};

static void conn_init(struct conn *c, struct ctx *t, int fd, int server,
		      const char *what)
{
	struct npipe_info info;

	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->server = server;
	c->buf = t->rbuf;
	c->what = what;
	x_info(fd, &info);
	c->msgpipe = !!(info.flags & NPIPE_INFO_MESSAGE_TYPE);
	c->msgmode = c->msgpipe && (info.mode & NPIPE_MODE_MESSAGE_READ);
	c->nowait = !!(info.mode & NPIPE_MODE_NOWAIT);
	c->txquota = server ? info.out_quota : info.in_quota;
	tls_peer = server ? (pid_t)info.client_pid : (pid_t)info.server_pid;
	if (!!(info.flags & NPIPE_INFO_SERVER_END) != !!server)
		violation("%s: GET_INFO flags %#x: wrong end", what, info.flags);
}

/* Codes for the end of a connection, besides 0. */
#define E_STOP	(-10000)	/* npstress is stopping */

/* errno -> connection end, or a violation for errnos nothing explains */
static int io_err(struct conn *c, const char *call, int err, const int *ok)
{
	int i;

	for (i = 0; ok[i]; i++)
		if (err == ok[i])
			return -err;
	violation("%s %s on the %s end (fd %d): unexpected %s (%d)", c->what,
		  call, c->server ? "server" : "client", c->fd, strerror(err), err);
}

/* Wait for @events with poll() (bounded), for NOWAIT handles. */
static void wait_ready(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	BLOCKING(OP_POLL, poll(&p, 1, 50));
}

/*
 * A frame about to be (re)sent carries a fresh send time, for the lost
 * wake-up check of its reader.
 */
static void restamp(unsigned char *buf, uint32_t len)
{
	struct frame *f = (struct frame *)buf;
	uint64_t now;

	if (len < HDR || f->magic != MAGIC)
		return;
	now = now_ns();
	if (now - f->stamp < 100 * MSEC)
		return;
	f->stamp = now;
	frame_seal(f);
}

/*
 * Write one frame.  Return: 0, E_STOP, or -errno ending the connection
 * (the peer closed or disconnected).  A write is whole, except that in
 * NOWAIT mode a byte pipe may take only what a waiting reader asked for
 * (as on Windows): the rest is written next, unchanged.
 */
static int put_frame(struct ctx *t, struct conn *c, const unsigned char *buf,
		     uint32_t len)
{
	static const int srv_ok[] = { ESHUTDOWN, EPIPE, 0 };
	static const int cli_ok[] = { ESHUTDOWN, EPIPE, ECONNRESET, 0 };
	int use_sys = chance(&t->rng, 30), tries = 0, blocking_now = 0;
	uint32_t off = 0, done;
	long r;

	for (;;) {
		if (!off)
			restamp((unsigned char *)buf, len);
		if (use_sys) {
			r = BLOCKING(OP_WRITE, write(c->fd, buf + off, len - off));
			done = r > 0 ? (uint32_t)r : 0;
		} else {
			struct npipe_io io = { .buf = (uintptr_t)(buf + off),
					       .len = len - off,
					       .bytes = 0xdeadbeef };

			r = BLOCKING(OP_WRITE, ioctl(c->fd, NPIPE_IOC_WRITE, &io));
			done = r ? 0 : io.bytes;
		}
		if (r >= 0 && done != len - off &&
		    (c->msgpipe || !c->nowait || blocking_now || !done ||
		     done > len - off))
			violation("%s %s of %u wrote %u", c->what,
				  use_sys ? "write(2)" : "WRITE", len - off, done);
		if (r >= 0) {
			off += done;
			if (off == len)
				break;
			continue;
		}
		if (errno == EINTR) {
			stat_add(S_EINTR, 1);
			if (stopping())
				return E_STOP;
			continue;
		}
		if (errno == EAGAIN && c->nowait) {
			stat_add(S_EAGAIN, 1);
			if (stopping())
				return E_STOP;
			/*
			 * POLLOUT means "below the quota", not "this frame
			 * fits": do not spin; a frame above the free quota may
			 * never fit, so block after a few tries.
			 */
			if (++tries > 8 && !blocking_now) {
				x_set_mode(c->fd, c->msgmode ? NPIPE_MODE_MESSAGE_READ : 0);
				blocking_now = 1;
				continue;
			}
			wait_ready(c->fd, POLLOUT);
			if (tries > 1)
				nap_ms(1);
			continue;
		}
		if (blocking_now)
			x_set_mode(c->fd, (c->msgmode ? NPIPE_MODE_MESSAGE_READ : 0) |
				   NPIPE_MODE_NOWAIT);
		return io_err(c, use_sys ? "write(2)" : "WRITE", errno,
			      c->server ? srv_ok : cli_ok);
	}
	if (blocking_now)
		x_set_mode(c->fd, (c->msgmode ? NPIPE_MODE_MESSAGE_READ : 0) |
			   NPIPE_MODE_NOWAIT);
	stat_add(S_BYTES, len);
	return 0;
}

/* Payload size: mostly small, sometimes above quotas and NP_SMALL_MSG. */
static uint32_t rnd_payload(uint64_t *s)
{
	uint32_t r = rnd(s, 100);

	if (r < 55)
		return rnd(s, 100);
	if (r < 85)
		return 100 + rnd(s, 900);
	if (r < 97)
		return 1000 + rnd(s, 8000);
	return 9000 + rnd(s, MAXPAY - 9000);
}

/* Check the frame at c->buf (complete, c->buf[0..len)). */
static void check_frame(struct conn *c, const struct frame *f)
{
	unsigned char *pay = (unsigned char *)f + HDR;
	static __thread unsigned char *expect;
	struct frame h;
	uint32_t sum;

	memcpy(&h, f, HDR);
	sum = h.sum;
	h.sum = 0;
	sum ^= fnv(pay, h.len - HDR, fnv(&h, HDR, 2166136261U));
	if (sum)
		cut_violation("%s: torn frame: checksum mismatch (type %u writer %u seq %u len %u)",
			  c->what, h.type, h.writer, h.seq, h.len);
	if (!expect)
		expect = malloc(MAXPAY);
	fill_payload(expect, h.len - HDR, h.writer, h.seq);
	if (memcmp(expect, pay, h.len - HDR))
		cut_violation("%s: torn frame: payload differs (writer %u seq %u)",
			  c->what, h.writer, h.seq);
	if (c->id && h.conn != c->id)
		violation("%s: frame of connection %" PRIu64 " on connection %" PRIu64
			  " (type %u writer %u seq %u): data crossed connections",
			  c->what, h.conn, c->id, h.type, h.writer, h.seq);
	atomic_fetch_add(&sh->progress, 1);
	stat_add(S_MSGS, 1);
}

/* Lost wake-up check after a blocking read returned EINTR at a frame start. */
static void check_lost_wakeup(struct ctx *t, struct conn *c, uint64_t began)
{
	struct npipe_peek p;
	struct frame f;
	uint64_t now = now_ns();

	if (c->have || c->in_msg)
		return;
	memset(&p, 0, sizeof(p));
	p.buf = (uintptr_t)&f;
	p.len = HDR;
	if (ioctl(c->fd, NPIPE_IOC_PEEK, &p) || p.bytes < HDR || f.magic != MAGIC)
		return;
	if (f.stamp > began && f.stamp + LOST_NS < now)
		violation("%s: lost wake-up: READ blocked since %.3f s, interrupted at %.3f s, while a frame sent at %.3f s was queued (peek: %u bytes available)",
			  c->what, began / 1e9, now / 1e9, f.stamp / 1e9, p.avail);
}

/*
 * One raw read into c->buf + c->have.  Returns bytes (0: empty message),
 * or -errno ending the connection, or E_STOP.
 */
static long raw_read(struct ctx *t, struct conn *c)
{
	static const int srv_ok[] = { EPIPE, 0 };
	static const int cli_ok[] = { EPIPE, ECONNRESET, 0 };
	size_t space = 2 * MAXFRAME - c->have, want;
	unsigned char *dst = c->buf + c->have;
	int use_sys, peeked = 0;
	uint32_t pbytes = 0, rem = 0;
	uint64_t began;
	long r;

	/* Read sizes: whole frames mostly, odd sizes often. */
	if (chance(&t->rng, 50))
		want = space;
	else
		want = 1 + rnd(&t->rng, chance(&t->rng, 50) ? 64 : MAXFRAME);
	if (want > space)
		want = space;
	/* read(2) in message mode: at least a header, to know the length */
	use_sys = chance(&t->rng, 25) && (!c->msgmode || want >= HDR);

	if (chance(&t->rng, 15)) {
		struct npipe_peek p;

		memset(&p, 0, sizeof(p));
		p.buf = (uintptr_t)t->pbuf;
		p.len = rnd(&t->rng, 2 * HDR + 1);
		if (ioctl(c->fd, NPIPE_IOC_PEEK, &p) == 0) {
			if (p.bytes > p.len || p.bytes > p.avail)
				violation("%s: PEEK copied %u of %u (avail %u)", c->what,
					  p.bytes, p.len, p.avail);
			if (c->msgpipe && p.bytes > p.msg_left)
				violation("%s: PEEK copied %u, msg_left %u", c->what,
					  p.bytes, p.msg_left);
			peeked = 1;
			pbytes = p.bytes;
			stat_add(S_PEEKS, 1);
		} else if (errno != EPIPE && !(errno == ECONNRESET && !c->server)) {
			violation("%s: PEEK: unexpected %s", c->what, strerror(errno));
		}
	}
	for (;;) {
		began = now_ns();
		if (use_sys) {
			r = BLOCKING(OP_READ, read(c->fd, dst, want));
			rem = 0;
		} else {
			struct npipe_io io = { .buf = (uintptr_t)dst, .len = want,
					       .bytes = 0xdeadbeef,
					       .remaining = 0xdeadbeef };

			r = BLOCKING(OP_READ, ioctl(c->fd, NPIPE_IOC_READ, &io));
			if (!r) {
				r = io.bytes;
				rem = io.remaining;
				if (io.bytes > want)
					violation("%s: READ of %zu returned %u", c->what,
						  want, io.bytes);
				if (!c->msgmode && rem)
					violation("%s: byte-mode READ reports %u remaining",
						  c->what, rem);
			}
		}
		if (r >= 0)
			break;
		if (errno == EINTR) {
			stat_add(S_EINTR, 1);
			if (stopping())
				return E_STOP;
			if (now_ns() - began > KICK_NS / 2)
				check_lost_wakeup(t, c, began);
			continue;
		}
		if (errno == EAGAIN && c->nowait) {
			stat_add(S_EAGAIN, 1);
			if (stopping())
				return E_STOP;
			wait_ready(c->fd, POLLIN);
			continue;
		}
		return io_err(c, use_sys ? "read(2)" : "READ", errno,
			      c->server ? srv_ok : cli_ok);
	}
	if (r == 0 && use_sys) {
		/* end of file, or an empty message? */
		struct npipe_peek p;

		memset(&p, 0, sizeof(p));
		if (ioctl(c->fd, NPIPE_IOC_PEEK, &p)) {
			if (errno == EPIPE || (errno == ECONNRESET && !c->server))
				return -errno;
			violation("%s: PEEK after read(2) = 0: %s", c->what,
				  strerror(errno));
		}
		if (!c->msgpipe)
			violation("%s: read(2) returned 0 on a byte pipe that is not at end of file (avail %u)",
				  c->what, p.avail);
	}
	if (peeked && memcmp(t->pbuf, dst, (size_t)r < pbytes ? (size_t)r : pbytes))
		cut_violation("%s: PEEK showed other bytes than the next read returned",
			  c->what);
	if (c->msgmode) {
		if (!c->in_msg && c->have)
			cut_violation("%s: message mode: a new message starts inside a frame",
				  c->what);
		if (r == 0 && !c->in_msg) {
			stat_add(S_EMPTY, 1);
			return 0;
		}
		c->in_msg = 1;
		c->msg_got += r;
		if (rem)
			stat_add(S_PARTIAL, 1);
		c->have += r;
		if (!use_sys && !rem) {
			/* the message ended: it must be exactly one frame */
			const struct frame *f = (const struct frame *)c->buf;

			if (c->msg_got < HDR || f->len != c->msg_got)
				cut_violation("%s: message of %zu bytes is not one frame (frame length %u)",
					  c->what, c->msg_got,
					  c->msg_got >= HDR ? f->len : 0);
			c->in_msg = 0;
			c->msg_got = 0;
		} else if (use_sys && c->msg_got >= HDR) {
			const struct frame *f = (const struct frame *)c->buf;

			if (c->msg_got > f->len && f->magic == MAGIC)
				cut_violation("%s: read(2) in message mode crossed a message end",
					  c->what);
			if (c->msg_got == f->len) {
				c->in_msg = 0;
				c->msg_got = 0;
			}
		}
		return r;
	}
	if (r == 0)
		stat_add(S_EMPTY, 1);
	c->have += r;
	return r;
}

/*
 * Next complete frame into c->buf[0..len).  Returns its length, or -errno
 * / E_STOP.  The caller consumes it with frame_done().
 */
static long get_frame(struct ctx *t, struct conn *c)
{
	const struct frame *f = (const struct frame *)c->buf;
	long r;

	for (;;) {
		if (c->have >= HDR) {
			if (f->magic != MAGIC || f->len < HDR || f->len > MAXFRAME)
				cut_violation("%s: garbage where a frame starts: magic %#x len %u",
					  c->what, f->magic, f->len);
			if (c->have >= f->len && !(c->msgmode && c->in_msg)) {
				check_frame(c, f);
				return f->len;
			}
		}
		r = raw_read(t, c);
		if (r < 0) {
			if (c->have && r != E_STOP && !(r == -ECONNRESET))
				cut_violation("%s: connection ended (%s) inside a frame (%zu bytes of it)",
					  c->what, strerror((int)-r), c->have);
			return r;
		}
	}
}

static void frame_done(struct conn *c, uint32_t len)
{
	memmove(c->buf, c->buf + len, c->have - len);
	c->have -= len;
}

/* Check a DATA/END frame against the connection's writers. */
static void account(struct conn *c, const struct frame *f)
{
	int w;

	for (w = 0; w < c->nwriters; w++)
		if (c->writers[w] == f->writer)
			break;
	if (w == c->nwriters)
		cut_violation("%s: frame from writer %u, not of this connection (type %u seq %u)",
			  c->what, f->writer, f->type, f->seq);
	if (c->ended[w])
		violation("%s: writer %u: frame after its END (type %u seq %u)",
			  c->what, f->writer, f->type, f->seq);
	if (f->type == T_END) {
		if (f->count != c->next_seq[w])
			cut_violation("%s: writer %u sent %u frames, %u arrived%s", c->what,
				  f->writer, f->count, c->next_seq[w],
				  f->count > c->next_seq[w] ? " (lost)" : "");
		c->ended[w] = 1;
		c->end_count[w] = f->count;
		return;
	}
	if (f->seq != c->next_seq[w])
		cut_violation("%s: writer %u: sequence %u after %u (%s)", c->what,
			  f->writer, f->seq, c->next_seq[w] - 1,
			  f->seq < c->next_seq[w] ? "duplicate or reorder" : "lost");
	c->next_seq[w]++;
}

static int all_ended(const struct conn *c)
{
	int w;

	for (w = 0; w < c->nwriters; w++)
		if (!c->ended[w])
			return 0;
	return 1;
}

static uint32_t total_seen(const struct conn *c)
{
	uint32_t n = 0;
	int w;

	for (w = 0; w < c->nwriters; w++)
		n += c->next_seq[w];
	return n;
}

static int do_flush(struct conn *c)
{
	static const int ok[] = { EPIPE, ECONNRESET, 0 };

	for (;;) {
		if (BLOCKING(OP_FLUSH, ioctl(c->fd, NPIPE_IOC_FLUSH)) == 0)
			return 0;
		if (errno == EINTR) {
			stat_add(S_EINTR, 1);
			if (stopping())
				return E_STOP;
			continue;
		}
		if (errno == EAGAIN && c->nowait) {
			if (stopping())
				return E_STOP;
			wait_ready(c->fd, POLLOUT);
			continue;
		}
		return io_err(c, "FLUSH", errno, ok);
	}
}

/* ---- sessions: the writer side --------------------------------------------------- */

struct writer_job {
	struct ctx *t;		/* the owning thread (its helper uses its own) */
	struct conn *c;
	uint32_t id;
	uint32_t n;		/* frames to send */
	int abort_after;	/* -1: send END */
	uint32_t sent;
	int ret;
	unsigned char *buf;
	uint64_t rng;
	struct hb *hb;
};

static int write_frames(struct ctx *t, struct writer_job *j)
{
	uint32_t i, len;
	int r;

	for (i = 0; i < j->n; i++) {
		if (stopping())
			return E_STOP;
		if (j->abort_after >= 0 && (int)i == j->abort_after)
			return 1;
		if (j->c->msgpipe && chance(&j->rng, 3)) {
			/* an empty message, which readers skip */
			r = put_frame(t, j->c, j->buf, 0);
			if (r)
				return r;
		}
		len = frame_build(j->buf, T_DATA, j->id, i, rnd_payload(&j->rng),
				  j->c->id);
		r = put_frame(t, j->c, j->buf, len);
		if (r)
			return r;
		j->sent++;
	}
	len = frame_build(j->buf, T_END, j->id, i, 0, j->c->id);
	((struct frame *)j->buf)->count = j->sent;
	frame_seal((struct frame *)j->buf);
	return put_frame(t, j->c, j->buf, len);
}

/* A helper thread writing on the same handle as its client thread. */
static void *helper_main(void *arg)
{
	struct writer_job *j = arg;
	struct ctx h = *j->t;

	h.hb = j->hb;
	h.wbuf = j->buf;
	snprintf(h.who, sizeof(h.who), "%.100s/helper", j->t->who);
	cur = &h;
	atomic_store(&h.hb->tid, (int)syscall(SYS_gettid));
	j->ret = write_frames(&h, j);
	atomic_store(&h.hb->tid, 0);
	cur = NULL;
	return NULL;
}

/* ---- client sessions ---------------------------------------------------------------- */

static int send_hello(struct ctx *t, struct conn *c, int mode, uint32_t n,
		      uint32_t writer, uint32_t helper)
{
	struct frame *f = (struct frame *)t->wbuf;
	uint32_t len = frame_build(t->wbuf, T_HELLO, writer, 0, 0, c->id);

	f->mode = mode;
	f->count = n;
	f->arg = helper;
	frame_seal(f);
	return put_frame(t, c, t->wbuf, len);
}

/* Read the ACK (from the peer's @writer) that must report @expect frames. */
static int read_ack(struct ctx *t, struct conn *c, uint32_t expect)
{
	const struct frame *f;
	long r = get_frame(t, c);

	if (r < 0)
		return (int)r;
	f = (const struct frame *)c->buf;
	if (f->type != T_ACK)
		violation("%s: type %u where the ACK was due", c->what, f->type);
	if (f->count != expect)
		violation("%s: the reader got %u frames of %u sent (ACK)%s", c->what,
			  f->count, expect, f->count < expect ? ": lost" : "");
	frame_done(c, (uint32_t)r);
	return 0;
}

static int client_upload(struct ctx *t, struct conn *c)
{
	struct writer_job j[2];
	pthread_t helper;
	int two = chance(&t->rng, 30), abort_now = chance(&t->rng, 5), r, i;
	int have_helper = 0;

	/*
	 * NOWAIT on a byte pipe may write a frame in parts (what a waiting
	 * reader asked for, then the rest): a second writer could land
	 * between them, as on Windows.  One writer there.
	 */
	if (!c->msgpipe && c->nowait)
		two = 0;
	memset(j, 0, sizeof(j));
	for (i = 0; i < 2; i++) {
		j[i].t = t;
		j[i].c = c;
		j[i].id = new_id();
		j[i].n = 1 + rnd(&t->rng, 40);
		j[i].abort_after = abort_now ? (int)rnd(&t->rng, j[i].n + 1) : -1;
		j[i].rng = splitmix(&t->rng);
		j[i].buf = i ? malloc(MAXFRAME) : t->wbuf;
		j[i].hb = &t->ws->hb[t->idx * HB_PER_T + i];
	}
	r = send_hello(t, c, M_UPLOAD, j[0].n, j[0].id, two ? j[1].id : 0);
	if (r)
		goto out;
	if (two && !pthread_create(&helper, NULL, helper_main, &j[1]))
		have_helper = 1;
	else if (two)
		violation("pthread_create failed");
	r = write_frames(t, &j[0]);
	if (have_helper) {
		BLOCKING(OP_JOIN, pthread_join(helper, NULL));
		if (!r)
			r = j[1].ret;
	}
	if (r)
		goto out;
	if (chance(&t->rng, 40)) {
		r = do_flush(c);
		if (r)
			goto out;
	}
	c->nwriters = 1;
	c->writers[0] = 0;	/* the server's ACK writer id is not known */
	r = read_ack(t, c, j[0].sent + (two ? j[1].sent : 0));
out:
	free(j[1].buf);
	return r;
}

static int client_download(struct ctx *t, struct conn *c)
{
	uint32_t n = 1 + rnd(&t->rng, 40);
	int abort_now = chance(&t->rng, 5);
	uint32_t stop_after = rnd(&t->rng, n + 1);
	const struct frame *f;
	long r;

	r = send_hello(t, c, M_DOWNLOAD, n, new_id(), 0);
	if (r)
		return (int)r;
	c->nwriters = 1;
	c->writers[0] = 0;	/* learnt from the first frame */
	for (;;) {
		if (abort_now && total_seen(c) >= stop_after)
			return 1;
		r = get_frame(t, c);
		if (r < 0)
			return (int)r;
		f = (const struct frame *)c->buf;
		if (f->type != T_DATA && f->type != T_END)
			violation("%s: type %u in a download", c->what, f->type);
		if (!c->writers[0])
			c->writers[0] = f->writer;
		account(c, f);
		frame_done(c, (uint32_t)r);
		if (all_ended(c)) {
			if (c->end_count[0] != n)
				violation("%s: download of %u frames ended after %u",
					  c->what, n, c->end_count[0]);
			return 0;
		}
	}
}

static int client_rpc(struct ctx *t, struct conn *c)
{
	uint32_t n = 1 + rnd(&t->rng, 30), id = new_id(), i, len;
	struct npipe_transact tr;
	const struct frame *req = (const struct frame *)t->wbuf;
	const struct frame *rep;
	int r;

	if (!c->msgmode) {
		x_set_mode(c->fd, NPIPE_MODE_MESSAGE_READ |
			   (c->nowait ? NPIPE_MODE_NOWAIT : 0));
		c->msgmode = 1;
	}
	r = send_hello(t, c, M_RPC, n, id, 0);
	if (r)
		return r;
	for (i = 0; i < n; i++) {
		len = frame_build(t->wbuf, T_REQ, id, i, rnd_payload(&t->rng) % 3000,
				  c->id);
		memset(&tr, 0, sizeof(tr));
		tr.wbuf = (uintptr_t)t->wbuf;
		tr.wlen = len;
		tr.rbuf = (uintptr_t)c->buf;
		tr.rlen = chance(&t->rng, 20) ? 1 + rnd(&t->rng, 2 * HDR) : MAXFRAME;
		for (;;) {
			if (BLOCKING(OP_TRANSACT, ioctl(c->fd, NPIPE_IOC_TRANSACT, &tr)) == 0)
				break;
			if (errno == EINTR) {
				/* SENT: the request is queued; only wait for the reply */
				stat_add(S_EINTR, 1);
				if (tr.flags & NPIPE_TRANSACT_SENT)
					stat_add(S_RESUMED, 1);
				if (stopping())
					return E_STOP;
				continue;
			}
			if (errno == ECONNRESET || errno == EPIPE || errno == EBADFD) {
				/* the server went (EBADFD: CLOSING before the send) */
				if (errno == EBADFD && (tr.flags & NPIPE_TRANSACT_SENT))
					violation("%s: TRANSACT EBADFD after sending",
						  c->what);
				return -errno;
			}
			io_err(c, "TRANSACT", errno, (const int[]){ 0 });
		}
		if (!(tr.flags & NPIPE_TRANSACT_SENT))
			violation("%s: TRANSACT succeeded without SENT", c->what);
		c->have = tr.bytes;
		c->in_msg = tr.remaining != 0;
		c->msg_got = tr.remaining ? tr.bytes : 0;
		if (tr.remaining) {
			stat_add(S_PARTIAL, 1);
			/* read the rest of the reply (ERROR_MORE_DATA) */
			while (c->in_msg) {
				long rr = raw_read(t, c);

				if (rr < 0)
					return (int)rr;
			}
		}
		if (c->have < HDR)
			violation("%s: reply of %zu bytes", c->what, c->have);
		rep = (const struct frame *)c->buf;
		if (rep->len != c->have)
			violation("%s: reply message %zu bytes, frame %u", c->what,
				  c->have, rep->len);
		check_frame(c, rep);
		if (rep->type != T_REP || rep->seq != i || rep->arg != req->sum)
			cut_violation("%s: reply (type %u seq %u arg %#x) does not answer request %u (sum %#x)",
				  c->what, rep->type, rep->seq, rep->arg, i, req->sum);
		frame_done(c, rep->len);
		stat_add(S_RPCS, 1);
	}
	len = frame_build(t->wbuf, T_END, id, n, 0, c->id);
	((struct frame *)t->wbuf)->count = n;
	frame_seal((struct frame *)t->wbuf);
	r = put_frame(t, c, t->wbuf, len);
	if (r)
		return r;
	c->nwriters = 1;
	return read_ack(t, c, n);
}

static int client_ping(struct ctx *t, struct conn *c)
{
	uint32_t n = 1 + rnd(&t->rng, 30), id = new_id(), i, len;
	const struct frame *rep;
	long r;

	r = send_hello(t, c, M_PING, n, id, 0);
	if (r)
		return (int)r;
	for (i = 0; i < n; i++) {
		len = frame_build(t->wbuf, T_PING, id, i, rnd_payload(&t->rng), c->id);
		r = put_frame(t, c, t->wbuf, len);
		if (r)
			return (int)r;
		r = get_frame(t, c);
		if (r < 0)
			return (int)r;
		rep = (const struct frame *)c->buf;
		if (rep->type != T_PONG || rep->seq != i ||
		    rep->arg != ((const struct frame *)t->wbuf)->sum)
			cut_violation("%s: pong (type %u seq %u) does not answer ping %u",
				  c->what, rep->type, rep->seq, i);
		frame_done(c, (uint32_t)r);
	}
	len = frame_build(t->wbuf, T_END, id, n, 0, c->id);
	((struct frame *)t->wbuf)->count = n;
	frame_seal((struct frame *)t->wbuf);
	r = put_frame(t, c, t->wbuf, len);
	if (r)
		return (int)r;
	c->nwriters = 1;
	return read_ack(t, c, n);
}

static int do_wait(struct ctx *t, const char *name)
{
	struct npipe_wait w = {
		.name = (uintptr_t)name,
		.name_len = (uint32_t)strlen(name),
	};
	int r;

	if (chance(&t->rng, 30))
		w.flags = NPIPE_WAIT_DEFAULT;
	else
		w.timeout = now_ns() + (10 + rnd(&t->rng, 200)) * MSEC;
	stat_add(S_WAITS, 1);
	for (;;) {
		r = (int)BLOCKING(OP_WAIT, ioctl(t->ctl, NPIPE_IOC_WAIT, &w));
		if (!r || errno == ETIMEDOUT || errno == ENOENT)
			return r ? -errno : 0;
		if (errno == EINTR) {
			if (stopping())
				return E_STOP;
			continue;	/* the DEFAULT deadline was written back */
		}
		violation("WAIT %s: %s", name, strerror(errno));
	}
}

static void client_pipe_session(struct ctx *t)
{
	int k = (int)rnd(&t->rng, NNAMES), fd = -1, tries, mode, r = 0;
	uint32_t flags = NPIPE_OPEN_READ | NPIPE_OPEN_WRITE;
	struct npipe_open o;
	struct npipe_info info;
	struct conn c;

	if (chance(&t->rng, 20))
		flags |= NPIPE_MODE_NOWAIT;
	memset(&o, 0, sizeof(o));
	o.name = (uintptr_t)names[k];
	o.name_len = (uint32_t)strlen(names[k]);
	o.flags = flags;
	for (tries = 0; tries < 50 && !stopping(); tries++) {
		if (chance(&t->rng, 30) && do_wait(t, names[k]) == E_STOP)
			return;
		fd = ioctl(t->ctl, NPIPE_IOC_OPEN, &o);
		if (fd >= 0)
			break;
		if (errno == EBUSY) {
			stat_add(S_BUSY, 1);
			if (do_wait(t, names[k]) == E_STOP)
				return;
			continue;
		}
		if (errno == ENOENT) {
			nap_ms(1 + (int)rnd(&t->rng, 5));
			continue;
		}
		violation("OPEN %s: %s", names[k], strerror(errno));
	}
	if (fd < 0)
		return;
	stat_add(S_OPENS, 1);
	conn_init(&c, t, fd, 0, "client");
	x_info(fd, &info);
	if (!(info.flags & NPIPE_INFO_CAN_READ) || !(info.flags & NPIPE_INFO_CAN_WRITE))
		violation("client GET_INFO flags %#x lack READ/WRITE", info.flags);
	if (info.state != NPIPE_STATE_CONNECTED && info.state != NPIPE_STATE_CLOSING &&
	    info.state != NPIPE_STATE_DISCONNECTED)
		violation("client GET_INFO state %u", info.state);
	if (c.msgpipe != (k != 1))
		violation("%s: message type %d, expected %d", names[k], c.msgpipe,
			  k != 1);
	if (c.msgpipe && chance(&t->rng, 75)) {
		x_set_mode(fd, NPIPE_MODE_MESSAGE_READ | (c.nowait ? NPIPE_MODE_NOWAIT : 0));
		c.msgmode = 1;
	}
	c.id = atomic_fetch_add(&sh->next_conn, 1) + 1;
	mode = (int)rnd(&t->rng, NMODES);
	if (mode == M_RPC && !c.msgpipe)
		mode = M_PING;
	snprintf(t->who + strlen(t->who), 20, ":%s", mode_names[mode]);
	switch (mode) {
	case M_UPLOAD:
		r = client_upload(t, &c);
		break;
	case M_DOWNLOAD:
		r = client_download(t, &c);
		break;
	case M_RPC:
		r = client_rpc(t, &c);
		break;
	case M_PING:
		r = client_ping(t, &c);
		break;
	}
	*strrchr(t->who, ':') = 0;
	stat_add(r == 0 ? S_CLEAN : S_ABORTED, 1);
	stat_add(S_CONNS, 1);
	if (opt_verbose > 1)
		fprintf(stderr, "%s: %s session on %s: %d\n", t->who,
			mode_names[mode], names[k], r);
	close(fd);
}

/* ---- anonymous pipes and mailslots ---------------------------------------------------- */

struct anon_job {
	struct ctx *t;
	int wfd, nowait;
	uint32_t n, id;
	unsigned char *buf;
	uint64_t rng;
	struct hb *hb;
	int ret;
};

static void *anon_writer(void *arg)
{
	struct anon_job *j = arg;
	struct ctx h = *j->t;
	struct conn c;
	struct writer_job w;

	h.hb = j->hb;
	snprintf(h.who, sizeof(h.who), "%.100s/anon-writer", j->t->who);
	cur = &h;
	atomic_store(&h.hb->tid, (int)syscall(SYS_gettid));
	memset(&c, 0, sizeof(c));
	c.fd = j->wfd;
	c.nowait = j->nowait;
	c.what = "anon writer";
	memset(&w, 0, sizeof(w));
	w.t = &h;
	w.c = &c;
	w.id = j->id;
	w.n = j->n;
	w.abort_after = -1;
	w.buf = j->buf;
	w.rng = j->rng;
	j->ret = write_frames(&h, &w);
	close(j->wfd);
	atomic_store(&h.hb->tid, 0);
	cur = NULL;
	return NULL;
}

static void anon_session(struct ctx *t)
{
	struct npipe_anon a;
	struct anon_job j;
	pthread_t th;
	struct conn c;
	long r;

	memset(&a, 0, sizeof(a));
	a.size = (uint32_t[]){ 0, 1, 100, 4096, 65536 }[rnd(&t->rng, 5)];
	a.flags = chance(&t->rng, 20) ? NPIPE_MODE_NOWAIT : 0;
	if (ioctl(t->ctl, NPIPE_IOC_CREATE_ANON, &a))
		violation("CREATE_ANON: %s", strerror(errno));
	memset(&j, 0, sizeof(j));
	j.t = t;
	j.wfd = a.write_fd;
	j.nowait = !!a.flags;
	j.n = 1 + rnd(&t->rng, 30);
	j.id = new_id();
	j.buf = malloc(MAXFRAME);
	j.rng = splitmix(&t->rng);
	j.hb = &t->ws->hb[t->idx * HB_PER_T + 1];
	conn_init(&c, t, a.read_fd, 1, "anon reader");
	c.nwriters = 1;
	c.writers[0] = j.id;
	if (pthread_create(&th, NULL, anon_writer, &j))
		violation("pthread_create failed");
	for (;;) {
		r = get_frame(t, &c);
		if (r < 0)
			break;
		account(&c, (const struct frame *)c.buf);
		frame_done(&c, (uint32_t)r);
	}
	if (r == E_STOP) {
		/* the writer may wait for room: closing the read end frees it */
		close(a.read_fd);
		BLOCKING(OP_JOIN, pthread_join(th, NULL));
		free(j.buf);
		return;
	}
	BLOCKING(OP_JOIN, pthread_join(th, NULL));
	if (r != -EPIPE)
		violation("anon reader: %s at the end", strerror((int)-r));
	if (j.ret == 0 && !all_ended(&c))
		violation("anon reader: end of file before the writer's END (%u frames)",
			  c.next_seq[0]);
	close(a.read_fd);
	free(j.buf);
	stat_add(S_ANON, 1);
}

struct ms_job {
	struct ctx *t;
	int fd;
	uint32_t n, id, max;
	unsigned char *buf;
	uint64_t rng;
	struct hb *hb;
	int ret;
};

static int ms_put(struct ctx *t, int fd, const unsigned char *buf, uint32_t len)
{
	long r;

	for (;;) {
		r = BLOCKING(OP_MSWRITE, write(fd, buf, len));
		if (r == (long)len)
			return 0;
		if (r >= 0)
			violation("mailslot write(2) of %u returned %ld", len, r);
		if (errno == EINTR || (errno == ESHUTDOWN && stopping())) {
			if (stopping())
				return E_STOP;
			continue;
		}
		violation("mailslot write(2) of %u: %s", len, strerror(errno));
	}
}

static void *ms_writer(void *arg)
{
	struct ms_job *j = arg;
	struct ctx h = *j->t;
	uint32_t i, len;
	int r = 0;

	h.hb = j->hb;
	snprintf(h.who, sizeof(h.who), "%.100s/mailslot-writer", j->t->who);
	cur = &h;
	atomic_store(&h.hb->tid, (int)syscall(SYS_gettid));
	for (i = 0; i < j->n && !r; i++) {
		len = frame_build(j->buf, T_DATA, j->id, i, rnd(&j->rng, j->max - HDR),
				  0);
		r = ms_put(&h, j->fd, j->buf, len);
	}
	if (!r) {
		len = frame_build(j->buf, T_END, j->id, i, 0, 0);
		((struct frame *)j->buf)->count = j->n;
		frame_seal((struct frame *)j->buf);
		r = ms_put(&h, j->fd, j->buf, len);
	}
	j->ret = r;
	atomic_store(&h.hb->tid, 0);
	cur = NULL;
	return NULL;
}

/* A mailslot with one writer thread; the reader checks order and sizes. */
static void mailslot_session(struct ctx *t)
{
	struct npipe_mailslot_create m;
	struct npipe_mailslot_info info;
	struct npipe_open o;
	char name[96];
	struct ms_job j;
	struct conn c;
	pthread_t th;
	int rfd, wfd, done = 0;
	uint64_t timeout;
	long r;

	snprintf(name, sizeof(name), "%s-ms-%d-%d", names[0], t->slot, t->idx);
	memset(&m, 0, sizeof(m));
	m.name = (uintptr_t)name;
	m.name_len = (uint32_t)strlen(name);
	timeout = chance(&t->rng, 50) ? NPIPE_MAILSLOT_WAIT_FOREVER :
					 rnd(&t->rng, 20) * MSEC;
	m.read_timeout = timeout;
	m.max_msg_size = chance(&t->rng, 50) ? 0 : 4096;
	rfd = ioctl(t->ctl, NPIPE_IOC_MAILSLOT_CREATE, &m);
	if (rfd < 0)
		violation("MAILSLOT_CREATE %s: %s", name, strerror(errno));
	memset(&o, 0, sizeof(o));
	o.name = (uintptr_t)name;
	o.name_len = m.name_len;
	o.flags = NPIPE_OPEN_WRITE;
	wfd = ioctl(t->ctl, NPIPE_IOC_MAILSLOT_OPEN, &o);
	if (wfd < 0)
		violation("MAILSLOT_OPEN %s: %s", name, strerror(errno));
	memset(&j, 0, sizeof(j));
	j.t = t;
	j.fd = wfd;
	j.n = 1 + rnd(&t->rng, 30);
	j.id = new_id();
	j.max = m.max_msg_size ? m.max_msg_size : 20000;
	j.buf = malloc(MAXFRAME);
	j.rng = splitmix(&t->rng);
	j.hb = &t->ws->hb[t->idx * HB_PER_T + 1];
	memset(&c, 0, sizeof(c));
	c.fd = rfd;
	c.buf = t->rbuf;
	c.what = "mailslot reader";
	c.nwriters = 1;
	c.writers[0] = j.id;
	if (pthread_create(&th, NULL, ms_writer, &j))
		violation("pthread_create failed");
	while (!done) {
		uint32_t want;

		if (ioctl(rfd, NPIPE_IOC_MAILSLOT_GET_INFO, &info))
			violation("MAILSLOT_GET_INFO: %s", strerror(errno));
		if (info.read_timeout != timeout || info.max_msg_size != m.max_msg_size)
			violation("MAILSLOT_GET_INFO: timeout %" PRIu64 " max %u",
				  (uint64_t)info.read_timeout, info.max_msg_size);
		if ((info.nr_msgs == 0) != (info.next_size == NPIPE_MAILSLOT_NO_MESSAGE))
			violation("MAILSLOT_GET_INFO: %u messages, next size %u",
				  info.nr_msgs, info.next_size);
		want = chance(&t->rng, 20) ? rnd(&t->rng, 2 * HDR) : MAXFRAME;
		r = BLOCKING(OP_MSREAD, read(rfd, c.buf, want));
		if (r < 0) {
			if (errno == ENOBUFS) {
				/* too small: the message stays */
				continue;
			}
			if (errno == ETIMEDOUT || errno == EINTR) {
				if (stopping())
					break;
				continue;
			}
			violation("mailslot read(2) of %u: %s", want, strerror(errno));
		}
		if (info.nr_msgs && (uint32_t)r != info.next_size)
			violation("mailslot read %ld bytes, GET_INFO said the next has %u",
				  r, info.next_size);
		c.have = r;
		if (c.have < HDR || ((struct frame *)c.buf)->len != c.have)
			violation("mailslot message of %ld bytes is not one frame", r);
		check_frame(&c, (struct frame *)c.buf);
		account(&c, (struct frame *)c.buf);
		done = all_ended(&c);
		c.have = 0;
	}
	if (!done)
		close(rfd);	/* stopping: a waiting writer gets ESHUTDOWN */
	BLOCKING(OP_JOIN, pthread_join(th, NULL));
	if (done)
		close(rfd);
	close(wfd);
	free(j.buf);
	stat_add(S_MSLOT, 1);
}

/* ---- the server side ----------------------------------------------------------------- */

static int send_ack(struct ctx *t, struct conn *c, uint32_t count)
{
	uint32_t len = frame_build(t->wbuf, T_ACK, 0, 0, 0, c->id);
	int r;

	((struct frame *)t->wbuf)->count = count;
	frame_seal((struct frame *)t->wbuf);
	r = put_frame(t, c, t->wbuf, len);
	if (r)
		return r;
	/* the ACK must be read before a disconnect would discard it */
	return do_flush(c);
}

/* Serve one connection.  Returns 0 (clean) or the end code. */
static int serve(struct ctx *t, struct conn *c)
{
	const struct frame *f;
	struct frame hello;
	long r;
	uint32_t i, len, n;
	int abort_now = chance(&t->rng, 4);

	c->id = 0;
	r = get_frame(t, c);
	if (r < 0)
		return (int)r;
	f = (const struct frame *)c->buf;
	if (f->type != T_HELLO)
		violation("server: first frame of a connection has type %u (writer %u seq %u conn %" PRIu64 "): stale data from an earlier connection?",
			  f->type, f->writer, f->seq, f->conn);
	hello = *f;
	frame_done(c, (uint32_t)r);
	c->id = hello.conn;
	c->nwriters = 1;
	c->writers[0] = hello.writer;
	if (hello.arg) {
		c->nwriters = 2;
		c->writers[1] = hello.arg;
	}
	snprintf(t->who + strlen(t->who), 20, ":%s", mode_names[hello.mode % NMODES]);
	switch (hello.mode) {
	case M_UPLOAD:
		for (;;) {
			if (abort_now && total_seen(c) >= hello.count / 2) {
				r = 1;
				break;
			}
			r = get_frame(t, c);
			if (r < 0)
				break;
			f = (const struct frame *)c->buf;
			if (f->type != T_DATA && f->type != T_END)
				violation("%s: type %u in an upload", c->what, f->type);
			account(c, f);
			frame_done(c, (uint32_t)r);
			if (all_ended(c)) {
				r = send_ack(t, c, total_seen(c));
				break;
			}
		}
		break;
	case M_DOWNLOAD: {
		struct writer_job j;

		memset(&j, 0, sizeof(j));
		j.t = t;
		j.c = c;
		j.id = new_id();
		j.n = hello.count;
		j.abort_after = abort_now ? (int)rnd(&t->rng, j.n + 1) : -1;
		j.buf = t->wbuf;
		j.rng = splitmix(&t->rng);
		r = write_frames(t, &j);
		if (!r)
			r = do_flush(c);
		break;
	}
	case M_RPC:
	case M_PING:
		for (i = 0;; i++) {
			if (abort_now && i >= hello.count / 2) {
				r = 1;
				break;
			}
			r = get_frame(t, c);
			if (r < 0)
				break;
			f = (const struct frame *)c->buf;
			if (f->type == T_END) {
				account(c, f);
				frame_done(c, (uint32_t)r);
				r = send_ack(t, c, i);
				break;
			}
			if (f->type != (hello.mode == M_RPC ? T_REQ : T_PING))
				violation("%s: type %u in a %s session", c->what, f->type,
					  mode_names[hello.mode]);
			account(c, f);
			n = f->seq;
			{
				uint32_t rsum = f->sum;

				frame_done(c, (uint32_t)r);
				len = frame_build(t->wbuf,
						  hello.mode == M_RPC ? T_REP : T_PONG,
						  0, n, rnd_payload(&t->rng) % 2000, c->id);
				((struct frame *)t->wbuf)->arg = rsum;
				frame_seal((struct frame *)t->wbuf);
			}
			r = put_frame(t, c, t->wbuf, len);
			if (r)
				break;
		}
		break;
	default:
		violation("server: HELLO with mode %u", hello.mode);
	}
	*strrchr(t->who, ':') = 0;
	if (r == 0 && chance(&t->rng, 50)) {
		/* a clean end: wait for the client to close */
		r = get_frame(t, c);
		if (r >= 0)
			violation("%s: a frame after the end of the session", c->what);
		if (r == -EPIPE)
			r = 0;
	}
	return (int)r;
}

/* CONNECT, blocking or NOWAIT + poll.  Returns 0 (a client is there),
 * 1 (give up: nobody came), or E_STOP. */
static int do_connect(struct ctx *t, struct conn *c)
{
	uint64_t start = now_ns(), began;
	struct npipe_info info;
	int r;

	for (;;) {
		if (stopping())
			return E_STOP;
		began = now_ns();
		r = (int)BLOCKING(OP_CONNECT, ioctl(c->fd, NPIPE_IOC_CONNECT));
		if (!r || errno == EISCONN || errno == ESHUTDOWN)
			return 0;	/* connected (and maybe closed already) */
		if (errno == ENOTCONN && c->nowait) {
			struct pollfd p = { .fd = c->fd, .events = POLLOUT };

			r = (int)BLOCKING(OP_POLL, poll(&p, 1, 100));
			x_info(c->fd, &info);
			if (info.state != NPIPE_STATE_LISTENING)
				return 0;
			if (r > 0 && (p.revents & POLLOUT))
				violation("server: poll says POLLOUT (%#x) on a listening instance",
					  p.revents);
		} else if (errno == EINTR) {
			stat_add(S_EINTR, 1);
			x_info(c->fd, &info);
			if (info.state != NPIPE_STATE_LISTENING &&
			    now_ns() - began > KICK_NS / 2) {
				/* a client came: how long ago? */
				struct npipe_peek p;
				struct frame f;

				memset(&p, 0, sizeof(p));
				p.buf = (uintptr_t)&f;
				p.len = HDR;
				if (!ioctl(c->fd, NPIPE_IOC_PEEK, &p) && p.bytes == HDR &&
				    f.magic == MAGIC && f.stamp > began &&
				    f.stamp + LOST_NS < now_ns())
					violation("server: lost wake-up: CONNECT blocked since %.3f s while a client connected and sent HELLO at %.3f s",
						  began / 1e9, f.stamp / 1e9);
			}
		} else {
			violation("server CONNECT: %s", strerror(errno));
		}
		if (now_ns() - start > 8 * NSEC)
			return 1;
	}
}

static void server_session(struct ctx *t)
{
	int k = (int)rnd(&t->rng, NNAMES), fd, reuse, i, r;
	struct npipe_create cr;
	struct npipe_info info;
	struct conn c;
	static const uint32_t quotas[] = { 0, 64, 1024, 4096, 65536 };

	memset(&cr, 0, sizeof(cr));
	cr.name = (uintptr_t)names[k];
	cr.name_len = (uint32_t)strlen(names[k]);
	cr.flags = NPIPE_CREATE_DUPLEX;
	if (k != 1) {
		cr.flags |= NPIPE_CREATE_MESSAGE_TYPE;
		if (chance(&t->rng, 75))
			cr.flags |= NPIPE_MODE_MESSAGE_READ;
	}
	if (chance(&t->rng, 20))
		cr.flags |= NPIPE_MODE_NOWAIT;
	cr.max_instances = k == 2 ? 3 : NPIPE_UNLIMITED_INSTANCES;
	cr.out_quota = quotas[rnd(&t->rng, 5)];
	cr.in_quota = quotas[rnd(&t->rng, 5)];
	cr.default_timeout = 20 * MSEC;
	fd = ioctl(t->ctl, NPIPE_IOC_CREATE, &cr);
	if (fd < 0) {
		if (errno == EBUSY && k == 2) {
			stat_add(S_BUSY, 1);
			nap_ms(2);
			return;
		}
		violation("CREATE %s: %s", names[k], strerror(errno));
	}
	stat_add(S_CREATES, 1);
	conn_init(&c, t, fd, 1, "server");
	x_info(fd, &info);
	if (info.max_instances != (k == 2 ? 3U : NPIPE_UNLIMITED_INSTANCES) ||
	    info.cur_instances < 1 || info.out_quota != cr.out_quota ||
	    info.in_quota != cr.in_quota)
		violation("server GET_INFO: max %u cur %u quotas %u/%u", info.max_instances,
			  info.cur_instances, info.out_quota, info.in_quota);
	reuse = 1 + (int)rnd(&t->rng, 4);
	for (i = 0; i < reuse && !stopping(); i++) {
		r = do_connect(t, &c);
		if (r)
			break;
		conn_init(&c, t, fd, 1, "server");
		r = serve(t, &c);
		if (r == E_STOP)
			break;
		if (chance(&t->rng, 30))
			break;	/* close with whatever state */
		if (ioctl(fd, NPIPE_IOC_DISCONNECT))
			violation("DISCONNECT: %s", strerror(errno));
		stat_add(S_DISC, 1);
		x_info(fd, &info);
		if (info.state != NPIPE_STATE_DISCONNECTED)
			violation("state %u after DISCONNECT", info.state);
	}
	close(fd);
}

/* ---- worker process ------------------------------------------------------------------- */

struct wthread {
	pthread_t th;
	struct ctx t;
};

static void on_sigusr1(int sig)
{
	(void)sig;
}

static void *thread_main(void *arg)
{
	struct ctx *t = arg;

	cur = t;
	atomic_store(&t->hb->tid, (int)syscall(SYS_gettid));
	t->wbuf = malloc(MAXFRAME);
	t->rbuf = malloc(2 * MAXFRAME);
	t->pbuf = malloc(4 * HDR);
	if (!t->wbuf || !t->rbuf || !t->pbuf)
		violation("out of memory");
	while (!stopping()) {
		if (t->idx % 2 == 0) {
			server_session(t);
		} else {
			uint32_t r = rnd(&t->rng, 100);

			if (r < 8)
				anon_session(t);
			else if (r < 14)
				mailslot_session(t);
			else
				client_pipe_session(t);
		}
	}
	atomic_store(&t->hb->tid, 0);
	return NULL;
}

/* Kicks threads blocked for KICK_NS (100 ms when stopping) with SIGUSR1. */
static void interrupter(struct wslot *ws, int n, uint64_t rng)
{
	struct timespec ts = { 0, 10 * 1000000L };
	int i;

	for (;;) {
		/* -i: a signal at a random moment, to a thread in a call */
		if (opt_sig_ms && !stopping() && (int)rnd(&rng, opt_sig_ms) < 10) {
			struct hb *h = &ws->hb[rnd(&rng, n * HB_PER_T)];
			int tid = atomic_load(&h->tid), op = atomic_load(&h->op);

			if (tid > 0 && op != OP_NONE && op != OP_SLEEP && op != OP_JOIN) {
				syscall(SYS_tgkill, getpid(), tid, SIGUSR1);
				atomic_fetch_add(&ws->stat[S_SIGNALS], 1);
			}
		}
		uint64_t now = now_ns(), limit = stopping() ? 100 * MSEC : KICK_NS;
		int live = 0;

		for (i = 0; i < n * HB_PER_T; i++) {
			struct hb *h = &ws->hb[i];
			int tid = atomic_load(&h->tid);

			if (!tid)
				continue;
			live++;
			uint64_t since = atomic_load(&h->since);

			if (atomic_load(&h->op) == OP_NONE || since > now ||
			    now - since < limit ||
			    now - atomic_load(&h->kicked) < limit / 2)
				continue;
			atomic_store(&h->kicked, now);
			syscall(SYS_tgkill, getpid(), tid, SIGUSR1);
		}
		if (!live && stopping())
			return;
		nanosleep(&ts, NULL);
	}
}

static void worker(int slot, int gen)
{
	struct wslot *ws = &sh->w[slot];
	struct wthread *th = calloc(opt_threads, sizeof(*th));
	struct sigaction sa;
	int i, ctl;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;	/* no SA_RESTART: blocked calls see EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	ctl = open(NPIPE_DEVICE, O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		fprintf(stderr, "npstress: worker: open %s: %s\n", NPIPE_DEVICE,
			strerror(errno));
		_exit(3);
	}
	for (i = 0; i < MAXT * HB_PER_T; i++) {
		atomic_store(&ws->hb[i].tid, 0);
		atomic_store(&ws->hb[i].op, OP_NONE);
	}
	atomic_store(&ws->nthreads, opt_threads);
	for (i = 0; i < opt_threads; i++) {
		struct ctx *t = &th[i].t;

		t->slot = slot;
		t->gen = gen;
		t->idx = i;
		t->rng = opt_seed ^ ((uint64_t)slot << 48) ^ ((uint64_t)gen << 24) ^ i;
		splitmix(&t->rng);
		t->ws = ws;
		t->hb = &ws->hb[i * HB_PER_T];
		t->ctl = ctl;
		snprintf(t->who, sizeof(t->who), "worker %d gen %d thread %d (%s)",
			 slot, gen, i, i % 2 ? "client" : "server");
		atomic_store(&t->hb->tid, -1);	/* starting */
		if (pthread_create(&th[i].th, NULL, thread_main, t)) {
			fprintf(stderr, "npstress: pthread_create failed\n");
			_exit(3);
		}
	}
	interrupter(ws, opt_threads, opt_seed ^ ((uint64_t)slot << 40) ^ gen);
	for (i = 0; i < opt_threads; i++)
		pthread_join(th[i].th, NULL);
	_exit(0);
}

/* ---- the supervisor ---------------------------------------------------------------- */

static pid_t start_worker(int slot)
{
	int gen = atomic_fetch_add(&sh->w[slot].gen, 1) + 1;
	pid_t pid = fork();

	if (pid < 0) {
		perror("npstress: fork");
		exit(3);
	}
	if (!pid)
		worker(slot, gen);
	atomic_store(&sh->w[slot].pid, pid);
	return pid;
}

static void print_file(const char *path, const char *indent)
{
	char buf[8192], *line, *save;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		printf("%s(%s: %s)\n", indent, path, strerror(errno));
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		printf("%s%s\n", indent, line);
}

static void dump_process(pid_t pid)
{
	char path[512];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d) {
		printf("  pid %d: gone\n", (int)pid);
		return;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		printf("  task %s of pid %d:\n", de->d_name, (int)pid);
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", (int)pid, de->d_name);
		print_file(path, "    stat: ");
		snprintf(path, sizeof(path), "/proc/%d/task/%s/wchan", (int)pid, de->d_name);
		print_file(path, "    wchan: ");
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stack", (int)pid, de->d_name);
		print_file(path, "    ");
	}
	closedir(d);
}

static void dump_kernel_log(void)
{
	int n = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf, *p;
	int lines = 0;

	if (n <= 0)
		return;
	buf = malloc(n + 1);
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, n);
	if (n <= 0)
		return;
	buf[n] = 0;
	for (p = buf + n; p > buf && lines < 150; p--)
		if (p[-1] == '\n')
			lines++;
	printf("npstress: kernel log (last %d lines):\n%s\n", lines, p);
	free(buf);
}

static void hang_report(const char *why, int slot)
{
	int s, i, fd;

	printf("npstress: HANG (seed %" PRIu64 "): %s\n", opt_seed, why);
	for (s = 0; s < opt_procs; s++) {
		struct wslot *ws = &sh->w[s];
		uint64_t now = now_ns();

		if (slot >= 0 && s != slot)
			continue;
		printf(" worker %d (pid %d, gen %d):\n", s, atomic_load(&ws->pid),
		       atomic_load(&ws->gen));
		for (i = 0; i < opt_threads * HB_PER_T; i++) {
			struct hb *h = &ws->hb[i];
			int op = atomic_load(&h->op);

			if (!atomic_load(&h->tid))
				continue;
			uint64_t since = atomic_load(&h->since);

			printf("  thread %d%s tid %d: %s%s for %.1f s\n", i / HB_PER_T,
			       i % HB_PER_T ? " (helper)" : "", atomic_load(&h->tid),
			       op ? "in " : "", op_names[op < NOPS ? op : 0],
			       op && since < now ? (now - since) / 1e9 : 0.0);
		}
		dump_process(atomic_load(&ws->pid));
	}
	fflush(stdout);
	fd = open("/proc/sysrq-trigger", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "w", 1) != 1)
			printf("npstress: sysrq-w failed\n");
		close(fd);
		sleep(1);
		dump_kernel_log();
	}
	fflush(stdout);
}

static void kill_all(void)
{
	int s;

	for (s = 0; s < opt_procs; s++) {
		pid_t pid = atomic_load(&sh->w[s].pid);

		if (pid > 0)
			kill(pid, SIGKILL);
	}
	while (wait(NULL) > 0)
		;
}

static uint64_t stat_total(int st)
{
	uint64_t v = 0;
	int s;

	for (s = 0; s < opt_procs; s++)
		v += atomic_load(&sh->w[s].stat[st]);
	return v;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: npstress [-d SECONDS] [-s SEED] [-p PROCS] [-t THREADS] [-k KILL_MS] [-i SIG_MS] [-v]\n"
		"  -d  duration (default 30)\n"
		"  -s  seed (default: from the clock; printed)\n"
		"  -p  worker processes, 1..%d (default 4)\n"
		"  -t  threads per worker, 2..%d (default 6; even: servers, odd: clients)\n"
		"  -k  mean ms between SIGKILLs of a random worker (default 1500; 0: none)\n"
		"  -i  mean ms between SIGUSR1s to a random thread in a call, per worker\n"
		"      (default 20; 0: none): EINTR paths, restarts, TRANSACT resumption\n"
		"  -v  progress every 5 s (-vv: every session)\n", MAXP, MAXT);
	exit(3);
}

int main(int argc, char **argv)
{
	uint64_t start, end, next_kill, last_progress_at, last_progress = 0;
	uint64_t sup_rng, kills = 0, last_report;
	int opt, s, i, done, status, ctl, rc = 0, stopping_since = 0;
	pid_t pid, killed[MAXP] = { 0 };
	uint64_t stop_at = 0;

	opt_seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 16);
	while ((opt = getopt(argc, argv, "d:s:p:t:k:i:vh")) != -1) {
		switch (opt) {
		case 'i': opt_sig_ms = atoi(optarg); break;
		case 'd': opt_duration = atof(optarg); break;
		case 's': opt_seed = strtoull(optarg, NULL, 0); break;
		case 'p': opt_procs = atoi(optarg); break;
		case 't': opt_threads = atoi(optarg); break;
		case 'k': opt_kill_ms = atoi(optarg); break;
		case 'v': opt_verbose++; break;
		default: usage();
		}
	}
	if (optind != argc || opt_procs < 1 || opt_procs > MAXP || opt_threads < 2 ||
	    opt_threads > MAXT || opt_duration <= 0 || opt_kill_ms < 0 || opt_sig_ms < 0)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("npstress: seed %" PRIu64 " duration %.0f s, %d processes x %d threads, kill every ~%d ms, signal every ~%d ms\n",
	       opt_seed, opt_duration, opt_procs, opt_threads, opt_kill_ms, opt_sig_ms);
	ctl = open(NPIPE_DEVICE, O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		fprintf(stderr, "npstress: open %s: %s\n", NPIPE_DEVICE, strerror(errno));
		return 3;
	}
	for (i = 0; i < NNAMES; i++)
		snprintf(names[i], sizeof(names[i]), "npstress-%d-%d", (int)getpid(), i);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		  -1, 0);
	if (sh == MAP_FAILED) {
		perror("npstress: mmap");
		return 3;
	}
	signal(SIGPIPE, SIG_IGN);
	sup_rng = opt_seed ^ 0xabcdef;
	for (s = 0; s < opt_procs; s++)
		start_worker(s);

	start = now_ns();
	end = start + (uint64_t)(opt_duration * NSEC);
	next_kill = start + (opt_kill_ms ? (rnd(&sup_rng, 2 * opt_kill_ms) + 1) * MSEC : ~0ULL / 2);
	last_progress_at = start;
	last_report = start;
	for (;;) {
		uint64_t now, prog;

		usleep(20000);
		now = now_ns();
		prog = atomic_load(&sh->progress);
		if (atomic_load(&sh->violation)) {
			for (i = 0; i < 100 && !atomic_load(&sh->vready); i++)
				usleep(1000);
			printf("npstress: FAIL: %s\n", sh->vmsg);
			kill_all();
			return 1;
		}
		/* reap */
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (s = 0; s < opt_procs; s++)
				if (atomic_load(&sh->w[s].pid) == pid)
					break;
			if (s == opt_procs)
				continue;
			atomic_store(&sh->w[s].pid, 0);
			if ((killed[s] == pid && WIFSIGNALED(status) &&
			     WTERMSIG(status) == SIGKILL) ||
			    (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_CUT)) {
				killed[s] = 0;
				if (!stop_at)
					start_worker(s);
				continue;
			}
			if (atomic_load(&sh->violation))
				break;
			if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
				printf("npstress: FAIL (seed %" PRIu64 "): worker %d (pid %d) %s %d\n",
				       opt_seed, s, (int)pid,
				       WIFSIGNALED(status) ? "killed by signal" : "exited with",
				       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
				kill_all();
				return 1;
			}
			if (!stop_at) {
				printf("npstress: FAIL: worker %d exited before the end\n", s);
				kill_all();
				return 1;
			}
		}
		if (atomic_load(&sh->violation))
			continue;
		/* kills */
		if (!stop_at && now >= next_kill) {
			s = (int)rnd(&sup_rng, opt_procs);
			pid = atomic_load(&sh->w[s].pid);
			if (pid > 0 && !killed[s]) {
				killed[s] = pid;
				note_killed(pid);
				kill(pid, SIGKILL);
				kills++;
			}
			next_kill = now + (rnd(&sup_rng, 2 * opt_kill_ms) + 1) * MSEC;
		}
		/* watchdog */
		if (prog != last_progress) {
			last_progress = prog;
			last_progress_at = now;
		} else if (!stop_at && now - last_progress_at > HANG_NS) {
			hang_report("no message verified anywhere for 30 s", -1);
			kill_all();
			return 2;
		}
		now = now_ns();
		for (s = 0; s < opt_procs; s++) {
			struct wslot *ws = &sh->w[s];

			if (atomic_load(&ws->pid) <= 0 || killed[s])
				continue;
			for (i = 0; i < opt_threads * HB_PER_T; i++) {
				struct hb *h = &ws->hb[i];
				int op = atomic_load(&h->op);
				char why[256];

				uint64_t since = atomic_load(&h->since);

				if (atomic_load(&h->tid) <= 0 || op == OP_NONE || op == OP_JOIN)
					continue;
				if (since > now || now - since < HANG_NS)
					continue;
				snprintf(why, sizeof(why),
					 "worker %d thread %d%s stuck in %s for %.0f s despite SIGUSR1",
					 s, i / HB_PER_T, i % HB_PER_T ? " (helper)" : "",
					 op_names[op < NOPS ? op : 0],
					 (now - since) / 1e9);
				hang_report(why, s);
				kill_all();
				return 2;
			}
		}
		if (opt_verbose && now - last_report > 5 * NSEC) {
			last_report = now;
			printf("npstress: %.0f s: %" PRIu64 " messages, %" PRIu64 " connections, %" PRIu64 " kills\n",
			       (now - start) / 1e9, stat_total(S_MSGS), stat_total(S_CONNS),
			       kills);
		}
		/* the end */
		if (!stop_at && now >= end) {
			stop_at = now;
			atomic_store(&sh->stop, 1);
			stopping_since = 1;
		}
		if (stop_at) {
			done = 1;
			for (s = 0; s < opt_procs; s++)
				if (atomic_load(&sh->w[s].pid) > 0)
					done = 0;
			if (done)
				break;
			if (now - stop_at > 20 * NSEC) {
				hang_report("workers did not finish within 20 s of the stop", -1);
				kill_all();
				return 2;
			}
		}
	}
	(void)stopping_since;
	end = now_ns();

	/* Everything is closed: no name may remain. */
	for (i = 0; i < NNAMES; i++) {
		struct npipe_wait w = { .name = (uintptr_t)names[i],
					.name_len = (uint32_t)strlen(names[i]),
					.timeout = 0 };

		if (ioctl(ctl, NPIPE_IOC_WAIT, &w) == 0 || errno != ENOENT) {
			printf("npstress: FAIL (seed %" PRIu64 "): pipe %s still exists after every process exited (WAIT: %s)\n",
			       opt_seed, names[i], strerror(errno));
			rc = 1;
		}
	}
	for (s = 0; s < opt_procs; s++) {
		for (i = 1; i < opt_threads; i += 2) {
			char name[96];
			struct npipe_open o;
			int fd;

			snprintf(name, sizeof(name), "%s-ms-%d-%d", names[0], s, i);
			memset(&o, 0, sizeof(o));
			o.name = (uintptr_t)name;
			o.name_len = (uint32_t)strlen(name);
			o.flags = NPIPE_OPEN_WRITE;
			fd = ioctl(ctl, NPIPE_IOC_MAILSLOT_OPEN, &o);
			if (fd >= 0 || errno != ENOENT) {
				printf("npstress: FAIL (seed %" PRIu64 "): mailslot %s still exists after every process exited (%s)\n",
				       opt_seed, name, fd >= 0 ? "opened" : strerror(errno));
				rc = 1;
			}
			if (fd >= 0)
				close(fd);
		}
	}
	{
		double secs = (end - start) / 1e9;
		uint64_t msgs = stat_total(S_MSGS), bytes = stat_total(S_BYTES);

		printf("npstress: %s seed %" PRIu64 " %.1f s: %" PRIu64 " messages, %" PRIu64
		       " bytes, %" PRIu64 " connections (%" PRIu64 " clean, %" PRIu64
		       " aborted), %" PRIu64 " kills; %.0f msg/s, %.2f MB/s\n",
		       rc ? "FAIL" : "PASS", opt_seed, secs, msgs, bytes, stat_total(S_CONNS),
		       stat_total(S_CLEAN), stat_total(S_ABORTED), kills, msgs / secs,
		       bytes / secs / 1e6);
		printf("npstress: details:");
		for (i = 0; i < NSTATS; i++)
			printf(" %s=%" PRIu64, stat_names[i], stat_total(i));
		printf("\n");
	}
	return rc;
}
