// SPDX-License-Identifier: GPL-2.0
/*
 * Use after free of small buffers faults exactly as for page-backed ones,
 * although the slot's page lives on for its neighbours: after Free, a read
 * or a write anywhere in the freed buffer's window page raises SIGBUS,
 * while the buffers in the other slots of the same shared page keep their
 * contents, their Size and their page, and read the freed slot as zeros
 * (slots are zeroed on free). The same for the old place of a buffer that
 * Reallocate moved (to another class, to a page-backed size, and from one),
 * and after a few hundred more allocations of the class: a stale pointer
 * never reaches a later buffer.
 */
#include <inttypes.h>

#include "common.h"

#define REUSE_ROUNDS	300

/* Every access to the window page of a freed buffer p faults. */
static void expect_gone(uint8_t *p, DWORD n, const char *what)
{
	const size_t ps = page_size();
	uint8_t *w = window_page_of(p);
	bool ok = true;

	ok &= EXPECT_READ(p, SIGBUS);
	ok &= EXPECT_WRITE(p, 0x5a, SIGBUS);
	if (n > 1) {
		ok &= EXPECT_READ(p + n - 1, SIGBUS);
		ok &= EXPECT_WRITE(p + n - 1, 0x5b, SIGBUS);
	}
	ok &= EXPECT_READ(w, SIGBUS);
	ok &= EXPECT_READ(w + ps - 1, SIGBUS);
	ok &= EXPECT_WRITE(w + ps - 16, 0x5c, SIGBUS);
	ok &= EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferFree(p),
					ERROR_INVALID_PARAMETER);
	if (!ok)
		t_info("%s (%p, %u bytes)", what, (void *)p, n);
}

/* Slot victim freed: its slot reads zero through a neighbour's alias. */
static void freed_slot_zero(const struct small_page *sp, size_t victim)
{
	size_t i = victim ? victim - 1 : victim + 1;
	uint8_t *alias = window_page_of(sp->slot[i]) + victim * sp->cls;

	if (!EXPECT_ZERO(alias, sp->cls))
		t_info("slot %zu of class %" PRIu64 " after its Free, read "
		       "through slot %zu's window page", victim, sp->cls, i);
}

static void free_one(DWORD n)
{
	struct small_page sp;
	size_t v;
	uint8_t *p;

	small_page_fill(&sp, n);
	small_page_write(&sp, 9100);
	v = sp.nr_slots / 2;
	p = sp.slot[v];
	REQUIRE(NetApiBufferFree(p) == NERR_Success);
	sp.slot[v] = NULL;
	expect_gone(p, n, "a freed buffer");
	EXPECT_SMALL_PAGE(&sp, "a neighbour's Free");
	freed_slot_zero(&sp, v);

	/* The slot and the page go on serving the class; p keeps faulting. */
	for (v = 0; v < REUSE_ROUNDS; v++) {
		uint8_t *q = NULL;

		if (!EXPECT_STATUS(NetApiBufferAllocate(n, (void **)&q),
				   NERR_Success))
			break;
		if (window_page_of(q) == window_page_of(p))
			FAIL("allocation %zu of %u bytes (%p) is in the window "
			     "page of the buffer %p freed before", v, n,
			     (void *)q, (void *)p);
		fill_pattern(q, n, 1);
		EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
		if (v % 50 == 0)
			EXPECT_READ(q, SIGBUS);
	}
	expect_gone(p, n, "a buffer freed 300 allocations ago");
	EXPECT_SMALL_PAGE(&sp, "300 allocations");
	small_page_free(&sp);
}

/* Reallocate of slot v to m bytes moves it: the old place faults. */
static void moved(struct small_page *sp, DWORD n, size_t v, DWORD m)
{
	uint8_t *p = sp->slot[v], *q = NULL;
	DWORD got = 0;

	sp->slot[v] = NULL;
	if (!EXPECT_STATUS(NetApiBufferReallocate(p, m, (void **)&q),
			   NERR_Success)) {
		sp->slot[v] = p;
		return;
	}
	if (!CHECK(q != p) || !CHECK(window_page_of(q) != window_page_of(p)))
		t_info("Reallocate(%u -> %u bytes) did not move", n, m);
	expect_gone(p, n, "the old place of a moved buffer");
	EXPECT_PATTERN(q, n < m ? n : m, small_page_seed(sp, v));
	if (m > n)
		EXPECT_ZERO(q + n, m - n);
	EXPECT_STATUS(NetApiBufferSize(q, &got), NERR_Success);
	EXPECT_EQ(got, m);
	EXPECT_SMALL_PAGE(sp, "a neighbour moved");
	freed_slot_zero(sp, v);
	EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	expect_gone(q, m, "a moved buffer, freed");
}

static void moves(void)
{
	const DWORD n = 64;
	struct small_page sp;

	small_page_fill(&sp, n);
	small_page_write(&sp, 9200);
	moved(&sp, n, 1, 65);		/* the next class */
	moved(&sp, n, 3, 2048);		/* the largest class */
	moved(&sp, n, 5, 2049);		/* page-backed */
	moved(&sp, n, 7, 3 * 4096);
	small_page_free(&sp);
}

/* A page-backed buffer that shrinks into a class leaves its pages. */
static void page_to_small(void)
{
	uint8_t *p = NULL, *q = NULL;

	if (!EXPECT_STATUS(NetApiBufferAllocate(5000, (void **)&p),
			   NERR_Success))
		return;
	fill_pattern(p, 5000, 77);
	if (!EXPECT_STATUS(NetApiBufferReallocate(p, 100, (void **)&q),
			   NERR_Success))
		return;
	CHECK(q != p);
	EXPECT_LIVE(q, 100, 77);
	EXPECT_READ(p, SIGBUS);
	EXPECT_READ(p + 4096, SIGBUS);
	EXPECT_STATUS(NetApiBufferFree(p), ERROR_INVALID_PARAMETER);
	EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	expect_gone(q, 100, "a buffer shrunk into a class, freed");
}

int main(int argc, char **argv)
{
	static const DWORD sizes[] = { 1, 16, 48, 64, 100, 500, 1024, 2048 };
	uint64_t buffers;
	size_t i;

	(void)argc;
	t_init(argv[0], 300);
	require_small_buffers();
	buffers = counter_read(SYSFS_BUFFERS);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		free_one(sizes[i]);
	moves();
	page_to_small();
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	return t_done();
}
