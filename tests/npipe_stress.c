// SPDX-License-Identifier: GPL-2.0
/*
 * npipe selftests: multi-threaded stress.
 *
 * Every message carries (writer id, sequence number, length, checksum);
 * readers check that none is lost, duplicated, torn, or (with a single
 * reader per direction) reordered relative to its writer.  Counts are kept
 * modest so a run under qemu TCG stays well inside the timeout.
 */
#include "npipe_test.h"

#define MAX_PAYLOAD	300
#define HDR		16
#define MAX_MSG		(HDR + MAX_PAYLOAD)
#define MAX_WRITERS	16

struct msg_hdr {
	__u32 writer;
	__u32 seq;
	__u32 len;
	__u32 sum;
};

static __u32 checksum(const unsigned char *p, __u32 len, __u32 seed)
{
	__u32 h = 2166136261U ^ seed;
	__u32 i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619U;
	return h;
}

static __u32 payload_len(__u32 writer, __u32 seq)
{
	return (writer * 7919 + seq * 104729) % (MAX_PAYLOAD + 1);
}

static __u32 build_msg(unsigned char *buf, __u32 writer, __u32 seq)
{
	struct msg_hdr h;

	h.writer = writer;
	h.seq = seq;
	h.len = payload_len(writer, seq);
	np_fill(buf + HDR, h.len, writer * 65536 + seq);
	h.sum = checksum(buf + HDR, h.len, writer ^ seq);
	memcpy(buf, &h, HDR);
	return HDR + h.len;
}

/* 0 if @buf of @n bytes is an intact message; fills @h. */
static int check_msg(const unsigned char *buf, __u32 n, struct msg_hdr *h)
{
	unsigned char expect[MAX_PAYLOAD];

	if (n < HDR)
		return -1;
	memcpy(h, buf, HDR);
	if (h->len > MAX_PAYLOAD || n != HDR + h->len)
		return -2;
	if (h->sum != checksum(buf + HDR, h->len, h->writer ^ h->seq))
		return -3;
	np_fill(expect, h->len, h->writer * 65536 + h->seq);
	if (memcmp(expect, buf + HDR, h->len))
		return -4;
	return 0;
}

struct writer {
	pthread_t thread;
	int fd;
	__u32 id;
	__u32 count;
	int err;
};

static void *writer_fn(void *arg)
{
	struct writer *w = arg;
	unsigned char buf[MAX_MSG];
	__u32 seq, n, bytes;
	int ret;

	for (seq = 0; seq < w->count; seq++) {
		n = build_msg(buf, w->id, seq);
		ret = np_write(w->fd, buf, n, &bytes);
		if (ret || bytes != n) {
			w->err = ret ? ret : -EIO;
			return NULL;
		}
	}
	return NULL;
}

/* Shared bookkeeping of what readers saw, per writer. */
struct seen {
	pthread_mutex_t lock;
	unsigned char *got[MAX_WRITERS];	/* count per (writer, seq) */
	__u32 next[MAX_WRITERS];		/* in-order check (one reader) */
	__u32 total;
	int err;
	int ordered;
};

struct reader {
	pthread_t thread;
	int fd;
	__u32 expect;		/* messages this reader stops after, or 0 */
	__u32 small;		/* read with small buffers and reassemble */
	struct seen *seen;
	__u32 done;
	int err;
};

static void record(struct seen *s, struct msg_hdr *h)
{
	pthread_mutex_lock(&s->lock);
	if (h->writer >= MAX_WRITERS) {
		s->err = -10;
	} else {
		if (s->got[h->writer][h->seq]++)
			s->err = -11;	/* duplicate */
		if (s->ordered && s->next[h->writer]++ != h->seq)
			s->err = -12;	/* reordered or lost */
	}
	s->total++;
	pthread_mutex_unlock(&s->lock);
}

static void *reader_fn(void *arg)
{
	struct reader *r = arg;
	unsigned char buf[MAX_MSG + 64];
	struct msg_hdr h;
	__u32 bytes, rem, got, chunk;
	int ret;

	while (!r->expect || r->done < r->expect) {
		if (!r->small) {
			ret = np_read(r->fd, buf, sizeof(buf), &bytes, &rem);
			if (ret == -EPIPE)
				return NULL;
			if (ret || rem) {
				r->err = ret ? ret : -20;
				return NULL;
			}
			got = bytes;
		} else {
			/* reassemble with 1..37-byte reads */
			got = 0;
			do {
				chunk = 1 + (r->done + got) % 37;
				if (got + chunk > sizeof(buf)) {
					r->err = -21;
					return NULL;
				}
				ret = np_read(r->fd, buf + got, chunk, &bytes, &rem);
				if (ret == -EPIPE && !got)
					return NULL;
				if (ret) {
					r->err = ret;
					return NULL;
				}
				got += bytes;
			} while (rem);
		}
		if (check_msg(buf, got, &h)) {
			r->err = -22;
			return NULL;
		}
		record(r->seen, &h);
		r->done++;
	}
	return NULL;
}

static int seen_init(struct seen *s, __u32 writers, __u32 count, int ordered)
{
	__u32 i;

	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	s->ordered = ordered;
	for (i = 0; i < writers; i++) {
		s->got[i] = calloc(count, 1);
		if (!s->got[i])
			return -1;
	}
	return 0;
}

/* Every (writer, seq) seen exactly once. */
static int seen_complete(struct seen *s, __u32 writers, __u32 count)
{
	__u32 i, j;

	for (i = 0; i < writers; i++)
		for (j = 0; j < count; j++)
			if (s->got[i][j] != 1)
				return -1;
	return s->err;
}

/*
 * 3 instances, duplex: on each end 2 writer threads and 1 reader thread;
 * small quotas so writers keep blocking.
 */
TEST_F_TIMEOUT(npipe, writers_per_instance, 180)
{
	enum { NINST = 3, WPE = 2, COUNT = 150 };
	/* writer ids: inst * 4 + end * 2 + w */
	struct writer w[NINST * 2 * WPE];
	struct reader r[NINST * 2];
	struct seen seen[NINST * 2];
	int srv[NINST], cli[NINST];
	int i, e, k;
	NP_NAME(name);

	for (i = 0; i < NINST; i++) {
		srv[i] = np_create(self->ctl, name, NP_DUPLEX_MSG, NINST, 512, 700, 0);
		ASSERT_LE(0, srv[i]);
		cli[i] = np_open(self->ctl, name, NP_RW);
		ASSERT_LE(0, cli[i]);
		ASSERT_EQ(0, np_set_mode(cli[i], NPIPE_MODE_MESSAGE_READ));
	}
	memset(w, 0, sizeof(w));
	memset(r, 0, sizeof(r));
	for (i = 0; i < NINST; i++) {
		for (e = 0; e < 2; e++) {
			int idx = i * 2 + e;

			/* seen[idx]: messages arriving at end e of instance i */
			ASSERT_EQ(0, seen_init(&seen[idx], MAX_WRITERS, COUNT, 1));
			r[idx].fd = e ? cli[i] : srv[i];
			r[idx].expect = WPE * COUNT;
			r[idx].small = (i == 2);
			r[idx].seen = &seen[idx];
			ASSERT_EQ(0, pthread_create(&r[idx].thread, NULL, reader_fn, &r[idx]));
		}
	}
	/* one writer thread per end cannot be ordered against the other
	 * writer of the same end, but each one's own sequence must stay
	 * in order: ordered checking is per writer id. */
	for (i = 0; i < NINST; i++) {
		for (e = 0; e < 2; e++) {
			for (k = 0; k < WPE; k++) {
				struct writer *wr = &w[(i * 2 + e) * WPE + k];

				wr->fd = e ? cli[i] : srv[i];
				wr->id = (__u32)(e * WPE + k);
				wr->count = COUNT;
				ASSERT_EQ(0, pthread_create(&wr->thread, NULL, writer_fn, wr));
			}
		}
	}
	for (i = 0; i < NINST * 2 * WPE; i++) {
		pthread_join(w[i].thread, NULL);
		EXPECT_EQ(0, w[i].err) TH_LOG("writer %d", i);
	}
	for (i = 0; i < NINST * 2; i++) {
		pthread_join(r[i].thread, NULL);
		EXPECT_EQ(0, r[i].err) TH_LOG("reader %d", i);
		EXPECT_EQ((__u32)(WPE * COUNT), r[i].done);
	}
	for (i = 0; i < NINST; i++) {
		/* end 0 (server) receives from the client's writers 2,3; end 1 from 0,1 */
		for (k = 0; k < WPE; k++) {
			__u32 j;

			for (j = 0; j < COUNT; j++) {
				EXPECT_EQ(1, seen[i * 2].got[WPE + k][j]);
				EXPECT_EQ(1, seen[i * 2 + 1].got[k][j]);
				if (seen[i * 2].got[WPE + k][j] != 1 ||
				    seen[i * 2 + 1].got[k][j] != 1)
					break;
			}
		}
		EXPECT_EQ(0, seen[i * 2].err);
		EXPECT_EQ(0, seen[i * 2 + 1].err);
		check_peek(srv[i], 0, 0, 0);
		check_peek(cli[i], 0, 0, 0);
		close(cli[i]);
		close(srv[i]);
	}
}

/* 3 writers and 3 readers on one instance: nothing lost, torn or doubled. */
TEST_F_TIMEOUT(npipe, many_readers_one_fd, 180)
{
	enum { NW = 3, NR = 3, COUNT = 200 };
	struct writer w[NW];
	struct reader r[NR];
	struct seen seen;
	int srv, cli, i;
	__u32 total = 0;
	NP_NAME(name);

	ASSERT_EQ(0, np_pair_ex(self->ctl, name, NP_DUPLEX_MSG, NP_RW, 600, &srv, &cli));
	ASSERT_EQ(0, seen_init(&seen, NW, COUNT, 0));
	memset(w, 0, sizeof(w));
	memset(r, 0, sizeof(r));
	for (i = 0; i < NR; i++) {
		r[i].fd = srv;
		r[i].seen = &seen;
		ASSERT_EQ(0, pthread_create(&r[i].thread, NULL, reader_fn, &r[i]));
	}
	for (i = 0; i < NW; i++) {
		w[i].fd = cli;
		w[i].id = (__u32)i;
		w[i].count = COUNT;
		ASSERT_EQ(0, pthread_create(&w[i].thread, NULL, writer_fn, &w[i]));
	}
	for (i = 0; i < NW; i++) {
		pthread_join(w[i].thread, NULL);
		EXPECT_EQ(0, w[i].err);
	}
	/* all written; flush proves all were read; then close: readers see EPIPE */
	EXPECT_EQ(0, np_flush(cli));
	close(cli);
	for (i = 0; i < NR; i++) {
		pthread_join(r[i].thread, NULL);
		EXPECT_EQ(0, r[i].err) TH_LOG("reader %d", i);
		total += r[i].done;
	}
	EXPECT_EQ((__u32)(NW * COUNT), total);
	EXPECT_EQ((__u32)(NW * COUNT), seen.total);
	EXPECT_EQ(0, seen_complete(&seen, NW, COUNT));
	close(srv);
}

struct churn_srv {
	pthread_t thread;
	int fd;
	int served;
	int err;
};

static void *churn_server_fn(void *arg)
{
	struct churn_srv *s = arg;
	char buf[64], reply[80];
	__u32 bytes, rem;
	int ret;

	for (;;) {
		ret = np_connect(s->fd);
		if (ret && ret != -EISCONN) {
			s->err = ret;
			return NULL;
		}
		ret = np_read(s->fd, buf, sizeof(buf) - 1, &bytes, &rem);
		if (ret || rem) {
			s->err = ret ? ret : -30;
			return NULL;
		}
		buf[bytes] = 0;
		if (!strcmp(buf, "quit")) {
			np_disconnect(s->fd);
			return NULL;
		}
		snprintf(reply, sizeof(reply), "re:%s", buf);
		ret = np_write_str(s->fd, reply);
		if (ret) {
			s->err = ret;
			return NULL;
		}
		/* wait for the client to close, then recycle the instance */
		ret = np_read(s->fd, buf, sizeof(buf), &bytes, &rem);
		if (ret != -EPIPE) {
			s->err = ret ? ret : -31;
			return NULL;
		}
		ret = np_disconnect(s->fd);
		if (ret) {
			s->err = ret;
			return NULL;
		}
		s->served++;
	}
}

struct churn_cli {
	pthread_t thread;
	int ctl;
	const char *name;
	int id;
	int rounds;
	int busy;
	int err;
};

static int churn_open(int ctl, const char *name, int *busy)
{
	int fd, tries;

	for (tries = 0; tries < 10000; tries++) {
		fd = np_open(ctl, name, NP_RW);
		if (fd != -EBUSY)
			return fd;
		(*busy)++;
		fd = np_wait(ctl, name, np_now() + 5 * NP_SEC, 0);
		if (fd && fd != -ETIMEDOUT)
			return fd;
	}
	return -EBUSY;
}

static void *churn_client_fn(void *arg)
{
	struct churn_cli *c = arg;
	char req[64], buf[80], expect[80];
	__u32 bytes, rem;
	int i, fd, ret;

	for (i = 0; i < c->rounds; i++) {
		fd = churn_open(c->ctl, c->name, &c->busy);
		if (fd < 0) {
			c->err = fd;
			return NULL;
		}
		if (np_set_mode(fd, NPIPE_MODE_MESSAGE_READ)) {
			c->err = -40;
			return NULL;
		}
		snprintf(req, sizeof(req), "c%d-%d", c->id, i);
		snprintf(expect, sizeof(expect), "re:%s", req);
		ret = np_transact(fd, req, (__u32)strlen(req), buf, sizeof(buf),
				  NULL, &bytes, &rem);
		if (ret || rem || bytes != strlen(expect) || memcmp(buf, expect, bytes)) {
			c->err = ret ? ret : -41;
			close(fd);
			return NULL;
		}
		close(fd);
	}
	return NULL;
}

/* Clients racing for 2 instances that servers keep recycling. */
TEST_F_TIMEOUT(npipe, connect_churn, 180)
{
	enum { NSRV = 2, NCLI = 4, ROUNDS = 15 };
	struct churn_srv s[NSRV];
	struct churn_cli c[NCLI];
	int i, served = 0, q;
	NP_NAME(name);

	memset(s, 0, sizeof(s));
	memset(c, 0, sizeof(c));
	for (i = 0; i < NSRV; i++) {
		s[i].fd = np_create(self->ctl, name, NP_DUPLEX_MSG, NSRV, 256, 256, 0);
		ASSERT_LE(0, s[i].fd);
		ASSERT_EQ(0, pthread_create(&s[i].thread, NULL, churn_server_fn, &s[i]));
	}
	for (i = 0; i < NCLI; i++) {
		c[i].ctl = self->ctl;
		c[i].name = name;
		c[i].id = i;
		c[i].rounds = ROUNDS;
		ASSERT_EQ(0, pthread_create(&c[i].thread, NULL, churn_client_fn, &c[i]));
	}
	for (i = 0; i < NCLI; i++) {
		pthread_join(c[i].thread, NULL);
		EXPECT_EQ(0, c[i].err) TH_LOG("client %d", i);
	}
	/* stop the servers: one "quit" per server */
	for (q = 0; q < NSRV; q++) {
		int busy = 0, fd = churn_open(self->ctl, name, &busy);

		ASSERT_LE(0, fd);
		EXPECT_EQ(0, np_write_str(fd, "quit"));
		close(fd);
	}
	for (i = 0; i < NSRV; i++) {
		pthread_join(s[i].thread, NULL);
		EXPECT_EQ(0, s[i].err) TH_LOG("server %d", i);
		served += s[i].served;
		close(s[i].fd);
	}
	EXPECT_EQ(NCLI * ROUNDS, served);
}

TEST_HARNESS_MAIN
