// SPDX-License-Identifier: GPL-2.0
/*
 * exit_group while other threads are inside netbuf: a child starts four
 * threads that allocate, touch, resize, size and free in a loop (through
 * the library and through a raw context), and its main thread calls _exit
 * at a random moment. The child must exit normally (no signal, no hang),
 * and the module must release everything: the contexts, buffers and bytes
 * counters return to where they were. Repeated twenty times.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

#define ROUNDS		20
#define NR_WORKERS	4
#define WIN_SIZE	(64UL << 20)
#define MAX_DELAY_MS	40

static struct raw_ctx raw;
static uint64_t round_seed;

static void library_step(uint64_t *rng)
{
	DWORD n = (DWORD)rng_below(rng, 64 * 1024), m;
	uint8_t *p = NULL, *q = NULL;

	if (!EXPECT_STATUS(NetApiBufferAllocate(n, (void **)&p), NERR_Success))
		return;
	if (n) {
		p[0] = 1;
		p[n - 1] = 2;
	}
	EXPECT_STATUS(NetApiBufferSize(p, &m), NERR_Success);
	m = (DWORD)rng_below(rng, 64 * 1024);
	if (!EXPECT_STATUS(NetApiBufferReallocate(p, m, (void **)&q),
			   NERR_Success)) {
		NetApiBufferFree(p);
		return;
	}
	if (q) {
		q[m - 1] = 3;
		EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	}
}

static void raw_step(uint64_t *rng)
{
	uint64_t n = rng_below(rng, 32 * 1024) + 1, off, nw;
	struct netbuf_info info;

	if (!EXPECT_RC(raw_alloc(raw.fd, n, &off), 0))
		return;
	raw.win[off] = 1;
	EXPECT_RC(raw_info(raw.fd, &info), 0);
	if (EXPECT_RC(raw_realloc(raw.fd, off, n * 2, &nw), 0)) {
		off = nw;
		raw.win[off + n * 2 - 1] = 2;
	}
	EXPECT_RC(raw_free(raw.fd, off), 0);
}

static void *worker(void *arg)
{
	uint64_t rng = round_seed ^ ((uintptr_t)arg * 0x9e3779b97f4a7c15ULL);

	rng |= 1;
	for (;;) {
		if (rng_below(&rng, 2))
			library_step(&rng);
		else
			raw_step(&rng);
	}
	return NULL;
}

static int doomed_child(void *arg)
{
	uint64_t rng = round_seed | 1;
	pthread_t t;
	uintptr_t i;
	void *p = NULL;

	(void)arg;
	/* Half the rounds let the workers race the library's lazy open. */
	if (rng_below(&rng, 2) && NetApiBufferAllocate(1, &p) == NERR_Success)
		NetApiBufferFree(p);
	raw_open(&raw, WIN_SIZE);
	for (i = 0; i < NR_WORKERS; i++)
		if (pthread_create(&t, NULL, worker, (void *)(i + 1)))
			FATAL("pthread_create failed");
	sleep_ms((unsigned int)rng_below(&rng, MAX_DELAY_MS + 1));
	_exit(child_result());
}

int main(int argc, char **argv)
{
	uint64_t contexts, buffers, bytes, seed;
	char buf[64];
	int round, status;

	(void)argc;
	t_init(argv[0], 180);
	seed = t_seed();
	contexts = counter_read(SYSFS_CONTEXTS);
	buffers = counter_read(SYSFS_BUFFERS);
	bytes = counter_read(SYSFS_BYTES);

	for (round = 0; round < ROUNDS; round++) {
		round_seed = seed + (uint64_t)round * 0x2545f4914f6cdd1dULL;
		status = run_child(doomed_child, NULL);
		if (!EXPECT_EXIT(status, T_PASS))
			t_info("round %d: child ended with %s", round,
			       wait_status_str(status, buf, sizeof(buf)));
		if (!EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts) ||
		    !EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers) ||
		    !EXPECT_COUNTER_SETTLES(SYSFS_BYTES, bytes)) {
			t_info("round %d left the module holding state", round);
			break;
		}
	}
	return t_done();
}
