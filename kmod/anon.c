// SPDX-License-Identifier: GPL-2.0-only
/*
 * npipe anonymous pipes (CreatePipe): one nameless, inbound, byte-type
 * instance whose server end is the read end and whose client end, connected
 * from the start, is the write end.  Everything else is the named-pipe
 * machinery, so peek, info and the error codes are those of Windows.
 */
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "npipe.h"

/*
 * Count the pipe and its instance against the creator's limits.
 * Context: np_reg_lock held.
 */
static int np_anon_register(struct np_inst *inst)
{
	struct np_user *user = inst->srv.user;
	struct np_pipe *pipe = inst->pipe;
	int err;

	lockdep_assert_held(&np_reg_lock);
	err = np_name_add(&pipe->name, user);
	if (err)
		return err;
	err = np_user_charge(user, NP_COUNT_INSTANCES);
	if (err) {
		np_name_del(&pipe->name);
		return err;
	}
	inst->registered = true;
	inst->charged = true;
	pipe->nr_instances = 1;
	return 0;
}

/* The instance, its server end the read end; @user is the creator. */
static struct np_inst *np_anon_alloc(u32 size, struct np_user *user)
{
	struct np_pipe *pipe;
	struct np_inst *inst;

	size = size ?: NPIPE_ANON_DEFAULT_SIZE;
	pipe = np_pipe_alloc(NP_KIND_ANON, "", 0, 0);
	if (!pipe)
		return NULL;
	pipe->flags = NPIPE_CREATE_INBOUND;
	pipe->max_instances = 1;
	pipe->default_timeout = NPIPE_DEFAULT_TIMEOUT_NS;
	inst = np_inst_alloc(size, size);	/* both reported, as Windows does */
	if (!inst) {
		np_pipe_put(pipe);
		return NULL;
	}
	inst->pipe = pipe;
	inst->srv.user = np_user_get(user);
	inst->srv.can_read = true;
	return inst;
}

static int np_anon_fds(struct file **files, struct npipe_anon *args,
		       void __user *argp)
{
	int fds[2], i, err = 0;

	for (i = 0; i < 2; i++) {
		fds[i] = get_unused_fd_flags(O_CLOEXEC);
		if (fds[i] < 0)
			err = fds[i];
	}
	args->read_fd = fds[0];
	args->write_fd = fds[1];
	if (!err && copy_to_user(argp, args, sizeof(*args)))
		err = -EFAULT;
	for (i = 0; i < 2; i++) {
		if (err) {
			if (fds[i] >= 0)
				put_unused_fd(fds[i]);
			fput(files[i]);
		} else {
			fd_install(fds[i], files[i]);
		}
	}
	return err;
}

/* Connect the write end: the pipe is connected from the start. */
static void np_anon_connect(struct np_inst *inst, struct np_handle *wh)
{
	mutex_lock(&inst->lock);
	np_set_client(inst, wh);
	WRITE_ONCE(inst->state, NPIPE_STATE_CONNECTED);
	mutex_unlock(&inst->lock);
}

long np_ioctl_create_anon(void __user *argp)
{
	struct npipe_anon args;
	struct file *files[2];
	struct np_handle *wh;
	struct np_user *user;
	struct np_inst *inst;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~NPIPE_MODE_NOWAIT)
		return -EINVAL;
	user = np_user_get_current();
	if (IS_ERR(user))
		return PTR_ERR(user);
	err = -ENOMEM;
	wh = kzalloc(sizeof(*wh), GFP_KERNEL_ACCOUNT);
	if (!wh)
		goto err_user;
	wh->user = np_user_get(user);
	wh->can_write = true;
	inst = np_anon_alloc(args.size, user);
	if (!inst)
		goto err_handle;

	mutex_lock(&np_reg_lock);
	err = np_anon_register(inst);
	mutex_unlock(&np_reg_lock);
	if (err)
		goto err_inst;
	files[0] = np_file_create(&inst->srv, args.flags);
	if (IS_ERR(files[0])) {
		err = PTR_ERR(files[0]);
		goto err_unregister;
	}
	files[1] = np_file_create(wh, args.flags);
	if (IS_ERR(files[1])) {
		err = PTR_ERR(files[1]);
		fput(files[0]);		/* unregisters and puts the instance */
		goto err_handle;
	}
	np_user_put(user);
	np_anon_connect(inst, wh);
	return np_anon_fds(files, &args, argp);

err_unregister:
	np_inst_unregister(inst);
err_inst:
	np_inst_put(inst);
err_handle:
	np_user_put(wh->user);
	kfree(wh);
err_user:
	np_user_put(user);
	return err;
}
