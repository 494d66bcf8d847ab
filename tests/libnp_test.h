/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers for the libnp selftests (tests/libnp_*.c), which test the
 * library through its public headers.  Include it after np.h or npwin32.h:
 *
 *	#include "npwin32.h"
 *	#include "libnp_test.h"
 *
 * It brings the kselftest harness (with the warnings its 6.1 macros trip
 * turned off), SENT, REQUIRE_DEV(), the Win32 error checks EXPECT_ERR()
 * and EXPECT_HERR(), check_info4() and check_pipe_info(), now_ms() and
 * libnp_mkname().  The kernel-interface tests (npipe_*.c) have
 * npipe_test.h instead.
 */
#ifndef LIBNP_TEST_H
#define LIBNP_TEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/resource.h>

/*
 * The 6.1 harness's macros leave parameters unused, compare an int with
 * an unsigned value (EXPECT_EQ(0, a DWORD or a size_t)) and trip
 * -Wmisleading-indentation (ASSERT_*() with TH_LOG); the tests fill
 * structures partly ("STARTUPINFO si = { sizeof(si) }").
 */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmisleading-indentation"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include "kselftest_harness.h"

/* What an out-parameter or the last error holds before the call. */
#define SENT	0xdeadbeefU

/*
 * Skip the test without the module.  In 6.1 SKIP() in a FIXTURE_SETUP
 * does not skip the body: call this at the top of each test.
 */
#define REQUIRE_DEV() do { \
	if (access("/dev/npipe", F_OK)) \
		SKIP(return, "/dev/npipe missing (module not loaded)"); \
} while (0)

/* Expect the Win32 @call to return FALSE with GetLastError() == @err. */
#define EXPECT_ERR(call, err) do { \
	SetLastError(SENT); \
	EXPECT_EQ(0, (long)(call)); \
	EXPECT_EQ((DWORD)(err), GetLastError()); \
} while (0)

/* The same for a call returning a HANDLE: INVALID_HANDLE_VALUE. */
#define EXPECT_HERR(call, err) do { \
	SetLastError(SENT); \
	EXPECT_EQ(INVALID_HANDLE_VALUE, (call)); \
	EXPECT_EQ((DWORD)(err), GetLastError()); \
} while (0)

/*
 * @fn(@h, &a, &b, &c, &d), a Win32 call with four DWORD out-parameters
 * (GetNamedPipeInfo, GetMailslotInfo), filled with SENT first: it
 * succeeds and writes @a_ .. @d_.
 */
#define check_info4(fn, h, a_, b_, c_, d_) do { \
	DWORD __a = SENT, __b = SENT, __c = SENT, __d = SENT; \
	EXPECT_TRUE(fn((h), &__a, &__b, &__c, &__d)); \
	EXPECT_EQ((DWORD)(a_), __a); \
	EXPECT_EQ((DWORD)(b_), __b); \
	EXPECT_EQ((DWORD)(c_), __c); \
	EXPECT_EQ((DWORD)(d_), __d); \
} while (0)

/* GetNamedPipeInfo() of @h: these flags, quotas and instance limit. */
#define check_pipe_info(h, flags, out, in, max) \
	check_info4(GetNamedPipeInfo, h, flags, out, in, max)

/* CLOCK_MONOTONIC in milliseconds. */
static inline uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * "PREFIX-TAG-PID-N": a name unique to this test, process and call (N
 * counts atomically, so threads may name pipes too).
 */
static inline const char *libnp_mkname(char *buf, size_t size,
				       const char *prefix, const char *tag)
{
	static int seq;

	snprintf(buf, size, "%s%s-%d-%d", prefix, tag, (int)getpid(),
		 __atomic_fetch_add(&seq, 1, __ATOMIC_RELAXED));
	return buf;
}

/*
 * Lower RLIMIT_NOFILE to the lowest free fd, so that every fd below it is
 * in use and the next open fails with EMFILE.  *@saved: the limit to put
 * back with setrlimit().  Return: 0, or -1 with errno.
 */
static inline int no_free_fds(struct rlimit *saved)
{
	struct rlimit low;
	int fd;

	if (getrlimit(RLIMIT_NOFILE, saved))
		return -1;
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	close(fd);
	low = *saved;
	low.rlim_cur = (rlim_t)fd;
	return setrlimit(RLIMIT_NOFILE, &low);
}

#endif /* LIBNP_TEST_H */
