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
#include "libnp_test.h"

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

/* ---- Heaps --------------------------------------------------------------- */

static int all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (p[n])
			return 0;
	return 1;
}

/* Wine heap.c test_HeapCreate: the border cases of a growable heap. */
TEST(heap_basics)
{
	HANDLE heap = HeapCreate(0, 0, 0);
	unsigned char *p, *q;
	size_t align = 2 * sizeof(void *);

	ASSERT_NE(NULL, heap);
	/* HeapFree of NULL succeeds. */
	EXPECT_TRUE(HeapFree(heap, 0, NULL));
	/* HeapReAlloc of NULL fails, leaving NO_ERROR. */
	SetLastError(SENT);
	EXPECT_EQ(NULL, HeapReAlloc(heap, 0, NULL, 1));
	EXPECT_EQ(NO_ERROR, GetLastError());
	/* A 0-byte block is a block of size 0. */
	p = HeapAlloc(heap, 0, 0);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0, HeapSize(heap, 0, p));
	/* Impossible sizes fail. */
	SetLastError(SENT);
	EXPECT_EQ(NULL, HeapReAlloc(heap, 0, p, ~(SIZE_T)0 - 7));
	EXPECT_EQ(ERROR_NOT_ENOUGH_MEMORY, GetLastError());
	EXPECT_EQ(NULL, HeapReAlloc(heap, 0, p, ~(SIZE_T)0));
	EXPECT_EQ(0, HeapSize(heap, 0, p));
	EXPECT_TRUE(HeapFree(heap, 0, p));
	SetLastError(SENT);
	EXPECT_EQ(NULL, HeapAlloc(heap, 0, ~(SIZE_T)0));
	EXPECT_EQ(ERROR_NOT_ENOUGH_MEMORY, GetLastError());

	/* Blocks are aligned to 2 * sizeof(void *). */
	p = HeapAlloc(heap, 0, 1);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0, (uintptr_t)p % align);
	/* Reallocation to 0 keeps a valid block of size 0. */
	q = HeapReAlloc(heap, 0, p, 0);
	ASSERT_NE(NULL, q);
	EXPECT_EQ(0, HeapSize(heap, 0, q));
	EXPECT_TRUE(HeapFree(heap, 0, q));

	/* HEAP_ZERO_MEMORY, small and large. */
	p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 1);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(1, HeapSize(heap, 0, p));
	EXPECT_EQ(0, p[0]);
	EXPECT_TRUE(HeapFree(heap, 0, p));
	p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 1 << 20);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(1 << 20, HeapSize(heap, 0, p));
	EXPECT_TRUE(all_zero(p, 1 << 20));
	EXPECT_TRUE(HeapFree(heap, 0, p));
	EXPECT_TRUE(HeapDestroy(heap));
}

/* Wine heap.c: HEAP_ZERO_MEMORY on reallocation, in-place shrinking. */
TEST(heap_realloc)
{
	HANDLE heap = HeapCreate(0, 0, 0);
	unsigned char *p, *q;

	ASSERT_NE(NULL, heap);
	p = HeapAlloc(heap, 0, 100);
	ASSERT_NE(NULL, p);
	memset(p, 0xab, 100);
	/* Growing with HEAP_ZERO_MEMORY zeroes the new bytes only. */
	q = HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, 5000);
	ASSERT_NE(NULL, q);
	EXPECT_EQ(5000, HeapSize(heap, 0, q));
	EXPECT_EQ(0xab, q[0]);
	EXPECT_EQ(0xab, q[99]);
	EXPECT_TRUE(all_zero(q + 100, 4900));
	/* Shrinking in place keeps the address. */
	p = HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, q, 3000);
	EXPECT_EQ(q, p);
	EXPECT_EQ(3000, HeapSize(heap, 0, p));
	/* and growing back to where it was, too */
	p = HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, q, 5000);
	EXPECT_EQ(q, p);
	/* Far beyond the block: not in place, NULL, ERROR_NOT_ENOUGH_MEMORY,
	 * the block untouched. */
	SetLastError(SENT);
	EXPECT_EQ(NULL, HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, q,
				    1 << 22));
	EXPECT_EQ(ERROR_NOT_ENOUGH_MEMORY, GetLastError());
	EXPECT_EQ(5000, HeapSize(heap, 0, q));
	/* Without the flag it moves, keeping the contents. */
	p = HeapReAlloc(heap, 0, q, 1 << 22);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0xab, p[99]);
	EXPECT_EQ(1 << 22, HeapSize(heap, 0, p));
	EXPECT_TRUE(HeapFree(heap, 0, p));
	EXPECT_TRUE(HeapDestroy(heap));
}

/* Wine heap.c "fixed size heaps": the maximum is enforced. */
TEST(heap_fixed_size)
{
	HANDLE heap;
	void *a, *b, *c;

	/* libnp: dwInitialSize above the maximum is refused. */
	EXPECT_ERR(HeapCreate(0, 8192, 4096), ERROR_INVALID_PARAMETER);

	heap = HeapCreate(0, 0, 65536);
	ASSERT_NE(NULL, heap);
	EXPECT_ERR(HeapAlloc(heap, 0, 65537), ERROR_NOT_ENOUGH_MEMORY);
	a = HeapAlloc(heap, 0, 40000);
	ASSERT_NE(NULL, a);
	EXPECT_ERR(HeapAlloc(heap, 0, 30000), ERROR_NOT_ENOUGH_MEMORY);
	b = HeapAlloc(heap, 0, 20000);
	ASSERT_NE(NULL, b);
	/* Growing past the maximum fails and keeps the block. */
	EXPECT_ERR(HeapReAlloc(heap, 0, b, 30000), ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_EQ(20000, HeapSize(heap, 0, b));
	EXPECT_TRUE(HeapFree(heap, 0, a));
	c = HeapAlloc(heap, 0, 40000);
	EXPECT_NE(NULL, c);
	EXPECT_TRUE(HeapDestroy(heap));

	/* A block above the fixed heaps' limit, however large the heap. */
	heap = HeapCreate(0, 0, 16 << 20);
	ASSERT_NE(NULL, heap);
	EXPECT_ERR(HeapAlloc(heap, 0, 2 << 20), ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_NE(NULL, HeapAlloc(heap, 0, 400 << 10));
	EXPECT_TRUE(HeapDestroy(heap));
}

TEST(heap_process_and_errors)
{
	HANDLE ph = GetProcessHeap(), heap;
	void *p, *q;

	ASSERT_NE(NULL, ph);
	EXPECT_EQ(ph, GetProcessHeap());
	p = HeapAlloc(ph, HEAP_ZERO_MEMORY, 64);
	ASSERT_NE(NULL, p);
	EXPECT_TRUE(all_zero(p, 64));
	EXPECT_EQ(64, HeapSize(ph, 0, p));
	/* A block of another heap. */
	heap = HeapCreate(HEAP_NO_SERIALIZE, 0, 0);
	ASSERT_NE(NULL, heap);
	q = HeapAlloc(heap, 0, 16);
	ASSERT_NE(NULL, q);
	EXPECT_EQ((SIZE_T)-1, HeapSize(heap, 0, p));
	EXPECT_ERR(HeapFree(heap, 0, p), ERROR_INVALID_PARAMETER);
	EXPECT_ERR(HeapReAlloc(ph, 0, q, 32), ERROR_INVALID_PARAMETER);
	EXPECT_EQ(16, HeapSize(heap, 0, q));
	EXPECT_TRUE(HeapFree(ph, 0, p));
	/* HeapDestroy frees every block; the process heap stays. */
	EXPECT_NE(NULL, HeapAlloc(heap, 0, 100));
	EXPECT_TRUE(HeapDestroy(heap));
	EXPECT_ERR(HeapDestroy(ph), ERROR_INVALID_PARAMETER);
	EXPECT_ERR(HeapDestroy(NULL), ERROR_INVALID_HANDLE);
	EXPECT_ERR(HeapAlloc(NULL, 0, 1), ERROR_INVALID_HANDLE);
	EXPECT_EQ((SIZE_T)-1, HeapSize(NULL, 0, p));
}

/* HEAP_GENERATE_EXCEPTIONS: an allocation failure raises STATUS_NO_MEMORY,
 * which, unhandled, ends the process with that code (low byte: 0x17). */
TEST(heap_generate_exceptions)
{
	int st;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid) {
		HANDLE heap = HeapCreate(HEAP_GENERATE_EXCEPTIONS, 0, 4096);

		close(2);
		HeapAlloc(heap, 0, 8192);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(STATUS_NO_MEMORY & 0xff, WEXITSTATUS(st));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(2);
		HeapAlloc(GetProcessHeap(), HEAP_GENERATE_EXCEPTIONS,
			  ~(SIZE_T)0 - 64);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(STATUS_NO_MEMORY & 0xff, WEXITSTATUS(st));
}

/* ---- Global and local memory --------------------------------------------- */

/* GPTR, GMEM_FIXED: the handle is the address; GlobalSize. */
TEST(global_fixed)
{
	HGLOBAL h;
	unsigned char *p;

	h = GlobalAlloc(GPTR, 100);
	ASSERT_NE(NULL, h);
	p = h;
	EXPECT_TRUE(all_zero(p, 100));
	EXPECT_EQ(0, (uintptr_t)p % (2 * sizeof(void *)));
	EXPECT_EQ(100, GlobalSize(h));
	/* Locking fixed memory gives the address; GlobalUnlock: TRUE. */
	EXPECT_EQ(p, GlobalLock(h));
	EXPECT_TRUE(GlobalUnlock(h));
	EXPECT_EQ(0, GlobalFlags(h));
	EXPECT_EQ(h, GlobalHandle(p));
	/* Without GMEM_MOVEABLE a fixed block changes in place only. */
	EXPECT_EQ(h, GlobalReAlloc(h, 50, 0));
	EXPECT_EQ(50, GlobalSize(h));
	EXPECT_ERR(GlobalReAlloc(h, 1 << 22, 0), ERROR_NOT_ENOUGH_MEMORY);
	h = GlobalReAlloc(h, 1 << 22, GMEM_MOVEABLE | GMEM_ZEROINIT);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(1 << 22, GlobalSize(h));
	EXPECT_TRUE(all_zero((unsigned char *)h + 50, (1 << 22) - 50));
	/* GlobalFree: NULL on success and for NULL. */
	EXPECT_EQ(NULL, GlobalFree(h));
	EXPECT_EQ(NULL, GlobalFree(NULL));
	/* Wine heap.c: GlobalReAlloc(0, ...) fails. */
	EXPECT_EQ(NULL, GlobalReAlloc(NULL, 10, GMEM_MOVEABLE));
	/* GMEM_FIXED without ZEROINIT, of 0 bytes: a valid block. */
	h = GlobalAlloc(GMEM_FIXED, 0);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(0, GlobalSize(h));
	EXPECT_EQ(NULL, GlobalFree(h));
	/* Unknown flags. */
	EXPECT_ERR(GlobalAlloc(0x80, 10), ERROR_INVALID_PARAMETER);
	EXPECT_ERR(LocalAlloc(0x1000, 10), ERROR_INVALID_PARAMETER);
}

/* Wine heap.c test_GlobalAlloc: moveable memory and its lock count. */
TEST(global_moveable)
{
	HGLOBAL h, h2;
	unsigned char *p, *p2;
	int i;

	h = GlobalAlloc(GHND, 256);
	ASSERT_NE(NULL, h);
	/* A handle, not an address: sizeof(void *) past the alignment. */
	EXPECT_EQ(sizeof(void *), (uintptr_t)h % (2 * sizeof(void *)));
	EXPECT_EQ(256, GlobalSize(h));
	EXPECT_EQ(0, GlobalFlags(h));
	p = GlobalLock(h);
	ASSERT_NE(NULL, p);
	EXPECT_NE((void *)p, h);
	EXPECT_EQ(p, *(void **)h);	/* the handle points at the address */
	EXPECT_TRUE(all_zero(p, 256));
	EXPECT_EQ(1, GlobalFlags(h));
	EXPECT_EQ(p, GlobalLock(h));
	EXPECT_EQ(2, GlobalFlags(h));
	EXPECT_EQ(h, GlobalHandle(p));
	EXPECT_EQ(h, GlobalHandle(h));
	EXPECT_TRUE(GlobalUnlock(h));
	EXPECT_EQ(1, GlobalFlags(h));
	/* The last unlock: FALSE with NO_ERROR, then ERROR_NOT_LOCKED. */
	SetLastError(SENT);
	EXPECT_FALSE(GlobalUnlock(h));
	EXPECT_EQ(ERROR_SUCCESS, GetLastError());
	EXPECT_EQ(0, GlobalFlags(h));
	EXPECT_ERR(GlobalUnlock(h), ERROR_NOT_LOCKED);
	/* The lock count stops at 255; unlocks count down from there. */
	for (i = 0; i < 300; i++)
		GlobalLock(h);
	EXPECT_EQ(GMEM_LOCKCOUNT, GlobalFlags(h));
	EXPECT_TRUE(GlobalUnlock(h));
	EXPECT_EQ(GMEM_LOCKCOUNT - 1, GlobalFlags(h));
	EXPECT_EQ(NULL, GlobalFree(h));

	/* A freed handle is caught: Wine heap.c "freed handles are caught". */
	h = GlobalAlloc(GMEM_MOVEABLE, 256);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(NULL, GlobalFree(h));
	SetLastError(SENT);
	EXPECT_EQ(h, GlobalFree(h));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	SetLastError(SENT);
	EXPECT_EQ(GMEM_INVALID_HANDLE, GlobalFlags(h));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	EXPECT_ERR(GlobalSize(h), ERROR_INVALID_HANDLE);
	EXPECT_ERR(GlobalLock(h), ERROR_INVALID_HANDLE);
	/* GlobalUnlock of it: TRUE, ERROR_INVALID_HANDLE. */
	SetLastError(SENT);
	EXPECT_TRUE(GlobalUnlock(h));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	EXPECT_ERR(GlobalReAlloc(h, 10, GMEM_MOVEABLE), ERROR_INVALID_HANDLE);

	/* Size 0: a discarded block. */
	h = GlobalAlloc(GMEM_MOVEABLE | GMEM_DISCARDABLE, 0);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(0, GlobalSize(h));
	EXPECT_EQ(GMEM_DISCARDED | GMEM_DISCARDABLE, GlobalFlags(h));
	EXPECT_ERR(GlobalLock(h), ERROR_DISCARDED);
	/* Wine heap.c: reallocating 0 -> 10 -> 0 -> 10. */
	h2 = GlobalReAlloc(h, 10, GMEM_MOVEABLE);
	EXPECT_EQ(h, h2);
	EXPECT_EQ(10, GlobalSize(h));
	EXPECT_EQ(GMEM_DISCARDABLE, GlobalFlags(h));
	EXPECT_EQ(h, GlobalReAlloc(h, 0, GMEM_MOVEABLE));
	EXPECT_EQ(0, GlobalSize(h));
	EXPECT_EQ(h, GlobalReAlloc(h, 10, GMEM_MOVEABLE));
	EXPECT_EQ(10, GlobalSize(h));
	/* GMEM_MODIFY changes GMEM_DISCARDABLE only. */
	EXPECT_EQ(h, GlobalReAlloc(h, 0, GMEM_MODIFY));
	EXPECT_EQ(0, GlobalFlags(h));
	EXPECT_EQ(10, GlobalSize(h));
	/* A locked block without GMEM_MOVEABLE changes in place only. */
	p = GlobalLock(h);
	ASSERT_NE(NULL, p);
	memcpy(p, "0123456789", 10);
	EXPECT_ERR(GlobalReAlloc(h, 1 << 22, 0), ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_EQ(h, GlobalReAlloc(h, 1 << 22, GMEM_MOVEABLE));
	p2 = GlobalLock(h);
	ASSERT_NE(NULL, p2);
	EXPECT_EQ(0, memcmp(p2, "0123456789", 10));
	EXPECT_EQ(2, GlobalFlags(h));
	/* GlobalFree frees a locked block too. */
	EXPECT_EQ(NULL, GlobalFree(h));

	/* GMEM_DDESHARE is reported. */
	h = GlobalAlloc(GMEM_MOVEABLE | GMEM_DISCARDABLE | GMEM_DDESHARE, 1);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(GMEM_DISCARDABLE | GMEM_DDESHARE, GlobalFlags(h));
	EXPECT_EQ(NULL, GlobalFree(h));

	/* GMEM_MODIFY | GMEM_MOVEABLE makes a fixed block moveable. */
	p = GlobalAlloc(GMEM_FIXED, 8);
	ASSERT_NE(NULL, p);
	h = GlobalReAlloc(p, 0, GMEM_MODIFY | GMEM_MOVEABLE);
	ASSERT_NE(NULL, h);
	EXPECT_NE((void *)p, h);
	EXPECT_EQ(p, GlobalLock(h));
	EXPECT_EQ(h, GlobalHandle(p));
	EXPECT_EQ(NULL, GlobalFree(h));
}

/* The Local functions: LMEM_ values, LocalUnlock of fixed memory. */
TEST(local_memory)
{
	HLOCAL h;
	char *p;

	h = LocalAlloc(LPTR, 32);
	ASSERT_NE(NULL, h);
	EXPECT_TRUE(all_zero(h, 32));
	EXPECT_EQ(32, LocalSize(h));
	EXPECT_EQ(h, LocalLock(h));
	/* Unlike GlobalUnlock: FALSE, ERROR_NOT_LOCKED. */
	EXPECT_ERR(LocalUnlock(h), ERROR_NOT_LOCKED);
	EXPECT_EQ(NULL, LocalFree(h));

	h = LocalAlloc(LHND | LMEM_DISCARDABLE, 16);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(LMEM_DISCARDABLE, LocalFlags(h));
	p = LocalLock(h);
	ASSERT_NE(NULL, p);
	EXPECT_TRUE(all_zero((unsigned char *)p, 16));
	EXPECT_EQ(LMEM_DISCARDABLE | 1, LocalFlags(h));
	EXPECT_EQ(h, LocalHandle(p));
	h = LocalReAlloc(h, 64, LMEM_MOVEABLE | LMEM_ZEROINIT);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(64, LocalSize(h));
	SetLastError(SENT);
	EXPECT_FALSE(LocalUnlock(h));
	EXPECT_EQ(NO_ERROR, GetLastError());
	EXPECT_EQ(NULL, LocalFree(h));
	/* Freed: the handle back, ERROR_INVALID_HANDLE; LocalUnlock FALSE. */
	SetLastError(SENT);
	EXPECT_EQ(h, LocalFree(h));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	EXPECT_ERR(LocalUnlock(h), ERROR_INVALID_HANDLE);
	EXPECT_EQ(LMEM_INVALID_HANDLE, LocalFlags(h));
	EXPECT_EQ(NULL, LocalFree(NULL));
	/* A moveable block's address frees the block and its handle. */
	h = LocalAlloc(LMEM_MOVEABLE, 8);
	ASSERT_NE(NULL, h);
	p = LocalLock(h);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(NULL, LocalFree(p));
	EXPECT_EQ(LMEM_INVALID_HANDLE, LocalFlags(h));
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

/* ---- DeleteFile, temporary files ----------------------------------------- */

TEST(temp_path)
{
	char buf[MAX_PATH], *old = getenv("TMPDIR");
	DWORD n;

	unsetenv("TMPDIR");
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(5, GetTempPathA(sizeof(buf), buf));
	EXPECT_STREQ("/tmp/", buf);
	/* Too small: the size needed with the NUL, buffer untouched. */
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(6, GetTempPathA(5, buf));
	EXPECT_EQ('x', buf[0]);
	EXPECT_EQ(5, GetTempPathA(6, buf));
	setenv("TMPDIR", "/var/tmp/", 1);
	EXPECT_EQ(9, GetTempPathA(sizeof(buf), buf));
	EXPECT_STREQ("/var/tmp/", buf);
	setenv("TMPDIR", "/some/dir", 1);
	n = GetTempPath(sizeof(buf), buf);
	EXPECT_EQ(10, n);
	EXPECT_STREQ("/some/dir/", buf);
	setenv("TMPDIR", "", 1);
	EXPECT_EQ(5, GetTempPathA(sizeof(buf), buf));
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
}

/* Wine path.c test_GetTempFileNameA / file.c test_DeleteFileA. */
TEST(temp_file_and_delete)
{
	char dir[] = "/tmp/libnp-tmpXXXXXX", name[MAX_PATH], name2[MAX_PATH];
	char expect[MAX_PATH], longdir[MAX_PATH + 20];
	struct stat st;
	UINT u, u2;

	ASSERT_NE(NULL, mkdtemp(dir));
	/* uUnique given: only the name, prefix cut to 3, upper-case hex. */
	EXPECT_EQ(0xabcd, GetTempFileNameA(dir, "prefix", 0xabcd, name));
	snprintf(expect, sizeof(expect), "%s/preABCD.tmp", dir);
	EXPECT_STREQ(expect, name);
	EXPECT_EQ(-1, stat(name, &st));
	/* Only the low 16 bits of uUnique; a trailing '/' is kept single. */
	snprintf(longdir, sizeof(longdir), "%s/", dir);
	EXPECT_EQ(0x12345, GetTempFileNameA(longdir, "", 0x12345, name));
	snprintf(expect, sizeof(expect), "%s/2345.tmp", dir);
	EXPECT_STREQ(expect, name);
	/* uUnique 0: a new empty file, its number returned. */
	SetLastError(SENT);
	u = GetTempFileNameA(dir, "np", 0, name);
	ASSERT_NE(0, u);
	EXPECT_EQ(ERROR_SUCCESS, GetLastError());
	snprintf(expect, sizeof(expect), "%s/np%04X.tmp", dir, u);
	EXPECT_STREQ(expect, name);
	ASSERT_EQ(0, stat(name, &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	EXPECT_EQ(0, st.st_size);
	u2 = GetTempFileNameA(dir, "np", 0, name2);
	EXPECT_NE(0, u2);
	EXPECT_NE(u, u2);
	/* Errors. */
	EXPECT_ERR(GetTempFileNameA("/nonexistent-dir", "np", 0, name2),
		   ERROR_DIRECTORY);
	EXPECT_ERR(GetTempFileNameA(name, "np", 0, name2), ERROR_DIRECTORY);
	EXPECT_ERR(GetTempFileNameA(NULL, "np", 0, name2),
		   ERROR_INVALID_PARAMETER);
	memset(longdir, 'a', sizeof(longdir) - 1);
	longdir[0] = '/';
	longdir[sizeof(longdir) - 1] = '\0';
	EXPECT_ERR(GetTempFileNameA(longdir, "np", 1, name2),
		   ERROR_BUFFER_OVERFLOW);

	/* DeleteFile. */
	EXPECT_TRUE(DeleteFileA(name));
	EXPECT_EQ(-1, stat(name, &st));
	EXPECT_ERR(DeleteFileA(name), ERROR_FILE_NOT_FOUND);
	snprintf(expect, sizeof(expect), "%s/nodir/file", dir);
	EXPECT_ERR(DeleteFileA(expect), ERROR_PATH_NOT_FOUND);
	EXPECT_ERR(DeleteFileA(NULL), ERROR_PATH_NOT_FOUND);
	EXPECT_ERR(DeleteFileA(""), ERROR_PATH_NOT_FOUND);
	/* A directory: ERROR_ACCESS_DENIED. */
	EXPECT_ERR(DeleteFile(dir), ERROR_ACCESS_DENIED);
	EXPECT_TRUE(DeleteFile(name2));
	EXPECT_EQ(0, rmdir(dir));
}

/* ---- ReadFile at the end of a POSIX pipe --------------------------------- */

/* The handle of fd 0 after putting @fd there (as "cat file | prog"). */
static HANDLE as_stdin(int fd, int *saved)
{
	*saved = dup(0);
	dup2(fd, 0);
	close(fd);
	return GetStdHandle(STD_INPUT_HANDLE);
}

static void restore_stdin(int saved)
{
	HANDLE h = GetStdHandle(STD_INPUT_HANDLE);

	CloseHandle(h);		/* forget fd 0's kind */
	dup2(saved, 0);
	close(saved);
}

/* On Windows the end of a pipe is FALSE with ERROR_BROKEN_PIPE (a loop
 * that stops only on that error must stop); files still read 0 bytes. */
TEST(readfile_pipe_eof)
{
	char buf[16];
	DWORD n;
	int p[2], sv[2], saved;
	HANDLE h;
	char fifo[64];
	int fd;

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(3, write(p[1], "abc", 3));
	close(p[1]);
	h = as_stdin(p[0], &saved);
	EXPECT_EQ(FILE_TYPE_PIPE, GetFileType(h));
	n = SENT;
	EXPECT_TRUE(ReadFile(h, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(3, n);
	n = SENT;
	EXPECT_ERR(ReadFile(h, buf, sizeof(buf), &n, NULL), ERROR_BROKEN_PIPE);
	EXPECT_EQ(0, n);
	/* Reading 0 bytes is no end. */
	EXPECT_TRUE(ReadFile(h, buf, 0, &n, NULL));
	EXPECT_EQ(0, n);
	restore_stdin(saved);

	/* A FIFO, opened with CreateFile. */
	snprintf(fifo, sizeof(fifo), "/tmp/libnp-fifo-%d", (int)getpid());
	ASSERT_EQ(0, mkfifo(fifo, 0600));
	fd = open(fifo, O_RDWR);	/* a writer, so the open does not block */
	ASSERT_LE(0, fd);
	h = CreateFileA(fifo, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_EQ(FILE_TYPE_PIPE, GetFileType(h));
	ASSERT_EQ(2, write(fd, "xy", 2));
	close(fd);
	EXPECT_TRUE(ReadFile(h, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(2, n);
	EXPECT_ERR(ReadFile(h, buf, sizeof(buf), &n, NULL), ERROR_BROKEN_PIPE);
	CloseHandle(h);
	unlink(fifo);

	/* A stream socket whose peer has closed. */
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	close(sv[1]);
	h = as_stdin(sv[0], &saved);
	EXPECT_EQ(FILE_TYPE_PIPE, GetFileType(h));
	EXPECT_ERR(ReadFile(h, buf, sizeof(buf), &n, NULL), ERROR_BROKEN_PIPE);
	restore_stdin(saved);

	/* A file still ends with TRUE and 0 bytes. */
	fd = open("/proc/self/exe", O_RDONLY);
	ASSERT_LE(0, fd);
	lseek(fd, 0, SEEK_END);
	h = as_stdin(fd, &saved);
	EXPECT_EQ(FILE_TYPE_DISK, GetFileType(h));
	n = SENT;
	EXPECT_TRUE(ReadFile(h, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(0, n);
	restore_stdin(saved);
}

/* ---- GetNamedPipeClientComputerName --------------------------------------- */

/* The name GetComputerName gives: the host name to its first '.', upper
 * case, at most 15 characters. */
static void computer_name(char *out)
{
	char host[256];
	int i;

	gethostname(host, sizeof(host));
	host[sizeof(host) - 1] = '\0';
	for (i = 0; i < 15 && host[i] && host[i] != '.'; i++)
		out[i] = (char)toupper((unsigned char)host[i]);
	out[i] = '\0';
}

TEST(client_computer_name)
{
	char name[64], want[16], buf[64];
	HANDLE s, c;
	size_t len;

	if (access("/dev/npipe", F_OK))
		SKIP(return, "/dev/npipe missing (module not loaded)");
	snprintf(name, sizeof(name), "\\\\.\\pipe\\libnp-ccn-%d",
		 (int)getpid());
	computer_name(want);
	len = strlen(want);
	ASSERT_LT(0, len);
	s = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 64,
			     64, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	/* No client yet: as GetNamedPipeClientProcessId, ERROR_NOT_FOUND. */
	EXPECT_ERR(GetNamedPipeClientComputerNameA(s, buf, sizeof(buf)),
		   ERROR_NOT_FOUND);
	c = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			OPEN_EXISTING, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, c);
	memset(buf, 'x', sizeof(buf));
	EXPECT_TRUE(GetNamedPipeClientComputerName(s, buf, sizeof(buf)));
	EXPECT_STREQ(want, buf);
	/* The size is in bytes with the NUL. */
	EXPECT_TRUE(GetNamedPipeClientComputerNameA(s, buf, (ULONG)len + 1));
	EXPECT_STREQ(want, buf);
	EXPECT_ERR(GetNamedPipeClientComputerNameA(s, buf, (ULONG)len),
		   ERROR_INSUFFICIENT_BUFFER);
	EXPECT_ERR(GetNamedPipeClientComputerNameA(s, buf, 1),
		   ERROR_INSUFFICIENT_BUFFER);
	EXPECT_ERR(GetNamedPipeClientComputerNameA(s, NULL, 64),
		   ERROR_INSUFFICIENT_BUFFER);
	/* From the client end too. */
	EXPECT_TRUE(GetNamedPipeClientComputerNameA(c, buf, sizeof(buf)));
	EXPECT_STREQ(want, buf);
	EXPECT_TRUE(DisconnectNamedPipe(s));
	EXPECT_ERR(GetNamedPipeClientComputerNameA(s, buf, sizeof(buf)),
		   ERROR_NOT_FOUND);
	EXPECT_ERR(GetNamedPipeClientComputerNameA(c, buf, sizeof(buf)),
		   ERROR_PIPE_NOT_CONNECTED);
	EXPECT_TRUE(CloseHandle(c));
	EXPECT_TRUE(CloseHandle(s));
	EXPECT_ERR(GetNamedPipeClientComputerNameA(INVALID_HANDLE_VALUE, buf,
						   sizeof(buf)),
		   ERROR_INVALID_HANDLE);
	EXPECT_ERR(GetNamedPipeClientComputerNameA(GetStdHandle(
						STD_ERROR_HANDLE), buf,
						   sizeof(buf)),
		   ERROR_INVALID_FUNCTION);
}

TEST_HARNESS_MAIN
