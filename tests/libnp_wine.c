// SPDX-License-Identifier: GPL-2.0
/*
 * libnp Win32 layer against Wine's conformance tests of named and anonymous
 * pipes (dlls/kernel32/tests/pipe.c, which runs on real Windows): every
 * synchronous check of it that our API surface supports, ported one test
 * function at a time, in Wine's order of calls and with Windows' values.
 *
 * How the port maps Wine's tools:
 *  - a pending overlapped operation (ReadFile/WriteFile/TransactNamedPipe/
 *    ConnectNamedPipe returning ERROR_IO_PENDING) is a thread doing the
 *    blocking call; "pending" is checked by waiting until that thread
 *    sleeps in the kernel, test_not_signaled() by checking that it has not
 *    returned, test_overlapped_result() by joining it;
 *  - a synchronous call with an OVERLAPPED on Wine's overlapped handles is
 *    the same call with an OVERLAPPED on a synchronous handle: Windows then
 *    reports the result in the status block (what GetOverlappedResult
 *    reads back) and, for ERROR_MORE_DATA, no count in *lpNumberOfBytes;
 *  - CreateThread is pthread_create, a child process is fork().
 * Wine's checks that this cannot express (CancelIoEx, completion ports,
 * APCs, ReadFileEx, impersonation, NtQueryInformationFile access masks,
 * session ids) are left out, each at its place, with a comment.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "npwin32.h"
#include "libnp_test.h"

#define STATUS_SUCCESS		0x00000000
#define STATUS_BUFFER_OVERFLOW	0x80000005
#define FILE_PIPE_SERVER_END	0x00000001

/* Wine's PIPENAME, made unique per test and process: "\\.\PiPe\tests_pipe.c-..." */
static const char *mkname(char *buf, size_t size, const char *tag)
{
	return libnp_mkname(buf, size, "\\\\.\\PiPe\\tests_pipe.c-", tag);
}
#define PIPENAME_VAR(var) char var[300]; mkname(var, sizeof(var), __func__)

/* A comparison inside a helper also names the caller's line. */
#define EXPECT_EQ_AT(line, exp, seen) do { \
	DWORD __e = (DWORD)(exp), __s = (DWORD)(seen); \
	if (__e != __s) \
		TH_LOG("  (called from line %d)", line); \
	EXPECT_EQ(__e, __s); \
} while (0)

static char big_buf[60000];	/* Wine's "buf", memset to 0xaa */

static void init_big_buf(void)
{
	memset(big_buf, 0xaa, sizeof(big_buf));
}

/* ==== a thread doing one blocking call ("pending overlapped I/O") ==== */

enum { OP_READ, OP_WRITE, OP_FLUSH, OP_TRANSACT, OP_CONNECT, OP_WAIT };

struct job {
	pthread_t th;
	int op;
	HANDLE h;
	const char *name;	/* OP_WAIT */
	const void *wbuf;	/* OP_WRITE, OP_TRANSACT */
	DWORD wlen;
	DWORD rlen;		/* OP_READ, OP_TRANSACT: into buf */
	DWORD timeout;		/* OP_WAIT */
	int use_ov;		/* pass ov (OP_READ, OP_WRITE) */
	OVERLAPPED ov;
	int started;
	int tid;
	int done;
	BOOL ret;
	DWORD err;
	DWORD bytes;
	char buf[32768];
};

static void *job_main(void *arg)
{
	struct job *j = arg;

	__atomic_store_n(&j->tid, (int)gettid(), __ATOMIC_RELEASE);
	SetLastError(SENT);
	j->bytes = SENT;
	switch (j->op) {
	case OP_READ:
		j->ret = ReadFile(j->h, j->buf, j->rlen, &j->bytes,
				  j->use_ov ? &j->ov : NULL);
		break;
	case OP_WRITE:
		j->ret = WriteFile(j->h, j->wbuf, j->wlen, &j->bytes,
				   j->use_ov ? &j->ov : NULL);
		break;
	case OP_FLUSH:
		j->ret = FlushFileBuffers(j->h);
		break;
	case OP_TRANSACT:
		j->ret = TransactNamedPipe(j->h, (void *)j->wbuf, j->wlen,
					   j->buf, j->rlen, &j->bytes, NULL);
		break;
	case OP_CONNECT:
		j->ret = ConnectNamedPipe(j->h, NULL);
		break;
	case OP_WAIT:
		j->ret = WaitNamedPipeA(j->name, j->timeout);
		break;
	}
	j->err = GetLastError();
	__atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* 1 if thread @tid sleeps in an ioctl (a blocking npipe call). */
static int sleeping_in_ioctl(int tid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ' || p[2] != 'S')
		return 0;
	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 1;	/* no syscall file: the state must do */
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 1;
	buf[n] = 0;
	return strtol(buf, NULL, 10) == SYS_ioctl;
}

/*
 * Start @j and wait until it either returned or sleeps in the kernel:
 * 1 if it is pending (blocked), 0 if it completed at once.
 */
static int job_start(struct job *j)
{
	int i, tid;

	j->started = 1;
	j->done = 0;
	j->tid = 0;
	pthread_create(&j->th, NULL, job_main, j);
	for (i = 0; i < 20000; i++) {
		if (__atomic_load_n(&j->done, __ATOMIC_ACQUIRE))
			return 0;
		tid = __atomic_load_n(&j->tid, __ATOMIC_ACQUIRE);
		if (tid && sleeping_in_ioctl(tid))
			return 1;
		usleep(500);
	}
	return !__atomic_load_n(&j->done, __ATOMIC_ACQUIRE);
}

/* Still pending a moment after what might have woken it. */
static int job_pending(struct job *j)
{
	usleep(50000);
	return !__atomic_load_n(&j->done, __ATOMIC_ACQUIRE);
}

/* Join @j (5 s at most): 1 if it has returned. */
static int job_join(struct job *j)
{
	struct timespec ts;

	if (!j->started)
		return 1;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	if (pthread_timedjoin_np(j->th, NULL, &ts))
		return 0;
	j->started = 0;
	return 1;
}

static struct job *new_job(int op, HANDLE h)
{
	struct job *j = calloc(1, sizeof(*j));

	j->op = op;
	j->h = h;
	return j;
}

/* A job left blocked must not be freed under its thread. */
static void free_job(struct job *j)
{
	if (j && !j->started)
		free(j);
}

/* overlapped_read_async / overlapped_write_async / test_flush_async... */
#define ASYNC(j) ASSERT_TRUE(job_start(j))
#define test_not_signaled(j) EXPECT_TRUE(job_pending(j))

/* test_overlapped_result: the pending call completed with this result. */
#define test_overlapped_result(j, expected, partial) \
	_test_overlapped_result(_metadata, __LINE__, j, expected, partial)
static void _test_overlapped_result(struct __test_metadata *_metadata,
				    int line, struct job *j, DWORD expected,
				    BOOL partial)
{
	if (!job_join(j)) {
		TH_LOG("line %d: the pending call did not complete", line);
		EXPECT_TRUE(0);
		return;
	}
	if (partial) {
		EXPECT_EQ_AT(line, FALSE, j->ret);
		EXPECT_EQ_AT(line, ERROR_MORE_DATA, j->err);
	} else {
		EXPECT_EQ_AT(line, TRUE, j->ret);
	}
	EXPECT_EQ_AT(line, expected, j->bytes);
}

#define test_overlapped_failure(j, error) \
	_test_overlapped_failure(_metadata, __LINE__, j, error)
static void _test_overlapped_failure(struct __test_metadata *_metadata,
				     int line, struct job *j, DWORD error)
{
	if (!job_join(j)) {
		TH_LOG("line %d: the pending call did not complete", line);
		EXPECT_TRUE(0);
		return;
	}
	EXPECT_EQ_AT(line, FALSE, j->ret);
	EXPECT_EQ_AT(line, error, j->err);
	if (j->op == OP_READ || j->op == OP_WRITE || j->op == OP_TRANSACT) {
		EXPECT_EQ_AT(line, 0, j->bytes);
	}
}

/* A pending call without a byte count (wait, connect) returned @ret. */
#define test_call_result(j, ret) _test_call_result(_metadata, __LINE__, j, ret)
static void _test_call_result(struct __test_metadata *_metadata, int line,
			      struct job *j, BOOL ret)
{
	if (!job_join(j)) {
		TH_LOG("line %d: the pending call did not complete", line);
		EXPECT_TRUE(0);
		return;
	}
	EXPECT_EQ_AT(line, ret, j->ret);
}

/* test_flush_done: the flush thread ended with the expected result. */
#define test_flush_done(j, error) \
	_test_flush_done(_metadata, __LINE__, j, error)
static void _test_flush_done(struct __test_metadata *_metadata, int line,
			     struct job *j, DWORD error)
{
	if (!job_join(j)) {
		TH_LOG("line %d: FlushFileBuffers did not return", line);
		EXPECT_TRUE(0);
		return;
	}
	EXPECT_EQ_AT(line, error == ERROR_SUCCESS, j->ret);
	if (error != ERROR_SUCCESS) {
		EXPECT_EQ_AT(line, error, j->err);
	}
}

/* ==== Wine's helpers ================================================= */

/* test_signaled: without overlapped I/O a pipe handle is signaled. */
#define test_signaled(h) EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(h, 0))

#define test_pipe_info(a, b, c, d, e) \
	_test_pipe_info(_metadata, __LINE__, a, b, c, d, e)
static void _test_pipe_info(struct __test_metadata *_metadata, int line,
			    HANDLE pipe, DWORD ex_flags, DWORD ex_out_buf_size,
			    DWORD ex_in_buf_size, DWORD ex_max_instances)
{
	DWORD flags = SENT, out_buf_size = SENT, in_buf_size = SENT;
	DWORD max_instances = SENT;
	BOOL res;

	res = GetNamedPipeInfo(pipe, &flags, &out_buf_size, &in_buf_size,
			       &max_instances);
	EXPECT_EQ_AT(line, TRUE, res);
	EXPECT_EQ_AT(line, ex_flags, flags);
	EXPECT_EQ_AT(line, ex_out_buf_size, out_buf_size);
	EXPECT_EQ_AT(line, ex_in_buf_size, in_buf_size);
	EXPECT_EQ_AT(line, ex_max_instances, max_instances);
}

/* test_peek_pipe (its NtFsControlFile(FSCTL_PIPE_PEEK) half left out). */
#define test_peek_pipe(a, b, c, d) \
	_test_peek_pipe(_metadata, __LINE__, a, b, c, d)
static void _test_peek_pipe(struct __test_metadata *_metadata, int line,
			    HANDLE pipe, DWORD expected_read,
			    DWORD expected_avail, DWORD expected_message_length)
{
	DWORD bytes_read = 0xdeadbeed, avail = SENT, left = 0xdeadbeed;
	static char buf[12000];
	BOOL r;

	r = PeekNamedPipe(pipe, buf, sizeof(buf), &bytes_read, &avail, &left);
	EXPECT_EQ_AT(line, TRUE, r);
	EXPECT_EQ_AT(line, expected_read, bytes_read);
	EXPECT_EQ_AT(line, expected_avail, avail);
	EXPECT_EQ_AT(line, expected_message_length - expected_read, left);

	if (expected_read) {
		r = PeekNamedPipe(pipe, buf, 1, &bytes_read, &avail, &left);
		EXPECT_EQ_AT(line, TRUE, r);
		EXPECT_EQ_AT(line, 1, bytes_read);
		EXPECT_EQ_AT(line, expected_avail, avail);
		EXPECT_EQ_AT(line, expected_message_length - 1, left);
	}
}

/*
 * overlapped_read_sync: a read that completes at once, with an OVERLAPPED;
 * Wine's GetOverlappedResult reads back the status block.
 */
/*
 * The calls Wine expects to complete at once are made from a thread too,
 * so that one that blocks here fails the test instead of hanging it.
 * Return: the finished job, or NULL (and the test is failed) if it blocked.
 */
static struct job *run_sync(struct __test_metadata *_metadata, int line,
			    struct job *j, const char *what)
{
	if (job_start(j)) {
		TH_LOG("line %d: %s blocked; on Windows it completes at once",
		       line, what);
		_metadata->passed = 0;
		return NULL;	/* the thread stays blocked: do not free */
	}
	job_join(j);
	return j;
}

/* The caller's ASSERT: end the test, its blocked thread with it. */
#define SYNC_OR_ABORT(j) do { if (!(j)) ASSERT_TRUE(0); } while (0)

/*
 * overlapped_read_sync: a read that completes at once, with an OVERLAPPED;
 * Wine's GetOverlappedResult reads back the status block.
 */
#define overlapped_read_sync(a, b, c, d, e) do { \
	struct job *__j = _overlapped_read_sync(_metadata, __LINE__, a, b, c, \
						d, e); \
	SYNC_OR_ABORT(__j); \
	free_job(__j); \
} while (0)
static struct job *_overlapped_read_sync(struct __test_metadata *_metadata,
					 int line, HANDLE reader, void *buf,
					 DWORD buf_size, DWORD expected_result,
					 BOOL partial_read)
{
	struct job *j = new_job(OP_READ, reader);

	j->rlen = buf_size;
	j->use_ov = 1;
	if (!run_sync(_metadata, line, j, "ReadFile"))
		return NULL;
	if (partial_read) {
		EXPECT_EQ_AT(line, FALSE, j->ret);
		EXPECT_EQ_AT(line, ERROR_MORE_DATA, j->err);
		EXPECT_EQ_AT(line, 0, j->bytes);
	} else {
		EXPECT_EQ_AT(line, TRUE, j->ret);
		EXPECT_EQ_AT(line, expected_result, j->bytes);
	}
	EXPECT_EQ_AT(line, partial_read ? STATUS_BUFFER_OVERFLOW :
		     STATUS_SUCCESS, j->ov.Internal);
	EXPECT_EQ_AT(line, expected_result, j->ov.InternalHigh);
	if (j->ov.InternalHigh <= buf_size)
		memcpy(buf, j->buf, j->ov.InternalHigh);
	return j;
}

#define overlapped_write_sync(a, b, c) do { \
	struct job *__j = _overlapped_write_sync(_metadata, __LINE__, a, b, c); \
	SYNC_OR_ABORT(__j); \
	free_job(__j); \
} while (0)
static struct job *_overlapped_write_sync(struct __test_metadata *_metadata,
					  int line, HANDLE writer,
					  const void *buf, DWORD size)
{
	struct job *j = new_job(OP_WRITE, writer);

	j->wbuf = buf;
	j->wlen = size;
	j->use_ov = 1;
	if (!run_sync(_metadata, line, j, "WriteFile"))
		return NULL;
	EXPECT_EQ_AT(line, TRUE, j->ret);
	EXPECT_EQ_AT(line, size, j->bytes);
	EXPECT_EQ_AT(line, STATUS_SUCCESS, j->ov.Internal);
	EXPECT_EQ_AT(line, size, j->ov.InternalHigh);
	return j;
}

#define test_flush_sync(a) do { \
	struct job *__j = run_sync(_metadata, __LINE__, \
				   new_job(OP_FLUSH, a), "FlushFileBuffers"); \
	SYNC_OR_ABORT(__j); \
	EXPECT_TRUE(__j->ret); \
	free_job(__j); \
} while (0)

static struct job *read_async(HANDLE reader, DWORD size)
{
	struct job *j = new_job(OP_READ, reader);

	j->rlen = size;
	return j;
}

static struct job *write_async(HANDLE writer, const void *buf, DWORD size)
{
	struct job *j = new_job(OP_WRITE, writer);

	j->wbuf = buf;
	j->wlen = size;
	return j;
}

static struct job *transact_async(HANDLE caller, const void *wbuf,
				  DWORD wsize, DWORD rsize)
{
	struct job *j = new_job(OP_TRANSACT, caller);

	j->wbuf = wbuf;
	j->wlen = wsize;
	j->rlen = rsize;
	return j;
}

/*
 * create_overlapped_pipe: a server instance with quotas 5000 out / 6000 in,
 * connected (ConnectNamedPipe pending, then the client's open completes
 * it), the client's read mode set to @mode's.  The client handle is
 * inheritable, as Wine's.
 */
static int create_overlapped_pipe(struct __test_metadata *_metadata,
				  const char *name, DWORD mode, HANDLE *client,
				  HANDLE *server)
{
	SECURITY_ATTRIBUTES sec_attr = { sizeof(sec_attr), NULL, TRUE };
	DWORD read_mode = mode & (PIPE_READMODE_BYTE | PIPE_READMODE_MESSAGE);
	struct job *c;
	BOOL res;

	*server = CreateNamedPipeA(name, FILE_FLAG_OVERLAPPED |
				   PIPE_ACCESS_DUPLEX, PIPE_WAIT | mode, 1,
				   5000, 6000, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, *server);
	if (*server == INVALID_HANDLE_VALUE)
		return -1;
	test_signaled(*server);

	c = new_job(OP_CONNECT, *server);
	EXPECT_TRUE(job_start(c));	/* ERROR_IO_PENDING */
	/* test_not_signaled(*server): the call in progress reset its event */
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(*server, 0));

	*client = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, &sec_attr,
			      OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, *client);

	res = SetNamedPipeHandleState(*client, &read_mode, NULL, NULL);
	EXPECT_TRUE(res);

	test_signaled(*client);
	/* (Wine's test_not_signaled(*server) here is the overlapped case:
	 * a completion sets the OVERLAPPED's event, not the handle's.) */
	test_call_result(c, TRUE);
	free_job(c);
	return *client == INVALID_HANDLE_VALUE ? -1 : 0;
}

/* RpcReadFile: ReadFile from another thread; its last error comes back. */
static BOOL rpc_read_file(HANDLE h, void *buf, DWORD len, DWORD *nread)
{
	struct job *j = new_job(OP_READ, h);
	BOOL ret;

	j->rlen = len;
	pthread_create(&j->th, NULL, job_main, j);
	pthread_join(j->th, NULL);
	memcpy(buf, j->buf, j->bytes <= len ? j->bytes : 0);
	*nread = j->bytes;
	ret = j->ret;
	SetLastError(j->err);
	free(j);
	return ret;
}

/* ==== test_CreateNamedPipe =========================================== */

static void do_CreateNamedPipe(struct __test_metadata *_metadata,
				 const char *PIPENAME, DWORD pipemode)
{
	HANDLE hnp;
	HANDLE hFile;
	static const char obuf[] = "Bit Bucket";
	static const char obuf2[] = "More bits";
	char ibuf[32], *pbuf, oddname[300];
	DWORD written;
	DWORD readden;
	DWORD avail;
	DWORD left;
	DWORD lpmode;
	BOOL ret;

	/* Wait for nonexistent pipe */
	EXPECT_ERR(WaitNamedPipeA(PIPENAME, 2000), ERROR_FILE_NOT_FOUND);

	/* Bad parameter checks */
	EXPECT_HERR(CreateNamedPipeA("not a named pipe", PIPE_ACCESS_DUPLEX,
				     pipemode | PIPE_WAIT, 1, 1024, 1024,
				     NMPWAIT_USE_DEFAULT_WAIT, NULL),
		    ERROR_INVALID_NAME);

	if (pipemode == PIPE_TYPE_BYTE) {
		EXPECT_HERR(CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX,
					     PIPE_TYPE_BYTE | PIPE_READMODE_MESSAGE,
					     1, 1024, 1024,
					     NMPWAIT_USE_DEFAULT_WAIT, NULL),
			    ERROR_INVALID_PARAMETER);
	}

	EXPECT_HERR(CreateNamedPipeA(NULL, PIPE_ACCESS_DUPLEX,
				     pipemode | PIPE_WAIT, 1, 1024, 1024,
				     NMPWAIT_USE_DEFAULT_WAIT, NULL),
		    ERROR_PATH_NOT_FOUND);

	EXPECT_HERR(CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
				OPEN_EXISTING, 0, 0), ERROR_FILE_NOT_FOUND);

	/* Functional checks */
	hnp = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX, pipemode | PIPE_WAIT,
			       1, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, hnp);
	test_signaled(hnp);
	/* test_file_access(): NtQueryInformationFile, not in our API */

	EXPECT_ERR(PeekNamedPipe(hnp, NULL, 0, NULL, &readden, NULL),
		   ERROR_BAD_PIPE);

	EXPECT_TRUE(WaitNamedPipeA(PIPENAME, 2000));

	hFile = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			    OPEN_EXISTING, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, hFile);

	EXPECT_ERR(WaitNamedPipeA(PIPENAME, 100), ERROR_SEM_TIMEOUT);

	/* Test ConnectNamedPipe() in both directions */
	EXPECT_ERR(ConnectNamedPipe(hnp, NULL), ERROR_PIPE_CONNECTED);
	EXPECT_ERR(ConnectNamedPipe(hFile, NULL), ERROR_INVALID_FUNCTION);

	{
		HANDLE hFile2;

		/* Make sure we can read and write a few bytes in both directions */
		memset(ibuf, 0, sizeof(ibuf));
		EXPECT_TRUE(WriteFile(hnp, obuf, sizeof(obuf), &written, NULL));
		EXPECT_EQ(sizeof(obuf), written);
		EXPECT_TRUE(ReadFile(hFile, ibuf, sizeof(ibuf), &readden, NULL));
		EXPECT_EQ(sizeof(obuf), readden);
		EXPECT_EQ(0, memcmp(obuf, ibuf, written));

		memset(ibuf, 0, sizeof(ibuf));
		EXPECT_TRUE(WriteFile(hFile, obuf2, sizeof(obuf2), &written, NULL));
		EXPECT_EQ(sizeof(obuf2), written);
		EXPECT_TRUE(ReadFile(hnp, ibuf, sizeof(ibuf), &readden, NULL));
		EXPECT_EQ(sizeof(obuf2), readden);
		EXPECT_EQ(0, memcmp(obuf2, ibuf, written));

		/* Now the same again, but with an additional call to PeekNamedPipe */
		memset(ibuf, 0, sizeof(ibuf));
		EXPECT_TRUE(WriteFile(hnp, obuf, sizeof(obuf), &written, NULL));
		EXPECT_EQ(sizeof(obuf), written);
		avail = left = SENT;
		EXPECT_TRUE(PeekNamedPipe(hFile, NULL, 0, NULL, &avail, &left));
		EXPECT_EQ(sizeof(obuf), avail);
		if (pipemode == PIPE_TYPE_BYTE) {
			EXPECT_EQ(0, left);
		} else {
			EXPECT_EQ(sizeof(obuf), left);
		}
		EXPECT_TRUE(ReadFile(hFile, ibuf, sizeof(ibuf), &readden, NULL));
		EXPECT_EQ(sizeof(obuf), readden);
		EXPECT_EQ(0, memcmp(obuf, ibuf, written));

		memset(ibuf, 0, sizeof(ibuf));
		EXPECT_TRUE(WriteFile(hFile, obuf2, sizeof(obuf2), &written, NULL));
		EXPECT_EQ(sizeof(obuf2), written);
		avail = left = SENT;
		EXPECT_TRUE(PeekNamedPipe(hnp, NULL, 0, NULL, &avail, &left));
		EXPECT_EQ(sizeof(obuf2), avail);
		if (pipemode == PIPE_TYPE_BYTE) {
			EXPECT_EQ(0, left);
		} else {
			EXPECT_EQ(sizeof(obuf2), left);
		}
		avail = left = SENT;
		EXPECT_TRUE(PeekNamedPipe(hnp, (LPVOID)1, 0, NULL, &avail, &left));
		EXPECT_EQ(sizeof(obuf2), avail);
		if (pipemode == PIPE_TYPE_BYTE) {
			EXPECT_EQ(0, left);
		} else {
			EXPECT_EQ(sizeof(obuf2), left);
		}
		EXPECT_TRUE(ReadFile(hnp, ibuf, sizeof(ibuf), &readden, NULL));
		EXPECT_EQ(sizeof(obuf2), readden);
		EXPECT_EQ(0, memcmp(obuf2, ibuf, written));

		/* Test how ReadFile behaves when the buffer is not big enough for the whole message */
		memset(ibuf, 0, sizeof(ibuf));
		EXPECT_TRUE(WriteFile(hnp, obuf2, sizeof(obuf2), &written, NULL));
		EXPECT_EQ(sizeof(obuf2), written);
		EXPECT_TRUE(PeekNamedPipe(hFile, ibuf, 4, &readden, &avail, &left));
		EXPECT_EQ(4, readden);
		EXPECT_EQ(sizeof(obuf2), avail);
		if (pipemode == PIPE_TYPE_BYTE) {
			EXPECT_EQ((DWORD)-4, left);
		} else {
			EXPECT_EQ(sizeof(obuf2) - 4, left);
		}
		EXPECT_TRUE(ReadFile(hFile, ibuf, 4, &readden, NULL));
		EXPECT_EQ(4, readden);
		EXPECT_TRUE(ReadFile(hFile, ibuf + 4, sizeof(ibuf) - 4, &readden, NULL));
		EXPECT_EQ(sizeof(obuf2) - 4, readden);
		EXPECT_EQ(0, memcmp(obuf2, ibuf, written));

		memset(ibuf, 0, sizeof(ibuf));
		EXPECT_TRUE(WriteFile(hFile, obuf, sizeof(obuf), &written, NULL));
		EXPECT_EQ(sizeof(obuf), written);
		EXPECT_TRUE(PeekNamedPipe(hnp, ibuf, 4, &readden, &avail, &left));
		EXPECT_EQ(4, readden);
		EXPECT_EQ(sizeof(obuf), avail);
		if (pipemode == PIPE_TYPE_BYTE) {
			EXPECT_EQ((DWORD)-4, left);
			EXPECT_TRUE(ReadFile(hnp, ibuf, 4, &readden, NULL));
		} else {
			EXPECT_EQ(sizeof(obuf) - 4, left);
			EXPECT_ERR(ReadFile(hnp, ibuf, 4, &readden, NULL),
				   ERROR_MORE_DATA);
		}
		EXPECT_EQ(4, readden);
		EXPECT_TRUE(ReadFile(hnp, ibuf + 4, sizeof(ibuf) - 4, &readden, NULL));
		EXPECT_EQ(sizeof(obuf) - 4, readden);
		EXPECT_EQ(0, memcmp(obuf, ibuf, written));

		/* Similar to above, but use a read buffer size small enough to read in three parts */
		memset(ibuf, 0, sizeof(ibuf));
		EXPECT_TRUE(WriteFile(hFile, obuf2, sizeof(obuf2), &written, NULL));
		EXPECT_EQ(sizeof(obuf2), written);
		if (pipemode == PIPE_TYPE_BYTE) {
			EXPECT_TRUE(ReadFile(hnp, ibuf, 4, &readden, NULL));
			EXPECT_EQ(4, readden);
			EXPECT_TRUE(ReadFile(hnp, ibuf + 4, 4, &readden, NULL));
		} else {
			EXPECT_ERR(ReadFile(hnp, ibuf, 4, &readden, NULL),
				   ERROR_MORE_DATA);
			EXPECT_EQ(4, readden);
			EXPECT_ERR(ReadFile(hnp, ibuf + 4, 4, &readden, NULL),
				   ERROR_MORE_DATA);
		}
		EXPECT_EQ(4, readden);
		EXPECT_TRUE(ReadFile(hnp, ibuf + 8, sizeof(ibuf) - 8, &readden, NULL));
		EXPECT_EQ(sizeof(obuf2) - 8, readden);
		EXPECT_EQ(0, memcmp(obuf2, ibuf, written));

		/* Test reading of multiple writes */
		memset(ibuf, 0, sizeof(ibuf));
		EXPECT_TRUE(WriteFile(hnp, obuf, sizeof(obuf), &written, NULL));
		EXPECT_EQ(sizeof(obuf), written);
		EXPECT_TRUE(WriteFile(hnp, obuf2, sizeof(obuf2), &written, NULL));
		EXPECT_EQ(sizeof(obuf2), written);
		EXPECT_TRUE(PeekNamedPipe(hFile, ibuf, 4, &readden, &avail, &left));
		EXPECT_EQ(4, readden);
		if (pipemode == PIPE_TYPE_BYTE) {
			EXPECT_EQ((DWORD)-4, left);
		} else {
			EXPECT_EQ(sizeof(obuf) - 4, left);
		}
		EXPECT_EQ(sizeof(obuf) + sizeof(obuf2), avail);
		EXPECT_TRUE(PeekNamedPipe(hFile, ibuf, sizeof(ibuf), &readden, &avail, &left));
		if (pipemode == PIPE_TYPE_BYTE) {
			EXPECT_EQ(sizeof(obuf) + sizeof(obuf2), readden);
			EXPECT_EQ((DWORD)-(sizeof(obuf) + sizeof(obuf2)), left);
		} else {
			EXPECT_EQ(sizeof(obuf), readden);
			EXPECT_EQ(0, left);
		}
		EXPECT_EQ(sizeof(obuf) + sizeof(obuf2), avail);
		pbuf = ibuf;
		EXPECT_EQ(0, memcmp(obuf, pbuf, sizeof(obuf)));
		if (pipemode == PIPE_TYPE_BYTE && readden >= sizeof(obuf) + sizeof(obuf2)) {
			pbuf += sizeof(obuf);
			EXPECT_EQ(0, memcmp(obuf2, pbuf, sizeof(obuf2)));
		}
		EXPECT_TRUE(ReadFile(hFile, ibuf, sizeof(ibuf), &readden, NULL));
		EXPECT_EQ(sizeof(obuf) + sizeof(obuf2), readden);
		pbuf = ibuf;
		EXPECT_EQ(0, memcmp(obuf, pbuf, sizeof(obuf)));
		pbuf += sizeof(obuf);
		EXPECT_EQ(0, memcmp(obuf2, pbuf, sizeof(obuf2)));

		/* Multiple writes in the reverse direction */
		memset(ibuf, 0, sizeof(ibuf));
		EXPECT_TRUE(WriteFile(hFile, obuf, sizeof(obuf), &written, NULL));
		EXPECT_EQ(sizeof(obuf), written);
		EXPECT_TRUE(WriteFile(hFile, obuf2, sizeof(obuf2), &written, NULL));
		EXPECT_EQ(sizeof(obuf2), written);
		EXPECT_TRUE(PeekNamedPipe(hnp, ibuf, 4, &readden, &avail, &left));
		EXPECT_EQ(4, readden);
		if (pipemode == PIPE_TYPE_BYTE) {
			EXPECT_EQ((DWORD)-4, left);
		} else {
			EXPECT_EQ(sizeof(obuf) - 4, left);
		}
		EXPECT_EQ(sizeof(obuf) + sizeof(obuf2), avail);
		EXPECT_TRUE(PeekNamedPipe(hnp, ibuf, sizeof(ibuf), &readden, &avail, &left));
		if (pipemode == PIPE_TYPE_BYTE) {
			EXPECT_EQ(sizeof(obuf) + sizeof(obuf2), readden);
			EXPECT_EQ((DWORD)-(sizeof(obuf) + sizeof(obuf2)), left);
		} else {
			EXPECT_EQ(sizeof(obuf), readden);
			EXPECT_EQ(0, left);
		}
		EXPECT_EQ(sizeof(obuf) + sizeof(obuf2), avail);
		pbuf = ibuf;
		EXPECT_EQ(0, memcmp(obuf, pbuf, sizeof(obuf)));
		if (pipemode == PIPE_TYPE_BYTE && readden >= sizeof(obuf) + sizeof(obuf2)) {
			pbuf += sizeof(obuf);
			EXPECT_EQ(0, memcmp(obuf2, pbuf, sizeof(obuf2)));
		}
		EXPECT_TRUE(ReadFile(hnp, ibuf, sizeof(ibuf), &readden, NULL));
		if (pipemode == PIPE_TYPE_BYTE) {
			EXPECT_EQ(sizeof(obuf) + sizeof(obuf2), readden);
		} else {
			EXPECT_EQ(sizeof(obuf), readden);
		}
		pbuf = ibuf;
		EXPECT_EQ(0, memcmp(obuf, pbuf, sizeof(obuf)));
		if (pipemode == PIPE_TYPE_BYTE) {
			pbuf += sizeof(obuf);
			EXPECT_EQ(0, memcmp(obuf2, pbuf, sizeof(obuf2)));
		}

		/* Test reading of multiple writes after a mode change
		  (CreateFile always creates a byte mode pipe) */
		lpmode = PIPE_READMODE_MESSAGE;
		if (pipemode == PIPE_TYPE_BYTE) {
			/* trying to change the client end of a byte pipe to message mode should fail */
			EXPECT_ERR(SetNamedPipeHandleState(hFile, &lpmode, NULL, NULL),
				   ERROR_INVALID_PARAMETER);
		} else {
			EXPECT_TRUE(SetNamedPipeHandleState(hFile, &lpmode, NULL, NULL));

			memset(ibuf, 0, sizeof(ibuf));
			EXPECT_TRUE(WriteFile(hnp, obuf, sizeof(obuf), &written, NULL));
			EXPECT_EQ(sizeof(obuf), written);
			EXPECT_TRUE(WriteFile(hnp, obuf2, sizeof(obuf2), &written, NULL));
			EXPECT_EQ(sizeof(obuf2), written);
			EXPECT_TRUE(PeekNamedPipe(hFile, ibuf, sizeof(ibuf), &readden, &avail, &left));
			EXPECT_EQ(sizeof(obuf), readden);
			EXPECT_EQ(sizeof(obuf) + sizeof(obuf2), avail);
			EXPECT_EQ(0, left);
			pbuf = ibuf;
			EXPECT_EQ(0, memcmp(obuf, pbuf, sizeof(obuf)));
			EXPECT_TRUE(ReadFile(hFile, ibuf, sizeof(ibuf), &readden, NULL));
			EXPECT_EQ(sizeof(obuf), readden);
			pbuf = ibuf;
			EXPECT_EQ(0, memcmp(obuf, pbuf, sizeof(obuf)));
			if (readden <= sizeof(obuf)) {
				EXPECT_TRUE(ReadFile(hFile, ibuf, sizeof(ibuf), &readden, NULL));
				EXPECT_EQ(sizeof(obuf2), readden);	/* unchecked by Wine */
			}

			/* Multiple writes in the reverse direction */
			/* the write of obuf2 from write4 should still be in the buffer */
			EXPECT_TRUE(PeekNamedPipe(hnp, ibuf, sizeof(ibuf), &readden, &avail, NULL));
			EXPECT_EQ(sizeof(obuf2), readden);
			EXPECT_EQ(sizeof(obuf2), avail);
			if (avail > 0) {
				EXPECT_TRUE(ReadFile(hnp, ibuf, sizeof(ibuf), &readden, NULL));
				EXPECT_EQ(sizeof(obuf2), readden);
				pbuf = ibuf;
				EXPECT_EQ(0, memcmp(obuf2, pbuf, sizeof(obuf2)));
			}
			memset(ibuf, 0, sizeof(ibuf));
			EXPECT_TRUE(WriteFile(hFile, obuf, sizeof(obuf), &written, NULL));
			EXPECT_EQ(sizeof(obuf), written);
			EXPECT_TRUE(WriteFile(hFile, obuf2, sizeof(obuf2), &written, NULL));
			EXPECT_EQ(sizeof(obuf2), written);
			EXPECT_TRUE(PeekNamedPipe(hnp, ibuf, sizeof(ibuf), &readden, &avail, NULL));
			EXPECT_EQ(sizeof(obuf), readden);
			EXPECT_EQ(sizeof(obuf) + sizeof(obuf2), avail);
			pbuf = ibuf;
			EXPECT_EQ(0, memcmp(obuf, pbuf, sizeof(obuf)));
			EXPECT_TRUE(ReadFile(hnp, ibuf, sizeof(ibuf), &readden, NULL));
			EXPECT_EQ(sizeof(obuf), readden);
			pbuf = ibuf;
			EXPECT_EQ(0, memcmp(obuf, pbuf, sizeof(obuf)));
			if (readden <= sizeof(obuf)) {
				EXPECT_TRUE(ReadFile(hnp, ibuf, sizeof(ibuf), &readden, NULL));
				EXPECT_EQ(sizeof(obuf2), readden);	/* unchecked by Wine */
			}

			/* Test how ReadFile behaves when the buffer is not big enough for the whole message */
			memset(ibuf, 0, sizeof(ibuf));
			EXPECT_TRUE(WriteFile(hnp, obuf2, sizeof(obuf2), &written, NULL));
			EXPECT_EQ(sizeof(obuf2), written);
			EXPECT_ERR(ReadFile(hFile, ibuf, 4, &readden, NULL), ERROR_MORE_DATA);
			EXPECT_EQ(4, readden);
			EXPECT_TRUE(ReadFile(hFile, ibuf + 4, sizeof(ibuf) - 4, &readden, NULL));
			EXPECT_EQ(sizeof(obuf2) - 4, readden);
			EXPECT_EQ(0, memcmp(obuf2, ibuf, written));

			memset(ibuf, 0, sizeof(ibuf));
			EXPECT_TRUE(WriteFile(hFile, obuf, sizeof(obuf), &written, NULL));
			EXPECT_EQ(sizeof(obuf), written);
			EXPECT_ERR(ReadFile(hnp, ibuf, 4, &readden, NULL), ERROR_MORE_DATA);
			EXPECT_EQ(4, readden);
			EXPECT_TRUE(ReadFile(hnp, ibuf + 4, sizeof(ibuf) - 4, &readden, NULL));
			EXPECT_EQ(sizeof(obuf) - 4, readden);
			EXPECT_EQ(0, memcmp(obuf, ibuf, written));

			/* The rest of a partly read message stays in the pipe,
			 * readable from a second thread. */
			memset(ibuf, 0, sizeof(ibuf));
			EXPECT_TRUE(WriteFile(hnp, obuf, sizeof(obuf), &written, NULL));
			EXPECT_EQ(sizeof(obuf), written);
			EXPECT_TRUE(WriteFile(hnp, obuf2, sizeof(obuf2), &written, NULL));
			EXPECT_EQ(sizeof(obuf2), written);
			EXPECT_ERR(ReadFile(hFile, ibuf, 4, &readden, NULL), ERROR_MORE_DATA);
			EXPECT_EQ(4, readden);
			SetLastError(SENT);
			ret = rpc_read_file(hFile, ibuf + 4, 4, &readden);
			EXPECT_FALSE(ret);
			EXPECT_EQ(ERROR_MORE_DATA, GetLastError());
			EXPECT_EQ(4, readden);
			ret = rpc_read_file(hFile, ibuf + 8, sizeof(ibuf), &readden);
			EXPECT_TRUE(ret);
			EXPECT_EQ(sizeof(obuf) - 8, readden);
			EXPECT_EQ(0, memcmp(obuf, ibuf, sizeof(obuf)));
			if (readden <= sizeof(obuf) - 8) {
				memset(ibuf, 0, sizeof(ibuf));
				SetLastError(SENT);
				ret = rpc_read_file(hFile, ibuf, 4, &readden);
				EXPECT_FALSE(ret);
				EXPECT_EQ(ERROR_MORE_DATA, GetLastError());
				EXPECT_EQ(4, readden);
				EXPECT_ERR(ReadFile(hFile, ibuf + 4, 4, &readden, NULL),
					   ERROR_MORE_DATA);
				EXPECT_EQ(4, readden);
				ret = rpc_read_file(hFile, ibuf + 8, sizeof(ibuf), &readden);
				EXPECT_TRUE(ret);
				EXPECT_EQ(sizeof(obuf2) - 8, readden);
				EXPECT_EQ(0, memcmp(obuf2, ibuf, sizeof(obuf2)));
			}

			/* Now the reverse direction */
			memset(ibuf, 0, sizeof(ibuf));
			EXPECT_TRUE(WriteFile(hFile, obuf2, sizeof(obuf2), &written, NULL));
			EXPECT_EQ(sizeof(obuf2), written);
			EXPECT_TRUE(WriteFile(hFile, obuf, sizeof(obuf), &written, NULL));
			EXPECT_EQ(sizeof(obuf), written);
			EXPECT_ERR(ReadFile(hnp, ibuf, 4, &readden, NULL), ERROR_MORE_DATA);
			EXPECT_EQ(4, readden);
			SetLastError(SENT);
			ret = rpc_read_file(hnp, ibuf + 4, 4, &readden);
			EXPECT_FALSE(ret);
			EXPECT_EQ(ERROR_MORE_DATA, GetLastError());
			EXPECT_EQ(4, readden);
			ret = rpc_read_file(hnp, ibuf + 8, sizeof(ibuf), &readden);
			EXPECT_TRUE(ret);
			EXPECT_EQ(sizeof(obuf2) - 8, readden);
			EXPECT_EQ(0, memcmp(obuf2, ibuf, sizeof(obuf2)));
			if (readden <= sizeof(obuf2) - 8) {
				memset(ibuf, 0, sizeof(ibuf));
				SetLastError(SENT);
				ret = rpc_read_file(hnp, ibuf, 4, &readden);
				EXPECT_FALSE(ret);
				EXPECT_EQ(ERROR_MORE_DATA, GetLastError());
				EXPECT_EQ(4, readden);
				EXPECT_ERR(ReadFile(hnp, ibuf + 4, 4, &readden, NULL),
					   ERROR_MORE_DATA);
				EXPECT_EQ(4, readden);
				ret = rpc_read_file(hnp, ibuf + 8, sizeof(ibuf), &readden);
				EXPECT_TRUE(ret);
				EXPECT_EQ(sizeof(obuf) - 8, readden);
				EXPECT_EQ(0, memcmp(obuf, ibuf, sizeof(obuf)));
			}
		}

		/* Picky conformance tests */

		/* Verify that you can't connect to pipe again
		 * until server calls DisconnectNamedPipe+ConnectNamedPipe
		 * or creates a new pipe
		 * case 1: other client not yet closed
		 */
		SetLastError(SENT);
		hFile2 = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0,
				     NULL, OPEN_EXISTING, 0, 0);
		EXPECT_EQ(INVALID_HANDLE_VALUE, hFile2);
		EXPECT_EQ(ERROR_PIPE_BUSY, GetLastError());

		EXPECT_TRUE(CloseHandle(hFile));

		/* case 2: other client already closed */
		EXPECT_HERR(CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE,
					0, NULL, OPEN_EXISTING, 0, 0),
			    ERROR_PIPE_BUSY);

		EXPECT_TRUE(DisconnectNamedPipe(hnp));

		/* case 3: server has called DisconnectNamedPipe but not ConnectNamed Pipe */
		EXPECT_HERR(CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE,
					0, NULL, OPEN_EXISTING, 0, 0),
			    ERROR_PIPE_BUSY);
	}

	EXPECT_TRUE(CloseHandle(hnp));

	hnp = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_INBOUND, pipemode | PIPE_WAIT,
			       1, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, hnp);
	test_signaled(hnp);
	/* test_file_access(): not in our API */
	CloseHandle(hnp);

	hnp = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_OUTBOUND, pipemode | PIPE_WAIT,
			       1, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, hnp);
	test_signaled(hnp);

	hFile = CreateFileA(PIPENAME, 0, 0, NULL, OPEN_EXISTING, 0, 0);
	EXPECT_NE(INVALID_HANDLE_VALUE, hFile);
	CloseHandle(hFile);

	CloseHandle(hnp);

	/* Wine's "\\.\pipe\a<>*?|\"/b", with our pid after it */
	snprintf(oddname, sizeof(oddname), "\\\\.\\pipe\\a<>*?|\"/b%d",
		 (int)getpid());
	hnp = CreateNamedPipeA(oddname, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1,
			       1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, hnp);
	hFile = CreateFileA(oddname, 0, 0, NULL, OPEN_EXISTING, 0, 0);
	EXPECT_NE(INVALID_HANDLE_VALUE, hFile);
	CloseHandle(hFile);
	CloseHandle(hnp);
}

TEST(test_CreateNamedPipe_byte)
{
	PIPENAME_VAR(name);

	REQUIRE_DEV();
	do_CreateNamedPipe(_metadata, name, PIPE_TYPE_BYTE);
}

TEST(test_CreateNamedPipe_message)
{
	PIPENAME_VAR(name);

	REQUIRE_DEV();
	do_CreateNamedPipe(_metadata, name,
			     PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE);
}

/* ==== test_CreateNamedPipe_instances_must_match ======================= */

TEST(test_CreateNamedPipe_instances_must_match)
{
	PIPENAME_VAR(PIPENAME);
	HANDLE hnp, hnp2;

	REQUIRE_DEV();
	/* Check no mismatch */
	hnp = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT,
			       2, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, hnp);
	hnp2 = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT,
				2, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, hnp2);
	EXPECT_TRUE(CloseHandle(hnp));
	EXPECT_TRUE(CloseHandle(hnp2));

	/* Check nMaxInstances */
	hnp = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT,
			       1, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, hnp);
	EXPECT_HERR(CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX,
				     PIPE_TYPE_BYTE | PIPE_WAIT, 1, 1024, 1024,
				     NMPWAIT_USE_DEFAULT_WAIT, NULL),
		    ERROR_PIPE_BUSY);
	EXPECT_TRUE(CloseHandle(hnp));

	/* Check PIPE_ACCESS_* */
	hnp = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT,
			       2, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, hnp);
	EXPECT_HERR(CreateNamedPipeA(PIPENAME, PIPE_ACCESS_INBOUND,
				     PIPE_TYPE_BYTE | PIPE_WAIT, 2, 1024, 1024,
				     NMPWAIT_USE_DEFAULT_WAIT, NULL),
		    ERROR_ACCESS_DENIED);
	EXPECT_TRUE(CloseHandle(hnp));

	/* check everything else */
	hnp = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT,
			       4, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, hnp);
	hnp2 = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE,
				3, 102, 24, 1234, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, hnp2);
	EXPECT_TRUE(CloseHandle(hnp));
	EXPECT_TRUE(CloseHandle(hnp2));
}

/* ==== test_ReadFile =================================================== */

TEST(test_ReadFile)
{
	PIPENAME_VAR(PIPENAME);
	HANDLE server, client;
	OVERLAPPED overlapped;
	DWORD size;
	BOOL res;
	static char buf[512];

	REQUIRE_DEV();
	server = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX,
				  PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
				  1, 1024, 1024, NMPWAIT_WAIT_FOREVER, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, server);
	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, client);

	EXPECT_TRUE(WriteFile(client, buf, sizeof(buf), &size, NULL));

	SetLastError(SENT);
	res = ReadFile(server, buf, 1, &size, NULL);
	EXPECT_FALSE(res);
	EXPECT_EQ(ERROR_MORE_DATA, GetLastError());
	EXPECT_EQ(1, size);

	/* pass both overlapped and ret read */
	memset(&overlapped, 0, sizeof(overlapped));
	SetLastError(SENT);
	res = ReadFile(server, buf, 1, &size, &overlapped);
	EXPECT_FALSE(res);
	EXPECT_EQ(ERROR_MORE_DATA, GetLastError());
	EXPECT_EQ(0, size);
	EXPECT_EQ(STATUS_BUFFER_OVERFLOW, overlapped.Internal);
	EXPECT_EQ(1, overlapped.InternalHigh);

	DisconnectNamedPipe(server);

	memset(&overlapped, 0, sizeof(overlapped));
	overlapped.InternalHigh = SENT;
	SetLastError(SENT);
	res = ReadFile(server, buf, 1, &size, &overlapped);
	EXPECT_FALSE(res);
	EXPECT_EQ(ERROR_PIPE_NOT_CONNECTED, GetLastError());
	EXPECT_EQ(0, size);
	EXPECT_EQ(STATUS_PENDING, overlapped.Internal);
	EXPECT_EQ(SENT, overlapped.InternalHigh);

	memset(&overlapped, 0, sizeof(overlapped));
	overlapped.InternalHigh = SENT;
	SetLastError(SENT);
	res = WriteFile(server, buf, 1, &size, &overlapped);
	EXPECT_FALSE(res);
	EXPECT_EQ(ERROR_PIPE_NOT_CONNECTED, GetLastError());
	EXPECT_EQ(0, size);
	EXPECT_EQ(STATUS_PENDING, overlapped.Internal);
	EXPECT_EQ(SENT, overlapped.InternalHigh);

	CloseHandle(server);
	CloseHandle(client);
}

/* ==== test_NamedPipe_2 (servers 1 and 2; 3-5 use overlapped I/O, IOCP
 * and ReadFileEx) ====================================================== */

#define NB_SERVER_LOOPS 8

struct server_args {
	struct __test_metadata *md;
	const char *name;
	HANDLE hnp;		/* Wine's global "hnp" */
};

/* Trivial byte echo server - disconnects after each session */
static void *serverThreadMain1(void *arg)
{
	struct server_args *a = arg;
	struct __test_metadata *_metadata = a->md;
	int i;

	a->hnp = CreateNamedPipeA(a->name, PIPE_ACCESS_DUPLEX,
				  PIPE_TYPE_BYTE | PIPE_WAIT, 1, 1024, 1024,
				  NMPWAIT_USE_DEFAULT_WAIT, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, a->hnp);
	for (i = 0; i < NB_SERVER_LOOPS; i++) {
		char buf[512];
		DWORD written;
		DWORD readden;
		BOOL success;

		/* Wait for client to connect */
		EXPECT_TRUE(ConnectNamedPipe(a->hnp, NULL) ||
			    GetLastError() == ERROR_PIPE_CONNECTED);

		/* Echo bytes once */
		memset(buf, 0, sizeof(buf));
		success = ReadFile(a->hnp, buf, sizeof(buf), &readden, NULL);
		EXPECT_TRUE(success);
		EXPECT_NE(0, readden);

		EXPECT_TRUE(WriteFile(a->hnp, buf, readden, &written, NULL));
		EXPECT_EQ(readden, written);

		/* finish this connection, wait for next one */
		EXPECT_TRUE(FlushFileBuffers(a->hnp));
		EXPECT_TRUE(DisconnectNamedPipe(a->hnp));
	}
	return NULL;
}

/* Trivial byte echo server - closes after each connection */
static void *serverThreadMain2(void *arg)
{
	struct server_args *a = arg;
	struct __test_metadata *_metadata = a->md;
	HANDLE hnpNext = 0;
	int i;

	a->hnp = CreateNamedPipeA(a->name, PIPE_ACCESS_DUPLEX,
				  PIPE_TYPE_BYTE | PIPE_WAIT, 2, 1024, 1024,
				  NMPWAIT_USE_DEFAULT_WAIT, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, a->hnp);

	for (i = 0; i < NB_SERVER_LOOPS; i++) {
		char buf[512];
		DWORD written;
		DWORD readden;
		BOOL success;

		/* (Wine queues a user APC here to show the waits are not
		 * alertable: no APCs in our API.) */

		/* Wait for client to connect */
		EXPECT_TRUE(ConnectNamedPipe(a->hnp, NULL) ||
			    GetLastError() == ERROR_PIPE_CONNECTED);

		/* Echo bytes once */
		memset(buf, 0, sizeof(buf));
		success = ReadFile(a->hnp, buf, sizeof(buf), &readden, NULL);
		EXPECT_TRUE(success);

		EXPECT_TRUE(WriteFile(a->hnp, buf, readden, &written, NULL));
		EXPECT_EQ(readden, written);

		/* finish this connection, wait for next one */
		EXPECT_TRUE(FlushFileBuffers(a->hnp));
		EXPECT_TRUE(DisconnectNamedPipe(a->hnp));

		/* Set up next echo server */
		hnpNext = CreateNamedPipeA(a->name, PIPE_ACCESS_DUPLEX,
					   PIPE_TYPE_BYTE | PIPE_WAIT, 2, 1024,
					   1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
		EXPECT_NE(INVALID_HANDLE_VALUE, hnpNext);

		EXPECT_TRUE(CloseHandle(a->hnp));
		a->hnp = hnpNext;
	}
	return NULL;
}

/*
 * Trivial byte echo server - Wine's server 4 uses an I/O completion port;
 * its checks after the client has gone are synchronous and kept here.
 */
static void *serverThreadMain4(void *arg)
{
	struct server_args *a = arg;
	struct __test_metadata *_metadata = a->md;
	int i;

	a->hnp = CreateNamedPipeA(a->name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
				  PIPE_TYPE_BYTE | PIPE_WAIT, 1, 1024, 1024,
				  NMPWAIT_USE_DEFAULT_WAIT, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, a->hnp);
	/* (CreateIoCompletionPort) */

	for (i = 0; i < NB_SERVER_LOOPS; i++) {
		char buf[512];
		DWORD written;
		DWORD readden;
		BOOL success;
		DWORD err;

		/* Wait for client to connect */
		success = ConnectNamedPipe(a->hnp, NULL);
		err = GetLastError();
		EXPECT_TRUE(success || err == ERROR_PIPE_CONNECTED);

		/* Echo bytes once */
		memset(buf, 0, sizeof(buf));
		success = ReadFile(a->hnp, buf, sizeof(buf), &readden, NULL);
		EXPECT_TRUE(success);

		success = WriteFile(a->hnp, buf, readden, &written, NULL);
		EXPECT_TRUE(success);
		EXPECT_EQ(readden, written);

		/* Client will finish this connection, the following ops will trigger broken pipe errors. */

		/* Wait for the pipe to break. */
		while (PeekNamedPipe(a->hnp, NULL, 0, NULL, &written, &written))
			usleep(1000);

		SetLastError(ERROR_SUCCESS);
		success = WriteFile(a->hnp, buf, readden, &written, NULL);
		err = GetLastError();
		EXPECT_FALSE(success);
		EXPECT_EQ(ERROR_NO_DATA, err);

		/* (No completion status is queued on immediate error.) */

		SetLastError(ERROR_SUCCESS);
		success = ReadFile(a->hnp, buf, sizeof(buf), &readden, NULL);
		err = GetLastError();
		EXPECT_FALSE(success);
		EXPECT_EQ(ERROR_BROKEN_PIPE, err);

		/* finish this connection, wait for next one */
		EXPECT_TRUE(FlushFileBuffers(a->hnp));
		success = DisconnectNamedPipe(a->hnp);
		EXPECT_TRUE(success);
	}

	EXPECT_TRUE(CloseHandle(a->hnp));
	a->hnp = INVALID_HANDLE_VALUE;
	return NULL;
}

/*
 * exerciseServer.  Wine retries a busy open 3 times, 200 ms apart; under
 * emulation the server thread may need longer to listen again, so this
 * retries up to 10 s (the error codes are Wine's: the first failure may be
 * ERROR_FILE_NOT_FOUND, before the server thread created the pipe).
 */
static void exerciseServer(struct __test_metadata *_metadata,
			   struct server_args *a, pthread_t serverThread)
{
	int i;

	for (i = 0; i < NB_SERVER_LOOPS; i++) {
		HANDLE hFile = INVALID_HANDLE_VALUE;
		static const char obuf[] = "Bit Bucket";
		char ibuf[32];
		DWORD written;
		DWORD readden;
		int loop;

		for (loop = 0; loop < 500; loop++) {
			DWORD err;

			/* Connect to the server */
			hFile = CreateFileA(a->name, GENERIC_READ | GENERIC_WRITE,
					    0, NULL, OPEN_EXISTING, 0, 0);
			if (hFile != INVALID_HANDLE_VALUE)
				break;
			err = GetLastError();
			if (i == 0) {
				EXPECT_TRUE(err == ERROR_PIPE_BUSY ||
					    err == ERROR_FILE_NOT_FOUND);
			} else {
				EXPECT_EQ(ERROR_PIPE_BUSY, err);
			}
			Sleep(20);
		}
		ASSERT_NE(INVALID_HANDLE_VALUE, hFile);

		/* Make sure it can echo */
		memset(ibuf, 0, sizeof(ibuf));
		EXPECT_TRUE(WriteFile(hFile, obuf, sizeof(obuf), &written, NULL));
		EXPECT_EQ(sizeof(obuf), written);
		EXPECT_TRUE(ReadFile(hFile, ibuf, sizeof(obuf), &readden, NULL));
		EXPECT_EQ(sizeof(obuf), readden);
		EXPECT_EQ(0, memcmp(obuf, ibuf, written));

		EXPECT_TRUE(CloseHandle(hFile));
	}

	EXPECT_EQ(0, pthread_join(serverThread, NULL));
	if (a->hnp != INVALID_HANDLE_VALUE)
		CloseHandle(a->hnp);
}

TEST(test_NamedPipe_2_server1)
{
	char name[300];
	struct server_args a = { _metadata, name, INVALID_HANDLE_VALUE };
	pthread_t th;

	REQUIRE_DEV();
	mkname(name, sizeof(name), "serverThreadMain1");
	ASSERT_EQ(0, pthread_create(&th, NULL, serverThreadMain1, &a));
	exerciseServer(_metadata, &a, th);
}

TEST(test_NamedPipe_2_server2)
{
	char name[300];
	struct server_args a = { _metadata, name, INVALID_HANDLE_VALUE };
	pthread_t th;

	REQUIRE_DEV();
	mkname(name, sizeof(name), "serverThreadMain2");
	ASSERT_EQ(0, pthread_create(&th, NULL, serverThreadMain2, &a));
	exerciseServer(_metadata, &a, th);
}

TEST(test_NamedPipe_2_server4)
{
	char name[300];
	struct server_args a = { _metadata, name, INVALID_HANDLE_VALUE };
	pthread_t th;

	REQUIRE_DEV();
	mkname(name, sizeof(name), "serverThreadMain4");
	ASSERT_EQ(0, pthread_create(&th, NULL, serverThreadMain4, &a));
	exerciseServer(_metadata, &a, th);
}

/* ==== test_DisconnectNamedPipe ========================================= */

TEST(test_DisconnectNamedPipe)
{
	PIPENAME_VAR(PIPENAME);
	HANDLE hnp;
	HANDLE hFile;
	static const char obuf[] = "Bit Bucket";
	char ibuf[32];
	DWORD written;
	DWORD readden;

	REQUIRE_DEV();
	SetLastError(SENT);
	hnp = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT,
			       1, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, hnp);

	EXPECT_ERR(WriteFile(hnp, obuf, sizeof(obuf), &written, NULL),
		   ERROR_PIPE_LISTENING);
	EXPECT_ERR(ReadFile(hnp, ibuf, sizeof(ibuf), &readden, NULL),
		   ERROR_PIPE_LISTENING);

	hFile = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			    OPEN_EXISTING, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, hFile);

	/* see what happens if server calls DisconnectNamedPipe
	 * when there are bytes in the pipe
	 */
	EXPECT_TRUE(WriteFile(hFile, obuf, sizeof(obuf), &written, NULL));
	EXPECT_EQ(sizeof(obuf), written);
	EXPECT_TRUE(DisconnectNamedPipe(hnp));
	EXPECT_ERR(WriteFile(hFile, obuf, sizeof(obuf), &written, NULL),
		   ERROR_PIPE_NOT_CONNECTED);
	EXPECT_ERR(WriteFile(hnp, obuf, sizeof(obuf), &written, NULL),
		   ERROR_PIPE_NOT_CONNECTED);
	EXPECT_ERR(ReadFile(hFile, ibuf, sizeof(ibuf), &readden, NULL),
		   ERROR_PIPE_NOT_CONNECTED);
	EXPECT_ERR(ReadFile(hnp, ibuf, sizeof(ibuf), &readden, NULL),
		   ERROR_PIPE_NOT_CONNECTED);

	EXPECT_ERR(DisconnectNamedPipe(hnp), ERROR_PIPE_NOT_CONNECTED);
	/* the client's event, reset by its failed I/O calls */
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(hFile, 0));

	EXPECT_ERR(PeekNamedPipe(hFile, NULL, 0, NULL, &readden, NULL),
		   ERROR_PIPE_NOT_CONNECTED);
	EXPECT_ERR(PeekNamedPipe(hnp, NULL, 0, NULL, &readden, NULL),
		   ERROR_BAD_PIPE);
	EXPECT_TRUE(CloseHandle(hFile));

	EXPECT_TRUE(CloseHandle(hnp));
}

/* ==== test_CreatePipe ================================================== */

TEST(test_CreatePipe)
{
	static const char PIPENAME[] = "\\\\.\\PiPe\\tests_pipe.c";
	SECURITY_ATTRIBUTES pipe_attr;
	HANDLE piperead, pipewrite;
	DWORD written;
	DWORD read;
	DWORD i, size;
	BYTE *buffer;
	char readbuf[32];

	REQUIRE_DEV();
	/* (Wine queues a user APC to show the calls are not alertable.) */
	pipe_attr.nLength = sizeof(SECURITY_ATTRIBUTES);
	pipe_attr.bInheritHandle = TRUE;
	pipe_attr.lpSecurityDescriptor = NULL;
	ASSERT_TRUE(CreatePipe(&piperead, &pipewrite, &pipe_attr, 0));
	test_pipe_info(piperead, FILE_PIPE_SERVER_END, 4096, 4096, 1);
	test_pipe_info(pipewrite, 0, 4096, 4096, 1);
	/* test_file_access(): not in our API */

	EXPECT_TRUE(WriteFile(pipewrite, PIPENAME, sizeof(PIPENAME), &written, NULL));
	EXPECT_EQ(sizeof(PIPENAME), written);
	EXPECT_TRUE(ReadFile(piperead, readbuf, sizeof(readbuf), &read, NULL));
	EXPECT_EQ(sizeof(PIPENAME), read);
	EXPECT_TRUE(CloseHandle(pipewrite));
	EXPECT_TRUE(CloseHandle(piperead));

	/* Now write another chunk*/
	ASSERT_TRUE(CreatePipe(&piperead, &pipewrite, &pipe_attr, 0));
	EXPECT_TRUE(WriteFile(pipewrite, PIPENAME, sizeof(PIPENAME), &written, NULL));
	EXPECT_EQ(sizeof(PIPENAME), written);
	/* and close the write end, read should still succeed*/
	EXPECT_TRUE(CloseHandle(pipewrite));
	EXPECT_TRUE(ReadFile(piperead, readbuf, sizeof(readbuf), &read, NULL));
	EXPECT_EQ(sizeof(PIPENAME), read);
	/* But now we need to get informed that the pipe is closed */
	EXPECT_ERR(ReadFile(piperead, readbuf, sizeof(readbuf), &read, NULL),
		   ERROR_BROKEN_PIPE);
	EXPECT_TRUE(CloseHandle(piperead));

	/* Try bigger chunks */
	size = 32768;
	buffer = malloc(size);
	ASSERT_NE(NULL, buffer);
	for (i = 0; i < size; i++)
		buffer[i] = (BYTE)i;
	ASSERT_TRUE(CreatePipe(&piperead, &pipewrite, &pipe_attr, (size + 24)));
	EXPECT_TRUE(WriteFile(pipewrite, buffer, size, &written, NULL));
	EXPECT_EQ(size, written);
	/* and close the write end, read should still succeed*/
	EXPECT_TRUE(CloseHandle(pipewrite));
	memset(buffer, 0, size);
	EXPECT_TRUE(ReadFile(piperead, buffer, size, &read, NULL));
	EXPECT_EQ(size, read);
	for (i = 0; i < size; i++)
		if (buffer[i] != (BYTE)i)
			break;
	EXPECT_EQ(size, i);
	/* But now we need to get informed that the pipe is closed */
	EXPECT_ERR(ReadFile(piperead, readbuf, sizeof(readbuf), &read, NULL),
		   ERROR_BROKEN_PIPE);
	EXPECT_TRUE(CloseHandle(piperead));
	free(buffer);

	ASSERT_TRUE(CreatePipe(&piperead, &pipewrite, &pipe_attr, 1));
	test_pipe_info(piperead, FILE_PIPE_SERVER_END, 1, 1, 1);
	test_pipe_info(pipewrite, 0, 1, 1, 1);
	EXPECT_TRUE(CloseHandle(pipewrite));
	EXPECT_TRUE(CloseHandle(piperead));
}

/* ==== test_CloseHandle ================================================= */

TEST(test_CloseHandle)
{
	PIPENAME_VAR(PIPENAME);
	static const char testdata[] = "Hello World";
	DWORD state, numbytes;
	HANDLE hpipe, hfile;
	char buffer[32];
	BOOL ret;

	REQUIRE_DEV();
	hpipe = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX,
				 PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
				 1, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, hpipe);
	hfile = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			    OPEN_EXISTING, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, hfile);

	numbytes = SENT;
	EXPECT_TRUE(WriteFile(hpipe, testdata, sizeof(testdata), &numbytes, NULL));
	EXPECT_EQ(sizeof(testdata), numbytes);

	numbytes = SENT;
	EXPECT_TRUE(PeekNamedPipe(hfile, NULL, 0, NULL, &numbytes, NULL));
	EXPECT_EQ(sizeof(testdata), numbytes);

	EXPECT_TRUE(CloseHandle(hpipe));

	numbytes = SENT;
	memset(buffer, 0, sizeof(buffer));
	EXPECT_TRUE(ReadFile(hfile, buffer, 0, &numbytes, NULL));
	EXPECT_EQ(0, numbytes);

	numbytes = SENT;
	EXPECT_TRUE(PeekNamedPipe(hfile, NULL, 0, NULL, &numbytes, NULL));
	EXPECT_EQ(sizeof(testdata), numbytes);

	numbytes = SENT;
	memset(buffer, 0, sizeof(buffer));
	EXPECT_TRUE(ReadFile(hfile, buffer, sizeof(buffer), &numbytes, NULL));
	EXPECT_EQ(sizeof(testdata), numbytes);

	EXPECT_TRUE(GetNamedPipeHandleStateA(hfile, &state, NULL, NULL, NULL, NULL, 0));
	state = PIPE_READMODE_MESSAGE | PIPE_WAIT;
	EXPECT_TRUE(SetNamedPipeHandleState(hfile, &state, NULL, NULL));

	EXPECT_ERR(ReadFile(hfile, buffer, 0, &numbytes, NULL), ERROR_BROKEN_PIPE);

	numbytes = SENT;
	EXPECT_ERR(PeekNamedPipe(hfile, NULL, 0, NULL, &numbytes, NULL),
		   ERROR_BROKEN_PIPE);
	EXPECT_EQ(SENT, numbytes);

	EXPECT_ERR(WriteFile(hfile, testdata, sizeof(testdata), &numbytes, NULL),
		   ERROR_NO_DATA);

	CloseHandle(hfile);

	hpipe = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX,
				 PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
				 1, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, hpipe);
	hfile = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			    OPEN_EXISTING, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, hfile);

	numbytes = SENT;
	EXPECT_TRUE(WriteFile(hpipe, testdata, 0, &numbytes, NULL));
	EXPECT_EQ(0, numbytes);

	EXPECT_TRUE(CloseHandle(hpipe));

	numbytes = SENT;
	memset(buffer, 0, sizeof(buffer));
	EXPECT_TRUE(ReadFile(hfile, buffer, sizeof(buffer), &numbytes, NULL));
	EXPECT_EQ(0, numbytes);

	EXPECT_ERR(ReadFile(hfile, buffer, 0, &numbytes, NULL), ERROR_BROKEN_PIPE);

	EXPECT_TRUE(GetNamedPipeHandleStateA(hfile, &state, NULL, NULL, NULL, NULL, 0));
	state = PIPE_READMODE_MESSAGE | PIPE_WAIT;
	EXPECT_TRUE(SetNamedPipeHandleState(hfile, &state, NULL, NULL));

	EXPECT_ERR(ReadFile(hfile, buffer, 0, &numbytes, NULL), ERROR_BROKEN_PIPE);

	EXPECT_ERR(WriteFile(hfile, testdata, sizeof(testdata), &numbytes, NULL),
		   ERROR_NO_DATA);

	CloseHandle(hfile);

	/* repeat test with hpipe <-> hfile swapped */

	hpipe = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX,
				 PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
				 1, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, hpipe);
	hfile = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			    OPEN_EXISTING, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, hfile);

	numbytes = SENT;
	EXPECT_TRUE(WriteFile(hfile, testdata, sizeof(testdata), &numbytes, NULL));
	EXPECT_EQ(sizeof(testdata), numbytes);

	numbytes = SENT;
	EXPECT_TRUE(PeekNamedPipe(hpipe, NULL, 0, NULL, &numbytes, NULL));
	EXPECT_EQ(sizeof(testdata), numbytes);

	EXPECT_TRUE(CloseHandle(hfile));

	/*
	 * A zero-length read of a waiting 12-byte message in message read
	 * mode: Wine accepts TRUE (before Windows 8) or ERROR_MORE_DATA
	 * (Windows 8 and later); current Windows gives ERROR_MORE_DATA.
	 */
	numbytes = SENT;
	memset(buffer, 0, sizeof(buffer));
	SetLastError(SENT);
	ret = ReadFile(hpipe, buffer, 0, &numbytes, NULL);
	EXPECT_FALSE(ret);
	EXPECT_EQ(ERROR_MORE_DATA, GetLastError());
	EXPECT_EQ(0, numbytes);

	numbytes = SENT;
	EXPECT_TRUE(PeekNamedPipe(hpipe, NULL, 0, NULL, &numbytes, NULL));
	EXPECT_EQ(sizeof(testdata), numbytes);

	numbytes = SENT;
	memset(buffer, 0, sizeof(buffer));
	EXPECT_TRUE(ReadFile(hpipe, buffer, sizeof(buffer), &numbytes, NULL));
	EXPECT_EQ(sizeof(testdata), numbytes);

	EXPECT_TRUE(GetNamedPipeHandleStateA(hpipe, &state, NULL, NULL, NULL, NULL, 0));
	state = PIPE_READMODE_MESSAGE | PIPE_WAIT;
	EXPECT_TRUE(SetNamedPipeHandleState(hpipe, &state, NULL, NULL));

	EXPECT_ERR(ReadFile(hpipe, buffer, 0, &numbytes, NULL), ERROR_BROKEN_PIPE);

	numbytes = SENT;
	EXPECT_ERR(PeekNamedPipe(hpipe, NULL, 0, NULL, &numbytes, NULL),
		   ERROR_BROKEN_PIPE);
	EXPECT_EQ(SENT, numbytes);

	EXPECT_ERR(WriteFile(hpipe, testdata, sizeof(testdata), &numbytes, NULL),
		   ERROR_NO_DATA);

	CloseHandle(hpipe);

	hpipe = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX,
				 PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
				 1, 1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, hpipe);
	hfile = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			    OPEN_EXISTING, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, hfile);

	numbytes = SENT;
	EXPECT_TRUE(WriteFile(hfile, testdata, 0, &numbytes, NULL));
	EXPECT_EQ(0, numbytes);

	EXPECT_TRUE(CloseHandle(hfile));

	numbytes = SENT;
	memset(buffer, 0, sizeof(buffer));
	EXPECT_TRUE(ReadFile(hpipe, buffer, sizeof(buffer), &numbytes, NULL));
	EXPECT_EQ(0, numbytes);

	EXPECT_ERR(ReadFile(hpipe, buffer, 0, &numbytes, NULL), ERROR_BROKEN_PIPE);

	EXPECT_TRUE(GetNamedPipeHandleStateA(hpipe, &state, NULL, NULL, NULL, NULL, 0));
	state = PIPE_READMODE_MESSAGE | PIPE_WAIT;
	EXPECT_TRUE(SetNamedPipeHandleState(hpipe, &state, NULL, NULL));

	EXPECT_ERR(ReadFile(hpipe, buffer, 0, &numbytes, NULL), ERROR_BROKEN_PIPE);

	EXPECT_ERR(WriteFile(hpipe, testdata, sizeof(testdata), &numbytes, NULL),
		   ERROR_NO_DATA);

	CloseHandle(hpipe);
}

/* ==== test_overlapped (synchronous part) ============================== */

struct overlapped_server_args {
	struct __test_metadata *md;
	char name[300];
	int pipe_created;
};

static void *overlapped_server(void *arg)
{
	struct overlapped_server_args *a = arg;
	struct __test_metadata *_metadata = a->md;
	HANDLE pipe;
	DWORD num;
	char buf[100];
	BOOL ret;

	pipe = CreateNamedPipeA(a->name, FILE_FLAG_OVERLAPPED | PIPE_ACCESS_DUPLEX,
				PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1,
				0, 0, 100000, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, pipe);
	__atomic_store_n(&a->pipe_created, 1, __ATOMIC_RELEASE);

	/* Wine: an overlapped ConnectNamedPipe and a wait for it */
	ret = ConnectNamedPipe(pipe, NULL);
	EXPECT_TRUE(ret);

	/* This should block */
	num = SENT;
	ret = ReadFile(pipe, buf, sizeof(buf), &num, NULL);
	EXPECT_EQ(1, ret);
	EXPECT_EQ(1, num);

	DisconnectNamedPipe(pipe);
	/* (then an overlapped ConnectNamedPipe cancelled by CancelIo) */
	CloseHandle(pipe);
	return NULL;
}

TEST(test_overlapped_sync_part)
{
	struct overlapped_server_args args = { _metadata };
	pthread_t thread;
	HANDLE pipe;
	DWORD num;
	BOOL ret;
	int i;

	REQUIRE_DEV();
	/* Wine's "\\.\pipe\my pipe" (a space in the name), with our pid */
	snprintf(args.name, sizeof(args.name), "\\\\.\\pipe\\my pipe %d",
		 (int)getpid());
	ASSERT_EQ(0, pthread_create(&thread, NULL, overlapped_server, &args));

	for (i = 0; i < 10000 && !__atomic_load_n(&args.pipe_created,
						   __ATOMIC_ACQUIRE); i++)
		usleep(1000);
	pipe = CreateFileA(args.name, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			   OPEN_EXISTING, 0, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, pipe);

	/* Sleep to try to get the ReadFile in the server to occur before the following WriteFile */
	Sleep(1);

	ret = WriteFile(pipe, "x", 1, &num, NULL);
	EXPECT_TRUE(ret);

	pthread_join(thread, NULL);
	CloseHandle(pipe);
}

/* ==== test_overlapped_error (its synchronous half) ===================== */

TEST(test_overlapped_error_connected)
{
	PIPENAME_VAR(PIPENAME);
	HANDLE pipe, file;
	DWORD err;
	OVERLAPPED overlapped;
	BOOL ret;

	REQUIRE_DEV();
	/* (first half: an overlapped ConnectNamedPipe left pending) */
	pipe = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
				PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
				1, 1024, 1024, NMPWAIT_WAIT_FOREVER, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, pipe);

	file = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			   OPEN_EXISTING, FILE_FLAG_OVERLAPPED, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, file);

	memset(&overlapped, 0, sizeof(overlapped));
	SetLastError(SENT);
	ret = ConnectNamedPipe(pipe, &overlapped);
	err = GetLastError();
	EXPECT_FALSE(ret);
	EXPECT_EQ(ERROR_PIPE_CONNECTED, err);
	EXPECT_EQ(STATUS_PENDING, overlapped.Internal);

	CloseHandle(file);
	CloseHandle(pipe);
}

/* ==== test_NamedPipeHandleState ======================================== */

TEST(test_NamedPipeHandleState)
{
	PIPENAME_VAR(PIPENAME);
	HANDLE server, client;
	BOOL ret;
	DWORD state, instances, maxCollectionCount, collectDataTimeout;
	char userName[MAX_PATH];

	REQUIRE_DEV();
	server = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX,
				  PIPE_TYPE_BYTE | PIPE_WAIT, 1, 1024, 1024,
				  NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, server);
	ret = GetNamedPipeHandleStateA(server, NULL, NULL, NULL, NULL, NULL, 0);
	EXPECT_TRUE(ret);
	state = instances = SENT;
	ret = GetNamedPipeHandleStateA(server, &state, &instances, NULL, NULL,
				       NULL, 0);
	EXPECT_TRUE(ret);
	EXPECT_EQ(0, state);
	EXPECT_EQ(1, instances);
	/* Some parameters have no meaning, and therefore can't be retrieved,
	 * on a local pipe.
	 */
	EXPECT_ERR(GetNamedPipeHandleStateA(server, &state, &instances,
					    &maxCollectionCount,
					    &collectDataTimeout, userName,
					    ARRAYSIZE(userName)),
		   ERROR_INVALID_PARAMETER);
	/* A byte-mode pipe server can't be changed to message mode. */
	state = PIPE_READMODE_MESSAGE;
	EXPECT_ERR(SetNamedPipeHandleState(server, &state, NULL, NULL),
		   ERROR_INVALID_PARAMETER);

	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, client);

	state = PIPE_READMODE_BYTE;
	EXPECT_TRUE(SetNamedPipeHandleState(client, &state, NULL, NULL));
	/* A byte-mode pipe client can't be changed to message mode, either
	 * (Wine's test asks the server again). */
	state = PIPE_READMODE_MESSAGE;
	EXPECT_ERR(SetNamedPipeHandleState(server, &state, NULL, NULL),
		   ERROR_INVALID_PARAMETER);

	CloseHandle(client);
	CloseHandle(server);

	server = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX,
				  PIPE_TYPE_MESSAGE | PIPE_WAIT, 1, 1024, 1024,
				  NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, server);
	ret = GetNamedPipeHandleStateA(server, NULL, NULL, NULL, NULL, NULL, 0);
	EXPECT_TRUE(ret);
	state = instances = SENT;
	ret = GetNamedPipeHandleStateA(server, &state, &instances, NULL, NULL,
				       NULL, 0);
	EXPECT_TRUE(ret);
	EXPECT_EQ(0, state);
	EXPECT_EQ(1, instances);
	/* In contrast to byte-mode pipes, a message-mode pipe server can be
	 * changed to byte mode.
	 */
	state = PIPE_READMODE_BYTE;
	EXPECT_TRUE(SetNamedPipeHandleState(server, &state, NULL, NULL));

	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, client);

	state = PIPE_READMODE_MESSAGE;
	EXPECT_TRUE(SetNamedPipeHandleState(client, &state, NULL, NULL));
	/* A message-mode pipe client can also be changed to byte mode. */
	state = PIPE_READMODE_BYTE;
	EXPECT_TRUE(SetNamedPipeHandleState(client, &state, NULL, NULL));

	CloseHandle(client);
	CloseHandle(server);
}

/* ==== test_GetNamedPipeInfo ============================================ */

TEST(test_GetNamedPipeInfo)
{
	PIPENAME_VAR(PIPENAME);
	HANDLE server;

	REQUIRE_DEV();
	server = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX,
				  PIPE_TYPE_BYTE | PIPE_WAIT, 1, 1024, 1024,
				  NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, server);
	test_pipe_info(server, PIPE_SERVER_END | PIPE_TYPE_BYTE, 1024, 1024, 1);
	CloseHandle(server);

	server = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX,
				  PIPE_TYPE_MESSAGE | PIPE_NOWAIT, 3, 1024, 1024,
				  NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, server);
	test_pipe_info(server, PIPE_SERVER_END | PIPE_TYPE_MESSAGE, 1024, 1024, 3);
	CloseHandle(server);

	server = CreateNamedPipeA(PIPENAME, FILE_FLAG_OVERLAPPED | PIPE_ACCESS_DUPLEX,
				  PIPE_TYPE_MESSAGE | PIPE_WAIT, 1, 0, 0,
				  NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, server);
	test_pipe_info(server, PIPE_SERVER_END | PIPE_TYPE_MESSAGE, 0, 0, 1);
	CloseHandle(server);

	server = CreateNamedPipeA(PIPENAME, FILE_FLAG_OVERLAPPED | PIPE_ACCESS_DUPLEX,
				  PIPE_TYPE_MESSAGE | PIPE_WAIT, 1, 0xf000, 0xf000,
				  NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, server);
	test_pipe_info(server, PIPE_SERVER_END | PIPE_TYPE_MESSAGE, 0xf000, 0xf000, 1);
	CloseHandle(server);
}

/* ==== test_readfileex_pending (its ReadFileEx/WriteFileEx part, with
 * APCs and events, left out) ============================================ */

TEST(test_readfileex_pending_invalid_handle)
{
	char read_buf[1024];
	DWORD num_bytes;

	num_bytes = SENT;
	EXPECT_ERR(ReadFile(INVALID_HANDLE_VALUE, read_buf, 0, &num_bytes, NULL),
		   ERROR_INVALID_HANDLE);
	EXPECT_EQ(0, num_bytes);
}

/*
 * Its zero-length read: pending on an empty pipe (the status block says
 * STATUS_PENDING, InternalHigh untouched), it completes with 0 bytes when
 * a byte arrives, and the byte stays for the next read.
 */
TEST(test_readfileex_pending_zero_read)
{
	PIPENAME_VAR(PIPENAME);
	HANDLE server, client;
	struct job *j;
	const char test_string[] = "test";
	char read_buf[16];
	DWORD num_bytes;
	OVERLAPPED overlapped;

	REQUIRE_DEV();
	server = CreateNamedPipeA(PIPENAME, FILE_FLAG_OVERLAPPED | PIPE_ACCESS_DUPLEX,
				  PIPE_TYPE_BYTE | PIPE_WAIT, 1, 1024, 1024,
				  NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, server);
	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, client);

	j = new_job(OP_READ, server);
	j->rlen = 0;
	j->use_ov = 1;
	j->ov.Internal = (ULONG_PTR)-1;
	j->ov.InternalHigh = (ULONG_PTR)-1;
	ASYNC(j);		/* ERROR_IO_PENDING */
	EXPECT_EQ(STATUS_PENDING, j->ov.Internal);
	EXPECT_EQ((ULONG_PTR)-1, j->ov.InternalHigh);
	test_not_signaled(j);	/* WaitForSingleObject(event, 100) */

	num_bytes = SENT;
	EXPECT_TRUE(WriteFile(client, test_string, 1, &num_bytes, NULL));
	EXPECT_EQ(1, num_bytes);

	test_overlapped_result(j, 0, FALSE);
	EXPECT_EQ(STATUS_SUCCESS, j->ov.Internal);
	EXPECT_EQ(0, j->ov.InternalHigh);
	free_job(j);

	/* read the pending byte and clear the pipe */
	memset(&overlapped, 0, sizeof(overlapped));
	num_bytes = SENT;
	EXPECT_TRUE(ReadFile(server, read_buf, 1, &num_bytes, &overlapped));
	EXPECT_EQ(1, num_bytes);

	CloseHandle(client);
	CloseHandle(server);
}

/* ==== test_overlapped_transport / test_blocking_rw ===================== */

static void do_blocking_rw(struct __test_metadata *_metadata, HANDLE writer,
			     HANDLE reader, DWORD buf_size, BOOL msg_mode,
			     BOOL msg_read)
{
	struct job *read_overlapped, *read_overlapped2;
	struct job *write_overlapped, *write_overlapped2, *flush_thread;
	static char read_buf[10000];
	char *buf = big_buf;

	/* test pending read with overlapped event */
	read_overlapped = read_async(reader, 1000);
	ASYNC(read_overlapped);
	test_flush_sync(writer);
	test_peek_pipe(reader, 0, 0, 0);

	/* write more data than needed for read */
	overlapped_write_sync(writer, buf, 4000);
	test_overlapped_result(read_overlapped, 1000, msg_read);
	test_peek_pipe(reader, 3000, 3000, msg_mode ? 3000 : 0);

	/* test pending write with overlapped event */
	write_overlapped = write_async(writer, buf, buf_size);
	ASYNC(write_overlapped);
	test_peek_pipe(reader, 3000 + (msg_mode ? 0 : buf_size), 3000 + buf_size,
		       msg_mode ? 3000 : 0);

	/* write one more byte */
	write_overlapped2 = write_async(writer, buf, 1);
	ASYNC(write_overlapped2);
	flush_thread = new_job(OP_FLUSH, writer);
	ASYNC(flush_thread);		/* test_flush_async(writer, ERROR_SUCCESS) */
	test_not_signaled(write_overlapped);
	test_peek_pipe(reader, 3000 + (msg_mode ? 0 : buf_size + 1),
		       3000 + buf_size + 1, msg_mode ? 3000 : 0);

	/* empty write will not block */
	overlapped_write_sync(writer, buf, 0);
	test_not_signaled(write_overlapped);
	test_not_signaled(write_overlapped2);
	test_peek_pipe(reader, 3000 + (msg_mode ? 0 : buf_size + 1),
		       3000 + buf_size + 1, msg_mode ? 3000 : 0);

	/* read remaining data from the first write */
	overlapped_read_sync(reader, read_buf, 3000, 3000, FALSE);
	test_overlapped_result(write_overlapped, buf_size, FALSE);
	test_not_signaled(write_overlapped2);
	test_not_signaled(flush_thread);
	test_peek_pipe(reader, buf_size + (msg_mode ? 0 : 1), buf_size + 1,
		       msg_mode ? buf_size : 0);

	/* read one byte so that the next write fits the buffer */
	overlapped_read_sync(reader, read_buf, 1, 1, msg_read);
	test_overlapped_result(write_overlapped2, 1, FALSE);
	test_peek_pipe(reader, buf_size + (msg_mode ? -1 : 0), buf_size,
		       msg_mode ? buf_size - 1 : 0);

	/* read the whole buffer */
	overlapped_read_sync(reader, read_buf, buf_size, buf_size - msg_read, FALSE);
	test_peek_pipe(reader, msg_read ? 1 : 0, msg_read ? 1 : 0, msg_read ? 1 : 0);

	if (msg_read) {
		overlapped_read_sync(reader, read_buf, 1000, 1, FALSE);
		test_peek_pipe(reader, 0, 0, 0);
	}

	if (msg_mode) {
		/* we still have an empty message in queue */
		overlapped_read_sync(reader, read_buf, 1000, 0, FALSE);
		test_peek_pipe(reader, 0, 0, 0);
	}
	test_flush_done(flush_thread, ERROR_SUCCESS);
	free_job(read_overlapped);
	free_job(write_overlapped);
	free_job(write_overlapped2);
	free_job(flush_thread);

	/* pipe is empty, the next read will block */
	read_overlapped = read_async(reader, 0);
	ASYNC(read_overlapped);
	read_overlapped2 = read_async(reader, 1000);
	ASYNC(read_overlapped2);

	/* write one byte */
	overlapped_write_sync(writer, buf, 1);
	test_overlapped_result(read_overlapped, 0, msg_read);
	test_overlapped_result(read_overlapped2, 1, FALSE);
	test_peek_pipe(reader, 0, 0, 0);
	free_job(read_overlapped);
	free_job(read_overlapped2);

	/* write a message larger than buffer */
	write_overlapped = write_async(writer, buf, buf_size + 2000);
	ASYNC(write_overlapped);
	test_peek_pipe(reader, buf_size + 2000, buf_size + 2000,
		       msg_mode ? buf_size + 2000 : 0);

	/* read so that pending write is still larger than the buffer */
	overlapped_read_sync(reader, read_buf, 1999, 1999, msg_read);
	test_not_signaled(write_overlapped);
	test_peek_pipe(reader, buf_size + 1, buf_size + 1,
		       msg_mode ? buf_size + 1 : 0);

	/* read one more byte */
	overlapped_read_sync(reader, read_buf, 1, 1, msg_read);
	test_overlapped_result(write_overlapped, buf_size + 2000, FALSE);
	test_peek_pipe(reader, buf_size, buf_size, msg_mode ? buf_size : 0);
	free_job(write_overlapped);

	/* read remaining data */
	overlapped_read_sync(reader, read_buf, buf_size + 1, buf_size, FALSE);
	test_peek_pipe(reader, 0, 0, 0);

	/* simple pass of empty message */
	overlapped_write_sync(writer, buf, 0);
	test_peek_pipe(reader, 0, 0, 0);
	if (msg_mode) {
		overlapped_read_sync(reader, read_buf, 1, 0, FALSE);
	}

	/* pipe is empty, the next read will block */
	test_flush_sync(writer);
	read_overlapped = read_async(reader, 0);
	ASYNC(read_overlapped);
	read_overlapped2 = read_async(reader, 1);
	ASYNC(read_overlapped2);

	/* 0 length write wakes one read in msg mode */
	overlapped_write_sync(writer, buf, 0);
	if (msg_mode) {
		test_overlapped_result(read_overlapped, 0, FALSE);
	} else {
		test_not_signaled(read_overlapped);
	}
	test_not_signaled(read_overlapped2);
	overlapped_write_sync(writer, buf, 1);
	test_overlapped_result(read_overlapped2, 1, FALSE);
	if (!msg_mode)	/* not checked by Wine: the 0-byte read ends too */
		test_overlapped_result(read_overlapped, 0, msg_read);
	free_job(read_overlapped);
	free_job(read_overlapped2);

	overlapped_write_sync(writer, buf, 20);
	test_peek_pipe(reader, 20, 20, msg_mode ? 20 : 0);
	overlapped_write_sync(writer, buf, 15);
	test_peek_pipe(reader, msg_mode ? 20 : 35, 35, msg_mode ? 20 : 0);
	overlapped_read_sync(reader, read_buf, 10, 10, msg_read);
	test_peek_pipe(reader, msg_mode ? 10 : 25, 25, msg_mode ? 10 : 0);
	overlapped_read_sync(reader, read_buf, 10, 10, FALSE);
	test_peek_pipe(reader, 15, 15, msg_mode ? 15 : 0);
	overlapped_read_sync(reader, read_buf, 15, 15, FALSE);

	/* The rest (CancelIoEx of pending reads and writes) is left out. */
}

static void do_overlapped_transport(struct __test_metadata *_metadata,
				      const char *PIPENAME, BOOL msg_mode,
				      BOOL msg_read_mode)
{
	struct job *overlapped, *overlapped2, *flush;
	HANDLE server, client;
	DWORD read_bytes;
	pid_t child;
	int status;
	BOOL res;
	DWORD create_flags =
		(msg_mode ? PIPE_TYPE_MESSAGE : PIPE_TYPE_BYTE) |
		(msg_read_mode ? PIPE_READMODE_MESSAGE : PIPE_READMODE_BYTE);

	init_big_buf();
	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME, create_flags,
					    &client, &server));

	/* server->client writes */
	do_blocking_rw(_metadata, server, client, 5000, msg_mode, msg_read_mode);
	/* client->server writes */
	do_blocking_rw(_metadata, client, server, 6000, msg_mode, msg_read_mode);

	CloseHandle(client);
	CloseHandle(server);

	/* close client with pending writes */
	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME, create_flags,
					    &client, &server));
	overlapped = write_async(server, big_buf, 7000);
	ASYNC(overlapped);
	flush = new_job(OP_FLUSH, server);
	ASYNC(flush);		/* test_flush_async(server, ERROR_BROKEN_PIPE) */
	CloseHandle(client);
	test_overlapped_failure(overlapped, ERROR_BROKEN_PIPE);
	test_flush_done(flush, ERROR_BROKEN_PIPE);
	CloseHandle(server);
	free_job(overlapped);
	free_job(flush);

	/* close server with pending writes */
	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME, create_flags,
					    &client, &server));
	overlapped = write_async(client, big_buf, 7000);
	ASYNC(overlapped);
	flush = new_job(OP_FLUSH, client);
	ASYNC(flush);
	CloseHandle(server);
	test_overlapped_failure(overlapped, ERROR_BROKEN_PIPE);
	test_flush_done(flush, ERROR_BROKEN_PIPE);
	CloseHandle(client);
	free_job(overlapped);
	free_job(flush);

	/* disconnect with pending writes */
	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME, create_flags,
					    &client, &server));
	overlapped = write_async(client, big_buf, 7000);
	ASYNC(overlapped);
	overlapped2 = write_async(server, big_buf, 7000);
	ASYNC(overlapped2);
	flush = new_job(OP_FLUSH, client);
	ASYNC(flush);		/* expects ERROR_PIPE_NOT_CONNECTED */
	res = DisconnectNamedPipe(server);
	EXPECT_TRUE(res);
	test_overlapped_failure(overlapped, ERROR_PIPE_NOT_CONNECTED);
	test_overlapped_failure(overlapped2, ERROR_PIPE_NOT_CONNECTED);
	test_flush_done(flush, ERROR_PIPE_NOT_CONNECTED);
	CloseHandle(server);
	CloseHandle(client);
	free_job(overlapped);
	free_job(overlapped2);
	free_job(flush);

	/* terminate process with pending write */
	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME, create_flags,
					    &client, &server));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {	/* child_process_write_pipe(client) */
		static char cbuf[10000];
		DWORD n;

		memset(cbuf, 'x', sizeof(cbuf));
		WriteFile(client, cbuf, sizeof(cbuf), &n, NULL);
		for (;;)	/* until the parent terminates this process */
			pause();
	}
	/* successfully read part of write that is pending in child process */
	read_bytes = SENT;
	SetLastError(SENT);
	res = ReadFile(server, big_buf, 10, &read_bytes, NULL);
	if (!msg_read_mode) {
		EXPECT_TRUE(res);
	} else {
		EXPECT_FALSE(res);
		EXPECT_EQ(ERROR_MORE_DATA, GetLastError());
	}
	EXPECT_EQ(10, read_bytes);
	kill(child, SIGKILL);	/* TerminateProcess(process, 0) */
	EXPECT_EQ(child, waitpid(child, &status, 0));
	/* after terminating process, there is no pending write and pipe
	 * buffer is empty */
	overlapped = read_async(server, 10);
	ASYNC(overlapped);
	overlapped_write_sync(client, big_buf, 1);
	test_overlapped_result(overlapped, 1, FALSE);
	free_job(overlapped);
	CloseHandle(server);
	CloseHandle(client);
}

TEST(test_overlapped_transport_msg_byteread)
{
	PIPENAME_VAR(name);

	REQUIRE_DEV();
	do_overlapped_transport(_metadata, name, TRUE, FALSE);
}

TEST(test_overlapped_transport_msg_msgread)
{
	PIPENAME_VAR(name);

	REQUIRE_DEV();
	do_overlapped_transport(_metadata, name, TRUE, TRUE);
}

TEST(test_overlapped_transport_byte_byteread)
{
	PIPENAME_VAR(name);

	REQUIRE_DEV();
	do_overlapped_transport(_metadata, name, FALSE, FALSE);
}

/* ==== test_TransactNamedPipe / test_transact =========================== */

#define transact_failure(caller, wb, ws, rb, rs, error) do { \
	SetLastError(SENT); \
	EXPECT_FALSE(TransactNamedPipe(caller, wb, ws, rb, rs, NULL, NULL)); \
	EXPECT_EQ((DWORD)(error), GetLastError()); \
} while (0)

static void do_transact(struct __test_metadata *_metadata, HANDLE caller,
			  HANDLE callee, DWORD write_buf_size,
			  DWORD read_buf_size)
{
	struct job *overlapped, *overlapped2, *read_overlapped;
	struct job *write_overlapped;
	static char read_buf[10000];
	char *buf = big_buf;

	/* simple transact call */
	overlapped = transact_async(caller, "abc", 3, 100);
	ASYNC(overlapped);
	overlapped_write_sync(callee, "test", 4);
	test_overlapped_result(overlapped, 4, FALSE);
	EXPECT_EQ(0, memcmp(overlapped->buf, "test", 4));
	overlapped_read_sync(callee, read_buf, 1000, 3, FALSE);
	EXPECT_EQ(0, memcmp(read_buf, "abc", 3));
	free_job(overlapped);

	/* transact fails if there is already data in read buffer */
	overlapped_write_sync(callee, buf, 1);
	transact_failure(caller, buf, 2, read_buf, 1, ERROR_PIPE_BUSY);
	overlapped_read_sync(caller, read_buf, 1000, 1, FALSE);

	/* transact doesn't block on write */
	write_overlapped = write_async(caller, buf, write_buf_size + 2000);
	ASYNC(write_overlapped);
	overlapped = transact_async(caller, buf, 2, 1);
	ASYNC(overlapped);
	test_not_signaled(overlapped);
	overlapped_write_sync(callee, buf, 1);
	test_overlapped_result(overlapped, 1, FALSE);
	overlapped_read_sync(callee, read_buf, sizeof(read_buf),
			     write_buf_size + 2000, FALSE);
	test_overlapped_result(write_overlapped, write_buf_size + 2000, FALSE);
	overlapped_read_sync(callee, read_buf, sizeof(read_buf), 2, FALSE);
	free_job(write_overlapped);
	free_job(overlapped);

	/* transact with already pending read */
	read_overlapped = read_async(callee, 10);
	ASYNC(read_overlapped);
	overlapped = transact_async(caller, buf, 5, 6);
	ASYNC(overlapped);
	test_overlapped_result(read_overlapped, 5, FALSE);
	test_not_signaled(overlapped);
	overlapped_write_sync(callee, buf, 10);
	test_overlapped_result(overlapped, 6, TRUE);
	overlapped_read_sync(caller, read_buf, sizeof(read_buf), 4, FALSE);
	free_job(read_overlapped);
	free_job(overlapped);

	/* 0-size messages */
	overlapped = transact_async(caller, buf, 5, 0);
	ASYNC(overlapped);
	overlapped_read_sync(callee, read_buf, sizeof(read_buf), 5, FALSE);
	overlapped_write_sync(callee, buf, 0);
	test_overlapped_result(overlapped, 0, FALSE);
	free_job(overlapped);

	overlapped = transact_async(caller, buf, 0, 0);
	ASYNC(overlapped);
	overlapped_read_sync(callee, read_buf, sizeof(read_buf), 0, FALSE);
	test_not_signaled(overlapped);
	overlapped_write_sync(callee, buf, 0);
	test_overlapped_result(overlapped, 0, FALSE);
	free_job(overlapped);

	/* reply transact with another transact */
	overlapped = transact_async(caller, buf, 3, 100);
	ASYNC(overlapped);
	overlapped_read_sync(callee, read_buf, 1000, 3, FALSE);
	overlapped2 = transact_async(callee, buf, 4, 100);
	ASYNC(overlapped2);
	test_overlapped_result(overlapped, 4, FALSE);
	overlapped_write_sync(caller, buf, 1);
	test_overlapped_result(overlapped2, 1, FALSE);
	free_job(overlapped);
	free_job(overlapped2);

	/* (cancel keeps written data: CancelIoEx, left out) */
}

TEST(test_TransactNamedPipe)
{
	PIPENAME_VAR(PIPENAME);
	HANDLE client, server;
	BYTE buf[10];

	REQUIRE_DEV();
	init_big_buf();
	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME, PIPE_TYPE_BYTE,
					    &client, &server));
	transact_failure(client, buf, 2, buf, 1, ERROR_BAD_PIPE);
	CloseHandle(client);
	CloseHandle(server);

	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME,
					    PIPE_TYPE_MESSAGE | PIPE_READMODE_BYTE,
					    &client, &server));
	transact_failure(client, buf, 2, buf, 1, ERROR_BAD_PIPE);
	CloseHandle(client);
	CloseHandle(server);

	/* server->client transaction */
	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME,
					    PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE,
					    &client, &server));
	do_transact(_metadata, server, client, 5000, 6000);
	CloseHandle(client);
	CloseHandle(server);

	/* client->server transaction */
	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME,
					    PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE,
					    &client, &server));
	do_transact(_metadata, client, server, 6000, 5000);
	CloseHandle(client);
	CloseHandle(server);
}

/* ==== test_namedpipe_process_id ======================================== */

TEST(test_namedpipe_process_id)
{
	PIPENAME_VAR(PIPENAME);
	HANDLE client, server;
	DWORD current = GetCurrentProcessId();
	ULONG pid;
	BOOL ret;
	pid_t child;
	int status;

	REQUIRE_DEV();
	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME, PIPE_TYPE_BYTE,
					    &client, &server));

	SetLastError(SENT);
	ret = GetNamedPipeClientProcessId(server, NULL);
	EXPECT_FALSE(ret);
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, GetLastError());

	pid = 0;
	EXPECT_TRUE(GetNamedPipeClientProcessId(server, &pid));
	EXPECT_EQ(current, pid);

	pid = 0;
	EXPECT_TRUE(GetNamedPipeClientProcessId(client, &pid));
	EXPECT_EQ(current, pid);

	SetLastError(SENT);
	ret = GetNamedPipeServerProcessId(server, NULL);
	EXPECT_FALSE(ret);
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, GetLastError());

	pid = 0;
	EXPECT_TRUE(GetNamedPipeServerProcessId(client, &pid));
	EXPECT_EQ(current, pid);

	pid = 0;
	EXPECT_TRUE(GetNamedPipeServerProcessId(server, &pid));
	EXPECT_EQ(current, pid);

	/* closed client handle */
	CloseHandle(client);
	pid = 0;
	EXPECT_TRUE(GetNamedPipeClientProcessId(server, &pid));
	EXPECT_EQ(current, pid);

	pid = 0;
	EXPECT_TRUE(GetNamedPipeServerProcessId(server, &pid));
	EXPECT_EQ(current, pid);
	CloseHandle(server);

	/* disconnected server */
	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME, PIPE_TYPE_BYTE,
					    &client, &server));
	DisconnectNamedPipe(server);

	EXPECT_ERR(GetNamedPipeClientProcessId(server, &pid), ERROR_NOT_FOUND);

	pid = 0;
	EXPECT_TRUE(GetNamedPipeServerProcessId(server, &pid));
	EXPECT_EQ(current, pid);

	EXPECT_ERR(GetNamedPipeClientProcessId(client, &pid),
		   ERROR_PIPE_NOT_CONNECTED);
	EXPECT_ERR(GetNamedPipeServerProcessId(client, &pid),
		   ERROR_PIPE_NOT_CONNECTED);
	CloseHandle(client);
	CloseHandle(server);

	/* closed server handle */
	ASSERT_EQ(0, create_overlapped_pipe(_metadata, PIPENAME, PIPE_TYPE_BYTE,
					    &client, &server));
	CloseHandle(server);

	pid = 0;
	EXPECT_TRUE(GetNamedPipeClientProcessId(client, &pid));
	EXPECT_EQ(current, pid);

	pid = 0;
	EXPECT_TRUE(GetNamedPipeServerProcessId(client, &pid));
	EXPECT_EQ(current, pid);
	CloseHandle(client);

	/* different process (Wine: a child started by CreateProcess, with
	 * the server's ConnectNamedPipe pending) */
	server = CreateNamedPipeA(PIPENAME, FILE_FLAG_OVERLAPPED | PIPE_ACCESS_DUPLEX,
				  PIPE_READMODE_BYTE | PIPE_WAIT, 1, 5000, 6000,
				  NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, server);
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {	/* child_process_check_pid(server_pid) */
		DWORD me = GetCurrentProcessId();
		HANDLE pipe;
		int bad = 0;

		pipe = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0,
				   NULL, OPEN_EXISTING, 0, NULL);
		if (pipe == INVALID_HANDLE_VALUE)
			_exit(1);
		pid = 0;
		if (!GetNamedPipeClientProcessId(pipe, &pid) || pid != me)
			bad |= 2;
		pid = 0;
		if (!GetNamedPipeServerProcessId(pipe, &pid) || pid != current)
			bad |= 4;
		CloseHandle(pipe);
		_exit(bad);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	CloseHandle(server);
}

/* (test_namedpipe_session_id: no GetNamedPipe*SessionId in our API) */

/* ==== test_multiple_instances ========================================== */

TEST(test_multiple_instances)
{
	PIPENAME_VAR(PIPENAME);
	HANDLE server[4], client;
	struct job *c0 = NULL, *c2 = NULL, *c2b = NULL;
	unsigned int i;

	REQUIRE_DEV();
	for (i = 0; i < ARRAYSIZE(server); i++) {
		server[i] = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX |
					     FILE_FLAG_OVERLAPPED,
					     PIPE_READMODE_BYTE | PIPE_WAIT,
					     ARRAYSIZE(server), 1024, 1024,
					     NMPWAIT_USE_DEFAULT_WAIT, NULL);
		ASSERT_NE(INVALID_HANDLE_VALUE, server[i]);
	}

	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, 0);
	EXPECT_NE(INVALID_HANDLE_VALUE, client);

	/* Show that this has connected to server[0] not any other one */
	c2 = new_job(OP_CONNECT, server[2]);
	ASYNC(c2);			/* ERROR_IO_PENDING */
	EXPECT_ERR(ConnectNamedPipe(server[0], NULL), ERROR_PIPE_CONNECTED);

	CloseHandle(client);

	/* The next connected server is server[1], doesn't matter that
	 * server[2] has pending listeners */
	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, 0);
	EXPECT_NE(INVALID_HANDLE_VALUE, client);

	c2b = new_job(OP_CONNECT, server[2]);
	ASYNC(c2b);			/* a second one, also pending */
	EXPECT_ERR(ConnectNamedPipe(server[1], NULL), ERROR_PIPE_CONNECTED);

	CloseHandle(client);

	/* server[2] is connected next */
	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, 0);
	EXPECT_NE(INVALID_HANDLE_VALUE, client);

	EXPECT_TRUE(job_join(c2));	/* (Wine does not check them) */
	EXPECT_TRUE(job_join(c2b));
	EXPECT_ERR(ConnectNamedPipe(server[2], NULL), ERROR_PIPE_CONNECTED);

	CloseHandle(client);
	free_job(c2);
	free_job(c2b);

	/* Disconnect in order server[0] and server[2] */
	DisconnectNamedPipe(server[0]);
	DisconnectNamedPipe(server[2]);

	/* Put into listening state server[2] and server[0] */
	c2 = new_job(OP_CONNECT, server[2]);
	ASYNC(c2);
	c0 = new_job(OP_CONNECT, server[0]);
	ASYNC(c0);

	/* server[3] is connected next */
	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, 0);
	EXPECT_NE(INVALID_HANDLE_VALUE, client);

	EXPECT_ERR(ConnectNamedPipe(server[3], NULL), ERROR_PIPE_CONNECTED);

	CloseHandle(client);

	/* server[2], which started listening first, will be connected next */
	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, 0);
	EXPECT_NE(INVALID_HANDLE_VALUE, client);

	EXPECT_TRUE(job_join(c2));
	EXPECT_ERR(ConnectNamedPipe(server[2], NULL), ERROR_PIPE_CONNECTED);
	test_not_signaled(c0);		/* server[0]: still pending */

	CloseHandle(client);

	/* Finally server[0] is connected */
	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, 0);
	EXPECT_NE(INVALID_HANDLE_VALUE, client);

	EXPECT_TRUE(job_join(c0));
	EXPECT_ERR(ConnectNamedPipe(server[0], NULL), ERROR_PIPE_CONNECTED);

	CloseHandle(client);
	free_job(c0);
	free_job(c2);

	/* No more listening pipes available */
	DisconnectNamedPipe(server[0]);
	EXPECT_HERR(CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
				OPEN_EXISTING, 0, 0), ERROR_PIPE_BUSY);

	for (i = 0; i < ARRAYSIZE(server); i++) {
		DisconnectNamedPipe(server[i]);
		CloseHandle(server[i]);
	}
}

/* ==== test_wait_pipe =================================================== */

/*
 * async_wait_pipe: a thread waits (Wine: 1000 ms, here 5000 ms so that a
 * slow emulated machine cannot time it out; the wait must succeed), and
 * WaitNamedPipe(1) times out meanwhile.
 */
static struct job *async_wait_pipe(struct __test_metadata *_metadata,
				   const char *PIPENAME)
{
	struct job *thread = new_job(OP_WAIT, NULL);

	thread->name = PIPENAME;
	thread->timeout = 5000;
	EXPECT_TRUE(job_start(thread));
	EXPECT_ERR(WaitNamedPipeA(PIPENAME, 1), ERROR_SEM_TIMEOUT);
	return thread;
}

TEST(test_wait_pipe)
{
	PIPENAME_VAR(PIPENAME);
	HANDLE server[2], client;
	struct job *wait, *ov;

	REQUIRE_DEV();
	EXPECT_ERR(WaitNamedPipeA(PIPENAME, 0), ERROR_FILE_NOT_FOUND);

	server[0] = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
				     PIPE_READMODE_BYTE | PIPE_WAIT, ARRAYSIZE(server),
				     1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, server[0]);

	EXPECT_TRUE(WaitNamedPipeA(PIPENAME, 1));

	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, client);

	/* Creating a new pipe server wakes waiters */
	wait = async_wait_pipe(_metadata, PIPENAME);
	server[1] = CreateNamedPipeA(PIPENAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
				     PIPE_READMODE_BYTE | PIPE_WAIT, ARRAYSIZE(server),
				     1024, 1024, NMPWAIT_USE_DEFAULT_WAIT, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, server[1]);

	test_call_result(wait, TRUE);
	free_job(wait);
	CloseHandle(server[1]);

	CloseHandle(client);
	EXPECT_TRUE(DisconnectNamedPipe(server[0]));

	/* Putting pipe server into waiting listening state wakes waiters */
	wait = async_wait_pipe(_metadata, PIPENAME);
	ov = new_job(OP_CONNECT, server[0]);
	ASYNC(ov);			/* ERROR_IO_PENDING */

	test_call_result(wait, TRUE);
	free_job(wait);

	/*
	 * Wine: CloseHandle(server[0]) on an overlapped handle completes the
	 * pending ConnectNamedPipe.  npipe has no overlapped handles yet: a
	 * call another thread is blocked in keeps its file open, so it goes
	 * on waiting (docs/design.md, "Known limits"), until a client comes.
	 */
	CloseHandle(server[0]);
	EXPECT_TRUE(job_pending(ov));
	client = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			     OPEN_EXISTING, 0, 0);
	EXPECT_NE(INVALID_HANDLE_VALUE, client);
	test_call_result(ov, TRUE);
	CloseHandle(client);
	free_job(ov);
}

/* ==== test_nowait ====================================================== */

static void do_nowait(struct __test_metadata *_metadata,
			const char *PIPENAME, DWORD pipe_type)
{
	HANDLE piperead, pipewrite, file;
	OVERLAPPED ol;
	DWORD read, write;
	static char readbuf[32768];
	static const char teststring[] = "bits";
	struct job *ol2;

	/* CreateNamedPipe with PIPE_NOWAIT, and read from empty pipe */
	piperead = CreateNamedPipeA(PIPENAME, FILE_FLAG_OVERLAPPED | PIPE_ACCESS_DUPLEX,
				    pipe_type | PIPE_NOWAIT, 1, 512, 512,
				    NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, piperead);
	pipewrite = CreateFileA(PIPENAME, GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, pipewrite);
	memset(&ol, 0, sizeof(ol));
	EXPECT_ERR(ReadFile(piperead, readbuf, sizeof(readbuf), &read, &ol),
		   ERROR_NO_DATA);

	/* test a small write/read */
	EXPECT_TRUE(WriteFile(pipewrite, teststring, sizeof(teststring), &write, NULL));
	EXPECT_TRUE(ReadFile(piperead, readbuf, sizeof(readbuf), &read, &ol));
	EXPECT_EQ(write, read);
	EXPECT_TRUE(CloseHandle(pipewrite));
	EXPECT_TRUE(CloseHandle(piperead));

	/* create write side with PIPE_NOWAIT, read side PIPE_WAIT, and test writes */
	pipewrite = CreateNamedPipeA(PIPENAME, FILE_FLAG_OVERLAPPED | PIPE_ACCESS_DUPLEX,
				     pipe_type | PIPE_NOWAIT, 1, 512, 512,
				     NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, pipewrite);
	piperead = CreateFileA(PIPENAME, GENERIC_READ, 0, NULL, OPEN_EXISTING,
			       FILE_FLAG_OVERLAPPED, 0);
	ASSERT_NE(INVALID_HANDLE_VALUE, piperead);
	memset(&ol, 0, sizeof(ol));

	/* write one byte larger than the buffer size, should fail */
	write = SENT;
	EXPECT_TRUE(WriteFile(pipewrite, readbuf, 513, &write, &ol));
	/* WriteFile only documents that 'write < sizeof(readbuf)' for this case, but Windows
	 * doesn't seem to do partial writes ('write == 0' always)
	 */
	EXPECT_EQ(0, write);

	/* overlapped read of 32768, non-blocking write of 512 */
	ol2 = read_async(piperead, sizeof(readbuf));
	ASYNC(ol2);
	EXPECT_TRUE(WriteFile(pipewrite, teststring, sizeof(teststring), &write, &ol));
	EXPECT_EQ(sizeof(teststring), write);
	test_overlapped_result(ol2, sizeof(teststring), FALSE);
	free_job(ol2);

	/* overlapped read of 32768, non-blocking write of 513 */
	ol2 = read_async(piperead, sizeof(readbuf));
	ASYNC(ol2);
	EXPECT_TRUE(WriteFile(pipewrite, readbuf, 513, &write, &ol));
	EXPECT_EQ(513, write);
	test_overlapped_result(ol2, 513, FALSE);
	free_job(ol2);

	/* overlapped read of 1 byte, non-blocking write of 513 bytes */
	ol2 = read_async(piperead, 1);
	ASYNC(ol2);
	EXPECT_TRUE(WriteFile(pipewrite, readbuf, 513, &write, &ol));
	EXPECT_EQ(513, write);
	test_overlapped_result(ol2, 1, FALSE);
	free_job(ol2);
	/* read the remaining 512 bytes */
	EXPECT_TRUE(ReadFile(piperead, readbuf, sizeof(readbuf), &read, &ol));
	EXPECT_EQ(512, read);

	/* overlapped read of 1 byte, non-blocking write of 514 bytes */
	ol2 = read_async(piperead, 1);
	ASYNC(ol2);
	EXPECT_TRUE(WriteFile(pipewrite, readbuf, 514, &write, &ol));
	if (pipe_type == PIPE_TYPE_MESSAGE) {
		EXPECT_EQ(0, write);
		test_not_signaled(ol2);	/* ERROR_IO_INCOMPLETE, read == 0 */
	} else {
		EXPECT_EQ(1, write);
		test_overlapped_result(ol2, 1, FALSE);
	}

	/* write the exact buffer size, should succeed */
	EXPECT_TRUE(WriteFile(pipewrite, readbuf, 512, &write, &ol));
	EXPECT_EQ(512, write);
	/* not checked by Wine: a read still pending gets its byte */
	test_overlapped_result(ol2, 1, FALSE);
	free_job(ol2);

	EXPECT_TRUE(CloseHandle(pipewrite));
	EXPECT_TRUE(CloseHandle(piperead));

	/* CreateNamedPipe with PIPE_NOWAIT, test ConnectNamedPipe */
	pipewrite = CreateNamedPipeA(PIPENAME, FILE_FLAG_OVERLAPPED | PIPE_ACCESS_DUPLEX,
				     pipe_type | PIPE_NOWAIT, 1, 512, 512,
				     NMPWAIT_USE_DEFAULT_WAIT, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, pipewrite);
	memset(&ol, 0, sizeof(ol));
	EXPECT_ERR(ConnectNamedPipe(pipewrite, &ol), ERROR_PIPE_LISTENING);

	/* connect and disconnect, then test ConnectNamedPipe again */
	file = CreateFileA(PIPENAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			   OPEN_EXISTING, 0, 0);
	EXPECT_NE(INVALID_HANDLE_VALUE, file);
	EXPECT_TRUE(CloseHandle(file));
	EXPECT_ERR(ConnectNamedPipe(pipewrite, &ol), ERROR_NO_DATA);

	/* call DisconnectNamedPipe and test ConnectNamedPipe again */
	EXPECT_EQ(TRUE, DisconnectNamedPipe(pipewrite));
	EXPECT_ERR(ConnectNamedPipe(pipewrite, &ol), ERROR_PIPE_LISTENING);
	EXPECT_TRUE(CloseHandle(pipewrite));
}

TEST(test_nowait_byte)
{
	PIPENAME_VAR(name);

	REQUIRE_DEV();
	do_nowait(_metadata, name, PIPE_TYPE_BYTE);
}

TEST(test_nowait_message)
{
	PIPENAME_VAR(name);

	REQUIRE_DEV();
	do_nowait(_metadata, name, PIPE_TYPE_MESSAGE);
}

/*
 * Left out of Wine's pipe.c: test_impersonation (tokens), the overlapped
 * halves of test_overlapped and test_overlapped_error, serverThreadMain3-5
 * of test_NamedPipe_2 (overlapped, IOCP, ReadFileEx), test_readfileex_pending
 * (ReadFileEx/WriteFileEx), the CancelIoEx parts of test_blocking_rw and
 * test_transact, test_namedpipe_session_id, test_GetOverlappedResultEx and
 * test_exit_process_async.
 */

TEST_HARNESS_MAIN
