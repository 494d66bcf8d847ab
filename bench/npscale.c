// SPDX-License-Identifier: GPL-2.0-only
/*
 * npscale: do create, open and wait cost the same with few names and with
 * many?  Creates N pipes (one listening instance each), then times
 * operations on random ones of them: a connection cycle (open and close a
 * client, disconnect and re-arm the server), waiting for a listening
 * instance, and creating and closing a new name; and, as a baseline that
 * involves no name, GET_INFO on a random instance.
 *
 * usage: npscale N [N...]     (root: raises RLIMIT_NOFILE to fit N fds)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <linux/npipe.h>

#define OPS 2000

static int ctl;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void name_of(char *buf, const char *set, unsigned long i)
{
	sprintf(buf, "npscale-%s-%lu", set, i);
}

static int create(const char *name)
{
	struct npipe_create c = {
		.name = (unsigned long)name, .name_len = strlen(name),
		.flags = NPIPE_CREATE_DUPLEX | NPIPE_MODE_NOWAIT,
		.max_instances = 1,
	};

	return ioctl(ctl, NPIPE_IOC_CREATE, &c);
}

static int open_client(const char *name)
{
	struct npipe_open o = {
		.name = (unsigned long)name, .name_len = strlen(name),
	};

	return ioctl(ctl, NPIPE_IOC_OPEN, &o);
}

static int wait_pipe(const char *name)
{
	struct npipe_wait w = {
		.name = (unsigned long)name, .name_len = strlen(name),
		.timeout = NPIPE_TIMEOUT_INFINITE,
	};

	return ioctl(ctl, NPIPE_IOC_WAIT, &w);
}

static void run(unsigned long n, const char *set)
{
	char name[64];
	double t0, t_open, t_wait, t_create, t_info;
	struct npipe_info info;
	unsigned long i;
	int *fds = calloc(n, sizeof(int)), fd;

	for (i = 0; i < n; i++) {
		name_of(name, set, i);
		fds[i] = create(name);
		if (fds[i] < 0) {
			perror("create");
			exit(1);
		}
	}
	t0 = now_ns();
	for (i = 0; i < OPS; i++) {
		unsigned long k = random() % n;

		name_of(name, set, k);
		fd = open_client(name);
		if (fd < 0) {
			perror("open");
			exit(1);
		}
		close(fd);
		/* NOWAIT server: CONNECT re-arms it and returns at once. */
		ioctl(fds[k], NPIPE_IOC_DISCONNECT);
		ioctl(fds[k], NPIPE_IOC_CONNECT);
	}
	t_open = (now_ns() - t0) / OPS;
	t0 = now_ns();
	for (i = 0; i < OPS; i++) {
		name_of(name, set, random() % n);
		if (wait_pipe(name)) {
			perror("wait");
			exit(1);
		}
	}
	t_wait = (now_ns() - t0) / OPS;
	t0 = now_ns();
	for (i = 0; i < OPS; i++) {
		name_of(name, "new", i);
		fd = create(name);
		if (fd < 0) {
			perror("create new");
			exit(1);
		}
		close(fd);
	}
	t_create = (now_ns() - t0) / OPS;
	/* No name involved: what touching random objects costs by itself. */
	t0 = now_ns();
	for (i = 0; i < OPS; i++)
		ioctl(fds[random() % n], NPIPE_IOC_GET_INFO, &info);
	t_info = (now_ns() - t0) / OPS;
	printf("%8lu pipes: connection cycle %8.0f ns, wait %8.0f ns, create+close %8.0f ns, get_info (no name) %6.0f ns\n",
	       n, t_open, t_wait, t_create, t_info);
	for (i = 0; i < n; i++)
		close(fds[i]);
	free(fds);
}

int main(int argc, char **argv)
{
	struct rlimit rl = { 1 << 20, 1 << 20 };
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: npscale N [N...]\n");
		return 2;
	}
	setrlimit(RLIMIT_NOFILE, &rl);
	ctl = open(NPIPE_DEVICE, O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		perror(NPIPE_DEVICE);
		return 1;
	}
	for (i = 1; i < argc; i++)
		run(strtoul(argv[i], NULL, 0), argv[i]);
	return 0;
}
