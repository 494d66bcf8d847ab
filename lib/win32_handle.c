// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 core: the handle table, and the calls that take any handle
 * (CloseHandle, WaitForSingleObject, GetStdHandle, GetFileType, handle
 * information).
 *
 * The fd table keeps what the library knows of each fd (kind, inheritable,
 * access, the handle's event).  An open fd it has not seen is adopted on
 * first use, so that handles inherited from a parent work under the same
 * value.  Every call looks its handle up, so the table takes no lock: one
 * atomic word per fd, in chunks that are allocated once and never move.
 *
 * The object table holds the handles of everything else (processes now,
 * threads and synchronisation objects later): per handle its kind, its
 * inherit flag and the object, whose operations came with it.  So the
 * calls that take any handle dispatch on the kind here, and the files
 * above (win32_process.c) register nothing and are called only through
 * the operations of objects they made.  Its lookups are rare (process
 * calls), so one mutex guards it.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "win32_core.h"

/* ---- fd table ------------------------------------------------------ */

#define FD_CHUNK	1024
#define FD_MAX		(1 << 20)	/* the kernel's default nr_open */

static _Atomic(_Atomic uint64_t *) fd_chunks[FD_MAX / FD_CHUNK];
/* Chunk allocation, and the handle events' waiters (fd_signal). */
static pthread_mutex_t fd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fd_signal;
static pthread_once_t fd_signal_once = PTHREAD_ONCE_INIT;
static atomic_int fd_waiters;		/* threads in wait_fd() */

_Static_assert(sizeof(struct fdent) <= sizeof(uint64_t),
	       "an fd's entry is one atomic word");

static uint64_t fd_pack(const struct fdent *e)
{
	uint64_t v = 0;

	memcpy(&v, e, sizeof(*e));
	return v;
}

static struct fdent fd_unpack(uint64_t v)
{
	struct fdent e;

	memcpy(&e, &v, sizeof(e));
	return e;
}

/* The bit of fdent.unsignaled in a packed entry. */
static uint64_t fd_unsignaled_bit(void)
{
	const struct fdent e = { .unsignaled = 1 };

	return fd_pack(&e);
}

/* @fd's word, or NULL if out of range or (unless @make) never set. */
static _Atomic uint64_t *fd_word(int fd, int make)
{
	_Atomic(_Atomic uint64_t *) *chunk;
	_Atomic uint64_t *words;

	if (fd < 0 || fd >= FD_MAX)
		return NULL;
	chunk = &fd_chunks[fd / FD_CHUNK];
	words = atomic_load_explicit(chunk, memory_order_acquire);
	if (!words && make) {
		pthread_mutex_lock(&fd_lock);
		words = atomic_load_explicit(chunk, memory_order_relaxed);
		if (!words) {
			words = calloc(FD_CHUNK, sizeof(*words));
			atomic_store_explicit(chunk, words, memory_order_release);
		}
		pthread_mutex_unlock(&fd_lock);
	}
	return words ? &words[fd % FD_CHUNK] : NULL;
}

HANDLE w32_fd_handle(int fd)
{
	return (HANDLE)(((uintptr_t)fd + 1) * 4);
}

/* fd of a handle value, or -1 (not an fd handle). */
static int handle_to_fd(HANDLE h)
{
	uintptr_t v = (uintptr_t)h;

	if (!v || h == INVALID_HANDLE_VALUE || (v & 3) || v >= W32_OBJ_BASE)
		return -1;
	return (int)(v / 4 - 1);
}

int w32_set_fd(int fd, const struct fdent *e)
{
	_Atomic uint64_t *w = fd_word(fd, 1);

	if (!w)
		return -1;
	atomic_store(w, fd_pack(e));
	return 0;
}

void w32_forget_fd(int fd)
{
	_Atomic uint64_t *w = fd_word(fd, 0);

	if (w)
		atomic_store(w, 0);
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

	_Atomic uint64_t *w;

	if (fd < 0 || np_is_control_fd(fd))
		return -1;
	w = fd_word(fd, 0);
	e = fd_unpack(w ? atomic_load(w) : 0);
	if (e.kind != K_NONE) {
		if (e.kind == K_INTERNAL)
			return -1;
		if (out)
			*out = e;
		return fd;
	}
	fl = fcntl(fd, F_GETFD);
	if (fl < 0)
		return -1;
	probe_fd(fd, fl, &e);
	w32_set_fd(fd, &e);
	if (out)
		*out = e;
	return fd;
}

int w32_pipe_fd_ent(HANDLE h, struct fdent *e)
{
	int fd = w32_get_fd(h, e);

	if (fd < 0) {
		w32_set_error(ERROR_INVALID_HANDLE);
		return -1;
	}
	if (e->kind != K_PIPE) {
		w32_set_error(ERROR_INVALID_FUNCTION);
		return -1;
	}
	return fd;
}

int w32_pipe_fd(HANDLE h)
{
	struct fdent e;

	return w32_pipe_fd_ent(h, &e);
}

HANDLE w32_new_handle(int fd, const struct fdent *ent)
{
	struct fdent e = *ent;

	if (e.kind == K_PIPE)
		pipe_access(fd, &e);
	if (w32_set_fd(fd, &e) < 0) {
		close(fd);
		return w32_fail_h(ERROR_NOT_ENOUGH_MEMORY);
	}
	return w32_fd_handle(fd);
}

int *w32_inheritable_fds(int *n)
{
	size_t cap = 0;
	int *fds = NULL, *grown, fd;
	_Atomic uint64_t *w;
	struct fdent e;

	*n = 0;
	for (fd = 0; fd < FD_MAX; fd++) {
		if (!(fd % FD_CHUNK) && !fd_word(fd, 0)) {
			fd += FD_CHUNK - 1;		/* a chunk never used */
			continue;
		}
		w = fd_word(fd, 0);
		e = fd_unpack(atomic_load(w));
		if (!e.inherit || e.kind == K_INTERNAL)
			continue;
		if ((size_t)*n == cap) {
			cap = cap ? 2 * cap : 64;
			grown = realloc(fds, cap * sizeof(int));
			if (!grown) {
				free(fds);
				*n = -1;
				return NULL;
			}
			fds = grown;
		}
		fds[(*n)++] = fd;
	}
	return fds ? fds : malloc(sizeof(int));
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
	_Atomic uint64_t *w = fd_word(fd, 0);

	if (w)
		atomic_fetch_or(w, fd_unsignaled_bit());
}

/*
 * Set the event again after a call that did not fail.  Waiters are few:
 * the lock and the broadcast are only for them (a waiter counts itself
 * before it tests the bit, and this clears the bit before it counts them).
 */
BOOL w32_io_end(int fd, BOOL ret)
{
	_Atomic uint64_t *w = fd_word(fd, 0);
	DWORD err = GetLastError();

	if (!ret && err != ERROR_MORE_DATA && err != ERROR_PIPE_CONNECTED)
		return ret;
	if (w)
		atomic_fetch_and(w, ~fd_unsignaled_bit());
	if (atomic_load(&fd_waiters)) {
		pthread_mutex_lock(&fd_lock);
		pthread_cond_broadcast(&fd_signal);
		pthread_mutex_unlock(&fd_lock);
	}
	return ret;
}

static int fd_unsignaled(int fd)
{
	_Atomic uint64_t *w = fd_word(fd, 0);

	return w && (atomic_load(w) & fd_unsignaled_bit());
}

/* WaitForSingleObject on an fd handle: WAIT_OBJECT_0 or WAIT_TIMEOUT. */
static DWORD wait_fd(int fd, DWORD ms)
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
	atomic_fetch_add(&fd_waiters, 1);
	while ((unsignaled = fd_unsignaled(fd)) && ms) {
		if (ms == INFINITE)
			pthread_cond_wait(&fd_signal, &fd_lock);
		else if (pthread_cond_timedwait(&fd_signal, &fd_lock, &ts))
			break;
	}
	atomic_fetch_sub(&fd_waiters, 1);
	unsignaled = fd_unsignaled(fd);
	pthread_mutex_unlock(&fd_lock);
	return unsignaled ? WAIT_TIMEOUT : WAIT_OBJECT_0;
}

/* ---- Object table ---------------------------------------------------- */

struct oslot {
	struct w32_obj *obj;	/* NULL: free */
	unsigned char kind;
	unsigned char inherit;
};

static pthread_mutex_t obj_lock = PTHREAD_MUTEX_INITIALIZER;
static struct oslot *obj_tab;
static size_t obj_cap;

/* The slot of an object handle, or -1 (under obj_lock). */
static long obj_slot(HANDLE h)
{
	uintptr_t v = (uintptr_t)h;

	if (v < W32_OBJ_BASE || h == INVALID_HANDLE_VALUE || (v & 3))
		return -1;
	v = (v - W32_OBJ_BASE) / 4;
	if (v >= obj_cap || !obj_tab[v].obj)
		return -1;
	return (long)v;
}

/* A free slot, the table grown if need be; -1 on ENOMEM (under obj_lock). */
static long obj_free_slot(void)
{
	size_t i, ncap;
	struct oslot *n;

	for (i = 0; i < obj_cap && obj_tab[i].obj; i++)
		;
	if (i < obj_cap)
		return (long)i;
	ncap = obj_cap ? obj_cap * 2 : 16;
	n = realloc(obj_tab, ncap * sizeof(*n));
	if (!n)
		return -1;
	memset(n + obj_cap, 0, (ncap - obj_cap) * sizeof(*n));
	obj_tab = n;
	obj_cap = ncap;
	return (long)i;
}

void w32_obj_init(struct w32_obj *obj, const struct w32_obj_ops *ops)
{
	obj->ops = ops;
	atomic_init(&obj->refs, 1);
}

HANDLE w32_obj_handle(struct w32_obj *obj, enum w32_kind kind)
{
	long s;

	pthread_mutex_lock(&obj_lock);
	s = obj_free_slot();
	if (s >= 0) {
		obj_tab[s] = (struct oslot){ .obj = obj, .kind = kind };
		atomic_fetch_add(&obj->refs, 1);
	}
	pthread_mutex_unlock(&obj_lock);
	if (s < 0) {
		w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	return (HANDLE)(W32_OBJ_BASE + (uintptr_t)s * 4);
}

/*
 * The reference is taken under obj_lock, which CloseHandle holds while it
 * empties the slot: an object found here cannot be released meanwhile.
 */
struct w32_obj *w32_obj_get(HANDLE h, enum w32_kind kind)
{
	struct w32_obj *obj = NULL;
	long s;

	pthread_mutex_lock(&obj_lock);
	s = obj_slot(h);
	if (s >= 0 && (kind == K_NONE || obj_tab[s].kind == kind)) {
		obj = obj_tab[s].obj;
		atomic_fetch_add(&obj->refs, 1);
	}
	pthread_mutex_unlock(&obj_lock);
	return obj;
}

void w32_obj_put(struct w32_obj *obj)
{
	if (atomic_fetch_sub(&obj->refs, 1) == 1)
		obj->ops->release(obj);
}

/* Close @h if it is an object handle.  Return 1 if it was one. */
static int obj_close(HANDLE h)
{
	struct w32_obj *obj = NULL;
	long s;

	pthread_mutex_lock(&obj_lock);
	s = obj_slot(h);
	if (s >= 0) {
		obj = obj_tab[s].obj;
		obj_tab[s].obj = NULL;
	}
	pthread_mutex_unlock(&obj_lock);
	if (obj)
		w32_obj_put(obj);
	return obj != NULL;
}

/* Get (or with @set, set) an object handle's inherit flag; 1 if it is one. */
static int obj_inherit(HANDLE h, int set, int *inherit)
{
	long s;

	pthread_mutex_lock(&obj_lock);
	s = obj_slot(h);
	if (s >= 0 && set)
		obj_tab[s].inherit = (unsigned char)*inherit;
	else if (s >= 0)
		*inherit = obj_tab[s].inherit;
	pthread_mutex_unlock(&obj_lock);
	return s >= 0;
}

/* ---- Calls on any handle --------------------------------------------- */

BOOL WINAPI CloseHandle(HANDLE hObject)
{
	int fd;

	if (obj_close(hObject))
		return TRUE;
	fd = w32_get_fd(hObject, NULL);
	if (fd < 0)
		return w32_fail(ERROR_INVALID_HANDLE);
	w32_forget_fd(fd);
	if (close(fd) < 0 && errno == EBADF)
		return w32_fail(ERROR_INVALID_HANDLE);
	return TRUE;
}

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
	struct w32_obj *obj = w32_obj_get(hHandle, K_NONE);
	DWORD ret;
	int fd;

	if (obj) {
		ret = obj->ops->wait(obj, dwMilliseconds);
		w32_obj_put(obj);
		return ret;
	}
	/* A file or pipe handle: its event (w32_io_begin). */
	fd = w32_get_fd(hHandle, NULL);
	if (fd >= 0)
		return wait_fd(fd, dwMilliseconds);
	w32_set_error(ERROR_INVALID_HANDLE);
	return WAIT_FAILED;
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
		w32_set_error(ERROR_INVALID_HANDLE);
		return FILE_TYPE_UNKNOWN;
	}
	/* Documented: NO_ERROR tells a valid FILE_TYPE_UNKNOWN apart. */
	w32_set_error(ERROR_SUCCESS);
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

	if (!obj_inherit(hObject, 0, &inherit)) {
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

	if (obj_inherit(hObject, set, &inherit))
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
