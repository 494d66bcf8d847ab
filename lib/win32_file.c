// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 objects: files.  CreateFileA, ReadFile, WriteFile,
 * FlushFileBuffers, DeleteFileA, GetTempPathA, GetTempFileNameA.  Pipe
 * handles go through the native API; mailslots, files, terminals and
 * other fds through read(2)/write(2).  Pipe and mailslot paths are opened
 * by the core (w32_open_name()); "CONIN$" and "CONOUT$" open the
 * controlling terminal here, for the console calls (win32_console.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "win32_core.h"

/* ---- CreateFileA --------------------------------------------------- */

static int wants_read(DWORD access)
{
	return !!(access & (GENERIC_READ | GENERIC_ALL | FILE_READ_DATA));
}

static int wants_write(DWORD access)
{
	return !!(access & (GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA |
			    FILE_APPEND_DATA));
}

/* open(2) flags for a file; -1 for an invalid combination. */
static int file_oflags(DWORD access, DWORD disposition)
{
	int rd = wants_read(access), wr = wants_write(access);
	int oflags = O_CLOEXEC | O_NOCTTY;

	oflags |= rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY;
	if ((access & FILE_APPEND_DATA) &&
	    !(access & (FILE_WRITE_DATA | GENERIC_WRITE | GENERIC_ALL)))
		oflags |= O_APPEND;
	switch (disposition) {
	case CREATE_NEW:
		return oflags | O_CREAT | O_EXCL;
	case CREATE_ALWAYS:
		return oflags | O_CREAT | O_TRUNC;
	case OPEN_ALWAYS:
		return oflags | O_CREAT;
	case TRUNCATE_EXISTING:
		return wr ? oflags | O_TRUNC : -1;
	default:
		return oflags;
	}
}

static HANDLE open_file(LPCSTR path, DWORD access, int inherit,
			DWORD disposition, DWORD flags)
{
	int oflags = file_oflags(access, disposition), fd, existed;
	HANDLE h;
	struct stat st;

	if (oflags < 0)
		return w32_fail_h(ERROR_INVALID_PARAMETER);
	existed = (disposition == CREATE_ALWAYS ||
		   disposition == OPEN_ALWAYS) && stat(path, &st) == 0;
	do
		fd = open(path, oflags, 0666);
	while (fd < 0 && errno == EINTR);
	/* No access asked: a handle that can only query, as on Windows. */
	if (fd < 0 && errno == EACCES && !wants_read(access) &&
	    !wants_write(access))
		fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return w32_fail_h(w32_file_errno(errno, path));
	if (fstat(fd, &st) < 0)
		memset(&st, 0, sizeof(st));
	if (S_ISDIR(st.st_mode) && !(flags & FILE_FLAG_BACKUP_SEMANTICS)) {
		close(fd);
		return w32_fail_h(ERROR_ACCESS_DENIED);
	}
	if (flags & FILE_FLAG_DELETE_ON_CLOSE)
		unlink(path);
	h = w32_new_handle(fd, &(struct fdent){ .kind = K_PLAIN,
		.inherit = inherit, .noread = !wants_read(access),
		.nowrite = !wants_write(access),
		.sigpipe = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) });
	if (h != INVALID_HANDLE_VALUE)
		w32_set_error(existed ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
	return h;
}

/* "CONIN$" / "CONOUT$": the controlling terminal as a console handle. */
static HANDLE open_console(int side, DWORD access, int inherit)
{
	int rd = wants_read(access), wr = wants_write(access), fd;

	fd = open("/dev/tty", (rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY) |
		  O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return w32_fail_h(errno == ENXIO ? ERROR_INVALID_HANDLE :
				  w32_file_errno(errno, "/dev/tty"));
	return w32_new_handle(fd, &(struct fdent){ .kind = K_PLAIN,
		.inherit = inherit, .noread = !rd, .nowrite = !wr,
		.console = (unsigned char)side });
}

HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess,
			  DWORD dwShareMode,
			  LPSECURITY_ATTRIBUTES lpSecurityAttributes,
			  DWORD dwCreationDisposition,
			  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)
{
	int inherit = w32_sa_inherit(lpSecurityAttributes);

	(void)dwShareMode;
	(void)hTemplateFile;
	if (!lpFileName || !lpFileName[0])
		return w32_fail_h(ERROR_PATH_NOT_FOUND);
	if (dwCreationDisposition < CREATE_NEW ||
	    dwCreationDisposition > TRUNCATE_EXISTING)
		return w32_fail_h(ERROR_INVALID_PARAMETER);
	if (w32_path_kind(lpFileName) != NP_NAME_NONE)
		return w32_open_name(lpFileName, wants_read(dwDesiredAccess),
				     wants_write(dwDesiredAccess),
				     wants_write(dwDesiredAccess) ||
				     (dwDesiredAccess & FILE_WRITE_ATTRIBUTES),
				     inherit);
	if (!strcasecmp(lpFileName, "CONIN$"))
		return open_console(W32_CONSOLE_IN, dwDesiredAccess, inherit);
	if (!strcasecmp(lpFileName, "CONOUT$"))
		return open_console(W32_CONSOLE_OUT, dwDesiredAccess, inherit);
	if (lpFileName[0] == '\\' && lpFileName[1] == '\\') {
		if (lpFileName[2] == '.' || lpFileName[2] == '?')
			return w32_fail_h(ERROR_FILE_NOT_FOUND);	/* device */
		return w32_fail_h(ERROR_BAD_NETPATH);
	}
	return open_file(lpFileName, dwDesiredAccess, inherit,
			 dwCreationDisposition, dwFlagsAndAttributes);
}

/* ---- ReadFile, WriteFile ------------------------------------------- */

/* read(2)/write(2) errno of a non-pipe handle as Win32. */
static DWORD io_errno(int err)
{
	switch (err) {
	case EBADF:
		return ERROR_ACCESS_DENIED;	/* opened without that access */
	case EPIPE:
		return ERROR_NO_DATA;		/* the reader has gone */
	case EISDIR:
		return ERROR_INVALID_FUNCTION;
	default:
		return w32_errno(err);
	}
}

/*
 * A pipe read.  A message that did not fit is ERROR_MORE_DATA with the
 * bytes read; with an OVERLAPPED Windows reports them there only.
 */
static BOOL read_pipe(int fd, void *buf, DWORD len, LPDWORD nread,
		      LPOVERLAPPED ov)
{
	size_t left = 0;
	ssize_t r = np_read(fd, buf, len, &left);

	if (r < 0)
		return w32_fail(w32_errno(errno));
	if (left) {
		w32_ov_done(ov, STATUS_BUFFER_OVERFLOW, (DWORD)r);
		if (nread && !ov)
			*nread = (DWORD)r;
		return w32_fail(ERROR_MORE_DATA);
	}
	w32_ov_done(ov, STATUS_SUCCESS, (DWORD)r);
	if (nread)
		*nread = (DWORD)r;
	return TRUE;
}

/* @pipe: a FIFO or socket, whose end is ERROR_BROKEN_PIPE as a pipe's. */
static BOOL read_fd(int fd, int pipe, void *buf, DWORD len, LPDWORD nread,
		    LPOVERLAPPED ov)
{
	ssize_t r;

	do
		r = read(fd, buf, len);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return w32_fail(io_errno(errno));
	if (!r && len && pipe)
		return w32_fail(ERROR_BROKEN_PIPE);
	w32_ov_done(ov, STATUS_SUCCESS, (DWORD)r);
	if (nread)
		*nread = (DWORD)r;
	return TRUE;
}

/* A mailslot read: one message, within the read timeout whatever signals. */
static BOOL read_mailslot(int fd, void *buf, DWORD len, LPDWORD nread,
			  LPOVERLAPPED ov)
{
	ssize_t r = np_mailslot_read(fd, buf, len);

	if (r < 0)
		return w32_fail(io_errno(errno));
	w32_ov_done(ov, STATUS_SUCCESS, (DWORD)r);
	if (nread)
		*nread = (DWORD)r;
	return TRUE;
}

BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
		     LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped)
{
	struct fdent e;
	int fd;

	if (lpNumberOfBytesRead)
		*lpNumberOfBytesRead = 0;
	w32_ov_start(lpOverlapped);
	fd = w32_get_fd(hFile, &e);
	if (fd < 0)
		return w32_fail(ERROR_INVALID_HANDLE);
	if (e.noread)
		return w32_fail(ERROR_ACCESS_DENIED);
	if (e.kind == K_PIPE) {
		w32_io_begin(fd);
		return w32_io_end(fd, read_pipe(fd, lpBuffer,
						nNumberOfBytesToRead,
						lpNumberOfBytesRead,
						lpOverlapped));
	}
	if (e.kind == K_MS_READ)
		return read_mailslot(fd, lpBuffer, nNumberOfBytesToRead,
				     lpNumberOfBytesRead, lpOverlapped);
	return read_fd(fd, e.kind == K_PLAIN && e.sigpipe, lpBuffer,
		       nNumberOfBytesToRead, lpNumberOfBytesRead, lpOverlapped);
}

/*
 * write(2) to a FIFO or socket whose reader may have gone: block SIGPIPE
 * around it and discard the one it raised, so that the caller only sees
 * EPIPE (ERROR_NO_DATA), as a Windows program expects.
 */
static ssize_t write_nosig(int fd, const void *buf, size_t len)
{
	struct timespec zero = { 0, 0 };
	sigset_t set, old, pend;
	ssize_t r;
	int had;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	sigpending(&pend);
	had = sigismember(&pend, SIGPIPE);
	do
		r = write(fd, buf, len);
	while (r < 0 && errno == EINTR);
	if (r < 0 && errno == EPIPE && !had) {
		int save = errno;

		while (sigtimedwait(&set, NULL, &zero) < 0 && errno == EINTR)
			;
		errno = save;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r;
}

static ssize_t write_once(int fd, const void *buf, size_t len, int sigpipe)
{
	ssize_t r;

	if (sigpipe)
		return write_nosig(fd, buf, len);
	do
		r = write(fd, buf, len);
	while (r < 0 && errno == EINTR);
	return r;
}

static BOOL write_pipe(int fd, const void *buf, DWORD len, LPDWORD nwritten,
		       LPOVERLAPPED ov)
{
	ssize_t r = np_write(fd, buf, len);

	if (r < 0 && errno == EAGAIN)
		r = 0;		/* PIPE_NOWAIT and no room: TRUE, 0 bytes */
	if (r < 0)
		return w32_fail(w32_errno(errno));
	w32_ov_done(ov, STATUS_SUCCESS, (DWORD)r);
	if (nwritten)
		*nwritten = (DWORD)r;
	return TRUE;
}

/* One write(2) is one message. */
static BOOL write_mailslot(int fd, const void *buf, DWORD len,
			   LPDWORD nwritten, LPOVERLAPPED ov)
{
	ssize_t r = write_once(fd, buf, len, 0);

	if (r < 0)
		return w32_fail(io_errno(errno));
	w32_ov_done(ov, STATUS_SUCCESS, (DWORD)r);
	if (nwritten)
		*nwritten = (DWORD)r;
	return TRUE;
}

/* Files and streams: write it all, as Windows does for a blocking handle. */
static BOOL write_fd(int fd, const struct fdent *e, const char *buf,
		     DWORD len, LPDWORD nwritten, LPOVERLAPPED ov)
{
	size_t done = 0;
	ssize_t r;

	do {
		r = write_once(fd, buf + done, len - done, e->sigpipe);
		if (r < 0 && errno == EAGAIN)
			break;
		if (r < 0) {
			if (nwritten)
				*nwritten = (DWORD)done;
			return w32_fail(io_errno(errno));
		}
		done += (size_t)r;
	} while (done < len && r > 0);
	w32_ov_done(ov, STATUS_SUCCESS, (DWORD)done);
	if (nwritten)
		*nwritten = (DWORD)done;
	return TRUE;
}

BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer,
		      DWORD nNumberOfBytesToWrite,
		      LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped)
{
	struct fdent e;
	int fd;

	if (lpNumberOfBytesWritten)
		*lpNumberOfBytesWritten = 0;
	w32_ov_start(lpOverlapped);
	fd = w32_get_fd(hFile, &e);
	if (fd < 0)
		return w32_fail(ERROR_INVALID_HANDLE);
	if (e.nowrite)
		return w32_fail(ERROR_ACCESS_DENIED);
	switch (e.kind) {
	case K_PIPE:
		w32_io_begin(fd);
		return w32_io_end(fd, write_pipe(fd, lpBuffer,
						 nNumberOfBytesToWrite,
						 lpNumberOfBytesWritten,
						 lpOverlapped));
	case K_MS_READ:
	case K_MS_WRITE:
		return write_mailslot(fd, lpBuffer, nNumberOfBytesToWrite,
				      lpNumberOfBytesWritten, lpOverlapped);
	default:
		return write_fd(fd, &e, lpBuffer, nNumberOfBytesToWrite,
				lpNumberOfBytesWritten, lpOverlapped);
	}
}

BOOL WINAPI FlushFileBuffers(HANDLE hFile)
{
	struct fdent e;
	int fd;

	fd = w32_get_fd(hFile, &e);
	if (fd < 0)
		return w32_fail(ERROR_INVALID_HANDLE);
	switch (e.kind) {
	case K_PIPE:
		/* Waits until the peer has read it all (see the uapi). */
		w32_io_begin(fd);
		if (np_flush(fd) < 0)
			return w32_io_end(fd, w32_fail(w32_errno(errno)));
		return w32_io_end(fd, TRUE);
	case K_MS_READ:
	case K_MS_WRITE:
		return TRUE;
	default:
		/* Not every file can be synced: that is no error. */
		if (fsync(fd) < 0 && errno != EINVAL && errno != EROFS &&
		    errno != ENOTSUP)
			return w32_fail(w32_errno(errno));
		return TRUE;
	}
}

/* ---- DeleteFileA, temporary files ---------------------------------- */

BOOL WINAPI DeleteFileA(LPCSTR lpFileName)
{
	if (!lpFileName || !lpFileName[0])
		return w32_fail(ERROR_PATH_NOT_FOUND);
	if (unlink(lpFileName) == 0)
		return TRUE;
	if (errno == EISDIR)
		return w32_fail(ERROR_ACCESS_DENIED);
	return w32_fail(w32_file_errno(errno, lpFileName));
}

DWORD WINAPI GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer)
{
	const char *dir = getenv("TMPDIR");
	size_t len;
	int slash;

	if (!dir || !dir[0])
		dir = "/tmp";
	len = strlen(dir);
	slash = dir[len - 1] != '/';
	if (len + slash + 1 > nBufferLength || !lpBuffer)
		return (DWORD)(len + slash + 1);
	memcpy(lpBuffer, dir, len);
	if (slash)
		lpBuffer[len++] = '/';
	lpBuffer[len] = '\0';
	return (DWORD)len;
}

/* "PATH/PPPXXXX.tmp" into @out (MAX_PATH); 0 or ERROR_BUFFER_OVERFLOW. */
static DWORD temp_name(char *out, const char *path, const char *prefix,
		       unsigned int unique)
{
	size_t len = strlen(path);
	int n;

	n = snprintf(out, MAX_PATH, "%s%s%.3s%04X.tmp", path,
		     len && path[len - 1] == '/' ? "" : "/",
		     prefix ? prefix : "", unique & 0xFFFF);
	return n < 0 || n >= MAX_PATH ? ERROR_BUFFER_OVERFLOW : 0;
}

UINT WINAPI GetTempFileNameA(LPCSTR lpPathName, LPCSTR lpPrefixString,
			     UINT uUnique, LPSTR lpTempFileName)
{
	char name[MAX_PATH];
	unsigned int start, u;
	struct timespec ts;
	struct stat st;
	DWORD err;
	int fd;

	if (!lpPathName || !lpTempFileName) {
		w32_set_error(ERROR_INVALID_PARAMETER);
		return 0;
	}
	if (uUnique) {
		err = temp_name(name, lpPathName, lpPrefixString, uUnique);
		if (err) {
			w32_set_error(err);
			return 0;
		}
		strcpy(lpTempFileName, name);
		return uUnique;
	}
	if (stat(lpPathName[0] ? lpPathName : ".", &st) < 0 ||
	    !S_ISDIR(st.st_mode)) {
		w32_set_error(ERROR_DIRECTORY);
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	start = (unsigned int)(ts.tv_nsec / 1000 + getpid()) & 0xFFFF;
	u = start;
	do {
		if (!u)			/* 0 asks for a number: skip it */
			u = 1;
		err = temp_name(name, lpPathName, lpPrefixString, u);
		if (err) {
			w32_set_error(err);
			return 0;
		}
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0) {
			close(fd);
			strcpy(lpTempFileName, name);
			w32_set_error(ERROR_SUCCESS);
			return u;
		}
		if (errno != EEXIST) {
			w32_set_error(w32_file_errno(errno, name));
			return 0;
		}
		u = (u + 1) & 0xFFFF;
	} while (u != start);
	w32_set_error(ERROR_FILE_EXISTS);
	return 0;
}
