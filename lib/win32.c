// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 layer: npwin32.h over the native API and plain fds.
 *
 * Handles: an fd handle is (fd + 1) * 4; process and thread handles are
 * PROC_BASE + slot * 4 in a table of their own.  fd_tab[] keeps what the
 * library knows of each fd (kind, inheritable, access); an open fd it has
 * not seen is adopted on first use (handles inherited from a parent).
 * One mutex guards both tables; GetLastError is thread-local.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <linux/npipe.h>

#include "np.h"
#include "npwin32.h"
#include "np_internal.h"

/* ------------------------------------------------------------------ */
/* Last error                                                           */

static __thread DWORD last_error;

DWORD WINAPI GetLastError(void)
{
	return last_error;
}

void WINAPI SetLastError(DWORD dwErrCode)
{
	last_error = dwErrCode;
}

static BOOL fail(DWORD err)
{
	last_error = err;
	return FALSE;
}

static HANDLE fail_h(DWORD err)
{
	last_error = err;
	return INVALID_HANDLE_VALUE;
}

static DWORD w32err(int err)
{
	return np_errno_to_win32(err);
}

/* ------------------------------------------------------------------ */
/* Handle tables                                                        */

enum fd_kind {
	K_NONE = 0,	/* not seen yet */
	K_INTERNAL,	/* the library's own fd: not a handle */
	K_PLAIN,	/* file, tty, socket...: read/write */
	K_FIFO,		/* a POSIX pipe: read/write with pipe errors */
	K_PIPE,		/* npipe server, client or anonymous end */
	K_MS_READ,	/* mailslot reader */
	K_MS_WRITE,	/* mailslot writer */
};

struct fdent {
	unsigned char kind;
	unsigned char inherit;
	unsigned char noread;
	unsigned char nowrite;
	unsigned char server;	/* K_FIFO: read end */
	unsigned char sock;	/* K_PLAIN: may raise SIGPIPE */
	unsigned char anon;	/* K_PIPE: made by CreatePipe */
	unsigned int size;	/* K_FIFO: the nSize given */
};

struct prec {			/* a child process */
	pid_t pid;
	int pidfd;
	int exited;
	int terminated;
	DWORD code;
	int refs;		/* handle slots */
	int waiters;
	struct prec *next;	/* orphan list */
};

struct pslot {
	struct prec *p;		/* NULL: free */
	int thread;
	int inherit;
};

#define PROC_BASE	((uintptr_t)0x70000000)

static pthread_mutex_t tab_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fdent *fd_tab;
static size_t fd_cap;
static struct pslot *p_tab;
static size_t p_cap;
static struct prec *orphans;

static HANDLE fd_handle(int fd)
{
	return (HANDLE)(uintptr_t)(((uintptr_t)fd + 1) * 4);
}

/* fd of a handle value, or -1 (not an fd handle). */
static int handle_fd(HANDLE h)
{
	uintptr_t v = (uintptr_t)h;

	if (!v || h == INVALID_HANDLE_VALUE || (v & 3) || v >= PROC_BASE)
		return -1;
	return (int)(v / 4 - 1);
}

static long proc_slot(HANDLE h)
{
	uintptr_t v = (uintptr_t)h;

	if (v < PROC_BASE || h == INVALID_HANDLE_VALUE || (v & 3))
		return -1;
	v = (v - PROC_BASE) / 4;
	if (v >= p_cap || !p_tab[v].p)
		return -1;
	return (long)v;
}

/* Make room for fd in fd_tab (locked). */
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

static int fd_set_ent(int fd, const struct fdent *e)
{
	int ret;

	pthread_mutex_lock(&tab_lock);
	ret = fd_room(fd);
	if (!ret)
		fd_tab[fd] = *e;
	pthread_mutex_unlock(&tab_lock);
	return ret;
}

static void fd_clear(int fd)
{
	pthread_mutex_lock(&tab_lock);
	if (fd >= 0 && (size_t)fd < fd_cap)
		memset(&fd_tab[fd], 0, sizeof(fd_tab[fd]));
	pthread_mutex_unlock(&tab_lock);
}

/* What an fd not seen before is (unlocked: may do ioctls). */
static void probe_fd(int fd, int fdflags, struct fdent *e)
{
	struct npipe_info ki;
	struct npipe_mailslot_info mi;
	struct stat st;

	memset(e, 0, sizeof(*e));
	e->kind = K_PLAIN;
	e->inherit = !(fdflags & FD_CLOEXEC);
	if (fstat(fd, &st) < 0)
		return;
	if (S_ISFIFO(st.st_mode)) {
		int fl = fcntl(fd, F_GETFL);

		e->kind = K_FIFO;
		e->server = fl >= 0 && (fl & O_ACCMODE) == O_RDONLY;
		e->size = 4096;
		return;
	}
	if (S_ISSOCK(st.st_mode)) {
		e->sock = 1;
		return;
	}
	if ((st.st_mode & S_IFMT) != 0)
		return;		/* only anonymous inodes can be npipe fds */
	if (npi_get_info(fd, &ki) == 0) {
		e->kind = K_PIPE;
		e->noread = !(ki.flags & NPIPE_INFO_CAN_READ);
		e->nowrite = !(ki.flags & NPIPE_INFO_CAN_WRITE);
		return;
	}
	if (npi_mailslot_info(fd, &mi) == 0)
		e->kind = K_MS_READ;
}

/*
 * The fd and table entry of a handle; adopts open fds not seen before.
 * Return: the fd, or -1 (not a valid fd handle).
 */
static int get_fd(HANDLE h, struct fdent *out)
{
	int fd = handle_fd(h), fl;
	struct fdent e;

	if (fd < 0 || npi_is_control_fd(fd))
		return -1;
	pthread_mutex_lock(&tab_lock);
	if ((size_t)fd < fd_cap && fd_tab[fd].kind != K_NONE) {
		e = fd_tab[fd];
		pthread_mutex_unlock(&tab_lock);
		if (e.kind == K_INTERNAL)
			return -1;
		if (out)
			*out = e;
		return fd;
	}
	pthread_mutex_unlock(&tab_lock);
	fl = fcntl(fd, F_GETFD);
	if (fl < 0)
		return -1;
	probe_fd(fd, fl, &e);
	fd_set_ent(fd, &e);
	if (out)
		*out = e;
	return fd;
}

static void mark_internal(int fd)
{
	struct fdent e;

	memset(&e, 0, sizeof(e));
	e.kind = K_INTERNAL;
	fd_set_ent(fd, &e);
}

/* Register a new fd as a handle. */
static HANDLE new_fd_handle(int fd, enum fd_kind kind, int inherit)
{
	struct npipe_info ki;
	struct fdent e;

	memset(&e, 0, sizeof(e));
	e.kind = (unsigned char)kind;
	e.inherit = !!inherit;
	/*
	 * Record the handle's directions: a read on a handle that may not
	 * read fails at once, whatever the state of the pipe.
	 */
	if (kind == K_PIPE && npi_get_info(fd, &ki) == 0) {
		e.noread = !(ki.flags & NPIPE_INFO_CAN_READ);
		e.nowrite = !(ki.flags & NPIPE_INFO_CAN_WRITE);
	}
	if (fd_set_ent(fd, &e) < 0) {
		close(fd);
		return fail_h(ERROR_NOT_ENOUGH_MEMORY);
	}
	return fd_handle(fd);
}

static void fd_update(int fd, const struct fdent *e)
{
	fd_set_ent(fd, e);
}

static int sa_inherit(const SECURITY_ATTRIBUTES *sa)
{
	return sa && sa->bInheritHandle;
}

static unsigned int sa_mode(const SECURITY_ATTRIBUTES *sa)
{
	const SECURITY_DESCRIPTOR *sd;

	if (!sa || !sa->lpSecurityDescriptor)
		return 0;
	sd = sa->lpSecurityDescriptor;
	if (sd->Revision != SECURITY_DESCRIPTOR_REVISION)
		return 0;
	return sd->NpMode & 0777;
}

/* ------------------------------------------------------------------ */
/* Names                                                                */

static int is_local_server(const char *s, size_t len)
{
	char host[256];

	if (len == 1 && s[0] == '.')
		return 1;
	if (len == 9 && !strncasecmp(s, "localhost", 9))
		return 1;
	if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = 0;
		if (strlen(host) == len && !strncasecmp(s, host, len))
			return 1;
	}
	return 0;
}

static int has_prefix_ci(const char *s, const char *p)
{
	return !strncasecmp(s, p, strlen(p));
}

/*
 * Does @path name a pipe or mailslot ("\\X\pipe\..." / "\\X\mailslot\...",
 * whatever follows)?  'p', 'm' or 0.
 */
static char path_kind(const char *path)
{
	const char *p;

	if (path[0] != '\\' || path[1] != '\\')
		return 0;
	p = strchr(path + 2, '\\');
	if (!p || p == path + 2)
		return 0;
	if (has_prefix_ci(p + 1, "pipe\\"))
		return 'p';
	if (has_prefix_ci(p + 1, "mailslot\\"))
		return 'm';
	return 0;
}

#define PATH_MAX_CHARS	256	/* whole "\\.\pipe\NAME" */

struct wname {
	char kind;		/* 'p', 'm' */
	int local;
	int broadcast;
	const char *name;
	size_t len;
	char buf[NP_NAME_MAX];
};

/*
 * Parse a Win32 pipe or mailslot path for the kernel.  Return 0, or the
 * Win32 error.
 */
static DWORD parse_wname(const char *path, char want, struct wname *w)
{
	const char *srv, *nm;
	size_t slen, nlen, i;
	char kind;

	if (!path)
		return ERROR_PATH_NOT_FOUND;
	if (strlen(path) > PATH_MAX_CHARS)
		return ERROR_FILENAME_EXCED_RANGE;
	if (path[0] != '\\')
		return ERROR_INVALID_NAME;
	if (np_parse_name(path, &kind, &srv, &slen, &nm, &nlen) < 0) {
		/* A mailslot NAME may have backslashes: parse by hand. */
		if (want == 'm' && path_kind(path) == 'm') {
			srv = path + 2;
			slen = (size_t)(strchr(srv, '\\') - srv);
			nm = srv + slen + 1 + 9;
			nlen = strlen(nm);
			if (!nlen)
				return ERROR_INVALID_NAME;
			if (nlen > NP_NAME_MAX)
				return ERROR_FILENAME_EXCED_RANGE;
			kind = 'm';
		} else {
			return errno == ENAMETOOLONG ?
				ERROR_FILENAME_EXCED_RANGE : ERROR_INVALID_NAME;
		}
	}
	if (kind != want)
		return ERROR_INVALID_NAME;
	w->kind = kind;
	w->broadcast = slen == 1 && srv[0] == '*';
	w->local = is_local_server(srv, slen);
	if (kind == 'm' && memchr(nm, '\\', nlen)) {
		for (i = 0; i < nlen; i++)
			w->buf[i] = nm[i] == '\\' ? '/' : nm[i];
		nm = w->buf;
	}
	w->name = nm;
	w->len = nlen;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Handles                                                              */

static void prec_put(struct prec *p)	/* locked */
{
	if (--p->refs > 0 || p->waiters)
		return;
	if (p->exited) {
		if (p->pidfd >= 0) {
			close(p->pidfd);
			if ((size_t)p->pidfd < fd_cap)
				memset(&fd_tab[p->pidfd], 0, sizeof(*fd_tab));
		}
		free(p);
		return;
	}
	p->next = orphans;
	orphans = p;
}

static DWORD status_code(int st)
{
	if (WIFEXITED(st))
		return (DWORD)WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + (DWORD)WTERMSIG(st);
	return 0;
}

/* Reap @p if it has exited (locked).  Return 1 if it has. */
static int prec_reap(struct prec *p)
{
	int st;
	pid_t r;

	if (p->exited)
		return 1;
	do
		r = waitpid(p->pid, &st, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == p->pid) {
		p->exited = 1;
		if (!p->terminated)
			p->code = status_code(st);
		return 1;
	}
	if (r < 0 && errno == ECHILD) {	/* reaped behind our back */
		p->exited = 1;
		return 1;
	}
	return 0;
}

static void reap_orphans(void)	/* locked */
{
	struct prec **pp = &orphans, *p;

	while ((p = *pp)) {
		if (prec_reap(p)) {
			*pp = p->next;
			if (p->pidfd >= 0) {
				close(p->pidfd);
				if ((size_t)p->pidfd < fd_cap)
					memset(&fd_tab[p->pidfd], 0,
					       sizeof(*fd_tab));
			}
			free(p);
		} else {
			pp = &p->next;
		}
	}
}

BOOL WINAPI CloseHandle(HANDLE hObject)
{
	struct fdent e;
	long s;
	int fd;

	pthread_mutex_lock(&tab_lock);
	s = proc_slot(hObject);
	if (s >= 0) {
		struct prec *p = p_tab[s].p;

		p_tab[s].p = NULL;
		prec_put(p);
		reap_orphans();
		pthread_mutex_unlock(&tab_lock);
		return TRUE;
	}
	pthread_mutex_unlock(&tab_lock);
	fd = get_fd(hObject, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	fd_clear(fd);
	if (close(fd) < 0 && errno == EBADF)
		return fail(ERROR_INVALID_HANDLE);
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
		return fail_h(ERROR_INVALID_HANDLE);
	}
	if (get_fd(fd_handle(fd), NULL) < 0)
		return NULL;
	return fd_handle(fd);
}

DWORD WINAPI GetFileType(HANDLE hFile)
{
	struct fdent e;
	struct stat st;
	int fd = get_fd(hFile, &e);

	if (fd < 0) {
		last_error = ERROR_INVALID_HANDLE;
		return FILE_TYPE_UNKNOWN;
	}
	last_error = ERROR_SUCCESS;
	if (e.kind == K_PIPE || e.kind == K_FIFO || e.sock)
		return FILE_TYPE_PIPE;
	if (e.kind == K_MS_READ || e.kind == K_MS_WRITE)
		return FILE_TYPE_UNKNOWN;
	if (fstat(fd, &st) < 0)
		return FILE_TYPE_UNKNOWN;
	if (S_ISCHR(st.st_mode))
		return FILE_TYPE_CHAR;
	if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode))
		return FILE_TYPE_DISK;
	return FILE_TYPE_UNKNOWN;
}

BOOL WINAPI GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags)
{
	struct fdent e;
	long s;
	int fd;

	pthread_mutex_lock(&tab_lock);
	s = proc_slot(hObject);
	if (s >= 0) {
		int inh = p_tab[s].inherit;

		pthread_mutex_unlock(&tab_lock);
		if (lpdwFlags)
			*lpdwFlags = inh ? HANDLE_FLAG_INHERIT : 0;
		return TRUE;
	}
	pthread_mutex_unlock(&tab_lock);
	fd = get_fd(hObject, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (!lpdwFlags)
		return fail(ERROR_NOACCESS);
	*lpdwFlags = e.inherit ? HANDLE_FLAG_INHERIT : 0;
	return TRUE;
}

BOOL WINAPI SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags)
{
	struct fdent e;
	long s;
	int fd;

	pthread_mutex_lock(&tab_lock);
	s = proc_slot(hObject);
	if (s >= 0) {
		if (dwMask & HANDLE_FLAG_INHERIT)
			p_tab[s].inherit = !!(dwFlags & HANDLE_FLAG_INHERIT);
		pthread_mutex_unlock(&tab_lock);
		return TRUE;
	}
	pthread_mutex_unlock(&tab_lock);
	fd = get_fd(hObject, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (dwMask & HANDLE_FLAG_INHERIT) {
		e.inherit = !!(dwFlags & HANDLE_FLAG_INHERIT);
		fd_update(fd, &e);
	}
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* Files and I/O                                                        */

static HANDLE open_pipe_client(const char *path, DWORD access,
			       LPSECURITY_ATTRIBUTES sa)
{
	struct wname w;
	unsigned int flags = 0;
	DWORD err;
	int fd;

	err = parse_wname(path, 'p', &w);
	if (err)
		return fail_h(err);
	if (!w.local)
		return fail_h(ERROR_BAD_NETPATH);
	if (access & (GENERIC_READ | GENERIC_ALL | FILE_READ_DATA))
		flags |= NPIPE_OPEN_READ;
	if (access & (GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA |
		      FILE_APPEND_DATA))
		flags |= NPIPE_OPEN_WRITE;
	fd = npi_open(w.name, w.len, flags);
	if (fd < 0)
		return fail_h(errno == ENODEV ? ERROR_FILE_NOT_FOUND :
			      w32err(errno));
	last_error = ERROR_SUCCESS;
	return new_fd_handle(fd, K_PIPE, sa_inherit(sa));
}

static HANDLE open_mailslot_writer(const char *path, DWORD access,
				   LPSECURITY_ATTRIBUTES sa)
{
	struct wname w;
	struct fdent e;
	unsigned int flags = 0;
	DWORD err;
	int fd;

	err = parse_wname(path, 'm', &w);
	if (err)
		return fail_h(err);
	if (!w.local)
		flags |= NPIPE_OPEN_BROADCAST;	/* "\\*" or a domain */
	fd = npi_mailslot_open(w.name, w.len, flags);
	if (fd < 0)
		return fail_h(errno == ENODEV ? ERROR_FILE_NOT_FOUND :
			      w32err(errno));
	memset(&e, 0, sizeof(e));
	e.kind = K_MS_WRITE;
	e.inherit = !!sa_inherit(sa);
	e.noread = 1;
	e.nowrite = !(access & (GENERIC_WRITE | GENERIC_ALL |
				FILE_WRITE_DATA | FILE_APPEND_DATA));
	if (fd_set_ent(fd, &e) < 0) {
		close(fd);
		return fail_h(ERROR_NOT_ENOUGH_MEMORY);
	}
	last_error = ERROR_SUCCESS;
	return fd_handle(fd);
}

static DWORD file_errno(int err, const char *path)
{
	if (err == ENOENT) {
		/* Missing directory on the way: ERROR_PATH_NOT_FOUND. */
		const char *slash = strrchr(path, '/');

		if (slash && slash != path) {
			char *dir = strndup(path, (size_t)(slash - path));
			struct stat st;
			int ok = dir && stat(dir, &st) == 0;

			free(dir);
			if (!ok)
				return ERROR_PATH_NOT_FOUND;
		}
		return ERROR_FILE_NOT_FOUND;
	}
	if (err == EEXIST)
		return ERROR_FILE_EXISTS;
	if (err == ENOTDIR)
		return ERROR_PATH_NOT_FOUND;
	if (err == ENAMETOOLONG)
		return ERROR_FILENAME_EXCED_RANGE;
	return w32err(err);
}

HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess,
			  DWORD dwShareMode,
			  LPSECURITY_ATTRIBUTES lpSecurityAttributes,
			  DWORD dwCreationDisposition,
			  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)
{
	int rd, wr, oflags, fd, existed = 0;
	struct fdent e;
	struct stat st;
	char kind;

	(void)dwShareMode;
	(void)hTemplateFile;
	if (!lpFileName || !lpFileName[0])
		return fail_h(ERROR_PATH_NOT_FOUND);
	if (dwCreationDisposition < CREATE_NEW ||
	    dwCreationDisposition > TRUNCATE_EXISTING)
		return fail_h(ERROR_INVALID_PARAMETER);

	kind = path_kind(lpFileName);
	if (kind == 'p')
		return open_pipe_client(lpFileName, dwDesiredAccess,
					lpSecurityAttributes);
	if (kind == 'm')
		return open_mailslot_writer(lpFileName, dwDesiredAccess,
					    lpSecurityAttributes);
	if (lpFileName[0] == '\\' && lpFileName[1] == '\\') {
		if (lpFileName[2] == '.' || lpFileName[2] == '?')
			return fail_h(ERROR_FILE_NOT_FOUND);	/* device */
		return fail_h(ERROR_BAD_NETPATH);
	}

	rd = !!(dwDesiredAccess & (GENERIC_READ | GENERIC_ALL | FILE_READ_DATA));
	wr = !!(dwDesiredAccess & (GENERIC_WRITE | GENERIC_ALL |
				   FILE_WRITE_DATA | FILE_APPEND_DATA));
	oflags = O_CLOEXEC | O_NOCTTY;
	oflags |= rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY;
	if ((dwDesiredAccess & FILE_APPEND_DATA) &&
	    !(dwDesiredAccess & (FILE_WRITE_DATA | GENERIC_WRITE | GENERIC_ALL)))
		oflags |= O_APPEND;
	switch (dwCreationDisposition) {
	case CREATE_NEW:
		oflags |= O_CREAT | O_EXCL;
		break;
	case CREATE_ALWAYS:
		existed = stat(lpFileName, &st) == 0;
		oflags |= O_CREAT | O_TRUNC;
		break;
	case OPEN_ALWAYS:
		existed = stat(lpFileName, &st) == 0;
		oflags |= O_CREAT;
		break;
	case TRUNCATE_EXISTING:
		if (!wr)
			return fail_h(ERROR_INVALID_PARAMETER);
		oflags |= O_TRUNC;
		break;
	}
	do
		fd = open(lpFileName, oflags, 0666);
	while (fd < 0 && errno == EINTR);
	if (fd < 0 && !rd && !wr && errno == EACCES)
		fd = open(lpFileName, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return fail_h(file_errno(errno, lpFileName));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) &&
	    !(dwFlagsAndAttributes & FILE_FLAG_BACKUP_SEMANTICS)) {
		close(fd);
		return fail_h(ERROR_ACCESS_DENIED);
	}
	if (dwFlagsAndAttributes & FILE_FLAG_DELETE_ON_CLOSE)
		unlink(lpFileName);
	probe_fd(fd, FD_CLOEXEC, &e);
	e.inherit = !!sa_inherit(lpSecurityAttributes);
	e.noread = !rd;
	e.nowrite = !wr;
	if (fd_set_ent(fd, &e) < 0) {
		close(fd);
		return fail_h(ERROR_NOT_ENOUGH_MEMORY);
	}
	last_error = existed ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS;
	return fd_handle(fd);
}

static void set_ov(LPOVERLAPPED ov, DWORD status, DWORD bytes)
{
	if (ov) {
		ov->Internal = status;
		ov->InternalHigh = bytes;
	}
}

/* read(2)/write(2) errno of a plain or FIFO handle as Win32. */
static DWORD plain_errno(int err)
{
	switch (err) {
	case EBADF:
		return ERROR_ACCESS_DENIED;	/* open without that access */
	case EPIPE:
		return ERROR_NO_DATA;
	case EISDIR:
		return ERROR_INVALID_FUNCTION;
	case EAGAIN:
		return ERROR_NO_DATA;
	default:
		return w32err(err);
	}
}

BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
		     LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped)
{
	struct fdent e;
	size_t left = 0;
	ssize_t r;
	int fd;

	if (lpNumberOfBytesRead)
		*lpNumberOfBytesRead = 0;
	fd = get_fd(hFile, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (e.noread)
		return fail(e.kind == K_MS_WRITE ? ERROR_ACCESS_DENIED :
			    ERROR_ACCESS_DENIED);
	if (e.kind == K_PIPE) {
		r = np_read(fd, lpBuffer, nNumberOfBytesToRead, &left);
		if (r < 0 && errno == ENOTTY) {
			e.kind = K_PLAIN;
			fd_update(fd, &e);
		} else if (r < 0) {
			set_ov(lpOverlapped, 0, 0);
			return fail(w32err(errno));
		} else {
			if (lpNumberOfBytesRead)
				*lpNumberOfBytesRead = (DWORD)r;
			set_ov(lpOverlapped, 0, (DWORD)r);
			if (left)
				return fail(ERROR_MORE_DATA);
			return TRUE;
		}
	}
	do
		r = read(fd, lpBuffer, nNumberOfBytesToRead);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		if (e.kind == K_MS_READ || e.kind == K_MS_WRITE) {
			if (errno == EBADF)
				return fail(ERROR_ACCESS_DENIED);
			return fail(w32err(errno));
		}
		return fail(plain_errno(errno));
	}
	if (r == 0 && nNumberOfBytesToRead && e.kind == K_FIFO)
		return fail(ERROR_BROKEN_PIPE);
	if (lpNumberOfBytesRead)
		*lpNumberOfBytesRead = (DWORD)r;
	set_ov(lpOverlapped, 0, (DWORD)r);
	return TRUE;
}

/* write(2) without SIGPIPE: EPIPE comes back as an error only. */
static ssize_t write_nosig(int fd, const void *buf, size_t len, int guard)
{
	sigset_t set, old, pend;
	struct timespec zero = { 0, 0 };
	int had;
	ssize_t r;

	if (!guard) {
		do
			r = write(fd, buf, len);
		while (r < 0 && errno == EINTR);
		return r;
	}
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

BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer,
		      DWORD nNumberOfBytesToWrite,
		      LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped)
{
	const char *p = lpBuffer;
	struct fdent e;
	size_t done = 0;
	ssize_t r;
	int fd;

	if (lpNumberOfBytesWritten)
		*lpNumberOfBytesWritten = 0;
	fd = get_fd(hFile, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (e.nowrite)
		return fail(ERROR_ACCESS_DENIED);
	if (e.kind == K_PIPE) {
		r = np_write(fd, lpBuffer, nNumberOfBytesToWrite);
		if (r < 0 && errno == ENOTTY) {
			e.kind = K_PLAIN;
			fd_update(fd, &e);
		} else if (r < 0 && errno == EAGAIN) {
			set_ov(lpOverlapped, 0, 0);
			return TRUE;	/* PIPE_NOWAIT, no room */
		} else if (r < 0) {
			return fail(w32err(errno));
		} else {
			if (lpNumberOfBytesWritten)
				*lpNumberOfBytesWritten = (DWORD)r;
			set_ov(lpOverlapped, 0, (DWORD)r);
			return TRUE;
		}
	}
	if (e.kind == K_MS_WRITE || e.kind == K_MS_READ) {
		r = write_nosig(fd, lpBuffer, nNumberOfBytesToWrite, 0);
		if (r < 0) {
			if (errno == EBADF)
				return fail(ERROR_ACCESS_DENIED);
			return fail(w32err(errno));
		}
		if (lpNumberOfBytesWritten)
			*lpNumberOfBytesWritten = (DWORD)r;
		set_ov(lpOverlapped, 0, (DWORD)r);
		return TRUE;
	}
	do {
		r = write_nosig(fd, p + done, nNumberOfBytesToWrite - done,
				e.kind == K_FIFO || e.sock);
		if (r < 0) {
			if (errno == EAGAIN)
				break;
			if (lpNumberOfBytesWritten)
				*lpNumberOfBytesWritten = (DWORD)done;
			return fail(plain_errno(errno));
		}
		done += (size_t)r;
	} while (done < nNumberOfBytesToWrite && r > 0);
	if (lpNumberOfBytesWritten)
		*lpNumberOfBytesWritten = (DWORD)done;
	set_ov(lpOverlapped, 0, (DWORD)done);
	return TRUE;
}

BOOL WINAPI FlushFileBuffers(HANDLE hFile)
{
	struct npipe_info ki;
	struct fdent e;
	int fd;

	fd = get_fd(hFile, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (e.kind == K_PIPE) {
		/*
		 * Windows: nothing to wait for once the peer has gone (TRUE),
		 * but a flush that was waiting when it went fails with
		 * ERROR_BROKEN_PIPE.
		 */
		if (npi_get_info(fd, &ki) == 0 &&
		    ki.state == NPIPE_STATE_CLOSING)
			return TRUE;
		if (np_flush(fd) == 0)
			return TRUE;
		if (errno == ESHUTDOWN || errno == EPIPE)
			return fail(ERROR_BROKEN_PIPE);
		if (errno != ENOTTY)
			return fail(w32err(errno));
	}
	if (e.kind == K_FIFO || e.kind == K_MS_WRITE || e.kind == K_MS_READ)
		return TRUE;
	if (fsync(fd) < 0 && errno != EINVAL && errno != EROFS &&
	    errno != ENOTSUP)
		return fail(w32err(errno));
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* Named pipes                                                          */

HANDLE WINAPI CreateNamedPipeA(LPCSTR lpName, DWORD dwOpenMode,
			       DWORD dwPipeMode, DWORD nMaxInstances,
			       DWORD nOutBufferSize, DWORD nInBufferSize,
			       DWORD nDefaultTimeOut,
			       LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
	struct wname w;
	unsigned int flags = 0;
	DWORD err;
	int fd;

	err = parse_wname(lpName, 'p', &w);
	if (err)
		return fail_h(err);
	if (!w.local || lpName[2] != '.')
		return fail_h(ERROR_INVALID_NAME);
	switch (dwOpenMode & PIPE_ACCESS_DUPLEX) {
	case PIPE_ACCESS_INBOUND:
		flags |= NPIPE_CREATE_INBOUND;
		break;
	case PIPE_ACCESS_OUTBOUND:
		flags |= NPIPE_CREATE_OUTBOUND;
		break;
	case PIPE_ACCESS_DUPLEX:
		flags |= NPIPE_CREATE_DUPLEX;
		break;
	default:
		return fail_h(ERROR_INVALID_PARAMETER);
	}
	if (dwOpenMode & FILE_FLAG_FIRST_PIPE_INSTANCE)
		flags |= NPIPE_CREATE_FIRST_INSTANCE;
	if (dwPipeMode & ~(DWORD)(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE |
				  PIPE_NOWAIT | PIPE_REJECT_REMOTE_CLIENTS))
		return fail_h(ERROR_INVALID_PARAMETER);
	if (nMaxInstances == 0 || nMaxInstances > PIPE_UNLIMITED_INSTANCES)
		return fail_h(ERROR_INVALID_PARAMETER);
	if ((dwPipeMode & PIPE_READMODE_MESSAGE) &&
	    !(dwPipeMode & PIPE_TYPE_MESSAGE))
		return fail_h(ERROR_INVALID_PARAMETER);
	if (dwPipeMode & PIPE_TYPE_MESSAGE)
		flags |= NPIPE_CREATE_MESSAGE_TYPE;
	if (dwPipeMode & PIPE_READMODE_MESSAGE)
		flags |= NPIPE_MODE_MESSAGE_READ;
	if (dwPipeMode & PIPE_NOWAIT)
		flags |= NPIPE_MODE_NOWAIT;
	fd = npi_create(w.name, w.len, flags, nMaxInstances, nOutBufferSize,
			nInBufferSize, (uint64_t)nDefaultTimeOut * 1000000ULL,
			sa_mode(lpSecurityAttributes));
	if (fd < 0)
		return fail_h(w32err(errno));
	last_error = ERROR_SUCCESS;
	return new_fd_handle(fd, K_PIPE, sa_inherit(lpSecurityAttributes));
}

/* The fd of a pipe handle, or -1 with the last error set. */
static int pipe_fd(HANDLE h, struct fdent *e)
{
	int fd = get_fd(h, e);

	if (fd < 0) {
		last_error = ERROR_INVALID_HANDLE;
		return -1;
	}
	if (e->kind != K_PIPE) {
		last_error = ERROR_INVALID_FUNCTION;
		return -1;
	}
	return fd;
}

BOOL WINAPI ConnectNamedPipe(HANDLE hNamedPipe, LPOVERLAPPED lpOverlapped)
{
	struct fdent e;
	int fd = pipe_fd(hNamedPipe, &e);

	if (fd < 0)
		return FALSE;
	if (np_connect(fd) < 0) {
		set_ov(lpOverlapped, 0, 0);
		return fail(w32err(errno));
	}
	set_ov(lpOverlapped, 0, 0);
	return TRUE;
}

BOOL WINAPI DisconnectNamedPipe(HANDLE hNamedPipe)
{
	struct fdent e;
	int fd = pipe_fd(hNamedPipe, &e);

	if (fd < 0)
		return FALSE;
	if (np_disconnect(fd) < 0)
		return fail(w32err(errno));
	return TRUE;
}

BOOL WINAPI WaitNamedPipeA(LPCSTR lpNamedPipeName, DWORD nTimeOut)
{
	struct wname w;
	uint64_t deadline = 0;
	DWORD err;
	int use_default = 0;

	err = parse_wname(lpNamedPipeName, 'p', &w);
	if (err)
		return fail(err);
	if (!w.local)
		return fail(ERROR_BAD_NETPATH);
	if (nTimeOut == NMPWAIT_USE_DEFAULT_WAIT)
		use_default = 1;
	else if (nTimeOut == NMPWAIT_WAIT_FOREVER)
		deadline = NPIPE_TIMEOUT_INFINITE;
	else
		deadline = npi_now_ns() + (uint64_t)nTimeOut * 1000000ULL;
	if (npi_wait(w.name, w.len, use_default, deadline) < 0)
		return fail(errno == ENODEV ? ERROR_FILE_NOT_FOUND :
			    w32err(errno));
	return TRUE;
}

BOOL WINAPI PeekNamedPipe(HANDLE hNamedPipe, LPVOID lpBuffer,
			  DWORD nBufferSize, LPDWORD lpBytesRead,
			  LPDWORD lpTotalBytesAvail,
			  LPDWORD lpBytesLeftThisMessage)
{
	struct np_peek_info pi;
	struct fdent e;
	void *buf = lpBuffer, *tmp = NULL;
	ssize_t r;
	int fd;

	fd = get_fd(hNamedPipe, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (e.kind == K_FIFO) {
		int avail = 0;

		if (!e.server)
			return fail(ERROR_ACCESS_DENIED);
		if (ioctl(fd, FIONREAD, &avail) < 0)
			return fail(w32err(errno));
		if (lpBytesRead)
			*lpBytesRead = 0;
		if (lpTotalBytesAvail)
			*lpTotalBytesAvail = (DWORD)avail;
		if (lpBytesLeftThisMessage)
			*lpBytesLeftThisMessage = 0;
		return TRUE;
	}
	if (e.kind != K_PIPE)
		return fail(ERROR_INVALID_FUNCTION);
	if (!buf && nBufferSize) {
		tmp = malloc(nBufferSize);
		if (!tmp)
			return fail(ERROR_NOT_ENOUGH_MEMORY);
		buf = tmp;
	}
	r = np_peek(fd, buf, nBufferSize, &pi);
	free(tmp);
	if (r < 0)
		return fail(w32err(errno));
	if (lpBytesRead)
		*lpBytesRead = (DWORD)r;
	if (lpTotalBytesAvail)
		*lpTotalBytesAvail = (DWORD)pi.avail;
	if (lpBytesLeftThisMessage)
		*lpBytesLeftThisMessage = pi.msg_left > (size_t)r ?
			(DWORD)(pi.msg_left - (size_t)r) : 0;
	return TRUE;
}

BOOL WINAPI TransactNamedPipe(HANDLE hNamedPipe, LPVOID lpInBuffer,
			      DWORD nInBufferSize, LPVOID lpOutBuffer,
			      DWORD nOutBufferSize, LPDWORD lpBytesRead,
			      LPOVERLAPPED lpOverlapped)
{
	struct fdent e;
	size_t left = 0;
	ssize_t r;
	int fd;

	if (lpBytesRead)
		*lpBytesRead = 0;
	fd = pipe_fd(hNamedPipe, &e);
	if (fd < 0)
		return FALSE;
	r = np_transact(fd, lpInBuffer, nInBufferSize, lpOutBuffer,
			nOutBufferSize, &left);
	if (r < 0)
		return fail(w32err(errno));
	if (lpBytesRead)
		*lpBytesRead = (DWORD)r;
	set_ov(lpOverlapped, 0, (DWORD)r);
	if (left)
		return fail(ERROR_MORE_DATA);
	return TRUE;
}

BOOL WINAPI CallNamedPipeA(LPCSTR lpNamedPipeName, LPVOID lpInBuffer,
			   DWORD nInBufferSize, LPVOID lpOutBuffer,
			   DWORD nOutBufferSize, LPDWORD lpBytesRead,
			   DWORD nTimeOut)
{
	DWORD mode = PIPE_READMODE_MESSAGE, err;
	HANDLE h;
	BOOL ok;

	if (lpBytesRead)
		*lpBytesRead = 0;
	h = CreateFileA(lpNamedPipeName, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE) {
		if (!WaitNamedPipeA(lpNamedPipeName, nTimeOut))
			return FALSE;
		h = CreateFileA(lpNamedPipeName, GENERIC_READ | GENERIC_WRITE,
				0, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL,
				NULL);
		if (h == INVALID_HANDLE_VALUE)
			return FALSE;
	}
	if (!SetNamedPipeHandleState(h, &mode, NULL, NULL)) {
		err = last_error;
		CloseHandle(h);
		return fail(err);
	}
	ok = TransactNamedPipe(h, lpInBuffer, nInBufferSize, lpOutBuffer,
			       nOutBufferSize, lpBytesRead, NULL);
	err = last_error;
	CloseHandle(h);
	last_error = err;
	return ok;
}

/*
 * The name of @uid from /etc/passwd (not getpwuid: static programs cannot
 * use NSS), or its number.
 */
static void user_name(uid_t uid, char *out, size_t size)
{
	char line[1024];
	FILE *f = fopen("/etc/passwd", "re");

	snprintf(out, size, "%u", (unsigned int)uid);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *name = line, *p = strchr(line, ':'), *q;

		if (!p)
			continue;
		*p++ = 0;
		q = strchr(p, ':');	/* skip the password field */
		if (!q)
			continue;
		if (strtoul(q + 1, NULL, 10) == uid && q[1] != ':') {
			size_t n = strlen(name);

			if (n < size) {
				memcpy(out, name, n + 1);
				break;
			}
			break;
		}
	}
	fclose(f);
}

static DWORD win_state(unsigned int mode)
{
	return ((mode & NPIPE_MODE_MESSAGE_READ) ? PIPE_READMODE_MESSAGE : 0) |
	       ((mode & NPIPE_MODE_NOWAIT) ? PIPE_NOWAIT : 0);
}

BOOL WINAPI GetNamedPipeHandleStateA(HANDLE hNamedPipe, LPDWORD lpState,
				     LPDWORD lpCurInstances,
				     LPDWORD lpMaxCollectionCount,
				     LPDWORD lpCollectDataTimeout,
				     LPSTR lpUserName, DWORD nMaxUserNameSize)
{
	struct npipe_info ki;
	struct fdent e;
	int fd;

	fd = get_fd(hNamedPipe, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (e.kind == K_FIFO) {
		int fl = fcntl(fd, F_GETFL);

		memset(&ki, 0, sizeof(ki));
		ki.mode = fl >= 0 && (fl & O_NONBLOCK) ? NPIPE_MODE_NOWAIT : 0;
		ki.cur_instances = 1;
		ki.flags = e.server ? NPIPE_INFO_SERVER_END : 0;
		ki.client_uid = (__u32)-1;
	} else if (e.kind != K_PIPE) {
		return fail(ERROR_INVALID_FUNCTION);
	} else if (npi_get_info(fd, &ki) < 0) {
		return fail(w32err(errno));
	}
	if (lpState)
		*lpState = win_state(ki.mode);
	if (lpCurInstances)
		*lpCurInstances = ki.cur_instances;
	if (lpMaxCollectionCount || lpCollectDataTimeout)
		return fail(ERROR_INVALID_PARAMETER);
	if (lpUserName) {
		char name[256];

		if (!(ki.flags & NPIPE_INFO_SERVER_END))
			return fail(ERROR_INVALID_PARAMETER);
		if (ki.client_uid == (__u32)-1)
			return fail(ERROR_CANNOT_IMPERSONATE);
		user_name((uid_t)ki.client_uid, name, sizeof(name));
		if (strlen(name) + 1 > nMaxUserNameSize)
			return fail(ERROR_INSUFFICIENT_BUFFER);
		strcpy(lpUserName, name);
	}
	return TRUE;
}

BOOL WINAPI SetNamedPipeHandleState(HANDLE hNamedPipe, LPDWORD lpMode,
				    LPDWORD lpMaxCollectionCount,
				    LPDWORD lpCollectDataTimeout)
{
	struct fdent e;
	int fd;

	fd = get_fd(hNamedPipe, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (e.kind != K_PIPE && e.kind != K_FIFO)
		return fail(ERROR_INVALID_FUNCTION);
	if (lpMode) {
		DWORD m = *lpMode;
		unsigned int mode = 0;

		if (m & ~(DWORD)(PIPE_READMODE_MESSAGE | PIPE_NOWAIT))
			return fail(ERROR_INVALID_PARAMETER);
		if (m & PIPE_READMODE_MESSAGE)
			mode |= NP_READMODE_MESSAGE;
		if (m & PIPE_NOWAIT)
			mode |= NP_NOWAIT;
		if (e.kind == K_FIFO) {
			int fl = fcntl(fd, F_GETFL);

			if (mode & NP_READMODE_MESSAGE)
				return fail(ERROR_INVALID_PARAMETER);
			if (fl < 0 || fcntl(fd, F_SETFL, (mode & NP_NOWAIT) ?
					    fl | O_NONBLOCK :
					    fl & ~O_NONBLOCK) < 0)
				return fail(w32err(errno));
		} else if (np_set_mode(fd, mode) < 0) {
			return fail(w32err(errno));
		}
	}
	if (lpMaxCollectionCount || lpCollectDataTimeout)
		return fail(ERROR_INVALID_PARAMETER);
	return TRUE;
}

BOOL WINAPI GetNamedPipeInfo(HANDLE hNamedPipe, LPDWORD lpFlags,
			     LPDWORD lpOutBufferSize, LPDWORD lpInBufferSize,
			     LPDWORD lpMaxInstances)
{
	struct npipe_info ki;
	struct fdent e;
	int fd;

	fd = get_fd(hNamedPipe, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (e.kind == K_FIFO) {
		memset(&ki, 0, sizeof(ki));
		ki.flags = e.server ? NPIPE_INFO_SERVER_END : 0;
		ki.out_quota = ki.in_quota = e.size;
		ki.max_instances = 1;
	} else if (e.kind != K_PIPE) {
		return fail(ERROR_INVALID_FUNCTION);
	} else if (npi_get_info(fd, &ki) < 0) {
		return fail(w32err(errno));
	} else if (e.anon) {
		/* CreatePipe's nSize is both quotas, as on Windows. */
		if (!ki.out_quota)
			ki.out_quota = ki.in_quota;
		if (!ki.in_quota)
			ki.in_quota = ki.out_quota;
	}
	if (lpFlags)
		*lpFlags = ((ki.flags & NPIPE_INFO_SERVER_END) ?
			    PIPE_SERVER_END : PIPE_CLIENT_END) |
			   ((ki.flags & NPIPE_INFO_MESSAGE_TYPE) ?
			    PIPE_TYPE_MESSAGE : PIPE_TYPE_BYTE);
	if (lpOutBufferSize)
		*lpOutBufferSize = ki.out_quota;
	if (lpInBufferSize)
		*lpInBufferSize = ki.in_quota;
	if (lpMaxInstances)
		*lpMaxInstances = ki.max_instances >= PIPE_UNLIMITED_INSTANCES ?
			PIPE_UNLIMITED_INSTANCES : ki.max_instances;
	return TRUE;
}

static BOOL pipe_pid(HANDLE h, PULONG out, int client)
{
	struct npipe_info ki;
	struct fdent e;
	int fd;

	fd = pipe_fd(h, &e);
	if (fd < 0)
		return FALSE;
	if (!out)
		return fail(ERROR_INSUFFICIENT_BUFFER);
	if (npi_get_info(fd, &ki) < 0)
		return fail(w32err(errno));
	if (ki.flags & NPIPE_INFO_SERVER_END) {
		if (client && (ki.state == NPIPE_STATE_LISTENING ||
			       ki.state == NPIPE_STATE_DISCONNECTED ||
			       !ki.client_pid))
			return fail(ERROR_NOT_FOUND);
	} else if (ki.state == NPIPE_STATE_DISCONNECTED) {
		return fail(ERROR_PIPE_NOT_CONNECTED);
	}
	*out = client ? ki.client_pid : ki.server_pid;
	return TRUE;
}

BOOL WINAPI GetNamedPipeClientProcessId(HANDLE Pipe, PULONG ClientProcessId)
{
	return pipe_pid(Pipe, ClientProcessId, 1);
}

BOOL WINAPI GetNamedPipeServerProcessId(HANDLE Pipe, PULONG ServerProcessId)
{
	return pipe_pid(Pipe, ServerProcessId, 0);
}

BOOL WINAPI CreatePipe(PHANDLE hReadPipe, PHANDLE hWritePipe,
		       LPSECURITY_ATTRIBUTES lpPipeAttributes, DWORD nSize)
{
	struct fdent e;
	int fds[2], inh = sa_inherit(lpPipeAttributes);

	if (!hReadPipe || !hWritePipe)
		return fail(ERROR_NOACCESS);
	if (np_pipe(fds, nSize, 0) == 0) {
		if (new_fd_handle(fds[0], K_PIPE, inh) == INVALID_HANDLE_VALUE) {
			close(fds[1]);
			return FALSE;
		}
		if (new_fd_handle(fds[1], K_PIPE, inh) == INVALID_HANDLE_VALUE) {
			fd_clear(fds[0]);
			close(fds[0]);
			return FALSE;
		}
		for (int i = 0; i < 2; i++) {
			if (get_fd(fd_handle(fds[i]), &e) >= 0) {
				e.anon = 1;
				fd_update(fds[i], &e);
			}
		}
	} else if (errno == ENOTTY || errno == ENODEV) {
		/*
		 * The kernel module has no anonymous pipes (or is not
		 * loaded): a POSIX pipe behaves the same for ReadFile,
		 * WriteFile and inheritance.
		 */
		if (pipe2(fds, O_CLOEXEC) < 0)
			return fail(w32err(errno));
		if (nSize)
			fcntl(fds[1], F_SETPIPE_SZ, (int)(nSize < 4096 ? 4096 :
				nSize > 1048576 ? 1048576 : nSize));
		memset(&e, 0, sizeof(e));
		e.kind = K_FIFO;
		e.inherit = !!inh;
		e.size = nSize ? nSize : 4096;
		e.server = 1;
		e.nowrite = 1;
		if (fd_set_ent(fds[0], &e) < 0)
			goto nomem;
		e.server = 0;
		e.nowrite = 0;
		e.noread = 1;
		if (fd_set_ent(fds[1], &e) < 0) {
			fd_clear(fds[0]);
			goto nomem;
		}
	} else {
		return fail(w32err(errno));
	}
	*hReadPipe = fd_handle(fds[0]);
	*hWritePipe = fd_handle(fds[1]);
	return TRUE;
nomem:
	close(fds[0]);
	close(fds[1]);
	return fail(ERROR_NOT_ENOUGH_MEMORY);
}

/* ------------------------------------------------------------------ */
/* Mailslots                                                            */

static uint64_t ms_to_ns(DWORD ms)
{
	if (ms == MAILSLOT_WAIT_FOREVER)
		return NPIPE_MAILSLOT_WAIT_FOREVER;
	return (uint64_t)ms * 1000000ULL;
}

HANDLE WINAPI CreateMailslotA(LPCSTR lpName, DWORD nMaxMessageSize,
			      DWORD lReadTimeout,
			      LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
	struct wname w;
	DWORD err;
	int fd;

	err = parse_wname(lpName, 'm', &w);
	if (err)
		return fail_h(err);
	if (w.broadcast || !w.local || lpName[2] != '.')
		return fail_h(ERROR_INVALID_NAME);
	fd = npi_mailslot_create(w.name, w.len, nMaxMessageSize,
				 ms_to_ns(lReadTimeout),
				 sa_mode(lpSecurityAttributes));
	if (fd < 0)
		return fail_h(errno == EEXIST ? ERROR_ALREADY_EXISTS :
			      w32err(errno));
	return new_fd_handle(fd, K_MS_READ, sa_inherit(lpSecurityAttributes));
}

BOOL WINAPI GetMailslotInfo(HANDLE hMailslot, LPDWORD lpMaxMessageSize,
			    LPDWORD lpNextSize, LPDWORD lpMessageCount,
			    LPDWORD lpReadTimeout)
{
	struct npipe_mailslot_info mi;
	struct fdent e;
	int fd;

	fd = get_fd(hMailslot, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (npi_mailslot_info(fd, &mi) < 0)
		return fail(w32err(errno));
	if (lpMaxMessageSize)
		*lpMaxMessageSize = mi.max_msg_size;
	if (lpNextSize)
		*lpNextSize = mi.next_size;
	if (lpMessageCount)
		*lpMessageCount = mi.nr_msgs;
	if (lpReadTimeout)
		*lpReadTimeout = mi.read_timeout == NPIPE_MAILSLOT_WAIT_FOREVER ?
			MAILSLOT_WAIT_FOREVER :
			(DWORD)(mi.read_timeout / 1000000ULL);
	return TRUE;
}

BOOL WINAPI SetMailslotInfo(HANDLE hMailslot, DWORD lReadTimeout)
{
	struct fdent e;
	int fd;

	fd = get_fd(hMailslot, &e);
	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (npi_mailslot_set_timeout(fd, ms_to_ns(lReadTimeout)) < 0)
		return fail(w32err(errno));
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* Security descriptors                                                 */

BOOL WINAPI InitializeSecurityDescriptor(PSECURITY_DESCRIPTOR pSD,
					 DWORD dwRevision)
{
	if (!pSD)
		return fail(ERROR_NOACCESS);
	if (dwRevision != SECURITY_DESCRIPTOR_REVISION)
		return fail(1305);	/* ERROR_UNKNOWN_REVISION */
	memset(pSD, 0, sizeof(*pSD));
	pSD->Revision = SECURITY_DESCRIPTOR_REVISION;
	return TRUE;
}

BOOL WINAPI SetSecurityDescriptorDacl(PSECURITY_DESCRIPTOR pSD,
				      BOOL bDaclPresent, PVOID pDacl,
				      BOOL bDaclDefaulted)
{
	(void)bDaclDefaulted;
	if (!pSD)
		return fail(ERROR_NOACCESS);
	if (pSD->Revision != SECURITY_DESCRIPTOR_REVISION)
		return fail(1338);	/* ERROR_INVALID_SECURITY_DESCR */
	if (bDaclPresent) {
		pSD->Control |= SE_DACL_PRESENT;
		pSD->Dacl = pDacl;
		if (!pDacl)
			pSD->NpMode = 0666;	/* NULL DACL: everyone */
	} else {
		pSD->Control &= (WORD)~SE_DACL_PRESENT;
		pSD->Dacl = NULL;
		pSD->NpMode = 0;
	}
	return TRUE;
}

BOOL WINAPI NpSecurityDescriptorFromMode(PSECURITY_DESCRIPTOR pSD, DWORD mode)
{
	if (!pSD)
		return fail(ERROR_NOACCESS);
	if (mode & ~0777U)
		return fail(ERROR_INVALID_PARAMETER);
	memset(pSD, 0, sizeof(*pSD));
	pSD->Revision = SECURITY_DESCRIPTOR_REVISION;
	pSD->Control = SE_DACL_PRESENT;
	pSD->NpMode = mode;
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* Processes                                                            */

/*
 * Split a command line into argv with the Microsoft C runtime rules.
 * Returns a malloc'd NULL-terminated vector (one block) or NULL.
 */
static char **split_cmdline(const char *cmd, int *argc_out)
{
	size_t n = strlen(cmd), cap = n + 1;
	char **argv, *out, *o;
	const char *p = cmd;
	int argc = 0, max = (int)n / 2 + 2;

	argv = malloc((size_t)(max + 1) * sizeof(char *) + cap);
	if (!argv)
		return NULL;
	out = (char *)(argv + max + 1);
	o = out;
	while (*p == ' ' || *p == '\t')
		p++;
	/* argv[0]: quotes group, backslashes are literal. */
	if (*p) {
		argv[argc++] = o;
		if (*p == '"') {
			p++;
			while (*p && *p != '"')
				*o++ = *p++;
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ' ' && *p != '\t')
				*o++ = *p++;
		}
		*o++ = 0;
	}
	for (;;) {
		int inq = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		argv[argc++] = o;
		while (*p && (inq || (*p != ' ' && *p != '\t'))) {
			if (*p == '\\') {
				size_t bs = 0;

				while (*p == '\\') {
					bs++;
					p++;
				}
				if (*p == '"') {
					while (bs >= 2) {
						*o++ = '\\';
						bs -= 2;
					}
					if (bs) {
						*o++ = '"';
						p++;
					}
				} else {
					while (bs--)
						*o++ = '\\';
				}
				continue;
			}
			if (*p == '"') {
				if (inq && p[1] == '"') {
					*o++ = '"';
					p += 2;
					continue;
				}
				inq = !inq;
				p++;
				continue;
			}
			*o++ = *p++;
		}
		*o++ = 0;
	}
	argv[argc] = NULL;
	*argc_out = argc;
	return argv;
}

static char **env_block(const char *blk)
{
	const char *p;
	size_t n = 0, i = 0;
	char **envp;

	for (p = blk; *p; p += strlen(p) + 1)
		n++;
	envp = malloc((n + 1) * sizeof(char *));
	if (!envp)
		return NULL;
	for (p = blk; *p; p += strlen(p) + 1)
		envp[i++] = (char *)p;
	envp[i] = NULL;
	return envp;
}

static int slot_alloc(struct prec *p, int thread)	/* locked */
{
	size_t i, ncap;
	struct pslot *n;

	for (i = 0; i < p_cap; i++)
		if (!p_tab[i].p)
			goto found;
	ncap = p_cap ? p_cap * 2 : 16;
	n = realloc(p_tab, ncap * sizeof(*n));
	if (!n)
		return -1;
	memset(n + p_cap, 0, (ncap - p_cap) * sizeof(*n));
	p_tab = n;
	i = p_cap;
	p_cap = ncap;
found:
	p_tab[i].p = p;
	p_tab[i].thread = thread;
	p_tab[i].inherit = 0;
	p->refs++;
	return (int)i;
}

static void child_fail(int fd, int err)
{
	ssize_t r;

	do
		r = write(fd, &err, sizeof(err));
	while (r < 0 && errno == EINTR);
	_exit(127);
}

static DWORD exec_errno(int err)
{
	switch (err) {
	case ENOENT:
		return ERROR_FILE_NOT_FOUND;
	case ENOTDIR:
		return ERROR_PATH_NOT_FOUND;
	case EACCES:
	case EPERM:
		return ERROR_ACCESS_DENIED;
	case ENOEXEC:
		return ERROR_BAD_EXE_FORMAT;
	default:
		return w32err(err);
	}
}

#define CHDIR_FAILED	(-10000)

BOOL WINAPI CreateProcessA(LPCSTR lpApplicationName, LPSTR lpCommandLine,
			   LPSECURITY_ATTRIBUTES lpProcessAttributes,
			   LPSECURITY_ATTRIBUTES lpThreadAttributes,
			   BOOL bInheritHandles, DWORD dwCreationFlags,
			   LPVOID lpEnvironment, LPCSTR lpCurrentDirectory,
			   LPSTARTUPINFOA lpStartupInfo,
			   LPPROCESS_INFORMATION lpProcessInformation)
{
	int std_fd[3] = { -1, -1, -1 }, use_std = 0, argc = 0, errp[2];
	int *inh = NULL, ninh = 0, i, err = 0, ps, ts, pidfd;
	char **argv = NULL, **envp = NULL;
	const char *prog;
	struct prec *p;
	pid_t pid;
	ssize_t r;

	(void)lpProcessAttributes;
	(void)lpThreadAttributes;
	(void)dwCreationFlags;
	if (!lpStartupInfo || !lpProcessInformation)
		return fail(ERROR_NOACCESS);
	if (!lpApplicationName && !lpCommandLine)
		return fail(ERROR_INVALID_PARAMETER);
	argv = split_cmdline(lpCommandLine ? lpCommandLine : lpApplicationName,
			     &argc);
	if (!argv)
		return fail(ERROR_NOT_ENOUGH_MEMORY);
	if (!argc && !lpApplicationName) {
		free(argv);
		return fail(ERROR_PATH_NOT_FOUND);
	}
	if (!argc) {
		argv[0] = (char *)lpApplicationName;
		argv[1] = NULL;
	}
	prog = lpApplicationName ? lpApplicationName : argv[0];
	if (!prog[0]) {
		free(argv);
		return fail(ERROR_PATH_NOT_FOUND);
	}

	if (lpStartupInfo->dwFlags & STARTF_USESTDHANDLES) {
		HANDLE hs[3] = { lpStartupInfo->hStdInput,
				 lpStartupInfo->hStdOutput,
				 lpStartupInfo->hStdError };

		use_std = 1;
		for (i = 0; i < 3; i++)
			std_fd[i] = get_fd(hs[i], NULL);
	}
	if (lpEnvironment) {
		envp = env_block(lpEnvironment);
		if (!envp) {
			free(argv);
			return fail(ERROR_NOT_ENOUGH_MEMORY);
		}
	}

	pthread_mutex_lock(&tab_lock);
	reap_orphans();
	if (bInheritHandles) {
		size_t fd;

		inh = malloc((fd_cap + 1) * sizeof(int));
		if (!inh) {
			pthread_mutex_unlock(&tab_lock);
			free(argv);
			free(envp);
			return fail(ERROR_NOT_ENOUGH_MEMORY);
		}
		for (fd = 0; fd < fd_cap; fd++)
			if (fd_tab[fd].inherit && fd_tab[fd].kind != K_INTERNAL &&
			    fd_tab[fd].kind != K_NONE)
				inh[ninh++] = (int)fd;
	}
	pthread_mutex_unlock(&tab_lock);

	if (pipe2(errp, O_CLOEXEC) < 0) {
		err = errno;
		free(argv);
		free(envp);
		free(inh);
		return fail(w32err(err));
	}
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(errp[0]);
		close(errp[1]);
		free(argv);
		free(envp);
		free(inh);
		return fail(w32err(err));
	}
	if (pid == 0) {
		int tmp[3];

		signal(SIGPIPE, SIG_DFL);
		if (lpCurrentDirectory && chdir(lpCurrentDirectory) < 0)
			child_fail(errp[1], CHDIR_FAILED);
		for (i = 0; i < ninh; i++) {
			int fl = fcntl(inh[i], F_GETFD);

			if (fl >= 0)
				fcntl(inh[i], F_SETFD, fl & ~FD_CLOEXEC);
		}
		if (use_std) {
			for (i = 0; i < 3; i++) {
				if (std_fd[i] >= 0)
					tmp[i] = fcntl(std_fd[i], F_DUPFD_CLOEXEC, 3);
				else
					tmp[i] = open("/dev/null",
						      (i ? O_WRONLY : O_RDONLY) |
						      O_CLOEXEC);
				if (tmp[i] < 0)
					child_fail(errp[1], errno);
			}
			for (i = 0; i < 3; i++) {
				if (dup2(tmp[i], i) < 0)
					child_fail(errp[1], errno);
				/* An npipe fd is blocking for the child's read(2). */
			}
		}
		if (envp) {
			if (lpApplicationName)
				execve(prog, argv, envp);
			else
				execvpe(prog, argv, envp);
		} else {
			if (lpApplicationName)
				execv(prog, argv);
			else
				execvp(prog, argv);
		}
		child_fail(errp[1], errno);
	}
	close(errp[1]);
	do
		r = read(errp[0], &err, sizeof(err));
	while (r < 0 && errno == EINTR);
	close(errp[0]);
	free(argv);
	free(envp);
	free(inh);
	if (r == (ssize_t)sizeof(err)) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		if (err == CHDIR_FAILED)
			return fail(ERROR_DIRECTORY);
		if (err == ENOENT && strchr(prog, '/'))
			return fail(file_errno(err, prog));
		return fail(exec_errno(err));
	}

	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd >= 0)
		mark_internal(pidfd);
	p = calloc(1, sizeof(*p));
	if (!p) {
		if (pidfd >= 0) {
			fd_clear(pidfd);
			close(pidfd);
		}
		/* The child runs on; it is reaped as an orphan later. */
		return fail(ERROR_NOT_ENOUGH_MEMORY);
	}
	p->pid = pid;
	p->pidfd = pidfd;
	pthread_mutex_lock(&tab_lock);
	ps = slot_alloc(p, 0);
	ts = ps < 0 ? -1 : slot_alloc(p, 1);
	if (ts < 0) {
		if (ps >= 0)
			p_tab[ps].p = NULL;
		p->refs = 0;
		p->next = orphans;
		orphans = p;
		pthread_mutex_unlock(&tab_lock);
		return fail(ERROR_NOT_ENOUGH_MEMORY);
	}
	pthread_mutex_unlock(&tab_lock);
	lpProcessInformation->hProcess = (HANDLE)(PROC_BASE + (uintptr_t)ps * 4);
	lpProcessInformation->hThread = (HANDLE)(PROC_BASE + (uintptr_t)ts * 4);
	lpProcessInformation->dwProcessId = (DWORD)pid;
	lpProcessInformation->dwThreadId = (DWORD)pid;
	return TRUE;
}

/* The process record of a process (or thread) handle, with a waiter ref. */
static struct prec *get_prec(HANDLE h, int want_thread)
{
	struct prec *p = NULL;
	long s;

	pthread_mutex_lock(&tab_lock);
	s = proc_slot(h);
	if (s >= 0 && (want_thread < 0 || p_tab[s].thread == want_thread)) {
		p = p_tab[s].p;
		p->waiters++;
	}
	pthread_mutex_unlock(&tab_lock);
	return p;
}

static void put_prec(struct prec *p)
{
	pthread_mutex_lock(&tab_lock);
	p->waiters--;
	if (!p->waiters && !p->refs) {
		p->refs = 1;
		prec_put(p);
	}
	pthread_mutex_unlock(&tab_lock);
}

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
	uint64_t deadline = 0, now;
	struct prec *p;
	int done;

	p = get_prec(hHandle, -1);
	if (!p) {
		if (get_fd(hHandle, NULL) >= 0)
			return WAIT_OBJECT_0;	/* no pending I/O: signaled */
		last_error = ERROR_INVALID_HANDLE;
		return WAIT_FAILED;
	}
	if (dwMilliseconds != INFINITE)
		deadline = npi_now_ns() + (uint64_t)dwMilliseconds * 1000000ULL;
	for (;;) {
		int tmo;

		pthread_mutex_lock(&tab_lock);
		done = prec_reap(p);
		pthread_mutex_unlock(&tab_lock);
		if (done)
			break;
		if (dwMilliseconds == INFINITE) {
			tmo = -1;
		} else {
			now = npi_now_ns();
			if (now >= deadline) {
				put_prec(p);
				return WAIT_TIMEOUT;
			}
			tmo = (int)((deadline - now + 999999) / 1000000ULL);
			if (tmo < 0 || tmo > 1000000)
				tmo = 1000000;
		}
		if (p->pidfd >= 0) {
			struct pollfd pfd = { .fd = p->pidfd, .events = POLLIN };

			poll(&pfd, 1, tmo);
		} else {
			struct timespec ts = { 0, 2000000 };

			nanosleep(&ts, NULL);
		}
	}
	put_prec(p);
	return WAIT_OBJECT_0;
}

BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode)
{
	struct prec *p = get_prec(hProcess, 0);
	DWORD code;

	if (!p)
		return fail(ERROR_INVALID_HANDLE);
	pthread_mutex_lock(&tab_lock);
	code = prec_reap(p) ? p->code : STILL_ACTIVE;
	pthread_mutex_unlock(&tab_lock);
	put_prec(p);
	if (!lpExitCode)
		return fail(ERROR_NOACCESS);
	*lpExitCode = code;
	return TRUE;
}

BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode)
{
	struct prec *p = get_prec(hThread, 1);
	DWORD code;

	if (!p)
		return fail(ERROR_INVALID_HANDLE);
	pthread_mutex_lock(&tab_lock);
	code = prec_reap(p) ? p->code : STILL_ACTIVE;
	pthread_mutex_unlock(&tab_lock);
	put_prec(p);
	if (!lpExitCode)
		return fail(ERROR_NOACCESS);
	*lpExitCode = code;
	return TRUE;
}

BOOL WINAPI TerminateProcess(HANDLE hProcess, UINT uExitCode)
{
	struct prec *p = get_prec(hProcess, 0);
	BOOL ret = TRUE;

	if (!p)
		return fail(ERROR_INVALID_HANDLE);
	pthread_mutex_lock(&tab_lock);
	if (prec_reap(p)) {
		ret = fail(ERROR_ACCESS_DENIED);
	} else if (kill(p->pid, SIGKILL) == 0) {
		p->terminated = 1;
		p->code = uExitCode;
	} else {
		ret = fail(w32err(errno));
	}
	pthread_mutex_unlock(&tab_lock);
	put_prec(p);
	return ret;
}

DWORD WINAPI GetProcessId(HANDLE Process)
{
	struct prec *p = get_prec(Process, 0);
	DWORD pid;

	if (!p) {
		last_error = ERROR_INVALID_HANDLE;
		return 0;
	}
	pid = (DWORD)p->pid;
	put_prec(p);
	return pid;
}

DWORD WINAPI GetCurrentProcessId(void)
{
	return (DWORD)getpid();
}

static pthread_once_t cmdline_once = PTHREAD_ONCE_INIT;
static char *cmdline;

static void build_cmdline(void)
{
	char buf[65536], *out, *o;
	ssize_t n = 0, r;
	size_t i, len;
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		while (n < (ssize_t)sizeof(buf) &&
		       (r = read(fd, buf + n, sizeof(buf) - (size_t)n)) > 0)
			n += r;
		close(fd);
	}
	out = malloc((size_t)n * 4 + 3);
	if (!out) {
		cmdline = (char *)"";
		return;
	}
	o = out;
	for (i = 0; i < (size_t)n; i += len + 1) {
		const char *a = buf + i;
		size_t k, bs = 0;
		int quote;

		len = strnlen(a, (size_t)n - i);
		quote = !len || strpbrk(a, " \t\"") != NULL;
		if (o != out)
			*o++ = ' ';
		if (!quote) {
			memcpy(o, a, len);
			o += len;
			continue;
		}
		*o++ = '"';
		for (k = 0; k < len; k++) {
			if (a[k] == '\\') {
				bs++;
			} else if (a[k] == '"') {
				while (bs--)
					*o++ = '\\';
				*o++ = '\\';
				bs = 0;
			} else {
				bs = 0;
			}
			*o++ = a[k];
		}
		while (bs--)
			*o++ = '\\';
		*o++ = '"';
	}
	*o = 0;
	cmdline = out;
}

LPSTR WINAPI GetCommandLineA(void)
{
	pthread_once(&cmdline_once, build_cmdline);
	return cmdline;
}

VOID WINAPI GetStartupInfoA(LPSTARTUPINFOA lpStartupInfo)
{
	if (!lpStartupInfo)
		return;
	memset(lpStartupInfo, 0, sizeof(*lpStartupInfo));
	lpStartupInfo->cb = sizeof(*lpStartupInfo);
	lpStartupInfo->hStdInput = GetStdHandle(STD_INPUT_HANDLE);
	lpStartupInfo->hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
	lpStartupInfo->hStdError = GetStdHandle(STD_ERROR_HANDLE);
}

VOID WINAPI ExitProcess(UINT uExitCode)
{
	exit((int)uExitCode);
}

VOID WINAPI Sleep(DWORD dwMilliseconds)
{
	struct timespec ts;

	if (dwMilliseconds == INFINITE) {
		for (;;)
			pause();
	}
	ts.tv_sec = dwMilliseconds / 1000;
	ts.tv_nsec = (long)(dwMilliseconds % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

DWORD WINAPI GetTickCount(void)
{
	return (DWORD)(npi_now_ns() / 1000000ULL);
}
