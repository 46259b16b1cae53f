// SPDX-License-Identifier: GPL-2.0
/*
 * Reallocate of small buffers. Within a size class it stays in place (the
 * same pointer, the same page frame) and the bytes between the old and the
 * new size read zero both ways, though the program wrote past its size
 * before (the slot's slack is reachable through its window page). Across
 * classes, and to or from page-backed sizes, it moves: the content up to
 * the smaller size is copied, growth reads zero, Size is the new size, and
 * the old pointer faults and is refused. The neighbours on the shared page
 * never change.
 */
#include <inttypes.h>

#include "common.h"

#define N	20	/* class 32: 128 slots a page */
#define SLOT	5

static struct small_page sp;

/* p (n bytes, pattern seed up to n) to m bytes within its class. */
static void in_place(uint8_t *p, DWORD n, DWORD m, uint32_t seed)
{
	uint64_t pfn = pfn_of(p);
	uint8_t *q = NULL;
	DWORD lo = n < m ? n : m, hi = n < m ? m : n, got = 0;

	/* Junk past the size, in the slot's slack. */
	fill_pattern(p + n, small_class(n) - n, 0xbad);
	if (!EXPECT_STATUS(NetApiBufferReallocate(p, m, (void **)&q),
			   NERR_Success))
		return;
	if (!EXPECT_PTR(q, p) || !EXPECT_EQ(pfn_of(q), pfn)) {
		t_info("Reallocate(%u -> %u bytes) moved", n, m);
		p = q;
	}
	EXPECT_PATTERN(p, lo, seed);
	if (!EXPECT_ZERO(p + lo, hi - lo))
		t_info("bytes %u to %u after Reallocate(%u -> %u bytes)", lo,
		       hi, n, m);
	EXPECT_STATUS(NetApiBufferSize(p, &got), NERR_Success);
	EXPECT_EQ(got, m);
	EXPECT_SMALL_PAGE(&sp, "an in-place Reallocate");
}

/* Slot SLOT resized in its class; the page's other buffers as they were. */
static void within_class(void)
{
	uint32_t s = small_page_seed(&sp, SLOT);
	uint8_t *p = sp.slot[SLOT];

	sp.slot[SLOT] = NULL;
	in_place(p, N, 32, s);			/* grow to the class end */
	fill_pattern(p, 32, 11);
	in_place(p, 32, 17, 11);		/* shrink */
	in_place(p, 17, 25, 11);		/* grow again: 17..25 zero */
	fill_pattern(p, 25, 11);
	in_place(p, 25, 25, 11);		/* the same size */
	fill_pattern(p, 25, s);
	in_place(p, 25, N, s);			/* back */
	sp.slot[SLOT] = p;
}

/* p (n bytes) to m bytes in another class or page-backed: it moves. */
static uint8_t *moves(uint8_t *p, DWORD n, DWORD m, uint32_t seed)
{
	uint8_t *q = NULL;
	DWORD lo = n < m ? n : m, got = 0;

	if (!EXPECT_STATUS(NetApiBufferReallocate(p, m, (void **)&q),
			   NERR_Success))
		return p;
	if (!CHECK(window_page_of(q) != window_page_of(p)))
		t_info("Reallocate(%u -> %u bytes) stayed in place", n, m);
	if (!EXPECT_PATTERN(q, lo, seed) ||
	    (m > n && !EXPECT_ZERO(q + n, m - n)))
		t_info("after Reallocate(%u -> %u bytes)", n, m);
	EXPECT_STATUS(NetApiBufferSize(q, &got), NERR_Success);
	EXPECT_EQ(got, m);
	if (m > small_class(SMALL_MAX_DEFAULT))
		EXPECT_EQ(page_offset_of(q), 0);
	EXPECT_READ(p, SIGBUS);
	EXPECT_WRITE(p, 1, SIGBUS);
	EXPECT_STATUS(NetApiBufferFree(p), ERROR_INVALID_PARAMETER);
	EXPECT_SMALL_PAGE(&sp, "a Reallocate that moved");
	fill_pattern(q, m, seed);
	return q;
}

static void across(void)
{
	uint8_t *p = sp.slot[SLOT];
	uint32_t s = small_page_seed(&sp, SLOT);

	sp.slot[SLOT] = NULL;
	p = moves(p, N, 33, s);		/* the next class */
	p = moves(p, 33, 2048, s);	/* the largest */
	p = moves(p, 2048, 2049, s);	/* page-backed */
	p = moves(p, 2049, 3 * 4096, s);
	p = moves(p, 3 * 4096, 1000, s);	/* back into a class */
	p = moves(p, 1000, 16, s);	/* the smallest */
	p = moves(p, 16, 5000, s);
	p = moves(p, 5000, 1, s);
	EXPECT_STATUS(NetApiBufferReallocate(p, 0, (void **)&p),
		      NERR_Success);
	EXPECT_PTR(p, NULL);
}

int main(int argc, char **argv)
{
	uint64_t buffers;

	(void)argc;
	t_init(argv[0], 300);
	require_small_buffers();
	buffers = counter_read(SYSFS_BUFFERS);
	small_page_fill(&sp, N);
	small_page_write(&sp, 5300);
	within_class();
	across();
	small_page_free(&sp);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	return t_done();
}
