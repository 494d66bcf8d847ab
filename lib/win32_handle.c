// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 layer: the last error, the fd handle table, CloseHandle,
 * GetStdHandle, GetFileType and handle information.
 *
 * fd_tab[] keeps what the library knows of each fd (kind, inheritable,
 * access).  An open fd it has not seen is adopted on first use, so that
 * handles inherited from a parent work under the same value.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/npipe.h>

#include "win32_internal.h"

/* ---- Last error ---------------------------------------------------- */

static __thread DWORD last_error;

DWORD WINAPI GetLastError(void)
{
	return last_error;
}

void WINAPI SetLastError(DWORD dwErrCode)
{
	last_error = dwErrCode;
}

void w32_set_error(DWORD err)
{
	last_error = err;
}

BOOL w32_fail(DWORD err)
{
	last_error = err;
	return FALSE;
}

HANDLE w32_fail_h(DWORD err)
{
	last_error = err;
	return INVALID_HANDLE_VALUE;
}

/* ---- fd table ------------------------------------------------------ */

static pthread_mutex_t fd_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fdent *fd_tab;
static size_t fd_cap;
static pthread_cond_t fd_signal;	/* an fd's event was set (fd_lock) */
static pthread_once_t fd_signal_once = PTHREAD_ONCE_INIT;

HANDLE w32_fd_handle(int fd)
{
	return (HANDLE)(((uintptr_t)fd + 1) * 4);
}

/* fd of a handle value, or -1 (not an fd handle). */
static int handle_to_fd(HANDLE h)
{
	uintptr_t v = (uintptr_t)h;

	if (!v || h == INVALID_HANDLE_VALUE || (v & 3) || v >= W32_PROC_BASE)
		return -1;
	return (int)(v / 4 - 1);
}

/* Make room for @fd in fd_tab (locked). */
static int fd_room(int fd)
{
	size_t ncap;
	struct fdent *n;

	if ((size_t)fd < fd_cap)
		return 0;
	ncap = fd_cap ? fd_cap : 64;
	while (ncap <= (size_t)fd)
		ncap *= 2;
	n = realloc(fd_tab, ncap * sizeof(*n));
	if (!n)
		return -1;
	memset(n + fd_cap, 0, (ncap - fd_cap) * sizeof(*n));
	fd_tab = n;
	fd_cap = ncap;
	return 0;
}

int w32_set_fd(int fd, const struct fdent *e)
{
	int ret;

	pthread_mutex_lock(&fd_lock);
	ret = fd_room(fd);
	if (!ret)
		fd_tab[fd] = *e;
	pthread_mutex_unlock(&fd_lock);
	return ret;
}

void w32_forget_fd(int fd)
{
	pthread_mutex_lock(&fd_lock);
	if (fd >= 0 && (size_t)fd < fd_cap)
		memset(&fd_tab[fd], 0, sizeof(fd_tab[fd]));
	pthread_mutex_unlock(&fd_lock);
}

void w32_mark_internal(int fd)
{
	struct fdent e = { .kind = K_INTERNAL };

	w32_set_fd(fd, &e);
}

/*
 * A pipe handle's directions, so that I/O the handle may not do fails at
 * once whatever the pipe's state.  Return -1 if @fd is not a pipe.
 */
static int pipe_access(int fd, struct fdent *e)
{
	struct np_info info;

	if (np_get_info(fd, &info) < 0)
		return -1;
	e->noread = !(info.flags & NP_INFO_CAN_READ);
	e->nowrite = !(info.flags & NP_INFO_CAN_WRITE);
	return 0;
}

/* What an fd not seen before is (unlocked: does ioctls). */
static void probe_fd(int fd, int fdflags, struct fdent *e)
{
	struct np_mailslot_info mi;
	struct stat st;

	memset(e, 0, sizeof(*e));
	e->kind = K_PLAIN;
	e->inherit = !(fdflags & FD_CLOEXEC);
	if (fstat(fd, &st) < 0)
		return;
	if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
		e->sigpipe = 1;
		return;
	}
	if ((st.st_mode & S_IFMT) != 0)
		return;		/* npipe fds are anonymous inodes */
	if (pipe_access(fd, e) == 0)
		e->kind = K_PIPE;
	else if (np_mailslot_info(fd, &mi) == 0)
		e->kind = K_MS_READ;
}

int w32_get_fd(HANDLE h, struct fdent *out)
{
	int fd = handle_to_fd(h), fl;
	struct fdent e;

	if (fd < 0 || npi_is_control_fd(fd))
		return -1;
	pthread_mutex_lock(&fd_lock);
	if ((size_t)fd < fd_cap && fd_tab[fd].kind != K_NONE) {
		e = fd_tab[fd];
		pthread_mutex_unlock(&fd_lock);
		if (e.kind == K_INTERNAL)
			return -1;
		if (out)
			*out = e;
		return fd;
	}
	pthread_mutex_unlock(&fd_lock);
	fl = fcntl(fd, F_GETFD);
	if (fl < 0)
		return -1;
	probe_fd(fd, fl, &e);
	w32_set_fd(fd, &e);
	if (out)
		*out = e;
	return fd;
}

int w32_pipe_fd(HANDLE h)
{
	struct fdent e;
	int fd = w32_get_fd(h, &e);

	if (fd < 0) {
		last_error = ERROR_INVALID_HANDLE;
		return -1;
	}
	if (e.kind != K_PIPE) {
		last_error = ERROR_INVALID_FUNCTION;
		return -1;
	}
	return fd;
}

HANDLE w32_new_handle(int fd, enum fd_kind kind, int inherit)
{
	struct fdent e = { .kind = (unsigned char)kind, .inherit = !!inherit };

	if (kind == K_PIPE)
		pipe_access(fd, &e);
	if (w32_set_fd(fd, &e) < 0) {
		close(fd);
		return w32_fail_h(ERROR_NOT_ENOUGH_MEMORY);
	}
	return w32_fd_handle(fd);
}

int *w32_inheritable_fds(int *n)
{
	size_t fd;
	int *fds;

	*n = 0;
	pthread_mutex_lock(&fd_lock);
	fds = malloc((fd_cap + 1) * sizeof(int));
	if (fds) {
		for (fd = 0; fd < fd_cap; fd++)
			if (fd_tab[fd].inherit && fd_tab[fd].kind != K_INTERNAL)
				fds[(*n)++] = (int)fd;
	} else {
		*n = -1;
	}
	pthread_mutex_unlock(&fd_lock);
	return fds;
}

/* ---- Pipe handle events -------------------------------------------- */

static void fd_signal_init(void)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&fd_signal, &a);
	pthread_condattr_destroy(&a);
}

void w32_io_begin(int fd)
{
	pthread_mutex_lock(&fd_lock);
	if (fd >= 0 && (size_t)fd < fd_cap)
		fd_tab[fd].unsignaled = 1;
	pthread_mutex_unlock(&fd_lock);
}

BOOL w32_io_end(int fd, BOOL ret)
{
	if (!ret && last_error != ERROR_MORE_DATA &&
	    last_error != ERROR_PIPE_CONNECTED)
		return ret;
	pthread_once(&fd_signal_once, fd_signal_init);
	pthread_mutex_lock(&fd_lock);
	if (fd >= 0 && (size_t)fd < fd_cap)
		fd_tab[fd].unsignaled = 0;
	pthread_cond_broadcast(&fd_signal);
	pthread_mutex_unlock(&fd_lock);
	return ret;
}

static int fd_unsignaled(int fd)
{
	return (size_t)fd < fd_cap && fd_tab[fd].unsignaled;
}

DWORD w32_wait_fd(int fd, DWORD ms)
{
	struct timespec ts;
	int unsignaled;

	pthread_once(&fd_signal_once, fd_signal_init);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&fd_lock);
	while ((unsignaled = fd_unsignaled(fd)) && ms) {
		if (ms == INFINITE)
			pthread_cond_wait(&fd_signal, &fd_lock);
		else if (pthread_cond_timedwait(&fd_signal, &fd_lock, &ts))
			break;
	}
	unsignaled = fd_unsignaled(fd);
	pthread_mutex_unlock(&fd_lock);
	return unsignaled ? WAIT_TIMEOUT : WAIT_OBJECT_0;
}

/* ---- Handle calls -------------------------------------------------- */

BOOL WINAPI CloseHandle(HANDLE hObject)
{
	int fd;

	if (w32_close_proc(hObject))
		return TRUE;
	fd = w32_get_fd(hObject, NULL);
	if (fd < 0)
		return w32_fail(ERROR_INVALID_HANDLE);
	w32_forget_fd(fd);
	if (close(fd) < 0 && errno == EBADF)
		return w32_fail(ERROR_INVALID_HANDLE);
	return TRUE;
}

HANDLE WINAPI GetStdHandle(DWORD nStdHandle)
{
	int fd;

	switch (nStdHandle) {
	case STD_INPUT_HANDLE:
		fd = 0;
		break;
	case STD_OUTPUT_HANDLE:
		fd = 1;
		break;
	case STD_ERROR_HANDLE:
		fd = 2;
		break;
	default:
		return w32_fail_h(ERROR_INVALID_HANDLE);
	}
	/* A closed standard fd has no handle: NULL, as on Windows. */
	if (w32_get_fd(w32_fd_handle(fd), NULL) < 0)
		return NULL;
	return w32_fd_handle(fd);
}

DWORD WINAPI GetFileType(HANDLE hFile)
{
	struct fdent e;
	struct stat st;
	int fd = w32_get_fd(hFile, &e);

	if (fd < 0) {
		last_error = ERROR_INVALID_HANDLE;
		return FILE_TYPE_UNKNOWN;
	}
	/* Documented: NO_ERROR tells a valid FILE_TYPE_UNKNOWN apart. */
	last_error = ERROR_SUCCESS;
	if (e.kind == K_PIPE)
		return FILE_TYPE_PIPE;
	if (e.kind != K_PLAIN || fstat(fd, &st) < 0)
		return FILE_TYPE_UNKNOWN;
	if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
		return FILE_TYPE_PIPE;
	if (S_ISCHR(st.st_mode))
		return FILE_TYPE_CHAR;
	if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode))
		return FILE_TYPE_DISK;
	return FILE_TYPE_UNKNOWN;
}

BOOL WINAPI GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags)
{
	struct fdent e;
	int inherit;

	if (!w32_proc_inherit(hObject, 0, &inherit)) {
		if (w32_get_fd(hObject, &e) < 0)
			return w32_fail(ERROR_INVALID_HANDLE);
		inherit = e.inherit;
	}
	if (!lpdwFlags)
		return w32_fail(ERROR_NOACCESS);
	*lpdwFlags = inherit ? HANDLE_FLAG_INHERIT : 0;
	return TRUE;
}

BOOL WINAPI SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags)
{
	int inherit = !!(dwFlags & HANDLE_FLAG_INHERIT);
	int set = !!(dwMask & HANDLE_FLAG_INHERIT);
	struct fdent e;
	int fd;

	if (w32_proc_inherit(hObject, set, &inherit))
		return TRUE;
	fd = w32_get_fd(hObject, &e);
	if (fd < 0)
		return w32_fail(ERROR_INVALID_HANDLE);
	if (set) {
		e.inherit = (unsigned char)inherit;
		w32_set_fd(fd, &e);
	}
	return TRUE;
}
