// SPDX-License-Identifier: GPL-2.0
/*
 * libnp Win32 layer: the runtime around the pipes: interlocked
 * operations, heaps, global and local memory, the module name, the clocks,
 * Sleep, the version, RaiseException, MessageBox, DeleteFile and the
 * temporary files, and ReadFile at the end of a POSIX pipe.
 *
 * Where Wine has a conformance test of the same behaviour (its
 * dlls/kernel32/tests: heap.c, module.c, version.c, file.c, path.c), the
 * comment says which Windows behaviour the test asserts.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "npwin32.h"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmisleading-indentation"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include "kselftest_harness.h"

#define SENT	0xdeadbeefU

#define EXPECT_ERR(call, err) do { \
	SetLastError(SENT); \
	EXPECT_EQ(0, (long)(call)); \
	EXPECT_EQ((DWORD)(err), GetLastError()); \
} while (0)

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- Interlocked ----------------------------------------------------- */

TEST(interlocked_values)
{
	LONG volatile v = 5;
	LONG64 volatile v64 = 0x100000000LL;
	PVOID volatile p = NULL;
	int x, y;

	/* Increment/Decrement return the new value, the others the old. */
	EXPECT_EQ(6, InterlockedIncrement(&v));
	EXPECT_EQ(5, InterlockedDecrement(&v));
	EXPECT_EQ(5, InterlockedExchange(&v, 9));
	EXPECT_EQ(9, v);
	EXPECT_EQ(9, InterlockedExchangeAdd(&v, -4));
	EXPECT_EQ(5, v);
	/* CompareExchange stores only if equal; returns the old value. */
	EXPECT_EQ(5, InterlockedCompareExchange(&v, 7, 4));
	EXPECT_EQ(5, v);
	EXPECT_EQ(5, InterlockedCompareExchange(&v, 7, 5));
	EXPECT_EQ(7, v);
	v = 0x7fffffff;
	EXPECT_EQ((LONG)0x80000000, InterlockedIncrement(&v));

	/* The 64-bit forms keep all 64 bits (also on 32-bit). */
	EXPECT_EQ(0x100000001LL, InterlockedIncrement64(&v64));
	EXPECT_EQ(0x100000000LL, InterlockedDecrement64(&v64));
	EXPECT_EQ(0x100000000LL, InterlockedExchange64(&v64, -1));
	EXPECT_EQ(-1, InterlockedExchangeAdd64(&v64, 0x200000001LL));
	EXPECT_EQ(0x200000000LL, v64);
	EXPECT_EQ(0x200000000LL,
		  InterlockedCompareExchange64(&v64, 3, 0x200000001LL));
	EXPECT_EQ(0x200000000LL,
		  InterlockedCompareExchange64(&v64, 3, 0x200000000LL));
	EXPECT_EQ(3, v64);

	EXPECT_EQ(NULL, InterlockedExchangePointer(&p, &x));
	EXPECT_EQ(&x, p);
	EXPECT_EQ(&x, InterlockedCompareExchangePointer(&p, &y, NULL));
	EXPECT_EQ(&x, p);
	EXPECT_EQ(&x, InterlockedCompareExchangePointer(&p, &y, &x));
	EXPECT_EQ(&y, p);
	MemoryBarrier();
	YieldProcessor();
}

#define THREADS		4
#define ROUNDS		100000

static LONG volatile counter;
static LONG64 volatile counter64;
static LONG volatile spin;
static long plain;		/* only under the spin lock */

static void *hammer(void *arg)
{
	int i;

	for (i = 0; i < ROUNDS; i++) {
		InterlockedIncrement(&counter);
		InterlockedExchangeAdd64(&counter64, 3);
		/* a lock made of CompareExchange: exclusive increments */
		while (InterlockedCompareExchange(&spin, 1, 0))
			YieldProcessor();
		plain += 2;
		InterlockedExchange(&spin, 0);
		InterlockedExchangeAdd(&counter, 2);
		InterlockedDecrement(&counter);
	}
	return NULL;
}

/* Atomic under contention: no increment is lost. */
TEST(interlocked_threads)
{
	pthread_t t[THREADS];
	int i;

	counter = 0;
	counter64 = 0;
	plain = 0;
	for (i = 0; i < THREADS; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, hammer, NULL));
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	EXPECT_EQ(2 * THREADS * ROUNDS, counter);
	EXPECT_EQ(2L * THREADS * ROUNDS, plain);
	EXPECT_EQ(3LL * THREADS * ROUNDS, counter64);
}

/* ---- Memory macros and sized types ------------------------------------- */

TEST(memory_macros_and_types)
{
	char a[8] = "abcdefg", b[8];

	FillMemory(a, 3, 'x');
	EXPECT_EQ(0, memcmp(a, "xxxdefg", 8));
	CopyMemory(b, a, 8);
	EXPECT_EQ(0, memcmp(b, "xxxdefg", 8));
	MoveMemory(b + 1, b, 6);
	EXPECT_EQ(0, memcmp(b, "xxxxdef", 8));
	ZeroMemory(b, 4);
	EXPECT_EQ(0, memcmp(b, "\0\0\0\0def", 8));

	/* The sizes of Windows' LLP64 model, on 32- and 64-bit. */
	EXPECT_EQ(4, sizeof(LONG32));
	EXPECT_EQ(4, sizeof(DWORD32));
	EXPECT_EQ(4, sizeof(INT32));
	EXPECT_EQ(4, sizeof(UINT32));
	EXPECT_EQ(4, sizeof(LONG));
	EXPECT_EQ(4, sizeof(DWORD));
	EXPECT_EQ(8, sizeof(INT64));
	EXPECT_EQ(8, sizeof(UINT64));
	EXPECT_EQ(8, sizeof(DWORD64));
	EXPECT_EQ(8, sizeof(LONG64));
	EXPECT_EQ(8, sizeof(ULONGLONG));
	EXPECT_EQ(1, sizeof(INT8));
	EXPECT_EQ(2, sizeof(UINT16));
	EXPECT_EQ(sizeof(void *), sizeof(ULONG_PTR));
	EXPECT_EQ(sizeof(void *), sizeof(SIZE_T));
	EXPECT_EQ(sizeof(void *), sizeof(DWORD_PTR));
	EXPECT_EQ(sizeof(void *), sizeof(LONG_PTR));
	EXPECT_EQ(8, sizeof(LARGE_INTEGER));
	EXPECT_LT((INT32)-1, 0);
	EXPECT_GT((UINT32)-1, 0);
	EXPECT_EQ(0x12345678, MAKELONG(0x5678, 0x1234));
	EXPECT_EQ(0x5678, LOWORD(0x12345678));
	EXPECT_EQ(0x1234, HIWORD(0x12345678));
	{
		LARGE_INTEGER li;

		li.QuadPart = 0x0000000500000007LL;
		EXPECT_EQ(7, li.LowPart);
		EXPECT_EQ(5, li.HighPart);
		EXPECT_EQ(7, li.u.LowPart);
	}
}

/* __declspec as gcc attributes. */
static __declspec(thread) int per_thread = 1;
static __declspec(align(64)) char aligned64[3];
__declspec(noreturn) static void never_returns(void)
{
	_exit(0);
}

static void *read_per_thread(void *arg)
{
	return (void *)(intptr_t)per_thread;
}

TEST(declspec)
{
	pthread_t t;
	void *r;

	EXPECT_EQ(0, (uintptr_t)aligned64 % 64);
	EXPECT_EQ(64, __alignof__(aligned64));
	per_thread = 2;
	ASSERT_EQ(0, pthread_create(&t, NULL, read_per_thread, NULL));
	pthread_join(t, &r);
	EXPECT_EQ(1, (intptr_t)r);	/* the other thread's own copy */
	EXPECT_EQ(2, per_thread);
	if (0)
		never_returns();
}

/* ---- Module, clocks, Sleep, version ------------------------------------- */

/* Wine module.c testGetModuleFileName: ERROR_SUCCESS, Vista's truncation,
 * a wrong handle leaves the buffer untouched. */
TEST(module_file_name)
{
	char exe[4096], buf[MAX_PATH + 10];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	DWORD len;

	ASSERT_LT(0, n);
	exe[n] = '\0';
	ASSERT_GT(MAX_PATH, n);
	memset(buf, '-', sizeof(buf));
	SetLastError(SENT);
	len = GetModuleFileNameA(NULL, buf, sizeof(buf));
	EXPECT_EQ(ERROR_SUCCESS, GetLastError());
	EXPECT_EQ((DWORD)n, len);
	EXPECT_STREQ(exe, buf);
	/* GetModuleHandle(NULL) names the same module. */
	EXPECT_NE(NULL, GetModuleHandleA(NULL));
	EXPECT_EQ((DWORD)n, GetModuleFileNameA(GetModuleHandleA(NULL), buf,
					       sizeof(buf)));
	/* Exactly fitting with the NUL. */
	EXPECT_EQ((DWORD)n, GetModuleFileNameA(NULL, buf, (DWORD)n + 1));
	EXPECT_STREQ(exe, buf);
	/* One short: nSize - 1 characters and a NUL, returns nSize. */
	memset(buf, '-', sizeof(buf));
	SetLastError(SENT);
	EXPECT_EQ((DWORD)n, GetModuleFileNameA(NULL, buf, (DWORD)n));
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, GetLastError());
	EXPECT_EQ(0, strncmp(exe, buf, (size_t)n - 1));
	EXPECT_EQ('\0', buf[n - 1]);
	EXPECT_EQ('-', buf[n]);
	/* Half the length, as Wine's test. */
	memset(buf, '-', sizeof(buf));
	EXPECT_EQ((DWORD)n / 2, GetModuleFileNameA(NULL, buf, (DWORD)n / 2));
	EXPECT_EQ('\0', buf[n / 2 - 1]);
	/* nSize 0: nothing written. */
	memset(buf, '-', sizeof(buf));
	SetLastError(SENT);
	EXPECT_EQ(0, GetModuleFileNameA(NULL, buf, 0));
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, GetLastError());
	EXPECT_EQ('-', buf[0]);
	/* A wrong module handle. */
	buf[0] = '*';
	EXPECT_ERR(GetModuleFileNameA((HMODULE)(uintptr_t)0xffffffff, buf,
				      sizeof(buf)), ERROR_MOD_NOT_FOUND);
	EXPECT_EQ('*', buf[0]);
	EXPECT_ERR(GetModuleHandleA("kernel32.dll"), ERROR_MOD_NOT_FOUND);
}

TEST(clocks_and_sleep)
{
	LARGE_INTEGER f, c1, c2;
	ULONGLONG t64a, t64b;
	DWORD t32a;
	uint64_t m0, m1;

	EXPECT_TRUE(QueryPerformanceFrequency(&f));
	EXPECT_EQ(10000000, f.QuadPart);
	EXPECT_ERR(QueryPerformanceFrequency(NULL), ERROR_NOACCESS);
	EXPECT_ERR(QueryPerformanceCounter(NULL), ERROR_NOACCESS);

	m0 = now_ms();
	EXPECT_TRUE(QueryPerformanceCounter(&c1));
	t64a = GetTickCount64();
	t32a = GetTickCount();
	/* GetTickCount is GetTickCount64's low 32 bits, in ms since boot. */
	EXPECT_LE((DWORD)t64a, t32a);
	EXPECT_LE(t32a - (DWORD)t64a, 5);
	EXPECT_LE(m0 > 5 ? m0 - 5 : 0, t64a);
	Sleep(200);
	EXPECT_TRUE(QueryPerformanceCounter(&c2));
	t64b = GetTickCount64();
	m1 = now_ms();
	/* Sleep(200) sleeps at least 200 ms; the clocks saw it. */
	EXPECT_LE(200, m1 - m0);
	EXPECT_LE(199, t64b - t64a);
	EXPECT_GE(m1 - m0 + 5, t64b - t64a);
	EXPECT_LE(1990000, c2.QuadPart - c1.QuadPart);
	EXPECT_GE((LONGLONG)(m1 - m0 + 5) * 10000, c2.QuadPart - c1.QuadPart);
	/* Sleep(0) yields and returns. */
	m0 = now_ms();
	Sleep(0);
	EXPECT_GT(100, now_ms() - m0);
}

static void on_alarm(int sig)
{
}

/* A signal does not cut a Sleep short (it is not alertable). */
TEST(sleep_through_signal)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { 0, 50000 } };
	uint64_t t0;

	sigaction(SIGALRM, &sa, NULL);
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	t0 = now_ms();
	Sleep(250);
	EXPECT_LE(250, now_ms() - t0);
}

/* Wine version.c: dwOSVersionInfoSize must be one of the two sizes. */
TEST(version)
{
	OSVERSIONINFOA vi;
	OSVERSIONINFOEXA vx;
	DWORD v = GetVersion();

	memset(&vi, 0xcc, sizeof(vi));
	vi.dwOSVersionInfoSize = sizeof(vi);
	EXPECT_TRUE(GetVersionExA(&vi));
	EXPECT_EQ(sizeof(vi), vi.dwOSVersionInfoSize);
	EXPECT_EQ(6, vi.dwMajorVersion);
	EXPECT_EQ(2, vi.dwMinorVersion);
	EXPECT_EQ(9200, vi.dwBuildNumber);
	EXPECT_EQ(VER_PLATFORM_WIN32_NT, vi.dwPlatformId);
	EXPECT_STREQ("", vi.szCSDVersion);
	memset(&vx, 0xcc, sizeof(vx));
	vx.dwOSVersionInfoSize = sizeof(vx);
	EXPECT_TRUE(GetVersionEx((OSVERSIONINFO *)&vx));
	EXPECT_EQ(6, vx.dwMajorVersion);
	EXPECT_EQ(0, vx.wServicePackMajor);
	EXPECT_EQ(0, vx.wServicePackMinor);
	EXPECT_EQ(VER_NT_WORKSTATION, vx.wProductType);
	EXPECT_EQ(0, vx.wReserved);
	vi.dwOSVersionInfoSize = sizeof(vi) - 1;
	EXPECT_ERR(GetVersionExA(&vi), ERROR_INSUFFICIENT_BUFFER);
	vi.dwOSVersionInfoSize = sizeof(vx) + 1;
	EXPECT_ERR(GetVersionExA(&vi), ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(6, LOBYTE(LOWORD(v)));
	EXPECT_EQ(2, HIBYTE(LOWORD(v)));
	EXPECT_EQ(9200, HIWORD(v));
}

/* ---- RaiseException, MessageBox ----------------------------------------- */

/* Run @fn in a child with stderr on a pipe: its exit status, its stderr. */
static int child(void (*fn)(void), char *err, size_t size)
{
	int p[2], st;
	ssize_t n, got = 0;
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(p[1], 2);
		close(p[0]);
		fn();
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], err + got, size - 1 - got)) > 0)
		got += n;
	err[got] = '\0';
	close(p[0]);
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

static void raise_av(void)
{
	ULONG_PTR args[2] = { 1, 2 };

	printf("buffered, never flushed");
	RaiseException(EXCEPTION_ACCESS_VIOLATION, 0, 2, args);
}

static void raise_low_zero(void)
{
	RaiseException(0xE0434300, EXCEPTION_NONCONTINUABLE, 0, NULL);
}

static void atexit_probe(void)
{
	fprintf(stderr, "atexit ran\n");
}

static void raise_after_atexit(void)
{
	atexit(atexit_probe);
	RaiseException(0x20000001, 0, 0, NULL);
}

/* An unhandled exception ends the process with its code: no handler runs,
 * nothing buffered is flushed. */
TEST(raise_exception)
{
	char err[256];

	EXPECT_EQ(0x05, child(raise_av, err, sizeof(err)));
	EXPECT_STREQ("Unhandled exception 0xC0000005\n", err);
	/* A code whose low byte is 0 does not read as success. */
	EXPECT_EQ(255, child(raise_low_zero, err, sizeof(err)));
	EXPECT_STREQ("Unhandled exception 0xE0434300\n", err);
	EXPECT_EQ(0x01, child(raise_after_atexit, err, sizeof(err)));
	EXPECT_STREQ("Unhandled exception 0x20000001\n", err);
}

static int mb_ret;
static DWORD mb_err;

static void mb_ok(void)
{
	_exit(MessageBoxA(NULL, "Pipe created", "Server", MB_OK));
}

static void mb_null_caption(void)
{
	_exit(MessageBox(NULL, "text", NULL, MB_YESNO | MB_ICONERROR));
}

static void mb_default2(void)
{
	_exit(MessageBoxA(NULL, "again?", "Q", MB_RETRYCANCEL | MB_DEFBUTTON2));
}

/* A console MessageBox: the text on stderr, the default button's id. */
TEST(message_box)
{
	static const struct {
		UINT type;
		int id;
	} cases[] = {
		{ MB_OK, IDOK },
		{ MB_OK | MB_DEFBUTTON2, IDOK },
		{ MB_OKCANCEL, IDOK },
		{ MB_OKCANCEL | MB_DEFBUTTON2, IDCANCEL },
		{ MB_ABORTRETRYIGNORE, IDABORT },
		{ MB_ABORTRETRYIGNORE | MB_DEFBUTTON3, IDIGNORE },
		{ MB_YESNOCANCEL | MB_DEFBUTTON2, IDNO },
		{ MB_YESNOCANCEL | MB_DEFBUTTON3, IDCANCEL },
		{ MB_YESNO, IDYES },
		{ MB_YESNO | MB_DEFBUTTON2, IDNO },
		{ MB_RETRYCANCEL, IDRETRY },
		{ MB_CANCELTRYCONTINUE | MB_DEFBUTTON2, IDTRYAGAIN },
		{ MB_CANCELTRYCONTINUE | MB_DEFBUTTON3, IDCONTINUE },
		{ MB_OKCANCEL | MB_HELP | MB_DEFBUTTON3, IDOK },
		{ MB_YESNO | MB_DEFBUTTON4, IDYES },
	};
	char err[256];
	int devnull = open("/dev/null", O_WRONLY), saved = dup(2);
	size_t i;

	EXPECT_EQ(IDOK, child(mb_ok, err, sizeof(err)));
	EXPECT_STREQ("Server: Pipe created\n", err);
	EXPECT_EQ(IDYES, child(mb_null_caption, err, sizeof(err)));
	EXPECT_STREQ("Error: text\n", err);
	EXPECT_EQ(IDCANCEL, child(mb_default2, err, sizeof(err)));
	EXPECT_STREQ("Q: again?\n", err);

	dup2(devnull, 2);
	for (i = 0; i < ARRAYSIZE(cases); i++) {
		mb_ret = MessageBoxA(NULL, "t", "c", cases[i].type);
		if (mb_ret != cases[i].id)
			break;
	}
	SetLastError(SENT);
	mb_ret = MessageBoxA(NULL, "t", "c", 7);
	mb_err = GetLastError();
	dup2(saved, 2);
	EXPECT_EQ(ARRAYSIZE(cases), i);
	EXPECT_EQ(0, mb_ret);
	EXPECT_EQ(ERROR_INVALID_MSGBOX_STYLE, mb_err);
	close(devnull);
	close(saved);
}

TEST_HARNESS_MAIN
