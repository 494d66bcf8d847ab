/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * npipe: Win32-style named pipes for Linux.
 *
 * /dev/npipe is a factory.  Its ioctls create a server instance of a pipe
 * name, open a client end of one, or wait for an instance to listen.  Every
 * server instance and every client end is a file descriptor of its own
 * (always close-on-exec; clear it with fcntl to inherit), so close, poll,
 * epoll, fork, exec and SCM_RIGHTS passing work as for any fd.
 *
 * Conventions of this interface:
 *  - every structure has fixed-size fields only, 64-bit fields first, and a
 *    size that is a multiple of 8, so 32-bit and 64-bit callers share it;
 *  - user pointers travel as __u64;
 *  - unknown flag bits and non-zero padding are rejected with EINVAL, so
 *    that they can be given a meaning later;
 *  - timeouts are absolute CLOCK_MONOTONIC times in nanoseconds (of the
 *    initial time namespace), so a restarted call never waits longer;
 *  - a call that had a side effect is never repeated by a signal restart.
 *
 * Names are byte strings of 1..NPIPE_NAME_MAX bytes (no NUL, no '\\'): the
 * part after "\\.\pipe\".  They are compared ASCII case-insensitively, as
 * Windows does; bytes 0x80-0xff are compared exactly.
 *
 * Server instance states (struct npipe_info.state, from the server's view):
 *	LISTENING	a client may open this instance (new instances start here)
 *	CONNECTED	a client end is attached
 *	CLOSING		the peer closed its end; its data can still be read
 *	DISCONNECTED	after NPIPE_IOC_DISCONNECT; CONNECT makes it LISTENING
 * A client end sees CONNECTED, CLOSING (the server end was closed) or
 * DISCONNECTED (the server disconnected it; it stays dead).
 *
 * Errors.  Each errno of an npipe ioctl, and of read/write where noted,
 * has one Win32 meaning whatever the call, so a library maps them without
 * asking the kernel again:
 *
 *	errno		Win32 error			when
 *	ENOENT		ERROR_FILE_NOT_FOUND		no pipe of that name (open, wait)
 *	EACCES		ERROR_ACCESS_DENIED		direction not allowed on this
 *							handle or pipe; mode bits deny;
 *							instance of another user's pipe
 *	EEXIST		ERROR_ACCESS_DENIED		NPIPE_CREATE_FIRST_INSTANCE on an
 *							existing name
 *	EINVAL		ERROR_INVALID_PARAMETER		bad flags, padding, counts, modes
 *	ENAMETOOLONG	ERROR_FILENAME_EXCED_RANGE	name longer than NPIPE_NAME_MAX
 *	ETIMEDOUT	ERROR_SEM_TIMEOUT		wait timed out
 *	EPIPE		ERROR_BROKEN_PIPE		read/peek: peer closed, data drained;
 *							flush, or a write waiting on
 *							the quota: peer closed, data
 *							unread
 *	ESHUTDOWN	ERROR_NO_DATA			write: peer closed;
 *							connect: client closed
 *	EAGAIN		ERROR_NO_DATA			nonblocking read of an empty pipe;
 *							nonblocking write with no room
 *							(WriteFile: TRUE, 0 bytes written)
 *	EBADFD		ERROR_BAD_PIPE			peek or transact in a state or
 *							read mode that does not allow it
 *	EBUSY		ERROR_PIPE_BUSY			no listening instance (open);
 *							instance limit (create);
 *							transact with unread data
 *	ECONNRESET	ERROR_PIPE_NOT_CONNECTED	I/O after a disconnect; second
 *							disconnect
 *	EISCONN		ERROR_PIPE_CONNECTED		connect: a client is there already
 *	ENOTCONN	ERROR_PIPE_LISTENING		I/O on a listening instance;
 *							nonblocking connect; disconnect
 *							of a listening instance
 *	ENOTTY		ERROR_INVALID_FUNCTION		server call on a client end, or
 *							not an ioctl of this kind of fd
 *	EDQUOT		ERROR_NOT_ENOUGH_QUOTA		per-user pipe/instance limit;
 *							write past the writer's
 *							max_user_bytes (unread data
 *							it has queued anywhere)
 *	EMSGSIZE	ERROR_NOT_ENOUGH_QUOTA		write above the max_msg_size
 *							module parameter, or above a
 *							mailslot's maximum
 *	ENOBUFS		ERROR_INSUFFICIENT_BUFFER	mailslot read buffer too small
 *	ENOMEM		ERROR_NOT_ENOUGH_MEMORY
 *	EFAULT		ERROR_NOACCESS			bad user pointer
 *	EINTR		ERROR_OPERATION_ABORTED		interrupted by a signal
 *
 * A message read that did not fit reports the unread rest of the message
 * in npipe_io.remaining (> 0 means ERROR_MORE_DATA), in the same call.
 *
 * read(2) and write(2) on instance fds follow POSIX where it differs:
 * read(2) returns 0 (end of file) where NPIPE_IOC_READ fails with EPIPE,
 * and write(2) to a closed peer fails with EPIPE and raises SIGPIPE, as a
 * pipe does, where NPIPE_IOC_WRITE fails with ESHUTDOWN and raises nothing.
 */
#ifndef _UAPI_LINUX_NPIPE_H
#define _UAPI_LINUX_NPIPE_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define NPIPE_DEVICE			"/dev/npipe"
#define NPIPE_NAME_MAX			256	/* bytes */
#define NPIPE_UNLIMITED_INSTANCES	255	/* PIPE_UNLIMITED_INSTANCES */
#define NPIPE_TIMEOUT_INFINITE		(~(__u64)0)
#define NPIPE_DEFAULT_TIMEOUT_NS	50000000ULL	/* default_timeout 0 */

/* Server instance states. */
#define NPIPE_STATE_LISTENING		1
#define NPIPE_STATE_CONNECTED		2
#define NPIPE_STATE_CLOSING		3
#define NPIPE_STATE_DISCONNECTED	4

/*
 * Handle mode bits: npipe_create.flags, npipe_open.flags, npipe_info.mode
 * and NPIPE_IOC_SET_MODE.  NOWAIT is the fd's O_NONBLOCK flag: setting one
 * sets the other.
 */
#define NPIPE_MODE_MESSAGE_READ		0x1U	/* PIPE_READMODE_MESSAGE */
#define NPIPE_MODE_NOWAIT		0x2U	/* PIPE_NOWAIT */

/* npipe_create.flags (besides the two mode bits). */
#define NPIPE_CREATE_INBOUND		0x100U	/* server reads */
#define NPIPE_CREATE_OUTBOUND		0x200U	/* server writes */
#define NPIPE_CREATE_DUPLEX		(NPIPE_CREATE_INBOUND | NPIPE_CREATE_OUTBOUND)
#define NPIPE_CREATE_MESSAGE_TYPE	0x400U	/* PIPE_TYPE_MESSAGE */
#define NPIPE_CREATE_FIRST_INSTANCE	0x800U	/* FILE_FLAG_FIRST_PIPE_INSTANCE */

/*
 * struct npipe_create - NPIPE_IOC_CREATE: add a server instance to a pipe
 * name, creating the pipe if it does not exist.  Returns the new fd.
 * @name: user pointer to the name bytes.
 * @default_timeout: relative ns used by NPIPE_WAIT_DEFAULT; 0 = 50 ms.
 * @name_len: 1..NPIPE_NAME_MAX.
 * @flags: NPIPE_CREATE_* (INBOUND, OUTBOUND or both required) and
 *	NPIPE_MODE_*.  MESSAGE_READ needs MESSAGE_TYPE.
 * @max_instances: 1..NPIPE_UNLIMITED_INSTANCES.
 * @out_quota: bytes of server-to-client data buffered before a writer waits.
 * @in_quota: bytes of client-to-server data buffered before a writer waits.
 * @mode: who may open the pipe: permission bits 0..0777 as for a file
 *	(read bit: open for reading, write bit: open for writing), checked
 *	against the creator's uid and gid; 0 means 0600.  Only the creator's
 *	uid (or CAP_DAC_OVERRIDE) may add instances.
 *
 * The first instance fixes the type, direction, max_instances,
 * default_timeout, owner and mode; later ones must give the same direction
 * (else EACCES) and otherwise keep the first instance's values.
 */
struct npipe_create {
	__u64 name;
	__u64 default_timeout;
	__u32 name_len;
	__u32 flags;
	__u32 max_instances;
	__u32 out_quota;
	__u32 in_quota;
	__u32 mode;
};

/* npipe_open.flags (besides NPIPE_MODE_NOWAIT). */
#define NPIPE_OPEN_READ			0x100U	/* GENERIC_READ */
#define NPIPE_OPEN_WRITE		0x200U	/* GENERIC_WRITE */

/*
 * struct npipe_open - NPIPE_IOC_OPEN: connect a client end to a listening
 * instance of a pipe.  Returns the new fd, in byte read mode.
 * @name: user pointer to the name bytes.
 * @name_len: 1..NPIPE_NAME_MAX.
 * @flags: NPIPE_OPEN_* and NPIPE_MODE_NOWAIT.  Neither READ nor WRITE gives
 *	a handle that can only query.
 *
 * Picks a LISTENING instance (EBUSY if none).  A direction the pipe does
 * not offer, or mode bits that deny it, give EACCES.
 */
struct npipe_open {
	__u64 name;
	__u32 name_len;
	__u32 flags;
};

/* npipe_wait.flags */
#define NPIPE_WAIT_DEFAULT		0x1U	/* NMPWAIT_USE_DEFAULT_WAIT */

/*
 * struct npipe_wait - NPIPE_IOC_WAIT: wait until an instance of the pipe is
 * listening.  Fails at once with ENOENT if the name does not exist, and with
 * ENOENT if it disappears while waiting.
 * @name: user pointer to the name bytes.
 * @timeout: absolute CLOCK_MONOTONIC deadline in ns, or
 *	NPIPE_TIMEOUT_INFINITE (so is any value at or past 2^63 - 1).  With
 *	NPIPE_WAIT_DEFAULT the kernel computes now + the pipe's default
 *	timeout (NPIPE_TIMEOUT_INFINITE if that reaches 2^63 - 1), writes it
 *	here and clears the flag, so that a restarted call keeps the deadline.
 * @name_len: 1..NPIPE_NAME_MAX.
 * @flags: NPIPE_WAIT_*.
 */
struct npipe_wait {
	__u64 name;
	__u64 timeout;
	__u32 name_len;
	__u32 flags;
};

/*
 * struct npipe_io - NPIPE_IOC_READ and NPIPE_IOC_WRITE.
 * @buf: user buffer.
 * @len: its size in bytes.
 * @flags: must be 0.
 * @bytes: out: bytes read or written.
 * @remaining: out (READ): bytes of the current message left unread, in
 *	message read mode (> 0 is ERROR_MORE_DATA); 0 otherwise.
 *
 * READ waits for data unless the handle is in NOWAIT mode; it returns as
 * soon as any data is there.  A message-mode read returns at most one
 * message, and a part that does not fit stays at the head of the queue.
 * WRITE queues the whole buffer (one message on a message-type pipe), then
 * waits until the unread data up to its end fits the reader's quota (an
 * empty message does not wait).  A signal ends that wait with success and
 * the full count: the data is queued, and a restart would send it twice;
 * a fatal signal instead takes the unread rest of the write back out of
 * the queue when it is at the head (Windows cancels the write of a process
 * that exits; further back it stays, to keep other writers' accounting
 * exact).  If the data is dropped before it is read, the write fails:
 * ECONNRESET (disconnected) or EPIPE (the reader closed); a write after
 * the reader closed fails with ESHUTDOWN.  In NOWAIT mode a write that does not fit
 * the free quota queues nothing and fails with EAGAIN (WriteFile: TRUE,
 * 0 bytes written), except that on a byte-type pipe a reader waiting on
 * the empty queue still gets the bytes it asked for, and the write returns
 * that count.
 */
struct npipe_io {
	__u64 buf;
	__u32 len;
	__u32 flags;
	__u32 bytes;
	__u32 remaining;
};

/*
 * struct npipe_peek - NPIPE_IOC_PEEK: copy queued data without consuming it.
 * @buf: user buffer, may be 0 when @len is 0.
 * @len: its size.
 * @bytes: out: bytes copied.  A message-type pipe copies from the first
 *	non-empty message only, whatever the read mode.
 * @avail: out: total unread bytes queued for this end.
 * @msg_left: out: unread bytes of the first non-empty message (message-type
 *	pipes only; 0 on byte-type pipes).
 * @nr_msgs: out: number of non-empty messages queued (message-type pipes).
 * @pad: must be 0.
 */
struct npipe_peek {
	__u64 buf;
	__u32 len;
	__u32 bytes;
	__u32 avail;
	__u32 msg_left;
	__u32 nr_msgs;
	__u32 pad;
};

/* npipe_transact.flags */
#define NPIPE_TRANSACT_SENT		0x1U

/*
 * struct npipe_transact - NPIPE_IOC_TRANSACT: write one message and read one
 * message, in one call.  A handle without both read and write access
 * fails with EACCES first; a client end after a disconnect with
 * ECONNRESET next; then it needs a message-type pipe and a handle in
 * message read mode (else EBADFD); fails with EBUSY, writing nothing, if
 * data is already waiting for the caller.  The request is queued whatever
 * the quota, but within the max_overquota hard cap as a write is (past it
 * a NOWAIT handle fails with EAGAIN, sending nothing, and a blocking one
 * waits); then the call waits for the reply (NOWAIT does not apply).
 * @wbuf: request; @wlen its length.
 * @rbuf: reply buffer; @rlen its size.
 * @flags: in/out.  The kernel sets NPIPE_TRANSACT_SENT once the request is
 *	queued; a call that arrives with it set (a restart after a signal, or
 *	the caller resuming after EINTR) only waits for and reads the reply.
 * @bytes: out: reply bytes copied.
 * @remaining: out: reply bytes left unread (> 0 is ERROR_MORE_DATA; the
 *	rest stays readable).
 * @pad: must be 0.
 */
struct npipe_transact {
	__u64 wbuf;
	__u64 rbuf;
	__u32 wlen;
	__u32 rlen;
	__u32 flags;
	__u32 bytes;
	__u32 remaining;
	__u32 pad;
};

/* npipe_info.flags */
#define NPIPE_INFO_SERVER_END		0x1U	/* PIPE_SERVER_END */
#define NPIPE_INFO_MESSAGE_TYPE		0x2U	/* PIPE_TYPE_MESSAGE */
#define NPIPE_INFO_INBOUND		0x4U	/* pipe carries client->server */
#define NPIPE_INFO_OUTBOUND		0x8U	/* pipe carries server->client */
#define NPIPE_INFO_CAN_READ		0x10U	/* this handle may read */
#define NPIPE_INFO_CAN_WRITE		0x20U	/* this handle may write */

/*
 * struct npipe_info - NPIPE_IOC_GET_INFO: the handle, its instance and pipe.
 * @default_timeout: the pipe's default wait timeout, ns.
 * @flags: NPIPE_INFO_*.
 * @mode: this handle's NPIPE_MODE_* bits.
 * @state: NPIPE_STATE_* as this end sees it.
 * @max_instances: as created (NPIPE_UNLIMITED_INSTANCES for unlimited).
 * @cur_instances: server instances of the pipe now.
 * @out_quota: the instance's server-to-client quota, as given.
 * @in_quota: the instance's client-to-server quota, as given.
 * @server_pid: process (thread group) id of the instance's creator, in the
 *	caller's pid namespace; 0 if not visible there.
 * @client_pid: the same for the client that opened the instance last
 *	(0 if none has, or if this is a client end that was disconnected).
 * @server_uid, @server_gid, @client_uid, @client_gid: effective ids of
 *	those processes when they created or opened, in the caller's user
 *	namespace (overflow id if unmapped; client ids (__u32)-1 if none).
 */
struct npipe_info {
	__u64 default_timeout;
	__u32 flags;
	__u32 mode;
	__u32 state;
	__u32 max_instances;
	__u32 cur_instances;
	__u32 out_quota;
	__u32 in_quota;
	__u32 server_pid;
	__u32 client_pid;
	__u32 server_uid;
	__u32 server_gid;
	__u32 client_uid;
	__u32 client_gid;
	__u32 pad;
};

/* Control ioctls, on the /dev/npipe fd.  CREATE and OPEN return an fd. */
#define NPIPE_IOC_CREATE	_IOW('N', 0xC0, struct npipe_create)
#define NPIPE_IOC_OPEN		_IOW('N', 0xC1, struct npipe_open)
#define NPIPE_IOC_WAIT		_IOWR('N', 0xC2, struct npipe_wait)

/*
 * Instance ioctls, on server and client fds.
 *
 * CONNECT: LISTENING or DISCONNECTED -> LISTENING, then waits for a client
 *	(NOWAIT: ENOTCONN at once, the instance stays listening; poll reports
 *	EPOLLOUT once a client is connected).  CONNECTED: EISCONN.  CLOSING:
 *	ESHUTDOWN.  A client that opened before CONNECT makes it EISCONN.
 * DISCONNECT: CONNECTED or CLOSING -> DISCONNECTED, discarding unread data
 *	both ways; the client end fails with ECONNRESET from then on.
 *	LISTENING: ENOTCONN.  DISCONNECTED: ECONNRESET.
 * FLUSH: waits until the peer has read all this end wrote.  Succeeds at
 *	once when nothing is unread, also once the peer closed; EPIPE if the
 *	peer closes with data unread; a server end without a client
 *	(LISTENING, DISCONNECTED) succeeds at once, as on Windows; a client
 *	after a disconnect: ECONNRESET; NOWAIT: EAGAIN if data is still unread.
 * SET_MODE: MESSAGE_READ on a byte-type pipe is EINVAL.
 */
#define NPIPE_IOC_CONNECT	_IO('N', 0xC8)		/* server only */
#define NPIPE_IOC_DISCONNECT	_IO('N', 0xC9)		/* server only */
#define NPIPE_IOC_READ		_IOWR('N', 0xCA, struct npipe_io)
#define NPIPE_IOC_WRITE		_IOWR('N', 0xCB, struct npipe_io)
#define NPIPE_IOC_PEEK		_IOWR('N', 0xCC, struct npipe_peek)
#define NPIPE_IOC_TRANSACT	_IOWR('N', 0xCD, struct npipe_transact)
#define NPIPE_IOC_FLUSH		_IO('N', 0xCE)
#define NPIPE_IOC_GET_INFO	_IOR('N', 0xCF, struct npipe_info)
#define NPIPE_IOC_SET_MODE	_IOW('N', 0xD0, __u32)	/* NPIPE_MODE_* */

/*
 * struct npipe_anon - NPIPE_IOC_CREATE_ANON (control fd): an anonymous
 * pipe (CreatePipe).  A one-way byte-type instance: the read end is its
 * server end (inbound), the write end its client end; both close-on-exec.
 * @size: in: the quota, bytes; 0 = NPIPE_ANON_DEFAULT_SIZE.  GET_INFO
 *	reports it as both in_quota and out_quota.
 * @flags: in: NPIPE_MODE_NOWAIT applies to both ends; else 0.
 * @read_fd: out.
 * @write_fd: out.
 */
#define NPIPE_ANON_DEFAULT_SIZE		4096
struct npipe_anon {
	__u32 size;
	__u32 flags;
	__s32 read_fd;
	__s32 write_fd;
};

#define NPIPE_MAILSLOT_WAIT_FOREVER	(~(__u64)0)
#define NPIPE_MAILSLOT_BROADCAST_MAX	424	/* bytes, \\*\mailslot\ */
#define NPIPE_MAILSLOT_NO_MESSAGE	(~(__u32)0)

/*
 * struct npipe_mailslot_create - NPIPE_IOC_MAILSLOT_CREATE (control fd):
 * create the one reader of a mailslot name (a name space of its own).
 * Returns the reader fd; EEXIST if the name has a reader already.
 * @name: user pointer to the name (the part after "\.\mailslot").
 * @read_timeout: relative ns a read waits for a message: 0 = fail at once,
 *	NPIPE_MAILSLOT_WAIT_FOREVER = no limit.  An expired wait is ETIMEDOUT.
 * @name_len: 1..NPIPE_NAME_MAX.
 * @max_msg_size: largest message accepted, bytes; 0 = any.
 * @mode: as npipe_create.mode (the write bit lets others open writers).
 * @pad: must be 0.
 *
 * Each read returns one whole message, in arrival order across writers;
 * a buffer too small fails with ENOBUFS (ERROR_INSUFFICIENT_BUFFER) and
 * keeps the message.  A read(2) or NPIPE_IOC_READ interrupted by a signal
 * while it waits with a finite timeout fails with EINTR rather than
 * restarting; NPIPE_IOC_MAILSLOT_READ keeps an absolute deadline instead,
 * so that it restarts, or can be called again, without starting the
 * timeout over.  Writing on
 * the reader fails with EACCES.  The name and the unread messages go with
 * the reader's file; writers then fail with ESHUTDOWN.  Unread messages
 * are bounded like a pipe's (max_overquota): past it writers wait, or get
 * EAGAIN in NOWAIT mode.
 */
struct npipe_mailslot_create {
	__u64 name;
	__u64 read_timeout;
	__u32 name_len;
	__u32 max_msg_size;
	__u32 mode;
	__u32 pad;
};

/* npipe_open.flags for NPIPE_IOC_MAILSLOT_OPEN */
#define NPIPE_OPEN_BROADCAST		0x400U	/* \\*\mailslot\: 424-byte limit */

/*
 * struct npipe_mailslot_info - NPIPE_IOC_MAILSLOT_GET_INFO (reader fd).
 * @read_timeout: as created or last set.
 * @max_msg_size: as created (0 = any).
 * @next_size: size of the next message, or NPIPE_MAILSLOT_NO_MESSAGE.
 * @nr_msgs: messages waiting.
 * @pad: 0.
 */
struct npipe_mailslot_info {
	__u64 read_timeout;
	__u32 max_msg_size;
	__u32 next_size;
	__u32 nr_msgs;
	__u32 pad;
};

#define NPIPE_IOC_CREATE_ANON		_IOWR('N', 0xD8, struct npipe_anon)
#define NPIPE_IOC_MAILSLOT_CREATE	_IOW('N', 0xD9, struct npipe_mailslot_create)
/*
 * MAILSLOT_OPEN: open a writer (struct npipe_open); flags NPIPE_OPEN_WRITE
 * (else writes fail with EACCES), _READ (accepted, but reads on a writer
 * fail with EACCES), _BROADCAST, NPIPE_MODE_NOWAIT.  A message above the
 * mailslot's max_msg_size, or above 424 bytes from a _BROADCAST writer,
 * fails with EMSGSIZE.
 * MAILSLOT_GET_INFO and _SET_TIMEOUT work on the reader only (else EINVAL).
 */
#define NPIPE_IOC_MAILSLOT_OPEN		_IOW('N', 0xDA, struct npipe_open)
#define NPIPE_IOC_MAILSLOT_GET_INFO	_IOR('N', 0xDB, struct npipe_mailslot_info)
#define NPIPE_IOC_MAILSLOT_SET_TIMEOUT	_IOW('N', 0xDC, __u64)	/* reader fd */

/* npipe_mailslot_read.flags */
#define NPIPE_MAILSLOT_READ_DEFAULT	0x1U	/* deadline: now + read timeout */

/*
 * struct npipe_mailslot_read - NPIPE_IOC_MAILSLOT_READ (reader fd): read one
 * message as NPIPE_IOC_READ does, waiting until an absolute deadline.
 * @buf: user buffer.
 * @deadline: absolute CLOCK_MONOTONIC ns, or NPIPE_TIMEOUT_INFINITE (so is
 *	any value at or past 2^63 - 1).  With NPIPE_MAILSLOT_READ_DEFAULT the
 *	kernel computes now + the mailslot's read timeout, writes it here and
 *	clears the flag, as NPIPE_IOC_WAIT does, so that a restarted call (or
 *	one made again after EINTR) keeps the deadline.  An expired wait is
 *	ETIMEDOUT.
 * @len: size of @buf.
 * @flags: NPIPE_MAILSLOT_READ_*.
 * @bytes: out: the message's size.
 * @pad: must be 0.
 */
struct npipe_mailslot_read {
	__u64 buf;
	__u64 deadline;
	__u32 len;
	__u32 flags;
	__u32 bytes;
	__u32 pad;
};

#define NPIPE_IOC_MAILSLOT_READ		_IOWR('N', 0xDD, struct npipe_mailslot_read)

#endif /* _UAPI_LINUX_NPIPE_H */
