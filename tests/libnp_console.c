// SPDX-License-Identifier: GPL-2.0
/*
 * libnp Win32 layer: the console, which is a terminal.  GetConsoleMode,
 * SetConsoleMode, ReadConsoleA, WriteConsoleA, CreateFileA of "CONIN$"
 * and "CONOUT$", and <conio.h>'s _getch, _getche, _kbhit, _putch,
 * _ungetch.  Each scenario runs in a child whose controlling terminal is a
 * pseudo-terminal (forkpty): the test types into its master side and reads
 * what the child writes there.  The child reports failed checks and asks
 * for input over a pipe.
 *
 * Windows behaviours asserted: a console handle's mode is per handle kind
 * (input/output); line input returns lines ending in "\r\n" (MS docs,
 * ReadConsole, "ENABLE_LINE_INPUT"); without line input Enter reads as
 * '\r'; ENABLE_ECHO_INPUT needs ENABLE_LINE_INPUT; console calls on files
 * and pipes fail with ERROR_INVALID_HANDLE (Wine console.c); CONIN$ and
 * CONOUT$ open the console whatever the standard handles are; _getch reads
 * a key with no echo and no Enter, Enter as 13 (MS CRT reference).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "npwin32.h"
#include "nptchar.h"
#include "libnp_test.h"

/* ---- The child's side ---------------------------------------------------- */

static int res_fd;		/* the child's report pipe */

static void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(res_fd, line, (size_t)n) != n)
		_exit(99);
}

#define CHECK(c) do { \
	if (!(c)) \
		say("FAIL %d: %s (last error %u)", __LINE__, #c, \
		    (unsigned int)GetLastError()); \
} while (0)

#define CHECK_ERR(call, err) do { \
	SetLastError(SENT); \
	CHECK(!(call)); \
	CHECK(GetLastError() == (DWORD)(err)); \
} while (0)

/* Ask the test to type @s (hex-encoded on the pipe). */
static void type(const char *s)
{
	char hex[256];
	size_t i;

	for (i = 0; s[i] && i < 120; i++)
		sprintf(hex + 2 * i, "%02x", (unsigned char)s[i]);
	hex[2 * i] = '\0';
	say("INPUT %s", hex);
}

static tcflag_t lflag(void)
{
	struct termios t;

	tcgetattr(0, &t);
	return t.c_lflag;
}

/* ---- The test's side ------------------------------------------------------ */

struct run {
	char out[4096];		/* what the child wrote to the terminal */
	size_t outlen;
	char fails[4096];
	int nfail;
	int done;
};

static int hexval(char c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* Run @scenario with a pseudo-terminal as controlling terminal. */
static void run_pty(struct __test_metadata *_metadata,
		    void (*scenario)(void), struct run *r)
{
	int p[2], master, st;
	char line[1024], buf[512];
	size_t linelen = 0;
	struct pollfd pf[2];
	struct timespec t0, t1;
	pid_t pid;
	ssize_t n;
	size_t i;

	memset(r, 0, sizeof(*r));
	ASSERT_EQ(0, pipe(p));
	pid = forkpty(&master, NULL, NULL, NULL);
	ASSERT_LE(0, pid);
	if (!pid) {
		close(p[0]);
		res_fd = p[1];
		scenario();
		say("DONE");
		_exit(0);
	}
	close(p[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pf[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	pf[1] = (struct pollfd){ .fd = master, .events = POLLIN };
	while (!r->done) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (t1.tv_sec - t0.tv_sec > 20) {
			TH_LOG("the child hung");
			break;
		}
		if (poll(pf, 2, 1000) <= 0)
			continue;
		if (pf[1].revents & POLLIN) {
			n = read(master, buf, sizeof(buf));
			if (n > 0 && r->outlen + n < sizeof(r->out)) {
				memcpy(r->out + r->outlen, buf, n);
				r->outlen += n;
			}
		}
		if (!(pf[0].revents & (POLLIN | POLLHUP)))
			continue;
		n = read(p[0], buf, sizeof(buf));
		if (n <= 0)
			break;
		for (i = 0; i < (size_t)n; i++) {
			if (buf[i] != '\n') {
				if (linelen < sizeof(line) - 1)
					line[linelen++] = buf[i];
				continue;
			}
			line[linelen] = '\0';
			linelen = 0;
			if (!strncmp(line, "INPUT ", 6)) {
				char in[128];
				size_t k, len = strlen(line + 6) / 2;

				for (k = 0; k < len; k++)
					in[k] = (char)(hexval(line[6 + 2 * k]) *
						       16 +
						       hexval(line[7 + 2 * k]));
				ASSERT_EQ((ssize_t)len, write(master, in, len));
			} else if (!strcmp(line, "DONE")) {
				r->done = 1;
			} else {
				r->nfail++;
				TH_LOG("%s", line);
			}
		}
	}
	/* what is left on the terminal */
	while (poll(&pf[1], 1, 200) > 0 && (pf[1].revents & POLLIN)) {
		n = read(master, buf, sizeof(buf));
		if (n <= 0 || r->outlen + n >= sizeof(r->out))
			break;
		memcpy(r->out + r->outlen, buf, n);
		r->outlen += n;
	}
	r->out[r->outlen] = '\0';
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	close(p[0]);
	close(master);
	EXPECT_TRUE(r->done);
	EXPECT_EQ(0, r->nfail);
}

/* ---- Modes ------------------------------------------------------------------ */

static void sc_modes(void)
{
	HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
	HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
	HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
	DWORD m = SENT;
	struct termios t;

	/* A new terminal: line input with echo and signals; processed output. */
	CHECK(GetConsoleMode(in, &m));
	CHECK(m == (ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT |
		    ENABLE_ECHO_INPUT));
	CHECK(GetConsoleMode(out, &m));
	CHECK(m == (ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT));
	CHECK(GetConsoleMode(err, &m));
	CHECK(m == (ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT));
	CHECK(GetFileType(in) == FILE_TYPE_CHAR);
	CHECK_ERR(GetConsoleMode(in, NULL), ERROR_NOACCESS);

	/* Echo without line input, unknown bits: ERROR_INVALID_PARAMETER. */
	CHECK_ERR(SetConsoleMode(in, ENABLE_ECHO_INPUT),
		  ERROR_INVALID_PARAMETER);
	CHECK_ERR(SetConsoleMode(in, ENABLE_PROCESSED_INPUT | 0x400),
		  ERROR_INVALID_PARAMETER);
	CHECK_ERR(SetConsoleMode(out, 0x20), ERROR_INVALID_PARAMETER);
	CHECK(GetConsoleMode(in, &m));
	CHECK(m == (ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT |
		    ENABLE_ECHO_INPUT));

	/* No echo: the terminal's ECHO goes. */
	CHECK(SetConsoleMode(in, ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT));
	CHECK((lflag() & (ECHO | ICANON | ISIG)) == (ICANON | ISIG));
	CHECK(GetConsoleMode(in, &m));
	CHECK(m == (ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT));
	/* No line input: no ICANON, no ICRNL, one byte at a time; the other
	 * input bits are kept. */
	CHECK(SetConsoleMode(in, ENABLE_INSERT_MODE | ENABLE_EXTENDED_FLAGS |
			     ENABLE_QUICK_EDIT_MODE));
	tcgetattr(0, &t);
	CHECK(!(t.c_lflag & (ECHO | ICANON | ISIG)));
	CHECK(!(t.c_iflag & ICRNL));
	CHECK(t.c_cc[VMIN] == 1);
	CHECK(GetConsoleMode(in, &m));
	CHECK(m == (ENABLE_INSERT_MODE | ENABLE_EXTENDED_FLAGS |
		    ENABLE_QUICK_EDIT_MODE));
	CHECK(SetConsoleMode(in, ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT |
			     ENABLE_ECHO_INPUT));
	tcgetattr(0, &t);
	CHECK((t.c_lflag & (ECHO | ICANON | ISIG)) == (ECHO | ICANON | ISIG));
	CHECK(t.c_iflag & ICRNL);

	/* Output: ENABLE_PROCESSED_OUTPUT is OPOST; the rest is kept. */
	CHECK(SetConsoleMode(out, ENABLE_WRAP_AT_EOL_OUTPUT |
			     ENABLE_VIRTUAL_TERMINAL_PROCESSING));
	tcgetattr(1, &t);
	CHECK(!(t.c_oflag & OPOST));
	CHECK(GetConsoleMode(out, &m));
	CHECK(m == (ENABLE_WRAP_AT_EOL_OUTPUT |
		    ENABLE_VIRTUAL_TERMINAL_PROCESSING));
	CHECK(SetConsoleMode(out, ENABLE_PROCESSED_OUTPUT |
			     ENABLE_WRAP_AT_EOL_OUTPUT));
	tcgetattr(1, &t);
	CHECK(t.c_oflag & OPOST);
}

TEST(console_modes)
{
	struct run r;

	run_pty(_metadata, sc_modes, &r);
}

/* Files, pipes and bad handles are no console. */
TEST(not_a_console)
{
	HANDLE rd, wr, f;
	DWORD m, n;
	char buf[4];
	int p[2];

	/* An anonymous pipe (when the module is there) and a POSIX pipe. */
	if (CreatePipe(&rd, &wr, NULL, 0)) {
		SetLastError(SENT);
		EXPECT_FALSE(GetConsoleMode(rd, &m));
		EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
		CloseHandle(rd);
		CloseHandle(wr);
	} else {
		EXPECT_EQ(ERROR_NOT_READY, GetLastError());
	}
	ASSERT_EQ(0, pipe(p));
	SetLastError(SENT);
	EXPECT_FALSE(GetConsoleMode((HANDLE)(((uintptr_t)p[0] + 1) * 4), &m));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	close(p[0]);
	close(p[1]);
	f = CreateFileA("/proc/self/exe", GENERIC_READ, 0, NULL,
			OPEN_EXISTING, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, f);
	SetLastError(SENT);
	EXPECT_FALSE(GetConsoleMode(f, &m));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	SetLastError(SENT);
	EXPECT_FALSE(SetConsoleMode(f, 0));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	SetLastError(SENT);
	EXPECT_FALSE(ReadConsoleA(f, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	SetLastError(SENT);
	EXPECT_FALSE(WriteConsoleA(f, "x", 1, &n, NULL));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	CloseHandle(f);
	SetLastError(SENT);
	EXPECT_FALSE(GetConsoleMode(INVALID_HANDLE_VALUE, &m));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	SetLastError(SENT);
	EXPECT_FALSE(GetConsoleMode(NULL, &m));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
}

/* ---- ReadConsole, WriteConsole -------------------------------------------- */

static void sc_read_write(void)
{
	HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
	HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
	char buf[64];
	DWORD n;

	/* Line input: "\r\n" at the end of the line. */
	CHECK(SetConsoleMode(in, ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT));
	type("hello\n");
	n = SENT;
	CHECK(ReadConsoleA(in, buf, sizeof(buf), &n, NULL));
	CHECK(n == 7 && !memcmp(buf, "hello\r\n", 7));
	/* Enter (\r) is a line end too. */
	type("cr\r");
	CHECK(ReadConsoleA(in, buf, sizeof(buf), &n, NULL));
	CHECK(n == 4 && !memcmp(buf, "cr\r\n", 4));
	/* A line longer than the buffer comes in pieces. */
	type("abcd\n");
	CHECK(ReadConsoleA(in, buf, 3, &n, NULL));
	CHECK(n == 3 && !memcmp(buf, "abc", 3));
	CHECK(ReadConsoleA(in, buf, 3, &n, NULL));
	CHECK(n == 3 && !memcmp(buf, "d\r\n", 3));
	/* The "\n" of a "\r\n" that does not fit comes next. */
	type("xy\n");
	CHECK(ReadConsoleA(in, buf, 3, &n, NULL));
	CHECK(n == 3 && !memcmp(buf, "xy\r", 3));
	CHECK(ReadConsoleA(in, buf, 3, &n, NULL));
	CHECK(n == 1 && buf[0] == '\n');
	/* 0 characters asked: TRUE, 0. */
	n = SENT;
	CHECK(ReadConsoleA(in, buf, 0, &n, NULL));
	CHECK(n == 0);

	/* No line input: key by key, Enter as '\r'. */
	CHECK(SetConsoleMode(in, ENABLE_PROCESSED_INPUT));
	type("q\r");
	CHECK(ReadConsoleA(in, buf, 1, &n, NULL));
	CHECK(n == 1 && buf[0] == 'q');
	CHECK(ReadConsoleA(in, buf, 1, &n, NULL));
	CHECK(n == 1 && buf[0] == '\r');

	/* Output; the wrong side of the console fails. */
	n = SENT;
	CHECK(WriteConsoleA(out, "out\n", 4, &n, NULL));
	CHECK(n == 4);
	CHECK_ERR(WriteConsoleA(in, "x", 1, &n, NULL), ERROR_INVALID_HANDLE);
	CHECK_ERR(ReadConsoleA(out, buf, 1, &n, NULL), ERROR_INVALID_HANDLE);
	CHECK(SetConsoleMode(in, ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT |
			     ENABLE_ECHO_INPUT));
}

TEST(read_write_console)
{
	struct run r;

	run_pty(_metadata, sc_read_write, &r);
	/* ONLCR: the terminal shows "out\r\n"; nothing was echoed. */
	EXPECT_NE(NULL, strstr(r.out, "out\r\n"));
	EXPECT_EQ(NULL, strstr(r.out, "hello"));
}

/* ---- CONIN$, CONOUT$ ------------------------------------------------------ */

static void sc_conin_conout(void)
{
	HANDLE in, out, in2;
	char buf[16];
	DWORD m, n;

	/* Whatever the standard handles are. */
	close(0);
	close(1);
	open("/dev/null", O_RDWR);
	open("/dev/null", O_RDWR);
	in = CreateFileA("CONIN$", GENERIC_READ | GENERIC_WRITE,
			 FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
	CHECK(in != INVALID_HANDLE_VALUE);
	out = CreateFileA("conout$", GENERIC_WRITE, FILE_SHARE_WRITE, NULL,
			  OPEN_EXISTING, 0, NULL);
	CHECK(out != INVALID_HANDLE_VALUE);
	CHECK(GetFileType(in) == FILE_TYPE_CHAR);
	CHECK(GetConsoleMode(in, &m));
	CHECK(m == (ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT |
		    ENABLE_ECHO_INPUT));
	CHECK(GetConsoleMode(out, &m));
	CHECK(m == (ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT));
	/* No file of that name appears. */
	CHECK(access("CONIN$", F_OK) < 0 && access("conout$", F_OK) < 0);
	CHECK(WriteConsoleA(out, "to conout\n", 10, &n, NULL));
	CHECK(WriteFile(out, "file\n", 5, &n, NULL) && n == 5);
	CHECK(SetConsoleMode(in, ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT));
	type("line\n");
	CHECK(ReadConsoleA(in, buf, sizeof(buf), &n, NULL));
	CHECK(n == 6 && !memcmp(buf, "line\r\n", 6));
	CHECK_ERR(ReadConsoleA(out, buf, sizeof(buf), &n, NULL),
		  ERROR_INVALID_HANDLE);
	/* A read-only open is an input handle too. */
	in2 = CreateFileA("CONIN$", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0,
			  NULL);
	CHECK(in2 != INVALID_HANDLE_VALUE);
	CHECK(GetConsoleMode(in2, &m) && (m & ENABLE_LINE_INPUT));
	CHECK_ERR(WriteFile(in2, "x", 1, &n, NULL), ERROR_ACCESS_DENIED);
	CHECK(SetConsoleMode(in, ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT |
			     ENABLE_ECHO_INPUT));
	CHECK(CloseHandle(in2));
	CHECK(CloseHandle(in));
	CHECK(CloseHandle(out));
}

TEST(conin_conout)
{
	struct run r;

	run_pty(_metadata, sc_conin_conout, &r);
	EXPECT_NE(NULL, strstr(r.out, "to conout\r\nfile\r\n"));
}

/* A process without a controlling terminal has no console. */
TEST(no_console)
{
	int st;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid) {
		HANDLE h;

		setsid();
		SetLastError(SENT);
		h = CreateFileA("CONIN$", GENERIC_READ, 0, NULL,
				OPEN_EXISTING, 0, NULL);
		if (h != INVALID_HANDLE_VALUE ||
		    GetLastError() != ERROR_INVALID_HANDLE)
			_exit(1);
		if (CreateFileA("CONOUT$", GENERIC_WRITE, 0, NULL,
				OPEN_EXISTING, 0, NULL) !=
		    INVALID_HANDLE_VALUE)
			_exit(2);
		if (access("CONIN$", F_OK) == 0)
			_exit(3);
		/* <conio.h> without a terminal. */
		if (_getch() != EOF || _kbhit() || _putch('x') != EOF)
			_exit(4);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

/* ---- <conio.h> --------------------------------------------------------- */

static void sc_conio(void)
{
	HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
	struct termios before, after;
	int c, i;

	/* Line input without echo: _getch must switch both off itself. */
	CHECK(SetConsoleMode(in, ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT));
	tcgetattr(0, &before);
	/* Nothing typed: _kbhit is 0. */
	CHECK(_kbhit() == 0);
	type("k");
	c = _getch();
	CHECK(c == 'k');
	tcgetattr(0, &after);
	CHECK(before.c_lflag == after.c_lflag &&
	      before.c_iflag == after.c_iflag);
	/* _kbhit sees a key typed without Enter; _getch then returns it. */
	type("z");
	for (i = 0; i < 300 && !_kbhit(); i++)
		usleep(10000);
	CHECK(_kbhit());
	CHECK(_getch() == 'z');
	CHECK(_kbhit() == 0);
	/* _getche echoes; _putch writes. */
	type("e");
	CHECK(_getche() == 'e');
	CHECK(_putch('A') == 'A');
	/* _ungetch: one character back. */
	CHECK(_ungetch('u') == 'u');
	CHECK(_ungetch('v') == EOF);
	CHECK(_kbhit());
	CHECK(_getch() == 'u');
	/* Enter is 13 (typed while the terminal maps nothing). */
	CHECK(SetConsoleMode(in, ENABLE_PROCESSED_INPUT));
	type("\r");
	CHECK(_getch() == '\r');
	CHECK(SetConsoleMode(in, ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT |
			     ENABLE_ECHO_INPUT));
	tcgetattr(0, &after);
	CHECK(after.c_lflag & ECHO);
}

TEST(conio_keys)
{
	struct run r;

	run_pty(_metadata, sc_conio, &r);
	/* Only _getche's echo and _putch reached the terminal. */
	EXPECT_STREQ("eA", r.out);
}

TEST_HARNESS_MAIN
