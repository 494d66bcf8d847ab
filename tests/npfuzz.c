// SPDX-License-Identifier: GPL-2.0
/*
 * npfuzz: a randomized ioctl and syscall fuzzer for npipe's file
 * descriptors.
 *
 *	npfuzz [-n CALLS] [-s SEED] [-t TICK_MS] [-f PERCENT] [-R] [-v]
 *
 * The parent keeps a table of fd slots (control fds, server and client
 * ends, anonymous pipe ends, mailslot readers and writers, and foreign fds:
 * /dev/null, a pipe, an eventfd, an AF_UNIX socket pair, an epoll fd) and
 * makes CALLS random calls on them:
 *  - every NPIPE_IOC_* on every kind of fd (the wrong kind included), with
 *    the direction or size bits mutated, other numbers of type 'N' and
 *    random numbers;
 *  - argument structs with random fields, huge and negative lengths,
 *    non-zero padding and unknown flags, names with NUL, '\', 0x80-0xff
 *    bytes or case variants, and pointers that are NULL, 1, kernel
 *    addresses, non-canonical, unmapped (munmap'ed), PROT_NONE, read-only
 *    (so copy_to_user fails after the side effect), or run off the end of
 *    a mapping into a hole;
 *  - read, write, readv, writev, poll, epoll, splice, sendfile, mmap,
 *    lseek, fcntl, FIONBIO on them;
 *  - close, dup, dup2, dup3, F_DUPFD, SCM_RIGHTS passing (and fds left in
 *    flight in a closed socket), fork (a child makes random calls on the
 *    inherited fds, sometimes as another user), fork + exec of /bin/true
 *    with inherited fds;
 *  - unless -R: a racer thread makes calls on the same fd numbers while the
 *    parent closes and reuses them.
 * Nothing may block for long: a periodic timer signal per thread (SIGALRM
 * every TICK_MS, default 5; handler without SA_RESTART) makes a blocked
 * call return EINTR.
 * The fd table stays bounded (slots; children are few and short-lived).
 * Every 1000 calls the process's open fds are counted against the table,
 * and after every failed call that could make an fd, the lowest free fd
 * must still be free: an fd the kernel installed without reporting it (or
 * lost) is a bug (exit status 1, the fds are listed).
 *
 * The parent's sequence of calls depends on the seed only (fd slots, not fd
 * numbers, are chosen), so a seed replays it; -R and no forks make the run
 * fully single-threaded.  -v prints every call.  A watchdog thread reports
 * a call that has not returned for 30 s (its kernel stack and sysrq-w) and
 * exits with status 2.  Kernel reports (BUG, KASAN, lockdep...) are left to
 * the caller, e.g. scripts/vm-run, which scans the kernel log.
 * With -f PERCENT (a kernel with CONFIG_FAILSLAB and debugfs, as root),
 * failslab fails that share of the slab allocations of npfuzz's threads and
 * children (task-filter, make-it-fail), so error paths run in random
 * states too.
 * Exit status 0 with the number of calls made, 1 on an fd leak, 2 on a hang.
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
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/ucontext.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <linux/npipe.h>

#define NSLOTS		64
#define NNAMES		8
#define MAXCHILD	4
#define HANG_SEC	30
#define BIG		(1 << 20)	/* the big buffer */
#define PAGE		4096

enum kind {
	K_NONE, K_CTL, K_SRV, K_CLI, K_ANON_R, K_ANON_W, K_MS_R, K_MS_W,
	K_NULL, K_PIPE, K_EVENTFD, K_SOCK, K_EPOLL, K_DUP, NKINDS
};
static const char *const kind_names[] = {
	"none", "ctl", "server", "client", "anon-read", "anon-write",
	"mailslot-reader", "mailslot-writer", "/dev/null", "pipe", "eventfd",
	"socket", "epoll", "dup",
};

struct slot {
	int fd;
	enum kind kind;
};

static struct slot slots[NSLOTS];
static _Atomic int slot_fd[NSLOTS];	/* what the racer sees */
static char names[NNAMES][64];
static uint64_t opt_seed, opt_calls = 1000000;
static int opt_verbose, opt_no_racer, opt_tick_ms = 5, opt_fail_pct;
static int fail_fd = -1;		/* the main thread's make-it-fail */
static unsigned char *big;		/* BIG bytes, read-write */
static unsigned char *ro_page;		/* read-only page */
static unsigned char *none_page;	/* PROT_NONE page */
static unsigned char *hole;		/* munmap'ed pages */
static unsigned char *edge;		/* a RW page followed by a hole */
static int nchildren;
static __thread unsigned char *scratch;	/* this thread's argument page */
static __thread int is_racer;
/*
 * Each thread builds its arguments in a scratch mapping of its own (two
 * pages: the struct, then names), never in big, where the kernel writes
 * what the other thread's reads return.
 */
static unsigned char *scratch_main, *scratch_racer;
#define PTR_SPAN	BIG
static _Atomic uint64_t ncalls;
static _Atomic uint64_t call_started;	/* ns; 0 when not in a call */
static _Atomic int cur_call;
static pthread_t main_thread;
static pid_t main_pid;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint64_t *s, uint32_t n)
{
	return n ? (uint32_t)(splitmix(s) % n) : 0;
}

static int chance(uint64_t *s, int per_mille)
{
	return (int)rnd(s, 1000) < per_mille;
}

/* ---- values --------------------------------------------------------------------- */

static uint32_t pick32(uint64_t *s)
{
	static const uint32_t v[] = {
		0, 1, 2, 3, 7, 8, 64, 255, 256, 257, 424, 425, 480, 481, 511, 512,
		4095, 4096, 4097, 65535, 65536, (1 << 20) - 1, 1 << 20,
		(1 << 20) + 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
	};

	if (chance(s, 700))
		return v[rnd(s, sizeof(v) / sizeof(v[0]))];
	return (uint32_t)splitmix(s);
}

static uint64_t pick_timeout(uint64_t *s)
{
	switch (rnd(s, 8)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return ~0ULL;
	case 3: return now_ns() + rnd(s, 30) * 1000000ULL;
	case 4: return now_ns() - 1000000000ULL;
	case 5: return 1ULL << 63;
	case 6: return rnd(s, 50) * 1000000ULL;
	default: return splitmix(s);
	}
}

/* A pointer for the kernel to use: mostly good, often bad. */
static uint64_t pick_ptr(uint64_t *s, uint32_t len)
{
	uint32_t off;

	switch (rnd(s, 20)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return 0xffffffff81000000ULL;		/* kernel text */
	case 3: return 0xffff888000000000ULL;		/* direct map */
	case 4: return 0x8000000000000000ULL;		/* non-canonical */
	case 5: return ~0ULL - rnd(s, 64);
	case 6: return (uintptr_t)hole + rnd(s, PAGE);
	case 7: return (uintptr_t)none_page + rnd(s, PAGE);
	case 8:					/* runs into the hole */
		return (uintptr_t)edge + PAGE - (len ? 1 + rnd(s, len < PAGE ? len : PAGE) : 0);
	case 9: return (uintptr_t)ro_page + rnd(s, 64);	/* read-only */
	case 10: return 0x00007ffffffff000ULL;		/* top of user space */
	default:
		off = len < PTR_SPAN ? rnd(s, PTR_SPAN - len) : 0;
		if (chance(s, 500))
			off &= ~7U;
		return (uintptr_t)big + off;
	}
}

/* A name: one of the pool (maybe case-changed), or garbage. */
static void pick_name(uint64_t *s, __u64 *ptr, __u32 *len)
{
	unsigned char *p = scratch + PAGE;	/* a page for names */
	uint32_t n, i;
	int k = (int)rnd(s, NNAMES);

	switch (rnd(s, 12)) {
	case 0:					/* garbage bytes */
		n = rnd(s, 300);
		for (i = 0; i < n; i++)
			p[i] = (unsigned char)splitmix(s);
		break;
	case 1:					/* upper case variant */
		n = (uint32_t)strlen(names[k]);
		for (i = 0; i < n; i++)
			p[i] = (names[k][i] >= 'a' && names[k][i] <= 'z') ?
			       names[k][i] - 32 : names[k][i];
		break;
	case 2:					/* the longest */
		n = NPIPE_NAME_MAX + rnd(s, 2);
		memset(p, 'a' + k, n);
		break;
	case 3: {				/* a name running into a hole */
		uint32_t o = rnd(s, 3);

		n = (uint32_t)strlen(names[k]);
		memcpy(edge + PAGE - n + o, names[k], n - o);
		*ptr = (uintptr_t)edge + PAGE - n + o;
		*len = chance(s, 300) ? pick32(s) : n;
		return;
	}
	default:
		n = (uint32_t)strlen(names[k]);
		memcpy(p, names[k], n);
		if (chance(s, 50))
			p[rnd(s, n)] = chance(s, 500) ? 0 : '\\';
		break;
	}
	*ptr = chance(s, 900) ? (uintptr_t)p : pick_ptr(s, n);
	*len = chance(s, 900) ? n : pick32(s);
}

/* ---- the fd table -------------------------------------------------------------------- */

static void slot_set(int i, int fd, enum kind k)
{
	slots[i].fd = fd;
	slots[i].kind = fd >= 0 ? k : K_NONE;
	atomic_store(&slot_fd[i], fd);
}

static void slot_close(int i)
{
	if (slots[i].fd >= 0)
		close(slots[i].fd);
	slot_set(i, -1, K_NONE);
}

/* A slot of the wanted kinds if one is there (often), else any slot. */
static int pick_slot(uint64_t *s, unsigned int kinds)
{
	int i, start = (int)rnd(s, NSLOTS);

	if (chance(s, 800)) {
		for (i = 0; i < NSLOTS; i++) {
			int j = (start + i) % NSLOTS;

			if (slots[j].fd >= 0 && (kinds & (1U << slots[j].kind)))
				return j;
		}
	}
	return start;
}

#define KM(k)		(1U << (k))
#define K_NPIPE		(KM(K_SRV) | KM(K_CLI) | KM(K_ANON_R) | KM(K_ANON_W) | KM(K_DUP))
#define K_MSLOT		(KM(K_MS_R) | KM(K_MS_W) | KM(K_DUP))
#define K_ANY		0xffffffffU

static int sfd(int i)
{
	return slots[i].fd;
}

/* ---- calls ------------------------------------------------------------------------------- */

static void verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void verbose(const char *fmt, ...)
{
	va_list ap;

	if (!opt_verbose)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "%" PRIu64 ": ", atomic_load(&ncalls));
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* Results of the parent's calls: successes and each errno. */
static uint64_t n_ok, n_err[134];

#define CALL(id, expr) ({ \
	long __r; \
	atomic_store(&cur_call, (id)); \
	atomic_store(&call_started, now_ns()); \
	__r = (long)(expr); \
	atomic_store(&call_started, 0); \
	atomic_fetch_add(&ncalls, 1); \
	if (!is_racer) { \
		if (__r >= 0) \
			n_ok++; \
		else if (errno > 0 && errno < 134) \
			n_err[errno]++; \
	} \
	__r; \
})

static const unsigned int real_cmds[] = {
	NPIPE_IOC_CREATE, NPIPE_IOC_OPEN, NPIPE_IOC_WAIT, NPIPE_IOC_CONNECT,
	NPIPE_IOC_DISCONNECT, NPIPE_IOC_READ, NPIPE_IOC_WRITE, NPIPE_IOC_PEEK,
	NPIPE_IOC_TRANSACT, NPIPE_IOC_FLUSH, NPIPE_IOC_GET_INFO,
	NPIPE_IOC_SET_MODE, NPIPE_IOC_CREATE_ANON, NPIPE_IOC_MAILSLOT_CREATE,
	NPIPE_IOC_MAILSLOT_OPEN, NPIPE_IOC_MAILSLOT_GET_INFO,
	NPIPE_IOC_MAILSLOT_SET_TIMEOUT,
};
#define NCMDS (sizeof(real_cmds) / sizeof(real_cmds[0]))

static int is_ctl_cmd(unsigned int cmd)
{
	return cmd == NPIPE_IOC_CREATE || cmd == NPIPE_IOC_OPEN ||
	       cmd == NPIPE_IOC_CREATE_ANON || cmd == NPIPE_IOC_MAILSLOT_CREATE ||
	       cmd == NPIPE_IOC_MAILSLOT_OPEN;
}

/* A command number: real, mutated, of type 'N', or random. */
static unsigned int pick_cmd(uint64_t *s)
{
	unsigned int cmd = real_cmds[rnd(s, NCMDS)];

	switch (rnd(s, 10)) {
	case 0:			/* direction bits */
		cmd ^= (rnd(s, 3) + 1) << _IOC_DIRSHIFT;
		break;
	case 1:			/* size field */
		cmd = (cmd & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT)) |
		      (rnd(s, _IOC_SIZEMASK + 1) << _IOC_SIZESHIFT);
		break;
	case 2:			/* another number of type 'N' */
		cmd = _IOC(rnd(s, 4), 'N', rnd(s, 256), rnd(s, 64));
		break;
	case 3:
		if (chance(s, 300)) {
			cmd = (unsigned int)splitmix(s);
			/* not FIFREEZE/FITHAW: the fuzzer tests npipe */
			if (cmd == 0xc0045877 || cmd == 0xc0045878)
				cmd = 0;
		}
		break;
	default:
		break;
	}
	return cmd;
}

/*
 * The read-only page holds a plausible argument for each command, written
 * once before it is made read-only: the kernel reads it, acts, and fails
 * to write its results back.  (Its protection never changes at run time:
 * under -f an mprotect that should split it from a merged neighbour can
 * fail, leaving it writable.)
 */
#define RO_NAME	"npfuzz-readonly"

static uint32_t ro_image(unsigned int cmd)
{
	switch (cmd) {
	case NPIPE_IOC_CREATE_ANON:	return 0;
	case NPIPE_IOC_CREATE:		return 64;
	case NPIPE_IOC_READ:
	case NPIPE_IOC_WRITE:		return 128;
	case NPIPE_IOC_WAIT:		return 192;
	case NPIPE_IOC_PEEK:		return 256;
	case NPIPE_IOC_TRANSACT:	return 320;
	case NPIPE_IOC_OPEN:
	case NPIPE_IOC_MAILSLOT_OPEN:	return 384;
	case NPIPE_IOC_MAILSLOT_CREATE:	return 448;
	default:			return 1024;	/* zeros */
	}
}

static void ro_setup(void)
{
	unsigned char *p = ro_page;
	uint64_t name = (uintptr_t)p + 2048;
	uint32_t len = (uint32_t)strlen(RO_NAME);

	memcpy(p + 2048, RO_NAME, len);
	*(struct npipe_anon *)(p + 0) = (struct npipe_anon){ .size = 100 };
	*(struct npipe_create *)(p + 64) = (struct npipe_create){
		.name = name, .name_len = len, .max_instances = 4,
		.flags = NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE |
			 NPIPE_MODE_NOWAIT };
	*(struct npipe_io *)(p + 128) = (struct npipe_io){
		.buf = (uintptr_t)big, .len = 100 };
	*(struct npipe_wait *)(p + 192) = (struct npipe_wait){
		.name = name, .name_len = len, .flags = NPIPE_WAIT_DEFAULT };
	*(struct npipe_peek *)(p + 256) = (struct npipe_peek){
		.buf = (uintptr_t)big, .len = 100 };
	*(struct npipe_transact *)(p + 320) = (struct npipe_transact){
		.wbuf = (uintptr_t)big, .wlen = 10, .rbuf = (uintptr_t)big + 4096,
		.rlen = 100 };
	*(struct npipe_open *)(p + 384) = (struct npipe_open){
		.name = name, .name_len = len,
		.flags = NPIPE_OPEN_READ | NPIPE_OPEN_WRITE | NPIPE_MODE_NOWAIT };
	*(struct npipe_mailslot_create *)(p + 448) = (struct npipe_mailslot_create){
		.name = name, .name_len = len };
}

/* Fill @buf (in big) with an argument for @cmd; returns the pointer to pass. */
static uint64_t make_arg(uint64_t *s, unsigned int cmd, int *slots_out, int nout)
{
	unsigned char *a = scratch;	/* argument scratch */
	uint32_t size = _IOC_SIZE(cmd);
	uint64_t ptr;

	(void)slots_out;
	(void)nout;
	memset(a, 0, 256);
	if (chance(s, 100)) {
		uint32_t i;

		for (i = 0; i < 256; i++)
			a[i] = (unsigned char)splitmix(s);
	} else if (cmd == NPIPE_IOC_CREATE) {
		struct npipe_create *c = (void *)a;

		pick_name(s, &c->name, &c->name_len);
		c->default_timeout = chance(s, 500) ? 0 : pick_timeout(s);
		c->flags = (rnd(s, 3) + 1) << 8;		/* direction */
		if (chance(s, 600))
			c->flags |= NPIPE_CREATE_MESSAGE_TYPE;
		if (chance(s, 400))
			c->flags |= NPIPE_MODE_MESSAGE_READ;
		if (chance(s, 700))
			c->flags |= NPIPE_MODE_NOWAIT;
		if (chance(s, 100))
			c->flags |= NPIPE_CREATE_FIRST_INSTANCE;
		if (chance(s, 50))
			c->flags |= 1U << rnd(s, 32);
		c->max_instances = chance(s, 800) ? 1 + rnd(s, 4) + 251 * chance(s, 300) :
						    pick32(s);
		c->out_quota = pick32(s);
		c->in_quota = pick32(s);
		c->mode = chance(s, 900) ? (uint32_t[]){ 0, 0600, 0666, 0777, 0444, 0222 }[rnd(s, 6)] :
					   pick32(s);
	} else if (cmd == NPIPE_IOC_OPEN || cmd == NPIPE_IOC_MAILSLOT_OPEN) {
		struct npipe_open *o = (void *)a;

		pick_name(s, &o->name, &o->name_len);
		o->flags = rnd(s, 4) << 8;
		if (chance(s, 700))
			o->flags |= NPIPE_MODE_NOWAIT;
		if (cmd == NPIPE_IOC_MAILSLOT_OPEN && chance(s, 200))
			o->flags |= NPIPE_OPEN_BROADCAST;
		if (chance(s, 50))
			o->flags = pick32(s);
	} else if (cmd == NPIPE_IOC_WAIT) {
		struct npipe_wait *w = (void *)a;

		pick_name(s, &w->name, &w->name_len);
		w->timeout = pick_timeout(s);
		w->flags = chance(s, 300) ? NPIPE_WAIT_DEFAULT : 0;
		if (chance(s, 50))
			w->flags = pick32(s);
	} else if (cmd == NPIPE_IOC_READ || cmd == NPIPE_IOC_WRITE) {
		struct npipe_io *io = (void *)a;

		io->len = chance(s, 800) ? rnd(s, chance(s, 900) ? 600 : 70000) : pick32(s);
		if (io->len > 65536 && chance(s, 900))
			io->len = 65536;
		io->buf = pick_ptr(s, io->len);
		io->flags = chance(s, 950) ? 0 : pick32(s);
		io->bytes = (uint32_t)splitmix(s);
		io->remaining = (uint32_t)splitmix(s);
	} else if (cmd == NPIPE_IOC_PEEK) {
		struct npipe_peek *p = (void *)a;

		p->len = chance(s, 800) ? rnd(s, 2000) : pick32(s);
		p->buf = chance(s, 100) ? 0 : pick_ptr(s, p->len);
		p->pad = chance(s, 950) ? 0 : pick32(s);
		p->bytes = p->avail = p->msg_left = p->nr_msgs = (uint32_t)splitmix(s);
	} else if (cmd == NPIPE_IOC_TRANSACT) {
		struct npipe_transact *t = (void *)a;

		t->wlen = chance(s, 800) ? rnd(s, 1000) : pick32(s);
		t->rlen = chance(s, 800) ? rnd(s, 2000) : pick32(s);
		t->wbuf = pick_ptr(s, t->wlen);
		t->rbuf = pick_ptr(s, t->rlen);
		t->flags = chance(s, 800) ? 0 : chance(s, 500) ? NPIPE_TRANSACT_SENT :
								 pick32(s);
		t->pad = chance(s, 950) ? 0 : pick32(s);
	} else if (cmd == NPIPE_IOC_SET_MODE) {
		*(uint32_t *)a = chance(s, 900) ? rnd(s, 4) : pick32(s);
	} else if (cmd == NPIPE_IOC_CREATE_ANON) {
		struct npipe_anon *an = (void *)a;

		an->size = pick32(s);
		if (an->size > 65536 && chance(s, 800))
			an->size = rnd(s, 65536);
		an->flags = chance(s, 900) ? (chance(s, 600) ? NPIPE_MODE_NOWAIT : 0) :
					     pick32(s);
		an->read_fd = (int32_t)splitmix(s);
		an->write_fd = (int32_t)splitmix(s);
	} else if (cmd == NPIPE_IOC_MAILSLOT_CREATE) {
		struct npipe_mailslot_create *m = (void *)a;

		pick_name(s, &m->name, &m->name_len);
		m->read_timeout = chance(s, 300) ? NPIPE_MAILSLOT_WAIT_FOREVER :
						   pick_timeout(s);
		m->max_msg_size = chance(s, 500) ? 0 : pick32(s);
		m->mode = chance(s, 900) ? 0 : pick32(s);
		m->pad = chance(s, 950) ? 0 : pick32(s);
	} else if (cmd == NPIPE_IOC_MAILSLOT_SET_TIMEOUT) {
		*(uint64_t *)a = chance(s, 300) ? NPIPE_MAILSLOT_WAIT_FOREVER :
						  pick_timeout(s);
	} else {
		/* GET_INFO, MAILSLOT_GET_INFO, others: garbage out-buffer */
		memset(a, 0xa5, 256);
	}

	/* Where the struct lives. */
	switch (rnd(s, 16)) {
	case 0:
		if (cmd == NPIPE_IOC_CREATE_ANON && !is_racer) {
			/* its fds are read back: not where the racer writes */
			ptr = (uintptr_t)a;
			break;
		}
		ptr = pick_ptr(s, size ? size : 8);
		break;
	case 1:				/* read-only: copy_to_user fails */
		ptr = (uintptr_t)ro_page + ro_image(cmd);
		break;
	case 2:				/* straddles the end of a mapping */
		size = size ? size : 8;
		if (size > 256)
			size = 256;
		/*
		 * Always across the end (never wholly inside, where the
		 * racer's writes to the edge page could change a result
		 * before it is read back).
		 */
		ptr = (uintptr_t)edge + PAGE - 1 - rnd(s, size > 1 ? size - 1 : 1);
		memcpy((void *)(uintptr_t)ptr, a, (uintptr_t)edge + PAGE - ptr);
		break;
	default:
		ptr = (uintptr_t)a;
		break;
	}
	return ptr;
}

static const char *errname(long r)
{
	return r < 0 ? strerror(errno) : "ok";
}

/* After an ioctl that may have made fds: file them in slots. */
static void take_new_fds(unsigned int cmd, long r, uint64_t arg, int slot1, int slot2)
{
	if (r <= 0 && cmd != NPIPE_IOC_CREATE_ANON)
		return;
	if (cmd == NPIPE_IOC_CREATE || cmd == NPIPE_IOC_OPEN ||
	    cmd == NPIPE_IOC_MAILSLOT_CREATE || cmd == NPIPE_IOC_MAILSLOT_OPEN) {
		enum kind k = cmd == NPIPE_IOC_CREATE ? K_SRV :
			      cmd == NPIPE_IOC_OPEN ? K_CLI :
			      cmd == NPIPE_IOC_MAILSLOT_CREATE ? K_MS_R : K_MS_W;

		slot_set(slot1, (int)r, k);
	} else if (cmd == NPIPE_IOC_CREATE_ANON && r == 0) {
		struct npipe_anon an;

		memcpy(&an, (void *)(uintptr_t)arg, sizeof(an));
		slot_set(slot1, an.read_fd, K_ANON_R);
		slot_set(slot2, an.write_fd, K_ANON_W);
	} else if (r > 0) {
		fprintf(stderr, "npfuzz: ioctl %#x returned %ld: an fd? filed in slot %d\n",
			cmd, r, slot1);
		slot_set(slot1, (int)r, K_DUP);
	}
}

/* An ioctl on the fd of slot @i; for control commands the new fds go to
 * slots chosen before the call (their old fds closed first). */
static void do_ioctl(uint64_t *s, int i, unsigned int cmd)
{
	int s1 = (int)rnd(s, NSLOTS), s2 = (int)rnd(s, NSLOTS), low, e;
	uint64_t arg;
	long r;

	if (s2 == s1)
		s2 = (s1 + 1) % NSLOTS;
	if (is_ctl_cmd(cmd) && s1 != i && s2 != i) {
		slot_close(s1);
		if (cmd == NPIPE_IOC_CREATE_ANON)
			slot_close(s2);
	} else if (is_ctl_cmd(cmd)) {
		/* never overwrite the slot of the fd being used */
		s1 = (i + 1) % NSLOTS;
		s2 = (i + 2) % NSLOTS;
		slot_close(s1);
		slot_close(s2);
	}
	arg = make_arg(s, cmd, NULL, 0);
	/* the lowest free fd: a call that makes an fd puts it there */
	low = is_ctl_cmd(cmd) ? dup(0) : -1;
	if (low >= 0)
		close(low);
	r = CALL(1, ioctl(sfd(i), cmd, (void *)(uintptr_t)arg));
	e = errno;
	verbose("ioctl(slot %d fd %d %s, %#x, %#" PRIx64 ") = %ld %s\n", i, sfd(i),
		kind_names[slots[i].kind], cmd, arg, r, errname(r));
	if (low >= 0 && cmd == NPIPE_IOC_CREATE_ANON && r == 0 &&
	    ((int *)(uintptr_t)arg)[2] != low) {
		printf("npfuzz: FAIL (seed %" PRIu64 "): CREATE_ANON reported read_fd %d, the lowest free fd was %d\n",
		       opt_seed, ((int *)(uintptr_t)arg)[2], low);
		exit(1);
	}
	if (low >= 0 && r < 0 && fcntl(low, F_GETFD) != -1) {
		char path[64], target[256];
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", low);
		n = readlink(path, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = 0;
		printf("npfuzz: FAIL (seed %" PRIu64 "): ioctl %#x on a %s fd failed with %s, yet fd %d (%s) appeared\n",
		       opt_seed, cmd, kind_names[slots[i].kind], strerror(e), low, target);
		exit(1);
	}
	if (is_ctl_cmd(cmd))
		take_new_fds(cmd, r, arg, s1, s2);
	else if (r > 0)
		take_new_fds(cmd, r, arg, s1, s2);
}

static uint32_t pick_len(uint64_t *s)
{
	switch (rnd(s, 10)) {
	case 0: return 0;
	case 1: return pick32(s);
	case 2: return 4096 + rnd(s, 70000);
	default: return rnd(s, 600);
	}
}

static void do_rw(uint64_t *s, int i)
{
	uint32_t len = pick_len(s);
	uint64_t ptr;
	long r;
	int wr = (int)rnd(s, 2);

	if (len > 1 << 17 && chance(s, 950))
		len = rnd(s, 1 << 17);
	ptr = pick_ptr(s, len);
	if (wr)
		r = CALL(2, write(sfd(i), (void *)(uintptr_t)ptr, len));
	else
		r = CALL(3, read(sfd(i), (void *)(uintptr_t)ptr, len));
	verbose("%s(slot %d fd %d %s, %#" PRIx64 ", %u) = %ld %s\n",
		wr ? "write" : "read", i, sfd(i), kind_names[slots[i].kind], ptr,
		len, r, errname(r));
}

static void do_rwv(uint64_t *s, int i)
{
	struct iovec iov[8];
	int n = 1 + (int)rnd(s, 8), k, wr = (int)rnd(s, 2);
	long r;

	for (k = 0; k < n; k++) {
		iov[k].iov_len = chance(s, 900) ? rnd(s, 300) : pick32(s);
		iov[k].iov_base = (void *)(uintptr_t)pick_ptr(s, (uint32_t)iov[k].iov_len);
	}
	if (wr)
		r = CALL(4, writev(sfd(i), iov, n));
	else
		r = CALL(5, readv(sfd(i), iov, n));
	verbose("%s(slot %d fd %d, %d iovecs) = %ld %s\n", wr ? "writev" : "readv",
		i, sfd(i), n, r, errname(r));
}

static void do_poll(uint64_t *s)
{
	struct pollfd p[4];
	int n = 1 + (int)rnd(s, 4), k;
	long r;

	for (k = 0; k < n; k++) {
		p[k].fd = sfd(pick_slot(s, K_ANY));
		p[k].events = (short)(chance(s, 800) ? POLLIN | POLLOUT | POLLPRI :
					      splitmix(s));
		p[k].revents = 0;
	}
	r = CALL(6, poll(p, n, (int)rnd(s, 3)));
	verbose("poll(%d fds) = %ld %s\n", n, r, errname(r));
}

static void do_epoll(uint64_t *s)
{
	int e = pick_slot(s, KM(K_EPOLL)), t = pick_slot(s, K_ANY);
	struct epoll_event ev = { .events = (uint32_t)(chance(s, 800) ?
				  EPOLLIN | EPOLLOUT | EPOLLET * rnd(s, 2) : splitmix(s)) };
	struct epoll_event out[8];
	int op = 1 + (int)rnd(s, 3);
	long r;

	if (chance(s, 600)) {
		r = CALL(7, epoll_ctl(sfd(e), op, sfd(t), &ev));
		verbose("epoll_ctl(slot %d, %d, slot %d) = %ld %s\n", e, op, t, r,
			errname(r));
	} else {
		r = CALL(8, epoll_wait(sfd(e), out, 8, (int)rnd(s, 2)));
		verbose("epoll_wait(slot %d) = %ld %s\n", e, r, errname(r));
	}
}

/* dup, dup2, dup3, F_DUPFD into a new slot (fds stay below ~250). */
static void do_dup(uint64_t *s)
{
	int i = pick_slot(s, K_ANY), d = (int)rnd(s, NSLOTS), target;
	enum kind k = slots[i].kind;
	long r;

	if (d == i)
		return;
	slot_close(d);
	switch (rnd(s, 4)) {
	case 0:
		r = CALL(9, dup(sfd(i)));
		break;
	case 1:
		target = 200 + (int)rnd(s, 50);
		for (int j = 0; j < NSLOTS; j++)
			if (slots[j].fd == target)
				slot_close(j);
		r = CALL(10, dup2(sfd(i), target));
		break;
	case 2:
		target = 200 + (int)rnd(s, 50);
		for (int j = 0; j < NSLOTS; j++)
			if (slots[j].fd == target)
				slot_close(j);
		r = CALL(11, dup3(sfd(i), target, chance(s, 500) ? O_CLOEXEC : 0));
		break;
	default:
		r = CALL(12, fcntl(sfd(i), chance(s, 500) ? F_DUPFD : F_DUPFD_CLOEXEC,
				   (int)rnd(s, 100)));
		break;
	}
	verbose("dup of slot %d fd %d into slot %d = %ld %s\n", i, sfd(i), d, r,
		errname(r));
	if (r >= 0) {
		if (r >= 256) {
			close((int)r);
			return;
		}
		slot_set(d, (int)r, k == K_NONE ? K_DUP : k);
	}
}

static void do_fcntl(uint64_t *s)
{
	int i = pick_slot(s, K_ANY), on = (int)rnd(s, 2);
	long r;

	switch (rnd(s, 4)) {
	case 0:
		r = CALL(13, fcntl(sfd(i), F_SETFL, on ? O_NONBLOCK : 0));
		break;
	case 1:
		r = CALL(14, ioctl(sfd(i), FIONBIO, &on));
		break;
	case 2:
		r = CALL(15, fcntl(sfd(i), F_SETFD, on ? FD_CLOEXEC : 0));
		break;
	default:
		r = CALL(16, fcntl(sfd(i), F_GETFL));
		break;
	}
	verbose("fcntl/FIONBIO slot %d = %ld %s\n", i, r, errname(r));
}

static void do_misc(uint64_t *s)
{
	int i = pick_slot(s, K_ANY), j = pick_slot(s, K_ANY);
	struct stat st;
	off_t off = 0;
	void *m;
	long r;

	switch (rnd(s, 6)) {
	case 0:
		r = CALL(17, splice(sfd(i), NULL, sfd(j), NULL, rnd(s, 70000),
				    SPLICE_F_NONBLOCK));
		break;
	case 1:
		r = CALL(18, sendfile(sfd(i), sfd(j), chance(s, 500) ? &off : NULL,
				      rnd(s, 70000)));
		break;
	case 2:
		m = (void *)CALL(19, (long)mmap(NULL, PAGE, PROT_READ, MAP_SHARED, sfd(i), 0));
		r = m == MAP_FAILED ? -1 : 0;
		if (m != MAP_FAILED)
			munmap(m, PAGE);
		break;
	case 3:
		r = CALL(20, lseek(sfd(i), (off_t)splitmix(s), (int)rnd(s, 5)));
		break;
	case 4:
		r = CALL(21, fstat(sfd(i), &st));
		break;
	default:
		r = CALL(22, pread(sfd(i), big, rnd(s, 100), (off_t)rnd(s, 100)));
		break;
	}
	verbose("misc on slots %d/%d = %ld %s\n", i, j, r, errname(r));
}

/* Pass an fd through a socket to ourselves (or leave it in flight). */
static void do_scm(uint64_t *s)
{
	int so = pick_slot(s, KM(K_SOCK)), i = pick_slot(s, K_ANY), d;
	char cbuf[CMSG_SPACE(4 * sizeof(int))];
	struct msghdr mh;
	struct iovec iov = { .iov_base = big, .iov_len = 1 };
	struct cmsghdr *cm;
	long r;
	int fds[4], n, k;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (chance(s, 500)) {
		int fd = sfd(i);

		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
		r = CALL(23, sendmsg(sfd(so), &mh, MSG_DONTWAIT));
		verbose("sendmsg(slot %d, fd of slot %d) = %ld %s\n", so, i, r, errname(r));
		return;
	}
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	r = CALL(24, recvmsg(sfd(so), &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC));
	verbose("recvmsg(slot %d) = %ld %s\n", so, r, errname(r));
	if (r < 0)
		return;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		memcpy(fds, CMSG_DATA(cm), n * sizeof(int));
		for (k = 0; k < n; k++) {
			d = (int)rnd(s, NSLOTS);
			if (d == so) {
				close(fds[k]);
				continue;
			}
			slot_close(d);
			slot_set(d, fds[k], K_DUP);
		}
	}
}

/* Open a new object of some kind into a slot. */
static void do_open(uint64_t *s)
{
	int d = (int)rnd(s, NSLOTS), fds[2], d2;
	long r;

	slot_close(d);
	switch (rnd(s, 8)) {
	case 0: case 1: case 2:
		r = CALL(25, open(NPIPE_DEVICE, O_RDWR | (chance(s, 500) ? O_CLOEXEC : 0)));
		if (r >= 0)
			slot_set(d, (int)r, K_CTL);
		break;
	case 3:
		r = CALL(26, open("/dev/null", O_RDWR | O_CLOEXEC));
		if (r >= 0)
			slot_set(d, (int)r, K_NULL);
		break;
	case 4:
		d2 = (d + 1) % NSLOTS;
		slot_close(d2);
		r = CALL(27, pipe2(fds, O_CLOEXEC | O_NONBLOCK));
		if (r >= 0) {
			slot_set(d, fds[0], K_PIPE);
			slot_set(d2, fds[1], K_PIPE);
		}
		break;
	case 5:
		r = CALL(28, eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
		if (r >= 0)
			slot_set(d, (int)r, K_EVENTFD);
		break;
	case 6:
		d2 = (d + 1) % NSLOTS;
		slot_close(d2);
		r = CALL(29, socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, fds));
		if (r >= 0) {
			slot_set(d, fds[0], K_SOCK);
			slot_set(d2, fds[1], K_SOCK);
		}
		break;
	default:
		r = CALL(30, epoll_create1(EPOLL_CLOEXEC));
		if (r >= 0)
			slot_set(d, (int)r, K_EPOLL);
		break;
	}
	verbose("open into slot %d = %ld %s\n", d, r, errname(r));
}

/* ---- children ------------------------------------------------------------------------- */

static void on_alarm(int sig)
{
	(void)sig;
}

/* A periodic SIGALRM every opt_tick_ms for the calling thread; 0 or -1. */
static int thread_ticker(void)
{
	struct sigevent sev;
	struct itimerspec its = {
		.it_interval = { 0, opt_tick_ms * 1000000L },
		.it_value = { 0, opt_tick_ms * 1000000L },
	};
	timer_t t;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGALRM;
	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, &t) || timer_settime(t, 0, &its, NULL))
		return -1;
	return 0;
}

enum { M_PARENT, M_RACER, M_CHILD };
static void one_call(uint64_t *s, int mode);

static void child_main(uint64_t seed, int as_nobody)
{
	uint64_t s = seed, end = now_ns() + (50 + rnd(&s, 150)) * 1000000ULL;
	int n = 10 + (int)rnd(&s, 200), k;

	/* without its ticker a child could block: it just ends (-f makes
	 * timer_create fail at times) */
	if (thread_ticker())
		_exit(0);
	if (as_nobody && (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)))
		_exit(0);
	for (k = 0; k < n && now_ns() < end; k++)
		one_call(&s, M_CHILD);
	_exit(0);
}

/* Reap children; @block: all of them (the ticker's EINTR notwithstanding). */
static void reap(int block)
{
	int status;
	pid_t r;

	while (nchildren > 0) {
		r = waitpid(-1, &status, block ? 0 : WNOHANG);
		if (r > 0)
			nchildren--;
		else if (!(r < 0 && errno == EINTR && block))
			break;
	}
}

static void do_fork(uint64_t *s)
{
	uint64_t seed = splitmix(s);
	int as_nobody = chance(s, 200), exec = chance(s, 300), k;
	pid_t pid;

	reap(0);
	if (nchildren >= MAXCHILD)
		reap(1);
	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		if (exec) {
			uint64_t cs = seed;
			char *argv[] = { "true", NULL };

			int null = open("/dev/null", O_WRONLY);

			for (k = 0; k < NSLOTS; k++)
				if (slots[k].fd >= 0 && chance(&cs, 300))
					fcntl(slots[k].fd, F_SETFD, 0);
			/* quiet: under -f, the loader may fail */
			if (null >= 0) {
				dup2(null, 1);
				dup2(null, 2);
			}
			execve("/bin/true", argv, (char *[]){ NULL });
			_exit(0);
		}
		child_main(seed, as_nobody);
	}
	nchildren++;
	verbose("fork%s: pid %d\n", exec ? "+exec" : "", (int)pid);
}

/* ---- one call ----------------------------------------------------------------------------- */

/*
 * @mode: M_RACER (a thread of the parent) makes only calls that create no
 * fd, so that the parent's table stays exact; M_CHILD forks no more.
 */
static void one_call(uint64_t *s, int mode)
{
	int racer = mode == M_RACER;
	uint32_t r = rnd(s, 1000);
	unsigned int cmd;
	int i;

	if (r < 420) {				/* an ioctl */
		cmd = pick_cmd(s);
		if (is_ctl_cmd(cmd))
			i = pick_slot(s, chance(s, 900) ? KM(K_CTL) : K_ANY);
		else if (_IOC_NR(cmd) >= 0xD9 && _IOC_NR(cmd) <= 0xDC)
			i = pick_slot(s, K_MSLOT);
		else
			i = pick_slot(s, K_NPIPE);
		if (racer && is_ctl_cmd(cmd))
			cmd = NPIPE_IOC_GET_INFO;
		if (racer) {
			uint64_t arg = make_arg(s, cmd, NULL, 0);
			long ret = CALL(31, ioctl(atomic_load(&slot_fd[i]), cmd,
						  (void *)(uintptr_t)arg));

			if (ret > 0)
				close((int)ret);	/* cannot happen */
			return;
		}
		do_ioctl(s, i, cmd);
	} else if (r < 600) {
		i = pick_slot(s, K_NPIPE | K_MSLOT);
		if (racer) {
			uint32_t len = pick_len(s) & 0x1ffff;
			uint64_t p = pick_ptr(s, len);

			if (rnd(s, 2))
				CALL(32, write(atomic_load(&slot_fd[i]), (void *)(uintptr_t)p, len));
			else
				CALL(33, read(atomic_load(&slot_fd[i]), (void *)(uintptr_t)p, len));
			return;
		}
		do_rw(s, i);
	} else if (r < 640) {
		if (racer)
			return;
		do_rwv(s, pick_slot(s, K_NPIPE | K_MSLOT));
	} else if (r < 700) {
		if (racer)
			return;
		do_poll(s);
	} else if (r < 730) {
		if (racer)
			return;
		do_epoll(s);
	} else if (r < 800) {
		if (racer)
			return;
		slot_close(pick_slot(s, K_ANY));
		atomic_fetch_add(&ncalls, 1);
	} else if (r < 850) {
		if (racer)
			return;
		do_dup(s);
	} else if (r < 880) {
		if (racer)
			return;
		do_fcntl(s);
	} else if (r < 900) {
		if (racer)
			return;
		do_misc(s);
	} else if (r < 930) {
		if (racer)
			return;
		do_scm(s);
	} else if (r < 990) {
		if (racer)
			return;
		do_open(s);
	} else {
		if (mode != M_PARENT)
			return;
		do_fork(s);
	}
}

/* ---- watchdog, racer, checks ------------------------------------------------------------ */

static void print_file(const char *path)
{
	char buf[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = 0;
		printf("%s", buf);
	}
}

static void *watchdog(void *arg)
{
	uint64_t last = 0, since = now_ns();
	char path[128];
	DIR *d;
	struct dirent *de;

	(void)arg;
	for (;;) {
		uint64_t n = atomic_load(&ncalls), started = atomic_load(&call_started);

		sleep(1);
		if (n != last) {
			last = n;
			since = now_ns();
			continue;
		}
		if (now_ns() - since < HANG_SEC * 1000000000ULL)
			continue;
		printf("npfuzz: HANG (seed %" PRIu64 "): no call returned for %d s (call %" PRIu64
		       ", kind %d, started %.1f s ago)\n", opt_seed, HANG_SEC, n,
		       atomic_load(&cur_call),
		       started ? (now_ns() - started) / 1e9 : -1.0);
		d = opendir("/proc/self/task");
		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			printf("task %s:\n", de->d_name);
			snprintf(path, sizeof(path), "/proc/self/task/%.20s/stack", de->d_name);
			print_file(path);
		}
		if (d)
			closedir(d);
		{
			int fd = open("/proc/sysrq-trigger", O_WRONLY);

			if (fd >= 0 && write(fd, "w", 1) == 1)
				printf("npfuzz: sysrq-w written to the kernel log\n");
			if (fd >= 0)
				close(fd);
		}
		fflush(stdout);
		_exit(2);
	}
	return NULL;
}

/* A fault in the fuzzer itself: say where, for addr2line. */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	char buf[200];
	int n;
	unsigned long ip = 0;

#if defined(__x86_64__)
	ip = ((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
#elif defined(__i386__)
	ip = ((ucontext_t *)uc)->uc_mcontext.gregs[REG_EIP];
#endif
	n = snprintf(buf, sizeof(buf),
		     "npfuzz: BUG in npfuzz (seed %" PRIu64 ", pid %d%s): signal %d at ip %#lx, address %p, call %" PRIu64 "\n",
		     opt_seed, (int)getpid(), getpid() == main_pid ? "" : ", a child",
		     sig, ip, si->si_addr, atomic_load(&ncalls));
	if (write(2, buf, n) < 0)
		_exit(4);
	_exit(4);
}

/*
 * -f: failslab fails opt_fail_pct percent of the slab allocations of the
 * tasks marked with make-it-fail: this process's threads and children.
 */
#define FAILSLAB "/sys/kernel/debug/failslab"

static int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

static int failslab_setup(int pct)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", pct);
	if (write_str(FAILSLAB "/task-filter", "Y") ||
	    write_str(FAILSLAB "/ignore-gfp-wait", "N") ||
	    write_str(FAILSLAB "/verbose", "0") ||
	    write_str(FAILSLAB "/interval", "1") ||
	    write_str(FAILSLAB "/times", "-1") ||
	    write_str(FAILSLAB "/space", "0") ||
	    write_str(FAILSLAB "/probability", buf))
		return -1;
	return 0;
}

static void failslab_off(void)
{
	write_str(FAILSLAB "/probability", "0");
	write_str(FAILSLAB "/task-filter", "N");
}

/* Mark (1) or unmark (0) the main thread for failslab. */
static void make_it_fail(int on)
{
	if (opt_fail_pct && pwrite(fail_fd, on ? "1" : "0", 1, 0) != 1)
		perror("npfuzz: make-it-fail");
}

static void *racer_main(void *arg)
{
	uint64_t s = *(uint64_t *)arg;

	if (opt_fail_pct)
		write_str("/proc/thread-self/make-it-fail", "1");
	scratch = scratch_racer;
	is_racer = 1;
	if (thread_ticker()) {
		perror("npfuzz: racer: timer_create");
		exit(3);
	}
	for (;;)
		one_call(&s, M_RACER);
	return NULL;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;
}

/* Every open fd, with what it is and which slot holds it. */
static void dump_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	char path[300], target[256];
	ssize_t n;
	int fd, k, in;

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		fd = atoi(de->d_name);
		if (fd == dirfd(d))
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = 0;
		for (in = -1, k = 0; k < NSLOTS; k++)
			if (slots[k].fd == fd)
				in = k;
		if (in >= 0)
			printf("  fd %d: %s (slot %d: %s)\n", fd, target, in,
			       kind_names[slots[in].kind]);
		else
			printf("  fd %d: %s (in no slot)\n", fd, target);
	}
	if (d)
		closedir(d);
}

static int table_fds(void)
{
	int i, n = 0;

	for (i = 0; i < NSLOTS; i++)
		n += slots[i].fd >= 0;
	return n;
}

int main(int argc, char **argv)
{
	uint64_t s, t0, racer_seed, i;
	int opt, k, base;
	struct sigaction sa;
	pthread_t wd, racer;
	sigset_t set;

	opt_seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20);
	while ((opt = getopt(argc, argv, "n:s:t:f:Rvh")) != -1) {
		switch (opt) {
		case 'f': opt_fail_pct = atoi(optarg); break;
		case 't': opt_tick_ms = atoi(optarg); break;
		case 'n': opt_calls = strtoull(optarg, NULL, 0); break;
		case 's': opt_seed = strtoull(optarg, NULL, 0); break;
		case 'R': opt_no_racer = 1; break;
		case 'v': opt_verbose++; break;
		default:
			fprintf(stderr, "usage: npfuzz [-n CALLS] [-s SEED] [-t TICK_MS] [-f PERCENT] [-R] [-v]\n"
				"  -n  calls to make (default 1000000)\n"
				"  -s  seed (default: from the clock; printed)\n"
				"  -t  a blocked call is interrupted after at most this (default 5 ms)\n"
				"  -f  fail this percentage of the kernel's slab allocations for\n"
				"      npfuzz's threads and children (failslab, debugfs; root)\n"
				"  -R  no racer thread\n"
				"  -v  print every call of the parent\n");
			return 3;
		}
	}
	if (opt_fail_pct < 0 || opt_fail_pct > 100) {
		fprintf(stderr, "npfuzz: -f takes 0..100\n");
		return 3;
	}
	if (opt_fail_pct && failslab_setup(opt_fail_pct)) {
		fprintf(stderr, "npfuzz: -f: cannot configure %s (CONFIG_FAILSLAB, debugfs, root?)\n",
			FAILSLAB);
		return 3;
	}
	if (opt_tick_ms < 1 || opt_tick_ms > 999) {
		fprintf(stderr, "npfuzz: -t takes 1..999 ms\n");
		return 3;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("npfuzz: seed %" PRIu64 ", %" PRIu64 " calls%s\n", opt_seed, opt_calls,
	       opt_no_racer ? ", no racer" : "");
	if (access(NPIPE_DEVICE, F_OK)) {
		fprintf(stderr, "npfuzz: %s missing (module not loaded)\n", NPIPE_DEVICE);
		return 3;
	}

	/* memory: a big RW buffer, a read-only page, PROT_NONE, a hole, an edge */
	/* big is followed by a guard page: a long buffer ends in a fault */
	big = mmap(NULL, BIG + PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (big != MAP_FAILED && mprotect(big, BIG, PROT_READ | PROT_WRITE))
		big = MAP_FAILED;
	ro_page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	scratch_main = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	scratch_racer = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	none_page = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/*
	 * The edge page and the holes live far below where mmap() places
	 * things (top down from the stack), so that no later mapping (a
	 * thread stack, malloc) fills a hole the kernel is told to write to.
	 */
#if UINTPTR_MAX > 0xffffffffU
	edge = mmap((void *)0x300000000000ULL, PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	hole = mmap((void *)0x310000000000ULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (hole != MAP_FAILED)
		munmap(hole, 2 * PAGE);	/* pages that were mapped once */
#else
	/*
	 * A 32-bit address space has no room to spare: the "holes" are
	 * reserved PROT_NONE pages, which fault alike and stay ours.
	 */
	edge = mmap(NULL, 3 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (edge != MAP_FAILED && mprotect(edge, PAGE, PROT_READ | PROT_WRITE))
		edge = MAP_FAILED;
	hole = edge == MAP_FAILED ? MAP_FAILED : edge + PAGE;
#endif
	if (big == MAP_FAILED || ro_page == MAP_FAILED || none_page == MAP_FAILED ||
	    edge == MAP_FAILED || hole == MAP_FAILED || scratch_main == MAP_FAILED ||
	    scratch_racer == MAP_FAILED) {
		perror("npfuzz: mmap");
		return 3;
	}
	ro_setup();
	if (mprotect(ro_page, PAGE, PROT_READ)) {
		perror("npfuzz: mprotect");
		return 3;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: blocked calls see EINTR */
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = NULL;
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);

	scratch = scratch_main;
	s = opt_seed;
	for (k = 0; k < NNAMES; k++)
		snprintf(names[k], sizeof(names[k]), "npfuzz-%" PRIx64 "-%d",
			 opt_seed & 0xffff, k);
	for (k = 0; k < NSLOTS; k++)
		slot_set(k, -1, K_NONE);
	/* a few of each kind to start with */
	for (k = 0; k < 3; k++) {
		slot_set(k, open(NPIPE_DEVICE, O_RDWR | O_CLOEXEC), K_CTL);
		if (slots[k].fd < 0) {
			perror("npfuzz: open " NPIPE_DEVICE);
			return 3;
		}
	}
	for (k = 0; k < 40; k++)
		do_open(&s);
	if (opt_fail_pct) {
		fail_fd = open("/proc/thread-self/make-it-fail", O_WRONLY | O_CLOEXEC);
		if (fail_fd < 0) {
			perror("npfuzz: /proc/thread-self/make-it-fail");
			return 3;
		}
	}
	base = count_fds() - table_fds();	/* stdio and fail_fd */

	main_thread = pthread_self();
	main_pid = getpid();
	/* the helper threads take no SIGALRM of the parent's ticker */
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_create(&wd, NULL, watchdog, NULL);
	racer_seed = splitmix(&s);
	if (!opt_no_racer) {
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		pthread_create(&racer, NULL, racer_main, &racer_seed);
	}
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	if (thread_ticker()) {
		perror("npfuzz: timer_create");
		return 3;
	}
	if (opt_fail_pct) {
		make_it_fail(1);
		printf("npfuzz: failslab fails %d%% of this process's slab allocations\n",
		       opt_fail_pct);
	}

	t0 = now_ns();
	for (i = 1; i <= opt_calls; i++) {
		one_call(&s, M_PARENT);
		/* the racer's calls make no fds; children have their own table */
		if (i % 1000 == 0) {
			int have, want = table_fds();

			make_it_fail(0);	/* count without failures */
			have = count_fds() - base;
			make_it_fail(1);

			if (have != want) {
				printf("npfuzz: FAIL (seed %" PRIu64 "): after %" PRIu64
				       " calls the process has %d fds, the table %d: the kernel installed or dropped an fd unreported\n",
				       opt_seed, i, have, want);
				make_it_fail(0);
				dump_fds();
				return 1;
			}
		}
		if (i % 100000 == 0) {
			make_it_fail(0);
			printf("npfuzz: %" PRIu64 " calls, %.0f calls/s\n", i,
			       atomic_load(&ncalls) / ((now_ns() - t0) / 1e9));
			make_it_fail(1);
		}
	}
	{
		double secs = (now_ns() - t0) / 1e9;
		uint64_t total = atomic_load(&ncalls);

		make_it_fail(0);
		for (k = 0; k < NSLOTS; k++)
			slot_close(k);
		reap(1);
		if (opt_fail_pct)
			failslab_off();
		printf("npfuzz: results of the parent's calls: %" PRIu64 " succeeded", n_ok);
		for (k = 1; k < 134; k++)
			if (n_err[k])
				printf(", %" PRIu64 " %s", n_err[k], strerrorname_np(k));
		printf("\n");
		printf("npfuzz: done: seed %" PRIu64 ", %" PRIu64 " rounds of the parent, %" PRIu64
		       " calls in all (racer included) in %.1f s: %.0f calls/s\n",
		       opt_seed, opt_calls, total, secs, total / secs);
	}
	return 0;
}
