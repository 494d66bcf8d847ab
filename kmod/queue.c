// SPDX-License-Identifier: GPL-2.0-only
/*
 * npipe message queues: the primitives a pipe instance's two directions
 * and a mailslot share.  A message is allocated and filled from user space
 * before its queue's lock is taken (as ipc/mqueue.c does), charged to the
 * user who wrote it, queued whole, consumed in parts, and freed with no
 * lock held.  Also the one deadline-bounded wait both the pipe's WAIT and
 * the mailslot's read use.
 *
 * Each queue is protected by the lock of the object it belongs to
 * (q->lock: inst->lock or the mailslot's lock); which policy a queue
 * follows (quotas, whole-message reads) is its owner's business.
 */
#include <linux/capability.h>
#include <linux/hrtimer.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "npipe.h"

/**
 * np_queue_init() - an empty queue
 * @q: the queue
 * @quota: the reader's quota in bytes (0: none, as for a mailslot)
 * @lock: the owner's lock, which protects @q
 */
void np_queue_init(struct np_queue *q, u32 quota, struct mutex *lock)
{
	INIT_LIST_HEAD(&q->msgs);
	q->lock = lock;
	q->quota = quota;
	init_waitqueue_head(&q->rd_wait);
	init_waitqueue_head(&q->wr_wait);
}

/*
 * Small messages are allocated at one size, and each queue keeps the last
 * one read for the next write: a steady request/reply exchange allocates
 * nothing.  The spare is taken and put back with xchg/cmpxchg, outside
 * q->lock, because writers allocate before they lock.  A kmem_cache with
 * SLAB_ACCOUNT instead of the spare was measured slower: a 64-byte write
 * and read took 14% longer, a request/reply round trip 7-13% (qemu TCG,
 * against AF_UNIX SOCK_SEQPACKET in the same runs).
 */
#define NP_SMALL_MSG	472	/* data bytes: with the header, a 512-byte slab */

/* The memory @msg takes, as its writer is charged: its allocation. */
static size_t np_msg_size(const struct np_msg *msg)
{
	return struct_size(msg, data, msg->cap);
}

/*
 * Charge a new message to its writer's user.  Past np_max_user_bytes the
 * write fails, as Windows fails one past the process's pool quota
 * (ERROR_NOT_ENOUGH_QUOTA): a user holds only so much kernel memory in
 * unread messages, whatever the quotas of its pipes.
 */
static int np_msg_charge(struct np_msg *msg, struct np_user *user)
{
	size_t size = np_msg_size(msg);

	if (atomic64_add_return(size, &user->bytes) >
	    READ_ONCE(np_max_user_bytes) && !capable(CAP_SYS_RESOURCE)) {
		atomic64_sub(size, &user->bytes);
		return -EDQUOT;
	}
	msg->user = np_user_get(user);
	return 0;
}

/**
 * np_msg_free() - uncharge and free a message that is on no queue
 * @q: the queue that may keep it as its spare, or NULL
 * @msg: the message
 *
 * Context: no lock held (the last reference to a user takes np_reg_lock).
 */
void np_msg_free(struct np_queue *q, struct np_msg *msg)
{
	if (msg->user) {
		atomic64_sub(np_msg_size(msg), &msg->user->bytes);
		np_user_put(msg->user);
		msg->user = NULL;
	}
	if (q && msg->cap == NP_SMALL_MSG && !cmpxchg(&q->spare, NULL, msg))
		return;
	kvfree(msg);
}

/* Free read or discarded messages; @q (may be NULL) keeps one spare. */
void np_msgs_free(struct np_queue *q, struct list_head *freelist)
{
	struct np_msg *msg, *tmp;

	list_for_each_entry_safe(msg, tmp, freelist, node)
		np_msg_free(q, msg);
}

/**
 * np_msg_new() - a message filled from user space, charged to its writer
 * @q: the queue it is for (its spare is used)
 * @user: the writer's user
 * @buf: user data
 * @len: its length, at most np_max_msg_size
 *
 * Context: no lock held.  Return: the message, or ERR_PTR(-ENOMEM, -EDQUOT
 * or -EFAULT).
 */
struct np_msg *np_msg_new(struct np_queue *q, struct np_user *user,
			  const char __user *buf, u32 len)
{
	struct np_msg *msg = NULL;
	int err;

	if (len <= NP_SMALL_MSG) {
		msg = xchg(&q->spare, NULL);
		if (!msg)
			msg = kmalloc(struct_size(msg, data, NP_SMALL_MSG),
				      GFP_KERNEL_ACCOUNT);
	} else {
		msg = kvmalloc(struct_size(msg, data, len),
			       GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	}
	if (!msg)
		return ERR_PTR(-ENOMEM);
	msg->cap = max(len, NP_SMALL_MSG);
	msg->len = len;
	msg->pos = 0;
	msg->user = NULL;
	err = np_msg_charge(msg, user);
	if (!err && copy_from_user(msg->data, buf, len))
		err = -EFAULT;
	if (err) {
		np_msg_free(q, msg);
		return ERR_PTR(err);
	}
	return msg;
}

/**
 * np_queue_add() - queue a message at the tail
 * @q: the queue
 * @msg: a message from np_msg_new()
 *
 * Context: q->lock held.  Return: the stream offset of @msg's end.
 */
u64 np_queue_add(struct np_queue *q, struct np_msg *msg)
{
	lockdep_assert_held(q->lock);
	list_add_tail(&msg->node, &q->msgs);
	WRITE_ONCE(q->bytes, q->bytes + msg->len);
	WRITE_ONCE(q->charge, q->charge + msg->len + NP_MSG_OVERHEAD);
	WRITE_ONCE(q->nr_msgs, q->nr_msgs + 1);
	if (!msg->len)
		q->nr_empty++;
	q->wr_seq += msg->len;
	return q->wr_seq;
}

/**
 * np_consume() - account bytes of a queued message as read
 * @q: the queue
 * @msg: a message on it
 * @n: bytes read, at most what is left of @msg
 * @freelist: where @msg goes once it is read to its end
 *
 * Context: q->lock held.
 */
void np_consume(struct np_queue *q, struct np_msg *msg, u32 n,
		struct list_head *freelist)
{
	u64 charge = n;

	lockdep_assert_held(q->lock);
	msg->pos += n;
	WRITE_ONCE(q->bytes, q->bytes - n);
	WRITE_ONCE(q->rd_seq, q->rd_seq + n);
	if (msg->pos == msg->len) {
		list_move_tail(&msg->node, freelist);
		charge += NP_MSG_OVERHEAD;
		WRITE_ONCE(q->nr_msgs, q->nr_msgs - 1);
		if (!msg->len)
			q->nr_empty--;
	}
	WRITE_ONCE(q->charge, q->charge - charge);
}

/**
 * np_queue_discard() - drop all unread data, as if it had been read
 * @q: the queue
 * @freelist: where the messages go
 *
 * Remembers where the loss began, so that a writer waiting for its data
 * to drain can tell.  Context: q->lock held.
 */
void np_queue_discard(struct np_queue *q, struct list_head *freelist)
{
	lockdep_assert_held(q->lock);
	list_splice_tail_init(&q->msgs, freelist);
	q->lost_from = q->rd_seq;
	WRITE_ONCE(q->discards, q->discards + 1);
	WRITE_ONCE(q->rd_seq, q->wr_seq);
	WRITE_ONCE(q->bytes, 0);
	WRITE_ONCE(q->charge, 0);
	WRITE_ONCE(q->nr_msgs, 0);
	q->nr_empty = 0;
}

/* Free all of @q, which nobody can reach any more: no lock needed. */
void np_queue_destroy(struct np_queue *q)
{
	np_msgs_free(NULL, &q->msgs);
	kfree(q->spare);
}

/* Data was queued: wake one reader (they sleep exclusively) and pollers. */
void np_wake_readers(struct np_queue *q)
{
	if (wq_has_sleeper(&q->rd_wait))
		wake_up_interruptible_sync_poll(&q->rd_wait,
						EPOLLIN | EPOLLRDNORM);
}

/* Data was read or dropped: writers waiting for room or drain re-check. */
void np_wake_writers(struct np_queue *q)
{
	if (wq_has_sleeper(&q->wr_wait))
		wake_up_interruptible_sync_poll(&q->wr_wait,
						EPOLLOUT | EPOLLWRNORM);
}

/*
 * Deadlines are u64 ns, hrtimers s64: every deadline at or past KTIME_MAX
 * (2^63 - 1 ns, 292 years of uptime) means no deadline, whether user space
 * gave it or the kernel computed it (np_deadline_after() saturates there).
 */
static bool np_deadline_infinite(u64 deadline)
{
	return deadline >= (u64)KTIME_MAX;
}

/**
 * np_deadline_after() - the absolute deadline @timeout ns from now
 * @timeout: relative ns
 *
 * Return: now + @timeout, or NPIPE_TIMEOUT_INFINITE if that reaches
 * KTIME_MAX (a huge timeout must not wrap around into the past).
 */
u64 np_deadline_after(u64 timeout)
{
	u64 now = ktime_get_ns();

	if (timeout >= (u64)KTIME_MAX - now)
		return NPIPE_TIMEOUT_INFINITE;
	return now + timeout;
}

/*
 * Sleep, in the state the caller set, until woken or past @deadline
 * (absolute CLOCK_MONOTONIC ns; see np_deadline_infinite()).
 * Return: -ETIMEDOUT once the deadline has passed, else 0.
 */
static int np_sleep_until(u64 deadline)
{
	ktime_t kt = ns_to_ktime(deadline);

	if (np_deadline_infinite(deadline)) {
		schedule();
		return 0;
	}
	return schedule_hrtimeout_range_clock(&kt, 0, HRTIMER_MODE_ABS,
					      CLOCK_MONOTONIC) ? 0 : -ETIMEDOUT;
}

/**
 * np_wait_deadline() - sleep on @wq until @cond says so or @deadline passes
 * @wq: the wait queue that @cond's changes are woken on
 * @cond: 0 to go on waiting, > 0 when done, < 0 an error to return
 * @arg: @cond's argument
 * @deadline: absolute CLOCK_MONOTONIC ns, or NPIPE_TIMEOUT_INFINITE
 *
 * @cond is tested after the task is on @wq, so a wake-up between the test
 * and the sleep is not lost; it reads with READ_ONCE() and takes no lock.
 * The deadline is absolute so that a caller that restarts keeps it.
 * Context: no lock held.
 * Return: 0 when @cond was positive, its negative value, -ERESTARTSYS on
 * a signal or -ETIMEDOUT.
 */
int np_wait_deadline(struct wait_queue_head *wq, int (*cond)(const void *arg),
		     const void *arg, u64 deadline)
{
	DEFINE_WAIT(wait);
	int ret;

	for (;;) {
		prepare_to_wait(wq, &wait, TASK_INTERRUPTIBLE);
		ret = cond(arg);
		if (ret)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		ret = np_sleep_until(deadline);
		if (ret)
			break;
	}
	finish_wait(wq, &wait);
	return ret > 0 ? 0 : ret;
}
