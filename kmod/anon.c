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

/* Count the pipe and its instance against the caller's limits. */
static int np_anon_register(struct np_inst *inst, struct np_user **spare)
{
	struct np_pipe *pipe = inst->pipe;
	struct np_user *user;
	int err = 0;

	mutex_lock(&np_reg_lock);
	user = np_user_charge(spare, true);
	if (IS_ERR(user)) {
		err = PTR_ERR(user);
		goto out;
	}
	pipe->user = user;
	user = np_user_charge(spare, false);
	if (IS_ERR(user)) {
		np_user_uncharge(pipe->user, true);
		err = PTR_ERR(user);
		goto out;
	}
	inst->user = user;
	inst->srv.user = np_user_get(user);
	inst->registered = true;
	pipe->nr_instances = 1;
out:
	mutex_unlock(&np_reg_lock);
	return err;
}

static struct np_inst *np_anon_alloc(u32 size)
{
	struct np_pipe *pipe;
	struct np_inst *inst;

	size = size ?: NPIPE_ANON_DEFAULT_SIZE;
	pipe = np_pipe_alloc("", 0, NP_KIND_PIPE);
	if (!pipe)
		return NULL;
	pipe->anon = true;
	pipe->flags = NPIPE_CREATE_INBOUND;
	pipe->max_instances = 1;
	pipe->default_timeout = NPIPE_DEFAULT_TIMEOUT_NS;
	pipe->mode = 0600;
	inst = np_inst_alloc(size, size);	/* both reported, as Windows does */
	if (!inst) {
		np_pipe_put(pipe);
		return NULL;
	}
	inst->pipe = pipe;
	inst->srv.can_read = true;
	return inst;
}

/* Make the two ends' files.  On failure everything is undone. */
static int np_anon_files(struct np_inst *inst, struct np_handle *wh, u32 flags,
			 struct file **files)
{
	files[0] = np_file_create(&inst->srv, flags);
	if (IS_ERR(files[0])) {
		np_inst_unregister(inst);
		np_inst_put(inst);
		np_user_put(wh->user);
		kfree(wh);
		return PTR_ERR(files[0]);
	}
	files[1] = np_file_create(wh, flags);
	if (IS_ERR(files[1])) {
		fput(files[0]);
		np_user_put(wh->user);
		kfree(wh);
		return PTR_ERR(files[1]);
	}
	return 0;
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

long np_ioctl_create_anon(void __user *argp)
{
	struct np_user *spare = NULL;
	struct npipe_anon args;
	struct file *files[2];
	struct np_handle *wh;
	struct np_inst *inst;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~NPIPE_MODE_NOWAIT)
		return -EINVAL;
	inst = np_anon_alloc(args.size);
	wh = kzalloc(sizeof(*wh), GFP_KERNEL_ACCOUNT);
	spare = kzalloc(sizeof(*spare), GFP_KERNEL_ACCOUNT);
	err = -ENOMEM;
	if (!inst || !wh || !spare)
		goto fail;
	wh->can_write = true;
	err = np_anon_register(inst, &spare);
	if (err)
		goto fail;
	kfree(spare);
	wh->user = np_user_get(inst->srv.user);
	err = np_anon_files(inst, wh, args.flags, files);
	if (err)
		return err;

	mutex_lock(&inst->lock);
	np_set_client(inst, wh);
	WRITE_ONCE(inst->state, NPIPE_STATE_CONNECTED);
	mutex_unlock(&inst->lock);
	return np_anon_fds(files, &args, argp);

fail:
	if (inst)
		np_inst_put(inst);
	kfree(wh);
	kfree(spare);
	return err;
}
