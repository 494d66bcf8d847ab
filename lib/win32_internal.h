/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnp Win32 layer internals, shared by the win32_*.c files.  Nothing
 * here is exported from libnp.so; the w32_ prefix keeps these names out of
 * the way of programs that link libnp.a statically.
 *
 * Handles: an fd handle is (fd + 1) * 4, so that handles inherited from a
 * parent keep their value; process and thread handles are W32_PROC_BASE +
 * slot * 4 in a table of their own (win32_process.c).
 */
#ifndef LIBNP_WIN32_INTERNAL_H
#define LIBNP_WIN32_INTERNAL_H

#include <stdint.h>

#include "np.h"
#include "npwin32.h"

#define W32_PROC_BASE		((uintptr_t)0x70000000)
#define STATUS_SUCCESS		0x00000000
#define STATUS_BUFFER_OVERFLOW	0x80000005	/* ERROR_MORE_DATA */

/* ---- Last error (win32_handle.c) ---------------------------------- */

void w32_set_error(DWORD err);
BOOL w32_fail(DWORD err);		/* sets @err, returns FALSE */
HANDLE w32_fail_h(DWORD err);		/* sets @err, INVALID_HANDLE_VALUE */

static inline DWORD w32_errno(int err)
{
	return np_errno_to_win32(err);
}

/* ---- fd handles (win32_handle.c) ---------------------------------- */

enum fd_kind {
	K_NONE = 0,	/* not seen yet */
	K_INTERNAL,	/* the library's own fd: not a handle */
	K_PLAIN,	/* file, tty, socket, POSIX pipe: read(2)/write(2) */
	K_PIPE,		/* npipe server, client or anonymous end */
	K_MS_READ,	/* mailslot reader */
	K_MS_WRITE,	/* mailslot writer */
};

/* What the library knows of an fd. */
struct fdent {
	unsigned char kind;
	unsigned char inherit;	/* HANDLE_FLAG_INHERIT */
	unsigned char noread;	/* opened without read access */
	unsigned char nowrite;	/* opened without write access */
	unsigned char sigpipe;	/* K_PLAIN: a write may raise SIGPIPE */
	unsigned char unsignaled; /* K_PIPE: event reset (w32_io_begin) */
	unsigned char noattr;	/* K_PIPE client without FILE_WRITE_ATTRIBUTES */
};

HANDLE w32_fd_handle(int fd);
/* The fd of a handle, adopting open fds not seen before; -1 if invalid. */
int w32_get_fd(HANDLE h, struct fdent *out);
/* The fd of a pipe handle, or -1 with the last error set. */
int w32_pipe_fd(HANDLE h);
/* The same, with what the table knows of it in *@e. */
int w32_pipe_fd_ent(HANDLE h, struct fdent *e);
int w32_set_fd(int fd, const struct fdent *e);
void w32_forget_fd(int fd);
void w32_mark_internal(int fd);
/* Register a new fd; closes it and fails on ENOMEM. */
HANDLE w32_new_handle(int fd, enum fd_kind kind, int inherit);
/* The inheritable fds (malloc'd array), or NULL with *n = -1 on ENOMEM. */
int *w32_inheritable_fds(int *n);
/*
 * A pipe handle's event, as Windows keeps one per synchronous file object:
 * reset when an I/O call starts on the handle, set again when one ends
 * without an error (ERROR_MORE_DATA and ERROR_PIPE_CONNECTED are not
 * errors there).  w32_io_end() returns @ret.
 */
void w32_io_begin(int fd);
BOOL w32_io_end(int fd, BOOL ret);
/* WaitForSingleObject on an fd handle: WAIT_OBJECT_0 or WAIT_TIMEOUT. */
DWORD w32_wait_fd(int fd, DWORD ms);

/* ---- Process handles (win32_process.c) ---------------------------- */

/* Return 1 if @h is a process or thread handle (and close it). */
int w32_close_proc(HANDLE h);
/* Return 1 if @h is a process or thread handle, with its inherit flag. */
int w32_proc_inherit(HANDLE h, int set, int *inherit);

/* ---- Command lines (win32_cmdline.c) ------------------------------ */

/* Split with the MS C runtime rules: one malloc'd block, NULL on ENOMEM. */
char **w32_split_cmdline(const char *cmd, int *argc);

/* ---- Security attributes (win32_security.c) ----------------------- */

int w32_sa_inherit(const SECURITY_ATTRIBUTES *sa);
unsigned int w32_sa_mode(const SECURITY_ATTRIBUTES *sa);

/* ---- Names (win32_name.c) ------------------------------------------ */

struct wname {
	int local;		/* ".", "localhost" or this host */
	int dot;		/* the server part is "." */
	const char *name;	/* for the np_*() calls: a local path */
	char buf[sizeof("\\\\.\\mailslot\\") + NP_NAME_MAX];
};

/* The kind of a "\\SERVER\pipe\..." or "\\SERVER\mailslot\..." path. */
enum np_name_kind w32_path_kind(const char *path);
/* Parse a pipe or mailslot path: 0 or the Win32 error. */
DWORD w32_parse_name(const char *path, enum np_name_kind want,
		     struct wname *w);

/* ---- Opening by CreateFileA (win32_pipe.c, win32_mailslot.c) ------ */

/* @attr: FILE_WRITE_ATTRIBUTES (or write) access, for SetNamedPipeHandleState */
HANDLE w32_open_pipe(const char *path, int rd, int wr, int attr, int inherit);
HANDLE w32_open_mailslot(const char *path, int wr, int inherit);
DWORD w32_file_errno(int err, const char *path);

/* ---- OVERLAPPED (no asynchronous I/O: the call completes first) ---- */

/* As Windows: Internal is STATUS_PENDING until the call completes. */
static inline void w32_ov_start(LPOVERLAPPED ov)
{
	if (ov)
		ov->Internal = STATUS_PENDING;
}

static inline void w32_ov_done(LPOVERLAPPED ov, DWORD status, DWORD bytes)
{
	if (ov) {
		ov->Internal = status;
		ov->InternalHigh = bytes;
	}
}

#endif /* LIBNP_WIN32_INTERNAL_H */
