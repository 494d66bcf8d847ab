// SPDX-License-Identifier: GPL-2.0-only
/*
 * npbench: request/reply round trips through npipe and its Linux peers,
 * measured in the same run: AF_UNIX SOCK_SEQPACKET, a pair of pipes, POSIX
 * message queues, and npipe with read/write, with its READ/WRITE ioctls and
 * with TRANSACT (one system call per request/reply on the client side).
 *
 * Both processes are pinned to one CPU: wake-ups across CPUs under qemu's
 * TCG are tick-quantised and would measure the emulator, not the kernel.
 * Each transport runs several rounds, interleaved; the median is reported,
 * with its ratio to SEQPACKET.  Only ratios mean anything under emulation.
 *
 * usage: npbench [ROUNDTRIPS] [SIZE]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/npipe.h>

#define ROUNDS 5
#define MAXSIZE 65536

struct chan {
	int rfd, wfd;			/* this side's ends */
	mqd_t rq, wq;			/* POSIX mq */
};

struct transport {
	const char *name;
	int (*setup)(struct chan *cli, struct chan *srv);
	void (*client)(struct chan *c, char *buf, size_t size);
	void (*server)(struct chan *c, char *buf, size_t size);
};

static int ctl = -1;
static unsigned long iters = 20000;
static size_t size = 64;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void xwrite(int fd, const void *buf, size_t len)
{
	if (write(fd, buf, len) != (ssize_t)len)
		die("write");
}

static void xread(int fd, void *buf, size_t len)
{
	if (read(fd, buf, len) != (ssize_t)len)
		die("read");
}

/* ---- plain fds: seqpacket, pipes, npipe read/write ---- */

static void fd_client(struct chan *c, char *buf, size_t n)
{
	xwrite(c->wfd, buf, n);
	xread(c->rfd, buf, n);
}

static void fd_server(struct chan *c, char *buf, size_t n)
{
	xread(c->rfd, buf, n);
	xwrite(c->wfd, buf, n);
}

static int seqpacket_setup(struct chan *cli, struct chan *srv)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		return -1;
	cli->rfd = cli->wfd = sv[0];
	srv->rfd = srv->wfd = sv[1];
	return 0;
}

static int pipe_setup(struct chan *cli, struct chan *srv)
{
	int a[2], b[2];

	if (pipe(a) || pipe(b))
		return -1;
	fcntl(a[1], F_SETPIPE_SZ, MAXSIZE * 2);
	fcntl(b[1], F_SETPIPE_SZ, MAXSIZE * 2);
	cli->wfd = a[1];
	srv->rfd = a[0];
	srv->wfd = b[1];
	cli->rfd = b[0];
	return 0;
}

/* ---- POSIX message queues ---- */

static int mq_setup(struct chan *cli, struct chan *srv)
{
	/* Small: RLIMIT_MSGQUEUE charges maxmsg * msgsize up front. */
	struct mq_attr attr = { .mq_maxmsg = 2, .mq_msgsize = size };
	char a[32], b[32];

	snprintf(a, sizeof(a), "/npbench-a-%d", getpid());
	snprintf(b, sizeof(b), "/npbench-b-%d", getpid());
	cli->wq = srv->rq = mq_open(a, O_CREAT | O_RDWR, 0600, &attr);
	if (cli->wq == (mqd_t)-1)
		return -1;
	mq_unlink(a);
	srv->wq = cli->rq = mq_open(b, O_CREAT | O_RDWR, 0600, &attr);
	if (cli->rq == (mqd_t)-1)
		return -1;
	mq_unlink(b);
	return 0;
}

static void mq_client(struct chan *c, char *buf, size_t n)
{
	if (mq_send(c->wq, buf, n, 0) ||
	    mq_receive(c->rq, buf, MAXSIZE, NULL) != (ssize_t)n)
		die("mq");
}

static void mq_server(struct chan *c, char *buf, size_t n)
{
	if (mq_receive(c->rq, buf, MAXSIZE, NULL) != (ssize_t)n ||
	    mq_send(c->wq, buf, n, 0))
		die("mq");
}

/* ---- npipe ---- */

static int npipe_setup(struct chan *cli, struct chan *srv)
{
	char name[32];
	struct npipe_create c = {
		.name = (unsigned long)name,
		.flags = NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE |
			 NPIPE_MODE_MESSAGE_READ,
		.max_instances = 1,
		.out_quota = MAXSIZE * 2,
		.in_quota = MAXSIZE * 2,
	};
	struct npipe_open o = {
		.name = (unsigned long)name,
		.flags = NPIPE_OPEN_READ | NPIPE_OPEN_WRITE,
	};
	__u32 mode = NPIPE_MODE_MESSAGE_READ;
	int s, cl;

	if (ctl < 0)
		ctl = open(NPIPE_DEVICE, O_RDWR | O_CLOEXEC);
	snprintf(name, sizeof(name), "npbench-%d", getpid());
	c.name_len = o.name_len = strlen(name);
	s = ioctl(ctl, NPIPE_IOC_CREATE, &c);
	cl = s < 0 ? -1 : ioctl(ctl, NPIPE_IOC_OPEN, &o);
	if (cl < 0 || ioctl(cl, NPIPE_IOC_SET_MODE, &mode))
		return -1;
	cli->rfd = cli->wfd = cl;
	srv->rfd = srv->wfd = s;
	return 0;
}

static void npipe_io(int fd, unsigned long cmd, char *buf, size_t n)
{
	struct npipe_io io = { .buf = (unsigned long)buf, .len = n };

	if (ioctl(fd, cmd, &io) || io.bytes != n)
		die("npipe ioctl");
}

static void ioctl_client(struct chan *c, char *buf, size_t n)
{
	npipe_io(c->wfd, NPIPE_IOC_WRITE, buf, n);
	npipe_io(c->rfd, NPIPE_IOC_READ, buf, n);
}

static void ioctl_server(struct chan *c, char *buf, size_t n)
{
	npipe_io(c->rfd, NPIPE_IOC_READ, buf, n);
	npipe_io(c->wfd, NPIPE_IOC_WRITE, buf, n);
}

static void transact_client(struct chan *c, char *buf, size_t n)
{
	struct npipe_transact t = {
		.wbuf = (unsigned long)buf, .wlen = n,
		.rbuf = (unsigned long)buf, .rlen = n,
	};

	if (ioctl(c->wfd, NPIPE_IOC_TRANSACT, &t) || t.bytes != n)
		die("transact");
}

static const struct transport transports[] = {
	{ "AF_UNIX SOCK_SEQPACKET", seqpacket_setup, fd_client, fd_server },
	{ "pipe pair", pipe_setup, fd_client, fd_server },
	{ "POSIX mq", mq_setup, mq_client, mq_server },
	{ "npipe read/write", npipe_setup, fd_client, fd_server },
	{ "npipe READ/WRITE ioctl", npipe_setup, ioctl_client, ioctl_server },
	{ "npipe TRANSACT", npipe_setup, transact_client, fd_server },
};
#define NR_TRANSPORTS (sizeof(transports) / sizeof(transports[0]))

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* One timed batch of round trips.  Return: ns per round trip. */
static double run(const struct transport *t)
{
	struct chan cli = { -1, -1, -1, -1 }, srv = { -1, -1, -1, -1 };
	static char buf[MAXSIZE];
	unsigned long i;
	double start, ns;
	pid_t pid;
	int st;

	if (t->setup(&cli, &srv))
		die(t->name);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		for (i = 0; i < iters + 100; i++)
			t->server(&srv, buf, size);
		_exit(0);
	}
	for (i = 0; i < 100; i++)		/* warm up */
		t->client(&cli, buf, size);
	start = now_ns();
	for (i = 0; i < iters; i++)
		t->client(&cli, buf, size);
	ns = (now_ns() - start) / iters;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		die("server");
	close(cli.rfd);
	if (cli.wfd != cli.rfd)
		close(cli.wfd);
	close(srv.rfd);
	if (srv.wfd != srv.rfd)
		close(srv.wfd);
	if (cli.rq != (mqd_t)-1) {
		mq_close(cli.rq);
		mq_close(cli.wq);
	}
	return ns;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	double res[NR_TRANSPORTS][ROUNDS], med[NR_TRANSPORTS];
	cpu_set_t one;
	unsigned int i, r;

	if (argc > 1)
		iters = strtoul(argv[1], NULL, 0);
	if (argc > 2)
		size = strtoul(argv[2], NULL, 0);
	if (!iters || !size || size > MAXSIZE) {
		fprintf(stderr, "usage: npbench [ROUNDTRIPS] [SIZE<=%d]\n",
			MAXSIZE);
		return 2;
	}
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		die("sched_setaffinity");

	for (r = 0; r < ROUNDS; r++)
		for (i = 0; i < NR_TRANSPORTS; i++)
			res[i][r] = run(&transports[i]);

	printf("%lu round trips of %zu bytes, both sides on CPU 0, median of %d rounds\n",
	       iters, size, ROUNDS);
	printf("%-24s %12s %12s\n", "transport", "ns/roundtrip", "vs SEQPACKET");
	for (i = 0; i < NR_TRANSPORTS; i++) {
		qsort(res[i], ROUNDS, sizeof(double), cmp_double);
		med[i] = res[i][ROUNDS / 2];
		printf("%-24s %12.0f %12.2f\n", transports[i].name, med[i],
		       med[i] / med[0]);
	}
	return 0;
}
