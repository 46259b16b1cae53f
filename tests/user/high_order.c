// SPDX-License-Identifier: GPL-2.0
/*
 * High-order blocks behind large buffers (netbuf_pages.c).
 *
 * On a fresh guest a 1 MiB buffer is taken in blocks above order 0
 * (sysfs high_order_blocks and blocks_by_order grow; its pages come in
 * runs of consecutive frames), reads zero, and keeps exact semantics: a
 * shrink in place gives the tail pages back (bytes falls) and keeps the
 * head, a growth moves the pages without a copy (the same frames at the
 * new place), the growth reads zero and the old range faults.
 *
 * Then under fragmentation: child processes fill most of free memory
 * with anonymous pages and give every other run of 8 pages back, so the
 * free memory is mostly blocks of order 3 and less. 1 MiB buffers are
 * then taken until the whole memory left is used up and one of them holds
 * a block below order 4 (each buffer starts at the top order again): the
 * orders must walk down (order_fallbacks grows, blocks below order 4 are
 * taken before a bound on buffers and free memory), the buffers
 * come back whole and zeroed, hold a pattern each, and give everything
 * back; nothing is OOM-killed. Proactive compaction is off meanwhile (it
 * could merge the holes while the test looks at them).
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define SYSFS_HIGH_ORDER	"/sys/class/misc/netbuf/high_order_blocks"
#define SYSFS_BY_ORDER		"/sys/class/misc/netbuf/blocks_by_order"
#define SYSFS_FALLBACKS		"/sys/class/misc/netbuf/order_fallbacks"
#define PROACTIVE		"/proc/sys/vm/compaction_proactiveness"
#define MIB			(1UL << 20)
#define PG			4096UL
#define WIN_SIZE		(960UL * MIB)
/* Fragmenters: each child holds at most this much, so 32-bit ones fit. */
#define CHILD_BYTES		(512UL * MIB)
#define MAX_CHILDREN		16
/*
 * Free memory left whole. Buffers are then taken until one of them holds
 * a block below order 4, then FRAG_AFTER more. The whole memory and what
 * the holes left above order 3 (frames of neighbouring holes can meet)
 * go first, in no fixed amount: how many buffers that takes depends on
 * the guest (more than LEFT_WHOLE when memory an earlier process held was
 * still being freed as MemFree was read: up to 374 MiB seen on 6.12).
 * Bounded by FRAG_BUFFERS (the window, under the default max_bytes of
 * 1 GiB) and by MIN_FREE (free memory left to the kernel).
 */
#define LEFT_WHOLE		(256UL * MIB)
#define FRAG_BUFFERS		900
#define FRAG_AFTER		8
#define MIN_FREE		(128UL * MIB)
#define MAX_ORDERS		16
/*
 * Holes of 8 pages (every other run of 8 given back): each holds an order-2
 * block at least, so the kernel's own order-1 and order-2 allocations still
 * find memory where there is no compaction (the debug kernel has none: with
 * lone pages only, its next order-1 slab page woke the OOM killer), while
 * no order above 3 is left free.
 */
#define HOLE			(8 * PG)

static struct raw_ctx ctx;

/* blocks_by_order into blocks; returns how many orders it shows. */
static int by_order(uint64_t *blocks)
{
	char text[256], *p = text, *end;
	int n = 0;

	if (read_text(SYSFS_BY_ORDER, text, sizeof(text)) < 0)
		FATAL("read %s: %s", SYSFS_BY_ORDER, errno_name(errno));
	while (n < MAX_ORDERS) {
		blocks[n] = strtoull(p, &end, 10);
		if (end == p)
			break;
		n++;
		p = end;
	}
	return n;
}

/* Runs of consecutive frames among the pages of [p, p + len). */
static unsigned int frame_runs(const uint8_t *p, size_t len)
{
	uint64_t prev = 0, pfn;
	unsigned int runs = 0;
	size_t i;

	for (i = 0; i < len; i += PG) {
		pfn = pfn_of(p + i);
		if (!i || pfn != prev + 1)
			runs++;
		prev = pfn;
	}
	return runs;
}

static void clean_memory(void)
{
	uint64_t high = counter_read(SYSFS_HIGH_ORDER), bytes, frames[8];
	uint64_t before[MAX_ORDERS], after[MAX_ORDERS], off, moved;
	uint8_t *p;
	int n, i;

	n = by_order(before);
	CHECK(n >= 2);
	REQUIRE(raw_alloc(ctx.fd, MIB, &off) == 0);
	p = ctx.win + off;
	EXPECT_ZERO(p, MIB);
	fill_pattern(p, MIB, 21);
	if (!CHECK(counter_read(SYSFS_HIGH_ORDER) > high))
		t_info("a 1 MiB buffer on a fresh guest took no block above order 0");
	CHECK(by_order(after) == n);
	for (i = 1; i < n; i++)
		if (after[i] > before[i])
			t_info("order %d: %" PRIu64 " more blocks", i,
			       after[i] - before[i]);
	/* 256 pages in at most 16 runs: blocks of order 4 at least. */
	if (!CHECK(frame_runs(p, MIB) <= 16))
		t_info("1 MiB in %u runs of frames", frame_runs(p, MIB));

	/* Shrink in place: the tail goes, the head stays, frames and all. */
	for (i = 0; i < 8; i++)
		frames[i] = pfn_of(p + i * PG);
	bytes = counter_read(SYSFS_BYTES);
	REQUIRE(raw_realloc(ctx.fd, off, 7 * PG + 100, &moved) == 0);
	EXPECT_EQ(moved, off);
	EXPECT_EQ(counter_read(SYSFS_BYTES), bytes - MIB + 8 * PG);
	EXPECT_PATTERN(p, 7 * PG + 100, 21);
	EXPECT_READ_FAULTS(p + 9 * PG);
	EXPECT_READ_FAULTS(p + MIB - 1);

	/* Grow: the pages move without a copy, the growth reads zero. */
	REQUIRE(raw_realloc(ctx.fd, off, 3 * MIB, &moved) == 0);
	CHECK(moved != off);
	p = ctx.win + moved;
	for (i = 0; i < 8; i++)
		EXPECT_EQ(pfn_of(p + i * PG), frames[i]);
	EXPECT_PATTERN(p, 7 * PG + 100, 21);
	EXPECT_ZERO(p + 7 * PG + 100, 3 * MIB - 7 * PG - 100);
	EXPECT_READ_FAULTS(ctx.win + off);
	fill_pattern(p, 3 * MIB, 22);
	EXPECT_PATTERN(p, 3 * MIB, 22);
	EXPECT_RC(raw_free(ctx.fd, moved), 0);
	EXPECT_READ_FAULTS(p);
}

/*
 * Child: takes @bytes of anonymous memory page by page (no huge pages),
 * says so on @ready, waits for @go to close (every child has filled its
 * part: a hole made earlier would be filled again by the next child),
 * then gives every other page back, says so again and waits to be killed.
 */
static T_NORETURN void fragmenter(size_t bytes, int ready, int go)
{
	uint8_t *m;
	size_t i;
	char c;

	/* Never outlive the test, never hold its context open. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	close(ctx.fd);
	m = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		_exit(2);
	madvise(m, bytes, MADV_NOHUGEPAGE);
	for (i = 0; i < bytes; i += PG)
		m[i] = 1;
	if (write(ready, "x", 1) != 1 || read(go, &c, 1) != 0)
		_exit(3);
	for (i = HOLE; i < bytes; i += 2 * HOLE)
		madvise(m + i, HOLE, MADV_DONTNEED);
	if (write(ready, "x", 1) != 1)
		_exit(3);
	for (;;)
		pause();
}

static uint64_t mem_free(void)
{
	char line[128];
	uint64_t kib = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		FATAL("open /proc/meminfo: %s", errno_name(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %" SCNu64 " kB", &kib) == 1)
			break;
	fclose(f);
	return kib * 1024;
}

/* A counter of /proc/vmstat. */
static uint64_t vmstat(const char *name)
{
	char line[128], key[64];
	uint64_t v, found = UINT64_MAX;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		FATAL("open /proc/vmstat: %s", errno_name(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %" SCNu64, key, &v) == 2 &&
		    !strcmp(key, name))
			found = v;
	fclose(f);
	return found;
}

/* /proc/buddyinfo (free blocks per order and zone), for a failure. */
static void show_buddyinfo(void)
{
	char line[256];
	FILE *f = fopen("/proc/buddyinfo", "r");

	if (!f) {
		t_info("open /proc/buddyinfo: %s", errno_name(errno));
		return;
	}
	t_info("free blocks per order, 0 first (/proc/buddyinfo):");
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		t_info("  %s", line);
	}
	fclose(f);
}

/* Whether blocks below order 4 were taken between @before and now. */
static bool low_orders_taken(const uint64_t *before)
{
	uint64_t now[MAX_ORDERS];
	int i;

	by_order(now);
	for (i = 0; i <= 3; i++)
		if (now[i] != before[i])
			return true;
	return false;
}

static void fragmented_memory(void)
{
	uint64_t before[MAX_ORDERS], after[MAX_ORDERS], fallbacks, held, fill;
	static uint64_t off[FRAG_BUFFERS];
	pid_t kids[MAX_CHILDREN];
	int nkids = 0, fds[2], go[2], i, status;
	char proactive[32] = "";
	unsigned int n = 0, after_low = FRAG_AFTER;
	const char *stop = NULL;
	bool low = false;
	size_t chunk;
	char c;

	uint64_t ooms = vmstat("oom_kill");

	if (read_text(PROACTIVE, proactive, sizeof(proactive)) == 0)
		write_text(PROACTIVE, "0");
	fill = mem_free();
	fill = fill > LEFT_WHOLE * 2 ? fill - LEFT_WHOLE : fill / 2;
	t_info("fragmenting %" PRIu64 " MiB, every other run of 8 pages freed",
	       fill / MIB);
	REQUIRE(pipe(fds) == 0 && pipe(go) == 0);
	while (fill && nkids < MAX_CHILDREN) {
		chunk = fill < CHILD_BYTES ? fill : CHILD_BYTES;
		kids[nkids] = fork();
		REQUIRE(kids[nkids] >= 0);
		if (!kids[nkids]) {
			close(go[1]);
			fragmenter(chunk, fds[1], go[0]);
		}
		nkids++;
		fill -= chunk;
		REQUIRE(read(fds[0], &c, 1) == 1);	/* filled */
	}
	close(go[0]);
	close(go[1]);
	for (i = 0; i < nkids; i++)
		REQUIRE(read(fds[0], &c, 1) == 1);	/* holes made */
	close(fds[0]);
	close(fds[1]);

	by_order(before);
	fallbacks = counter_read(SYSFS_FALLBACKS);
	held = counter_read(SYSFS_BYTES);
	/*
	 * Each buffer starts at the top order again: the whole memory and the
	 * blocks above order 3 go first, then the walk must reach the holes.
	 */
	for (n = 0; n < FRAG_BUFFERS; n++) {
		if (!low && low_orders_taken(before))
			low = true;
		if (low && !after_low--)
			break;
		if (mem_free() < MIN_FREE) {
			stop = "free memory fell below the bound";
			break;
		}
		if (!EXPECT_RC(raw_alloc(ctx.fd, MIB, &off[n]), 0)) {
			stop = "an allocation failed";
			break;
		}
		EXPECT_ZERO(ctx.win + off[n], MIB);
		fill_pattern(ctx.win + off[n], MIB, 100 + n);
	}
	if (!low && n == FRAG_BUFFERS)
		stop = "the bound of buffers was reached";
	by_order(after);
	t_info("%u buffers of 1 MiB: %" PRIu64 " order fallbacks; blocks of order 0 to 3: %" PRIu64
	       " %" PRIu64 " %" PRIu64 " %" PRIu64 ", 4 to 7: %" PRIu64
	       " %" PRIu64 " %" PRIu64 " %" PRIu64 ", 8: %" PRIu64,
	       n, counter_read(SYSFS_FALLBACKS) - fallbacks,
	       after[0] - before[0], after[1] - before[1],
	       after[2] - before[2], after[3] - before[3],
	       after[4] - before[4], after[5] - before[5],
	       after[6] - before[6], after[7] - before[7],
	       after[8] - before[8]);
	if (!CHECK(counter_read(SYSFS_FALLBACKS) > fallbacks))
		t_info("no order fell back: the memory was not fragmented");
	for (i = 0; i <= 3 && after[i] == before[i]; i++)
		;
	if (!CHECK(i <= 3)) {
		t_info("no block below order 4 was taken in %u buffers (%u MiB, %" PRIu64
		       " MiB free now): %s; the fragmenting left blocks above order 3 free",
		       n, n, mem_free() / MIB, stop ? stop : "?");
		show_buddyinfo();
	}
	for (i = 0; i < (int)n; i++)
		EXPECT_PATTERN(ctx.win + off[i], MIB, 100 + i);
	/* Shrink and grow one of them under fragmentation too. */
	if (n > 1) {
		uint64_t moved;

		EXPECT_RC(raw_realloc(ctx.fd, off[0], MIB / 2 + 1, &moved), 0);
		EXPECT_RC(raw_realloc(ctx.fd, off[0], 2 * MIB, &moved), 0);
		EXPECT_PATTERN(ctx.win + moved, MIB / 2 + 1, 100);
		EXPECT_ZERO(ctx.win + moved + MIB / 2 + 1, 3 * MIB / 2 - 1);
		off[0] = moved;
	}
	for (i = 0; i < (int)n; i++)
		EXPECT_RC(raw_free(ctx.fd, off[i]), 0);
	EXPECT_EQ(counter_read(SYSFS_BYTES), held);

	for (i = 0; i < nkids; i++) {
		kill(kids[i], SIGKILL);
		REQUIRE(waitpid(kids[i], &status, 0) == kids[i]);
		/* Killed by us, not by the OOM killer before. */
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	}
	EXPECT_EQ(vmstat("oom_kill"), ooms);
	if (proactive[0])
		write_text(PROACTIVE, proactive);
}

int main(void)
{
	t_init("high_order", 600);
	raw_open(&ctx, WIN_SIZE);
	clean_memory();
	fragmented_memory();
	raw_close(&ctx);
	return t_done();
}
