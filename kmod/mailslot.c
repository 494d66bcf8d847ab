// SPDX-License-Identifier: GPL-2.0-only
/*
 * npipe mailslots: a name space of its own (NP_KIND_MAILSLOT) with one
 * reader per name and any number of writers.  Each write is one message,
 * each read returns one whole message, in arrival order across writers.
 * The name and the unread messages go with the reader's file.
 *
 * The queue is a struct np_queue with quota 0, so a mailslot bounds what
 * writers pile up with the same hard cap (np_max_overquota) as a pipe.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "npipe.h"

/*
 * A mailslot.  Its references (name.ref) are the reader file's and the
 * writer files'; name.dead says the reader has closed.
 */
struct np_mslot {
	struct mutex lock;		/* q; see np_mslot_close_reader() */
	struct np_queue q;		/* lock */
	u32 max_msg_size;		/* immutable; 0: any */
	u64 read_timeout;		/* ns; READ_ONCE/WRITE_ONCE */
	struct np_name name;		/* last: its string follows */
};

/* A file's view: the reader, or a writer. */
struct np_mslot_handle {
	struct np_mslot *ms;
	struct np_user *user;		/* writer: charged for its messages */
	bool reader;
	bool can_write;
	bool broadcast;			/* \\*\mailslot\: 424-byte messages */
};

static const struct file_operations np_mslot_fops;

static void np_mslot_release(struct kref *ref)
{
	struct np_mslot *ms = container_of(ref, struct np_mslot, name.ref);

	np_queue_destroy(&ms->q);
	mutex_destroy(&ms->lock);
	kfree_rcu(ms, name.rcu);
}

static void np_mslot_put(struct np_mslot *ms)
{
	kref_put(&ms->name.ref, np_mslot_release);
}

static struct np_mslot *np_mslot_alloc(const char *name,
				       const struct npipe_mailslot_create *args)
{
	struct np_mslot *ms;

	ms = kzalloc(struct_size(ms, name.str, args->name_len),
		     GFP_KERNEL_ACCOUNT);
	if (!ms)
		return NULL;
	np_name_init(&ms->name, NP_KIND_MAILSLOT, name, args->name_len,
		     args->mode);
	mutex_init(&ms->lock);
	np_queue_init(&ms->q, 0, &ms->lock);
	ms->max_msg_size = args->max_msg_size;
	ms->read_timeout = args->read_timeout;
	return ms;
}

/* A file on @ms; a writer's takes over the reference to @user. */
static struct file *np_mslot_file(struct np_mslot *ms, struct np_user *user,
				  u32 flags)
{
	struct np_mslot_handle *h;
	struct file *file;
	bool reader = !user;

	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return ERR_PTR(-ENOMEM);
	h->ms = ms;
	h->user = user;
	h->reader = reader;
	h->can_write = flags & NPIPE_OPEN_WRITE;
	h->broadcast = flags & NPIPE_OPEN_BROADCAST;
	file = anon_inode_getfile("[npipe-mailslot]", &np_mslot_fops, h,
				  O_RDWR | ((flags & NPIPE_MODE_NOWAIT) ?
					    O_NONBLOCK : 0));
	if (IS_ERR(file))
		kfree(h);
	return file;
}

/* Add the name, charged to @user.  Context: np_reg_lock held. */
static int np_mslot_register(struct np_mslot *ms, struct np_user *user)
{
	lockdep_assert_held(&np_reg_lock);
	if (np_name_lookup(ms->name.str, ms->name.len, NP_KIND_MAILSLOT))
		return -EEXIST;
	return np_name_add(&ms->name, user);
}

long np_ioctl_mailslot_create(void __user *argp)
{
	struct npipe_mailslot_create args;
	char name[NPIPE_NAME_MAX];
	struct np_user *user;
	struct np_mslot *ms;
	struct file *file;
	long err;
	int fd;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.pad || args.mode & ~0777)
		return -EINVAL;
	err = np_name_copy(name, args.name, args.name_len);
	if (err)
		return err;
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	user = np_user_get_current();
	if (IS_ERR(user)) {
		err = PTR_ERR(user);
		goto err_fd;
	}
	err = -ENOMEM;
	ms = np_mslot_alloc(name, &args);
	if (!ms)
		goto err_user;
	file = np_mslot_file(ms, NULL, 0);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto err_mslot;
	}

	mutex_lock(&np_reg_lock);
	err = np_mslot_register(ms, user);
	mutex_unlock(&np_reg_lock);
	np_user_put(user);
	/* On error the reader file's release puts the mailslot. */
	return np_publish(fd, file, err);

err_mslot:
	np_mslot_put(ms);
err_user:
	np_user_put(user);
err_fd:
	put_unused_fd(fd);
	return err;
}

/*
 * Find the mailslot of a name and take a reference, with np_reg_lock held
 * across both: the name is hashed only while its reader lives.
 */
static struct np_mslot *np_mslot_get(const char *name, u32 len, u32 flags)
{
	struct np_mslot *ms = ERR_PTR(-ENOENT);
	struct np_name *found;

	mutex_lock(&np_reg_lock);
	found = np_name_lookup(name, len, NP_KIND_MAILSLOT);
	/* Reads on a writer are refused anyway: only writing is checked. */
	if (found && !np_may_open(found, flags & NPIPE_OPEN_WRITE))
		ms = ERR_PTR(-EACCES);
	else if (found)
		ms = container_of(found, struct np_mslot, name);
	if (!IS_ERR(ms))
		kref_get(&ms->name.ref);
	mutex_unlock(&np_reg_lock);
	return ms;
}

long np_ioctl_mailslot_open(void __user *argp)
{
	char name[NPIPE_NAME_MAX];
	struct npipe_open args;
	struct np_user *user;
	struct np_mslot *ms;
	struct file *file;
	long err;
	int fd;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~(NPIPE_OPEN_READ | NPIPE_OPEN_WRITE |
			   NPIPE_OPEN_BROADCAST | NPIPE_MODE_NOWAIT))
		return -EINVAL;
	err = np_name_copy(name, args.name, args.name_len);
	if (err)
		return err;
	ms = np_mslot_get(name, args.name_len, args.flags);
	if (IS_ERR(ms))
		return PTR_ERR(ms);
	user = np_user_get_current();
	if (IS_ERR(user)) {
		err = PTR_ERR(user);
		goto err_mslot;
	}
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		err = fd;
		goto err_user;
	}
	/* The writer's file takes over both references. */
	file = np_mslot_file(ms, user, args.flags);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto err_fd;
	}
	return np_publish(fd, file, 0);

err_fd:
	put_unused_fd(fd);
err_user:
	np_user_put(user);
err_mslot:
	np_mslot_put(ms);
	return err;
}

/* A reader's condition: a message is queued. */
static int np_mslot_has_msg(const void *arg)
{
	const struct np_mslot *ms = arg;

	return READ_ONCE(ms->q.nr_msgs) != 0;
}

/*
 * Sleep until a message is queued or @deadline.  @kept: the caller has
 * the deadline (MAILSLOT_READ), so a restart keeps it.  No lock held.
 */
static int np_mslot_wait(struct np_mslot *ms, u64 deadline, bool kept)
{
	int ret;

	ret = np_wait_deadline(&ms->q.rd_wait, np_mslot_has_msg, ms, deadline);
	/* Else a restart would start the timeout over. */
	if (ret == -ERESTARTSYS && !kept &&
	    deadline != NPIPE_TIMEOUT_INFINITE)
		ret = -EINTR;
	return ret;
}

static u64 np_mslot_deadline(struct np_mslot *ms)
{
	u64 timeout = READ_ONCE(ms->read_timeout);

	if (timeout == NPIPE_MAILSLOT_WAIT_FOREVER)
		return NPIPE_TIMEOUT_INFINITE;
	return np_deadline_after(timeout);
}

/*
 * One whole message, or ENOBUFS leaving it queued.  @deadlinep: the
 * caller's absolute deadline, or NULL for the read timeout from the
 * first wait on.
 */
static ssize_t np_mslot_read(struct np_mslot_handle *h, char __user *buf,
			     size_t len, bool nonblock, const u64 *deadlinep)
{
	u64 deadline = deadlinep ? *deadlinep : 0;
	struct np_mslot *ms = h->ms;
	LIST_HEAD(freelist);
	struct np_msg *msg;
	ssize_t ret;

	if (!h->reader)
		return -EACCES;
	mutex_lock(&ms->lock);
	while (!ms->q.nr_msgs) {
		mutex_unlock(&ms->lock);
		if (nonblock)
			return -EAGAIN;
		if (!deadlinep && !deadline)
			deadline = np_mslot_deadline(ms);
		ret = np_mslot_wait(ms, deadline, deadlinep);
		if (ret)
			return ret;
		mutex_lock(&ms->lock);
	}
	msg = list_first_entry(&ms->q.msgs, struct np_msg, node);
	ret = msg->len;
	if (msg->len > len)
		ret = -ENOBUFS;
	else if (copy_to_user(buf, msg->data, msg->len))
		ret = -EFAULT;
	else
		np_consume(&ms->q, msg, msg->len, &freelist);
	mutex_unlock(&ms->lock);
	if (!list_empty(&freelist))
		np_wake_writers(&ms->q);
	np_msgs_free(&ms->q, &freelist);
	return ret;
}

static bool np_mslot_room(struct np_mslot *ms, u32 len)
{
	u64 charge = READ_ONCE(ms->q.charge);

	return READ_ONCE(ms->name.dead) || !charge ||
	       charge + len + NP_MSG_OVERHEAD <= READ_ONCE(np_max_overquota);
}

static ssize_t np_mslot_write(struct np_mslot_handle *h,
			      const char __user *buf, size_t len,
			      bool nonblock)
{
	struct np_mslot *ms = h->ms;
	u32 limit = ms->max_msg_size;
	struct np_msg *msg;
	ssize_t ret = len;

	if (h->reader || !h->can_write)
		return -EACCES;
	/* A broadcast must fit both its own limit and the mailslot's. */
	if (h->broadcast)
		limit = min_not_zero(limit, NPIPE_MAILSLOT_BROADCAST_MAX);
	if (len > READ_ONCE(np_max_msg_size) || (limit && len > limit))
		return -EMSGSIZE;
	msg = np_msg_new(&ms->q, h->user, buf, len);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	mutex_lock(&ms->lock);
	/* See np_mslot_close_reader() for why name.dead is read here. */
	while (!READ_ONCE(ms->name.dead) && !np_mslot_room(ms, len)) {
		mutex_unlock(&ms->lock);
		if (nonblock)
			ret = -EAGAIN;
		else if (wait_event_interruptible(ms->q.wr_wait,
						  np_mslot_room(ms, len)))
			ret = -ERESTARTSYS;
		if (ret < 0) {
			np_msg_free(&ms->q, msg);
			return ret;
		}
		mutex_lock(&ms->lock);
	}
	if (READ_ONCE(ms->name.dead))
		ret = -ESHUTDOWN;
	else
		np_queue_add(&ms->q, msg);
	mutex_unlock(&ms->lock);
	if (ret < 0) {
		np_msg_free(&ms->q, msg);
		return ret;
	}
	np_wake_readers(&ms->q);
	return ret;
}

static long np_ioctl_mailslot_get_info(struct np_mslot_handle *h,
				       void __user *argp)
{
	struct np_mslot *ms = h->ms;
	struct npipe_mailslot_info info = {
		.read_timeout = READ_ONCE(ms->read_timeout),
		.max_msg_size = ms->max_msg_size,
		.next_size = NPIPE_MAILSLOT_NO_MESSAGE,
	};

	if (!h->reader)
		return -EINVAL;
	mutex_lock(&ms->lock);
	if (ms->q.nr_msgs)
		info.next_size = list_first_entry(&ms->q.msgs, struct np_msg,
						  node)->len;
	info.nr_msgs = ms->q.nr_msgs;
	mutex_unlock(&ms->lock);
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

static long np_ioctl_mailslot_set_timeout(struct np_mslot_handle *h,
					  u64 __user *argp)
{
	u64 timeout;

	if (!h->reader)
		return -EINVAL;
	if (get_user(timeout, argp))
		return -EFAULT;
	WRITE_ONCE(h->ms->read_timeout, timeout);
	return 0;
}

/* NPIPE_IOC_READ and NPIPE_IOC_WRITE: one message each. */
static long np_ioctl_mailslot_io(struct np_mslot_handle *h, struct file *file,
				 unsigned int cmd, void __user *argp)
{
	bool nonblock = file->f_flags & O_NONBLOCK;
	struct npipe_io args;
	ssize_t n;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags)
		return -EINVAL;
	if (cmd == NPIPE_IOC_READ)
		n = np_mslot_read(h, u64_to_user_ptr(args.buf), args.len,
				  nonblock, NULL);
	else
		n = np_mslot_write(h, u64_to_user_ptr(args.buf), args.len,
				   nonblock);
	if (n < 0)
		return n;
	args.bytes = n;
	args.remaining = 0;
	return copy_to_user(argp, &args, sizeof(args)) ? -EFAULT : 0;
}

/* NPIPE_IOC_MAILSLOT_READ: a read that keeps its deadline across restarts. */
static long np_ioctl_mailslot_read(struct np_mslot_handle *h, struct file *file,
				   struct npipe_mailslot_read __user *uargs)
{
	struct npipe_mailslot_read args;
	ssize_t n;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (args.pad || args.flags & ~NPIPE_MAILSLOT_READ_DEFAULT)
		return -EINVAL;
	if (!h->reader)
		return -EACCES;
	if (args.flags & NPIPE_MAILSLOT_READ_DEFAULT) {
		/* Fix the deadline now, so that a restart keeps it. */
		args.deadline = np_mslot_deadline(h->ms);
		args.flags = 0;
		if (copy_to_user(uargs, &args, sizeof(args)))
			return -EFAULT;
	}
	n = np_mslot_read(h, u64_to_user_ptr(args.buf), args.len,
			  file->f_flags & O_NONBLOCK, &args.deadline);
	if (n < 0)
		return n;
	args.bytes = n;
	return copy_to_user(uargs, &args, sizeof(args)) ? -EFAULT : 0;
}

static long np_mslot_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct np_mslot_handle *h = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case NPIPE_IOC_READ:
	case NPIPE_IOC_WRITE:
		return np_ioctl_mailslot_io(h, file, cmd, argp);
	case NPIPE_IOC_MAILSLOT_READ:
		return np_ioctl_mailslot_read(h, file, argp);
	case NPIPE_IOC_MAILSLOT_GET_INFO:
		return np_ioctl_mailslot_get_info(h, argp);
	case NPIPE_IOC_MAILSLOT_SET_TIMEOUT:
		return np_ioctl_mailslot_set_timeout(h, argp);
	default:
		return -ENOIOCTLCMD;
	}
}

static ssize_t np_mslot_fop_read(struct file *file, char __user *buf,
				 size_t len, loff_t *ppos)
{
	return np_mslot_read(file->private_data, buf, len,
			     file->f_flags & O_NONBLOCK, NULL);
}

static ssize_t np_mslot_fop_write(struct file *file, const char __user *buf,
				  size_t len, loff_t *ppos)
{
	return np_mslot_write(file->private_data, buf, len,
			      file->f_flags & O_NONBLOCK);
}

static __poll_t np_mslot_poll(struct file *file, poll_table *wait)
{
	struct np_mslot_handle *h = file->private_data;
	struct np_mslot *ms = h->ms;

	if (h->reader) {
		poll_wait(file, &ms->q.rd_wait, wait);
		return READ_ONCE(ms->q.nr_msgs) ? EPOLLIN | EPOLLRDNORM : 0;
	}
	poll_wait(file, &ms->q.wr_wait, wait);
	if (READ_ONCE(ms->name.dead))
		return EPOLLERR | EPOLLHUP;
	return np_mslot_room(ms, 0) ? EPOLLOUT | EPOLLWRNORM : 0;
}

/*
 * The reader goes: so do the name and the messages; writers then fail.
 * The name is dead (np_name_del(), under np_reg_lock) before the queue is
 * emptied under ms->lock, so a writer that takes ms->lock after that sees
 * it dead and queues nothing, and what one queued before is discarded.
 */
static void np_mslot_close_reader(struct np_mslot *ms)
{
	LIST_HEAD(freelist);

	mutex_lock(&np_reg_lock);
	np_name_del(&ms->name);
	mutex_unlock(&np_reg_lock);
	mutex_lock(&ms->lock);
	np_queue_discard(&ms->q, &freelist);
	mutex_unlock(&ms->lock);
	wake_up_interruptible_all(&ms->q.wr_wait);
	np_msgs_free(&ms->q, &freelist);
}

static int np_mslot_release_file(struct inode *inode, struct file *file)
{
	struct np_mslot_handle *h = file->private_data;

	if (h->reader)
		np_mslot_close_reader(h->ms);
	else
		np_user_put(h->user);
	np_mslot_put(h->ms);
	kfree(h);
	return 0;
}

static const struct file_operations np_mslot_fops = {
	.owner		= THIS_MODULE,
	.read		= np_mslot_fop_read,
	.write		= np_mslot_fop_write,
	.poll		= np_mslot_poll,
	.unlocked_ioctl	= np_mslot_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.release	= np_mslot_release_file,
};
