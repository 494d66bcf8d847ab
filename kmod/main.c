// SPDX-License-Identifier: GPL-2.0-only
/*
 * npipe: Win32-style named pipes, anonymous pipes and mailslots.
 *
 * The /dev/npipe misc device is a factory: its ioctls create the objects,
 * each of which is a file descriptor of its own (see instance.c).
 */
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "npipe.h"

/* Past this a single message could not be allocated anyway. */
#define NP_MSG_SIZE_LIMIT	(64U << 20)

static int np_set_msg_size(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int err = kstrtouint(val, 0, &n);

	if (err)
		return err;
	if (n > NP_MSG_SIZE_LIMIT)
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, n);
	return 0;
}

static const struct kernel_param_ops np_msg_size_ops = {
	.set = np_set_msg_size,
	.get = param_get_uint,
};

unsigned int np_max_msg_size = 1 << 20;
module_param_cb(max_msg_size, &np_msg_size_ops, &np_max_msg_size, 0644);
MODULE_PARM_DESC(max_msg_size,
		 "Largest single write, bytes, at most 64 MiB (EMSGSIZE above)");

unsigned int np_max_overquota = 1 << 20;
module_param_named(max_overquota, np_max_overquota, uint, 0644);
MODULE_PARM_DESC(max_overquota,
		 "Bytes queued per direction beyond the quota before writers wait (or get EAGAIN)");

unsigned int np_max_user_pipes = 4096;
module_param_named(max_user_pipes, np_max_user_pipes, uint, 0644);
MODULE_PARM_DESC(max_user_pipes, "Pipes and mailslots per user (EDQUOT above)");

unsigned int np_max_user_instances = 16384;
module_param_named(max_user_instances, np_max_user_instances, uint, 0644);
MODULE_PARM_DESC(max_user_instances, "Pipe instances per user (EDQUOT above)");

unsigned long np_max_user_bytes = 64UL << 20;
module_param_named(max_user_bytes, np_max_user_bytes, ulong, 0644);
MODULE_PARM_DESC(max_user_bytes,
		 "Memory a user's unread messages may hold, bytes, over all its pipes and mailslots (EDQUOT above)");

static long np_ctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case NPIPE_IOC_CREATE:
		return np_ioctl_create(argp);
	case NPIPE_IOC_OPEN:
		return np_ioctl_open(argp);
	case NPIPE_IOC_WAIT:
		return np_ioctl_wait(argp);
	case NPIPE_IOC_CREATE_ANON:
		return np_ioctl_create_anon(argp);
	case NPIPE_IOC_MAILSLOT_CREATE:
		return np_ioctl_mailslot_create(argp);
	case NPIPE_IOC_MAILSLOT_OPEN:
		return np_ioctl_mailslot_open(argp);
	default:
		return -ENOIOCTLCMD;
	}
}

static const struct file_operations np_ctl_fops = {
	.owner		= THIS_MODULE,
	.open		= nonseekable_open,
	.unlocked_ioctl	= np_ctl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice np_misc = {
	.minor		= MISC_DYNAMIC_MINOR,
	.name		= "npipe",
	.fops		= &np_ctl_fops,
	.mode		= 0666,
};

static int __init np_init(void)
{
	int err;

	err = np_registry_init();
	if (err)
		return err;
	err = misc_register(&np_misc);
	if (err)
		np_registry_exit();
	return err;
}

static void __exit np_exit(void)
{
	misc_deregister(&np_misc);
	np_registry_exit();
}

module_init(np_init);
module_exit(np_exit);

MODULE_AUTHOR("npipe developers");
MODULE_DESCRIPTION("Win32-style named pipes, anonymous pipes and mailslots");
MODULE_LICENSE("GPL");
