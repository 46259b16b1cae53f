// SPDX-License-Identifier: GPL-2.0
/*
 * Guard pages and use after free, through the library: the slack of a
 * buffer (the rest of its last page, or of its slot for a small buffer:
 * the rest of that window page holds other buffers' slots) is accessible,
 * the page after it is a guard (SIGBUS);
 * a freed buffer and the old place of a moved buffer raise SIGBUS; and the
 * next few hundred allocations never hand out a range that was just freed,
 * so a stale pointer keeps faulting and a double free keeps being caught.
 */
#include <stdlib.h>

#include "common.h"

#define REUSE_ROUNDS	300

struct range {
	uintptr_t start, end;	/* end: past the last page (start for 0) */
};

static struct range range_of(const void *p, DWORD n)
{
	struct range r = { (uintptr_t)p, (uintptr_t)p + page_round(n) };

	return r;
}

static bool overlaps(const struct range *a, const struct range *b)
{
	if (a->start == b->start)
		return true;
	return a->start < b->end && b->start < a->end;
}

/* Bytes from a buffer of n bytes to the end of its slack. */
static size_t slack_end(DWORD n)
{
	return n <= SMALL_MAX_DEFAULT ? small_class(n) : page_round(n);
}

/* Bytes from p, a buffer of n bytes, to the guard page after it. */
static size_t guard_at(const uint8_t *p, DWORD n)
{
	uintptr_t a = (uintptr_t)p;

	return page_round(a + n) - a;
}

static void guard_and_slack(void)
{
	static const DWORD sizes[] = {
		1, 100, 4095, 4096, 4097, 8191, 8192, 12289, 65536,
	};
	const size_t nr = sizeof(sizes) / sizeof(sizes[0]);
	const size_t ps = page_size();
	uint8_t *p[sizeof(sizes) / sizeof(sizes[0])];
	uint8_t v;
	size_t i;

	for (i = 0; i < nr; i++)
		if (!EXPECT_STATUS(NetApiBufferAllocate(sizes[i],
							(void **)&p[i]),
				   NERR_Success))
			p[i] = NULL;
	/* Checked with all of them live, so neighbours cannot hide a guard. */
	for (i = 0; i < nr; i++) {
		size_t end = slack_end(sizes[i]);
		size_t guard = guard_at(p[i], sizes[i]);

		if (!p[i])
			continue;
		EXPECT_WRITE(p[i], 0x11, 0);
		EXPECT_WRITE(p[i] + sizes[i] - 1, 0x22, 0);
		/* The slack: readable, zero, writable. */
		v = 0xff;
		if (CHECK(probe_read(p[i] + end - 1, &v) == 0) &&
		    end > sizes[i])
			EXPECT_EQ(v, 0);
		EXPECT_WRITE(p[i] + end - 1, 0x33, 0);
		/* The guard. */
		EXPECT_READ(p[i] + guard, SIGBUS);
		EXPECT_WRITE(p[i] + guard, 0x44, SIGBUS);
		EXPECT_READ(p[i] + guard + ps - 1, SIGBUS);
	}
	for (i = 0; i < nr; i++) {
		size_t end = slack_end(sizes[i]);

		if (!p[i])
			continue;
		if (sizes[i] > 1)
			EXPECT_EQ(p[i][0], 0x11);
		EXPECT_STATUS(NetApiBufferFree(p[i]), NERR_Success);
		EXPECT_READ(p[i], SIGBUS);
		EXPECT_WRITE(p[i], 0x55, SIGBUS);
		EXPECT_READ(p[i] + end - 1, SIGBUS);
		EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferFree(p[i]),
					  ERROR_INVALID_PARAMETER);
	}
}

static void zero_size(void)
{
	uint8_t *p = NULL;

	if (!EXPECT_STATUS(NetApiBufferAllocate(0, (void **)&p), NERR_Success))
		return;
	EXPECT_READ(p, SIGBUS);
	EXPECT_WRITE(p, 1, SIGBUS);
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	EXPECT_READ(p, SIGBUS);
	EXPECT_STATUS(NetApiBufferFree(p), ERROR_INVALID_PARAMETER);
}

static void moved_away(void)
{
	const size_t ps = page_size();
	uint8_t *p = NULL, *q = NULL;

	if (!EXPECT_STATUS(NetApiBufferAllocate(100, (void **)&p),
			   NERR_Success))
		return;
	fill_pattern(p, 100, 1500);
	if (!EXPECT_STATUS(NetApiBufferReallocate(p, 4 * ps, (void **)&q),
			   NERR_Success)) {
		NetApiBufferFree(p);
		return;
	}
	EXPECT_PATTERN(q, 100, 1500);
	if (q != p) {
		EXPECT_READ(p, SIGBUS);
		EXPECT_WRITE(p + 99, 0x66, SIGBUS);
		EXPECT_STATUS(NetApiBufferFree(p), ERROR_INVALID_PARAMETER);
	}
	EXPECT_READ(q + 4 * ps, SIGBUS);
	EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	EXPECT_READ(q, SIGBUS);
}

/* Allocate, free, repeat: no new buffer touches anything freed before. */
static void no_quick_reuse(void)
{
	struct range *freed = calloc(REUSE_ROUNDS, sizeof(*freed));
	uint64_t rng = t_seed() | 1;
	size_t i, j, nfreed = 0, reused = 0;

	REQUIRE(freed != NULL);
	for (i = 0; i < REUSE_ROUNDS; i++) {
		DWORD n = (DWORD)rng_below(&rng, 3 * page_size() + 1);
		uint8_t *p = NULL;
		struct range r;

		if (!EXPECT_STATUS(NetApiBufferAllocate(n, (void **)&p),
				   NERR_Success))
			continue;
		r = range_of(p, n);
		for (j = nfreed; j-- > 0;)
			if (overlaps(&r, &freed[j]))
				break;
		if (j != SIZE_MAX && ++reused <= 5)
			FAIL("allocation %zu (%p, %u bytes) reuses the range "
			     "of a buffer freed %zu allocations ago", i,
			     (void *)p, n, nfreed - j);
		if (n)
			p[n - 1] = 0x77;
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
		if (n && i % 16 == 0)
			EXPECT_READ(p + n - 1, SIGBUS);
		freed[nfreed++] = r;
	}
	if (reused)
		FAIL("%zu of %d allocations reused a just-freed range",
		     reused, REUSE_ROUNDS);
	/* Every one of those pointers is still refused. */
	for (j = 0; j < nfreed; j += 7)
		EXPECT_STATUS(NetApiBufferFree((void *)freed[j].start),
			      ERROR_INVALID_PARAMETER);
	free(freed);
}

int main(int argc, char **argv)
{
	uint64_t buffers;

	(void)argc;
	t_init(argv[0], 120);
	require_small_buffers();
	buffers = counter_read(SYSFS_BUFFERS);
	guard_and_slack();
	zero_size();
	moved_away();
	no_quick_reuse();
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	return t_done();
}
