// SPDX-License-Identifier: GPL-2.0
/*
 * What happens to a small buffer's slot after Free (netbuf(4), small_max):
 *
 * - quarantine: the slot is zeroed at once and waits in the context's FIFO
 *   quarantine (512 slots, 64 KiB of slots) while other slots of its page
 *   are live: it is handed out again only after 512 later frees entered
 *   the quarantine, and then reads zero over its whole slot (it was
 *   written to its end while live); every new buffer does;
 * - overwrites: a byte written into a free, quarantined slot through the
 *   window page of a live neighbour (an overflow) is found when the slot
 *   leaves the quarantine: small_overwrites and netbuf-small-overwrites
 *   count it once, not before, and the buffer that gets the slot reads
 *   zero;
 * - pages: a shared page keeps its quarantined slots while a live slot
 *   holds it, and goes back with them when its last live slot is freed
 *   (nothing maps it then, so nothing can write into it any more);
 * - everything (small_buffers, small_pages, small_quarantined) returns to
 *   where it was when the context is closed.
 *
 * Each part runs in a child process, with a context of its own.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define N_QUAR		64	/* class 64: the 512-slot limit binds */
#define N_BIG		2048	/* class 2048: 2 slots a page, 32 fit 64 KiB */
#define X		10	/* the slot freed */

static const char *const module_counters[] = {
	SYSFS_SMALL_BUFFERS, SYSFS_SMALL_PAGES, SYSFS_SMALL_QUARANTINED,
};

static int lib_fd(void)
{
	int fd = -1;

	REQUIRE(netbuf_fds(&fd, 1) == 1);
	return fd;
}

/*
 * A new n-byte buffer: zero over its whole slot. Then written to the end
 * of its slot, so that a reuse that was not zeroed would show.
 */
static uint8_t *fresh(DWORD n, uint32_t seed)
{
	uint64_t cls = small_class(n);
	uint8_t *q = NULL;

	if (NetApiBufferAllocate(n, (void **)&q) != NERR_Success)
		FATAL("Allocate(%u) refused", n);
	if (!EXPECT_ZERO(q, cls))
		t_info("a new %u-byte buffer at %p, frame %#" PRIx64, n,
		       (void *)q, pfn_of(q));
	fill_pattern(q, cls, seed);
	return q;
}

/* Where a buffer lives: its page frame and its offset in the page. */
struct where {
	uint64_t pfn;
	size_t off;
};

static struct where where_of(const uint8_t *p)
{
	return (struct where){ pfn_of(p), page_offset_of(p) };
}

static bool same_slot(struct where a, struct where b)
{
	return a.pfn == b.pfn && a.off == b.off;
}

/*
 * Full pages of N_QUAR-byte buffers: the frees that push slot X through
 * the quarantine come from them, one buffer of each page kept live so that
 * no page drains (a page without live slots drops its quarantined ones).
 */
struct fodder {
	uint8_t *b[2 * SMALL_QUARANTINE_SLOTS];
	bool anchor[2 * SMALL_QUARANTINE_SLOTS];
	size_t next;
};

static void fodder_fill(struct fodder *f)
{
	uint64_t last = 0;
	size_t i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < 2 * SMALL_QUARANTINE_SLOTS; i++) {
		f->b[i] = fresh(N_QUAR, 70);
		f->anchor[i] = pfn_of(f->b[i]) != last;
		last = pfn_of(f->b[i]);
	}
}

/* Frees the next buffer that is not its page's anchor. */
static void fodder_free_one(struct fodder *f)
{
	while (f->next < 2 * SMALL_QUARANTINE_SLOTS && f->anchor[f->next])
		f->next++;
	if (f->next == 2 * SMALL_QUARANTINE_SLOTS)
		FATAL("no fodder left to free");
	REQUIRE(NetApiBufferFree(f->b[f->next]) == NERR_Success);
	f->b[f->next++] = NULL;
}

static void fodder_free_all(struct fodder *f)
{
	size_t i;

	for (i = 0; i < 2 * SMALL_QUARANTINE_SLOTS; i++)
		if (f->b[i])
			REQUIRE(NetApiBufferFree(f->b[i]) == NERR_Success);
}

/* An allocation now: it must not get slot x (it is freed again at once). */
static void not_yet(struct where x, uint64_t frees)
{
	uint8_t *q = fresh(N_QUAR, 90);

	if (same_slot(where_of(q), x))
		FAIL("the freed slot was handed out again after %" PRIu64
		     " frees; the quarantine holds %d", frees,
		     SMALL_QUARANTINE_SLOTS);
	REQUIRE(NetApiBufferFree(q) == NERR_Success);
}

/*
 * Frees slot X of a full page, then pushes fodder frees through the
 * quarantine: X stays out of reach for 511 of them and comes back (zero)
 * after the 512th. With overflow, a byte is first written into the free
 * slot X through its neighbour's window page: counted when X leaves.
 */
static void through_quarantine(bool overflow)
{
	uint64_t before = counter_read(SYSFS_SMALL_OVERWRITES), q, k;
	struct fodder *f = malloc(sizeof(*f));
	struct small_page sp;
	struct where x;
	uint8_t *back;
	int fd;

	REQUIRE(f != NULL);
	small_page_fill(&sp, N_QUAR);
	fd = lib_fd();
	fodder_fill(f);
	for (k = 0; k < sp.nr_slots; k++)
		fill_pattern(sp.slot[k], sp.cls, 40 + (uint32_t)k);
	x = where_of(sp.slot[X]);
	q = fdinfo_value(fd, FDINFO_SMALL_QUARANTINED);
	REQUIRE(NetApiBufferFree(sp.slot[X]) == NERR_Success);
	sp.slot[X] = NULL;
	if (!EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_QUARANTINED), q + 1) ||
	    !EXPECT_EQ(q, 0))
		t_info("slot %d freed, its page's other slots live", X);
	/* Zeroed at once: seen through a neighbour's window page. */
	EXPECT_ZERO(window_page_of(sp.slot[X - 1]) + X * sp.cls, sp.cls);
	if (overflow)
		EXPECT_WRITE(sp.slot[X - 1] + sp.cls + 5, 0xee, 0);

	for (k = 1; k < SMALL_QUARANTINE_SLOTS; k++) {
		fodder_free_one(f);
		if (k % 64 == 0 || k == SMALL_QUARANTINE_SLOTS - 1) {
			EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_QUARANTINED),
				  k + 1);
			not_yet(x, k);
		}
	}
	/* Not yet out of the quarantine: not yet looked at. */
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_OVERWRITES), 0);
	EXPECT_COUNTER(SYSFS_SMALL_OVERWRITES, before);

	fodder_free_one(f);		/* the 512th: X leaves */
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_QUARANTINED),
		  SMALL_QUARANTINE_SLOTS);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_OVERWRITES), overflow);
	EXPECT_COUNTER(SYSFS_SMALL_OVERWRITES, before + overflow);
	back = fresh(N_QUAR, 91);	/* zero over its whole slot */
	if (!same_slot(where_of(back), x))
		FAIL("after %d frees the freed slot (its page the only one "
		     "with a free slot) was not handed out", SMALL_QUARANTINE_SLOTS);
	EXPECT_STATUS(NetApiBufferFree(back), NERR_Success);
	fodder_free_all(f);
	small_page_free(&sp);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_OVERWRITES), overflow);
	free(f);
}

static int quarantine(void *arg)
{
	(void)arg;
	through_quarantine(false);
	return child_result();
}

static int overwrite(void *arg)
{
	(void)arg;
	through_quarantine(true);
	return child_result();
}

/*
 * 64 buffers of 2048 bytes: 32 pages of 2 slots. With one buffer of each
 * page freed, every page stays, holding one live and one quarantined slot
 * (32 slots: the 64 KiB bound); with the other freed too, every page goes
 * back at once, its quarantined slot with it.
 */
static int pages_back(void *arg)
{
	enum { NR = 64 };
	uint64_t pages = 0, start;
	uint8_t *b[NR];
	int fd, i, j;

	(void)arg;
	b[0] = fresh(N_BIG, 1);
	fd = lib_fd();
	start = fdinfo_value(fd, FDINFO_SMALL_PAGES);
	EXPECT_EQ(start, 1);
	for (i = 1; i < NR; i++)
		b[i] = fresh(N_BIG, 1 + (uint32_t)i);
	for (i = 0; i < NR; i++) {
		for (j = 0; j < i && pfn_of(b[j]) != pfn_of(b[i]); j++)
			;
		pages += j == i;
	}
	EXPECT_EQ(pages, NR / 2);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_BUFFERS), NR);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_PAGES), pages);
	EXPECT_EQ(fdinfo_value(fd, "netbuf-bytes"), pages * page_size());

	/* One of each page: all pages stay. */
	for (i = 0; i < NR; i++)
		for (j = 0; j < i; j++)
			if (b[j] && pfn_of(b[j]) == pfn_of(b[i])) {
				REQUIRE(NetApiBufferFree(b[i]) == NERR_Success);
				b[i] = NULL;
				break;
			}
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_BUFFERS), NR / 2);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_QUARANTINED), NR / 2);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_PAGES), pages);

	/* The rest: nothing is left. */
	for (i = 0; i < NR; i++)
		if (b[i])
			REQUIRE(NetApiBufferFree(b[i]) == NERR_Success);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_BUFFERS), 0);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_QUARANTINED), 0);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_PAGES), 0);
	EXPECT_EQ(fdinfo_value(fd, "netbuf-bytes"), 0);
	return child_result();
}

/* Runs a part in a child; afterwards the module holds what it did before. */
static void part(int (*fn)(void *), const char *name)
{
	uint64_t was[3];
	size_t i;

	for (i = 0; i < 3; i++)
		was[i] = counter_read(module_counters[i]);
	if (!EXPECT_EXIT(run_child(fn, NULL), T_PASS))
		t_info("part %s failed", name);
	for (i = 0; i < 3; i++)
		if (!t_expect_u64(__FILE__, __LINE__, module_counters[i],
				  counter_wait(module_counters[i], was[i],
					       SETTLE_MS), was[i]))
			t_info("after part %s", name);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 600);
	require_small_buffers();
	part(quarantine, "quarantine");
	part(overwrite, "overwrite");
	part(pages_back, "pages_back");
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, 0);
	return t_done();
}
