// SPDX-License-Identifier: GPL-2.0
/*
 * Eight threads hammer one context through the library, starting together
 * so that they also race the lazy open: allocate random sizes, fill with a
 * thread-specific pattern, verify, reallocate, verify the kept prefix and
 * the zero growth, free; and hand buffers over to the next thread through
 * its inbox, to be verified and freed there. Every status and every byte
 * is checked; nothing may be left live at the end. The lazy open made
 * exactly one context: the process holds one descriptor of the device, and
 * its context id is the next one after a context opened just before. (On
 * the user-space backend there is no context: that part is the kernel's.)
 */
#include <pthread.h>
#include <string.h>

#include "common.h"

#define NR_THREADS	8
#define ITERATIONS	400
#define INBOX_SLOTS	32
#define MAX_FAILURES	20	/* stop early rather than flood the log */

struct handover {
	uint8_t *p;
	DWORD n;
	uint32_t seed;
	int from;
};

struct inbox {
	pthread_mutex_t lock;
	struct handover slot[INBOX_SLOTS];
	unsigned int head, count;
};

struct worker {
	pthread_t thread;
	int id;
	uint64_t rng;
	unsigned long ops, received, full;
};

static struct inbox inbox[NR_THREADS];
static struct worker workers[NR_THREADS];
static pthread_barrier_t start;

static DWORD random_size(uint64_t *rng)
{
	switch (rng_below(rng, 32)) {
	case 0:
		return (DWORD)rng_below(rng, 256 * 1024 + 1);
	case 1:
		return 0;
	case 2:
		return 4096 * (DWORD)(1 + rng_below(rng, 4));
	default:
		return (DWORD)rng_below(rng, 32 * 1024 + 1);
	}
}

/* A live buffer of exactly n bytes of pattern seed; then freed. */
static void check_and_free(uint8_t *p, DWORD n, uint32_t seed)
{
	DWORD got = 0xdeadbeef;

	EXPECT_STATUS(NetApiBufferSize(p, &got), NERR_Success);
	EXPECT_EQ(got, n);
	EXPECT_PATTERN(p, n, seed);
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
}

static bool inbox_put(int to, const struct handover *h)
{
	struct inbox *box = &inbox[to];
	bool ok = false;

	pthread_mutex_lock(&box->lock);
	if (box->count < INBOX_SLOTS) {
		box->slot[(box->head + box->count) % INBOX_SLOTS] = *h;
		box->count++;
		ok = true;
	}
	pthread_mutex_unlock(&box->lock);
	return ok;
}

static bool inbox_get(int id, struct handover *h)
{
	struct inbox *box = &inbox[id];
	bool ok = false;

	pthread_mutex_lock(&box->lock);
	if (box->count) {
		*h = box->slot[box->head];
		box->head = (box->head + 1) % INBOX_SLOTS;
		box->count--;
		ok = true;
	}
	pthread_mutex_unlock(&box->lock);
	return ok;
}

/* Allocate, fill, verify, reallocate, verify, free. */
static void round_trip(struct worker *w, uint32_t seed)
{
	DWORD n = random_size(&w->rng), m = random_size(&w->rng), keep, got;
	uint8_t *p = NULL, *q = NULL;

	if (!EXPECT_STATUS(NetApiBufferAllocate(n, (void **)&p), NERR_Success))
		return;
	if (!CHECK(p != NULL && ((uintptr_t)p & 15) == 0))
		return;
	EXPECT_ZERO(p, n);
	fill_pattern(p, n, seed);
	got = 0xdeadbeef;
	EXPECT_STATUS(NetApiBufferSize(p, &got), NERR_Success);
	EXPECT_EQ(got, n);
	EXPECT_PATTERN(p, n, seed);

	if (!EXPECT_STATUS(NetApiBufferReallocate(p, m, (void **)&q),
			   NERR_Success)) {
		/* p is still live after a failure */
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
		return;
	}
	if (m == 0) {
		EXPECT_PTR(q, NULL);
		return;
	}
	if (!CHECK(q != NULL))
		return;
	keep = n < m ? n : m;
	if (!EXPECT_PATTERN(q, keep, seed) || !EXPECT_ZERO(q + keep, m - keep))
		t_info("thread %d: reallocate %u -> %u", w->id, n, m);
	fill_pattern(q, m, seed ^ 0x80000000u);
	check_and_free(q, m, seed ^ 0x80000000u);
}

static void hand_over(struct worker *w, uint32_t seed)
{
	struct handover h = { .n = (DWORD)rng_below(&w->rng, 8192 + 1),
			      .seed = seed ^ 0x40000000u, .from = w->id };

	if (!EXPECT_STATUS(NetApiBufferAllocate(h.n, (void **)&h.p),
			   NERR_Success))
		return;
	fill_pattern(h.p, h.n, h.seed);
	if (!inbox_put((w->id + 1) % NR_THREADS, &h)) {
		w->full++;
		check_and_free(h.p, h.n, h.seed);
	}
}

static void receive(struct worker *w)
{
	struct handover h;

	if (!inbox_get(w->id, &h))
		return;
	CHECK(h.from != w->id);
	check_and_free(h.p, h.n, h.seed);
	w->received++;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int i;

	pthread_barrier_wait(&start);
	for (i = 0; i < ITERATIONS && t_failures() < MAX_FAILURES; i++) {
		uint32_t seed = ((uint32_t)w->id << 24) ^ (uint32_t)i;

		round_trip(w, seed);
		if (rng_below(&w->rng, 2))
			hand_over(w, seed);
		receive(w);
		w->ops++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long received = 0, full = 0, ops = 0;
	uint64_t seed, buffers, bytes, contexts;
	struct netbuf_info info;
	struct handover h;
	uint32_t id0 = 0;
	int i, rc, fd, n;

	(void)argc;
	t_init(argv[0], 240);
	seed = t_seed();
	buffers = counter_read(SYSFS_BUFFERS);
	bytes = counter_read(SYSFS_BYTES);
	/* Context ids are cyclic: the library's must be the next one. */
	if (!t_user_backend()) {
		fd = dev_open();
		REQUIRE(raw_info(fd, &info) == 0);
		id0 = info.context;
		close(fd);
	}
	contexts = counter_wait(SYSFS_CONTEXTS, 0, SETTLE_MS);

	pthread_barrier_init(&start, NULL, NR_THREADS);
	for (i = 0; i < NR_THREADS; i++) {
		pthread_mutex_init(&inbox[i].lock, NULL);
		workers[i].id = i;
		workers[i].rng = (seed + (uint64_t)i * 0x9e3779b97f4a7c15ULL) |
				 1;
	}
	for (i = 0; i < NR_THREADS; i++) {
		rc = pthread_create(&workers[i].thread, NULL, worker_main,
				    &workers[i]);
		if (rc)
			FATAL("pthread_create: %s", errno_name(rc));
	}
	for (i = 0; i < NR_THREADS; i++) {
		pthread_join(workers[i].thread, NULL);
		received += workers[i].received;
		full += workers[i].full;
		ops += workers[i].ops;
	}
	/* What is still in the inboxes is freed by yet another thread. */
	for (i = 0; i < NR_THREADS; i++)
		while (inbox_get(i, &h)) {
			check_and_free(h.p, h.n, h.seed);
			received++;
		}
	t_info("%lu iterations, %lu buffers freed by another thread, "
	       "%lu handovers to a full inbox", ops, received, full);
	CHECK(received > 0);
	/* The user backend has no context: nothing to count. */
	n = t_user_backend() ? 0 : netbuf_fds(&fd, 1);
	if (!t_user_backend() && EXPECT_EQ(n, 1)) {
		EXPECT_EQ(raw_info(fd, &info), 0);
		EXPECT_EQ(info.context, id0 + 1);
	}
	EXPECT_COUNTER(SYSFS_CONTEXTS, contexts + 1);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER(SYSFS_BYTES, bytes);
	return t_done();
}
