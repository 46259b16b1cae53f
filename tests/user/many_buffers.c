// SPDX-License-Identifier: GPL-2.0
/*
 * 262,144 live one-byte buffers at once in one process (four times
 * vm.max_map_count), each on a window page of its own: written with a
 * distinct value, all verified while all are live, counted by the module,
 * then all freed. They are small buffers (16-byte slots, 256 to a shared
 * page on 4 KiB pages); max_bytes is raised in case small_max is 0 and
 * each takes a page. A small buffer takes a pair of the window's small
 * region (its top quarter, a window page and a guard page each): the
 * 32-bit build's 512 MiB window (libnetbuf/device.c) has 16,384 pairs, and
 * further buffers would get pages below the region, so there it takes
 * as many as the region holds (lib_small_pairs()).
 */
#include <inttypes.h>
#include <stdlib.h>

#include "common.h"

#define TARGET		262144UL
#define HEADROOM	(64ULL << 20)
#define MAX_REPORTS	5
#define PARAM_SMALL_MAX	"/sys/module/netbuf/parameters/small_max"

/*
 * A 32-bit value in the first bytes of the buffer: byte 0 is the buffer,
 * the other three are the slack of its slot (or page), which the ABI makes
 * accessible. Two buffers sharing a slot would overwrite each other.
 */
static uint32_t value_of(size_t i)
{
	return (uint32_t)i * 2654435761u ^ 0xa5a5a5a5u;
}

int main(int argc, char **argv)
{
	const uint64_t ps = page_size();
	uint64_t buffers, bytes, t0, t1, t2, pairs;
	size_t i, reached, target, bad = 0;
	uint8_t **p;
	DWORD n;

	(void)argc;
	t_init(argv[0], 600);
	if (param_get(PARAM_MAX_BYTES) < TARGET * ps + HEADROOM)
		param_set(PARAM_MAX_BYTES, TARGET * ps + HEADROOM);
	if (param_get(PARAM_MAX_BUFFERS) < TARGET + 16)
		param_set(PARAM_MAX_BUFFERS, TARGET + 16);
	pairs = lib_small_pairs();
	target = pairs < TARGET ? (size_t)pairs : TARGET;
	buffers = counter_read(SYSFS_BUFFERS);
	bytes = counter_read(SYSFS_BYTES);
	p = calloc(target, sizeof(*p));
	REQUIRE(p != NULL);

	t0 = now_ms();
	for (i = 0; i < target; i++) {
		if (!EXPECT_STATUS(NetApiBufferAllocate(1, (void **)&p[i]),
				   NERR_Success)) {
			p[i] = NULL;
			break;
		}
		*(uint32_t *)p[i] = value_of(i);
		if ((i + 1) % 65536 == 0)
			t_info("%zu live", i + 1);
	}
	reached = i;
	t1 = now_ms();
	t_info("reached %zu of %zu live one-byte buffers (%" PRIu64 " ms)",
	       reached, target, t1 - t0);
	CHECK(reached == target);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers + reached);
	/* Packed 16-byte slots: whole shared pages, and nothing else. */
	EXPECT_COUNTER(SYSFS_BYTES, bytes + (param_get(PARAM_SMALL_MAX) ?
		       (reached + ps / 16 - 1) / (ps / 16) * ps : reached * ps));

	/* All live at once: every page still holds its own value. */
	for (i = 0; i < reached; i++) {
		if (*(uint32_t *)p[i] == value_of(i))
			continue;
		if (++bad <= MAX_REPORTS)
			FAIL("buffer %zu (%p): expected %#x, got %#x", i,
			     (void *)p[i], value_of(i), *(uint32_t *)p[i]);
	}
	if (bad)
		FAIL("%zu of %zu buffers held the wrong value", bad, reached);
	for (i = 0; i < reached; i += 64) {
		n = 0;
		EXPECT_STATUS(NetApiBufferSize(p[i], &n), NERR_Success);
		EXPECT_EQ(n, 1);
	}

	bad = 0;
	for (i = 0; i < reached; i++)
		if (NetApiBufferFree(p[i]) != NERR_Success &&
		    ++bad <= MAX_REPORTS)
			FAIL("NetApiBufferFree of buffer %zu (%p) failed", i,
			     (void *)p[i]);
	if (bad)
		FAIL("%zu of %zu frees failed", bad, reached);
	t2 = now_ms();
	t_info("verified and freed in %" PRIu64 " ms", t2 - t1);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER(SYSFS_BYTES, bytes);
	free(p);
	return t_done();
}
