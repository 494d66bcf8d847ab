// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp native API over /dev/npipe.  See include/np.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/npipe.h>

#include "np.h"
#include "np_internal.h"

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
		errno = ENODEV;
	return fd;
}

int npi_is_control_fd(int fd)
{
	return fd >= 0 && fd == __atomic_load_n(&ctl_fd, __ATOMIC_ACQUIRE);
}

uint64_t npi_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int ieq(char a, char b)
{
	if (a >= 'A' && a <= 'Z')
		a = (char)(a - 'A' + 'a');
	if (b >= 'A' && b <= 'Z')
		b = (char)(b - 'A' + 'a');
	return a == b;
}

static int prefix_ieq(const char *s, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!s[i] || !ieq(s[i], p[i]))
			return 0;
	return 1;
}

int np_parse_name(const char *path, char *kind, const char **server,
		  size_t *server_len, const char **name, size_t *name_len)
{
	const char *p, *srv, *nm;
	size_t slen, nlen;
	char k;

	if (!path) {
		errno = EINVAL;
		return -1;
	}
	if (path[0] != '\\') {
		nlen = strlen(path);
		if (!nlen) {
			errno = EINVAL;
			return -1;
		}
		if (nlen > NP_NAME_MAX) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (memchr(path, '\\', nlen)) {
			errno = EINVAL;
			return -1;
		}
		k = 'p';
		srv = NULL;
		slen = 0;
		nm = path;
		goto out;
	}
	if (path[1] != '\\') {
		errno = EINVAL;
		return -1;
	}
	srv = path + 2;
	p = strchr(srv, '\\');
	if (!p || p == srv) {
		errno = EINVAL;
		return -1;
	}
	slen = (size_t)(p - srv);
	p++;
	if (prefix_ieq(p, "pipe\\", 5)) {
		k = 'p';
		nm = p + 5;
	} else if (prefix_ieq(p, "mailslot\\", 9)) {
		k = 'm';
		nm = p + 9;
	} else {
		errno = EINVAL;
		return -1;
	}
	nlen = strlen(nm);
	if (!nlen) {
		errno = EINVAL;
		return -1;
	}
	if (k == 'p' && memchr(nm, '\\', nlen)) {
		errno = EINVAL;
		return -1;
	}
	if (nlen > NP_NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
out:
	if (kind)
		*kind = k;
	if (server)
		*server = srv;
	if (server_len)
		*server_len = slen;
	if (name)
		*name = nm;
	if (name_len)
		*name_len = nlen;
	return 0;
}

/*
 * Bare name of a native-API name argument: a bare name as is, or the NAME
 * of a local "\\.\pipe\NAME" / "\\.\mailslot\NAME" path of the right kind.
 * Mailslot names may contain backslashes (pseudo-directories), which the
 * kernel does not take: they become '/' in @buf.
 */
int npi_name(const char *path, char want, char *buf, const char **name,
	     size_t *len)
{
	const char *srv, *nm;
	size_t slen, nlen, i;
	char kind;

	if (np_parse_name(path, &kind, &srv, &slen, &nm, &nlen) < 0)
		return -1;
	if (srv && (kind != want || slen != 1 || srv[0] != '.')) {
		errno = EINVAL;
		return -1;
	}
	if (want == 'm' && memchr(nm, '\\', nlen)) {
		for (i = 0; i < nlen; i++)
			buf[i] = nm[i] == '\\' ? '/' : nm[i];
		nm = buf;
	}
	*name = nm;
	*len = nlen;
	return 0;
}

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

int npi_create(const char *name, size_t len, unsigned int flags,
	       unsigned int max_instances, unsigned int out_quota,
	       unsigned int in_quota, uint64_t default_timeout_ns,
	       unsigned int mode)
{
	struct npipe_create c;

	memset(&c, 0, sizeof(c));
	c.name = (uintptr_t)name;
	c.name_len = (__u32)len;
	c.flags = flags;
	c.max_instances = max_instances;
	c.out_quota = out_quota;
	c.in_quota = in_quota;
	c.default_timeout = default_timeout_ns;
	c.mode = mode;
	return ctl_ioctl(NPIPE_IOC_CREATE, &c);
}

int np_create(const char *name, unsigned int flags, unsigned int max_instances,
	      unsigned int out_quota, unsigned int in_quota,
	      unsigned int default_timeout_ms, unsigned int mode)
{
	char buf[NP_NAME_MAX];
	const char *nm;
	size_t len;

	if (npi_name(name, 'p', buf, &nm, &len) < 0)
		return -1;
	return npi_create(nm, len, flags, max_instances, out_quota, in_quota,
			  (uint64_t)default_timeout_ms * 1000000ULL, mode);
}

int npi_open(const char *name, size_t len, unsigned int flags)
{
	struct npipe_open o;

	memset(&o, 0, sizeof(o));
	o.name = (uintptr_t)name;
	o.name_len = (__u32)len;
	o.flags = flags;
	return ctl_ioctl(NPIPE_IOC_OPEN, &o);
}

int np_open(const char *name, unsigned int flags)
{
	char buf[NP_NAME_MAX];
	const char *nm;
	size_t len;

	if (npi_name(name, 'p', buf, &nm, &len) < 0)
		return -1;
	return npi_open(nm, len, flags);
}

int npi_wait(const char *name, size_t len, int use_default, uint64_t deadline)
{
	struct npipe_wait w;

	memset(&w, 0, sizeof(w));
	w.name = (uintptr_t)name;
	w.name_len = (__u32)len;
	if (use_default)
		w.flags = NPIPE_WAIT_DEFAULT;
	else
		w.timeout = deadline;
	/* The kernel turns WAIT_DEFAULT into a deadline in @w: reuse it. */
	return ctl_ioctl(NPIPE_IOC_WAIT, &w);
}

int np_wait(const char *name, long timeout_ms)
{
	char buf[NP_NAME_MAX];
	const char *nm;
	size_t len;

	if (timeout_ms < 0 && timeout_ms != NP_TIMEOUT_INFINITE &&
	    timeout_ms != NP_TIMEOUT_DEFAULT) {
		errno = EINVAL;
		return -1;
	}
	if (npi_name(name, 'p', buf, &nm, &len) < 0)
		return -1;
	if (timeout_ms == NP_TIMEOUT_DEFAULT)
		return npi_wait(nm, len, 1, 0);
	if (timeout_ms < 0)
		return npi_wait(nm, len, 0, NPIPE_TIMEOUT_INFINITE);
	return npi_wait(nm, len, 0,
			npi_now_ns() + (uint64_t)timeout_ms * 1000000ULL);
}

int np_connect(int fd)
{
	return fd_ioctl(fd, NPIPE_IOC_CONNECT, NULL);
}

int np_disconnect(int fd)
{
	return fd_ioctl(fd, NPIPE_IOC_DISCONNECT, NULL);
}

/*
 * A count the kernel reports beyond the buffer is an error it failed to
 * return (seen: -EFAULT stored in npipe_io.bytes): turn it into one.
 */
static int bad_count(__u32 bytes, __u32 len)
{
	if (bytes <= len)
		return 0;
	errno = (__s32)bytes < 0 && (__s32)bytes > -4096 ? -(__s32)bytes : EIO;
	return 1;
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
	if (fd_ioctl(fd, NPIPE_IOC_READ, &io) < 0 || bad_count(io.bytes, io.len))
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
	if (fd_ioctl(fd, NPIPE_IOC_WRITE, &io) < 0 || bad_count(io.bytes, io.len))
		return -1;
	return io.bytes;
}

ssize_t np_peek(int fd, void *buf, size_t len, struct np_peek_info *info)
{
	struct npipe_peek pk;

	memset(&pk, 0, sizeof(pk));
	pk.buf = len ? (uintptr_t)buf : 0;
	pk.len = clamp32(len);
	if (fd_ioctl(fd, NPIPE_IOC_PEEK, &pk) < 0 || bad_count(pk.bytes, pk.len))
		return -1;
	if (info) {
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
	if (fd_ioctl(fd, NPIPE_IOC_TRANSACT, &t) < 0 ||
	    bad_count(t.bytes, t.rlen))
		return -1;
	if (left)
		*left = t.remaining;
	return t.bytes;
}

int np_flush(int fd)
{
	return fd_ioctl(fd, NPIPE_IOC_FLUSH, NULL);
}

int npi_get_info(int fd, struct npipe_info *ki)
{
	memset(ki, 0, sizeof(*ki));
	return fd_ioctl(fd, NPIPE_IOC_GET_INFO, ki);
}

int np_get_info(int fd, struct np_info *info)
{
	struct npipe_info ki;

	if (!info) {
		errno = EFAULT;
		return -1;
	}
	if (npi_get_info(fd, &ki) < 0)
		return -1;
	info->default_timeout_ms = ki.default_timeout / 1000000ULL;
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

	if (mode & ~(NP_READMODE_MESSAGE | NP_NOWAIT)) {
		errno = EINVAL;
		return -1;
	}
	return fd_ioctl(fd, NPIPE_IOC_SET_MODE, &m);
}

int np_peer_cred(int fd, pid_t *pid, uid_t *uid, gid_t *gid)
{
	struct npipe_info ki;

	if (npi_get_info(fd, &ki) < 0)
		return -1;
	if (ki.flags & NPIPE_INFO_SERVER_END) {
		if (ki.client_uid == (__u32)-1) {
			errno = ENOTCONN;
			return -1;
		}
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

	if (!fds || (flags & ~NP_NOWAIT)) {
		errno = EINVAL;
		return -1;
	}
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

static uint64_t ms_timeout_ns(long ms)
{
	if (ms < 0)
		return NPIPE_MAILSLOT_WAIT_FOREVER;
	return (uint64_t)ms * 1000000ULL;
}

int npi_mailslot_create(const char *name, size_t len, unsigned int max_msg,
			uint64_t timeout_ns, unsigned int mode)
{
	struct npipe_mailslot_create c;

	memset(&c, 0, sizeof(c));
	c.name = (uintptr_t)name;
	c.name_len = (__u32)len;
	c.read_timeout = timeout_ns;
	c.max_msg_size = max_msg;
	c.mode = mode;
	return ctl_ioctl(NPIPE_IOC_MAILSLOT_CREATE, &c);
}

int np_mailslot_create(const char *name, unsigned int max_msg_size,
		       long read_timeout_ms, unsigned int mode)
{
	char buf[NP_NAME_MAX];
	const char *nm;
	size_t len;

	if (npi_name(name, 'm', buf, &nm, &len) < 0)
		return -1;
	return npi_mailslot_create(nm, len, max_msg_size,
				   ms_timeout_ns(read_timeout_ms), mode);
}

int npi_mailslot_open(const char *name, size_t len, unsigned int flags)
{
	struct npipe_open o;

	memset(&o, 0, sizeof(o));
	o.name = (uintptr_t)name;
	o.name_len = (__u32)len;
	o.flags = flags | NPIPE_OPEN_WRITE;
	return ctl_ioctl(NPIPE_IOC_MAILSLOT_OPEN, &o);
}

int np_mailslot_open(const char *name, unsigned int flags)
{
	char buf[NP_NAME_MAX];
	const char *nm;
	size_t len;

	if (npi_name(name, 'm', buf, &nm, &len) < 0)
		return -1;
	return npi_mailslot_open(nm, len, flags & ~NP_OPEN_READ);
}

int npi_mailslot_info(int fd, struct npipe_mailslot_info *ki)
{
	memset(ki, 0, sizeof(*ki));
	return fd_ioctl(fd, NPIPE_IOC_MAILSLOT_GET_INFO, ki);
}

int np_mailslot_info(int fd, struct np_mailslot_info *info)
{
	struct npipe_mailslot_info ki;

	if (!info) {
		errno = EFAULT;
		return -1;
	}
	if (npi_mailslot_info(fd, &ki) < 0)
		return -1;
	info->max_msg_size = ki.max_msg_size;
	info->next_size = ki.next_size;
	info->nr_msgs = ki.nr_msgs;
	info->read_timeout_ms = ki.read_timeout == NPIPE_MAILSLOT_WAIT_FOREVER ?
		NP_TIMEOUT_INFINITE : (long)(ki.read_timeout / 1000000ULL);
	return 0;
}

int npi_mailslot_set_timeout(int fd, uint64_t timeout_ns)
{
	__u64 t = timeout_ns;

	return fd_ioctl(fd, NPIPE_IOC_MAILSLOT_SET_TIMEOUT, &t);
}

int np_mailslot_set_timeout(int fd, long read_timeout_ms)
{
	if (read_timeout_ms < 0 && read_timeout_ms != NP_TIMEOUT_INFINITE) {
		errno = EINVAL;
		return -1;
	}
	return npi_mailslot_set_timeout(fd, ms_timeout_ns(read_timeout_ms));
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
