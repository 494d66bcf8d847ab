// SPDX-License-Identifier: GPL-2.0
/*
 * libnp: the Microsoft C runtime pieces of nptchar.h (_snprintf, the
 * secure forms and their invalid parameter handler, the TCHAR names) and
 * the opt-in Windows headers (<windows.h>, <tchar.h>, <strsafe.h>,
 * <conio.h> in lib/include/win32): a source written for Windows includes
 * them as they are.  Each test names the documented behaviour it asserts
 * (Microsoft's CRT reference for _snprintf, strcpy_s, strncpy_s,
 * strcat_s, sprintf_s, fopen_s; strsafe.h's for StringCch and StringCb).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>
#include <sys/wait.h>

#include <win32/windows.h>
#include <win32/tchar.h>
#include <win32/strsafe.h>
#include <win32/conio.h>
#pragma GCC diagnostic ignored "-Wformat-truncation"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#include "libnp_test.h"

/* ---- _snprintf, _vsnprintf ----------------------------------------------- */

static int vsn(char *buf, size_t count, const char *f, ...)
{
	va_list ap;
	int r;

	va_start(ap, f);
	r = _vsnprintf(buf, count, f, ap);
	va_end(ap);
	return r;
}

/* MS: the output and NUL if they fit; exactly count characters: no NUL,
 * returns count; more: count characters, no NUL, -1. */
TEST(snprintf_ms_semantics)
{
	char buf[16];

	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(5, _snprintf(buf, 8, "%s", "hello"));
	EXPECT_STREQ("hello", buf);
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(5, _snprintf(buf, 5, "%s", "hello"));
	EXPECT_EQ(0, memcmp(buf, "hellox", 6));
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(-1, _snprintf(buf, 3, "%d", 12345));
	EXPECT_EQ(0, memcmp(buf, "123x", 4));
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(-1, _snprintf(buf, 0, "%d", 1));
	EXPECT_EQ('x', buf[0]);
	EXPECT_EQ(0, _snprintf(buf, 0, ""));
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(-1, vsn(buf, 4, "%s-%s", "ab", "cd"));
	EXPECT_EQ(0, memcmp(buf, "ab-cx", 5));
	EXPECT_EQ(5, vsn(buf, 6, "%s-%s", "ab", "cd"));
	EXPECT_STREQ("ab-cd", buf);
	/* The TCHAR names are the MS functions too. */
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(-1, _sntprintf(buf, 2, _T("%s"), _T("abc")));
	EXPECT_EQ(0, memcmp(buf, "abx", 3));
}

TEST(case_insensitive)
{
	EXPECT_EQ(0, _stricmp("Pipe", "pIPE"));
	EXPECT_GT(0, _stricmp("abc", "ABD"));
	EXPECT_LT(0, _stricmp("b", "A"));
	EXPECT_EQ(0, _strnicmp("PipeX", "pipeY", 4));
	EXPECT_NE(0, _strnicmp("PipeX", "pipeY", 5));
	EXPECT_EQ(0, _tcsicmp(_T("ABC"), _T("abc")));
	EXPECT_EQ(0, _tcsnicmp(_T("ABCd"), _T("abce"), 3));
	EXPECT_EQ(0, _strcmpi("x", "X"));
	EXPECT_EQ(0, lstrcmpi("Mailslot", "MAILSLOT"));
}

/* ---- The secure forms -------------------------------------------------- */

static int handler_calls;

static void count_handler(const wchar_t *e, const wchar_t *f,
			  const wchar_t *file, unsigned int line,
			  uintptr_t r)
{
	handler_calls++;
}

#define EXPECT_INVALID(call, err) do { \
	int before = handler_calls; \
	errno = 0; \
	EXPECT_EQ((err), (call)); \
	EXPECT_EQ(before + 1, handler_calls); \
	EXPECT_EQ((err), errno); \
} while (0)

/* The documented result tables of strcpy_s, strncpy_s, strcat_s with a
 * handler that returns. */
TEST(secure_strings)
{
	char buf[8];
	errno_t e;

	EXPECT_TRUE(_set_invalid_parameter_handler(count_handler) == NULL);
	EXPECT_TRUE(_get_invalid_parameter_handler() == count_handler);

	/* strcpy_s */
	EXPECT_EQ(0, strcpy_s(buf, sizeof(buf), "pipe"));
	EXPECT_STREQ("pipe", buf);
	EXPECT_EQ(0, strcpy_s(buf, 5, "pipe"));
	EXPECT_INVALID(strcpy_s(buf, 4, "pipe"), ERANGE);
	EXPECT_EQ('\0', buf[0]);		/* set to "" */
	strcpy(buf, "old");
	EXPECT_INVALID(strcpy_s(NULL, 8, "x"), EINVAL);
	EXPECT_INVALID(strcpy_s(buf, 0, "x"), EINVAL);
	EXPECT_STREQ("old", buf);		/* not modified */
	EXPECT_INVALID(strcpy_s(buf, 8, NULL), EINVAL);
	EXPECT_EQ('\0', buf[0]);
	EXPECT_EQ(0, _tcscpy_s(buf, _countof(buf), _T("tchar")));
	EXPECT_STREQ("tchar", buf);

	/* strncpy_s */
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(0, strncpy_s(buf, sizeof(buf), "abcdef", 3));
	EXPECT_STREQ("abc", buf);
	EXPECT_EQ(0, strncpy_s(buf, sizeof(buf), "ab", 5));
	EXPECT_STREQ("ab", buf);
	EXPECT_EQ(0, strncpy_s(buf, sizeof(buf), "abcdef", 0));
	EXPECT_STREQ("", buf);
	EXPECT_EQ(0, strncpy_s(buf, 4, "abcdef", 3));
	EXPECT_STREQ("abc", buf);
	EXPECT_INVALID(strncpy_s(buf, 3, "abcdef", 3), ERANGE);
	EXPECT_EQ('\0', buf[0]);
	/* _TRUNCATE: as much as fits, STRUNCATE (no handler). */
	e = strncpy_s(buf, 5, "a long string", _TRUNCATE);
	EXPECT_EQ(STRUNCATE, e);
	EXPECT_STREQ("a lo", buf);
	EXPECT_EQ(0, strncpy_s(buf, 5, "abcd", _TRUNCATE));
	EXPECT_STREQ("abcd", buf);
	EXPECT_EQ(0, _tcsncpy_s(buf, _countof(buf), _T("xyz"), _TRUNCATE));
	EXPECT_STREQ("xyz", buf);
	/* NULL, 0, count 0: allowed, nothing done. */
	EXPECT_EQ(0, strncpy_s(NULL, 0, "abc", 0));
	EXPECT_INVALID(strncpy_s(NULL, 0, "abc", 1), EINVAL);
	EXPECT_INVALID(strncpy_s(buf, 8, NULL, 1), EINVAL);
	EXPECT_EQ('\0', buf[0]);

	/* strcat_s */
	strcpy(buf, "ab");
	EXPECT_EQ(0, strcat_s(buf, sizeof(buf), "cdefg"));
	EXPECT_STREQ("abcdefg", buf);
	strcpy(buf, "ab");
	EXPECT_INVALID(strcat_s(buf, sizeof(buf), "cdefgh"), ERANGE);
	EXPECT_EQ('\0', buf[0]);
	memset(buf, 'x', sizeof(buf));	/* no NUL within the size */
	EXPECT_INVALID(strcat_s(buf, sizeof(buf), "a"), EINVAL);
	EXPECT_EQ('\0', buf[0]);
	strcpy(buf, "ab");
	EXPECT_INVALID(strcat_s(buf, sizeof(buf), NULL), EINVAL);
	EXPECT_EQ('\0', buf[0]);
	EXPECT_INVALID(strcat_s(NULL, 4, "a"), EINVAL);
	strcpy(buf, "ab");
	EXPECT_EQ(0, _tcscat_s(buf, _countof(buf), _T("c")));
	EXPECT_STREQ("abc", buf);

	/* sprintf_s */
	EXPECT_EQ(5, sprintf_s(buf, sizeof(buf), "%d-%d", 12, 34));
	EXPECT_STREQ("12-34", buf);
	errno = 0;
	handler_calls = 0;
	EXPECT_EQ(-1, sprintf_s(buf, 5, "%d-%d", 12, 34));
	EXPECT_EQ(1, handler_calls);
	EXPECT_EQ(ERANGE, errno);
	EXPECT_EQ('\0', buf[0]);
	EXPECT_EQ(-1, sprintf_s(NULL, 5, "x"));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(3, _stprintf_s(buf, _countof(buf), _T("%s"), _T("abc")));

	EXPECT_TRUE(_set_invalid_parameter_handler(NULL) == count_handler);
	EXPECT_TRUE(_get_invalid_parameter_handler() == NULL);
}

TEST(fopen_s_files)
{
	char name[] = "/tmp/libnp-fopen_sXXXXXX";
	FILE *f = (FILE *)1;
	int fd = mkstemp(name);

	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(0, fopen_s(&f, name, "w"));
	ASSERT_NE(NULL, f);
	EXPECT_EQ(3, fprintf(f, "abc"));
	fclose(f);
	f = (FILE *)1;
	EXPECT_EQ(0, _tfopen_s(&f, name, _T("r")));
	ASSERT_NE(NULL, f);
	EXPECT_EQ('a', fgetc(f));
	fclose(f);
	unlink(name);
	/* fopen's errno, *pFile NULL, no handler. */
	f = (FILE *)1;
	EXPECT_EQ(ENOENT, fopen_s(&f, name, "r"));
	EXPECT_EQ(NULL, f);
	_set_invalid_parameter_handler(count_handler);
	handler_calls = 0;
	f = (FILE *)1;
	EXPECT_EQ(EINVAL, fopen_s(&f, NULL, "r"));
	EXPECT_EQ(NULL, f);
	EXPECT_EQ(EINVAL, fopen_s(NULL, name, "r"));
	EXPECT_EQ(2, handler_calls);
	_set_invalid_parameter_handler(NULL);
}

/* The default handler ends the process as the release CRT does
 * (__fastfail: 0xC0000409, exit status 9), after a line on stderr. */
TEST(default_invalid_parameter_handler)
{
	char err[256], buf[4];
	int p[2], st;
	ssize_t n, got = 0;
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		dup2(p[1], 2);
		strcpy_s(buf, sizeof(buf), "too long");
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], err + got, sizeof(err) - 1 - got)) > 0)
		got += n;
	err[got] = '\0';
	close(p[0]);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(9, WEXITSTATUS(st));
	EXPECT_STREQ("Invalid parameter passed to C runtime function.\n"
		     "Unhandled exception 0xC0000409\n", err);
}

/* ---- <strsafe.h> --------------------------------------------------------- */

TEST(strsafe_copy)
{
	char buf[8];

	EXPECT_EQ(S_OK, StringCchCopyA(buf, sizeof(buf), "pipe"));
	EXPECT_STREQ("pipe", buf);
	EXPECT_EQ(S_OK, StringCchCopy(buf, 5, "pipe"));
	/* Truncated and terminated: STRSAFE_E_INSUFFICIENT_BUFFER. */
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  StringCchCopy(buf, 4, "pipe"));
	EXPECT_STREQ("pip", buf);
	EXPECT_TRUE(FAILED(STRSAFE_E_INSUFFICIENT_BUFFER));
	EXPECT_FALSE(SUCCEEDED(STRSAFE_E_INSUFFICIENT_BUFFER));
	EXPECT_TRUE(SUCCEEDED(S_OK));
	EXPECT_EQ((HRESULT)0x8007007A, STRSAFE_E_INSUFFICIENT_BUFFER);
	EXPECT_EQ(HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER),
		  STRSAFE_E_INSUFFICIENT_BUFFER);
	EXPECT_EQ(E_INVALIDARG, STRSAFE_E_INVALID_PARAMETER);
	/* Size 0: invalid, untouched; too large: invalid, set to "". */
	strcpy(buf, "old");
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER, StringCchCopy(buf, 0, "x"));
	EXPECT_STREQ("old", buf);
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER,
		  StringCchCopy(buf, (size_t)STRSAFE_MAX_CCH + 1, "x"));
	EXPECT_STREQ("", buf);
	EXPECT_EQ(S_OK, StringCbCopyA(buf, sizeof(buf), "bytes"));
	EXPECT_STREQ("bytes", buf);
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  StringCbCopy(buf, 3, "bytes"));
	EXPECT_STREQ("by", buf);

	/* CopyN: at most n characters of the source. */
	EXPECT_EQ(S_OK, StringCchCopyNA(buf, sizeof(buf), "abcdef", 3));
	EXPECT_STREQ("abc", buf);
	EXPECT_EQ(S_OK, StringCchCopyN(buf, sizeof(buf), "ab", 5));
	EXPECT_STREQ("ab", buf);
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  StringCchCopyN(buf, 3, "abcdef", 4));
	EXPECT_STREQ("ab", buf);
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER,
		  StringCchCopyN(buf, sizeof(buf), "abc",
				 (size_t)STRSAFE_MAX_CCH));
	EXPECT_STREQ("", buf);
	EXPECT_EQ(S_OK, StringCbCopyNA(buf, sizeof(buf), "xyz", 2));
	EXPECT_STREQ("xy", buf);
	EXPECT_EQ(S_OK, StringCbCopyN(buf, sizeof(buf), "", 2));
	EXPECT_STREQ("", buf);
}

TEST(strsafe_cat)
{
	char buf[8];

	strcpy(buf, "ab");
	EXPECT_EQ(S_OK, StringCchCatA(buf, sizeof(buf), "cd"));
	EXPECT_STREQ("abcd", buf);
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  StringCchCat(buf, sizeof(buf), "efghij"));
	EXPECT_STREQ("abcdefg", buf);
	/* The destination has no NUL within its size: invalid, untouched. */
	memcpy(buf, "12345678", 8);
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER,
		  StringCchCat(buf, sizeof(buf), "x"));
	EXPECT_EQ(0, memcmp(buf, "12345678", 8));
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER, StringCchCat(buf, 0, "x"));
	strcpy(buf, "ab");
	EXPECT_EQ(S_OK, StringCchCatNA(buf, sizeof(buf), "cdef", 2));
	EXPECT_STREQ("abcd", buf);
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  StringCchCatN(buf, 6, "efgh", 3));
	EXPECT_STREQ("abcde", buf);
	strcpy(buf, "a");
	EXPECT_EQ(S_OK, StringCbCatA(buf, sizeof(buf), "b"));
	EXPECT_EQ(S_OK, StringCbCat(buf, sizeof(buf), "c"));
	EXPECT_EQ(S_OK, StringCbCatN(buf, sizeof(buf), "def", 1));
	EXPECT_STREQ("abcd", buf);
	EXPECT_EQ(S_OK, StringCbCatNA(buf, sizeof(buf), "", 1));
	EXPECT_STREQ("abcd", buf);
	/* The source's length is counted from where the destination ends. */
	strcpy(buf, "abcdef");
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER, StringCbCat(buf, 7, "g"));
	EXPECT_STREQ("abcdef", buf);
}

static HRESULT vprintf_cch(char *buf, size_t n, const char *f, ...)
{
	va_list ap;
	HRESULT hr;

	va_start(ap, f);
	hr = StringCchVPrintf(buf, n, f, ap);
	va_end(ap);
	return hr;
}

static HRESULT vprintf_cb(char *buf, size_t n, const char *f, ...)
{
	va_list ap;
	HRESULT hr;

	va_start(ap, f);
	hr = StringCbVPrintfA(buf, n, f, ap);
	va_end(ap);
	return hr;
}

TEST(strsafe_printf_length)
{
	char buf[8];
	size_t len = 99;

	EXPECT_EQ(S_OK, StringCchPrintfA(buf, sizeof(buf), "%s%d", "ab", 12));
	EXPECT_STREQ("ab12", buf);
	EXPECT_EQ(S_OK, StringCchPrintf(buf, 8, "%d", 1234567));
	EXPECT_STREQ("1234567", buf);
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  StringCchPrintf(buf, 8, "%d", 12345678));
	EXPECT_STREQ("1234567", buf);
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  StringCbPrintfA(buf, 3, "%s", "abc"));
	EXPECT_STREQ("ab", buf);
	EXPECT_EQ(S_OK, StringCbPrintf(buf, sizeof(buf), "%c", 'z'));
	EXPECT_STREQ("z", buf);
	EXPECT_EQ(S_OK, vprintf_cch(buf, sizeof(buf), "%x", 255));
	EXPECT_STREQ("ff", buf);
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  vprintf_cb(buf, 2, "%x", 255));
	EXPECT_STREQ("f", buf);
	strcpy(buf, "old");
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER, StringCchPrintf(buf, 0, "x"));
	EXPECT_STREQ("old", buf);

	EXPECT_EQ(S_OK, StringCchLengthA("abc", 4, &len));
	EXPECT_EQ(3, len);
	EXPECT_EQ(S_OK, StringCchLength("abc", STRSAFE_MAX_CCH, &len));
	EXPECT_EQ(3, len);
	EXPECT_EQ(S_OK, StringCchLength("abc", 4, NULL));
	/* No NUL within cchMax: invalid, length 0. */
	len = 99;
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER, StringCchLength("abc", 3, &len));
	EXPECT_EQ(0, len);
	len = 99;
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER, StringCchLength("abc", 0, &len));
	EXPECT_EQ(0, len);
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER,
		  StringCchLength(NULL, 10, &len));
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER,
		  StringCchLength("a", (size_t)STRSAFE_MAX_CCH + 1, &len));
	EXPECT_EQ(S_OK, StringCbLengthA("abcd", 5, &len));
	EXPECT_EQ(4, len);
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER, StringCbLength("abcd", 4, &len));
}

/* The opt-in headers give what Windows-style sources use unchanged. */
TEST(windows_headers)
{
	TCHAR name[MAX_PATH];
	LPTSTR p = name;
	HANDLE heap = GetProcessHeap();
	LONG32 l32 = -1;
	DWORD32 d32 = 0xffffffff;
	HGLOBAL g = GlobalAlloc(GPTR, 4);
	HLOCAL loc;
	char *msg = NULL;

	ASSERT_NE(NULL, g);
	EXPECT_EQ(NULL, GlobalFree(g));
	EXPECT_EQ(S_OK, StringCchCopy(p, MAX_PATH, TEXT("\\\\.\\pipe\\x")));
	EXPECT_EQ(10, _tcslen(name));
	EXPECT_NE(NULL, heap);
	EXPECT_EQ(-1, l32);
	EXPECT_EQ(0xffffffffU, d32);
	FormatMessage(FORMAT_MESSAGE_ALLOCATE_BUFFER |
		      FORMAT_MESSAGE_FROM_SYSTEM |
		      FORMAT_MESSAGE_IGNORE_INSERTS, NULL, ERROR_BROKEN_PIPE,
		      MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
		      (LPTSTR)&msg, 0, NULL);
	ASSERT_NE(NULL, msg);
	EXPECT_STREQ("The pipe has been ended.\r\n", msg);
	loc = LocalFree(msg);
	EXPECT_EQ(NULL, loc);
	/* <conio.h> gives the old names too. */
	EXPECT_EQ((void *)_getch, (void *)getch);
	EXPECT_EQ((void *)_kbhit, (void *)kbhit);
}

TEST_HARNESS_MAIN
