// SPDX-License-Identifier: GPL-2.0-only
/*
 * npipe data path of a pipe instance: read, write, peek, transact, flush
 * and poll, on the two queues of queue.c.
 *
 * Every write becomes one struct np_msg, allocated and filled from user
 * space before inst->lock is taken (np_msg_new()), so a write is all or
 * nothing and faults never happen under the lock.  Readers copy out
 * under the lock (as fs/pipe.c does), which keeps a partly read message at
 * the head for whichever reader comes next.  Byte-type pipes use the same
 * queue and let reads run across message boundaries.
 *
 * Quotas follow Windows: a write is queued whole, then the writer waits
 * until its unread end is within the reader's quota.  A hard cap of
 * np_max_overquota bytes beyond the quota bounds what many writers can pile
 * up; a blocking writer waits for room below it instead of failing.
 */
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include "npipe.h"

/* The errno of reading (@rd) or writing in a state without a connection. */
static int np_state_err(u32 view, bool rd)
{
	switch (view) {
	case NPIPE_STATE_LISTENING:
		return -ENOTCONN;
	case NPIPE_STATE_CLOSING:
		return rd ? -EPIPE : -ESHUTDOWN;
	default:
		return -ECONNRESET;
	}
}

/* Would queueing @len more bytes stay under the hard cap? */
static bool np_admit(const struct np_queue *q, u32 len)
{
	u64 charge = READ_ONCE(q->charge);

	return !charge || charge + len + NP_MSG_OVERHEAD <=
			  (u64)q->quota + READ_ONCE(np_max_overquota);
}

/* Is the unread data up to stream offset @end within @slack bytes? */
static bool np_drained(const struct np_queue *q, u64 end, u32 slack)
{
	return READ_ONCE(q->rd_seq) + slack >= end;
}

/*
 * NOWAIT: queue only what fits the free quota (data a waiting reader takes
 * at once uses none); otherwise nothing, as Windows does.
 * Context: inst->lock held.
 */
static bool np_fits_nowait(const struct np_queue *q, u32 len)
{
	u64 room = q->quota;

	lockdep_assert_held(q->lock);
	if (q->readers && !q->bytes)
		room += q->reader_len;
	return q->bytes + len <= room && np_admit(q, len);
}

/*
 * NOWAIT on a byte pipe, when the whole write does not fit: a reader that
 * waits on the empty queue still gets what it asked for, the rest is not
 * written, and the write reports the count, as Windows does.
 * Context: inst->lock held.  Return: the bytes @msg keeps, or 0.
 */
static u32 np_nowait_handoff(struct np_queue *q, struct np_msg *msg)
{
	u32 n;

	lockdep_assert_held(q->lock);
	if (!q->readers || q->bytes || !q->reader_len)
		return 0;
	n = min(msg->len, q->reader_len);
	msg->len = n;		/* still charged for all of msg->cap */
	return n;
}

/*
 * Wait until @len bytes may be queued on @q.
 * Context: inst->lock held on entry and on return; dropped while sleeping.
 */
static int np_wait_room(struct np_handle *h, struct np_queue *q, u32 len,
			bool nonblock)
{
	struct np_inst *inst = h->inst;
	u32 view;
	int ret;

	lockdep_assert_held(&inst->lock);
	for (;;) {
		view = np_view(h);
		if (view != NPIPE_STATE_CONNECTED)
			return np_state_err(view, false);
		if (nonblock)
			return np_fits_nowait(q, len) ? 0 : -EAGAIN;
		if (np_admit(q, len))
			return 0;
		mutex_unlock(&inst->lock);
		ret = wait_event_interruptible(q->wr_wait,
					       np_admit(q, len) ||
					       np_view(h) != NPIPE_STATE_CONNECTED);
		mutex_lock(&inst->lock);
		if (ret)
			return -ERESTARTSYS;
	}
}

/*
 * Take back the unread rest of the message that ends at stream offset @end
 * if it is the head of the queue (read or not): that is as if it were
 * read, so every stream offset stays exact.  Further back it stays queued:
 * taking it out of the middle would move the offsets of the writers ahead
 * of it, or behind it.
 * Context: inst->lock held.
 */
static void np_unqueue(struct np_queue *q, u64 end, struct list_head *freelist)
{
	struct np_msg *msg = list_first_entry_or_null(&q->msgs, struct np_msg,
						      node);
	u32 n = msg ? msg->len - msg->pos : 0;

	lockdep_assert_held(q->lock);
	if (n && q->rd_seq + n == end)
		np_consume(q, msg, n, freelist);
}

/*
 * After queueing (or to flush), wait until the data up to @end is read, to
 * within @slack.  Losing the data to a disconnect or a close is an error:
 * a write or flush then fails as a read would, as Windows completes a
 * pending write when the peer goes.  A write's data is queued already, so
 * a signal ends its wait with success (@done), unless it kills the writer:
 * then the unread rest of a message at the head goes with it, as Windows
 * cancels the write of a process that exits.  A flush (@flush) has done nothing and may restart.
 */
static ssize_t np_wait_drained(struct np_handle *h, struct np_queue *q,
			       u64 end, u32 slack, u32 discards, bool flush,
			       ssize_t done)
{
	struct np_inst *inst = h->inst;
	LIST_HEAD(freelist);
	bool killed;
	u32 view;

	if (wait_event_interruptible(q->wr_wait,
				     np_drained(q, end, slack) ||
				     np_view(h) != NPIPE_STATE_CONNECTED) &&
	    flush)
		return -ERESTARTSYS;
	killed = !flush && fatal_signal_pending(current);

	mutex_lock(&inst->lock);
	view = np_view(h);
	if (q->discards != discards &&
	    (q->discards != discards + 1 || end > q->lost_from + slack))
		done = view == NPIPE_STATE_CONNECTED ? -ECONNRESET :
						       np_state_err(view, true);
	else if (killed)
		np_unqueue(q, end, &freelist);
	mutex_unlock(&inst->lock);
	if (!list_empty(&freelist)) {
		np_wake_writers(q);
		np_msgs_free(q, &freelist);
	}
	return done;
}

/**
 * np_inst_write() - queue one write on the peer's queue
 * @h: the writing end
 * @buf: user data
 * @count: its length
 * @nonblock: NOWAIT / O_NONBLOCK
 *
 * Return: bytes queued, or -errno (see uapi/linux/npipe.h).
 */
ssize_t np_inst_write(struct np_handle *h, const char __user *buf,
		      size_t count, bool nonblock)
{
	struct np_inst *inst = h->inst;
	struct np_queue *q = np_tx(h);
	u32 len = count, discards, view;
	struct np_msg *msg;
	bool handed;
	u64 end;
	int err;

	if (!h->can_write)
		return -EACCES;
	if (count > READ_ONCE(np_max_msg_size))
		return -EMSGSIZE;
	if (!len && !np_is_msg_type(inst)) {
		view = np_view(h);
		return view == NPIPE_STATE_CONNECTED ? 0 :
						       np_state_err(view, false);
	}
	msg = np_msg_new(q, h->user, buf, len);
	if (IS_ERR(msg))
		return PTR_ERR(msg);

	mutex_lock(&inst->lock);
	err = np_wait_room(h, q, len, nonblock);
	if (err == -EAGAIN && !np_is_msg_type(inst)) {
		len = np_nowait_handoff(q, msg);
		err = len ? 0 : -EAGAIN;
	}
	if (err) {
		mutex_unlock(&inst->lock);
		np_msg_free(q, msg);
		return err;
	}
	end = np_queue_add(q, msg);
	discards = q->discards;
	/* Handed straight to a waiting reader: that uses no quota. */
	handed = q->readers && q->bytes == len && q->reader_len >= len;
	mutex_unlock(&inst->lock);
	np_wake_readers(q);

	/* An empty message has no rest to wait for, as on Windows. */
	if (nonblock || handed || !len || np_drained(q, end, q->quota))
		return len;
	return np_wait_drained(h, q, end, q->quota, discards, false, len);
}

static bool np_readable(const struct np_handle *h, const struct np_queue *q)
{
	return READ_ONCE(q->nr_msgs) || np_view(h) != NPIPE_STATE_CONNECTED;
}

/*
 * Wait until @q has a message.
 * Context: inst->lock held on entry and on return; dropped while sleeping.
 */
static int np_wait_data(struct np_handle *h, struct np_queue *q, u32 len,
			bool nonblock)
{
	struct np_inst *inst = h->inst;
	u32 view;
	int ret;

	lockdep_assert_held(&inst->lock);
	for (;;) {
		/* A disconnected client must not see the next client's data. */
		view = np_view(h);
		if (view == NPIPE_STATE_DISCONNECTED)
			return -ECONNRESET;
		if (q->nr_msgs)
			return 0;
		if (view != NPIPE_STATE_CONNECTED)
			return np_state_err(view, true);
		if (nonblock)
			return -EAGAIN;
		q->readers++;
		q->reader_len = len;
		mutex_unlock(&inst->lock);
		ret = wait_event_interruptible_exclusive(q->rd_wait,
							 np_readable(h, q));
		mutex_lock(&inst->lock);
		q->readers--;
		if (ret)
			return -ERESTARTSYS;
	}
}

/* Message read mode: at most the head message; its rest stays queued. */
static ssize_t np_copy_msg(struct np_queue *q, char __user *buf, u32 len,
			   u32 *remaining, struct list_head *freelist)
{
	struct np_msg *msg = list_first_entry(&q->msgs, struct np_msg, node);
	u32 n = min(len, msg->len - msg->pos);

	if (copy_to_user(buf, msg->data + msg->pos, n))
		return -EFAULT;
	if (remaining)
		*remaining = msg->len - msg->pos - n;
	np_consume(q, msg, n, freelist);
	return n;
}

/*
 * Byte read mode: as much as fits, across messages, empty ones included;
 * a full buffer leaves the next one queued, even an empty one, and a
 * zero-length read takes one empty message at most (as Windows does).
 */
static ssize_t np_copy_bytes(struct np_queue *q, char __user *buf, u32 len,
			     struct list_head *freelist)
{
	struct np_msg *msg, *tmp;
	u32 done = 0, n, left;
	bool took_empty = false;

	list_for_each_entry_safe(msg, tmp, &q->msgs, node) {
		if (done == len && (len || msg->len || took_empty))
			break;
		took_empty |= !msg->len;
		n = min(len - done, msg->len - msg->pos);
		left = copy_to_user(buf + done, msg->data + msg->pos, n);
		np_consume(q, msg, n - left, freelist);
		done += n - left;
		if (left && !done)
			return -EFAULT;
		if (left)
			break;
		if (msg->pos < msg->len)
			break;
	}
	return done;
}

/**
 * np_inst_read() - read from this end's queue
 * @h: the reading end
 * @buf: user buffer
 * @count: its size
 * @nonblock: NOWAIT / O_NONBLOCK
 * @msgmode: message read mode
 * @remaining: out, may be NULL: the unread rest of the message
 *
 * Return: bytes read, or -errno (-EPIPE once the peer is gone and the
 * queue drained).
 */
ssize_t np_inst_read(struct np_handle *h, char __user *buf, size_t count,
		     bool nonblock, bool msgmode, u32 *remaining)
{
	u32 len = min_t(size_t, count, U32_MAX);
	struct np_inst *inst = h->inst;
	struct np_queue *q = np_rx(h);
	LIST_HEAD(freelist);
	bool wake_next, progressed;
	u64 before;
	ssize_t ret;

	if (!h->can_read)
		return -EACCES;
	mutex_lock(&inst->lock);
	ret = np_wait_data(h, q, len, nonblock);
	before = q->rd_seq;
	if (!ret && msgmode)
		ret = np_copy_msg(q, buf, len, remaining, &freelist);
	else if (!ret)
		ret = np_copy_bytes(q, buf, len, &freelist);
	progressed = q->rd_seq != before || !list_empty(&freelist);
	/* Pass on a wake-up this reader took but did not use up. */
	wake_next = q->nr_msgs && q->readers;
	mutex_unlock(&inst->lock);

	if (progressed)
		np_wake_writers(q);
	if (wake_next)
		wake_up_interruptible_poll(&q->rd_wait, EPOLLIN | EPOLLRDNORM);
	np_msgs_free(q, &freelist);
	return ret;
}

long np_ioctl_read(struct np_handle *h, void __user *argp)
{
	struct npipe_io args;
	u32 remaining = 0;
	ssize_t n;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags)
		return -EINVAL;
	n = np_inst_read(h, u64_to_user_ptr(args.buf), args.len,
			 h->file->f_flags & O_NONBLOCK,
			 READ_ONCE(h->rmode) & NPIPE_MODE_MESSAGE_READ,
			 &remaining);
	if (n < 0)
		return n;
	args.bytes = n;
	args.remaining = remaining;
	return copy_to_user(argp, &args, sizeof(args)) ? -EFAULT : 0;
}

long np_ioctl_write(struct np_handle *h, void __user *argp)
{
	struct npipe_io args;
	ssize_t n;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags)
		return -EINVAL;
	n = np_inst_write(h, u64_to_user_ptr(args.buf), args.len,
			  h->file->f_flags & O_NONBLOCK);
	if (n < 0)
		return n;
	args.bytes = n;
	args.remaining = 0;
	return copy_to_user(argp, &args, sizeof(args)) ? -EFAULT : 0;
}

/* May this end peek now?  Context: inst->lock held. */
static int np_peek_state(const struct np_handle *h, const struct np_queue *q)
{
	lockdep_assert_held(q->lock);
	switch (np_view(h)) {
	case NPIPE_STATE_CONNECTED:
		return 0;
	case NPIPE_STATE_CLOSING:
		return q->bytes ? 0 : -EPIPE;
	case NPIPE_STATE_DISCONNECTED:
		return h->server ? -EBADFD : -ECONNRESET;
	default:
		return -EBADFD;
	}
}

static struct np_msg *np_first_nonempty(struct np_queue *q)
{
	struct np_msg *msg;

	list_for_each_entry(msg, &q->msgs, node)
		if (msg->len)
			return msg;
	return NULL;
}

/* Copy without consuming.  Context: inst->lock held. */
static int np_peek_copy(struct np_handle *h, struct np_queue *q,
			struct npipe_peek *args)
{
	char __user *buf = u64_to_user_ptr(args->buf);
	struct np_msg *msg = np_first_nonempty(q);
	u32 n;

	lockdep_assert_held(q->lock);
	args->bytes = 0;
	args->avail = min_t(u64, q->bytes, U32_MAX);
	args->msg_left = 0;
	args->nr_msgs = 0;
	if (np_is_msg_type(h->inst)) {
		args->nr_msgs = q->nr_msgs - q->nr_empty;
		if (!msg)
			return 0;
		args->msg_left = msg->len - msg->pos;
		n = min(args->len, args->msg_left);
		if (copy_to_user(buf, msg->data + msg->pos, n))
			return -EFAULT;
		args->bytes = n;
		return 0;
	}
	list_for_each_entry(msg, &q->msgs, node) {
		n = min(args->len - args->bytes, msg->len - msg->pos);
		if (copy_to_user(buf + args->bytes, msg->data + msg->pos, n))
			return -EFAULT;
		args->bytes += n;
		if (args->bytes == args->len)
			break;
	}
	return 0;
}

long np_ioctl_peek(struct np_handle *h, void __user *argp)
{
	struct np_inst *inst = h->inst;
	struct np_queue *q = np_rx(h);
	struct npipe_peek args;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	if (!h->can_read)
		return -EACCES;
	mutex_lock(&inst->lock);
	err = np_peek_state(h, q);
	if (!err)
		err = np_peek_copy(h, q, &args);
	mutex_unlock(&inst->lock);
	if (err)
		return err;
	return copy_to_user(argp, &args, sizeof(args)) ? -EFAULT : 0;
}

/* The errno of a transaction on an end that is not connected. */
static int np_transact_state_err(const struct np_handle *h, u32 view)
{
	return !h->server && view == NPIPE_STATE_DISCONNECTED ? -ECONNRESET :
								-EBADFD;
}

/*
 * Wait until a request of @len bytes fits the hard cap (the quota does not
 * apply to a request, the cap does, as for a write).
 * Context: inst->lock held on entry and on return; dropped while sleeping.
 */
static int np_transact_room(struct np_handle *h, struct np_queue *q, u32 len,
			    bool nonblock)
{
	struct np_inst *inst = h->inst;
	u32 view;

	lockdep_assert_held(&inst->lock);
	for (;;) {
		view = np_view(h);
		if (view != NPIPE_STATE_CONNECTED)
			return np_transact_state_err(h, view);
		if (np_rx(h)->nr_msgs)
			return -EBUSY;
		if (np_admit(q, len))
			return 0;
		if (nonblock)
			return -EAGAIN;
		mutex_unlock(&inst->lock);
		if (wait_event_interruptible(q->wr_wait,
					     np_admit(q, len) ||
					     np_view(h) != NPIPE_STATE_CONNECTED)) {
			mutex_lock(&inst->lock);
			return -ERESTARTSYS;	/* nothing sent yet */
		}
		mutex_lock(&inst->lock);
	}
}

/* Queue a transaction's request: whatever the quota, within the hard cap. */
static int np_transact_send(struct np_handle *h, const char __user *buf,
			    u32 len)
{
	struct np_inst *inst = h->inst;
	struct np_queue *q = np_tx(h);
	struct np_msg *msg;
	int err;

	if (len > READ_ONCE(np_max_msg_size))
		return -EMSGSIZE;
	msg = np_msg_new(q, h->user, buf, len);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	mutex_lock(&inst->lock);
	err = np_transact_room(h, q, len, h->file->f_flags & O_NONBLOCK);
	if (!err)
		np_queue_add(q, msg);
	mutex_unlock(&inst->lock);
	if (err) {
		np_msg_free(q, msg);
		return err;
	}
	np_wake_readers(q);
	return 0;
}

long np_ioctl_transact(struct np_handle *h, void __user *argp)
{
	struct npipe_transact __user *uargs = argp;
	struct npipe_transact args;
	u32 remaining = 0;
	ssize_t n;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (args.pad || args.flags & ~NPIPE_TRANSACT_SENT)
		return -EINVAL;
	/* Windows checks the handle's access before anything else. */
	if (!h->can_read || !h->can_write)
		return -EACCES;
	/* A disconnected client fails so next, whatever its read mode. */
	if (!h->server && np_view(h) == NPIPE_STATE_DISCONNECTED)
		return -ECONNRESET;
	if (!np_is_msg_type(h->inst) ||
	    !(READ_ONCE(h->rmode) & NPIPE_MODE_MESSAGE_READ))
		return -EBADFD;
	if (!(args.flags & NPIPE_TRANSACT_SENT)) {
		n = np_transact_send(h, u64_to_user_ptr(args.wbuf), args.wlen);
		if (n)
			return n;
		/* Recorded, so that a restart only reads the reply. */
		args.flags |= NPIPE_TRANSACT_SENT;
		if (put_user(args.flags, &uargs->flags))
			return -EFAULT;
	}
	n = np_inst_read(h, u64_to_user_ptr(args.rbuf), args.rlen, false,
			 true, &remaining);
	if (n < 0)
		return n;
	args.bytes = n;
	args.remaining = remaining;
	return copy_to_user(uargs, &args, sizeof(args)) ? -EFAULT : 0;
}

/*
 * FLUSH: wait until the peer has read all this end wrote.  Nothing unread
 * is success in any state but a dead connection; a peer that closes with
 * data unread is a broken pipe, as on Windows.
 */
long np_ioctl_flush(struct np_handle *h)
{
	struct np_inst *inst = h->inst;
	struct np_queue *q = np_tx(h);
	u32 view, discards;
	u64 end;

	if (!h->can_write)
		return -EACCES;
	mutex_lock(&inst->lock);
	view = np_view(h);
	end = q->wr_seq;
	discards = q->discards;
	mutex_unlock(&inst->lock);
	/* A server without a client has nothing to flush (Windows: TRUE). */
	if (view == NPIPE_STATE_LISTENING || view == NPIPE_STATE_DISCONNECTED)
		return h->server ? 0 : np_state_err(view, true);
	if (np_drained(q, end, 0))
		return 0;
	if (view == NPIPE_STATE_CLOSING)
		return -EPIPE;
	if (h->file->f_flags & O_NONBLOCK)
		return -EAGAIN;
	return np_wait_drained(h, q, end, 0, discards, true, 0);
}

/* Is there room for a write without waiting?  An empty queue always is. */
static bool np_room(const struct np_queue *q)
{
	u64 bytes = READ_ONCE(q->bytes);

	return !bytes || bytes < q->quota;
}

__poll_t np_poll_mask(struct np_handle *h)
{
	u32 view = np_view(h);
	__poll_t mask = 0;

	if (view != NPIPE_STATE_DISCONNECTED && READ_ONCE(np_rx(h)->nr_msgs))
		mask |= EPOLLIN | EPOLLRDNORM;
	switch (view) {
	case NPIPE_STATE_CONNECTED:
		/* A named server that cannot write still learns it connected. */
		if (h->can_write ? np_room(np_tx(h)) :
				   h->server && !np_pipe_is_anon(h->inst->pipe))
			mask |= EPOLLOUT | EPOLLWRNORM;
		break;
	case NPIPE_STATE_CLOSING:
		mask |= EPOLLHUP;
		if (!h->can_read)
			mask |= EPOLLERR;	/* a writer with no reader */
		break;
	case NPIPE_STATE_DISCONNECTED:
		mask |= h->server ? EPOLLHUP : EPOLLHUP | EPOLLERR;
		break;
	}
	return mask;
}
