// SPDX-License-Identifier: GPL-2.0
/*
 * libnp Win32 layer: mailslots (CreateMailslot, CreateFile of a
 * "\\.\mailslot\" name, ReadFile/WriteFile, Get/SetMailslotInfo).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "npwin32.h"
#include "libnp_test.h"

#define MSNAME(var) char var[200]; \
	snprintf(var, sizeof(var), "\\\\.\\mailslot\\libnp-%s-%d", __func__, \
		 (int)getpid())

/* GetMailslotInfo() of @h: these values of every out-parameter. */
#define check_info(h, max, next, count, tmo) \
	check_info4(GetMailslotInfo, h, max, next, count, tmo)

static HANDLE writer(const char *name)
{
	return CreateFileA(name, GENERIC_WRITE, FILE_SHARE_READ, NULL,
			   OPEN_EXISTING, 0, NULL);
}

TEST(create_and_info)
{
	MSNAME(name);
	HANDLE s, s2;
	DWORD max, next, count, tmo;

	REQUIRE_DEV();
	EXPECT_ERR(GetMailslotInfo(INVALID_HANDLE_VALUE, &max, &next, &count,
				   &tmo), ERROR_INVALID_HANDLE);
	SetLastError(SENT);
	EXPECT_EQ(INVALID_HANDLE_VALUE, CreateMailslotA("blah", 0, 0, NULL));
	EXPECT_EQ(ERROR_INVALID_NAME, GetLastError());
	SetLastError(SENT);
	EXPECT_EQ(INVALID_HANDLE_VALUE, CreateMailslotA(NULL, 0, 0, NULL));
	EXPECT_EQ(ERROR_PATH_NOT_FOUND, GetLastError());
	SetLastError(SENT);
	EXPECT_EQ(INVALID_HANDLE_VALUE,
		  CreateMailslotA("\\\\.\\pipe\\x", 0, 0, NULL));
	EXPECT_EQ(ERROR_INVALID_NAME, GetLastError());
	SetLastError(SENT);
	EXPECT_EQ(INVALID_HANDLE_VALUE, writer(name));
	EXPECT_EQ(ERROR_FILE_NOT_FOUND, GetLastError());

	/* Wacky parameters are kept as given. */
	s = CreateMailslotA(name, (DWORD)-1, (DWORD)-1, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	check_info(s, ~0U, MAILSLOT_NO_MESSAGE, 0, MAILSLOT_WAIT_FOREVER);
	EXPECT_TRUE(GetMailslotInfo(s, NULL, NULL, NULL, NULL));
	/* One reader per name. */
	SetLastError(SENT);
	s2 = CreateMailslotA(name, 0, 0, NULL);
	EXPECT_EQ(INVALID_HANDLE_VALUE, s2);
	EXPECT_EQ(ERROR_ALREADY_EXISTS, GetLastError());
	EXPECT_TRUE(SetMailslotInfo(s, 250));
	EXPECT_TRUE(GetMailslotInfo(s, NULL, NULL, NULL, &tmo));
	EXPECT_EQ(250, tmo);
	EXPECT_TRUE(CloseHandle(s));
	EXPECT_ERR(SetMailslotInfo(s, 0), ERROR_INVALID_HANDLE);
	/* The name went with its last handle. */
	s = CreateMailslotA(name, 0, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	EXPECT_TRUE(CloseHandle(s));
}

TEST(messages)
{
	MSNAME(name);
	HANDLE s, w1, w2;
	unsigned char buf[16];
	DWORD n, max, next, count;

	REQUIRE_DEV();
	s = CreateMailslotA(name, 0, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	n = SENT;
	EXPECT_ERR(ReadFile(s, buf, sizeof(buf), &n, NULL), ERROR_SEM_TIMEOUT);
	EXPECT_EQ(0, n);
	EXPECT_ERR(WriteFile(s, buf, sizeof(buf), &n, NULL), ERROR_ACCESS_DENIED);
	w1 = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ,
			 NULL, OPEN_EXISTING, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, w1);
	w2 = writer(name);
	ASSERT_NE(INVALID_HANDLE_VALUE, w2);
	EXPECT_ERR(ReadFile(w1, buf, sizeof(buf), &n, NULL), ERROR_ACCESS_DENIED);
	check_info(s, 0, MAILSLOT_NO_MESSAGE, 0, 0);

	buf[0] = 'a';
	EXPECT_TRUE(WriteFile(w1, buf, 1, &n, NULL));
	EXPECT_EQ(1, n);
	EXPECT_TRUE(GetMailslotInfo(s, NULL, &next, &count, NULL));
	EXPECT_EQ(1, next);
	EXPECT_EQ(1, count);
	buf[0] = 'b';
	buf[1] = 'c';
	EXPECT_TRUE(WriteFile(w2, buf, 2, &n, NULL));
	EXPECT_TRUE(WriteFile(w2, buf, 0, &n, NULL));	/* empty message */
	EXPECT_TRUE(GetMailslotInfo(s, NULL, &next, &count, NULL));
	EXPECT_EQ(1, next);
	EXPECT_EQ(3, count);

	/* Too small a buffer keeps the message. */
	EXPECT_ERR(ReadFile(s, buf, 0, &n, NULL), ERROR_INSUFFICIENT_BUFFER);
	memset(buf, 0, sizeof(buf));
	EXPECT_TRUE(ReadFile(s, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(1, n);
	EXPECT_EQ('a', buf[0]);
	EXPECT_TRUE(GetMailslotInfo(s, NULL, &next, &count, NULL));
	EXPECT_EQ(2, next);
	EXPECT_EQ(2, count);
	EXPECT_ERR(ReadFile(s, buf, 1, &n, NULL), ERROR_INSUFFICIENT_BUFFER);
	EXPECT_TRUE(ReadFile(s, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(2, n);
	EXPECT_EQ(0, memcmp(buf, "bc", 2));
	EXPECT_TRUE(GetMailslotInfo(s, NULL, &next, &count, NULL));
	EXPECT_EQ(0, next);
	EXPECT_EQ(1, count);
	n = SENT;
	EXPECT_TRUE(ReadFile(s, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(0, n);
	EXPECT_TRUE(GetMailslotInfo(s, NULL, &next, &count, NULL));
	EXPECT_EQ(MAILSLOT_NO_MESSAGE, next);
	EXPECT_EQ(0, count);
	EXPECT_ERR(ReadFile(s, buf, sizeof(buf), &n, NULL), ERROR_SEM_TIMEOUT);
	EXPECT_FALSE(GetMailslotInfo(w1, &max, NULL, NULL, NULL));
	EXPECT_TRUE(CloseHandle(w2));
	EXPECT_TRUE(CloseHandle(w1));
	EXPECT_TRUE(CloseHandle(s));
}

TEST(timeouts_and_limits)
{
	MSNAME(name);
	char bname[220];
	HANDLE s, w;
	unsigned char buf[600];
	DWORD n;
	uint64_t t0;

	REQUIRE_DEV();
	s = CreateMailslotA(name, 8, 300, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	t0 = now_ms();
	EXPECT_ERR(ReadFile(s, buf, sizeof(buf), &n, NULL), ERROR_SEM_TIMEOUT);
	EXPECT_LE(290, now_ms() - t0);
	w = writer(name);
	ASSERT_NE(INVALID_HANDLE_VALUE, w);
	EXPECT_TRUE(WriteFile(w, buf, 8, &n, NULL));
	EXPECT_ERR(WriteFile(w, buf, 9, &n, NULL), ERROR_NOT_ENOUGH_QUOTA);
	EXPECT_TRUE(CloseHandle(w));
	EXPECT_TRUE(ReadFile(s, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(8, n);
	EXPECT_TRUE(CloseHandle(s));

	/* Broadcast names: 424-byte messages at most. */
	s = CreateMailslotA(name, 0, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	snprintf(bname, sizeof(bname), "\\\\*\\mailslot\\%s",
		 strstr(name, "libnp-"));
	w = writer(bname);
	ASSERT_NE(INVALID_HANDLE_VALUE, w);
	EXPECT_TRUE(WriteFile(w, buf, 424, &n, NULL));
	EXPECT_EQ(424, n);
	EXPECT_ERR(WriteFile(w, buf, 425, &n, NULL), ERROR_NOT_ENOUGH_QUOTA);
	EXPECT_TRUE(ReadFile(s, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(424, n);
	EXPECT_TRUE(CloseHandle(w));
	EXPECT_TRUE(CloseHandle(s));
}

static void on_usr1(int sig)
{
	(void)sig;
}

struct pester {
	pthread_t target;
	unsigned int ms;		/* signal it every 50 ms for this long */
};

static void *pester_fn(void *arg)
{
	struct pester *p = arg;
	unsigned int t;

	for (t = 0; t < p->ms; t += 50) {
		usleep(50 * 1000);
		pthread_kill(p->target, SIGUSR1);
	}
	return NULL;
}

/*
 * A finite read timeout is one deadline: a stream of signals (handled,
 * without SA_RESTART) must not start it over, or the read never times out.
 */
TEST(read_timeout_survives_signals)
{
	struct sigaction sa = { .sa_handler = on_usr1 }, old;
	struct pester p = { .target = pthread_self(), .ms = 2500 };
	unsigned char buf[16];
	pthread_t th;
	uint64_t t0, took;
	MSNAME(name);
	HANDLE s;
	DWORD n;

	REQUIRE_DEV();
	s = CreateMailslotA(name, 0, 400, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, &old));
	ASSERT_EQ(0, pthread_create(&th, NULL, pester_fn, &p));
	t0 = now_ms();
	EXPECT_ERR(ReadFile(s, buf, sizeof(buf), &n, NULL), ERROR_SEM_TIMEOUT);
	took = now_ms() - t0;
	pthread_join(th, NULL);
	sigaction(SIGUSR1, &old, NULL);
	EXPECT_LE(390, took);
	/* signals kept coming for 2.5 s: a restarted timeout would outlast them */
	EXPECT_GT(2000, took) TH_LOG("the read took %llu ms",
				     (unsigned long long)took);
	EXPECT_TRUE(CloseHandle(s));
}

/* Wine's mailslot.c on Windows: extreme parameters are kept as given;
 * a read with nothing queued fails at once and reports 0 bytes. */
TEST(wine_conformance)
{
	MSNAME(name);
	HANDLE s;
	unsigned char buf[16];
	DWORD n;

	REQUIRE_DEV();
	s = CreateMailslotA(name, (DWORD)-1, (DWORD)-1, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	check_info(s, ~0U, MAILSLOT_NO_MESSAGE, 0, ~0U);
	EXPECT_TRUE(GetMailslotInfo(s, NULL, NULL, NULL, NULL));
	EXPECT_TRUE(CloseHandle(s));

	s = CreateMailslotA(name, 0, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, s);
	n = SENT;
	EXPECT_ERR(ReadFile(INVALID_HANDLE_VALUE, buf, 0, &n, NULL),
		   ERROR_INVALID_HANDLE);
	EXPECT_EQ(0, n);
	n = SENT;
	EXPECT_ERR(ReadFile(s, buf, sizeof(buf), &n, NULL), ERROR_SEM_TIMEOUT);
	EXPECT_EQ(0, n);
	EXPECT_ERR(WriteFile(s, buf, sizeof(buf), &n, NULL),
		   ERROR_ACCESS_DENIED);
	EXPECT_TRUE(CloseHandle(s));
}

TEST_HARNESS_MAIN
