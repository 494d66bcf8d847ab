// SPDX-License-Identifier: GPL-2.0
/*
 * libnp Win32 layer, named pipes: every function's success path and each
 * of its error codes, with exact return values, GetLastError values,
 * out-parameters and data (Windows' behaviour, spec sections 1-9, 12).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "npwin32.h"
#include "libnp_test.h"

/* "\\.\pipe\libnp-TAG-PID-N" */
#define PNAME(var) char var[300]; \
	libnp_mkname(var, sizeof(var), "\\\\.\\pipe\\libnp-", __func__)

static HANDLE mkserver(const char *name, DWORD open_mode, DWORD pipe_mode,
		       DWORD max, DWORD out, DWORD in)
{
	return CreateNamedPipeA(name, open_mode, pipe_mode, max, out, in,
				NMPWAIT_USE_DEFAULT_WAIT, NULL);
}

static HANDLE mkclient(const char *name, DWORD access)
{
	return CreateFileA(name, access, 0, NULL, OPEN_EXISTING, 0, NULL);
}

/* A connected message pipe pair (server in message read mode). */
static int mkpair(const char *name, DWORD type, HANDLE *srv, HANDLE *cli)
{
	*srv = mkserver(name, PIPE_ACCESS_DUPLEX, type | PIPE_WAIT, 1, 1024,
			1024);
	if (*srv == INVALID_HANDLE_VALUE)
		return -1;
	*cli = mkclient(name, GENERIC_READ | GENERIC_WRITE);
	return *cli == INVALID_HANDLE_VALUE ? -1 : 0;
}

/* ---- a thread running one Win32 call -------------------------------- */
struct job {
	pthread_t th;
	int op;
	HANDLE h;
	const char *name;
	DWORD arg;
	char buf[256];
	DWORD len;
	BOOL ret;
	DWORD err;
	DWORD bytes;
};

enum { J_CONNECT, J_READ, J_WAIT, J_CREATE, J_ECHO, J_FLUSH, J_TRANSACT_SRV };

static void *job_main(void *arg)
{
	struct job *j = arg;
	HANDLE h;

	switch (j->op) {
	case J_CONNECT:
		j->ret = ConnectNamedPipe(j->h, NULL);
		break;
	case J_READ:
		j->ret = ReadFile(j->h, j->buf, j->len, &j->bytes, NULL);
		break;
	case J_WAIT:
		j->ret = WaitNamedPipeA(j->name, j->arg);
		break;
	case J_CREATE:
		usleep(j->arg * 1000);
		h = mkserver(j->name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 4,
			     64, 64);
		j->ret = h != INVALID_HANDLE_VALUE;
		j->h = h;
		break;
	case J_ECHO:	/* connect, read one message, reply "re:" + it */
	case J_TRANSACT_SRV: {
		char in[128], out[160];
		DWORD n = 0, w;

		if (!ConnectNamedPipe(j->h, NULL) &&
		    GetLastError() != ERROR_PIPE_CONNECTED) {
			j->ret = FALSE;
			break;
		}
		if (!ReadFile(j->h, in, sizeof(in), &n, NULL)) {
			j->ret = FALSE;
			break;
		}
		memcpy(out, "re:", 3);
		memcpy(out + 3, in, n);
		j->ret = WriteFile(j->h, out, n + 3 + j->arg, &w, NULL);
		if (j->op == J_ECHO)
			j->ret = j->ret && FlushFileBuffers(j->h);
		break;
	}
	case J_FLUSH:
		j->ret = FlushFileBuffers(j->h);
		break;
	}
	j->err = GetLastError();
	return NULL;
}

static void job_start(struct job *j)
{
	pthread_create(&j->th, NULL, job_main, j);
}

/* 1 if the job is still running after ms milliseconds. */
static int job_blocked(struct job *j, int ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	ts.tv_sec += ms / 1000 + ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	return pthread_timedjoin_np(j->th, NULL, &ts) != 0;
}

static int job_join(struct job *j)
{
	return !job_blocked(j, 5000);
}

/* ==================================================================== */

TEST(create_parameter_errors)
{
	char longname[400];
	PNAME(name);
	HANDLE h, h2;

	REQUIRE_DEV();
	EXPECT_HERR(mkserver(NULL, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0),
		    ERROR_PATH_NOT_FOUND);
	EXPECT_HERR(mkserver("not a named pipe", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0),
		    ERROR_INVALID_NAME);
	EXPECT_HERR(mkserver("\\\\.\\mailslot\\x", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0),
		    ERROR_INVALID_NAME);
	EXPECT_HERR(mkserver("\\\\.\\pipe\\", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0),
		    ERROR_INVALID_NAME);
	EXPECT_HERR(mkserver("\\\\.\\pipe\\a\\b", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0),
		    ERROR_INVALID_NAME);
	EXPECT_HERR(mkserver("\\\\otherhost\\pipe\\x", PIPE_ACCESS_DUPLEX, 0, 1,
			     0, 0), ERROR_INVALID_NAME);
	snprintf(longname, sizeof(longname), "\\\\.\\pipe\\%0300d", 1);
	EXPECT_HERR(mkserver(longname, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0),
		    ERROR_FILENAME_EXCED_RANGE);
	EXPECT_HERR(mkserver(name, 0, 0, 1, 0, 0), ERROR_INVALID_PARAMETER);
	EXPECT_HERR(mkserver(name, PIPE_ACCESS_DUPLEX, 0, 0, 0, 0),
		    ERROR_INVALID_PARAMETER);
	EXPECT_HERR(mkserver(name, PIPE_ACCESS_DUPLEX, 0, 256, 0, 0),
		    ERROR_INVALID_PARAMETER);
	EXPECT_HERR(mkserver(name, PIPE_ACCESS_DUPLEX,
			     PIPE_TYPE_BYTE | PIPE_READMODE_MESSAGE, 1, 0, 0),
		    ERROR_INVALID_PARAMETER);
	EXPECT_HERR(mkserver(name, PIPE_ACCESS_DUPLEX, 0x100, 1, 0, 0),
		    ERROR_INVALID_PARAMETER);

	/* 256 characters in all is fine. */
	snprintf(longname, sizeof(longname), "\\\\.\\pipe\\%0247d", getpid());
	ASSERT_EQ(256, strlen(longname));
	SetLastError(SENT);
	h = mkserver(longname, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_EQ(ERROR_SUCCESS, GetLastError());
	EXPECT_TRUE(CloseHandle(h));

	/* Instance limit, direction, first instance. */
	h = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 1024, 1024);
	ASSERT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_HERR(mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 1024,
			     1024), ERROR_PIPE_BUSY);
	EXPECT_TRUE(CloseHandle(h));

	h = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 3, 1024, 1024);
	ASSERT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_HERR(mkserver(name, PIPE_ACCESS_INBOUND, PIPE_TYPE_BYTE, 3, 1024,
			     1024), ERROR_ACCESS_DENIED);
	EXPECT_HERR(mkserver(name, PIPE_ACCESS_DUPLEX |
			     FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_TYPE_BYTE, 3,
			     1024, 1024), ERROR_ACCESS_DENIED);
	/* Other mismatches are accepted; the first instance's values stay. */
	h2 = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE, 2,
			      102, 24, 1234, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, h2);
	check_pipe_info(h2, PIPE_SERVER_END | PIPE_TYPE_BYTE, 102, 24, 3);
	EXPECT_TRUE(CloseHandle(h2));
	EXPECT_TRUE(CloseHandle(h));

	/* The name disappears with its last instance. */
	h = mkserver(name, PIPE_ACCESS_INBOUND | FILE_FLAG_FIRST_PIPE_INSTANCE,
		     PIPE_TYPE_MESSAGE, PIPE_UNLIMITED_INSTANCES, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_TRUE(CloseHandle(h));
}

TEST(names)
{
	PNAME(name);
	char upper[300], odd[300], *p;
	HANDLE s, c;

	REQUIRE_DEV();
	s = mkserver(name, PIPE_ACCESS_DUPLEX, 0, PIPE_UNLIMITED_INSTANCES, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	/* Prefix and name are case-insensitive. */
	strcpy(upper, name);
	for (p = upper; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	SetLastError(SENT);
	c = mkclient(upper, GENERIC_READ);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	EXPECT_EQ(ERROR_SUCCESS, GetLastError());
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));

	/* Any character but backslash, '/' included. */
	snprintf(odd, sizeof(odd), "\\\\.\\pipe\\a<>*?|\"/b-%d", getpid());
	s = mkserver(odd, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	c = mkclient(odd, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));

	/* Local server names. */
	s = mkserver(name, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	snprintf(upper, sizeof(upper), "\\\\localhost\\pipe\\%s",
		 strrchr(name, '\\') + 1);
	c = mkclient(upper, GENERIC_READ);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));
	EXPECT_HERR(mkclient("\\\\no-such-server\\pipe\\x", GENERIC_READ),
		    ERROR_BAD_NETPATH);
	EXPECT_ERR(WaitNamedPipeA("\\\\no-such-server\\pipe\\x", 1),
		   ERROR_BAD_NETPATH);
}

TEST(open_errors)
{
	PNAME(name);
	HANDLE s, c, c2;

	REQUIRE_DEV();
	EXPECT_HERR(mkclient(name, GENERIC_READ | GENERIC_WRITE),
		    ERROR_FILE_NOT_FOUND);
	s = mkserver(name, PIPE_ACCESS_INBOUND, PIPE_TYPE_BYTE, 1, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	/* Inbound pipe: the client may only write. */
	EXPECT_HERR(mkclient(name, GENERIC_READ), ERROR_ACCESS_DENIED);
	EXPECT_HERR(mkclient(name, GENERIC_READ | GENERIC_WRITE),
		    ERROR_ACCESS_DENIED);
	SetLastError(SENT);
	c = mkclient(name, GENERIC_WRITE);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	EXPECT_EQ(ERROR_SUCCESS, GetLastError());
	/* The one instance is connected: busy, before and after the close. */
	EXPECT_HERR(mkclient(name, GENERIC_WRITE), ERROR_PIPE_BUSY);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_HERR(mkclient(name, GENERIC_WRITE), ERROR_PIPE_BUSY);
	EXPECT_TRUE(DisconnectNamedPipe(s));
	EXPECT_HERR(mkclient(name, GENERIC_WRITE), ERROR_PIPE_BUSY);
	/* A client that can only query. */
	EXPECT_TRUE(CloseHandle(s));
	EXPECT_HERR(mkclient(name, GENERIC_WRITE), ERROR_FILE_NOT_FOUND);
	s = mkserver(name, PIPE_ACCESS_OUTBOUND, PIPE_TYPE_BYTE, 2, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	c = mkclient(name, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	{
		DWORD n = SENT;
		char b[4];

		EXPECT_ERR(ReadFile(c, b, sizeof(b), &n, NULL),
			   ERROR_ACCESS_DENIED);
		EXPECT_EQ(0, n);
		EXPECT_ERR(WriteFile(c, "x", 1, &n, NULL), ERROR_ACCESS_DENIED);
	}
	c2 = mkclient(name, GENERIC_WRITE);
	EXPECT_EQ(INVALID_HANDLE_VALUE, c2);	/* outbound: write denied */
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));
}

/*
 * No fd left for the library's first open of /dev/npipe: the calls fail
 * as Windows fails an open past the process's handle limit
 * (ERROR_TOO_MANY_OPEN_FILES), not as if npipe were missing.  With the
 * limit back, the same calls work.
 */
TEST(device_open_past_fd_limit)
{
	struct rlimit saved;
	HANDLE s, r, w;
	PNAME(name);

	REQUIRE_DEV();
	ASSERT_EQ(0, no_free_fds(&saved));
	EXPECT_HERR(mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 0, 0),
		    ERROR_TOO_MANY_OPEN_FILES);
	EXPECT_HERR(mkclient(name, GENERIC_READ), ERROR_TOO_MANY_OPEN_FILES);
	EXPECT_ERR(WaitNamedPipeA(name, 1), ERROR_TOO_MANY_OPEN_FILES);
	EXPECT_ERR(CreatePipe(&r, &w, NULL, 0), ERROR_TOO_MANY_OPEN_FILES);
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &saved));
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	EXPECT_TRUE(CloseHandle(s));
}

TEST(connect_disconnect)
{
	PNAME(name);
	HANDLE s, c;
	struct job j = { .op = J_CONNECT };
	DWORD n;
	char b[16];

	REQUIRE_DEV();
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 64, 64);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	/* Listening: I/O fails, disconnect fails. */
	EXPECT_ERR(WriteFile(s, "x", 1, &n, NULL), ERROR_PIPE_LISTENING);
	EXPECT_ERR(ReadFile(s, b, sizeof(b), &n, NULL), ERROR_PIPE_LISTENING);
	EXPECT_ERR(PeekNamedPipe(s, NULL, 0, NULL, &n, NULL), ERROR_BAD_PIPE);
	EXPECT_ERR(DisconnectNamedPipe(s), ERROR_PIPE_LISTENING);

	/* A waiting ConnectNamedPipe completes when a client opens. */
	j.h = s;
	job_start(&j);
	ASSERT_TRUE(job_blocked(&j, 150));
	c = mkclient(name, GENERIC_READ | GENERIC_WRITE);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	ASSERT_TRUE(job_join(&j));
	EXPECT_TRUE(j.ret);

	EXPECT_ERR(ConnectNamedPipe(s, NULL), ERROR_PIPE_CONNECTED);
	EXPECT_ERR(ConnectNamedPipe(c, NULL), ERROR_INVALID_FUNCTION);
	EXPECT_ERR(DisconnectNamedPipe(c), ERROR_INVALID_FUNCTION);

	/* Disconnect with data queued both ways discards it. */
	EXPECT_TRUE(WriteFile(c, "abc", 3, &n, NULL));
	EXPECT_TRUE(WriteFile(s, "def", 3, &n, NULL));
	EXPECT_TRUE(DisconnectNamedPipe(s));
	EXPECT_ERR(WriteFile(c, "x", 1, &n, NULL), ERROR_PIPE_NOT_CONNECTED);
	EXPECT_ERR(WriteFile(s, "x", 1, &n, NULL), ERROR_PIPE_NOT_CONNECTED);
	n = SENT;
	EXPECT_ERR(ReadFile(c, b, sizeof(b), &n, NULL), ERROR_PIPE_NOT_CONNECTED);
	EXPECT_EQ(0, n);
	EXPECT_ERR(ReadFile(s, b, sizeof(b), &n, NULL), ERROR_PIPE_NOT_CONNECTED);
	EXPECT_ERR(PeekNamedPipe(c, NULL, 0, NULL, &n, NULL),
		   ERROR_PIPE_NOT_CONNECTED);
	EXPECT_ERR(PeekNamedPipe(s, NULL, 0, NULL, &n, NULL), ERROR_BAD_PIPE);
	EXPECT_ERR(DisconnectNamedPipe(s), ERROR_PIPE_NOT_CONNECTED);
	EXPECT_TRUE(CloseHandle(c));

	/* ConnectNamedPipe on a disconnected instance listens again. */
	j.op = J_CONNECT;
	job_start(&j);		/* re-arms the disconnected instance */
	c = INVALID_HANDLE_VALUE;
	for (n = 0; n < 100 && c == INVALID_HANDLE_VALUE; n++) {
		c = mkclient(name, GENERIC_READ | GENERIC_WRITE);
		if (c == INVALID_HANDLE_VALUE)
			usleep(10000);
	}
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	ASSERT_TRUE(job_join(&j));
	EXPECT_TRUE(j.ret);
	/* Client closed: connect fails with ERROR_NO_DATA. */
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_ERR(ConnectNamedPipe(s, NULL), ERROR_NO_DATA);
	EXPECT_TRUE(DisconnectNamedPipe(s));
	EXPECT_TRUE(CloseHandle(s));
}

TEST(nowait_mode)
{
	PNAME(name);
	HANDLE s, c;
	char big[600], b[600];
	DWORD n, state;

	REQUIRE_DEV();
	memset(big, 'z', sizeof(big));
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_NOWAIT, 1,
		     512, 512);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	EXPECT_TRUE(GetNamedPipeHandleStateA(s, &state, NULL, NULL, NULL, NULL, 0));
	EXPECT_EQ(PIPE_NOWAIT, state);
	EXPECT_ERR(ConnectNamedPipe(s, NULL), ERROR_PIPE_LISTENING);
	c = mkclient(name, GENERIC_READ | GENERIC_WRITE);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	EXPECT_ERR(ConnectNamedPipe(s, NULL), ERROR_PIPE_CONNECTED);
	/* Empty pipe: ERROR_NO_DATA at once. */
	n = SENT;
	EXPECT_ERR(ReadFile(s, b, sizeof(b), &n, NULL), ERROR_NO_DATA);
	EXPECT_EQ(0, n);
	/* Too large for the free quota: TRUE, nothing written. */
	n = SENT;
	SetLastError(SENT);
	EXPECT_TRUE(WriteFile(s, big, 513, &n, NULL));
	EXPECT_EQ(0, n);
	EXPECT_TRUE(WriteFile(s, big, 512, &n, NULL));
	EXPECT_EQ(512, n);
	EXPECT_TRUE(ReadFile(c, b, sizeof(b), &n, NULL));
	EXPECT_EQ(512, n);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_ERR(ConnectNamedPipe(s, NULL), ERROR_NO_DATA);
	EXPECT_TRUE(DisconnectNamedPipe(s));
	EXPECT_ERR(ConnectNamedPipe(s, NULL), ERROR_PIPE_LISTENING);
	EXPECT_TRUE(CloseHandle(s));
}

TEST(read_write_message)
{
	PNAME(name);
	HANDLE s, c;
	char b[32];
	DWORD n, mode;
	static const char m1[] = "Bit Bucket", m2[] = "More bits";

	REQUIRE_DEV();
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE,
			    &s, &c));
	/* Client starts in byte read mode: reads across messages. */
	EXPECT_TRUE(WriteFile(s, m1, sizeof(m1), &n, NULL));
	EXPECT_EQ(sizeof(m1), n);
	EXPECT_TRUE(WriteFile(s, m2, sizeof(m2), &n, NULL));
	n = SENT;
	EXPECT_TRUE(ReadFile(c, b, sizeof(b), &n, NULL));
	EXPECT_EQ(sizeof(m1) + sizeof(m2), n);
	EXPECT_EQ(0, memcmp(b, m1, sizeof(m1)));
	EXPECT_EQ(0, memcmp(b + sizeof(m1), m2, sizeof(m2)));

	/* Server in message read mode: one message per read, MORE_DATA. */
	EXPECT_TRUE(WriteFile(c, m1, sizeof(m1), &n, NULL));
	EXPECT_TRUE(WriteFile(c, m2, sizeof(m2), &n, NULL));
	n = SENT;
	EXPECT_ERR(ReadFile(s, b, 4, &n, NULL), ERROR_MORE_DATA);
	EXPECT_EQ(4, n);
	EXPECT_ERR(ReadFile(s, b + 4, 4, &n, NULL), ERROR_MORE_DATA);
	EXPECT_EQ(4, n);
	EXPECT_TRUE(ReadFile(s, b + 8, sizeof(b) - 8, &n, NULL));
	EXPECT_EQ(sizeof(m1) - 8, n);
	EXPECT_EQ(0, memcmp(b, m1, sizeof(m1)));
	EXPECT_TRUE(ReadFile(s, b, sizeof(b), &n, NULL));
	EXPECT_EQ(sizeof(m2), n);
	EXPECT_EQ(0, memcmp(b, m2, sizeof(m2)));

	/* Client switched to message read mode. */
	mode = PIPE_READMODE_MESSAGE;
	EXPECT_TRUE(SetNamedPipeHandleState(c, &mode, NULL, NULL));
	EXPECT_TRUE(WriteFile(s, m1, sizeof(m1), &n, NULL));
	EXPECT_TRUE(WriteFile(s, m2, sizeof(m2), &n, NULL));
	EXPECT_TRUE(ReadFile(c, b, sizeof(b), &n, NULL));
	EXPECT_EQ(sizeof(m1), n);
	EXPECT_TRUE(ReadFile(c, b, sizeof(b), &n, NULL));
	EXPECT_EQ(sizeof(m2), n);

	/* Zero-length message. */
	n = SENT;
	EXPECT_TRUE(WriteFile(s, m1, 0, &n, NULL));
	EXPECT_EQ(0, n);
	n = SENT;
	EXPECT_TRUE(ReadFile(c, b, sizeof(b), &n, NULL));
	EXPECT_EQ(0, n);

	/* Peer closed: data first, then ERROR_BROKEN_PIPE / ERROR_NO_DATA. */
	EXPECT_TRUE(WriteFile(c, m2, sizeof(m2), &n, NULL));
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(ReadFile(s, b, sizeof(b), &n, NULL));
	EXPECT_EQ(sizeof(m2), n);
	n = SENT;
	EXPECT_ERR(ReadFile(s, b, sizeof(b), &n, NULL), ERROR_BROKEN_PIPE);
	EXPECT_EQ(0, n);
	EXPECT_ERR(ReadFile(s, b, 0, &n, NULL), ERROR_BROKEN_PIPE);
	EXPECT_ERR(PeekNamedPipe(s, NULL, 0, NULL, &n, NULL), ERROR_BROKEN_PIPE);
	EXPECT_ERR(WriteFile(s, m1, sizeof(m1), &n, NULL), ERROR_NO_DATA);
	EXPECT_TRUE(CloseHandle(s));
}

TEST(read_write_byte_and_direction)
{
	PNAME(name);
	HANDLE s, c;
	char b[32];
	DWORD n;
	struct job j = { .op = J_READ };

	REQUIRE_DEV();
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_BYTE, &s, &c));
	/* Byte pipe: short reads are no error; no MORE_DATA. */
	EXPECT_TRUE(WriteFile(c, "0123456789", 10, &n, NULL));
	EXPECT_TRUE(ReadFile(s, b, 4, &n, NULL));
	EXPECT_EQ(4, n);
	EXPECT_TRUE(ReadFile(s, b, sizeof(b), &n, NULL));
	EXPECT_EQ(6, n);
	EXPECT_EQ(0, memcmp(b, "456789", 6));
	/* Zero-length write on a byte pipe does nothing. */
	EXPECT_TRUE(WriteFile(c, b, 0, &n, NULL));
	EXPECT_EQ(0, n);
	/* A waiting read completes with what arrives. */
	j.h = s;
	j.len = sizeof(j.buf);
	job_start(&j);
	ASSERT_TRUE(job_blocked(&j, 150));
	EXPECT_TRUE(WriteFile(c, "xy", 2, &n, NULL));
	ASSERT_TRUE(job_join(&j));
	EXPECT_TRUE(j.ret);
	EXPECT_EQ(2, j.bytes);
	/* A waiting read fails when the peer closes. */
	job_start(&j);
	ASSERT_TRUE(job_blocked(&j, 150));
	EXPECT_TRUE(CloseHandle(c));
	ASSERT_TRUE(job_join(&j));
	EXPECT_FALSE(j.ret);
	EXPECT_EQ(ERROR_BROKEN_PIPE, j.err);
	EXPECT_TRUE(CloseHandle(s));

	/* Server of an inbound pipe may only read; outbound only write. */
	s = mkserver(name, PIPE_ACCESS_INBOUND, PIPE_TYPE_BYTE, 1, 64, 64);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	c = mkclient(name, GENERIC_WRITE);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	EXPECT_ERR(WriteFile(s, "x", 1, &n, NULL), ERROR_ACCESS_DENIED);
	EXPECT_ERR(ReadFile(c, b, 1, &n, NULL), ERROR_ACCESS_DENIED);
	EXPECT_TRUE(WriteFile(c, "x", 1, &n, NULL));
	EXPECT_TRUE(ReadFile(s, b, 1, &n, NULL));
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));

	/* Bad handles and buffers. */
	n = SENT;
	EXPECT_ERR(ReadFile(INVALID_HANDLE_VALUE, b, 0, &n, NULL),
		   ERROR_INVALID_HANDLE);
	EXPECT_EQ(0, n);
	n = SENT;
	EXPECT_ERR(WriteFile(NULL, b, 1, &n, NULL), ERROR_INVALID_HANDLE);
	EXPECT_EQ(0, n);
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_BYTE, &s, &c));
	EXPECT_ERR(WriteFile(c, (void *)8, 4, &n, NULL), ERROR_NOACCESS);
	EXPECT_TRUE(WriteFile(c, "abcd", 4, &n, NULL));
	EXPECT_ERR(ReadFile(s, (void *)8, 4, &n, NULL), ERROR_NOACCESS);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));
}

TEST(peek)
{
	PNAME(name);
	HANDLE s, c, f;
	char b[32];
	DWORD n, avail, left;
	static const char m1[] = "Bit Bucket", m2[] = "More bits";

	REQUIRE_DEV();
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE,
			    &s, &c));
	avail = left = SENT;
	EXPECT_TRUE(PeekNamedPipe(c, NULL, 0, NULL, &avail, &left));
	EXPECT_EQ(0, avail);
	EXPECT_EQ(0, left);
	EXPECT_TRUE(WriteFile(s, m1, sizeof(m1), &n, NULL));
	EXPECT_TRUE(WriteFile(s, m2, sizeof(m2), &n, NULL));
	n = avail = left = SENT;
	EXPECT_TRUE(PeekNamedPipe(c, b, 4, &n, &avail, &left));
	EXPECT_EQ(4, n);
	EXPECT_EQ(sizeof(m1) + sizeof(m2), avail);
	EXPECT_EQ(sizeof(m1) - 4, left);
	EXPECT_EQ(0, memcmp(b, m1, 4));
	/* Whole buffer: the first message only, whatever the read mode. */
	EXPECT_TRUE(PeekNamedPipe(c, b, sizeof(b), &n, &avail, &left));
	EXPECT_EQ(sizeof(m1), n);
	EXPECT_EQ(0, left);
	/* NULL buffer with a size still reports the counts. */
	EXPECT_TRUE(PeekNamedPipe(c, NULL, 4, &n, &avail, &left));
	EXPECT_EQ(4, n);
	EXPECT_TRUE(PeekNamedPipe(c, (LPVOID)1, 0, NULL, &avail, NULL));
	EXPECT_EQ(sizeof(m1) + sizeof(m2), avail);
	/* Nothing was consumed. */
	EXPECT_TRUE(ReadFile(c, b, sizeof(b), &n, NULL));
	EXPECT_EQ(sizeof(m1) + sizeof(m2), n);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));

	/* Byte pipe: no message length. */
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_BYTE, &s, &c));
	EXPECT_TRUE(WriteFile(c, "abcdef", 6, &n, NULL));
	n = avail = left = SENT;
	EXPECT_TRUE(PeekNamedPipe(s, NULL, 0, &n, &avail, &left));
	EXPECT_EQ(0, n);
	EXPECT_EQ(6, avail);
	EXPECT_EQ(0, left);
	/* Peer gone: data still peekable, then BROKEN_PIPE, outputs kept. */
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(PeekNamedPipe(s, b, 3, &n, &avail, NULL));
	EXPECT_EQ(3, n);
	EXPECT_TRUE(ReadFile(s, b, sizeof(b), &n, NULL));
	n = avail = left = SENT;
	EXPECT_ERR(PeekNamedPipe(s, b, sizeof(b), &n, &avail, &left),
		   ERROR_BROKEN_PIPE);
	EXPECT_EQ(SENT, n);
	EXPECT_EQ(SENT, avail);
	EXPECT_EQ(SENT, left);
	EXPECT_TRUE(CloseHandle(s));

	/* Not a pipe. */
	f = CreateFileA("/dev/null", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, f);
	EXPECT_ERR(PeekNamedPipe(f, NULL, 0, NULL, &avail, NULL),
		   ERROR_INVALID_FUNCTION);
	EXPECT_ERR(PeekNamedPipe(INVALID_HANDLE_VALUE, NULL, 0, NULL, &avail,
				 NULL), ERROR_INVALID_HANDLE);
	EXPECT_TRUE(CloseHandle(f));
}

TEST(handle_state)
{
	PNAME(name);
	HANDLE s, c, f;
	DWORD state, inst, coll, tmo, mode;
	char user[64];

	REQUIRE_DEV();
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT, 2,
		     1024, 1024);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	EXPECT_TRUE(GetNamedPipeHandleStateA(s, NULL, NULL, NULL, NULL, NULL, 0));
	state = inst = SENT;
	EXPECT_TRUE(GetNamedPipeHandleStateA(s, &state, &inst, NULL, NULL, NULL, 0));
	EXPECT_EQ(0, state);
	EXPECT_EQ(1, inst);
	EXPECT_ERR(GetNamedPipeHandleStateA(s, &state, &inst, &coll, &tmo,
					    NULL, 0), ERROR_INVALID_PARAMETER);
	EXPECT_ERR(GetNamedPipeHandleStateA(s, NULL, NULL, NULL, NULL, user,
					    sizeof(user)),
		   ERROR_CANNOT_IMPERSONATE);
	/* A byte-type pipe cannot be switched to message read mode. */
	mode = PIPE_READMODE_MESSAGE;
	EXPECT_ERR(SetNamedPipeHandleState(s, &mode, NULL, NULL),
		   ERROR_INVALID_PARAMETER);
	mode = 0x10;
	EXPECT_ERR(SetNamedPipeHandleState(s, &mode, NULL, NULL),
		   ERROR_INVALID_PARAMETER);
	c = mkclient(name, GENERIC_READ | GENERIC_WRITE);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	mode = PIPE_READMODE_BYTE;
	EXPECT_TRUE(SetNamedPipeHandleState(c, &mode, NULL, NULL));
	mode = PIPE_READMODE_MESSAGE;
	EXPECT_ERR(SetNamedPipeHandleState(c, &mode, NULL, NULL),
		   ERROR_INVALID_PARAMETER);
	mode = PIPE_NOWAIT;
	EXPECT_TRUE(SetNamedPipeHandleState(c, &mode, NULL, NULL));
	EXPECT_TRUE(GetNamedPipeHandleStateA(c, &state, &inst, NULL, NULL, NULL, 0));
	EXPECT_EQ(PIPE_NOWAIT, state);
	EXPECT_EQ(1, inst);
	coll = 1;
	EXPECT_ERR(SetNamedPipeHandleState(c, NULL, &coll, NULL),
		   ERROR_INVALID_PARAMETER);
	EXPECT_ERR(GetNamedPipeHandleStateA(c, NULL, NULL, NULL, NULL, user,
					    sizeof(user)),
		   ERROR_INVALID_PARAMETER);
	/* The client's user name, from the server. */
	memset(user, 0, sizeof(user));
	EXPECT_TRUE(GetNamedPipeHandleStateA(s, NULL, NULL, NULL, NULL, user,
					     sizeof(user)));
	EXPECT_NE(0, user[0]);
	EXPECT_ERR(GetNamedPipeHandleStateA(s, NULL, NULL, NULL, NULL, user, 1),
		   ERROR_INSUFFICIENT_BUFFER);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));

	/* Message-type pipe: both ends switch freely. */
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE |
		     PIPE_READMODE_MESSAGE, 1, 1024, 1024);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	EXPECT_TRUE(GetNamedPipeHandleStateA(s, &state, NULL, NULL, NULL, NULL, 0));
	EXPECT_EQ(PIPE_READMODE_MESSAGE, state);
	mode = PIPE_READMODE_BYTE;
	EXPECT_TRUE(SetNamedPipeHandleState(s, &mode, NULL, NULL));
	EXPECT_TRUE(GetNamedPipeHandleStateA(s, &state, NULL, NULL, NULL, NULL, 0));
	EXPECT_EQ(0, state);
	c = mkclient(name, GENERIC_READ | GENERIC_WRITE);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	EXPECT_TRUE(GetNamedPipeHandleStateA(c, &state, NULL, NULL, NULL, NULL, 0));
	EXPECT_EQ(0, state);	/* clients start in byte read mode */
	mode = PIPE_READMODE_MESSAGE | PIPE_NOWAIT;
	EXPECT_TRUE(SetNamedPipeHandleState(c, &mode, NULL, NULL));
	EXPECT_TRUE(GetNamedPipeHandleStateA(c, &state, NULL, NULL, NULL, NULL, 0));
	EXPECT_EQ(PIPE_READMODE_MESSAGE | PIPE_NOWAIT, state);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));

	f = CreateFileA("/dev/null", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, f);
	EXPECT_ERR(GetNamedPipeHandleStateA(f, &state, NULL, NULL, NULL, NULL, 0),
		   ERROR_INVALID_FUNCTION);
	EXPECT_TRUE(CloseHandle(f));
	EXPECT_ERR(GetNamedPipeHandleStateA(NULL, &state, NULL, NULL, NULL,
					    NULL, 0), ERROR_INVALID_HANDLE);
	EXPECT_ERR(SetNamedPipeHandleState(NULL, &mode, NULL, NULL),
		   ERROR_INVALID_HANDLE);
}

TEST(pipe_info)
{
	PNAME(name);
	HANDLE s, c;
	DWORD flags, out, in, max;

	REQUIRE_DEV();
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 1024, 1024);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	check_pipe_info(s, PIPE_SERVER_END | PIPE_TYPE_BYTE, 1024, 1024, 1);
	EXPECT_TRUE(GetNamedPipeInfo(s, NULL, NULL, NULL, NULL));
	EXPECT_TRUE(CloseHandle(s));

	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE | PIPE_NOWAIT,
		     PIPE_UNLIMITED_INSTANCES, 0xf000, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	check_pipe_info(s, PIPE_SERVER_END | PIPE_TYPE_MESSAGE, 0xf000, 0,
			PIPE_UNLIMITED_INSTANCES);
	c = mkclient(name, GENERIC_READ);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	flags = out = in = max = SENT;
	EXPECT_TRUE(GetNamedPipeInfo(c, &flags, &out, &in, &max));
	EXPECT_EQ(PIPE_CLIENT_END | PIPE_TYPE_MESSAGE, flags);
	EXPECT_EQ(0xf000, out);
	EXPECT_EQ(0, in);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));
	EXPECT_ERR(GetNamedPipeInfo(INVALID_HANDLE_VALUE, &flags, NULL, NULL,
				    NULL), ERROR_INVALID_HANDLE);
}

TEST(wait_named_pipe)
{
	PNAME(name);
	HANDLE s, c;
	struct job j = { .op = J_WAIT }, cr = { .op = J_CREATE };
	uint64_t t0;

	REQUIRE_DEV();
	EXPECT_ERR(WaitNamedPipeA(name, 2000), ERROR_FILE_NOT_FOUND);
	EXPECT_ERR(WaitNamedPipeA(name, NMPWAIT_USE_DEFAULT_WAIT),
		   ERROR_FILE_NOT_FOUND);
	EXPECT_ERR(WaitNamedPipeA(NULL, 1), ERROR_PATH_NOT_FOUND);
	EXPECT_ERR(WaitNamedPipeA("not a pipe", 1), ERROR_INVALID_NAME);
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 4, 64, 64);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	EXPECT_TRUE(WaitNamedPipeA(name, 1));
	EXPECT_TRUE(WaitNamedPipeA(name, NMPWAIT_WAIT_FOREVER));
	c = mkclient(name, GENERIC_READ | GENERIC_WRITE);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	/* Busy: times out after the given time. */
	t0 = now_ms();
	EXPECT_ERR(WaitNamedPipeA(name, 200), ERROR_SEM_TIMEOUT);
	EXPECT_LE(190, now_ms() - t0);
	/* Default timeout (50 ms here). */
	t0 = now_ms();
	EXPECT_ERR(WaitNamedPipeA(name, NMPWAIT_USE_DEFAULT_WAIT),
		   ERROR_SEM_TIMEOUT);
	EXPECT_LE(45, now_ms() - t0);
	/* A new instance wakes a waiter. */
	j.name = name;
	j.arg = 5000;
	job_start(&j);
	ASSERT_TRUE(job_blocked(&j, 150));
	cr.name = name;
	job_start(&cr);
	ASSERT_TRUE(job_join(&cr));
	ASSERT_TRUE(cr.ret);
	ASSERT_TRUE(job_join(&j));
	EXPECT_TRUE(j.ret);
	EXPECT_TRUE(CloseHandle(cr.h));
	/* Disconnect + connect makes the instance listen again. */
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(DisconnectNamedPipe(s));
	EXPECT_ERR(WaitNamedPipeA(name, 100), ERROR_SEM_TIMEOUT);
	EXPECT_TRUE(CloseHandle(s));
	EXPECT_ERR(WaitNamedPipeA(name, 100), ERROR_FILE_NOT_FOUND);
}

TEST(transact)
{
	PNAME(name);
	HANDLE s, c;
	char b[64];
	DWORD n, mode;
	struct job j = { .op = J_TRANSACT_SRV };

	REQUIRE_DEV();
	/* Byte-type pipe, and message type in byte read mode: BAD_PIPE. */
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_BYTE, &s, &c));
	EXPECT_ERR(TransactNamedPipe(c, "ab", 2, b, 1, &n, NULL), ERROR_BAD_PIPE);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE,
			    &s, &c));
	EXPECT_ERR(TransactNamedPipe(c, "ab", 2, b, 1, &n, NULL), ERROR_BAD_PIPE);
	mode = PIPE_READMODE_MESSAGE;
	ASSERT_TRUE(SetNamedPipeHandleState(c, &mode, NULL, NULL));
	/* Data waiting for the caller: PIPE_BUSY, nothing sent. */
	EXPECT_TRUE(WriteFile(s, "x", 1, &n, NULL));
	EXPECT_ERR(TransactNamedPipe(c, "ab", 2, b, 1, &n, NULL), ERROR_PIPE_BUSY);
	EXPECT_TRUE(ReadFile(c, b, sizeof(b), &n, NULL));
	EXPECT_TRUE(PeekNamedPipe(s, NULL, 0, NULL, &n, NULL));
	EXPECT_EQ(0, n);
	/* A transaction against an echo thread. */
	j.h = s;
	job_start(&j);
	n = SENT;
	EXPECT_TRUE(TransactNamedPipe(c, "hello", 5, b, sizeof(b), &n, NULL));
	EXPECT_EQ(8, n);
	EXPECT_EQ(0, memcmp(b, "re:hello", 8));
	ASSERT_TRUE(job_join(&j));
	EXPECT_TRUE(j.ret);
	/* Reply larger than the buffer: MORE_DATA, rest readable. */
	job_start(&j);
	n = SENT;
	EXPECT_ERR(TransactNamedPipe(c, "hello", 5, b, 4, &n, NULL),
		   ERROR_MORE_DATA);
	EXPECT_EQ(4, n);
	EXPECT_TRUE(ReadFile(c, b + 4, sizeof(b) - 4, &n, NULL));
	EXPECT_EQ(4, n);
	EXPECT_EQ(0, memcmp(b, "re:hello", 8));
	ASSERT_TRUE(job_join(&j));
	EXPECT_ERR(TransactNamedPipe(INVALID_HANDLE_VALUE, "a", 1, b, 1, &n,
				     NULL), ERROR_INVALID_HANDLE);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));
}

TEST(call_named_pipe)
{
	PNAME(name);
	HANDLE s;
	char b[64];
	DWORD n;
	struct job j = { .op = J_TRANSACT_SRV };

	REQUIRE_DEV();
	EXPECT_ERR(CallNamedPipeA(name, "a", 1, b, sizeof(b), &n, 10),
		   ERROR_FILE_NOT_FOUND);
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE |
		     PIPE_READMODE_MESSAGE, 1, 1024, 1024);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	j.h = s;
	job_start(&j);
	n = SENT;
	EXPECT_TRUE(CallNamedPipeA(name, "ping", 4, b, sizeof(b), &n,
				   NMPWAIT_WAIT_FOREVER));
	EXPECT_EQ(7, n);
	EXPECT_EQ(0, memcmp(b, "re:ping", 7));
	ASSERT_TRUE(job_join(&j));
	EXPECT_TRUE(DisconnectNamedPipe(s));
	/* Reply too large: MORE_DATA, the rest is discarded. */
	job_start(&j);
	n = SENT;
	EXPECT_ERR(CallNamedPipeA(name, "ping", 4, b, 3, &n, 1000),
		   ERROR_MORE_DATA);
	EXPECT_EQ(3, n);
	ASSERT_TRUE(job_join(&j));
	EXPECT_TRUE(DisconnectNamedPipe(s));
	/* Busy instance: waits nTimeOut once, then the wait's error. */
	{
		HANDLE c = mkclient(name, GENERIC_READ | GENERIC_WRITE);

		EXPECT_EQ(INVALID_HANDLE_VALUE, c);	/* disconnected */
	}
	EXPECT_ERR(CallNamedPipeA(name, "ping", 4, b, 3, &n, 100),
		   ERROR_SEM_TIMEOUT);
	EXPECT_TRUE(CloseHandle(s));
}

TEST(flush)
{
	PNAME(name);
	HANDLE s, c;
	char b[64];
	DWORD n;
	struct job j = { .op = J_FLUSH };

	REQUIRE_DEV();
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_BYTE, &s, &c));
	EXPECT_TRUE(FlushFileBuffers(s));	/* nothing unread */
	EXPECT_TRUE(WriteFile(s, "abc", 3, &n, NULL));
	j.h = s;
	job_start(&j);
	ASSERT_TRUE(job_blocked(&j, 150));	/* waits for the reader */
	EXPECT_TRUE(ReadFile(c, b, sizeof(b), &n, NULL));
	ASSERT_TRUE(job_join(&j));
	EXPECT_TRUE(j.ret);
	/* Peer closed while a flush waits: ERROR_BROKEN_PIPE. */
	EXPECT_TRUE(WriteFile(s, "abc", 3, &n, NULL));
	job_start(&j);
	ASSERT_TRUE(job_blocked(&j, 150));
	EXPECT_TRUE(CloseHandle(c));
	ASSERT_TRUE(job_join(&j));
	EXPECT_FALSE(j.ret);
	EXPECT_EQ(ERROR_BROKEN_PIPE, j.err);
	/* Peer gone, nothing pending: TRUE. */
	EXPECT_TRUE(FlushFileBuffers(s));
	EXPECT_TRUE(CloseHandle(s));
	EXPECT_ERR(FlushFileBuffers(INVALID_HANDLE_VALUE), ERROR_INVALID_HANDLE);
}

/*
 * After DisconnectNamedPipe the client end answers every query and mode
 * change with ERROR_PIPE_NOT_CONNECTED, the server end still answers, and
 * a server without a client flushes at once (Wine's ntdll pipe.c,
 * test_pipe_state and test_pipe_local_info; ReactOS NpfsConnect).
 */
TEST(disconnected_client_queries)
{
	PNAME(name);
	HANDLE s, c;
	DWORD flags, state, mode = PIPE_READMODE_MESSAGE;

	REQUIRE_DEV();
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_MESSAGE, &s, &c));
	EXPECT_TRUE(DisconnectNamedPipe(s));
	flags = state = SENT;
	EXPECT_ERR(GetNamedPipeInfo(c, &flags, NULL, NULL, NULL),
		   ERROR_PIPE_NOT_CONNECTED);
	EXPECT_EQ(SENT, flags);
	EXPECT_ERR(GetNamedPipeHandleStateA(c, &state, NULL, NULL, NULL, NULL, 0),
		   ERROR_PIPE_NOT_CONNECTED);
	EXPECT_EQ(SENT, state);
	EXPECT_ERR(SetNamedPipeHandleState(c, &mode, NULL, NULL),
		   ERROR_PIPE_NOT_CONNECTED);
	EXPECT_ERR(FlushFileBuffers(c), ERROR_PIPE_NOT_CONNECTED);

	EXPECT_TRUE(GetNamedPipeInfo(s, &flags, NULL, NULL, NULL));
	EXPECT_EQ(PIPE_SERVER_END | PIPE_TYPE_MESSAGE, flags);
	EXPECT_TRUE(GetNamedPipeHandleStateA(s, &state, NULL, NULL, NULL, NULL, 0));
	EXPECT_EQ(PIPE_READMODE_BYTE | PIPE_WAIT, state);
	EXPECT_TRUE(FlushFileBuffers(s));		/* disconnected */
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));

	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 1024, 1024);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	EXPECT_TRUE(FlushFileBuffers(s));		/* listening */
	EXPECT_TRUE(CloseHandle(s));
}

/* SetNamedPipeHandleState needs FILE_WRITE_ATTRIBUTES (or write) access. */
TEST(set_handle_state_access)
{
	PNAME(name);
	HANDLE s, c;
	DWORD mode = PIPE_READMODE_MESSAGE, bad = 0x80;

	REQUIRE_DEV();
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE, 2, 1024, 1024);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	c = mkclient(name, GENERIC_READ);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	EXPECT_ERR(SetNamedPipeHandleState(c, &mode, NULL, NULL),
		   ERROR_ACCESS_DENIED);
	/* the access check comes before the parameters' */
	EXPECT_ERR(SetNamedPipeHandleState(c, &bad, NULL, NULL),
		   ERROR_ACCESS_DENIED);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));

	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE, 2, 1024, 1024);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	c = mkclient(name, GENERIC_READ | FILE_WRITE_ATTRIBUTES);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	EXPECT_TRUE(SetNamedPipeHandleState(c, &mode, NULL, NULL));
	EXPECT_ERR(SetNamedPipeHandleState(c, &bad, NULL, NULL),
		   ERROR_INVALID_PARAMETER);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));
}

TEST(process_ids)
{
	PNAME(name);
	HANDLE s, c;
	ULONG pid;

	REQUIRE_DEV();
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 64, 64);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	EXPECT_ERR(GetNamedPipeClientProcessId(s, &pid), ERROR_NOT_FOUND);
	pid = 0;
	EXPECT_TRUE(GetNamedPipeServerProcessId(s, &pid));
	EXPECT_EQ((ULONG)getpid(), pid);
	c = mkclient(name, GENERIC_READ | GENERIC_WRITE);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	EXPECT_ERR(GetNamedPipeClientProcessId(s, NULL),
		   ERROR_INSUFFICIENT_BUFFER);
	EXPECT_ERR(GetNamedPipeServerProcessId(s, NULL),
		   ERROR_INSUFFICIENT_BUFFER);
	pid = 0;
	EXPECT_TRUE(GetNamedPipeClientProcessId(s, &pid));
	EXPECT_EQ((ULONG)getpid(), pid);
	pid = 0;
	EXPECT_TRUE(GetNamedPipeClientProcessId(c, &pid));
	EXPECT_EQ((ULONG)getpid(), pid);
	pid = 0;
	EXPECT_TRUE(GetNamedPipeServerProcessId(c, &pid));
	EXPECT_EQ((ULONG)getpid(), pid);
	EXPECT_TRUE(DisconnectNamedPipe(s));
	EXPECT_ERR(GetNamedPipeClientProcessId(s, &pid), ERROR_NOT_FOUND);
	EXPECT_TRUE(GetNamedPipeServerProcessId(s, &pid));
	EXPECT_ERR(GetNamedPipeClientProcessId(c, &pid), ERROR_PIPE_NOT_CONNECTED);
	EXPECT_ERR(GetNamedPipeServerProcessId(c, &pid), ERROR_PIPE_NOT_CONNECTED);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));
	EXPECT_ERR(GetNamedPipeClientProcessId(INVALID_HANDLE_VALUE, &pid),
		   ERROR_INVALID_HANDLE);

	/* A client in another process. */
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 64, 64);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	{
		pid_t child = fork();
		int st;

		if (!child) {
			HANDLE h = mkclient(name, GENERIC_READ | GENERIC_WRITE);
			ULONG sp = 0;

			_exit(h == INVALID_HANDLE_VALUE ? 1 :
			      !GetNamedPipeServerProcessId(h, &sp) ? 2 :
			      sp != (ULONG)getppid() ? 3 :
			      !WriteFile(h, "x", 1, &sp, NULL) ? 4 : 0);
		}
		ASSERT_EQ(child, waitpid(child, &st, 0));
		EXPECT_EQ(0, WEXITSTATUS(st));
		EXPECT_TRUE(GetNamedPipeClientProcessId(s, &pid));
		EXPECT_EQ((ULONG)child, pid);
	}
	EXPECT_TRUE(CloseHandle(s));
}

TEST(close_and_std_handles)
{
	PNAME(name);
	HANDLE s, h;
	DWORD n, flags;

	REQUIRE_DEV();
	EXPECT_ERR(CloseHandle(NULL), ERROR_INVALID_HANDLE);
	EXPECT_ERR(CloseHandle(INVALID_HANDLE_VALUE), ERROR_INVALID_HANDLE);
	EXPECT_ERR(CloseHandle((HANDLE)(uintptr_t)0x7ffffff0), ERROR_INVALID_HANDLE);
	s = mkserver(name, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	EXPECT_TRUE(CloseHandle(s));
	EXPECT_ERR(CloseHandle(s), ERROR_INVALID_HANDLE);
	EXPECT_ERR(WriteFile(s, "x", 1, &n, NULL), ERROR_INVALID_HANDLE);

	h = GetStdHandle(STD_ERROR_HANDLE);
	EXPECT_NE(NULL, h);
	EXPECT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_EQ(h, GetStdHandle(STD_ERROR_HANDLE));
	EXPECT_TRUE(WriteFile(h, "", 0, &n, NULL));
	EXPECT_NE(NULL, GetStdHandle(STD_INPUT_HANDLE));
	EXPECT_NE(NULL, GetStdHandle(STD_OUTPUT_HANDLE));
	EXPECT_TRUE(GetHandleInformation(h, &flags));
	s = mkserver(name, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	EXPECT_EQ(FILE_TYPE_PIPE, GetFileType(s));
	EXPECT_TRUE(CloseHandle(s));
	SetLastError(SENT);
	EXPECT_EQ(FILE_TYPE_UNKNOWN, GetFileType(s));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	SetLastError(SENT);
	EXPECT_EQ(INVALID_HANDLE_VALUE, GetStdHandle(0));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	SetLastError(SENT);
	EXPECT_EQ(INVALID_HANDLE_VALUE, GetStdHandle((DWORD)-13));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
}

static void *set_error_thread(void *arg)
{
	SetLastError(1234);
	*(DWORD *)arg = GetLastError();
	return NULL;
}

TEST(last_error_is_per_thread)
{
	pthread_t t;
	DWORD other = 0;

	SetLastError(42);
	pthread_create(&t, NULL, set_error_thread, &other);
	pthread_join(t, NULL);
	EXPECT_EQ(1234, other);
	EXPECT_EQ(42, GetLastError());
}

TEST(security_access)
{
	PNAME(name);
	SECURITY_DESCRIPTOR sd;
	SECURITY_ATTRIBUTES sa = { sizeof(sa), &sd, FALSE };
	HANDLE s;
	int st;
	pid_t child;

	REQUIRE_DEV();
	if (getuid() != 0)
		SKIP(return, "needs root to switch users");
	/* Default: only the creating user may open. */
	s = mkserver(name, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	child = fork();
	if (!child) {
		if (setgid(65534) || setuid(65534))
			_exit(10);
		_exit(mkclient(name, GENERIC_READ | GENERIC_WRITE) ==
		      INVALID_HANDLE_VALUE && GetLastError() ==
		      ERROR_ACCESS_DENIED ? 0 : 1);
	}
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_TRUE(CloseHandle(s));

	/* NULL DACL: everyone. */
	EXPECT_TRUE(InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION));
	EXPECT_TRUE(SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE));
	s = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, &sa);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	child = fork();
	if (!child) {
		if (setgid(65534) || setuid(65534))
			_exit(10);
		_exit(mkclient(name, GENERIC_READ | GENERIC_WRITE) ==
		      INVALID_HANDLE_VALUE ? 1 : 0);
	}
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_TRUE(CloseHandle(s));

	/* Mode 0604: others may read only. */
	EXPECT_TRUE(NpSecurityDescriptorFromMode(&sd, 0604));
	s = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, &sa);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	child = fork();
	if (!child) {
		HANDLE c;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		if (mkclient(name, GENERIC_WRITE) != INVALID_HANDLE_VALUE ||
		    GetLastError() != ERROR_ACCESS_DENIED)
			_exit(1);
		c = mkclient(name, GENERIC_READ);
		_exit(c == INVALID_HANDLE_VALUE ? 2 : 0);
	}
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_TRUE(CloseHandle(s));
	EXPECT_ERR(NpSecurityDescriptorFromMode(&sd, 01000),
		   ERROR_INVALID_PARAMETER);
}

/*
 * Conformance details checked by Wine's dlls/kernel32/tests/pipe.c on
 * real Windows.
 */

/* PeekNamedPipe: lpBytesLeftThisMessage is the message length minus the
 * bytes copied, so a byte-type pipe (no message length) gives -copied. */
TEST(peek_left_this_message)
{
	PNAME(name);
	HANDLE s, c;
	char b[32];
	DWORD n, avail, left;
	static const char m1[] = "Bit Bucket", m2[] = "More bits";

	REQUIRE_DEV();
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_BYTE, &s, &c));
	EXPECT_TRUE(WriteFile(s, m1, sizeof(m1), &n, NULL));
	EXPECT_TRUE(WriteFile(s, m2, sizeof(m2), &n, NULL));
	n = avail = left = SENT;
	EXPECT_TRUE(PeekNamedPipe(c, b, 4, &n, &avail, &left));
	EXPECT_EQ(4, n);
	EXPECT_EQ(sizeof(m1) + sizeof(m2), avail);
	EXPECT_EQ((DWORD)-4, left);
	EXPECT_TRUE(PeekNamedPipe(c, b, sizeof(b), &n, &avail, &left));
	EXPECT_EQ(sizeof(m1) + sizeof(m2), n);
	EXPECT_EQ((DWORD)-(sizeof(m1) + sizeof(m2)), left);
	EXPECT_TRUE(PeekNamedPipe(c, NULL, 0, NULL, &avail, &left));
	EXPECT_EQ(0, left);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));

	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_MESSAGE, &s, &c));
	EXPECT_TRUE(WriteFile(c, m1, sizeof(m1), &n, NULL));
	EXPECT_TRUE(PeekNamedPipe(s, b, 4, &n, &avail, &left));
	EXPECT_EQ(4, n);
	EXPECT_EQ(sizeof(m1) - 4, left);
	EXPECT_TRUE(PeekNamedPipe(s, NULL, 0, NULL, &avail, &left));
	EXPECT_EQ(sizeof(m1), left);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));
}

/* With an OVERLAPPED on a synchronous handle: the status block gets the
 * result; a failure before any I/O leaves it STATUS_PENDING. */
TEST(overlapped_status_block)
{
	PNAME(name);
	HANDLE s, c;
	OVERLAPPED ov;
	char buf[512] = { 0 };
	DWORD n;

	REQUIRE_DEV();
	s = mkserver(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE |
		     PIPE_READMODE_MESSAGE | PIPE_WAIT, 1, 1024, 1024);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	c = mkclient(name, GENERIC_READ | GENERIC_WRITE);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);

	memset(&ov, 0, sizeof(ov));
	EXPECT_ERR(ConnectNamedPipe(s, &ov), ERROR_PIPE_CONNECTED);
	EXPECT_EQ(STATUS_PENDING, ov.Internal);

	EXPECT_TRUE(WriteFile(c, buf, sizeof(buf), &n, NULL));
	n = SENT;
	EXPECT_ERR(ReadFile(s, buf, 1, &n, NULL), ERROR_MORE_DATA);
	EXPECT_EQ(1, n);
	memset(&ov, 0, sizeof(ov));
	n = SENT;
	EXPECT_ERR(ReadFile(s, buf, 1, &n, &ov), ERROR_MORE_DATA);
	EXPECT_EQ(0, n);
	EXPECT_EQ(0x80000005, ov.Internal);	/* STATUS_BUFFER_OVERFLOW */
	EXPECT_EQ(1, ov.InternalHigh);
	memset(&ov, 0, sizeof(ov));
	EXPECT_TRUE(ReadFile(s, buf, sizeof(buf), &n, &ov));
	EXPECT_EQ(sizeof(buf) - 2, n);
	EXPECT_EQ(0, ov.Internal);
	EXPECT_EQ(sizeof(buf) - 2, ov.InternalHigh);

	EXPECT_TRUE(DisconnectNamedPipe(s));
	memset(&ov, 0, sizeof(ov));
	ov.InternalHigh = SENT;
	n = SENT;
	EXPECT_ERR(ReadFile(s, buf, 1, &n, &ov), ERROR_PIPE_NOT_CONNECTED);
	EXPECT_EQ(0, n);
	EXPECT_EQ(STATUS_PENDING, ov.Internal);
	EXPECT_EQ(SENT, ov.InternalHigh);
	memset(&ov, 0, sizeof(ov));
	ov.InternalHigh = SENT;
	n = SENT;
	EXPECT_ERR(WriteFile(s, buf, 1, &n, &ov), ERROR_PIPE_NOT_CONNECTED);
	EXPECT_EQ(0, n);
	EXPECT_EQ(STATUS_PENDING, ov.Internal);
	EXPECT_EQ(SENT, ov.InternalHigh);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));
}

/* Wine's test_CloseHandle: after the peer closes, queued data (also an
 * empty message) is read first; then reads fail with ERROR_BROKEN_PIPE,
 * writes with ERROR_NO_DATA, peek with ERROR_BROKEN_PIPE, outputs kept. */
TEST(read_after_peer_close)
{
	PNAME(name);
	static const char data[] = "Hello World";
	HANDLE s, c;
	char buf[32];
	DWORD n, state;

	REQUIRE_DEV();
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE,
			    &s, &c));
	EXPECT_TRUE(WriteFile(s, data, sizeof(data), &n, NULL));
	EXPECT_TRUE(CloseHandle(s));
	n = SENT;
	EXPECT_TRUE(ReadFile(c, buf, 0, &n, NULL));
	EXPECT_EQ(0, n);
	n = SENT;
	EXPECT_TRUE(PeekNamedPipe(c, NULL, 0, NULL, &n, NULL));
	EXPECT_EQ(sizeof(data), n);
	EXPECT_TRUE(ReadFile(c, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(sizeof(data), n);
	state = PIPE_READMODE_MESSAGE | PIPE_WAIT;
	EXPECT_TRUE(SetNamedPipeHandleState(c, &state, NULL, NULL));
	EXPECT_ERR(ReadFile(c, buf, 0, &n, NULL), ERROR_BROKEN_PIPE);
	n = SENT;
	EXPECT_ERR(PeekNamedPipe(c, NULL, 0, NULL, &n, NULL),
		   ERROR_BROKEN_PIPE);
	EXPECT_EQ(SENT, n);
	EXPECT_ERR(WriteFile(c, data, sizeof(data), &n, NULL), ERROR_NO_DATA);
	EXPECT_TRUE(CloseHandle(c));

	/* An empty message, then the writer closes. */
	ASSERT_EQ(0, mkpair(name, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE,
			    &s, &c));
	n = SENT;
	EXPECT_TRUE(WriteFile(c, data, 0, &n, NULL));
	EXPECT_EQ(0, n);
	EXPECT_TRUE(CloseHandle(c));
	n = SENT;
	EXPECT_TRUE(ReadFile(s, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(0, n);
	EXPECT_ERR(ReadFile(s, buf, 0, &n, NULL), ERROR_BROKEN_PIPE);
	EXPECT_ERR(WriteFile(s, data, sizeof(data), &n, NULL), ERROR_NO_DATA);
	EXPECT_TRUE(CloseHandle(s));
}

/* Anonymous pipes report nSize both ways and one instance (test_CreatePipe). */
TEST(create_pipe_info)
{
	HANDLE r, w;
	DWORD flags, out, in, max, n;
	char buf[8];

	REQUIRE_DEV();
	ASSERT_TRUE(CreatePipe(&r, &w, NULL, 1));
	check_pipe_info(r, PIPE_SERVER_END, 1, 1, 1);
	check_pipe_info(w, PIPE_CLIENT_END, 1, 1, 1);
	EXPECT_TRUE(CloseHandle(w));
	EXPECT_TRUE(CloseHandle(r));

	ASSERT_TRUE(CreatePipe(&r, &w, NULL, 0));
	flags = out = in = max = SENT;
	EXPECT_TRUE(GetNamedPipeInfo(w, &flags, &out, &in, &max));
	EXPECT_EQ(4096, out);
	EXPECT_EQ(4096, in);
	EXPECT_TRUE(WriteFile(w, "ab", 2, &n, NULL));
	EXPECT_EQ(2, n);
	EXPECT_TRUE(CloseHandle(w));
	EXPECT_TRUE(ReadFile(r, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(2, n);
	EXPECT_ERR(ReadFile(r, buf, sizeof(buf), &n, NULL), ERROR_BROKEN_PIPE);
	EXPECT_EQ(0, n);
	EXPECT_TRUE(CloseHandle(r));
	EXPECT_ERR(CloseHandle(r), ERROR_INVALID_HANDLE);
}

TEST_HARNESS_MAIN
