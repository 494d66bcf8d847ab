// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: creating instances, names, GET_INFO, fd kinds.
 * Spec sections 1-3 and 9 (GetNamedPipeInfo).
 */
#include <ctype.h>
#include "npipe_test.h"

TEST_F(npipe, create_max_instances_range)
{
	int fd;
	NP_NAME(name);

	EXPECT_EQ(-EINVAL, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 0, 0, 0, 0));
	EXPECT_EQ(-EINVAL, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 256, 0, 0, 0));
	EXPECT_EQ(-EINVAL, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, ~0U, 0, 0, 0));
	/* nothing was created by the failures */
	EXPECT_EQ(-ENOENT, np_open(self->ctl, name, NP_RW));

	fd = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	ASSERT_LE(0, fd);
	close(fd);

	fd = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 254, 0, 0, 0);
	ASSERT_LE(0, fd);
	close(fd);

	fd = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, NPIPE_UNLIMITED_INSTANCES, 0, 0, 0);
	ASSERT_LE(0, fd);
	close(fd);
}

TEST_F(npipe, create_instance_limit)
{
	struct npipe_info info;
	int a, b, c;
	NP_NAME(name);

	a = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 2, 0, 0, 0);
	ASSERT_LE(0, a);
	b = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 2, 0, 0, 0);
	ASSERT_LE(0, b);
	EXPECT_EQ(-EBUSY, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 2, 0, 0, 0));
	/* a later instance asking for more does not raise the limit */
	EXPECT_EQ(-EBUSY, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 255, 0, 0, 0));

	ASSERT_EQ(0, np_info(a, &info));
	EXPECT_EQ(2U, info.cur_instances);
	EXPECT_EQ(2U, info.max_instances);

	close(a);
	ASSERT_EQ(0, np_info(b, &info));
	EXPECT_EQ(1U, info.cur_instances);

	c = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 2, 0, 0, 0);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, np_info(b, &info));
	EXPECT_EQ(2U, info.cur_instances);
	EXPECT_EQ(-EBUSY, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 2, 0, 0, 0));

	close(b);
	close(c);
}

TEST_F(npipe, create_unlimited_instances)
{
	struct npipe_info info;
	int fds[255], i;
	NP_NAME(name);

	for (i = 0; i < 255; i++) {
		fds[i] = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX,
				   NPIPE_UNLIMITED_INSTANCES, 0, 0, 0);
		ASSERT_LE(0, fds[i]) TH_LOG("instance %d: %d", i, fds[i]);
	}
	ASSERT_EQ(0, np_info(fds[0], &info));
	EXPECT_EQ(255U, info.cur_instances);
	EXPECT_EQ((__u32)NPIPE_UNLIMITED_INSTANCES, info.max_instances);
	/* 255 is PIPE_UNLIMITED_INSTANCES: no limit at all */
	i = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, NPIPE_UNLIMITED_INSTANCES, 0, 0, 0);
	EXPECT_LE(0, i) TH_LOG("256th instance: %d", i);
	ASSERT_EQ(0, np_info(fds[0], &info));
	EXPECT_EQ(256U, info.cur_instances);
	EXPECT_EQ((__u32)NPIPE_UNLIMITED_INSTANCES, info.max_instances);
	if (i >= 0)
		close(i);
	for (i = 0; i < 255; i++)
		close(fds[i]);
}

TEST_F(npipe, create_first_instance)
{
	int a, b, c;
	NP_NAME(name);
	NP_NAME(name2);

	a = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX | NPIPE_CREATE_FIRST_INSTANCE,
		      3, 0, 0, 0);
	ASSERT_LE(0, a);
	EXPECT_EQ(-EEXIST, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX |
				     NPIPE_CREATE_FIRST_INSTANCE, 3, 0, 0, 0));
	b = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 3, 0, 0, 0);
	ASSERT_LE(0, b);
	EXPECT_EQ(-EEXIST, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX |
				     NPIPE_CREATE_FIRST_INSTANCE, 3, 0, 0, 0));
	close(a);
	close(b);

	/* at the instance limit, the limit check comes first: EBUSY */
	c = np_create(self->ctl, name2, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	ASSERT_LE(0, c);
	EXPECT_EQ(-EBUSY, np_create(self->ctl, name2, NPIPE_CREATE_DUPLEX |
				    NPIPE_CREATE_FIRST_INSTANCE, 1, 0, 0, 0));
	close(c);

	/* once the name is gone, FIRST_INSTANCE works again */
	c = np_create(self->ctl, name2, NPIPE_CREATE_DUPLEX | NPIPE_CREATE_FIRST_INSTANCE,
		      1, 0, 0, 0);
	ASSERT_LE(0, c);
	close(c);
}

TEST_F(npipe, create_direction_mismatch)
{
	struct npipe_info info;
	int a, b;
	NP_NAME(name);

	a = np_create(self->ctl, name, NPIPE_CREATE_INBOUND, 4, 0, 0, 0);
	ASSERT_LE(0, a);
	EXPECT_EQ(-EACCES, np_create(self->ctl, name, NPIPE_CREATE_OUTBOUND, 4, 0, 0, 0));
	EXPECT_EQ(-EACCES, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0));
	ASSERT_EQ(0, np_info(a, &info));
	EXPECT_EQ(1U, info.cur_instances);
	b = np_create(self->ctl, name, NPIPE_CREATE_INBOUND, 4, 0, 0, 0);
	ASSERT_LE(0, b);
	close(a);
	close(b);

	a = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	ASSERT_LE(0, a);
	EXPECT_EQ(-EACCES, np_create(self->ctl, name, NPIPE_CREATE_OUTBOUND, 4, 0, 0, 0));
	EXPECT_EQ(-EACCES, np_create(self->ctl, name, NPIPE_CREATE_INBOUND, 4, 0, 0, 0));
	close(a);
}

TEST_F(npipe, create_other_mismatches_keep_first)
{
	struct npipe_info info;
	int a, b;
	NP_NAME(name);

	a = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 3, 100, 200,
		      NP_SEC);
	ASSERT_LE(0, a);
	/* message type, other count, other timeout: accepted */
	b = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE,
		      5, 300, 400, 2 * NP_SEC);
	ASSERT_LE(0, b);

	ASSERT_EQ(0, np_info(b, &info));
	EXPECT_EQ((__u32)(NPIPE_INFO_SERVER_END | NPIPE_INFO_INBOUND |
			  NPIPE_INFO_OUTBOUND | NPIPE_INFO_CAN_READ |
			  NPIPE_INFO_CAN_WRITE), info.flags);
	EXPECT_EQ(3U, info.max_instances);
	EXPECT_EQ(2U, info.cur_instances);
	EXPECT_EQ(NP_SEC, info.default_timeout);
	/* buffer sizes are per instance */
	EXPECT_EQ(300U, info.out_quota);
	EXPECT_EQ(400U, info.in_quota);

	ASSERT_EQ(0, np_info(a, &info));
	EXPECT_EQ(100U, info.out_quota);
	EXPECT_EQ(200U, info.in_quota);
	EXPECT_EQ(3U, info.max_instances);

	/* the limit of the first instance applies */
	EXPECT_LE(0, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0,
			       0));
	EXPECT_EQ(-EBUSY, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 5, 0, 0, 0));
}

TEST_F(npipe, create_byte_type_message_read)
{
	NP_NAME(name);

	EXPECT_EQ(-EINVAL, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX |
				     NPIPE_MODE_MESSAGE_READ, 1, 0, 0, 0));
	EXPECT_EQ(-EINVAL, np_create(self->ctl, name, NPIPE_CREATE_INBOUND |
				     NPIPE_MODE_MESSAGE_READ, 1, 0, 0, 0));
	EXPECT_EQ(-ENOENT, np_open(self->ctl, name, NP_RW));
}

/*
 * A later instance keeps the first one's type, so its read mode is checked
 * against that type: message read mode on a byte pipe is ERROR_INVALID_PARAMETER
 * there too, and leaves no instance behind.
 */
TEST_F(npipe, create_read_mode_checked_against_existing_type)
{
	struct npipe_info info;
	int a, b, m;
	NP_NAME(name);
	NP_NAME(mname);

	a = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	ASSERT_LE(0, a);
	EXPECT_EQ(-EINVAL, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX |
				     NPIPE_CREATE_MESSAGE_TYPE |
				     NPIPE_MODE_MESSAGE_READ, 4, 0, 0, 0));
	ASSERT_EQ(0, np_info(a, &info));
	EXPECT_EQ(1U, info.cur_instances);
	/* message type without message read mode: a byte instance, byte mode */
	b = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX |
		      NPIPE_CREATE_MESSAGE_TYPE, 4, 0, 0, 0);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, np_info(b, &info));
	EXPECT_EQ(0U, info.flags & NPIPE_INFO_MESSAGE_TYPE);
	EXPECT_EQ(0U, info.mode & NPIPE_MODE_MESSAGE_READ);
	close(b);
	close(a);

	/* a message pipe: a byte-type later instance may read messages */
	m = np_create(self->ctl, mname, NP_DUPLEX_MSG, 4, 0, 0, 0);
	ASSERT_LE(0, m);
	b = np_create(self->ctl, mname, NPIPE_CREATE_DUPLEX, 4, 0, 0, 0);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, np_info(b, &info));
	EXPECT_EQ(NPIPE_INFO_MESSAGE_TYPE, info.flags & NPIPE_INFO_MESSAGE_TYPE);
	EXPECT_EQ(0U, info.mode & NPIPE_MODE_MESSAGE_READ);
	close(b);
	close(m);
}

TEST_F(npipe, create_bad_flags)
{
	int i, fd;
	NP_NAME(name);

	/* no direction */
	EXPECT_EQ(-EINVAL, np_create(self->ctl, name, 0, 1, 0, 0, 0));
	EXPECT_EQ(-EINVAL, np_create(self->ctl, name, NPIPE_CREATE_MESSAGE_TYPE, 1, 0, 0, 0));
	EXPECT_EQ(-EINVAL, np_create(self->ctl, name, NPIPE_CREATE_FIRST_INSTANCE, 1, 0, 0, 0));

	/* every unknown bit */
	for (i = 0; i < 32; i++) {
		__u32 bit = 1U << i;

		if (bit & (NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT |
			   NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE |
			   NPIPE_CREATE_FIRST_INSTANCE))
			continue;
		EXPECT_EQ(-EINVAL, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX | bit,
					     1, 0, 0, 0)) TH_LOG("bit %d", i);
	}
	/* mode bits above 0777 */
	EXPECT_EQ(-EINVAL, np_create_mode(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0, 01000));
	EXPECT_EQ(-EINVAL, np_create_mode(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0, 04600));
	EXPECT_EQ(-ENOENT, np_open(self->ctl, name, NP_RW));

	/* every known combination is accepted */
	fd = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE |
		       NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT |
		       NPIPE_CREATE_FIRST_INSTANCE, 1, 0, 0, 0);
	ASSERT_LE(0, fd);
	EXPECT_EQ((int)(NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT), np_mode(fd));
	EXPECT_EQ(O_NONBLOCK, fcntl(fd, F_GETFL) & O_NONBLOCK);
	close(fd);
}

TEST_F(npipe, create_name_lengths)
{
	char name[NPIPE_NAME_MAX + 2];
	struct npipe_create c;
	struct npipe_open o;
	int fd, cli;

	memset(name, 'a', sizeof(name));
	snprintf(name, sizeof(name), "npt-len-%d-", (int)getpid());
	name[strlen(name)] = 'x';	/* remove the NUL */

	memset(&c, 0, sizeof(c));
	c.name = (uintptr_t)name;
	c.flags = NPIPE_CREATE_DUPLEX;
	c.max_instances = 1;

	c.name_len = 0;
	EXPECT_EQ(-EINVAL, np_create_raw(self->ctl, &c));
	c.name_len = NPIPE_NAME_MAX + 1;
	EXPECT_EQ(-ENAMETOOLONG, np_create_raw(self->ctl, &c));
	c.name_len = ~0U;
	EXPECT_EQ(-ENAMETOOLONG, np_create_raw(self->ctl, &c));

	c.name_len = NPIPE_NAME_MAX;
	fd = np_create_raw(self->ctl, &c);
	ASSERT_LE(0, fd);

	memset(&o, 0, sizeof(o));
	o.name = (uintptr_t)name;
	o.flags = NP_RW;
	o.name_len = 0;
	EXPECT_EQ(-EINVAL, np_open_raw(self->ctl, &o));
	o.name_len = NPIPE_NAME_MAX + 1;
	EXPECT_EQ(-ENAMETOOLONG, np_open_raw(self->ctl, &o));
	/* a prefix is another name */
	o.name_len = NPIPE_NAME_MAX - 1;
	EXPECT_EQ(-ENOENT, np_open_raw(self->ctl, &o));
	o.name_len = NPIPE_NAME_MAX;
	cli = np_open_raw(self->ctl, &o);
	ASSERT_LE(0, cli);
	check_state(fd, NPIPE_STATE_CONNECTED);

	close(cli);
	close(fd);
}

TEST_F(npipe, create_name_chars)
{
	char name[64];
	int fd, cli, pid = (int)getpid();
	struct npipe_create c;

	snprintf(name, sizeof(name), "npt-bs-%d\\x", pid);
	EXPECT_EQ(-EINVAL, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0));
	snprintf(name, sizeof(name), "\\npt-bs-%d", pid);
	EXPECT_EQ(-EINVAL, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0));
	EXPECT_EQ(-EINVAL, np_open(self->ctl, name, NP_RW));
	EXPECT_EQ(-EINVAL, np_wait(self->ctl, name, NPIPE_TIMEOUT_INFINITE, 0));

	/* an embedded NUL byte is not allowed either */
	snprintf(name, sizeof(name), "npt-nul-%d", pid);
	memset(&c, 0, sizeof(c));
	c.name = (uintptr_t)name;
	c.name_len = (__u32)strlen(name) + 1;
	c.flags = NPIPE_CREATE_DUPLEX;
	c.max_instances = 1;
	EXPECT_EQ(-EINVAL, np_create_raw(self->ctl, &c));

	/* '/' and other punctuation are ordinary characters */
	snprintf(name, sizeof(name), "npt/sl/%d/.. *?:\"<>|", pid);
	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  1, 0, 0, NP_RW, &fd, &cli));
	close(cli);
	close(fd);

	/* bytes 0x80-0xff compare exactly: no Latin-1 case folding */
	snprintf(name, sizeof(name), "npt-hi-%d-\xc4", pid);
	fd = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	ASSERT_LE(0, fd);
	name[strlen(name) - 1] = '\xe4';
	EXPECT_EQ(-ENOENT, np_open(self->ctl, name, NP_RW));
	name[strlen(name) - 1] = '\xc4';
	cli = np_open(self->ctl, name, NP_RW);
	EXPECT_LE(0, cli);
	close(cli);
	close(fd);
}

TEST_F(npipe, create_bad_pointers)
{
	struct npipe_create c;
	NP_NAME(name);

	memset(&c, 0, sizeof(c));
	c.name_len = 8;
	c.flags = NPIPE_CREATE_DUPLEX;
	c.max_instances = 1;
	c.name = 0;
	EXPECT_EQ(-EFAULT, np_create_raw(self->ctl, &c));
	c.name = NP_BAD_PTR;
	EXPECT_EQ(-EFAULT, np_create_raw(self->ctl, &c));
	c.name = NP_KERNEL_PTR;
	EXPECT_EQ(-EFAULT, np_create_raw(self->ctl, &c));

	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_CREATE, NULL)));
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_CREATE, (void *)NP_BAD_PTR)));
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_CREATE, (void *)NP_KERNEL_PTR)));
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_OPEN, NULL)));
	EXPECT_EQ(-EFAULT, np_err(ioctl(self->ctl, NPIPE_IOC_WAIT, NULL)));
	EXPECT_EQ(-ENOENT, np_open(self->ctl, name, NP_RW));
}

TEST_F(npipe, create_case_insensitive)
{
	struct npipe_info info;
	char upper[200], mixed[200];
	int a, b, cli, i;
	NP_NAME(name);

	strcpy(upper, name);
	strcpy(mixed, name);
	for (i = 0; upper[i]; i++) {
		upper[i] = (char)toupper((unsigned char)upper[i]);
		if (i % 2)
			mixed[i] = upper[i];
	}

	a = np_create(self->ctl, mixed, NPIPE_CREATE_DUPLEX, 3, 0, 0, 0);
	ASSERT_LE(0, a);
	/* a second create under another case is an instance of the same pipe */
	b = np_create(self->ctl, upper, NPIPE_CREATE_DUPLEX, 3, 0, 0, 0);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, np_info(a, &info));
	EXPECT_EQ(2U, info.cur_instances);
	EXPECT_EQ(-EEXIST, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX |
				     NPIPE_CREATE_FIRST_INSTANCE, 3, 0, 0, 0));
	EXPECT_LE(0, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 3, 0, 0,
			       0));
	ASSERT_EQ(0, np_info(b, &info));
	EXPECT_EQ(3U, info.cur_instances);
	EXPECT_EQ(-EBUSY, np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 3, 0, 0, 0));

	cli = np_open(self->ctl, name, NP_RW);
	ASSERT_LE(0, cli);
	EXPECT_EQ(0, np_wait(self->ctl, upper, NPIPE_TIMEOUT_INFINITE, 0));
	close(cli);
	close(a);
	close(b);
}

TEST_F(npipe, create_name_disappears_with_last_instance)
{
	struct npipe_info info;
	int a, b, cli, cli2;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair_inst(self->ctl, name, NPIPE_CREATE_DUPLEX,
				  2, 0, 0, NP_RW, &a, &cli));
	check_state(a, NPIPE_STATE_CONNECTED);
	b = np_create(self->ctl, name, NPIPE_CREATE_DUPLEX, 2, 0, 0, 0);
	ASSERT_LE(0, b);

	/* the name lives on while any server instance does */
	close(a);
	EXPECT_EQ(0, np_wait(self->ctl, name, np_now(), 0));
	close(b);

	EXPECT_EQ(-ENOENT, np_open(self->ctl, name, NP_RW));
	EXPECT_EQ(-ENOENT, np_wait(self->ctl, name, NPIPE_TIMEOUT_INFINITE, 0));
	/* the orphaned client handle still works as a closed pipe */
	check_state(cli, NPIPE_STATE_CLOSING);
	EXPECT_EQ(-EPIPE, np_read(cli, NULL, 0, NULL, NULL));
	EXPECT_EQ(-ESHUTDOWN, np_write(cli, "x", 1, NULL));

	/* a new pipe with other parameters under the same name */
	a = np_create(self->ctl, name, NPIPE_CREATE_OUTBOUND | NPIPE_CREATE_MESSAGE_TYPE |
		      NPIPE_CREATE_FIRST_INSTANCE, 1, 10, 20, 3 * NP_SEC);
	ASSERT_LE(0, a);
	ASSERT_EQ(0, np_info(a, &info));
	EXPECT_EQ((__u32)(NPIPE_INFO_SERVER_END | NPIPE_INFO_MESSAGE_TYPE |
			  NPIPE_INFO_OUTBOUND | NPIPE_INFO_CAN_WRITE), info.flags);
	EXPECT_EQ(1U, info.max_instances);
	EXPECT_EQ(1U, info.cur_instances);
	EXPECT_EQ(3 * NP_SEC, info.default_timeout);
	check_state(a, NPIPE_STATE_LISTENING);
	/* the old client is not attached to the new pipe */
	check_state(cli, NPIPE_STATE_CLOSING);

	EXPECT_EQ(-EACCES, np_open(self->ctl, name, NP_RW));
	cli2 = np_open(self->ctl, name, NPIPE_OPEN_READ);
	ASSERT_LE(0, cli2);
	check_state(a, NPIPE_STATE_CONNECTED);
	close(cli2);
	close(cli);
	close(a);
}

TEST_F(npipe, create_fds_cloexec)
{
	int srv, cli;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));
	EXPECT_EQ(FD_CLOEXEC, fcntl(srv, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(FD_CLOEXEC, fcntl(cli, F_GETFD) & FD_CLOEXEC);
	EXPECT_NE(srv, cli);
	/* fresh fds are blocking */
	EXPECT_EQ(0, fcntl(srv, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(0, fcntl(cli, F_GETFL) & O_NONBLOCK);
	close(srv);
	close(cli);
}

TEST_F(npipe, create_info_server_and_client)
{
	struct npipe_info info;
	int srv, cli;
	NP_NAME(name);

	srv = np_create(self->ctl, name, NP_DUPLEX_MSG, 4, 1000, 2000, 0);
	ASSERT_LE(0, srv);
	ASSERT_EQ(0, np_info(srv, &info));
	EXPECT_EQ(NPIPE_DEFAULT_TIMEOUT_NS, info.default_timeout);
	EXPECT_EQ((__u32)(NPIPE_INFO_SERVER_END | NPIPE_INFO_MESSAGE_TYPE |
			  NPIPE_INFO_INBOUND | NPIPE_INFO_OUTBOUND |
			  NPIPE_INFO_CAN_READ | NPIPE_INFO_CAN_WRITE), info.flags);
	EXPECT_EQ(NPIPE_MODE_MESSAGE_READ, info.mode);
	EXPECT_EQ((__u32)NPIPE_STATE_LISTENING, info.state);
	EXPECT_EQ(4U, info.max_instances);
	EXPECT_EQ(1U, info.cur_instances);
	EXPECT_EQ(1000U, info.out_quota);
	EXPECT_EQ(2000U, info.in_quota);
	EXPECT_EQ((__u32)getpid(), info.server_pid);
	EXPECT_EQ((__u32)geteuid(), info.server_uid);
	EXPECT_EQ((__u32)getegid(), info.server_gid);
	EXPECT_EQ(0U, info.client_pid);
	EXPECT_EQ(~0U, info.client_uid);
	EXPECT_EQ(~0U, info.client_gid);
	EXPECT_EQ(0U, info.pad);

	cli = np_open(self->ctl, name, NPIPE_OPEN_READ);
	ASSERT_LE(0, cli);
	ASSERT_EQ(0, np_info(cli, &info));
	EXPECT_EQ(NPIPE_DEFAULT_TIMEOUT_NS, info.default_timeout);
	EXPECT_EQ((__u32)(NPIPE_INFO_MESSAGE_TYPE | NPIPE_INFO_INBOUND |
			  NPIPE_INFO_OUTBOUND | NPIPE_INFO_CAN_READ), info.flags);
	/* a client starts in byte read mode, wait mode */
	EXPECT_EQ(0U, info.mode);
	EXPECT_EQ((__u32)NPIPE_STATE_CONNECTED, info.state);
	EXPECT_EQ(4U, info.max_instances);
	EXPECT_EQ(1U, info.cur_instances);
	EXPECT_EQ(1000U, info.out_quota);
	EXPECT_EQ(2000U, info.in_quota);
	EXPECT_EQ((__u32)getpid(), info.server_pid);
	EXPECT_EQ((__u32)getpid(), info.client_pid);
	EXPECT_EQ((__u32)geteuid(), info.client_uid);
	EXPECT_EQ((__u32)getegid(), info.client_gid);
	EXPECT_EQ(0U, info.pad);

	ASSERT_EQ(0, np_info(srv, &info));
	EXPECT_EQ((__u32)NPIPE_STATE_CONNECTED, info.state);
	EXPECT_EQ((__u32)getpid(), info.client_pid);
	EXPECT_EQ((__u32)geteuid(), info.client_uid);
	close(cli);
	close(srv);
}

TEST_F(npipe, create_info_directions)
{
	struct npipe_info info;
	int srv, cli;
	NP_NAME(in);
	NP_NAME(out);

	srv = np_create(self->ctl, in, NPIPE_CREATE_INBOUND, 1, 0, 0,
			7 * NP_MSEC);
	ASSERT_LE(0, srv);
	ASSERT_EQ(0, np_info(srv, &info));
	EXPECT_EQ((__u32)(NPIPE_INFO_SERVER_END | NPIPE_INFO_INBOUND |
			  NPIPE_INFO_CAN_READ), info.flags);
	EXPECT_EQ(0U, info.mode);
	EXPECT_EQ(7 * NP_MSEC, info.default_timeout);
	cli = np_open(self->ctl, in, NPIPE_OPEN_WRITE);
	ASSERT_LE(0, cli);
	ASSERT_EQ(0, np_info(cli, &info));
	EXPECT_EQ((__u32)(NPIPE_INFO_INBOUND | NPIPE_INFO_CAN_WRITE), info.flags);
	close(cli);
	close(srv);

	srv = np_create(self->ctl, out, NPIPE_CREATE_OUTBOUND, 1, 0, 0, 0);
	ASSERT_LE(0, srv);
	ASSERT_EQ(0, np_info(srv, &info));
	EXPECT_EQ((__u32)(NPIPE_INFO_SERVER_END | NPIPE_INFO_OUTBOUND |
			  NPIPE_INFO_CAN_WRITE), info.flags);
	cli = np_open(self->ctl, out, NPIPE_OPEN_READ);
	ASSERT_LE(0, cli);
	ASSERT_EQ(0, np_info(cli, &info));
	EXPECT_EQ((__u32)(NPIPE_INFO_OUTBOUND | NPIPE_INFO_CAN_READ), info.flags);
	close(cli);
	close(srv);

	/* a query-only client: no CAN_ bits */
	srv = np_create(self->ctl, out, NPIPE_CREATE_DUPLEX, 1, 0, 0, 0);
	ASSERT_LE(0, srv);
	cli = np_open(self->ctl, out, 0);
	ASSERT_LE(0, cli);
	ASSERT_EQ(0, np_info(cli, &info));
	EXPECT_EQ((__u32)(NPIPE_INFO_INBOUND | NPIPE_INFO_OUTBOUND), info.flags);
	close(cli);
	close(srv);
}

TEST_F(npipe, create_wrong_fd_kind)
{
	struct npipe_create c;
	struct npipe_open o;
	struct npipe_wait w;
	struct npipe_info info;
	int srv, cli;
	__u32 mode = 0;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair(self->ctl, name, NPIPE_CREATE_DUPLEX, &srv, &cli));

	/* instance ioctls on the control fd */
	EXPECT_EQ(-ENOTTY, np_read(self->ctl, NULL, 0, NULL, NULL));
	EXPECT_EQ(-ENOTTY, np_write(self->ctl, "x", 1, NULL));
	EXPECT_EQ(-ENOTTY, np_peek(self->ctl, NULL, 0, NULL));
	EXPECT_EQ(-ENOTTY, np_transact(self->ctl, "x", 1, NULL, 0, NULL, NULL,
				       NULL));
	EXPECT_EQ(-ENOTTY, np_info(self->ctl, &info));
	EXPECT_EQ(-ENOTTY, np_set_mode(self->ctl, 0));
	EXPECT_EQ(-ENOTTY, np_connect(self->ctl));
	EXPECT_EQ(-ENOTTY, np_disconnect(self->ctl));
	EXPECT_EQ(-ENOTTY, np_flush(self->ctl));

	/* control ioctls on instance fds */
	memset(&c, 0, sizeof(c));
	c.name = (uintptr_t)name;
	c.name_len = (__u32)strlen(name);
	c.flags = NPIPE_CREATE_DUPLEX;
	c.max_instances = 2;
	memset(&o, 0, sizeof(o));
	o.name = (uintptr_t)name;
	o.name_len = (__u32)strlen(name);
	o.flags = NP_RW;
	memset(&w, 0, sizeof(w));
	w.name = (uintptr_t)name;
	w.name_len = (__u32)strlen(name);
	w.timeout = NPIPE_TIMEOUT_INFINITE;
	EXPECT_EQ(-ENOTTY, np_err(ioctl(srv, NPIPE_IOC_CREATE, &c)));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(cli, NPIPE_IOC_CREATE, &c)));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(srv, NPIPE_IOC_OPEN, &o)));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(cli, NPIPE_IOC_OPEN, &o)));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(srv, NPIPE_IOC_WAIT, &w)));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(cli, NPIPE_IOC_WAIT, &w)));

	/* server-only calls on a client */
	EXPECT_EQ(-ENOTTY, np_connect(cli));
	EXPECT_EQ(-ENOTTY, np_disconnect(cli));

	/* unknown ioctl numbers */
	EXPECT_EQ(-ENOTTY, np_err(ioctl(self->ctl, _IO('N', 0xBF))));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(srv, _IO('N', 0xBF))));
	EXPECT_EQ(-ENOTTY, np_err(ioctl(cli, _IOW('N', 0xD0, __u64), &mode)));

	/* nothing changed */
	check_state(srv, NPIPE_STATE_CONNECTED);
	check_state(cli, NPIPE_STATE_CONNECTED);
	ASSERT_EQ(0, np_info(srv, &info));
	EXPECT_EQ(1U, info.cur_instances);
	close(cli);
	close(srv);
}

TEST_HARNESS_MAIN
