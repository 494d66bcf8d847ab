// SPDX-License-Identifier: GPL-2.0-only
/*
 * npipe: Win32-style named pipes.  The /dev/npipe misc device.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/npipe.h>

static long np_ctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	default:
		return -ENOIOCTLCMD;
	}
}

static const struct file_operations np_ctl_fops = {
	.owner		= THIS_MODULE,
	.open		= nonseekable_open,
	.unlocked_ioctl	= np_ctl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice np_misc = {
	.minor		= MISC_DYNAMIC_MINOR,
	.name		= "npipe",
	.fops		= &np_ctl_fops,
	.mode		= 0666,
};

module_misc_device(np_misc);

MODULE_AUTHOR("npipe developers");
MODULE_DESCRIPTION("Win32-style named pipes");
MODULE_LICENSE("GPL");
