// SPDX-License-Identifier: GPL-2.0
/*
 * NetApiBufferReallocate, every row of the contract: from NULL, to zero,
 * preservation of min(old, new) bytes and zero growth (also after the
 * program wrote into the slack of the last page), aliasing of old and new
 * pointer, failures that leave the old buffer live and intact, the NULL
 * out-pointer, and the old pointer faulting after a move.
 */
#include <stdlib.h>

#include "common.h"

static int static_var;

static void from_null(void)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	void *q = (void *)&q;
	DWORD n = 0;

	/* As NetApiBufferAllocate. */
	if (EXPECT_STATUS(NetApiBufferReallocate(NULL, 5000, &q),
			  NERR_Success) && CHECK(q != NULL)) {
		CHECK(((uintptr_t)q & 15) == 0);
		EXPECT_STATUS(NetApiBufferSize(q, &n), NERR_Success);
		EXPECT_EQ(n, 5000);
		EXPECT_ZERO(q, 5000);
		EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	}

	/* Reallocate(NULL, 0, &q): success, q NULL, nothing allocated. */
	q = (void *)&q;
	EXPECT_STATUS(NetApiBufferReallocate(NULL, 0, &q), NERR_Success);
	EXPECT_PTR(q, NULL);
	if (q && q != (void *)&q)
		NetApiBufferFree(q);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
}

static void to_zero(void)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	void *p = NULL, *q = (void *)&q;
	DWORD n = 0xdeadbeef;

	if (!EXPECT_STATUS(NetApiBufferAllocate(3000, &p), NERR_Success))
		return;
	fill_pattern(p, 3000, 1);
	EXPECT_STATUS(NetApiBufferReallocate(p, 0, &q), NERR_Success);
	EXPECT_PTR(q, NULL);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	EXPECT_STATUS(NetApiBufferSize(p, &n), ERROR_INVALID_PARAMETER);
	EXPECT_READ(p, t_freed_signal(3000));
	EXPECT_STATUS(NetApiBufferFree(p), ERROR_INVALID_PARAMETER);
}

/*
 * Old size to new size with pattern data: the first min(old, new) bytes
 * survive, the growth reads as zero, a moved-from pointer is dead.
 */
static void resize(DWORD old, DWORD new, uint32_t seed)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	uint8_t *p = NULL, *q = NULL;
	DWORD keep = old < new ? old : new, n = 0;

	if (!EXPECT_STATUS(NetApiBufferAllocate(old, (void **)&p),
			   NERR_Success))
		return;
	fill_pattern(p, old, seed);
	if (!EXPECT_STATUS(NetApiBufferReallocate(p, new, (void **)&q),
			   NERR_Success)) {
		t_info("resize %u -> %u failed", old, new);
		NetApiBufferFree(p);
		return;
	}
	if (!CHECK(q != NULL))
		return;
	CHECK(((uintptr_t)q & 15) == 0);
	EXPECT_STATUS(NetApiBufferSize(q, &n), NERR_Success);
	EXPECT_EQ(n, new);
	if (!EXPECT_PATTERN(q, keep, seed) ||
	    !EXPECT_ZERO(q + keep, new - keep))
		t_info("in resize %u -> %u (%s)", old, new,
		       q == p ? "in place" : "moved");
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers + 1);
	if (q != p) {
		/* p is invalid afterwards. */
		EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(p, &n),
					  ERROR_INVALID_PARAMETER);
		if (old)
			EXPECT_READ(p, t_freed_signal(old));
	}
	fill_pattern(q, new, seed + 1);
	EXPECT_PATTERN(q, new, seed + 1);
	EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
}

static void resize_table(void)
{
	static const DWORD pairs[][2] = {
		{ 1, 2 }, { 100, 4000 }, { 100, 4096 }, { 4095, 4096 },
		{ 4096, 4097 }, { 4097, 4096 }, { 5000, 100 },
		{ 8192, 4096 }, { 12288, 1 }, { 1, 12288 }, { 0, 100 },
		{ 0, 8192 }, { 100, 100 }, { 1 << 20, 2 << 20 },
		{ 2 << 20, 1 << 20 }, { 3 << 20, (3 << 20) + 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		resize(pairs[i][0], pairs[i][1], 10 + (uint32_t)i);
}

/* Reallocate(p, 1500, &p), as Wine does. */
static void aliasing(void)
{
	void *p = NULL;

	if (!EXPECT_STATUS(NetApiBufferAllocate(1024, &p), NERR_Success))
		return;
	fill_pattern(p, 1024, 40);
	if (EXPECT_STATUS(NetApiBufferReallocate(p, 1500, &p), NERR_Success) &&
	    CHECK(p != NULL)) {
		DWORD n = 0;

		EXPECT_STATUS(NetApiBufferSize(p, &n), NERR_Success);
		EXPECT_EQ(n, 1500);
		EXPECT_PATTERN(p, 1024, 40);
		EXPECT_ZERO((uint8_t *)p + 1024, 1500 - 1024);
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	}
	/* Growing to more pages through the same variable. */
	p = NULL;
	if (!EXPECT_STATUS(NetApiBufferAllocate(100, &p), NERR_Success))
		return;
	fill_pattern(p, 100, 41);
	if (EXPECT_STATUS(NetApiBufferReallocate(p, 20000, &p), NERR_Success) &&
	    CHECK(p != NULL)) {
		EXPECT_PATTERN(p, 100, 41);
		EXPECT_ZERO((uint8_t *)p + 100, 20000 - 100);
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	}
}

/*
 * The program may write past its size into the last page; growth must
 * still read as zero (no stale bytes), in place or not.
 */
static void slack_then_grow(void)
{
	const size_t ps = page_size();
	uint8_t *p = NULL, *q = NULL;

	if (!EXPECT_STATUS(NetApiBufferAllocate(100, (void **)&p),
			   NERR_Success))
		return;
	fill_pattern(p, ps, 50);	/* the whole page, slack included */
	if (EXPECT_STATUS(NetApiBufferReallocate(p, 3000, (void **)&q),
			  NERR_Success) && CHECK(q != NULL)) {
		EXPECT_PATTERN(q, 100, 50);
		EXPECT_ZERO(q + 100, 3000 - 100);
		p = q;
	}
	fill_pattern(p, ps, 51);
	q = NULL;
	if (EXPECT_STATUS(NetApiBufferReallocate(p, 3 * ps, (void **)&q),
			  NERR_Success) && CHECK(q != NULL)) {
		EXPECT_PATTERN(q, 3000, 51);
		EXPECT_ZERO(q + 3000, 3 * ps - 3000);
		p = q;
	}
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);

	/* Shrink within the page, then regrow: the dropped bytes are gone. */
	p = NULL;
	if (!EXPECT_STATUS(NetApiBufferAllocate(3000, (void **)&p),
			   NERR_Success))
		return;
	fill_pattern(p, 3000, 52);
	q = NULL;
	if (EXPECT_STATUS(NetApiBufferReallocate(p, 1000, (void **)&q),
			  NERR_Success) && CHECK(q != NULL))
		p = q;
	q = NULL;
	if (EXPECT_STATUS(NetApiBufferReallocate(p, 3000, (void **)&q),
			  NERR_Success) && CHECK(q != NULL)) {
		EXPECT_PATTERN(q, 1000, 52);
		EXPECT_ZERO(q + 1000, 2000);
		p = q;
	}
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
}

/* Reallocate(q, n, &r) for a q that is not live: 87, r NULL, errno kept. */
static void rejected(void *q, DWORD n, const char *what)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	void *r = (void *)&r;

	if (!EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferReallocate(q, n, &r),
				       ERROR_INVALID_PARAMETER) ||
	    !EXPECT_PTR(r, NULL))
		t_info("Reallocate(%s %p, %u)", what, q, n);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
}

static void not_live(void)
{
	const size_t ps = page_size();
	uint8_t *p = NULL, *dead = NULL, *keep = NULL;
	char *heap = malloc(64);
	int local = 0;

	if (!EXPECT_STATUS(NetApiBufferAllocate(2 * ps, (void **)&keep),
			   NERR_Success))
		return;
	fill_pattern(keep, 2 * ps, 60);
	if (EXPECT_STATUS(NetApiBufferAllocate(10, (void **)&dead),
			  NERR_Success))
		EXPECT_STATUS(NetApiBufferFree(dead), NERR_Success);

	if (dead) {
		rejected(dead, 100, "freed");
		rejected(dead, 0, "freed");
	}
	rejected(keep + 1, 100, "interior");
	rejected(keep + ps, 100, "interior page");
	rejected(keep + ps, 0, "interior page");
	rejected(keep + 2 * ps, 100, "guard page");
	rejected(heap, 100, "malloc");
	rejected(&local, 100, "stack");
	rejected(&static_var, 0, "static");
	rejected((void *)(uintptr_t)0xdeadbeef, 100, "random");
	EXPECT_LIVE(keep, 2 * ps, 60);

	/* Reallocate(p, n, NULL): 87, p unchanged; not even n == 0 frees it. */
	p = keep;
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferReallocate(p, 100, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferReallocate(p, 8 * ps, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferReallocate(p, 0, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_LIVE(keep, 2 * ps, 60);
	{
		uint64_t buffers = counter_read(SYSFS_BUFFERS);

		EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferReallocate(NULL, 10,
								 NULL),
					  ERROR_INVALID_PARAMETER);
		EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	}
	EXPECT_STATUS(NetApiBufferFree(keep), NERR_Success);
	free(heap);
}

/* Over a limit: 8, q NULL, p live and unchanged; works again when it fits. */
static void over_limit(void)
{
	const DWORD k = 1024;
	uint8_t *p = NULL, *other = NULL, *q;
	uint64_t buffers, bytes;

	if (t_user_backend()) {
		/* user_backend.c runs it with NETBUF_USER_MAX_BYTES. */
		t_info("over_limit: max_bytes is the module's; not here");
		return;
	}
	param_set(PARAM_MAX_BYTES, 64 * k);
	if (!EXPECT_STATUS(NetApiBufferAllocate(16 * k, (void **)&p),
			   NERR_Success))
		return;
	fill_pattern(p, 16 * k, 70);
	if (!EXPECT_STATUS(NetApiBufferAllocate(32 * k, (void **)&other),
			   NERR_Success))
		other = NULL;
	buffers = counter_read(SYSFS_BUFFERS);
	bytes = counter_read(SYSFS_BYTES);

	/* 16 + 32 live; 40 + 32 > 64 whatever the kernel does in between. */
	q = (uint8_t *)&q;
	EXPECT_STATUS(NetApiBufferReallocate(p, 40 * k, (void **)&q),
		      ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_PTR(q, NULL);
	EXPECT_LIVE(p, 16 * k, 70);
	q = (uint8_t *)&q;
	EXPECT_STATUS(NetApiBufferReallocate(p, 0xffffffffu, (void **)&q),
		      ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_PTR(q, NULL);
	EXPECT_LIVE(p, 16 * k, 70);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER(SYSFS_BYTES, bytes);

	/* Room again: 16 + 40 <= 64 even while both copies exist. */
	if (other)
		EXPECT_STATUS(NetApiBufferFree(other), NERR_Success);
	q = NULL;
	if (EXPECT_STATUS(NetApiBufferReallocate(p, 40 * k, (void **)&q),
			  NERR_Success) && CHECK(q != NULL)) {
		EXPECT_PATTERN(q, 16 * k, 70);
		EXPECT_ZERO(q + 16 * k, 24 * k);
		p = q;
	}
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
}

int main(int argc, char **argv)
{
	uint64_t buffers, bytes;

	(void)argc;
	t_init(argv[0], 120);
	buffers = counter_read(SYSFS_BUFFERS);
	bytes = counter_read(SYSFS_BYTES);

	/* Before any allocation: nothing is live, NULL out-pointer. */
	rejected((void *)&buffers, 10, "stack, before first use");
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferReallocate(NULL, 10, NULL),
				  ERROR_INVALID_PARAMETER);

	from_null();
	to_zero();
	resize_table();
	aliasing();
	slack_then_grow();
	not_live();
	over_limit();

	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER(SYSFS_BYTES, bytes);
	return t_done();
}
