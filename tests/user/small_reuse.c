// SPDX-License-Identifier: GPL-2.0
/*
 * What happens to a small buffer's slot after Free (netbuf(4), small_max):
 *
 * - quarantine: the slot is zeroed at once and handed out again only
 *   after the context's FIFO quarantine let it go, that is after as many
 *   later frees as the quarantine holds (512 slots, 64 KiB of slots);
 *   every buffer handed out, from a reused slot or not, is zero over its
 *   whole slot (the slot was written to its end while live);
 * - overwrites: a byte written into a free, quarantined slot through the
 *   window page of a live neighbour (an overflow) is found when the slot
 *   leaves the quarantine: small_overwrites and netbuf-small-overwrites
 *   count it once, and the buffer that gets the slot reads zero;
 * - pages: a shared page with no live and no quarantined slot goes back;
 *   exactly the pages of the slots still in quarantine stay;
 * - everything (small_buffers, small_pages, small_quarantined) returns to
 *   where it was when the context is closed.
 *
 * Each part runs in a child process, with a context of its own.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "common.h"

#define N_QUAR		64	/* class 64: the 512-slot limit binds */
#define N_BIG		2048	/* class 2048: the 64 KiB limit binds */
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

/* Frees a context's quarantine holds for slots of cls bytes, one class. */
static uint64_t quarantine_of(uint64_t cls)
{
	uint64_t by_bytes = SMALL_QUARANTINE_BYTES / cls;

	return by_bytes < SMALL_QUARANTINE_SLOTS ? by_bytes :
						   SMALL_QUARANTINE_SLOTS;
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

/*
 * Allocate + free n-byte buffers until one lands in slot x of the page
 * sp->pfn; returns the frees that came before (after x's own), or
 * UINT64_MAX when it did not come back within limit cycles. *out keeps
 * the buffer that got the slot, live.
 */
static uint64_t cycle_until_reused(const struct small_page *sp, DWORD n,
				   size_t x, uint64_t limit, uint8_t **out)
{
	uint64_t frees;

	for (frees = 0; frees < limit; frees++) {
		uint8_t *q = fresh(n, 100 + (uint32_t)frees);

		if (pfn_of(q) == sp->pfn &&
		    page_offset_of(q) == x * sp->cls) {
			*out = q;
			return frees;
		}
		REQUIRE(NetApiBufferFree(q) == NERR_Success);
	}
	return UINT64_MAX;
}

static int quarantine(void *arg)
{
	struct small_page sp;
	uint64_t q, frees, quar;
	uint8_t *back = NULL;
	int fd;

	(void)arg;
	small_page_fill(&sp, N_QUAR);
	fd = lib_fd();
	for (q = 0; q < sp.nr_slots; q++)
		fill_pattern(sp.slot[q], sp.cls, 40 + (uint32_t)q);
	quar = fdinfo_value(fd, FDINFO_SMALL_QUARANTINED);
	REQUIRE(NetApiBufferFree(sp.slot[X]) == NERR_Success);
	sp.slot[X] = NULL;
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_QUARANTINED), quar + 1);
	/* Zeroed at once: seen through a neighbour's window page. */
	EXPECT_ZERO(window_page_of(sp.slot[X - 1]) + X * sp.cls, sp.cls);

	q = quarantine_of(sp.cls);
	frees = cycle_until_reused(&sp, N_QUAR, X, 4 * q, &back);
	if (frees == UINT64_MAX)
		FAIL("slot %d of a page whose other %zu slots are live was "
		     "not handed out again in %" PRIu64 " allocations",
		     X, sp.nr_slots - 1, 4 * q);
	else if (!CHECK(frees >= q))
		t_info("slot %d came back after %" PRIu64 " frees; the "
		       "quarantine holds %" PRIu64, X, frees, q);
	else
		t_info("slot %d came back after %" PRIu64 " frees", X, frees);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_QUARANTINED),
		  quar + (q < frees ? q : frees));
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_OVERWRITES), 0);
	if (back)
		EXPECT_STATUS(NetApiBufferFree(back), NERR_Success);
	small_page_free(&sp);
	return child_result();
}

static int overwrite(void *arg)
{
	uint64_t before = counter_read(SYSFS_SMALL_OVERWRITES), q, frees;
	struct small_page sp;
	uint8_t *back = NULL, *alias;
	int fd;

	(void)arg;
	small_page_fill(&sp, N_QUAR);
	fd = lib_fd();
	REQUIRE(NetApiBufferFree(sp.slot[X]) == NERR_Success);
	sp.slot[X] = NULL;
	/* Past the end of slot X - 1: into the free slot X. */
	alias = sp.slot[X - 1] + sp.cls + 5;
	EXPECT_WRITE(alias, 0xee, 0);

	q = quarantine_of(sp.cls);
	frees = cycle_until_reused(&sp, N_QUAR, X, q / 2, &back);
	EXPECT_EQ(frees, UINT64_MAX);
	/* Not yet out of the quarantine: not yet looked at. */
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_OVERWRITES), 0);
	EXPECT_COUNTER(SYSFS_SMALL_OVERWRITES, before);

	frees = cycle_until_reused(&sp, N_QUAR, X, 4 * q, &back);
	if (frees == UINT64_MAX)
		FAIL("slot %d was not handed out again in %" PRIu64
		     " allocations", X, 4 * q);
	/* fresh() found it zero; counted once. */
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_OVERWRITES), 1);
	EXPECT_COUNTER(SYSFS_SMALL_OVERWRITES, before + 1);
	if (back)
		EXPECT_STATUS(NetApiBufferFree(back), NERR_Success);
	small_page_free(&sp);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_OVERWRITES), 1);
	return child_result();
}

/*
 * 64 buffers of 2048 bytes (32 pages, 2 slots each), freed in order: the
 * quarantine keeps the last 32 freed (64 KiB), the pages of the first
 * ones go back, those of the last 32 stay.
 */
static int pages_back(void *arg)
{
	enum { NR = 64 };
	uint8_t *b[NR];
	uint64_t pfn[NR], held = 0, kept, start;
	int fd, i, j;

	(void)arg;
	b[0] = fresh(N_BIG, 1);
	fd = lib_fd();
	start = fdinfo_value(fd, FDINFO_SMALL_PAGES);
	for (i = 1; i < NR; i++)
		b[i] = fresh(N_BIG, 1 + (uint32_t)i);
	for (i = 0; i < NR; i++)
		pfn[i] = pfn_of(b[i]);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_BUFFERS), NR);
	if (!CHECK(fdinfo_value(fd, FDINFO_SMALL_PAGES) <= NR / 2 + 1))
		t_info("%d buffers of 2048 bytes hold %" PRIu64 " pages", NR,
		       fdinfo_value(fd, FDINFO_SMALL_PAGES));
	for (i = 0; i < NR; i++)
		REQUIRE(NetApiBufferFree(b[i]) == NERR_Success);

	kept = quarantine_of(small_class(N_BIG));
	for (i = NR - (int)kept; i < NR; i++) {
		for (j = NR - (int)kept; j < i && pfn[j] != pfn[i]; j++)
			;
		held += j == i;
	}
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_BUFFERS), 0);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_QUARANTINED), kept);
	if (!EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_PAGES), held))
		t_info("the last %" PRIu64 " freed buffers were on %" PRIu64
		       " pages (%" PRIu64 " held before the first)", kept,
		       held, start);
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
