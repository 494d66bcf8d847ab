/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * np.h - libnp native API: Win32-style named pipes, anonymous pipes and
 * mailslots for Linux programs, over the npipe kernel module (/dev/npipe).
 *
 * Conventions
 *  - Every handle is a plain file descriptor, always close-on-exec when
 *    created (clear FD_CLOEXEC with fcntl to pass one to a child).  Close it
 *    with close(2); poll(2), epoll and SCM_RIGHTS work on it.
 *  - Every function returns -1 (or NULL) and sets errno on failure.  The
 *    errno values and their Win32 meaning are the ones of <linux/npipe.h>;
 *    np_errno_to_win32() gives that meaning.  ENODEV means /dev/npipe could
 *    not be opened (module not loaded, no device node or no access to it);
 *    EMFILE, ENFILE and ENOMEM from opening it are kept as they are.
 *  - A call interrupted by a signal is restarted after the handler runs,
 *    as with SA_RESTART, keeping its deadline (np_wait) and never repeating
 *    a side effect (np_transact does not send its request twice).
 *  - Thread-safe.  The only global state is the /dev/npipe control fd,
 *    opened on first use with O_CLOEXEC and kept open.
 *  - Names: either the bare pipe name ("mypipe": 1..NP_NAME_MAX bytes, no
 *    backslash, compared ASCII case-insensitively) or a Win32 path
 *    ("\\.\pipe\mypipe", "\\.\mailslot\slot"); a name that starts with a
 *    backslash is parsed as a Win32 path (EINVAL if it is not a local one).
 *  - Timeouts are int64_t milliseconds everywhere (arguments and info
 *    fields); NP_TIMEOUT_INFINITE waits for ever.
 *  - Structures can grow: their reserved fields are zeroed by the library
 *    in what it returns, and must be zero in what it is given (a later
 *    version gives them a meaning in which zero keeps today's behaviour).
 */
#ifndef LIBNP_NP_H
#define LIBNP_NP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && defined(LIBNP_BUILD)
#define NP_API __attribute__((visibility("default")))
#else
#define NP_API
#endif

#define NP_NAME_MAX		256	/* bytes of a bare name */
#define NP_UNLIMITED_INSTANCES	255	/* max_instances: no limit */
#define NP_TIMEOUT_INFINITE	((int64_t)-1)	/* wait for ever */
#define NP_TIMEOUT_DEFAULT	((int64_t)-2)	/* np_wait: the pipe's default */

/* Handle mode bits (np_create, np_open, np_set_mode, np_info.mode). */
#define NP_READMODE_MESSAGE	(1U << 0)	/* reads return one message */
#define NP_NOWAIT		(1U << 1)	/* nonblocking (= O_NONBLOCK) */

/* np_create flags (with the mode bits). */
#define NP_ACCESS_INBOUND	(1U << 8)	/* client -> server */
#define NP_ACCESS_OUTBOUND	(1U << 9)	/* server -> client */
#define NP_ACCESS_DUPLEX	(NP_ACCESS_INBOUND | NP_ACCESS_OUTBOUND)
#define NP_TYPE_MESSAGE		(1U << 10)	/* writes are messages */
#define NP_FIRST_INSTANCE	(1U << 11)	/* fail (EEXIST) if the name exists */

/* np_open flags (with NP_NOWAIT). */
#define NP_OPEN_READ		(1U << 8)
#define NP_OPEN_WRITE		(1U << 9)
#define NP_OPEN_BROADCAST	(1U << 10)	/* mailslots: 424-byte messages */

/* Instance states (np_info.state). */
#define NP_STATE_LISTENING	1
#define NP_STATE_CONNECTED	2
#define NP_STATE_CLOSING	3	/* the peer closed its end */
#define NP_STATE_DISCONNECTED	4

/* np_info.flags */
#define NP_INFO_SERVER_END	(1U << 0)
#define NP_INFO_MESSAGE_TYPE	(1U << 1)
#define NP_INFO_INBOUND		(1U << 2)
#define NP_INFO_OUTBOUND	(1U << 3)
#define NP_INFO_CAN_READ	(1U << 4)
#define NP_INFO_CAN_WRITE	(1U << 5)

/* Mailslots */
#define NP_MAILSLOT_NO_MESSAGE	0xffffffffU	/* np_mailslot_info.next_size */

/* What a name names (np_parse_name). */
enum np_name_kind {
	NP_NAME_NONE = 0,	/* neither: not a pipe or mailslot path */
	NP_NAME_PIPE = 1,	/* "\\SERVER\pipe\NAME", or a bare name */
	NP_NAME_MAILSLOT = 2,	/* "\\SERVER\mailslot\NAME" */
};

/**
 * struct np_create_attr - what np_create() makes.
 * @flags: NP_ACCESS_* (one direction at least), NP_TYPE_MESSAGE,
 *	NP_READMODE_MESSAGE (needs NP_TYPE_MESSAGE), NP_NOWAIT,
 *	NP_FIRST_INSTANCE.
 * @max_instances: 1..NP_UNLIMITED_INSTANCES.
 * @out_quota: bytes of server-to-client data buffered before writers wait.
 * @in_quota: the same for client-to-server data.
 * @default_timeout_ms: the pipe's default wait timeout; 0 means 50 ms.
 * @mode: who may open the pipe, as file permission bits (read bit: open
 *	for reading, write bit: open for writing) for the creator's uid and
 *	gid and others; 0 means 0600 (the creator's uid only).
 * @reserved: must be zero.
 */
struct np_create_attr {
	unsigned int flags;
	unsigned int max_instances;
	unsigned int out_quota;
	unsigned int in_quota;
	int64_t default_timeout_ms;
	unsigned int mode;
	unsigned int reserved[7];
};

/**
 * struct np_info - what np_get_info() reports about a pipe handle.
 * @default_timeout_ms: the pipe's default wait timeout.
 * @flags: NP_INFO_*.
 * @mode: this handle's NP_READMODE_MESSAGE / NP_NOWAIT bits.
 * @state: NP_STATE_* as this end sees it.
 * @max_instances: as created (NP_UNLIMITED_INSTANCES for no limit).
 * @cur_instances: server instances of the pipe now.
 * @out_quota, @in_quota: the buffer sizes given at creation.
 * @server_pid, @client_pid: creator of the instance, and the client that
 *	opened it last (0 if none or not visible in this pid namespace).
 * @server_uid, @server_gid, @client_uid, @client_gid: their effective ids
 *	(client ids are (uid_t)-1 when no client has opened the instance).
 * @reserved: zero.
 */
struct np_info {
	int64_t default_timeout_ms;
	unsigned int flags;
	unsigned int mode;
	unsigned int state;
	unsigned int max_instances;
	unsigned int cur_instances;
	unsigned int out_quota;
	unsigned int in_quota;
	pid_t server_pid;
	pid_t client_pid;
	uid_t server_uid;
	gid_t server_gid;
	uid_t client_uid;
	gid_t client_gid;
	unsigned int reserved[8];
};

/**
 * struct np_peek_info - what np_peek() reports besides the data.
 * @avail: total unread bytes queued for this end.
 * @msg_left: unread bytes of the first non-empty message (message-type
 *	pipes; 0 on byte-type pipes).
 * @nr_msgs: non-empty messages queued (message-type pipes).
 * @reserved: zero.
 */
struct np_peek_info {
	size_t avail;
	size_t msg_left;
	size_t nr_msgs;
	size_t reserved[5];
};

/**
 * struct np_mailslot_info - np_mailslot_info() output.
 * @max_msg_size: as created (0 = any size).
 * @next_size: size of the next message, or NP_MAILSLOT_NO_MESSAGE.
 * @nr_msgs: messages waiting.
 * @read_timeout_ms: as created or last set (NP_TIMEOUT_INFINITE = no limit).
 * @reserved: zero.
 */
struct np_mailslot_info {
	unsigned int max_msg_size;
	unsigned int next_size;
	unsigned int nr_msgs;
	int64_t read_timeout_ms;
	unsigned int reserved[8];
};

/**
 * np_control_fd() - the shared /dev/npipe fd, opened on first use.
 * Return: the fd (do not close it), or -1 with errno ENODEV (npipe not
 * usable), or the open's EMFILE, ENFILE or ENOMEM.
 */
NP_API int np_control_fd(void);

/**
 * np_is_control_fd() - whether @fd is the fd np_control_fd() returns (a
 * program that closes fds it does not know, or hands them to others, must
 * leave that one alone).  It opens nothing.
 * Return: 1 or 0.
 */
NP_API int np_is_control_fd(int fd);

/**
 * np_create() - create a server instance of a pipe (CreateNamedPipe).
 * @name: pipe name (see the conventions above).
 * @attr: its parameters, e.g. &(struct np_create_attr){ .flags =
 *	NP_ACCESS_DUPLEX, .max_instances = 1 }.
 *
 * The first instance of a name fixes its type, direction, instance limit,
 * default timeout, owner and mode; later instances must ask for the same
 * direction and otherwise keep the first instance's values.  The new
 * instance is listening: a client may open it at once.
 *
 * Return: the server fd, or -1 with errno:
 *	EINVAL		bad flags or counts, a negative timeout, a reserved
 *			field that is not zero, or an invalid name;
 *	ENAMETOOLONG	name longer than NP_NAME_MAX;
 *	EBUSY		the instance limit is reached;
 *	EACCES		direction differs from the first instance's, or
 *			another user's pipe;
 *	EEXIST		NP_FIRST_INSTANCE and the name exists;
 *	EDQUOT		per-user pipe limit;
 *	EFAULT		@attr is NULL; ENOMEM; ENODEV.
 */
NP_API int np_create(const char *name, const struct np_create_attr *attr);

/**
 * np_open() - open the client end of a listening instance (CreateFile).
 * @name: pipe name.
 * @flags: NP_OPEN_READ and/or NP_OPEN_WRITE (neither: a handle that can
 *	only query), NP_NOWAIT.
 *
 * The client end starts in byte read mode.
 * Return: the client fd, or -1 with errno:
 *	ENOENT	no pipe of that name;
 *	EBUSY	no instance is listening;
 *	EACCES	a direction the pipe does not offer, or the mode denies it;
 *	EINVAL, ENAMETOOLONG, ENOMEM, ENODEV.
 */
NP_API int np_open(const char *name, unsigned int flags);

/**
 * np_wait() - wait until an instance of a pipe listens (WaitNamedPipe).
 * @name: pipe name.
 * @timeout_ms: milliseconds, NP_TIMEOUT_INFINITE, or NP_TIMEOUT_DEFAULT
 *	for the pipe's default timeout.  The deadline is computed once.
 *
 * Success reserves nothing: the following np_open() can still fail.
 * Return: 0, or -1 with errno ENOENT (no such pipe, at once or when it
 * disappears), ETIMEDOUT, EINVAL, ENAMETOOLONG, ENODEV.
 */
NP_API int np_wait(const char *name, int64_t timeout_ms);

/**
 * np_connect() - make a server instance wait for a client
 * (ConnectNamedPipe).  A disconnected instance becomes listening again.
 * Return: 0 once a client is connected, or -1 with errno:
 *	EISCONN		a client is connected already (it opened before the
 *			call): usually treated as success;
 *	ENOTCONN	NP_NOWAIT handle: the instance now listens, call again;
 *	ESHUTDOWN	the client has closed its end already;
 *	ENOTTY		not a server end; EBADF.
 */
NP_API int np_connect(int fd);

/**
 * np_disconnect() - end a server instance's connection
 * (DisconnectNamedPipe), discarding unread data both ways.  The client end
 * fails with ECONNRESET from then on.
 * Return: 0, or -1 with errno ENOTCONN (the instance is listening),
 * ECONNRESET (already disconnected), ENOTTY (not a server end), EBADF.
 */
NP_API int np_disconnect(int fd);

/**
 * np_read() - read from a pipe end (ReadFile).
 * @fd: server, client or anonymous read end.
 * @buf: buffer; @len: its size (0 waits for data and consumes nothing).
 * @left: if not NULL, receives the unread rest of the current message in
 *	message read mode (> 0: the message did not fit and the rest stays
 *	queued; Win32 ERROR_MORE_DATA), 0 otherwise.
 *
 * Waits for data unless the handle is NP_NOWAIT; returns as soon as any
 * data is there (at most one message in message read mode).
 * Return: bytes read (0 for an empty message), or -1 with errno:
 *	EPIPE		the peer closed and all data was read;
 *	EAGAIN		NP_NOWAIT and nothing queued;
 *	ENOTCONN	the server instance is listening;
 *	ECONNRESET	disconnected;
 *	EACCES		this handle may not read;
 *	EFAULT, EBADF, ENOTTY (not a pipe).
 */
NP_API ssize_t np_read(int fd, void *buf, size_t len, size_t *left);

/**
 * np_write() - write to a pipe end (WriteFile).  On a message-type pipe the
 * buffer is one message (0 bytes: an empty message).  Waits until the
 * unread data fits the reader's quota unless NP_NOWAIT.
 * Return: bytes written (NP_NOWAIT, byte-type pipe: what fitted), or -1
 * with errno:
 *	ESHUTDOWN	the peer closed its end;
 *	EAGAIN		NP_NOWAIT and no room (nothing was written);
 *	ENOTCONN, ECONNRESET, EACCES, EMSGSIZE, EFAULT, EBADF, ENOTTY.
 */
NP_API ssize_t np_write(int fd, const void *buf, size_t len);

/**
 * np_peek() - copy queued data without consuming it (PeekNamedPipe).
 * @buf: may be NULL when @len is 0.  A message-type pipe copies from the
 *	first non-empty message only.
 * @info: if not NULL, receives the counts.
 * Return: bytes copied, or -1 with errno EPIPE (peer gone, nothing left),
 * EBADFD (listening or disconnected server), ECONNRESET (disconnected
 * client), EFAULT, EBADF, ENOTTY.
 */
NP_API ssize_t np_peek(int fd, void *buf, size_t len,
		       struct np_peek_info *info);

/**
 * np_transact() - write one message and read one reply message
 * (TransactNamedPipe).  Needs a message-type pipe in message read mode.
 * @left: as for np_read() (> 0: the reply did not fit; the rest stays).
 * Return: reply bytes read, or -1 with errno:
 *	EBADFD		byte-type pipe, byte read mode, or a state that does
 *			not allow it;
 *	EBUSY		unread data is waiting for this end (nothing sent);
 *	ESHUTDOWN, EPIPE, ECONNRESET, EFAULT, EBADF, ENOTTY.
 */
NP_API ssize_t np_transact(int fd, const void *wbuf, size_t wlen,
			   void *rbuf, size_t rlen, size_t *left);

/**
 * np_flush() - wait until the peer has read everything this end wrote
 * (FlushFileBuffers).
 * Return: 0, or -1 with errno as np_write() (EAGAIN: NP_NOWAIT and data
 * is still unread).
 */
NP_API int np_flush(int fd);

/**
 * np_get_info() - describe a pipe handle (GetNamedPipeInfo,
 * GetNamedPipeHandleState, peer process ids).
 * Return: 0, or -1 with errno EBADF, ENOTTY (not a pipe), EFAULT.
 */
NP_API int np_get_info(int fd, struct np_info *info);

/**
 * np_set_mode() - set a handle's read mode and wait mode
 * (SetNamedPipeHandleState).
 * @mode: NP_READMODE_MESSAGE and/or NP_NOWAIT; other bits are EINVAL.
 * Return: 0, or -1 with errno EINVAL (message read mode on a byte-type
 * pipe, unknown bits), EBADF, ENOTTY.
 */
NP_API int np_set_mode(int fd, unsigned int mode);

/**
 * np_peer_cred() - the peer's process and effective ids.  On a server end:
 * the client that opened the instance last; on a client end: the server
 * instance's creator.  Any output pointer may be NULL.
 * Return: 0, or -1 with errno ENOTCONN (server end with no client yet),
 * EBADF, ENOTTY.
 */
NP_API int np_peer_cred(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

/**
 * np_pipe() - create an anonymous pipe (CreatePipe): a one-way byte pipe.
 * @fds: fds[0] receives the read end, fds[1] the write end.
 * @size: the buffer size; 0 means 4096.
 * @flags: 0 or NP_NOWAIT (both ends).
 * Return: 0, or -1 with errno EINVAL, ENOMEM, EMFILE, ENODEV, ENOTTY
 * (the kernel module predates anonymous pipes).
 */
NP_API int np_pipe(int fds[2], unsigned int size, unsigned int flags);

/**
 * np_mailslot_create() - create the reader of a mailslot (CreateMailslot).
 * @name: bare name or "\\.\mailslot\NAME".
 * @max_msg_size: largest message accepted; 0 means any size.
 * @read_timeout_ms: how long a read waits for a message: 0 = fail at once
 *	(ETIMEDOUT), NP_TIMEOUT_INFINITE = no limit.
 * @mode: as struct np_create_attr's (the write bit lets others open
 *	writers).
 *
 * Read the fd with read(2): each read returns one whole message; a buffer
 * too small fails with ENOBUFS and keeps the message.
 * Return: the reader fd, or -1 with errno EEXIST (the name has a reader),
 * EINVAL, ENAMETOOLONG, ENOMEM, ENODEV, ENOTTY (module without mailslots).
 */
NP_API int np_mailslot_create(const char *name, unsigned int max_msg_size,
			      int64_t read_timeout_ms, unsigned int mode);

/**
 * np_mailslot_open() - open a writer of a mailslot.  Each write(2) is one
 * message.
 * @flags: NP_OPEN_BROADCAST for "\\*\mailslot\" semantics (424-byte
 *	limit); NP_OPEN_WRITE is implied.
 * Return: the writer fd, or -1 with errno ENOENT (no such mailslot),
 * EACCES, EINVAL, ENAMETOOLONG, ENODEV, ENOTTY.
 */
NP_API int np_mailslot_open(const char *name, unsigned int flags);

/**
 * np_mailslot_info() - describe a mailslot reader (GetMailslotInfo).
 * Return: 0, or -1 with errno EBADF, ENOTTY (not a mailslot reader).
 */
NP_API int np_mailslot_info(int fd, struct np_mailslot_info *info);

/**
 * np_mailslot_read() - read one message from a mailslot reader (ReadFile),
 * waiting at most its read timeout in all: the deadline is fixed once, so
 * signals that interrupt the wait do not start it over.
 * Return: the message's size, or -1 with errno ETIMEDOUT, ENOBUFS (the
 * buffer is too small; the message stays), EAGAIN (NOWAIT), EACCES (a
 * writer), ENOTTY (not a mailslot).
 */
NP_API ssize_t np_mailslot_read(int fd, void *buf, size_t len);

/**
 * np_mailslot_set_timeout() - change a mailslot's read timeout
 * (SetMailslotInfo); 0 = fail at once, NP_TIMEOUT_INFINITE = no limit.
 * Return: 0, or -1 with errno EBADF, ENOTTY, EINVAL.
 */
NP_API int np_mailslot_set_timeout(int fd, int64_t read_timeout_ms);

/**
 * np_errno_to_win32() - the Win32 error code that an errno of this API
 * stands for (the table of <linux/npipe.h>), e.g. EBUSY -> 231
 * (ERROR_PIPE_BUSY).  0 gives 0; an errno outside the table gives 31
 * (ERROR_GEN_FAILURE) unless it has a usual Win32 equivalent.
 */
NP_API unsigned int np_errno_to_win32(int err);

/**
 * np_parse_name() - split a Win32 pipe or mailslot path.
 * @path: "\\SERVER\pipe\NAME" or "\\SERVER\mailslot\NAME" (prefix
 *	case-insensitive), or a bare name.
 * @kind: receives NP_NAME_PIPE or NP_NAME_MAILSLOT (NP_NAME_PIPE for a
 *	bare name), also when only NAME is invalid (so a caller can tell a
 *	bad pipe name from a path that names no pipe); NP_NAME_NONE if
 *	@path is neither kind of path.
 * @server: receives a pointer into @path at the server part and
 *	@server_len its length (NULL and 0 for a bare name).
 * @name: receives a pointer into @path at NAME, @name_len its length.
 *	A mailslot NAME may contain backslashes (pseudo-directories); the
 *	calls of this API take them as '/'.
 * Any output pointer may be NULL.  This is the library's one parser of
 * names: the calls of this API and its Win32 layer all use it.
 * Return: 0, or -1 with errno EINVAL (not such a path, empty name, or a
 * backslash in a pipe name) or ENAMETOOLONG (NAME over NP_NAME_MAX).
 */
NP_API int np_parse_name(const char *path, enum np_name_kind *kind,
			 const char **server, size_t *server_len,
			 const char **name, size_t *name_len);

#ifdef __cplusplus
}
#endif

#endif /* LIBNP_NP_H */
