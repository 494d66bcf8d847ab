/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnp Win32 core: what the Win32 object files (win32_file.c,
 * win32_pipe.c, win32_mailslot.c, win32_process.c) are built on, besides
 * np.h.  Nothing here is exported from libnp.so; the w32_ prefix keeps
 * these names out of the way of programs that link libnp.a statically.
 *
 * The core is libnp's middle layer (docs/design.md, "libnp layers"): it
 * calls np.h's functions and libc, never a file above it.  Where it acts
 * on an object it does not know (CloseHandle or WaitForSingleObject on a
 * process handle), the file that made the object hands its operations
 * over with it (struct w32_obj_ops), so that the core calls up through
 * pointers it was given rather than by name.
 *
 * Handles: an fd handle is (fd + 1) * 4, so that handles inherited from a
 * parent keep their value; other objects' handles are W32_OBJ_BASE +
 * slot * 4 in a table of their own.  Each handle has a kind (enum
 * w32_kind).
 */
#ifndef LIBNP_WIN32_CORE_H
#define LIBNP_WIN32_CORE_H

#include <stdatomic.h>
#include <stdint.h>

#include "np.h"
#include "npwin32.h"

#define W32_OBJ_BASE		((uintptr_t)0x70000000)
#define STATUS_SUCCESS		0x00000000
#define STATUS_BUFFER_OVERFLOW	0x80000005	/* ERROR_MORE_DATA */

/* ---- Last error, errno to Win32 (win32_error.c) ------------------- */

void w32_set_error(DWORD err);
BOOL w32_fail(DWORD err);		/* sets @err, returns FALSE */
HANDLE w32_fail_h(DWORD err);		/* sets @err, INVALID_HANDLE_VALUE */

/* The native API's errno as Win32 (the table of <linux/npipe.h>). */
static inline DWORD w32_errno(int err)
{
	return np_errno_to_win32(err);
}

/* The errno of a call on file @path as Win32 (ENOENT: file or path). */
DWORD w32_file_errno(int err, const char *path);

/* ---- Command lines (win32_cmdline.c) ------------------------------ */

/* Split with the MS C runtime rules: one malloc'd block, NULL on ENOMEM. */
char **w32_split_cmdline(const char *cmd, int *argc);

/* ---- Handles (win32_handle.c) ------------------------------------- */

enum w32_kind {
	K_NONE = 0,	/* fd: not seen yet; w32_obj_get(): any kind */
	K_INTERNAL,	/* the library's own fd: not a handle */
	K_PLAIN,	/* file, tty, socket, POSIX pipe: read(2)/write(2) */
	K_PIPE,		/* npipe server, client or anonymous end */
	K_MS_READ,	/* mailslot reader */
	K_MS_WRITE,	/* mailslot writer */
	K_PROCESS,	/* object handles: a process */
	K_THREAD,	/* its (only) thread */
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
/* The fd of a pipe handle, with what the table knows of it in *@e, or -1
 * with the last error set. */
int w32_pipe_fd_ent(HANDLE h, struct fdent *e);
int w32_pipe_fd(HANDLE h);
int w32_set_fd(int fd, const struct fdent *e);
void w32_forget_fd(int fd);
void w32_mark_internal(int fd);
/*
 * The handle of a new fd, as @e describes it (a K_PIPE's directions are
 * asked of the fd).  On ENOMEM the fd is closed: INVALID_HANDLE_VALUE.
 */
HANDLE w32_new_handle(int fd, const struct fdent *e);
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

/*
 * Objects that are not fds (processes; later threads, events...).  The
 * file of a kind of object embeds a struct w32_obj in it and gives its
 * operations; the core keeps the handles, their kinds and inherit flags,
 * and counts references: one per handle and one per w32_obj_get().
 */
struct w32_obj;

struct w32_obj_ops {
	/* WaitForSingleObject: WAIT_OBJECT_0 or WAIT_TIMEOUT. */
	DWORD (*wait)(struct w32_obj *obj, DWORD ms);
	/* The last reference has gone: free the object. */
	void (*release)(struct w32_obj *obj);
};

struct w32_obj {
	const struct w32_obj_ops *ops;
	atomic_int refs;
};

/* @obj with one reference, the caller's (dropped with w32_obj_put()). */
void w32_obj_init(struct w32_obj *obj, const struct w32_obj_ops *ops);
/* A new handle of kind @kind to @obj, or NULL (ERROR_NOT_ENOUGH_MEMORY). */
HANDLE w32_obj_handle(struct w32_obj *obj, enum w32_kind kind);
/* The object of @h with a reference, if @h is of @kind (K_NONE: any). */
struct w32_obj *w32_obj_get(HANDLE h, enum w32_kind kind);
void w32_obj_put(struct w32_obj *obj);

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
/*
 * CreateFileA of a mailslot path (a writer) or of any other name as a
 * pipe (a client end; a name that is no pipe path fails as
 * WaitNamedPipeA does).  @attr: FILE_WRITE_ATTRIBUTES (or write) access,
 * which SetNamedPipeHandleState needs.
 */
HANDLE w32_open_name(const char *path, int rd, int wr, int attr,
		     int inherit);

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

#endif /* LIBNP_WIN32_CORE_H */
