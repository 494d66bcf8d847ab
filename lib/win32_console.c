// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 objects: the console, which is a terminal.  GetConsoleMode,
 * SetConsoleMode (on termios), ReadConsoleA (line input ends in "\r\n"),
 * WriteConsoleA, and <conio.h>'s _getch, _getche, _kbhit, _putch and
 * _ungetch, which read the controlling terminal as the MS CRT reads
 * CONIN$.  CreateFileA's "CONIN$"/"CONOUT$" open that terminal too
 * (win32_file.c), marking the handle input or output (fdent.console).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "nptchar.h"
#include "win32_core.h"

#define IN_MODES	(ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | \
			 ENABLE_ECHO_INPUT)
#define IN_KEPT		0x03F8		/* window ... virtual terminal input */
#define OUT_KEPT	(ENABLE_WRAP_AT_EOL_OUTPUT | \
			 ENABLE_VIRTUAL_TERMINAL_PROCESSING | \
			 DISABLE_NEWLINE_AUTO_RETURN | ENABLE_LVB_GRID_WORLDWIDE)

/* The mode bits that termios has no place for, and ReadConsoleA's "\n"
 * that did not fit; one console per process. */
static pthread_mutex_t con_lock = PTHREAD_MUTEX_INITIALIZER;
static DWORD in_kept;
static DWORD out_kept = ENABLE_WRAP_AT_EOL_OUTPUT;
static int pending_nl;

/*
 * The fd of a console handle and whether it is the input (1) or output
 * (2) side; -1 with ERROR_INVALID_HANDLE if @h is no terminal.
 */
static int console_fd(HANDLE h, int *side)
{
	struct fdent e;
	int fd = w32_get_fd(h, &e), fl;

	if (fd < 0 || e.kind != K_PLAIN || !isatty(fd)) {
		w32_set_error(ERROR_INVALID_HANDLE);
		return -1;
	}
	if (e.console) {
		*side = e.console;
	} else if (fd <= 2) {
		*side = fd == 0 ? W32_CONSOLE_IN : W32_CONSOLE_OUT;
	} else {
		fl = fcntl(fd, F_GETFL);
		*side = (fl >= 0 && (fl & O_ACCMODE) == O_WRONLY) ?
			W32_CONSOLE_OUT : W32_CONSOLE_IN;
	}
	return fd;
}

BOOL WINAPI GetConsoleMode(HANDLE hConsoleHandle, LPDWORD lpMode)
{
	struct termios t;
	int side, fd = console_fd(hConsoleHandle, &side);
	DWORD mode = 0;

	if (fd < 0)
		return FALSE;
	if (!lpMode)
		return w32_fail(ERROR_NOACCESS);
	if (tcgetattr(fd, &t) < 0)
		return w32_fail(ERROR_INVALID_HANDLE);
	pthread_mutex_lock(&con_lock);
	if (side == W32_CONSOLE_IN) {
		if (t.c_lflag & ISIG)
			mode |= ENABLE_PROCESSED_INPUT;
		if (t.c_lflag & ICANON)
			mode |= ENABLE_LINE_INPUT;
		if (t.c_lflag & ECHO)
			mode |= ENABLE_ECHO_INPUT;
		mode |= in_kept;
	} else {
		if (t.c_oflag & OPOST)
			mode |= ENABLE_PROCESSED_OUTPUT;
		mode |= out_kept;
	}
	pthread_mutex_unlock(&con_lock);
	*lpMode = mode;
	return TRUE;
}

BOOL WINAPI SetConsoleMode(HANDLE hConsoleHandle, DWORD dwMode)
{
	struct termios t;
	int side, fd = console_fd(hConsoleHandle, &side);

	if (fd < 0)
		return FALSE;
	if (side == W32_CONSOLE_IN) {
		if ((dwMode & ~(IN_MODES | IN_KEPT)) ||
		    ((dwMode & ENABLE_ECHO_INPUT) &&
		     !(dwMode & ENABLE_LINE_INPUT)))
			return w32_fail(ERROR_INVALID_PARAMETER);
	} else if (dwMode & ~(ENABLE_PROCESSED_OUTPUT | OUT_KEPT)) {
		return w32_fail(ERROR_INVALID_PARAMETER);
	}
	if (tcgetattr(fd, &t) < 0)
		return w32_fail(ERROR_INVALID_HANDLE);
	if (side == W32_CONSOLE_IN) {
		t.c_lflag &= ~(tcflag_t)(ISIG | ICANON | ECHO);
		t.c_iflag &= ~(tcflag_t)ICRNL;
		if (dwMode & ENABLE_PROCESSED_INPUT)
			t.c_lflag |= ISIG;
		if (dwMode & ENABLE_ECHO_INPUT)
			t.c_lflag |= ECHO;
		if (dwMode & ENABLE_LINE_INPUT) {
			/* a line ends with Enter read as '\n' */
			t.c_lflag |= ICANON;
			t.c_iflag |= ICRNL;
		} else {
			t.c_cc[VMIN] = 1;
			t.c_cc[VTIME] = 0;
		}
	} else {
		t.c_oflag &= ~(tcflag_t)OPOST;
		if (dwMode & ENABLE_PROCESSED_OUTPUT)
			t.c_oflag |= OPOST;
	}
	if (tcsetattr(fd, TCSANOW, &t) < 0)
		return w32_fail(w32_errno(errno));
	pthread_mutex_lock(&con_lock);
	if (side == W32_CONSOLE_IN)
		in_kept = dwMode & IN_KEPT;
	else
		out_kept = dwMode & OUT_KEPT;
	pthread_mutex_unlock(&con_lock);
	return TRUE;
}

BOOL WINAPI ReadConsoleA(HANDLE hConsoleInput, LPVOID lpBuffer,
			 DWORD nNumberOfCharsToRead,
			 LPDWORD lpNumberOfCharsRead,
			 PCONSOLE_READCONSOLE_CONTROL pInputControl)
{
	struct termios t;
	char *buf = lpBuffer;
	int side, fd = console_fd(hConsoleInput, &side);
	ssize_t r = 0;

	(void)pInputControl;
	if (fd < 0)
		return FALSE;
	if (side != W32_CONSOLE_IN)
		return w32_fail(ERROR_INVALID_HANDLE);
	if (lpNumberOfCharsRead)
		*lpNumberOfCharsRead = 0;
	if (!nNumberOfCharsToRead)
		return TRUE;
	pthread_mutex_lock(&con_lock);
	if (pending_nl) {
		/* the "\n" of a "\r\n" that did not fit last time */
		pending_nl = 0;
		pthread_mutex_unlock(&con_lock);
		buf[0] = '\n';
		if (lpNumberOfCharsRead)
			*lpNumberOfCharsRead = 1;
		return TRUE;
	}
	pthread_mutex_unlock(&con_lock);
	do
		r = read(fd, buf, nNumberOfCharsToRead);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return w32_fail(w32_errno(errno));
	/* Line input: the line's "\n" is "\r\n" on Windows. */
	if (r > 0 && buf[r - 1] == '\n' && tcgetattr(fd, &t) == 0 &&
	    (t.c_lflag & ICANON)) {
		buf[r - 1] = '\r';
		if ((DWORD)r < nNumberOfCharsToRead) {
			buf[r++] = '\n';
		} else {
			pthread_mutex_lock(&con_lock);
			pending_nl = 1;
			pthread_mutex_unlock(&con_lock);
		}
	}
	if (lpNumberOfCharsRead)
		*lpNumberOfCharsRead = (DWORD)r;
	return TRUE;
}

BOOL WINAPI WriteConsoleA(HANDLE hConsoleOutput, const VOID *lpBuffer,
			  DWORD nNumberOfCharsToWrite,
			  LPDWORD lpNumberOfCharsWritten, LPVOID lpReserved)
{
	const char *buf = lpBuffer;
	int side, fd = console_fd(hConsoleOutput, &side);
	DWORD done = 0;
	ssize_t r;

	(void)lpReserved;
	if (lpNumberOfCharsWritten)
		*lpNumberOfCharsWritten = 0;
	if (fd < 0)
		return FALSE;
	if (side != W32_CONSOLE_OUT)
		return w32_fail(ERROR_INVALID_HANDLE);
	while (done < nNumberOfCharsToWrite) {
		r = write(fd, buf + done, nNumberOfCharsToWrite - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			if (lpNumberOfCharsWritten)
				*lpNumberOfCharsWritten = done;
			return w32_fail(w32_errno(errno));
		}
		done += (DWORD)r;
	}
	if (lpNumberOfCharsWritten)
		*lpNumberOfCharsWritten = done;
	return TRUE;
}

/* ---- <conio.h> --------------------------------------------------------- */

static pthread_mutex_t conio_lock = PTHREAD_MUTEX_INITIALIZER;
static int conio_fd = -1;	/* /dev/tty, opened once */
static int ungot = EOF;

/* The controlling terminal's fd, or -1 (under conio_lock). */
static int tty(void)
{
	if (conio_fd < 0) {
		conio_fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (conio_fd >= 0)
			w32_mark_internal(conio_fd);
	}
	return conio_fd;
}

/*
 * Read one key without waiting for Enter (@wait: else only if one is
 * there), echoing it if @echo.  EOF if none.  Under conio_lock.
 */
static int read_key(int fd, int wait, int echo)
{
	struct termios old, raw;
	unsigned char c;
	ssize_t r;

	if (tcgetattr(fd, &old) < 0)
		return EOF;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_iflag &= ~(tcflag_t)ICRNL;		/* Enter is '\r' */
	raw.c_cc[VMIN] = wait ? 1 : 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &raw) < 0)
		return EOF;
	do
		r = read(fd, &c, 1);
	while (r < 0 && errno == EINTR);
	tcsetattr(fd, TCSANOW, &old);
	if (r != 1)
		return EOF;
	if (echo) {
		ssize_t w = write(fd, &c, 1);

		(void)w;
	}
	return c;
}

static int getch_common(int echo)
{
	int c, fd;

	pthread_mutex_lock(&conio_lock);
	if (ungot != EOF) {
		c = ungot;
		ungot = EOF;
		fd = echo ? tty() : -1;
		if (fd >= 0) {
			unsigned char b = (unsigned char)c;
			ssize_t w = write(fd, &b, 1);

			(void)w;
		}
	} else {
		fd = tty();
		c = fd < 0 ? EOF : read_key(fd, 1, echo);
	}
	pthread_mutex_unlock(&conio_lock);
	return c;
}

int _getch(void)
{
	return getch_common(0);
}

int _getche(void)
{
	return getch_common(1);
}

int _kbhit(void)
{
	int fd, hit;

	pthread_mutex_lock(&conio_lock);
	hit = ungot != EOF;
	if (!hit) {
		fd = tty();
		if (fd >= 0) {
			ungot = read_key(fd, 0, 0);
			hit = ungot != EOF;
		}
	}
	pthread_mutex_unlock(&conio_lock);
	return hit;
}

int _putch(int c)
{
	unsigned char b = (unsigned char)c;
	int fd, ret = EOF;

	pthread_mutex_lock(&conio_lock);
	fd = tty();
	if (fd >= 0 && write(fd, &b, 1) == 1)
		ret = b;
	pthread_mutex_unlock(&conio_lock);
	return ret;
}

int _ungetch(int c)
{
	int ret = EOF;

	pthread_mutex_lock(&conio_lock);
	if (ungot == EOF && c != EOF) {
		ungot = (unsigned char)c;
		ret = ungot;
	}
	pthread_mutex_unlock(&conio_lock);
	return ret;
}
