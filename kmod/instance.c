// SPDX-License-Identifier: GPL-2.0-only
/*
 * npipe pipes and their instances: the pipe object, creating server ends,
 * opening client ends, waiting for a listening instance, connect and
 * disconnect, closing, handle information, and the file operations of
 * both ends.  The data path on an instance's queues is io.c's.
 */
#include <linux/anon_inodes.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "npipe.h"

#define NP_CREATE_FLAGS	(NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT | \
			 NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE | \
			 NPIPE_CREATE_FIRST_INSTANCE)
#define NP_OPEN_FLAGS	(NPIPE_OPEN_READ | NPIPE_OPEN_WRITE | NPIPE_MODE_NOWAIT)
#define NP_MODE_FLAGS	(NPIPE_MODE_MESSAGE_READ | NPIPE_MODE_NOWAIT)

/* Wake everything that sleeps on, or polls, @inst: its state changed. */
void np_wake_all(struct np_inst *inst, __poll_t mask)
{
	int i;

	/* All sleepers, exclusive readers included: each must see the state. */
	for (i = 0; i < 2; i++) {
		__wake_up(&inst->q[i].rd_wait, TASK_INTERRUPTIBLE, 0,
			  poll_to_key(mask));
		__wake_up(&inst->q[i].wr_wait, TASK_INTERRUPTIBLE, 0,
			  poll_to_key(mask));
	}
	__wake_up(&inst->conn_wait, TASK_INTERRUPTIBLE, 0, poll_to_key(mask));
}

/**
 * np_pipe_alloc() - a new pipe, owned by the caller, not in the table
 * @kind: NP_KIND_PIPE, or NP_KIND_ANON for CreatePipe
 * @str: the folded name
 * @len: its length (0 for an anonymous pipe)
 * @mode: permission bits, 0 for the default
 *
 * Return: the pipe with one reference, or NULL.
 */
struct np_pipe *np_pipe_alloc(u32 kind, const char *str, u32 len,
			      umode_t mode)
{
	struct np_pipe *pipe;

	pipe = kzalloc(struct_size(pipe, name.str, len), GFP_KERNEL_ACCOUNT);
	if (!pipe)
		return NULL;
	np_name_init(&pipe->name, kind, str, len, mode);
	mutex_init(&pipe->lock);
	INIT_LIST_HEAD(&pipe->listeners);
	atomic_set(&pipe->nr_listening, 0);
	init_waitqueue_head(&pipe->wait_wq);
	return pipe;
}

static void np_pipe_release(struct kref *ref)
{
	struct np_pipe *pipe = container_of(ref, struct np_pipe, name.ref);

	mutex_destroy(&pipe->lock);
	kfree_rcu(pipe, name.rcu);
}

void np_pipe_put(struct np_pipe *pipe)
{
	kref_put(&pipe->name.ref, np_pipe_release);
}

/* The pipe of a name given by user space, with a reference, or ERR_PTR. */
static struct np_pipe *np_pipe_get_user(u64 uname, u32 len)
{
	struct np_name *name = np_name_get_user(uname, len, NP_KIND_PIPE);

	if (IS_ERR(name))
		return ERR_CAST(name);
	return container_of(name, struct np_pipe, name);
}

struct np_inst *np_inst_alloc(u32 out_quota, u32 in_quota)
{
	struct np_inst *inst;

	inst = kzalloc(sizeof(*inst), GFP_KERNEL_ACCOUNT);
	if (!inst)
		return NULL;
	kref_init(&inst->ref);
	mutex_init(&inst->lock);
	INIT_LIST_HEAD(&inst->listen_node);
	np_queue_init(&inst->q[NP_TO_SERVER], in_quota, &inst->lock);
	np_queue_init(&inst->q[NP_TO_CLIENT], out_quota, &inst->lock);
	init_waitqueue_head(&inst->conn_wait);
	inst->state = NPIPE_STATE_LISTENING;
	inst->server_pid = get_task_pid(current, PIDTYPE_TGID);
	inst->server_uid = current_euid();
	inst->server_gid = current_egid();
	inst->client_uid = INVALID_UID;
	inst->client_gid = INVALID_GID;
	inst->srv.inst = inst;
	inst->srv.server = true;
	return inst;
}

static void np_inst_release(struct kref *ref)
{
	struct np_inst *inst = container_of(ref, struct np_inst, ref);

	/* Counted until its last end closed: client ends use memory too. */
	if (inst->charged) {
		mutex_lock(&np_reg_lock);
		np_user_uncharge(inst->srv.user, NP_COUNT_INSTANCES);
		mutex_unlock(&np_reg_lock);
	}
	np_queue_destroy(&inst->q[NP_TO_SERVER]);
	np_queue_destroy(&inst->q[NP_TO_CLIENT]);
	put_pid(inst->server_pid);
	put_pid(inst->client_pid);
	if (inst->srv.user)
		np_user_put(inst->srv.user);
	if (inst->pipe)
		np_pipe_put(inst->pipe);
	mutex_destroy(&inst->lock);
	kfree(inst);
}

void np_inst_put(struct np_inst *inst)
{
	kref_put(&inst->ref, np_inst_release);
}

/* Make @inst LISTENING.  Context: pipe->lock and inst->lock held. */
static void np_listen(struct np_pipe *pipe, struct np_inst *inst)
{
	lockdep_assert_held(&pipe->lock);
	lockdep_assert_held(&inst->lock);
	WRITE_ONCE(inst->state, NPIPE_STATE_LISTENING);
	list_add_tail(&inst->listen_node, &pipe->listeners);
	atomic_inc(&pipe->nr_listening);
	wake_up_all(&pipe->wait_wq);
}

/* Take @inst off the listeners.  Context: pipe->lock and inst->lock held. */
static void np_unlisten(struct np_pipe *pipe, struct np_inst *inst)
{
	lockdep_assert_held(&pipe->lock);
	lockdep_assert_held(&inst->lock);
	if (list_empty(&inst->listen_node))
		return;
	list_del_init(&inst->listen_node);
	atomic_dec(&pipe->nr_listening);
}

struct file *np_file_create(struct np_handle *h, u32 flags)
{
	int oflags = O_RDWR | ((flags & NPIPE_MODE_NOWAIT) ? O_NONBLOCK : 0);
	struct file *file;

	file = anon_inode_getfile("[npipe]", &np_inst_fops, h, oflags);
	if (!IS_ERR(file))
		h->file = file;
	return file;
}

/*
 * Publish a prepared file as the reserved @fd, or undo both.  The fd and the
 * file are made before the handle becomes visible to a peer, so that this
 * is the only step after it, and it cannot fail.
 */
long np_publish(int fd, struct file *file, long err)
{
	if (err) {
		fput(file);
		put_unused_fd(fd);
		return err;
	}
	fd_install(fd, file);
	return fd;
}

static int np_create_check(const struct npipe_create *args)
{
	u32 dir = args->flags & NPIPE_CREATE_DUPLEX;

	if (args->flags & ~NP_CREATE_FLAGS || !dir)
		return -EINVAL;
	if ((args->flags & NPIPE_MODE_MESSAGE_READ) &&
	    !(args->flags & NPIPE_CREATE_MESSAGE_TYPE))
		return -EINVAL;
	if (!args->max_instances ||
	    args->max_instances > NPIPE_UNLIMITED_INSTANCES)
		return -EINVAL;
	if (args->mode & ~0777)
		return -EINVAL;
	return 0;
}

/* Checks for adding an instance to an existing pipe, in Windows' order. */
static int np_add_check(const struct np_pipe *pipe,
			const struct npipe_create *args)
{
	if (!np_may_own(&pipe->name))
		return -EACCES;
	if (pipe->max_instances != NPIPE_UNLIMITED_INSTANCES &&
	    pipe->nr_instances >= pipe->max_instances)
		return -EBUSY;
	if (args->flags & NPIPE_CREATE_FIRST_INSTANCE)
		return -EEXIST;
	if ((args->flags ^ pipe->flags) & NPIPE_CREATE_DUPLEX)
		return -EACCES;
	/*
	 * The type is the first instance's: message read mode on a byte
	 * pipe is the invalid combination it is on a first instance.
	 */
	if ((args->flags & NPIPE_MODE_MESSAGE_READ) &&
	    !(pipe->flags & NPIPE_CREATE_MESSAGE_TYPE))
		return -EINVAL;
	return 0;
}

static void np_pipe_setup(struct np_pipe *pipe, const struct npipe_create *args)
{
	pipe->flags = args->flags &
		      (NPIPE_CREATE_DUPLEX | NPIPE_CREATE_MESSAGE_TYPE);
	pipe->max_instances = args->max_instances;
	pipe->default_timeout = args->default_timeout ?:
				NPIPE_DEFAULT_TIMEOUT_NS;
}

/*
 * Find or add @newp's pipe and count @inst in it, charging the instance
 * (and a new pipe) to the creator, whose user is inst->srv.user.
 * Context: np_reg_lock held.
 * Return: 0 with *newp consumed if it became the pipe, or a -errno.
 */
static int np_register(struct np_inst *inst, struct np_pipe **newp,
		       const struct npipe_create *args)
{
	struct np_user *user = inst->srv.user;
	struct np_pipe *pipe = NULL;
	struct np_name *found;
	int err;

	lockdep_assert_held(&np_reg_lock);
	found = np_name_lookup((*newp)->name.str, (*newp)->name.len,
			       NP_KIND_PIPE);
	if (found) {
		pipe = container_of(found, struct np_pipe, name);
		err = np_add_check(pipe, args);
		if (err)
			return err;
	}
	err = np_user_charge(user, NP_COUNT_INSTANCES);
	if (err)
		return err;
	if (!pipe) {
		err = np_name_add(&(*newp)->name, user);
		if (err)
			goto err_uncharge;
		pipe = *newp;
		*newp = NULL;
	} else {
		kref_get(&pipe->name.ref);
	}
	inst->pipe = pipe;
	inst->registered = true;
	inst->charged = true;
	WRITE_ONCE(pipe->nr_instances, pipe->nr_instances + 1);

	mutex_lock(&pipe->lock);
	mutex_lock(&inst->lock);
	np_listen(pipe, inst);
	mutex_unlock(&inst->lock);
	mutex_unlock(&pipe->lock);
	return 0;

err_uncharge:
	np_user_uncharge(user, NP_COUNT_INSTANCES);
	return err;
}

static void np_srv_setup(struct np_inst *inst, u32 pipe_flags, u32 flags)
{
	inst->srv.can_read = pipe_flags & NPIPE_CREATE_INBOUND;
	inst->srv.can_write = pipe_flags & NPIPE_CREATE_OUTBOUND;
	inst->srv.rmode = flags & NPIPE_MODE_MESSAGE_READ;
}

long np_ioctl_create(void __user *argp)
{
	struct npipe_create args;
	char name[NPIPE_NAME_MAX];
	struct np_pipe *newp;
	struct np_user *user;
	struct np_inst *inst;
	struct file *file;
	long err;
	int fd;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	err = np_create_check(&args);
	if (err)
		return err;
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
	newp = np_pipe_alloc(NP_KIND_PIPE, name, args.name_len, args.mode);
	if (!newp)
		goto err_user;
	np_pipe_setup(newp, &args);
	inst = np_inst_alloc(args.out_quota, args.in_quota);
	if (!inst)
		goto err_pipe;
	inst->srv.user = np_user_get(user);
	file = np_file_create(&inst->srv, args.flags);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto err_inst;
	}

	mutex_lock(&np_reg_lock);
	err = np_register(inst, &newp, &args);
	if (!err)
		np_srv_setup(inst, inst->pipe->flags, args.flags);
	mutex_unlock(&np_reg_lock);
	kfree(newp);
	np_user_put(user);
	/* On error the file's release puts the instance. */
	return np_publish(fd, file, err);

err_inst:
	np_inst_put(inst);
err_pipe:
	kfree(newp);
err_user:
	np_user_put(user);
err_fd:
	put_unused_fd(fd);
	return err;
}

static int np_open_check(const struct np_pipe *pipe, u32 flags)
{
	if ((flags & NPIPE_OPEN_READ) && !(pipe->flags & NPIPE_CREATE_OUTBOUND))
		return -EACCES;
	if ((flags & NPIPE_OPEN_WRITE) && !(pipe->flags & NPIPE_CREATE_INBOUND))
		return -EACCES;
	if (!np_may_open(&pipe->name, flags))
		return -EACCES;
	return 0;
}

/* Record the opener of @inst.  Context: inst->lock held. */
void np_set_client(struct np_inst *inst, struct np_handle *h)
{
	lockdep_assert_held(&inst->lock);
	WRITE_ONCE(inst->client, h);
	h->inst = inst;
	kref_get(&inst->ref);
	put_pid(inst->client_pid);
	inst->client_pid = get_task_pid(current, PIDTYPE_TGID);
	inst->client_uid = current_euid();
	inst->client_gid = current_egid();
	inst->has_client = true;
}

/* Connect @h to a listening instance of @pipe.  Return: 0 or -errno. */
static int np_connect_client(struct np_pipe *pipe, struct np_handle *h)
{
	struct np_inst *inst;

	mutex_lock(&pipe->lock);
	inst = list_first_entry_or_null(&pipe->listeners, struct np_inst,
					listen_node);
	if (!inst) {
		mutex_unlock(&pipe->lock);
		return READ_ONCE(pipe->name.dead) ? -ENOENT : -EBUSY;
	}
	mutex_lock(&inst->lock);
	np_unlisten(pipe, inst);
	np_set_client(inst, h);
	WRITE_ONCE(inst->state, NPIPE_STATE_CONNECTED);
	mutex_unlock(&inst->lock);
	mutex_unlock(&pipe->lock);
	wake_up_interruptible_poll(&inst->conn_wait, EPOLLOUT | EPOLLWRNORM);
	return 0;
}

long np_ioctl_open(void __user *argp)
{
	struct npipe_open args;
	struct np_pipe *pipe;
	struct np_handle *h;
	struct file *file;
	long err;
	int fd;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~NP_OPEN_FLAGS)
		return -EINVAL;
	pipe = np_pipe_get_user(args.name, args.name_len);
	if (IS_ERR(pipe))
		return PTR_ERR(pipe);
	err = np_open_check(pipe, args.flags);
	if (err)
		goto err_pipe;
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		err = fd;
		goto err_pipe;
	}
	err = -ENOMEM;
	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		goto err_fd;
	h->user = np_user_get_current();
	if (IS_ERR(h->user)) {
		err = PTR_ERR(h->user);
		goto err_handle;
	}
	h->can_read = args.flags & NPIPE_OPEN_READ;
	h->can_write = args.flags & NPIPE_OPEN_WRITE;
	file = np_file_create(h, args.flags);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto err_user;
	}
	/* On error the file's release frees the handle. */
	err = np_publish(fd, file, np_connect_client(pipe, h));
	np_pipe_put(pipe);
	return err;

err_user:
	np_user_put(h->user);
err_handle:
	kfree(h);
err_fd:
	put_unused_fd(fd);
err_pipe:
	np_pipe_put(pipe);
	return err;
}

/* WAIT's condition: an instance listens (1) or the pipe is gone. */
static int np_listening(const void *arg)
{
	const struct np_pipe *pipe = arg;

	if (atomic_read(&pipe->nr_listening))
		return 1;
	return READ_ONCE(pipe->name.dead) ? -ENOENT : 0;
}

long np_ioctl_wait(void __user *argp)
{
	struct npipe_wait args;
	struct np_pipe *pipe;
	long err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~NPIPE_WAIT_DEFAULT)
		return -EINVAL;
	pipe = np_pipe_get_user(args.name, args.name_len);
	if (IS_ERR(pipe))
		return PTR_ERR(pipe);
	if (args.flags & NPIPE_WAIT_DEFAULT) {
		/* Fix the deadline now, so that a restart keeps it. */
		args.timeout = np_deadline_after(pipe->default_timeout);
		args.flags = 0;
		err = -EFAULT;
		if (copy_to_user(argp, &args, sizeof(args)))
			goto out;
	}
	err = np_wait_deadline(&pipe->wait_wq, np_listening, pipe,
			       args.timeout);
out:
	np_pipe_put(pipe);
	return err;
}

static long np_ioctl_connect(struct np_handle *h)
{
	struct np_inst *inst = h->inst;
	struct np_pipe *pipe = inst->pipe;
	long err = 0;

	if (!h->server || np_pipe_is_anon(pipe))
		return -ENOTTY;
	mutex_lock(&pipe->lock);
	mutex_lock(&inst->lock);
	switch (inst->state) {
	case NPIPE_STATE_CONNECTED:
		err = -EISCONN;
		break;
	case NPIPE_STATE_CLOSING:
		err = -ESHUTDOWN;
		break;
	case NPIPE_STATE_DISCONNECTED:
		np_listen(pipe, inst);
		break;
	}
	mutex_unlock(&inst->lock);
	mutex_unlock(&pipe->lock);
	if (err)
		return err;
	if (h->file->f_flags & O_NONBLOCK)
		return -ENOTCONN;
	/* Listening persists, so a restart just goes on waiting. */
	if (wait_event_interruptible(inst->conn_wait,
				     READ_ONCE(inst->state) !=
				     NPIPE_STATE_LISTENING))
		return -ERESTARTSYS;
	return 0;
}

static long np_ioctl_disconnect(struct np_handle *h)
{
	struct np_inst *inst = h->inst;
	LIST_HEAD(freelist);
	long err = 0;

	if (!h->server || np_pipe_is_anon(inst->pipe))
		return -ENOTTY;
	mutex_lock(&inst->lock);
	switch (inst->state) {
	case NPIPE_STATE_LISTENING:
		err = -ENOTCONN;
		break;
	case NPIPE_STATE_DISCONNECTED:
		err = -ECONNRESET;
		break;
	default:
		np_queue_discard(&inst->q[NP_TO_SERVER], &freelist);
		np_queue_discard(&inst->q[NP_TO_CLIENT], &freelist);
		WRITE_ONCE(inst->client, NULL);
		WRITE_ONCE(inst->state, NPIPE_STATE_DISCONNECTED);
	}
	mutex_unlock(&inst->lock);
	if (!err)
		np_wake_all(inst, EPOLLHUP | EPOLLERR);
	np_msgs_free(NULL, &freelist);
	return err;
}

/*
 * Peer ids.  A disconnected client end is shown no client: the instance
 * may serve someone else by now.  Context: inst->lock held.
 */
static void np_info_ids(const struct np_handle *h, struct npipe_info *info)
{
	struct user_namespace *ns = current_user_ns();
	const struct np_inst *inst = h->inst;

	lockdep_assert_held(&inst->lock);
	info->server_pid = pid_vnr(inst->server_pid);
	info->server_uid = from_kuid_munged(ns, inst->server_uid);
	info->server_gid = from_kgid_munged(ns, inst->server_gid);
	info->client_pid = 0;
	info->client_uid = (u32)-1;
	info->client_gid = (u32)-1;
	if (inst->has_client && (h->server || inst->client == h)) {
		info->client_pid = pid_vnr(inst->client_pid);
		info->client_uid = from_kuid_munged(ns, inst->client_uid);
		info->client_gid = from_kgid_munged(ns, inst->client_gid);
	}
}

static u32 np_info_flags(const struct np_handle *h)
{
	u32 pflags = h->inst->pipe->flags, flags = 0;

	if (h->server)
		flags |= NPIPE_INFO_SERVER_END;
	if (pflags & NPIPE_CREATE_MESSAGE_TYPE)
		flags |= NPIPE_INFO_MESSAGE_TYPE;
	if (pflags & NPIPE_CREATE_INBOUND)
		flags |= NPIPE_INFO_INBOUND;
	if (pflags & NPIPE_CREATE_OUTBOUND)
		flags |= NPIPE_INFO_OUTBOUND;
	if (h->can_read)
		flags |= NPIPE_INFO_CAN_READ;
	if (h->can_write)
		flags |= NPIPE_INFO_CAN_WRITE;
	return flags;
}

static u32 np_handle_mode(const struct np_handle *h)
{
	u32 mode = READ_ONCE(h->rmode);

	if (h->file->f_flags & O_NONBLOCK)
		mode |= NPIPE_MODE_NOWAIT;
	return mode;
}

static long np_ioctl_get_info(struct np_handle *h, void __user *argp)
{
	struct np_inst *inst = h->inst;
	struct np_pipe *pipe = inst->pipe;
	struct npipe_info info = {
		.default_timeout = pipe->default_timeout,
		.flags = np_info_flags(h),
		.mode = np_handle_mode(h),
		.max_instances = pipe->max_instances,
		.cur_instances = READ_ONCE(pipe->nr_instances),
		.out_quota = inst->q[NP_TO_CLIENT].quota,
		.in_quota = inst->q[NP_TO_SERVER].quota,
	};

	mutex_lock(&inst->lock);
	info.state = np_view(h);
	np_info_ids(h, &info);
	mutex_unlock(&inst->lock);
	if (copy_to_user(argp, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

static long np_ioctl_set_mode(struct np_handle *h, u32 __user *argp)
{
	struct file *file = h->file;
	u32 mode;

	if (get_user(mode, argp))
		return -EFAULT;
	if (mode & ~NP_MODE_FLAGS)
		return -EINVAL;
	if ((mode & NPIPE_MODE_MESSAGE_READ) && !np_is_msg_type(h->inst))
		return -EINVAL;
	WRITE_ONCE(h->rmode, mode & NPIPE_MODE_MESSAGE_READ);
	spin_lock(&file->f_lock);
	if (mode & NPIPE_MODE_NOWAIT)
		file->f_flags |= O_NONBLOCK;
	else
		file->f_flags &= ~O_NONBLOCK;
	spin_unlock(&file->f_lock);
	return 0;
}

static long np_inst_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct np_handle *h = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case NPIPE_IOC_CONNECT:
		return np_ioctl_connect(h);
	case NPIPE_IOC_DISCONNECT:
		return np_ioctl_disconnect(h);
	case NPIPE_IOC_READ:
		return np_ioctl_read(h, argp);
	case NPIPE_IOC_WRITE:
		return np_ioctl_write(h, argp);
	case NPIPE_IOC_PEEK:
		return np_ioctl_peek(h, argp);
	case NPIPE_IOC_TRANSACT:
		return np_ioctl_transact(h, argp);
	case NPIPE_IOC_FLUSH:
		return np_ioctl_flush(h);
	case NPIPE_IOC_GET_INFO:
		return np_ioctl_get_info(h, argp);
	case NPIPE_IOC_SET_MODE:
		return np_ioctl_set_mode(h, argp);
	default:
		return -ENOIOCTLCMD;
	}
}

/**
 * np_inst_unregister() - take a closing server end's instance off its pipe
 * @inst: the instance
 *
 * The pipe's name goes with its last instance, at once, even while client
 * ends stay open (they keep the pipe object, not the name).
 */
void np_inst_unregister(struct np_inst *inst)
{
	struct np_pipe *pipe = inst->pipe;

	mutex_lock(&np_reg_lock);
	if (inst->registered) {
		inst->registered = false;
		WRITE_ONCE(pipe->nr_instances, pipe->nr_instances - 1);
		if (!pipe->nr_instances) {
			np_name_del(&pipe->name);
			wake_up_all(&pipe->wait_wq);	/* WAIT: -ENOENT */
		}
	}
	mutex_unlock(&np_reg_lock);
}

/*
 * The server end goes: its instance leaves the pipe (the name goes with the
 * last one), unread data sent to it is dropped, and a client drains what
 * the server wrote, then sees a broken pipe.
 */
static void np_server_release(struct np_inst *inst)
{
	struct np_pipe *pipe = inst->pipe;
	LIST_HEAD(freelist);

	if (pipe) {
		mutex_lock(&pipe->lock);
		mutex_lock(&inst->lock);
		np_unlisten(pipe, inst);
		WRITE_ONCE(inst->server_gone, true);
		np_queue_discard(&inst->q[NP_TO_SERVER], &freelist);
		mutex_unlock(&inst->lock);
		mutex_unlock(&pipe->lock);
		np_inst_unregister(inst);
		np_wake_all(inst, EPOLLHUP);
		np_msgs_free(NULL, &freelist);
	}
	np_inst_put(inst);
}

/* The client end goes: the server sees CLOSING until it disconnects. */
static void np_client_release(struct np_handle *h)
{
	struct np_inst *inst = h->inst;
	LIST_HEAD(freelist);

	if (inst) {
		mutex_lock(&inst->lock);
		if (inst->client == h) {
			WRITE_ONCE(inst->client, NULL);
			WRITE_ONCE(inst->state, NPIPE_STATE_CLOSING);
			np_queue_discard(&inst->q[NP_TO_CLIENT], &freelist);
		}
		mutex_unlock(&inst->lock);
		np_wake_all(inst, EPOLLHUP);
		np_msgs_free(NULL, &freelist);
		np_inst_put(inst);
	}
	np_user_put(h->user);
	kfree(h);
}

static int np_inst_release_file(struct inode *inode, struct file *file)
{
	struct np_handle *h = file->private_data;

	if (h->server)
		np_server_release(h->inst);
	else
		np_client_release(h);
	return 0;
}

static ssize_t np_fop_read(struct file *file, char __user *buf, size_t len,
			   loff_t *ppos)
{
	struct np_handle *h = file->private_data;
	ssize_t ret;

	ret = np_inst_read(h, buf, len, file->f_flags & O_NONBLOCK,
			   READ_ONCE(h->rmode), NULL);
	return ret == -EPIPE ? 0 : ret;		/* end of file, for POSIX */
}

static ssize_t np_fop_write(struct file *file, const char __user *buf,
			    size_t len, loff_t *ppos)
{
	struct np_handle *h = file->private_data;
	ssize_t ret;

	ret = np_inst_write(h, buf, len, file->f_flags & O_NONBLOCK);
	if (ret == -ESHUTDOWN || ret == -EPIPE) {
		send_sig(SIGPIPE, current, 0);	/* as a pipe does */
		ret = -EPIPE;
	}
	return ret;
}

static __poll_t np_fop_poll(struct file *file, poll_table *wait)
{
	struct np_handle *h = file->private_data;

	poll_wait(file, &np_rx(h)->rd_wait, wait);
	poll_wait(file, &np_tx(h)->wr_wait, wait);
	if (h->server)
		poll_wait(file, &h->inst->conn_wait, wait);
	return np_poll_mask(h);
}

const struct file_operations np_inst_fops = {
	.owner		= THIS_MODULE,
	.read		= np_fop_read,
	.write		= np_fop_write,
	.poll		= np_fop_poll,
	.unlocked_ioctl	= np_inst_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.release	= np_inst_release_file,
};
