/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * npipe internals: objects, locks and the functions the files share.
 *
 * Objects.  A name (struct np_name, registry.c) is what the name table
 * holds; it is embedded in the object it names, a pipe or a mailslot, and
 * its kref is that object's.  A pipe (struct np_pipe) is a name with its
 * fixed parameters; it lives while it has server instances, plus as long
 * as anything holds a reference.  An instance (struct np_inst) is one
 * potential connection: the server end and at most one client end, and
 * the two one-way queues (struct np_queue, queue.c) between them.  Every
 * end is a file whose private_data is a struct np_handle; the server
 * handle is embedded in its instance, a client handle is allocated per
 * open.  The file reference counts are the object lifetimes, as in
 * drivers/misc/ntsync.c.
 *
 * Lock order:  np_reg_lock  ->  pipe->lock  ->  inst->lock.
 *   np_reg_lock (global mutex): the name table, each name's user and dead
 *	flag, pipe->nr_instances, inst->registered, the users and their
 *	counts.  Taken to create, open, wait and to close a server end or a
 *	mailslot's reader; never on the I/O path.
 *   pipe->lock (mutex): pipe->listeners and each inst->listen_node.
 *   inst->lock (mutex): the instance's state, client, peer ids and both
 *	queues.  The only lock of read, write, peek, transact and poll.
 *   A mailslot's lock (mailslot.c) protects its queue, and nests inside
 *   nothing: it is never held with another.
 * Sleeping is done with no lock held, on conditions read with READ_ONCE(),
 * as in fs/pipe.c.
 */
#ifndef _NPIPE_H
#define _NPIPE_H

#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/npipe.h>

#include "compat.h"

/* Module parameters (main.c). */
extern unsigned int np_max_msg_size;
extern unsigned int np_max_overquota;
extern unsigned int np_max_user_pipes;
extern unsigned int np_max_user_instances;
extern unsigned long np_max_user_bytes;

/* Bytes a queued message is charged beyond its data, against the hard cap. */
#define NP_MSG_OVERHEAD		64

struct np_user;

struct np_msg {
	struct list_head node;
	struct np_user *user;		/* the writer, charged for it; ref */
	u32 cap;			/* data bytes allocated (charged) */
	u32 len;			/* <= cap */
	u32 pos;			/* bytes already read */
	u8 data[] __counted_by(len);
};

/*
 * One direction of an instance, or a mailslot's messages (queue.c).
 * Protected by @lock, its owner's (inst->lock or the mailslot's), unless
 * noted.
 */
struct np_queue {
	struct mutex *lock;		/* immutable */
	struct list_head msgs;
	u64 bytes;			/* unread data; lockless reads */
	u64 charge;			/* bytes + NP_MSG_OVERHEAD per message */
	u64 wr_seq;			/* bytes ever queued */
	u64 rd_seq;			/* bytes ever read or discarded; lockless reads */
	u64 lost_from;			/* rd_seq when data was last discarded */
	u32 discards;			/* times data was discarded */
	u32 nr_msgs;			/* lockless reads */
	u32 nr_empty;			/* zero-length messages queued */
	u32 quota;			/* immutable: as given at creation */
	u32 readers;			/* readers sleeping on an empty queue */
	u32 reader_len;			/* buffer size of the latest of them */
	struct np_msg *spare;		/* a small message to reuse; xchg */
	wait_queue_head_t rd_wait;	/* readers: data or state change */
	wait_queue_head_t wr_wait;	/* writers and flushers: room or drain */
};

/* Queue indices: the direction data travels. */
#define NP_TO_SERVER	0
#define NP_TO_CLIENT	1

/* What a user is counted for, each against its own limit. */
enum np_count {
	NP_COUNT_PIPES,			/* np_max_user_pipes */
	NP_COUNT_INSTANCES,		/* np_max_user_instances */
	NP_NR_COUNTS
};

/*
 * A user's charges (registry.c).  Each count, each handle that may write
 * and each queued message holds a reference; the last one goes under
 * np_reg_lock, which also guards the table of users.
 */
struct np_user {
	struct hlist_node node;		/* np_reg_lock */
	struct kref ref;
	kuid_t uid;			/* immutable */
	unsigned int count[NP_NR_COUNTS]; /* np_reg_lock */
	atomic64_t bytes;		/* memory of its queued messages */
};

/* Name spaces (np_name.kind). */
#define NP_KIND_PIPE		0
#define NP_KIND_MAILSLOT	1
#define NP_KIND_ANON		2	/* CreatePipe's: in no name space */

/*
 * A name (registry.c), embedded as the last member of the object it names
 * (struct np_pipe, the mailslot), the folded name right after it.  Its
 * kref counts the object's references, and each kind frees its own
 * object.  An anonymous pipe has no name: its np_name is empty, never in
 * the table, and only carries the pipe's charge to its creator.
 */
struct np_name {
	struct rhash_head hnode;	/* np_reg_lock */
	struct kref ref;
	struct rcu_head rcu;		/* the object is freed after a grace period */
	u32 kind;			/* NP_KIND_*; immutable */
	kuid_t owner;			/* immutable, as are group and mode */
	kgid_t group;
	umode_t mode;
	struct np_user *user;		/* charged for it while added; np_reg_lock */
	bool dead;			/* deleted; np_reg_lock; lockless reads */
	u32 len;			/* immutable, as is str */
	char str[] __counted_by(len);	/* ASCII-folded, not NUL-terminated */
};

/*
 * A named pipe with its fixed parameters (instance.c).  It is in the name
 * table while it has server instances; its kref (in @name) keeps the
 * memory while instances, client ends or waiters point at it.
 */
struct np_pipe {
	u32 flags;			/* immutable: NPIPE_CREATE_{IN,OUT}BOUND, _MESSAGE_TYPE */
	u32 max_instances;		/* immutable */
	u64 default_timeout;		/* immutable; ns */
	unsigned int nr_instances;	/* np_reg_lock; lockless reads */
	struct mutex lock;		/* listeners, nr_listening */
	struct list_head listeners;	/* lock: LISTENING instances */
	atomic_t nr_listening;		/* changed under lock */
	wait_queue_head_t wait_wq;	/* NPIPE_IOC_WAIT sleepers */
	struct np_name name;		/* last: its string follows */
};

static inline bool np_pipe_is_anon(const struct np_pipe *pipe)
{
	return pipe->name.kind == NP_KIND_ANON;
}

struct np_inst;

/*
 * A file's view of an instance (instance.c): the server end, embedded in
 * its instance, or a client end, allocated per open.  Set up before its
 * file is published; then only @rmode changes.
 */
struct np_handle {
	struct np_inst *inst;		/* NULL: client end never connected */
	struct np_user *user;		/* the opener: charged for writes; ref */
	struct file *file;
	bool server;
	bool can_read;
	bool can_write;
	u32 rmode;			/* NPIPE_MODE_MESSAGE_READ; READ/WRITE_ONCE */
};

/*
 * One server instance: one potential connection (instance.c).  Fields
 * read locklessly are written with WRITE_ONCE() under the lock named.
 */
struct np_inst {
	struct kref ref;		/* server file, client file */
	struct np_pipe *pipe;		/* holds a reference; set before publication */
	bool registered;		/* counted in pipe->nr_instances;
					 * np_reg_lock
					 */
	bool charged;			/* counted in srv.user's instances
					 * until released; set under
					 * np_reg_lock before publication
					 */
	struct mutex lock;		/* the fields marked lock, and q[] */
	u32 state;			/* NPIPE_STATE_*, the server's view; lock; lockless reads */
	bool server_gone;		/* server end closed; lock; lockless reads */
	struct np_handle *client;	/* attached client end; lock; lockless reads */
	struct list_head listen_node;	/* pipe->lock */
	struct np_queue q[2];		/* NP_TO_SERVER, NP_TO_CLIENT */
	wait_queue_head_t conn_wait;	/* CONNECT sleepers, server poll */
	struct pid *server_pid;		/* immutable */
	struct pid *client_pid;		/* lock */
	kuid_t server_uid, client_uid;	/* server: immutable; client: lock */
	kgid_t server_gid, client_gid;
	bool has_client;		/* a client opened once; lock */
	struct np_handle srv;
};

/* registry.c */
extern struct mutex np_reg_lock;
int np_registry_init(void);
void np_registry_exit(void);
int np_name_copy(char *buf, u64 uname, u32 len);
void np_name_init(struct np_name *name, u32 kind, const char *str, u32 len,
		  umode_t mode);
struct np_name *np_name_lookup(const char *str, u32 len, u32 kind);
int np_name_add(struct np_name *name, struct np_user *user);
void np_name_del(struct np_name *name);
struct np_name *np_name_get_user(u64 uname, u32 len, u32 kind);
bool np_may_open(const struct np_name *name, u32 open_flags);
bool np_may_own(const struct np_name *name);
struct np_user *np_user_get_current(void);
struct np_user *np_user_get(struct np_user *user);
void np_user_put(struct np_user *user);
int np_user_charge(struct np_user *user, enum np_count what);
void np_user_uncharge(struct np_user *user, enum np_count what);

/* instance.c */
long np_ioctl_create(void __user *argp);
long np_ioctl_open(void __user *argp);
long np_ioctl_wait(void __user *argp);
struct np_pipe *np_pipe_alloc(u32 kind, const char *str, u32 len,
			      umode_t mode);
void np_pipe_put(struct np_pipe *pipe);
struct np_inst *np_inst_alloc(u32 out_quota, u32 in_quota);
void np_inst_put(struct np_inst *inst);
void np_inst_unregister(struct np_inst *inst);
struct file *np_file_create(struct np_handle *h, u32 flags);
void np_set_client(struct np_inst *inst, struct np_handle *h);
long np_publish(int fd, struct file *file, long err);
void np_wake_all(struct np_inst *inst, __poll_t mask);
extern const struct file_operations np_inst_fops;

/* anon.c */
long np_ioctl_create_anon(void __user *argp);

/* mailslot.c */
long np_ioctl_mailslot_create(void __user *argp);
long np_ioctl_mailslot_open(void __user *argp);

/* queue.c */
void np_queue_init(struct np_queue *q, u32 quota, struct mutex *lock);
void np_queue_discard(struct np_queue *q, struct list_head *freelist);
void np_queue_destroy(struct np_queue *q);
void np_msg_free(struct np_queue *q, struct np_msg *msg);
void np_msgs_free(struct np_queue *q, struct list_head *freelist);
struct np_msg *np_msg_new(struct np_queue *q, struct np_user *user,
			  const char __user *buf, u32 len);
u64 np_queue_add(struct np_queue *q, struct np_msg *msg);
void np_consume(struct np_queue *q, struct np_msg *msg, u32 n,
		struct list_head *freelist);
void np_wake_readers(struct np_queue *q);
void np_wake_writers(struct np_queue *q);
u64 np_deadline_after(u64 timeout);
int np_wait_deadline(struct wait_queue_head *wq, int (*cond)(const void *arg),
		     const void *arg, u64 deadline);

/* io.c */
ssize_t np_inst_read(struct np_handle *h, char __user *buf, size_t len,
		     bool nonblock, bool msgmode, u32 *remaining);
ssize_t np_inst_write(struct np_handle *h, const char __user *buf, size_t len,
		      bool nonblock);
long np_ioctl_read(struct np_handle *h, void __user *argp);
long np_ioctl_write(struct np_handle *h, void __user *argp);
long np_ioctl_peek(struct np_handle *h, void __user *argp);
long np_ioctl_transact(struct np_handle *h, void __user *argp);
long np_ioctl_flush(struct np_handle *h);
__poll_t np_poll_mask(struct np_handle *h);

/**
 * np_view() - the state of the connection as this end sees it
 * @h: a handle
 *
 * Safe without inst->lock: each field read is written with WRITE_ONCE.
 * Return: NPIPE_STATE_*.
 */
static inline u32 np_view(const struct np_handle *h)
{
	const struct np_inst *inst = h->inst;

	if (h->server)
		return READ_ONCE(inst->state);
	if (READ_ONCE(inst->client) != h)
		return NPIPE_STATE_DISCONNECTED;
	return READ_ONCE(inst->server_gone) ? NPIPE_STATE_CLOSING :
					      NPIPE_STATE_CONNECTED;
}

static inline struct np_queue *np_rx(const struct np_handle *h)
{
	return &h->inst->q[h->server ? NP_TO_SERVER : NP_TO_CLIENT];
}

static inline struct np_queue *np_tx(const struct np_handle *h)
{
	return &h->inst->q[h->server ? NP_TO_CLIENT : NP_TO_SERVER];
}

static inline bool np_is_msg_type(const struct np_inst *inst)
{
	return inst->pipe->flags & NPIPE_CREATE_MESSAGE_TYPE;
}

#endif /* _NPIPE_H */
