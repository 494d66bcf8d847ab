// SPDX-License-Identifier: GPL-2.0-only
/*
 * npipe name registry: pipe names, their lifetime, access checks and the
 * per-user counts.
 *
 * Names are folded to ASCII lower case once, when copied in, so hashing and
 * comparing are plain byte operations; bytes 0x80-0xff are left as they are
 * (Windows folds them with its Unicode table, which a byte string cannot
 * know the encoding of).  The table is an rhashtable, so lookups cost the
 * same with ten pipes or a hundred thousand.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "npipe.h"

/* The name table, pipe->nr_instances and ->dead, the per-user counts. */
DEFINE_MUTEX(np_reg_lock);

/* Pipes and mailslots are two name spaces in one table: @kind tells them. */
struct np_key {
	const char *name;
	u32 len;
	u32 kind;
};

static u32 np_key_hash(const void *data, u32 len, u32 seed)
{
	const struct np_key *key = data;

	return jhash(key->name, key->len, seed ^ key->kind);
}

static u32 np_obj_hash(const void *data, u32 len, u32 seed)
{
	const struct np_pipe *pipe = data;

	return jhash(pipe->name, pipe->name_len, seed ^ pipe->kind);
}

static int np_obj_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct np_key *key = arg->key;
	const struct np_pipe *pipe = obj;

	return pipe->kind != key->kind || pipe->name_len != key->len ||
	       memcmp(pipe->name, key->name, key->len);
}

static const struct rhashtable_params np_ht_params = {
	.head_offset		= offsetof(struct np_pipe, hnode),
	.hashfn			= np_key_hash,
	.obj_hashfn		= np_obj_hash,
	.obj_cmpfn		= np_obj_cmp,
	.automatic_shrinking	= true,
};

static struct rhashtable np_names;		/* np_reg_lock */
static DEFINE_HASHTABLE(np_users, 6);		/* np_reg_lock */

int np_registry_init(void)
{
	return rhashtable_init(&np_names, &np_ht_params);
}

void np_registry_exit(void)
{
	/* Every file pins the module, so the table is empty by now. */
	rhashtable_destroy(&np_names);
}

/**
 * np_name_copy() - copy a pipe name from user space, validated and folded
 * @buf: NPIPE_NAME_MAX bytes
 * @uname: user pointer
 * @len: name length
 *
 * Return: 0, -EINVAL (empty, NUL or backslash), -ENAMETOOLONG or -EFAULT.
 */
int np_name_copy(char *buf, u64 uname, u32 len)
{
	u32 i;

	if (!len)
		return -EINVAL;
	if (len > NPIPE_NAME_MAX)
		return -ENAMETOOLONG;
	if (copy_from_user(buf, u64_to_user_ptr(uname), len))
		return -EFAULT;
	for (i = 0; i < len; i++) {
		if (buf[i] == '\0' || buf[i] == '\\')
			return -EINVAL;
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] += 'a' - 'A';
	}
	return 0;
}

struct np_pipe *np_pipe_alloc(const char *name, u32 len, u32 kind)
{
	struct np_pipe *pipe;

	pipe = kzalloc(struct_size(pipe, name, len), GFP_KERNEL_ACCOUNT);
	if (!pipe)
		return NULL;
	kref_init(&pipe->ref);
	mutex_init(&pipe->lock);
	INIT_LIST_HEAD(&pipe->listeners);
	atomic_set(&pipe->nr_listening, 0);
	init_waitqueue_head(&pipe->wait_wq);
	pipe->kind = kind;
	pipe->name_len = len;
	memcpy(pipe->name, name, len);
	pipe->owner = current_fsuid();
	pipe->group = current_fsgid();
	return pipe;
}

static void np_pipe_release(struct kref *ref)
{
	struct np_pipe *pipe = container_of(ref, struct np_pipe, ref);

	mutex_destroy(&pipe->lock);
	kfree_rcu(pipe, rcu);
}

void np_pipe_put(struct np_pipe *pipe)
{
	kref_put(&pipe->ref, np_pipe_release);
}

/* Context: np_reg_lock held.  Return: the live object of that name, or NULL. */
struct np_pipe *np_pipe_lookup(const char *name, u32 len, u32 kind)
{
	struct np_key key = { .name = name, .len = len, .kind = kind };

	lockdep_assert_held(&np_reg_lock);
	return rhashtable_lookup_fast(&np_names, &key, np_ht_params);
}

/* Context: np_reg_lock held. */
int np_pipe_insert(struct np_pipe *pipe)
{
	lockdep_assert_held(&np_reg_lock);
	return rhashtable_insert_fast(&np_names, &pipe->hnode, np_ht_params);
}

/* Context: np_reg_lock held. */
static struct np_user *np_user_find(kuid_t uid)
{
	struct np_user *user;

	lockdep_assert_held(&np_reg_lock);
	hash_for_each_possible(np_users, user, node, __kuid_val(uid))
		if (uid_eq(user->uid, uid))
			return user;
	return NULL;
}

/* Context: np_reg_lock held.  Return: @user, in the table, one reference. */
static struct np_user *np_user_add(struct np_user *user, kuid_t uid)
{
	lockdep_assert_held(&np_reg_lock);
	kref_init(&user->ref);
	user->uid = uid;
	hash_add(np_users, &user->node, __kuid_val(uid));
	return user;
}

static unsigned int *const np_user_limits[NP_NR_COUNTS] = {
	[NP_COUNT_PIPES]	= &np_max_user_pipes,
	[NP_COUNT_INSTANCES]	= &np_max_user_instances,
};

/**
 * np_user_charge() - count one more pipe or instance against @user's limit
 * @user: the user, found beforehand with np_user_get_current()
 * @what: what to count
 *
 * The count holds a reference on @user, dropped by np_user_uncharge().
 * Context: np_reg_lock held; the caller holds a reference on @user.
 * Return: 0, or -EDQUOT past the limit (CAP_SYS_RESOURCE is exempt).
 */
int np_user_charge(struct np_user *user, enum np_count what)
{
	lockdep_assert_held(&np_reg_lock);
	if (user->count[what] >= READ_ONCE(*np_user_limits[what]) &&
	    !capable(CAP_SYS_RESOURCE))
		return -EDQUOT;
	user->count[what]++;
	np_user_get(user);
	return 0;
}

/* The last reference went.  Context: np_reg_lock held. */
static void np_user_free(struct kref *ref)
{
	struct np_user *user = container_of(ref, struct np_user, ref);

	lockdep_assert_held(&np_reg_lock);
	WARN_ON_ONCE(atomic64_read(&user->bytes));
	hash_del(&user->node);
	kfree(user);
}

/* Context: np_reg_lock held. */
void np_user_uncharge(struct np_user *user, enum np_count what)
{
	lockdep_assert_held(&np_reg_lock);
	user->count[what]--;
	kref_put(&user->ref, np_user_free);
}

/* Context: the caller holds a reference. */
struct np_user *np_user_get(struct np_user *user)
{
	kref_get(&user->ref);
	return user;
}

/* kref_put_mutex() took np_reg_lock for the last reference. */
static void np_user_release(struct kref *ref)
{
	np_user_free(ref);
	mutex_unlock(&np_reg_lock);
}

/* Context: np_reg_lock not held (the last put takes it). */
void np_user_put(struct np_user *user)
{
	kref_put_mutex(&user->ref, np_user_release, &np_reg_lock);
}

/**
 * np_user_get_current() - the caller's user, found or added, with a reference
 *
 * For the handles that may write, which charge their messages to it, and
 * for np_user_charge(): the user is found (or allocated) before the caller
 * takes np_reg_lock, so that only the counts change under it.
 * Context: np_reg_lock not held.  Return: the user, or ERR_PTR(-ENOMEM).
 */
struct np_user *np_user_get_current(void)
{
	kuid_t uid = current_fsuid();
	struct np_user *user, *spare;

	mutex_lock(&np_reg_lock);
	user = np_user_find(uid);
	if (user)
		np_user_get(user);
	mutex_unlock(&np_reg_lock);
	if (user)
		return user;

	spare = kzalloc(sizeof(*spare), GFP_KERNEL_ACCOUNT);
	if (!spare)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&np_reg_lock);
	user = np_user_find(uid);
	if (user)
		np_user_get(user);
	else
		user = np_user_add(spare, uid);
	mutex_unlock(&np_reg_lock);
	if (user != spare)
		kfree(spare);
	return user;
}

/* Look a name up and take a reference.  Return: the object or ERR_PTR. */
struct np_pipe *np_pipe_get_user(u64 uname, u32 len, u32 kind)
{
	char name[NPIPE_NAME_MAX];
	struct np_pipe *pipe;
	int err;

	err = np_name_copy(name, uname, len);
	if (err)
		return ERR_PTR(err);
	mutex_lock(&np_reg_lock);
	pipe = np_pipe_lookup(name, len, kind);
	if (pipe)
		kref_get(&pipe->ref);
	mutex_unlock(&np_reg_lock);
	return pipe ?: ERR_PTR(-ENOENT);
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
	if (!inst->registered) {
		mutex_unlock(&np_reg_lock);
		return;
	}
	inst->registered = false;
	np_user_uncharge(inst->srv.user, NP_COUNT_INSTANCES);
	WRITE_ONCE(pipe->nr_instances, pipe->nr_instances - 1);
	if (!pipe->nr_instances)
		np_pipe_unhash(pipe);
	mutex_unlock(&np_reg_lock);
}

/**
 * np_pipe_unhash() - the name goes: new opens and waits find nothing
 * @pipe: a registered pipe or mailslot
 *
 * Context: np_reg_lock held.
 */
void np_pipe_unhash(struct np_pipe *pipe)
{
	lockdep_assert_held(&np_reg_lock);
	if (!pipe->anon)
		rhashtable_remove_fast(&np_names, &pipe->hnode, np_ht_params);
	np_user_uncharge(pipe->user, NP_COUNT_PIPES);
	WRITE_ONCE(pipe->dead, true);
	wake_up_all(&pipe->wait_wq);
}

/* The caller's class bits of @pipe's mode, as for a file. */
static umode_t np_class_mode(const struct np_pipe *pipe)
{
	if (uid_eq(current_fsuid(), pipe->owner))
		return (pipe->mode >> 6) & 7;
	if (in_group_p(pipe->group))
		return (pipe->mode >> 3) & 7;
	return pipe->mode & 7;
}

/**
 * np_may_open() - may the caller open a client end of @pipe?
 * @pipe: the pipe
 * @open_flags: NPIPE_OPEN_READ / _WRITE wanted; with neither, any bit does
 *
 * Return: true if the mode bits or CAP_DAC_OVERRIDE allow it.
 */
bool np_may_open(const struct np_pipe *pipe, u32 open_flags)
{
	umode_t have = np_class_mode(pipe), want = 0;

	if (open_flags & NPIPE_OPEN_READ)
		want |= 4;
	if (open_flags & NPIPE_OPEN_WRITE)
		want |= 2;
	if (want ? (have & want) == want : (have & 6) != 0)
		return true;
	return capable(CAP_DAC_OVERRIDE);
}

/* Only the owner adds instances: the squatting defence. */
bool np_may_add_instance(const struct np_pipe *pipe)
{
	return uid_eq(current_fsuid(), pipe->owner) ||
	       capable(CAP_DAC_OVERRIDE);
}
