// SPDX-License-Identifier: GPL-2.0
/*
 * Small buffers are packed, yet each stays apart: every size from 1 to
 * small_max bytes (2048), with all of them live at once, gets a zero-filled
 * buffer, 16-byte aligned, that lies inside a window page of its own (no
 * two buffers share one) followed by a guard page (SIGBUS), and Size gives
 * exactly the size asked for. A pattern written to every byte of every
 * buffer's requested size reads back in all of them afterwards, so no write
 * reached a neighbour. Buffers of one size class share physical pages: no
 * more pages hold a class than its slots need. Above small_max the buffers
 * are page-backed as before (page aligned).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define NR_SMALL	SMALL_MAX_DEFAULT
/* Page-backed neighbours of the small ones. */
static const DWORD big_size[] = { 2049, 3000, 4095, 4096, 4097, 8192 };
#define NR_BIG		(sizeof(big_size) / sizeof(big_size[0]))
#define NR_ALL		(NR_SMALL + NR_BIG)

struct sbuf {
	uint8_t *p;
	DWORD n;
	uint64_t pfn;
};

static struct sbuf b[NR_ALL];

static uint32_t seed_of(size_t i)
{
	return 7000 + (uint32_t)i;
}

static int cmp_page(const void *x, const void *y)
{
	uintptr_t a = (uintptr_t)window_page_of(((const struct sbuf *)x)->p);
	uintptr_t c = (uintptr_t)window_page_of(((const struct sbuf *)y)->p);

	return (a > c) - (a < c);
}

static void allocate_all(void)
{
	const size_t ps = page_size();
	size_t i;

	for (i = 0; i < NR_ALL; i++) {
		b[i].n = i < NR_SMALL ? (DWORD)(i + 1) : big_size[i - NR_SMALL];
		if (!EXPECT_STATUS(NetApiBufferAllocate(b[i].n,
							(void **)&b[i].p),
				   NERR_Success))
			FATAL("Allocate(%u) refused", b[i].n);
	}
	/* Checked with all of them live. */
	for (i = 0; i < NR_ALL; i++) {
		size_t off = page_offset_of(b[i].p);
		DWORD got = 0;

		if (!EXPECT_EQ((uintptr_t)b[i].p % 16, 0) ||
		    !EXPECT_ZERO(b[i].p, b[i].n))
			t_info("buffer of %u bytes at %p", b[i].n,
			       (void *)b[i].p);
		EXPECT_STATUS(NetApiBufferSize(b[i].p, &got), NERR_Success);
		if (!EXPECT_EQ(got, b[i].n))
			t_info("Size of the %u-byte buffer", b[i].n);
		if (i >= NR_SMALL) {
			if (!EXPECT_EQ(off, 0))
				t_info("a %u-byte buffer is page-backed",
				       b[i].n);
			continue;
		}
		/* Inside its window page; the slot too. */
		if (!CHECK(off + small_class(b[i].n) <= ps))
			t_info("%u-byte buffer (class %" PRIu64 ") at page "
			       "offset %zu", b[i].n, small_class(b[i].n), off);
		if (probe_read(window_page_of(b[i].p) + ps, NULL) != SIGBUS)
			FAIL("the page after the %u-byte buffer at %p is not "
			     "a guard (expected SIGBUS)", b[i].n,
			     (void *)b[i].p);
	}
}

static void own_window_pages(void)
{
	struct sbuf *s = malloc(sizeof(b));
	size_t i, shared = 0;

	REQUIRE(s != NULL);
	memcpy(s, b, sizeof(b));
	qsort(s, NR_ALL, sizeof(*s), cmp_page);
	for (i = 1; i < NR_ALL; i++) {
		if (window_page_of(s[i].p) != window_page_of(s[i - 1].p))
			continue;
		if (++shared <= 5)
			FAIL("the %u-byte buffer %p and the %u-byte buffer %p "
			     "share a window page", s[i - 1].n,
			     (void *)s[i - 1].p, s[i].n, (void *)s[i].p);
	}
	if (shared)
		FAIL("%zu buffers share a window page with another", shared);
	free(s);
}

/* Every byte of every buffer written, then all read back. */
static void no_overlap(void)
{
	size_t i, bad = 0;

	for (i = 0; i < NR_ALL; i++)
		fill_pattern(b[i].p, b[i].n, seed_of(i));
	for (i = 0; i < NR_ALL; i++) {
		size_t at = find_pattern_mismatch(b[i].p, b[i].n, seed_of(i));

		if (at == SIZE_MAX)
			continue;
		if (++bad <= 5)
			FAIL("the %u-byte buffer %p: byte %zu changed after "
			     "the others were written", b[i].n,
			     (void *)b[i].p, at);
	}
	if (bad)
		FAIL("%zu buffers were overwritten by a neighbour", bad);
}

/*
 * Each class's buffers sit in as few shared pages as their slots need,
 * plus one per class for a page the class had begun before.
 */
static void packed(void)
{
	const size_t ps = page_size();
	uint64_t cls, pages_total = 0;
	size_t i, j;

	for (i = 0; i < NR_SMALL; i++) {
		b[i].pfn = pfn_of(b[i].p);
		if (!b[i].pfn)
			FAIL("no page behind the live %u-byte buffer %p",
			     b[i].n, (void *)b[i].p);
	}
	for (cls = 16; cls <= SMALL_MAX_DEFAULT; cls = small_class(cls + 1)) {
		uint64_t count = 0, pages = 0, need;

		for (i = 0; i < NR_SMALL; i++) {
			if (small_class(b[i].n) != cls || !b[i].pfn)
				continue;
			count++;
			for (j = 0; j < i; j++)
				if (small_class(b[j].n) == cls &&
				    b[j].pfn == b[i].pfn)
					break;
			pages += j == i;
		}
		need = (count + ps / cls - 1) / (ps / cls) + 1;
		if (!CHECK(pages <= need))
			t_info("class %" PRIu64 ": %" PRIu64 " buffers in %"
			       PRIu64 " pages; %" PRIu64 " slots a page",
			       cls, count, pages, ps / cls);
		pages_total += pages;
		if (cls == SMALL_MAX_DEFAULT)
			break;
	}
	t_info("%d small buffers (1 to %d bytes) in %" PRIu64 " shared pages",
	       NR_SMALL, NR_SMALL, pages_total);
}

int main(int argc, char **argv)
{
	uint64_t buffers, small;
	size_t i;

	(void)argc;
	t_init(argv[0], 300);
	require_small_buffers();
	buffers = counter_read(SYSFS_BUFFERS);
	small = counter_read(SYSFS_SMALL_BUFFERS);

	allocate_all();
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers + NR_ALL);
	EXPECT_COUNTER(SYSFS_SMALL_BUFFERS, small + NR_SMALL);
	own_window_pages();
	no_overlap();
	packed();

	for (i = 0; i < NR_ALL; i++) {
		if (!EXPECT_LIVE(b[i].p, b[i].n, seed_of(i)))
			t_info("before freeing the %u-byte buffer", b[i].n);
		EXPECT_STATUS(NetApiBufferFree(b[i].p), NERR_Success);
	}
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER(SYSFS_SMALL_BUFFERS, small);
	return t_done();
}
