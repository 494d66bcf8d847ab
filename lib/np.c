// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp native API over /dev/npipe.  See include/np.h.
 *
 * The bottom layer of libnp: fds and errno, no Win32 types.  It uses
 * nothing else of the library; the Win32 layer (win32_*.c) is built on
 * the functions declared in np.h alone (docs/design.md, "libnp layers").
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/npipe.h>

#include "np.h"

_Static_assert(NP_READMODE_MESSAGE == NPIPE_MODE_MESSAGE_READ, "mode");
_Static_assert(NP_NOWAIT == NPIPE_MODE_NOWAIT, "mode");
_Static_assert(NP_ACCESS_INBOUND == NPIPE_CREATE_INBOUND, "flags");
_Static_assert(NP_ACCESS_OUTBOUND == NPIPE_CREATE_OUTBOUND, "flags");
_Static_assert(NP_TYPE_MESSAGE == NPIPE_CREATE_MESSAGE_TYPE, "flags");
_Static_assert(NP_FIRST_INSTANCE == NPIPE_CREATE_FIRST_INSTANCE, "flags");
_Static_assert(NP_OPEN_READ == NPIPE_OPEN_READ, "flags");
_Static_assert(NP_OPEN_WRITE == NPIPE_OPEN_WRITE, "flags");
_Static_assert(NP_OPEN_BROADCAST == NPIPE_OPEN_BROADCAST, "flags");
_Static_assert(NP_NAME_MAX == NPIPE_NAME_MAX, "name");
_Static_assert(NP_STATE_LISTENING == NPIPE_STATE_LISTENING, "state");
_Static_assert(NP_STATE_DISCONNECTED == NPIPE_STATE_DISCONNECTED, "state");
_Static_assert(NP_INFO_SERVER_END == NPIPE_INFO_SERVER_END, "info");
_Static_assert(NP_INFO_CAN_WRITE == NPIPE_INFO_CAN_WRITE, "info");

static int ctl_fd = -1;
static pthread_mutex_t ctl_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Why /dev/npipe could not be opened: the process's or the system's own
 * limits (EMFILE, ENFILE, ENOMEM) say so, as Windows says
 * ERROR_TOO_MANY_OPEN_FILES or ERROR_NOT_ENOUGH_MEMORY; anything else
 * (no such device node, module not loaded, no access to the node) is
 * ENODEV: npipe is not usable here.
 */
static int control_errno(int err)
{
	switch (err) {
	case EMFILE:
	case ENFILE:
	case ENOMEM:
		return err;
	default:
		return ENODEV;
	}
}

int np_control_fd(void)
{
	int fd = __atomic_load_n(&ctl_fd, __ATOMIC_ACQUIRE);

	if (fd >= 0)
		return fd;
	pthread_mutex_lock(&ctl_lock);
	fd = ctl_fd;
	if (fd < 0) {
		fd = open(NPIPE_DEVICE, O_RDWR | O_CLOEXEC);
		if (fd >= 0)
			__atomic_store_n(&ctl_fd, fd, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&ctl_lock);
	if (fd < 0)
		errno = control_errno(errno);
	return fd;
}

int np_is_control_fd(int fd)
{
	return fd >= 0 && fd == __atomic_load_n(&ctl_fd, __ATOMIC_ACQUIRE);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t ms_to_ns(int64_t ms)
{
	return (uint64_t)ms * 1000000ULL;
}

/* ---- Names ---------------------------------------------------------- */

static int fail(int err)
{
	errno = err;
	return -1;
}

/* "pipe\NAME" or "mailslot\NAME" after the server: the kind, and NAME. */
static enum np_name_kind path_kind(const char *p, const char **nm)
{
	if (!strncasecmp(p, "pipe\\", 5)) {
		*nm = p + 5;
		return NP_NAME_PIPE;
	}
	if (!strncasecmp(p, "mailslot\\", 9)) {
		*nm = p + 9;
		return NP_NAME_MAILSLOT;
	}
	return NP_NAME_NONE;
}

/* A bare name (@srv NULL) or a path: its kind, server and NAME. */
static int split_name(const char *path, enum np_name_kind *kind,
		      const char **srv, const char **nm)
{
	const char *p;

	*kind = NP_NAME_NONE;
	*srv = NULL;
	*nm = path;
	if (!path)
		return -1;
	if (path[0] != '\\') {
		*kind = NP_NAME_PIPE;
		return 0;
	}
	if (path[1] != '\\')
		return -1;
	p = strchr(path + 2, '\\');
	if (!p || p == path + 2)
		return -1;
	*srv = path + 2;
	*kind = path_kind(p + 1, nm);
	return *kind == NP_NAME_NONE ? -1 : 0;
}

int np_parse_name(const char *path, enum np_name_kind *kind,
		  const char **server, size_t *server_len, const char **name,
		  size_t *name_len)
{
	enum np_name_kind k;
	const char *srv, *nm;
	size_t nlen;

	if (kind)
		*kind = NP_NAME_NONE;
	if (split_name(path, &k, &srv, &nm) < 0)
		return fail(EINVAL);
	if (kind)
		*kind = k;
	nlen = strlen(nm);
	/* Only a mailslot NAME may have backslashes: pseudo-directories. */
	if (!nlen || (k == NP_NAME_PIPE && memchr(nm, '\\', nlen)))
		return fail(EINVAL);
	if (nlen > NP_NAME_MAX)
		return fail(ENAMETOOLONG);
	if (server)
		*server = srv;
	if (server_len)
		*server_len = srv ? (size_t)(strchr(srv, '\\') - srv) : 0;
	if (name)
		*name = nm;
	if (name_len)
		*name_len = nlen;
	return 0;
}

/*
 * The kernel's name (the name and name_len fields of an ioctl's argument)
 * for a name argument of kind @want: a bare name as is, or the NAME of a
 * local "\\.\pipe\NAME" / "\\.\mailslot\NAME" path.  The kernel takes no
 * backslash: a mailslot's pseudo-directories are separated by '/' there,
 * written into @buf (NP_NAME_MAX bytes), which must outlive the ioctl.
 */
static int kernel_name(const char *path, enum np_name_kind want, char *buf,
		       __u64 *name, __u32 *len)
{
	enum np_name_kind kind;
	const char *srv, *nm;
	size_t slen, nlen, i;

	if (np_parse_name(path, &kind, &srv, &slen, &nm, &nlen) < 0)
		return -1;
	if (srv && (kind != want || slen != 1 || srv[0] != '.'))
		return fail(EINVAL);
	if (memchr(nm, '\\', nlen)) {
		for (i = 0; i < nlen; i++)
			buf[i] = nm[i] == '\\' ? '/' : nm[i];
		nm = buf;
	}
	*name = (uintptr_t)nm;
	*len = (__u32)nlen;
	return 0;
}

/* ---- Calls ---------------------------------------------------------- */

static int ctl_ioctl(unsigned long req, void *arg)
{
	int fd = np_control_fd();
	int ret;

	if (fd < 0)
		return -1;
	do
		ret = ioctl(fd, req, arg);
	while (ret < 0 && errno == EINTR);
	return ret;
}

static int fd_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do
		ret = ioctl(fd, req, arg);
	while (ret < 0 && errno == EINTR);
	return ret;
}

/* Nonzero if any of @n reserved words is not zero. */
static int reserved_set(const unsigned int *r, size_t n)
{
	while (n--)
		if (r[n])
			return 1;
	return 0;
}

int np_create(const char *name, const struct np_create_attr *attr)
{
	struct npipe_create c = { 0 };
	char buf[NP_NAME_MAX];

	if (!attr)
		return fail(EFAULT);
	if (attr->default_timeout_ms < 0 ||
	    reserved_set(attr->reserved, sizeof(attr->reserved) /
			 sizeof(attr->reserved[0])))
		return fail(EINVAL);
	if (kernel_name(name, NP_NAME_PIPE, buf, &c.name, &c.name_len) < 0)
		return -1;
	c.flags = attr->flags;
	c.max_instances = attr->max_instances;
	c.out_quota = attr->out_quota;
	c.in_quota = attr->in_quota;
	c.default_timeout = ms_to_ns(attr->default_timeout_ms);
	c.mode = attr->mode;
	return ctl_ioctl(NPIPE_IOC_CREATE, &c);
}

/* NPIPE_IOC_OPEN or _MAILSLOT_OPEN of a name of kind @kind. */
static int open_name(unsigned long req, enum np_name_kind kind,
		     const char *name, unsigned int flags)
{
	struct npipe_open o = { .flags = flags };
	char buf[NP_NAME_MAX];

	if (kernel_name(name, kind, buf, &o.name, &o.name_len) < 0)
		return -1;
	return ctl_ioctl(req, &o);
}

int np_open(const char *name, unsigned int flags)
{
	return open_name(NPIPE_IOC_OPEN, NP_NAME_PIPE, name, flags);
}

int np_wait(const char *name, int64_t timeout_ms)
{
	struct npipe_wait w = { 0 };
	char buf[NP_NAME_MAX];

	if (timeout_ms < 0 && timeout_ms != NP_TIMEOUT_INFINITE &&
	    timeout_ms != NP_TIMEOUT_DEFAULT)
		return fail(EINVAL);
	if (kernel_name(name, NP_NAME_PIPE, buf, &w.name, &w.name_len) < 0)
		return -1;
	/* The deadline is absolute: a restarted ioctl keeps it. */
	if (timeout_ms == NP_TIMEOUT_DEFAULT)
		w.flags = NPIPE_WAIT_DEFAULT;
	else if (timeout_ms == NP_TIMEOUT_INFINITE)
		w.timeout = NPIPE_TIMEOUT_INFINITE;
	else
		w.timeout = now_ns() + ms_to_ns(timeout_ms);
	/* The kernel turns WAIT_DEFAULT into a deadline in @w: reuse it. */
	return ctl_ioctl(NPIPE_IOC_WAIT, &w);
}

int np_connect(int fd)
{
	return fd_ioctl(fd, NPIPE_IOC_CONNECT, NULL);
}

int np_disconnect(int fd)
{
	return fd_ioctl(fd, NPIPE_IOC_DISCONNECT, NULL);
}

static __u32 clamp32(size_t n)
{
	return n > 0xffffffffUL ? 0xffffffffU : (__u32)n;
}

ssize_t np_read(int fd, void *buf, size_t len, size_t *left)
{
	struct npipe_io io;

	memset(&io, 0, sizeof(io));
	io.buf = (uintptr_t)buf;
	io.len = clamp32(len);
	if (fd_ioctl(fd, NPIPE_IOC_READ, &io) < 0)
		return -1;
	if (left)
		*left = io.remaining;
	return io.bytes;
}

ssize_t np_write(int fd, const void *buf, size_t len)
{
	struct npipe_io io;

	memset(&io, 0, sizeof(io));
	io.buf = (uintptr_t)buf;
	io.len = clamp32(len);
	if (fd_ioctl(fd, NPIPE_IOC_WRITE, &io) < 0)
		return -1;
	return io.bytes;
}

ssize_t np_peek(int fd, void *buf, size_t len, struct np_peek_info *info)
{
	struct npipe_peek pk;

	memset(&pk, 0, sizeof(pk));
	pk.buf = len ? (uintptr_t)buf : 0;
	pk.len = clamp32(len);
	if (fd_ioctl(fd, NPIPE_IOC_PEEK, &pk) < 0)
		return -1;
	if (info) {
		memset(info, 0, sizeof(*info));
		info->avail = pk.avail;
		info->msg_left = pk.msg_left;
		info->nr_msgs = pk.nr_msgs;
	}
	return pk.bytes;
}

ssize_t np_transact(int fd, const void *wbuf, size_t wlen, void *rbuf,
		    size_t rlen, size_t *left)
{
	struct npipe_transact t;

	memset(&t, 0, sizeof(t));
	t.wbuf = (uintptr_t)wbuf;
	t.wlen = clamp32(wlen);
	t.rbuf = (uintptr_t)rbuf;
	t.rlen = clamp32(rlen);
	/* A restart keeps t.flags: NPIPE_TRANSACT_SENT stops a resend. */
	if (fd_ioctl(fd, NPIPE_IOC_TRANSACT, &t) < 0)
		return -1;
	if (left)
		*left = t.remaining;
	return t.bytes;
}

int np_flush(int fd)
{
	return fd_ioctl(fd, NPIPE_IOC_FLUSH, NULL);
}

static int get_info(int fd, struct npipe_info *ki)
{
	memset(ki, 0, sizeof(*ki));
	return fd_ioctl(fd, NPIPE_IOC_GET_INFO, ki);
}

int np_get_info(int fd, struct np_info *info)
{
	struct npipe_info ki;

	if (!info)
		return fail(EFAULT);
	if (get_info(fd, &ki) < 0)
		return -1;
	memset(info, 0, sizeof(*info));
	info->default_timeout_ms = (int64_t)(ki.default_timeout / 1000000ULL);
	info->flags = ki.flags;
	info->mode = ki.mode;
	info->state = ki.state;
	info->max_instances = ki.max_instances;
	info->cur_instances = ki.cur_instances;
	info->out_quota = ki.out_quota;
	info->in_quota = ki.in_quota;
	info->server_pid = (pid_t)ki.server_pid;
	info->client_pid = (pid_t)ki.client_pid;
	info->server_uid = (uid_t)ki.server_uid;
	info->server_gid = (gid_t)ki.server_gid;
	info->client_uid = (uid_t)ki.client_uid;
	info->client_gid = (gid_t)ki.client_gid;
	return 0;
}

int np_set_mode(int fd, unsigned int mode)
{
	__u32 m = mode;

	if (mode & ~(NP_READMODE_MESSAGE | NP_NOWAIT))
		return fail(EINVAL);
	return fd_ioctl(fd, NPIPE_IOC_SET_MODE, &m);
}

int np_peer_cred(int fd, pid_t *pid, uid_t *uid, gid_t *gid)
{
	struct npipe_info ki;

	if (get_info(fd, &ki) < 0)
		return -1;
	if (ki.flags & NPIPE_INFO_SERVER_END) {
		if (ki.client_uid == (__u32)-1)
			return fail(ENOTCONN);
		if (pid)
			*pid = (pid_t)ki.client_pid;
		if (uid)
			*uid = (uid_t)ki.client_uid;
		if (gid)
			*gid = (gid_t)ki.client_gid;
	} else {
		if (pid)
			*pid = (pid_t)ki.server_pid;
		if (uid)
			*uid = (uid_t)ki.server_uid;
		if (gid)
			*gid = (gid_t)ki.server_gid;
	}
	return 0;
}

int np_pipe(int fds[2], unsigned int size, unsigned int flags)
{
	struct npipe_anon a;

	if (!fds || (flags & ~NP_NOWAIT))
		return fail(EINVAL);
	memset(&a, 0, sizeof(a));
	a.size = size;
	a.flags = flags;
	a.read_fd = -1;
	a.write_fd = -1;
	if (ctl_ioctl(NPIPE_IOC_CREATE_ANON, &a) < 0)
		return -1;
	fds[0] = a.read_fd;
	fds[1] = a.write_fd;
	return 0;
}

/* ---- Mailslots ------------------------------------------------------ */

static uint64_t mailslot_timeout_ns(int64_t ms)
{
	return ms < 0 ? NPIPE_MAILSLOT_WAIT_FOREVER : ms_to_ns(ms);
}

int np_mailslot_create(const char *name, unsigned int max_msg_size,
		       int64_t read_timeout_ms, unsigned int mode)
{
	struct npipe_mailslot_create c = { 0 };
	char buf[NP_NAME_MAX];

	if (kernel_name(name, NP_NAME_MAILSLOT, buf, &c.name, &c.name_len) < 0)
		return -1;
	c.read_timeout = mailslot_timeout_ns(read_timeout_ms);
	c.max_msg_size = max_msg_size;
	c.mode = mode;
	return ctl_ioctl(NPIPE_IOC_MAILSLOT_CREATE, &c);
}

int np_mailslot_open(const char *name, unsigned int flags)
{
	return open_name(NPIPE_IOC_MAILSLOT_OPEN, NP_NAME_MAILSLOT, name,
			 (flags & ~NP_OPEN_READ) | NP_OPEN_WRITE);
}

int np_mailslot_info(int fd, struct np_mailslot_info *info)
{
	struct npipe_mailslot_info ki;

	if (!info)
		return fail(EFAULT);
	memset(&ki, 0, sizeof(ki));
	if (fd_ioctl(fd, NPIPE_IOC_MAILSLOT_GET_INFO, &ki) < 0)
		return -1;
	memset(info, 0, sizeof(*info));
	info->max_msg_size = ki.max_msg_size;
	info->next_size = ki.next_size;
	info->nr_msgs = ki.nr_msgs;
	info->read_timeout_ms = ki.read_timeout == NPIPE_MAILSLOT_WAIT_FOREVER ?
		NP_TIMEOUT_INFINITE : (int64_t)(ki.read_timeout / 1000000ULL);
	return 0;
}

ssize_t np_mailslot_read(int fd, void *buf, size_t len)
{
	struct npipe_mailslot_read r = {
		.buf = (uintptr_t)buf,
		.len = len > UINT32_MAX ? UINT32_MAX : (__u32)len,
		.flags = NPIPE_MAILSLOT_READ_DEFAULT,
	};

	/* The kernel wrote the deadline back: a retry after EINTR keeps it. */
	if (fd_ioctl(fd, NPIPE_IOC_MAILSLOT_READ, &r) < 0)
		return -1;
	return r.bytes;
}

int np_mailslot_set_timeout(int fd, int64_t read_timeout_ms)
{
	__u64 t = mailslot_timeout_ns(read_timeout_ms);

	if (read_timeout_ms < 0 && read_timeout_ms != NP_TIMEOUT_INFINITE)
		return fail(EINVAL);
	return fd_ioctl(fd, NPIPE_IOC_MAILSLOT_SET_TIMEOUT, &t);
}

unsigned int np_errno_to_win32(int err)
{
	switch (err) {
	case 0:			return 0;	/* ERROR_SUCCESS */
	case ENOENT:		return 2;	/* ERROR_FILE_NOT_FOUND */
	case EACCES:		return 5;	/* ERROR_ACCESS_DENIED */
	case EEXIST:		return 5;	/* ERROR_ACCESS_DENIED */
	case EINVAL:		return 87;	/* ERROR_INVALID_PARAMETER */
	case ENAMETOOLONG:	return 206;	/* ERROR_FILENAME_EXCED_RANGE */
	case ETIMEDOUT:		return 121;	/* ERROR_SEM_TIMEOUT */
	case EPIPE:		return 109;	/* ERROR_BROKEN_PIPE */
	case ESHUTDOWN:		return 232;	/* ERROR_NO_DATA */
	case EAGAIN:		return 232;	/* ERROR_NO_DATA */
	case EBADFD:		return 230;	/* ERROR_BAD_PIPE */
	case EBUSY:		return 231;	/* ERROR_PIPE_BUSY */
	case ECONNRESET:	return 233;	/* ERROR_PIPE_NOT_CONNECTED */
	case EISCONN:		return 535;	/* ERROR_PIPE_CONNECTED */
	case ENOTCONN:		return 536;	/* ERROR_PIPE_LISTENING */
	case ENOTTY:		return 1;	/* ERROR_INVALID_FUNCTION */
	case EDQUOT:		return 1816;	/* ERROR_NOT_ENOUGH_QUOTA */
	case EMSGSIZE:		return 1816;	/* ERROR_NOT_ENOUGH_QUOTA */
	case ENOBUFS:		return 122;	/* ERROR_INSUFFICIENT_BUFFER */
	case ENOMEM:		return 8;	/* ERROR_NOT_ENOUGH_MEMORY */
	case EFAULT:		return 998;	/* ERROR_NOACCESS */
	case EINTR:		return 995;	/* ERROR_OPERATION_ABORTED */
	/* Not npipe errnos: usual equivalents. */
	case EBADF:		return 6;	/* ERROR_INVALID_HANDLE */
	case EMFILE:
	case ENFILE:		return 4;	/* ERROR_TOO_MANY_OPEN_FILES */
	case ENOTDIR:		return 3;	/* ERROR_PATH_NOT_FOUND */
	case EPERM:		return 5;	/* ERROR_ACCESS_DENIED */
	case EISDIR:		return 5;	/* ERROR_ACCESS_DENIED */
	case EROFS:		return 19;	/* ERROR_WRITE_PROTECT */
	case ENOSPC:		return 112;	/* ERROR_DISK_FULL */
	case ENODEV:		return 21;	/* ERROR_NOT_READY */
	case ENOEXEC:		return 193;	/* ERROR_BAD_EXE_FORMAT */
	case E2BIG:		return 87;	/* ERROR_INVALID_PARAMETER */
	case ESPIPE:		return 87;	/* ERROR_INVALID_PARAMETER */
	case ECHILD:		return 6;	/* ERROR_INVALID_HANDLE */
	case ESRCH:		return 6;	/* ERROR_INVALID_HANDLE */
	default:		return 31;	/* ERROR_GEN_FAILURE */
	}
}
