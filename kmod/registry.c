// SPDX-License-Identifier: GPL-2.0-only
/*
 * npipe name registry: names (struct np_name), the table they are found
 * in, the access checks on them, and the users that creating things and
 * writing are charged to (struct np_user).
 *
 * A name is embedded in the object it names (a pipe, a mailslot), whose
 * lifetime its kref counts; this file never frees one, each kind frees
 * its own object.  Names are folded to ASCII lower case once, when copied
 * in, so hashing and comparing are plain byte operations; bytes 0x80-0xff
 * are left as they are (Windows folds them with its Unicode table, which
 * a byte string cannot know the encoding of).  The table is an
 * rhashtable, so lookups cost the same with ten names or a hundred
 * thousand.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "npipe.h"

/* The name table, each name's user and dead flag, the users and counts. */
DEFINE_MUTEX(np_reg_lock);

/* Pipes and mailslots are two name spaces in one table: @kind tells them. */
struct np_key {
	const char *str;
	u32 len;
	u32 kind;
};

static u32 np_key_hash(const void *data, u32 len, u32 seed)
{
	const struct np_key *key = data;

	return jhash(key->str, key->len, seed ^ key->kind);
}

static u32 np_obj_hash(const void *data, u32 len, u32 seed)
{
	const struct np_name *name = data;

	return jhash(name->str, name->len, seed ^ name->kind);
}

static int np_obj_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct np_key *key = arg->key;
	const struct np_name *name = obj;

	return name->kind != key->kind || name->len != key->len ||
	       memcmp(name->str, key->str, key->len);
}

static const struct rhashtable_params np_ht_params = {
	.head_offset		= offsetof(struct np_name, hnode),
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
 * np_name_copy() - copy a name from user space, validated and folded
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

/**
 * np_name_init() - set up the name of a new object, owned by the caller
 * @name: the name, in a zeroed object with room for @len bytes after it
 * @kind: NP_KIND_*
 * @str: the folded name (np_name_copy())
 * @len: its length; 0 for NP_KIND_ANON
 * @mode: permission bits, 0 for the default 0600
 *
 * The object has one reference, its creator's.
 */
void np_name_init(struct np_name *name, u32 kind, const char *str, u32 len,
		  umode_t mode)
{
	kref_init(&name->ref);
	name->kind = kind;
	name->owner = current_fsuid();
	name->group = current_fsgid();
	name->mode = mode ?: 0600;
	name->len = len;
	memcpy(name->str, str, len);
}

/* Context: np_reg_lock held.  Return: the live name, or NULL. */
struct np_name *np_name_lookup(const char *str, u32 len, u32 kind)
{
	struct np_key key = { .str = str, .len = len, .kind = kind };

	lockdep_assert_held(&np_reg_lock);
	return rhashtable_lookup_fast(&np_names, &key, np_ht_params);
}

/**
 * np_name_add() - charge a new name to @user and put it in the table
 * @name: the name, not in the table (the caller looked it up)
 * @user: its creator, from np_user_get_current()
 *
 * An anonymous pipe's name is only charged: it is in no name space.
 * Context: np_reg_lock held.  Return: 0, -EDQUOT or -ENOMEM.
 */
int np_name_add(struct np_name *name, struct np_user *user)
{
	int err;

	lockdep_assert_held(&np_reg_lock);
	err = np_user_charge(user, NP_COUNT_PIPES);
	if (err)
		return err;
	if (name->kind != NP_KIND_ANON) {
		err = rhashtable_insert_fast(&np_names, &name->hnode,
					     np_ht_params);
		if (err) {
			np_user_uncharge(user, NP_COUNT_PIPES);
			return err;
		}
	}
	name->user = user;
	return 0;
}

/**
 * np_name_del() - the name goes: new lookups find nothing, and it is dead
 * @name: a name np_name_add() added, or one it never did
 *
 * Context: np_reg_lock held.
 */
void np_name_del(struct np_name *name)
{
	lockdep_assert_held(&np_reg_lock);
	WRITE_ONCE(name->dead, true);
	if (!name->user)
		return;
	if (name->kind != NP_KIND_ANON)
		rhashtable_remove_fast(&np_names, &name->hnode, np_ht_params);
	np_user_uncharge(name->user, NP_COUNT_PIPES);
	name->user = NULL;
}

/**
 * np_name_get_user() - look up a name given by user space
 * @uname: user pointer
 * @len: name length
 * @kind: NP_KIND_PIPE or NP_KIND_MAILSLOT
 *
 * Return: the name, with a reference on its object, or ERR_PTR (-ENOENT
 * or np_name_copy()'s errors).
 */
struct np_name *np_name_get_user(u64 uname, u32 len, u32 kind)
{
	char str[NPIPE_NAME_MAX];
	struct np_name *name;
	int err;

	err = np_name_copy(str, uname, len);
	if (err)
		return ERR_PTR(err);
	mutex_lock(&np_reg_lock);
	name = np_name_lookup(str, len, kind);
	if (name)
		kref_get(&name->ref);
	mutex_unlock(&np_reg_lock);
	return name ?: ERR_PTR(-ENOENT);
}

/* The caller's class bits of @name's mode, as for a file. */
static umode_t np_class_mode(const struct np_name *name)
{
	if (uid_eq(current_fsuid(), name->owner))
		return (name->mode >> 6) & 7;
	if (in_group_p(name->group))
		return (name->mode >> 3) & 7;
	return name->mode & 7;
}

/**
 * np_may_open() - may the caller open a client end or writer of @name?
 * @name: the name
 * @open_flags: NPIPE_OPEN_READ / _WRITE wanted; with neither, any bit does
 *
 * Return: true if the mode bits or CAP_DAC_OVERRIDE allow it.
 */
bool np_may_open(const struct np_name *name, u32 open_flags)
{
	umode_t have = np_class_mode(name), want = 0;

	if (open_flags & NPIPE_OPEN_READ)
		want |= 4;
	if (open_flags & NPIPE_OPEN_WRITE)
		want |= 2;
	if (want ? (have & want) == want : (have & 6) != 0)
		return true;
	return capable(CAP_DAC_OVERRIDE);
}

/* Is the caller @name's owner (or may act as one)?  Against squatting. */
bool np_may_own(const struct np_name *name)
{
	return uid_eq(current_fsuid(), name->owner) ||
	       capable(CAP_DAC_OVERRIDE);
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
	lockdep_assert_not_held(&np_reg_lock);
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

	lockdep_assert_not_held(&np_reg_lock);
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
