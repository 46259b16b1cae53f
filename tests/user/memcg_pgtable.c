// SPDX-License-Identifier: GPL-2.0
/*
 * No OOM kill at a memory cgroup's limit when the data page fits and the
 * page table that maps it does not. A child in a cgroup (memory.max 16
 * MiB, no swap):
 * - places a pad buffer in its first context so that the next buffer
 *   starts on the first page of a 2 MiB region of the window that has no
 *   page table yet;
 * - fills the cgroup with one-page buffers in a second context until the
 *   module refuses one, and frees one of them: one page of room;
 * - allocates one page in the first context: it must succeed or fail with
 *   ENOMEM, and the cgroup's memory.events must count no oom_kill, the
 *   child stays alive. (Before the fix the data page took the room, the
 *   page table was charged by vm_insert_pages() without
 *   __GFP_RETRY_MAYFAIL and the memcg OOM killer ran.)
 * - frees one more filler and tries again, until it succeeds: it must by
 *   3 pages of room (data page, page table, a slab page for metadata),
 *   and the page must then be mapped already (no fault touching it): the
 *   room the reserve left was there for the page table.
 * The same with a resize that moves a buffer into such a region.
 * Outside the cgroup the reserve costs no speed: buffers, over many fresh
 * 2 MiB regions, are mapped when allocated or moved, so touching them
 * takes no page fault.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common.h"

#define TEST_CGROUP	CGROUP_ROOT "/netbuf-pgtable"
#define LIMIT		"16M"
/* Room for every page of the limit with its guard page, twice over. */
#define FILL_WIN	(128UL << 20)
#define PAD_WIN		(64UL << 20)
#define MAX_FILL	8192
#define PMD_BYTES	(2UL << 20)

static uint64_t fill_off[MAX_FILL];

/*
 * The first window page, at least min_page, that starts a 2 MiB region:
 * nothing in the window before it can have made that region's page table.
 */
static uint64_t fresh_region_page(const struct raw_ctx *c, uint64_t min_page)
{
	uintptr_t w = (uintptr_t)c->win, a;

	a = (w + min_page * page_size() + PMD_BYTES - 1) & ~(PMD_BYTES - 1);
	return (a - w) / page_size();
}

/*
 * Fills the cgroup with one-page buffers until one is refused, frees one:
 * one page of room is left. Nothing may print meanwhile (a pipe write is
 * charged too). Returns how many are live.
 */
static unsigned int fill_cgroup(struct raw_ctx *f)
{
	unsigned int n;
	int rc = 0;

	for (n = 0; n < MAX_FILL; n++) {
		rc = raw_alloc(f->fd, 1, &fill_off[n]);
		if (rc)
			break;
	}
	if (rc != -ENOMEM || n == 0 || n == MAX_FILL) {
		raw_close(f);
		FATAL("filling the cgroup: %u one-page buffers, then %s", n,
		      rc ? errno_name(-rc) : "no refusal");
	}
	if (raw_free(f->fd, fill_off[--n]) < 0)
		FATAL("free of a filler: %s", errno_name(errno));
	return n;
}

static void empty_cgroup(struct raw_ctx *f, unsigned int n)
{
	while (n--)
		EXPECT_RC(raw_free(f->fd, fill_off[n]), 0);
}

static long minor_faults(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) < 0)
		FATAL("getrusage: %s", errno_name(errno));
	return ru.ru_minflt;
}

/* Most pages of room one call may need: data, page table, a slab page. */
#define MAX_ROOM	3

/*
 * What happened at each page of room, printed once the cgroup is empty
 * again (nothing may print while it is full).
 */
struct attempts {
	int rc[MAX_ROOM + 1];
	unsigned int room;	/* of the last attempt */
	long faults;		/* touching the buffer after success */
};

/*
 * Calls op with 1, 2, ... MAX_ROOM pages of room, freeing a filler
 * between tries, until it succeeds or fails otherwise than ENOMEM; then
 * touches the first and last byte of [win + *off, + size).
 */
static unsigned int at_room(struct raw_ctx *f, unsigned int n,
			    struct attempts *a, int (*op)(void *arg, uint64_t *off),
			    void *arg, uint8_t *win, uint64_t *off,
			    uint64_t size)
{
	volatile uint8_t sink = 0;
	long before;

	for (a->room = 1; ; a->room++) {
		a->rc[a->room] = op(arg, off);
		if (a->rc[a->room] != -ENOMEM || a->room == MAX_ROOM || !n)
			break;
		if (raw_free(f->fd, fill_off[--n]) < 0)
			break;
	}
	if (!a->rc[a->room]) {
		before = minor_faults();
		sink += win[*off] + win[*off + size - 1];
		a->faults = minor_faults() - before;
	}
	(void)sink;
	return n;
}

static void report(const char *what, const struct attempts *a, unsigned int n)
{
	unsigned int room;

	t_info("%s: the cgroup was full with %u one-page buffers", what,
	       n + a->room);
	for (room = 1; room <= a->room; room++) {
		t_info("%s with %u page(s) of room: %s", what, room,
		       a->rc[room] ? errno_name(-a->rc[room]) : "0");
		EXPECT_RC2(a->rc[room], 0, -ENOMEM);
	}
	if (a->rc[a->room])
		FAIL("%s still refused with %u pages of room", what, a->room);
	else if (a->faults)
		FAIL("%s at the limit: %ld page fault(s) touching the buffer, "
		     "expected 0 (mapped when allocated)", what, a->faults);
}

static int pad_fd;

static int op_alloc(void *arg, uint64_t *off)
{
	return raw_alloc(pad_fd, *(uint64_t *)arg, off);
}

static int op_grow(void *arg, uint64_t *off)
{
	return raw_realloc(pad_fd, *off, *(uint64_t *)arg, off);
}

static int alloc_at_boundary(void *arg)
{
	uint64_t ps = page_size(), target, off = 0;
	struct attempts a = { .faults = 0 };
	struct raw_ctx pad, f;
	unsigned int n;

	(void)arg;
	memset(fill_off, 0, sizeof(fill_off));	/* no fault while full */
	raw_open(&pad, PAD_WIN);
	raw_open(&f, FILL_WIN);
	pad_fd = pad.fd;
	cgroup_join(TEST_CGROUP);
	/* The pad and its guard page end right before the fresh region. */
	target = fresh_region_page(&pad, 1);
	REQUIRE(raw_alloc(pad.fd, (target - 1) * ps, NULL) == 0);

	n = fill_cgroup(&f);
	n = at_room(&f, n, &a, op_alloc, &ps, pad.win, &off, ps);
	empty_cgroup(&f, n);

	report("ALLOC of one page", &a, n);
	if (!a.rc[a.room]) {
		EXPECT_EQ(off, target * ps);
		EXPECT_ZERO(pad.win + off, ps);
	}
	raw_close(&f);
	raw_close(&pad);
	return child_result();
}

static int realloc_at_boundary(void *arg)
{
	const uint64_t ps = page_size();
	uint64_t target, x, moved = 0, two = 2 * ps;
	struct attempts a = { .faults = 0 };
	struct raw_ctx pad, f;
	unsigned int n;

	(void)arg;
	memset(fill_off, 0, sizeof(fill_off));
	raw_open(&pad, PAD_WIN);
	raw_open(&f, FILL_WIN);
	pad_fd = pad.fd;
	cgroup_join(TEST_CGROUP);
	/* A pad, then x (one page) and its guard right before the region. */
	target = fresh_region_page(&pad, 3);
	REQUIRE(raw_alloc(pad.fd, (target - 3) * ps, NULL) == 0);
	REQUIRE(raw_alloc(pad.fd, ps, &x) == 0);
	REQUIRE(x == (target - 2) * ps);
	fill_pattern(pad.win + x, ps, 1301);

	n = fill_cgroup(&f);
	/* Two pages do not fit where x is: it moves to the fresh region. */
	moved = x;
	n = at_room(&f, n, &a, op_grow, &two, pad.win, &moved, two);
	empty_cgroup(&f, n);

	report("REALLOC moving to two pages", &a, n);
	if (!a.rc[a.room]) {
		EXPECT_EQ(moved, target * ps);
		EXPECT_PATTERN(pad.win + moved, ps, 1301);
		EXPECT_ZERO(pad.win + moved + ps, ps);
	} else {
		EXPECT_RAW_LIVE(&pad, x, ps, 1301);
	}
	raw_close(&f);
	raw_close(&pad);
	return child_result();
}

/* Allocated and moved buffers are in the page tables at once. */
static void eager_mapping(void)
{
	const uint64_t ps = page_size();
	struct raw_ctx c;
	uint64_t off[256];
	long before, faults;
	unsigned int i;
	volatile uint8_t sink = 0;

	raw_open(&c, 256UL << 20);
	memset(off, 0, sizeof(off));
	before = minor_faults();
	/* 256 buffers of 16 pages and a guard: over 8 fresh 2 MiB regions. */
	for (i = 0; i < 256; i++)
		if (raw_alloc(c.fd, 16 * ps, &off[i]) < 0)
			FATAL("allocation %u: %s", i, errno_name(errno));
	for (i = 0; i < 256; i++)
		sink += c.win[off[i]] + c.win[off[i] + 16 * ps - 1];
	/* Moved to fresh ranges by growing. */
	for (i = 0; i < 256; i += 8)
		if (raw_realloc(c.fd, off[i], 64 * ps, &off[i]) < 0)
			FATAL("resize %u: %s", i, errno_name(errno));
	for (i = 0; i < 256; i += 8)
		sink += c.win[off[i] + 64 * ps - 1];
	faults = minor_faults() - before;
	(void)sink;
	t_info("%ld page faults touching 256 new and 32 moved buffers", faults);
	EXPECT_EQ(faults, 0);
	raw_close(&c);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 300);
	eager_mapping();
	memcg_create(TEST_CGROUP, LIMIT);
	/* No swap either way: the limit is the limit. */
	write_text(TEST_CGROUP "/memory.swap.max", "0");

	run_in_memcg(TEST_CGROUP, "alloc", alloc_at_boundary);
	run_in_memcg(TEST_CGROUP, "realloc", realloc_at_boundary);

	if (rmdir(TEST_CGROUP) < 0)
		FAIL("rmdir " TEST_CGROUP ": %s", errno_name(errno));
	return t_done();
}
