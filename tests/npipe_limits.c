// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: module limits (max_msg_size, per-user limits) and bad
 * arguments for every ioctl: bad pointers (EFAULT), non-zero padding and
 * unknown flags (EINVAL).
 */
#include <dirent.h>
#include <sys/mman.h>
#include "npipe_test.h"

/* Check max_msg_size = @max on fresh pipes. */
static void check_msg_limit(struct __test_metadata *_metadata, int ctl,
			    __u32 max)
{
	struct np_async wr = { .op = NP_OP_WRITE };
	char *buf, *rbuf;
	__u32 bytes, rem;
	int srv, cli;
	char name[200], bname[200];

	np_mkname(name, sizeof(name), "msglimit");
	np_mkname(bname, sizeof(bname), "msglimit-byte");
	buf = malloc(max + 1);
	rbuf = malloc(max + 1);
	ASSERT_NE(NULL, buf);
	ASSERT_NE(NULL, rbuf);
	np_fill(buf, max + 1, 77);

	ASSERT_EQ(0, np_pair(ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	EXPECT_EQ(-EMSGSIZE, np_write(cli, buf, max + 1, &bytes));
	EXPECT_EQ(-EMSGSIZE, np_syswrite(cli, buf, max + 1));
	EXPECT_EQ(-EMSGSIZE, np_write(cli, buf, ~0U, &bytes));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ));
	EXPECT_EQ(-EMSGSIZE, np_transact(cli, buf, max + 1, rbuf, 16, NULL, NULL, NULL));
	/* nothing was queued */
	check_peek(srv, 0, 0, 0);

	/* exactly the limit is fine */
	np_async_io(&wr, cli, buf, max);
	ASSERT_EQ(0, np_async_start(&wr));
	ASSERT_EQ(0, np_read(srv, rbuf, max + 1, &bytes, &rem));
	EXPECT_EQ(max, bytes);
	EXPECT_EQ(0U, rem);
	EXPECT_EQ(0, memcmp(buf, rbuf, max));
	NP_DONE(&wr);
	EXPECT_EQ(0, wr.ret);
	EXPECT_EQ(max, wr.bytes);
	close(cli);
	close(srv);

	/* a byte-type pipe has the same per-write limit */
	ASSERT_EQ(0, np_pair(ctl, bname, NPIPE_CREATE_DUPLEX, &srv, &cli));
	EXPECT_EQ(-EMSGSIZE, np_write(srv, buf, max + 1, &bytes));
	check_peek(cli, 0, 0, 0);
	close(cli);
	close(srv);
	free(buf);
	free(rbuf);
}

TEST_F(npipe, limits_max_msg_size)
{
	unsigned long long max, lowered;
	struct stat st;

	if (param_read("max_msg_size", &max))
		SKIP(return, "no %s/max_msg_size", NP_PARAM_DIR);
	EXPECT_EQ(1024ULL * 1024, max) TH_LOG("max_msg_size is not the default");
	check_msg_limit(_metadata, self->ctl, (__u32)max);

	ASSERT_EQ(0, stat(NP_PARAM_DIR "/max_msg_size", &st));
	if (!(st.st_mode & S_IWUSR)) {
		TH_LOG("max_msg_size is read-only (%o): lowered-limit part not run",
		       st.st_mode & 0777);
		return;
	}
	ASSERT_EQ(0, param_write("max_msg_size", 1000));
	ASSERT_EQ(0, param_read("max_msg_size", &lowered));
	EXPECT_EQ(1000ULL, lowered);
	check_msg_limit(_metadata, self->ctl, 1000);
	ASSERT_EQ(0, param_write("max_msg_size", max));
}

TEST_F(npipe, limits_list_parameters)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	d = opendir(NP_PARAM_DIR);
	if (!d)
		SKIP(return, "no %s", NP_PARAM_DIR);
	while ((de = readdir(d))) {
		unsigned long long v;

		if (de->d_name[0] == '.')
			continue;
		EXPECT_EQ(0, param_read(de->d_name, &v)) TH_LOG("%s", de->d_name);
		TH_LOG("parameter %s = %llu", de->d_name, v);
		n++;
	}
	closedir(d);
	EXPECT_LT(0, n);
}

/*
 * Every pointer argument of every ioctl: NULL, unmapped, kernel address,
 * and read-only memory for the structs the kernel writes back.
 */
TEST_F(npipe, limits_bad_pointers_every_ioctl)
{
	static const __u64 bad[] = { 0, NP_BAD_PTR, NP_KERNEL_PTR };
	static const unsigned long ctl_cmds[] = {
		NPIPE_IOC_CREATE, NPIPE_IOC_OPEN, NPIPE_IOC_WAIT,
	};
	static const unsigned long inst_cmds[] = {
		NPIPE_IOC_READ, NPIPE_IOC_WRITE, NPIPE_IOC_PEEK,
		NPIPE_IOC_TRANSACT, NPIPE_IOC_GET_INFO, NPIPE_IOC_SET_MODE,
	};
	struct npipe_info *rinfo;
	unsigned int i, j;
	void *ro;
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ));
	check_write(cli, "keep");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (j = 0; j < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); j++)
			EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, ctl_cmds[j], np_ptr(bad[i]))))
				TH_LOG("self->ctl cmd %#lx ptr %#llx",
				       ctl_cmds[j],
				       (unsigned long long)bad[i]);
		for (j = 0; j < sizeof(inst_cmds) / sizeof(inst_cmds[0]); j++)
			EXPECT_EQ(-EFAULT, np_err(ioctl(srv, inst_cmds[j], np_ptr(bad[i]))))
				TH_LOG("inst cmd %#lx ptr %#llx", inst_cmds[j],
				       (unsigned long long)bad[i]);
	}

	/* read-only struct for the ioctls that write results back */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	rinfo = ro;
	ASSERT_EQ(0, mprotect(ro, 4096, PROT_READ));
	EXPECT_EQ(-EFAULT, np_err(ioctl(srv, NPIPE_IOC_GET_INFO, rinfo)));
	munmap(ro, 4096);

	/* the read buffer itself read-only: EFAULT, nothing consumed */
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	EXPECT_EQ(-EFAULT, np_read(srv, ro, 16, NULL, NULL));
	EXPECT_EQ(-EFAULT, np_peek(srv, ro, 16, NULL));
	munmap(ro, 4096);

	/* nothing changed */
	check_peek(srv, 4, 4, 1);
	check_peek(cli, 0, 0, 0);
	check_read(srv, 8, "keep", 0);
	check_state(srv, NPIPE_STATE_CONNECTED);
	close(cli);
	close(srv);
}

TEST_F(npipe, limits_padding_and_flags_every_ioctl)
{
	struct npipe_peek pk;
	struct npipe_transact tr;
	struct npipe_io io;
	struct npipe_open o;
	struct npipe_wait w;
	char buf[8];
	int srv, cli, i;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NP_DUPLEX_MSG, &srv, &cli));
	ASSERT_EQ(0, np_set_mode(cli, NPIPE_MODE_MESSAGE_READ));

	for (i = 0; i < 32; i++) {
		__u32 bit = 1U << i;

		/* CREATE: tested bit by bit in npipe_create */
		/* OPEN */
		memset(&o, 0, sizeof(o));
		o.name = (uintptr_t)name;
		o.name_len = (__u32)strlen(name);
		o.flags = NP_RW | bit;
		if (!(bit & (NP_RW | NPIPE_MODE_NOWAIT)))
			EXPECT_EQ(-EINVAL, np_open_raw(self->ctl, &o)) TH_LOG("open bit %d", i);
		/* WAIT */
		memset(&w, 0, sizeof(w));
		w.name = (uintptr_t)name;
		w.name_len = (__u32)strlen(name);
		w.timeout = 0;
		w.flags = bit;
		if (bit != NPIPE_WAIT_DEFAULT)
			EXPECT_EQ(-EINVAL, np_err(ioctl(self->ctl, NPIPE_IOC_WAIT, &w)))
				TH_LOG("wait bit %d", i);
		/* READ / WRITE */
		memset(&io, 0, sizeof(io));
		io.buf = (uintptr_t)buf;
		io.len = sizeof(buf);
		io.flags = bit;
		EXPECT_EQ(-EINVAL, np_err(ioctl(srv, NPIPE_IOC_READ, &io)));
		EXPECT_EQ(-EINVAL, np_err(ioctl(srv, NPIPE_IOC_WRITE, &io)));
		/* PEEK */
		memset(&pk, 0, sizeof(pk));
		pk.pad = bit;
		EXPECT_EQ(-EINVAL, np_err(ioctl(srv, NPIPE_IOC_PEEK, &pk)));
		/* TRANSACT */
		memset(&tr, 0, sizeof(tr));
		tr.wbuf = (uintptr_t)"q";
		tr.wlen = 1;
		tr.rbuf = (uintptr_t)buf;
		tr.rlen = sizeof(buf);
		tr.pad = bit;
		EXPECT_EQ(-EINVAL, np_err(ioctl(cli, NPIPE_IOC_TRANSACT, &tr)));
		if (bit != NPIPE_TRANSACT_SENT) {
			tr.pad = 0;
			tr.flags = bit;
			EXPECT_EQ(-EINVAL, np_err(ioctl(cli, NPIPE_IOC_TRANSACT, &tr)));
		}
		/* SET_MODE */
		if (bit & ~(NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT))
			EXPECT_EQ(-EINVAL, np_set_mode(srv, bit));
	}
	/* none of it had an effect */
	check_state(srv, NPIPE_STATE_CONNECTED);
	check_peek(srv, 0, 0, 0);
	check_peek(cli, 0, 0, 0);
	EXPECT_EQ((int)NPIPE_MODE_MESSAGE_READ, np_mode(srv));
	EXPECT_EQ(-EBUSY, np_open(self->ctl, name, NP_RW));
	close(cli);
	close(srv);
}

/*
 * Per-user limits (EDQUOT): the module parameters max_user_pipes and
 * max_user_instances (not part of the uapi header: skipped when absent or
 * read-only).  CAP_SYS_RESOURCE is exempt, so the checks run as another
 * user in a child.
 */
static int quota_child(int ctl, int limit_pipes)
{
	char name[64], name2[64], name3[64];
	int a, b, c, d;

	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 100;
	snprintf(name, sizeof(name), "npt-uq-%d-a", (int)getpid());
	snprintf(name2, sizeof(name2), "npt-uq-%d-b", (int)getpid());
	snprintf(name3, sizeof(name3), "npt-uq-%d-c", (int)getpid());
	if (limit_pipes == 1) {
		/* max_user_pipes = 2 */
		a = np_create(ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
		b = np_create(ctl, name2, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
		if (a < 0 || b < 0)
			return 1;
		if (np_create(ctl, name3, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0) != -EDQUOT)
			return 2;
		/* more instances of an existing pipe are not more pipes */
		if (np_create(ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0) < 0)
			return 3;
		close(b);
		if (np_create(ctl, name3, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0) < 0)
			return 4;
		return 0;
	}
	if (limit_pipes == 2) {
		/*
		 * max_user_instances = 3: an instance whose server end is
		 * closed still counts while a client end keeps it.
		 */
		int cli[3], i;

		for (i = 0; i < 3; i++) {
			char n[80];

			snprintf(n, sizeof(n), "%s-%d", name, i);
			a = np_create(ctl, n, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
			if (a < 0)
				return 21;
			cli[i] = np_open(ctl, n, NP_RW);
			if (cli[i] < 0)
				return 22;
			close(a);
		}
		if (np_create(ctl, name2, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0) != -EDQUOT)
			return 23;
		/* the last end of one goes: room for one more */
		close(cli[0]);
		if (np_create(ctl, name2, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0) < 0)
			return 24;
		if (np_create(ctl, name3, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0) != -EDQUOT)
			return 25;
		return 0;
	}
	/* max_user_instances = 3 */
	a = np_create(ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	b = np_create(ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	c = np_create(ctl, name2, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	if (a < 0 || b < 0 || c < 0)
		return 11;
	if (np_create(ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0) != -EDQUOT)
		return 12;
	if (np_create(ctl, name3, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0) != -EDQUOT)
		return 13;
	/* the failed new pipe left no name behind */
	if (np_open(ctl, name3, NP_RW) != -ENOENT)
		return 14;
	close(c);
	d = np_create(ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	if (d < 0)
		return 15;
	return 0;
}

static void per_user_limit(struct __test_metadata *_metadata, int ctl,
			   const char *param, int limit_pipes,
			   unsigned long long value)
{
	unsigned long long old;
	int status, fds[8], i;
	pid_t pid;
	NP_NAME(name);

	NP_REQUIRE_PARAM(param);
	ASSERT_EQ(0, param_read(param, &old));
	ASSERT_EQ(0, param_write(param, value));

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(quota_child(ctl, limit_pipes));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));

	/* root (CAP_SYS_RESOURCE) is exempt */
	for (i = 0; i < 8; i++) {
		char n[220];

		snprintf(n, sizeof(n), "%s-%d", name, i);
		fds[i] = np_create(ctl, n, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	}
	ASSERT_EQ(0, param_write(param, old));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	for (i = 0; i < 8; i++) {
		EXPECT_LE(0, fds[i]) TH_LOG("root's pipe %d: %d", i, fds[i]);
		close(fds[i]);
	}
}

NP_TEST_CASE(limits_max_user_pipes, per_user_limit, "max_user_pipes", 1, 2)
NP_TEST_CASE(limits_max_user_instances, per_user_limit,
	     "max_user_instances", 0, 3)
NP_TEST_CASE(limits_orphaned_instances_count, per_user_limit,
	     "max_user_instances", 2, 3)

TEST_HARNESS_MAIN
