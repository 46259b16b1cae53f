// SPDX-License-Identifier: GPL-2.0
/*
 * Free of anything that is not a live small buffer's start is refused
 * (ERROR_INVALID_PARAMETER, errno kept, Size and Reallocate refused alike)
 * and changes nothing: the buffer, its neighbours on the shared page and
 * every counter (sysfs and fdinfo) stay as they were. Refused: each 16-byte
 * offset of the buffer's window page other than its own (inside the
 * buffer, the other slots of the page, the rest), unaligned addresses
 * inside it, its guard page, a freed small buffer (double free, also once
 * its slot serves another buffer), interior addresses of page-backed and
 * zero-size buffers, and foreign memory. The kernel refuses the same
 * offsets when asked directly (EINVAL), not only the library.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "common.h"

#define N		40	/* bytes: class 48, 85 slots a page */
#define VICTIM		10
#define REUSE_ROUNDS	300
#define NR_KEEP		8

struct counters {
	uint64_t sys[4], fd[3];
};

static const char *const sys_names[] = {
	SYSFS_BUFFERS, SYSFS_BYTES, SYSFS_SMALL_BUFFERS, SYSFS_SMALL_PAGES,
};
static const char *const fd_names[] = {
	"netbuf-buffers", "netbuf-bytes", FDINFO_SMALL_BUFFERS,
};

static struct small_page sp;
static int lib_fd = -1;
static uint8_t *lib_win;

static void snapshot(struct counters *c)
{
	size_t i;

	for (i = 0; i < 4; i++)
		c->sys[i] = counter_read(sys_names[i]);
	for (i = 0; i < 3; i++)
		c->fd[i] = fdinfo_value(lib_fd, fd_names[i]);
}

static bool unchanged(const struct counters *c)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < 4; i++)
		ok &= t_expect_u64(__FILE__, __LINE__, sys_names[i],
				   counter_read(sys_names[i]), c->sys[i]);
	for (i = 0; i < 3; i++)
		ok &= t_expect_u64(__FILE__, __LINE__, fd_names[i],
				   fdinfo_value(lib_fd, fd_names[i]),
				   c->fd[i]);
	return ok;
}

/* Every call refuses q; the counters do not move. */
static void refused(const void *q, const char *what, size_t off)
{
	struct counters c;

	snapshot(&c);
	if (!EXPECT_NOT_LIVE((void *)q, N) || !unchanged(&c))
		t_info("the pointer was %s + %zu (%p)", what, off, q);
}

/* The kernel's own answer for the offset of q in the library's window. */
static void raw_refused(const void *q, const char *what, size_t off)
{
	uint64_t o = (uint64_t)((const uint8_t *)q - lib_win), size = 7;

	if (!EXPECT_RC(raw_free(lib_fd, o), -EINVAL) ||
	    !EXPECT_RC(raw_size(lib_fd, o, &size), -EINVAL) ||
	    !EXPECT_RC(raw_realloc(lib_fd, o, 1, NULL), -EINVAL))
		t_info("raw offset %#" PRIx64 ": %s + %zu", o, what, off);
}

static void find_library(void)
{
	uintptr_t lo = 0, hi = 0;

	REQUIRE(netbuf_fds(&lib_fd, 1) == 1);
	REQUIRE(maps_count(sp.slot[0], 1, &lo, &hi) == 1);
	lib_win = (uint8_t *)lo;
}

static void interior(void)
{
	const size_t ps = page_size();
	uint8_t *p = sp.slot[VICTIM], *w = window_page_of(p);
	size_t off, own = page_offset_of(p);

	for (off = 0; off < ps; off += 16) {
		if (off == own)
			continue;
		refused(w + off, off % sp.cls ? "its window page" :
			"another slot through its window page", off);
		raw_refused(w + off, "its window page", off);
	}
	refused(p + 1, "the buffer", 1);
	refused(p + N - 1, "the buffer", N - 1);
	refused(w + ps, "the guard page", 0);
	refused(w + ps + own, "the guard page", own);
	raw_refused(w + ps + own, "the guard page", own);
	refused(w + 2 * ps - 16, "the guard page", ps - 16);
	EXPECT_SMALL_PAGE(&sp, "interior frees");
}

static void others(void)
{
	const size_t ps = page_size();
	uint8_t *big = NULL, *zero = NULL, *heap = malloc(N);
	int local = 0;

	REQUIRE(heap != NULL);
	refused(heap, "malloc", 0);
	refused(&local, "the stack", 0);
	if (EXPECT_STATUS(NetApiBufferAllocate(3 * ps, (void **)&big),
			  NERR_Success)) {
		refused(big + 16, "a page-backed buffer", 16);
		refused(big + sp.cls, "a page-backed buffer", sp.cls);
		refused(big + ps + page_offset_of(sp.slot[VICTIM]),
			"a page-backed buffer", ps);
		raw_refused(big + 16, "a page-backed buffer", 16);
		EXPECT_STATUS(NetApiBufferFree(big), NERR_Success);
	}
	if (EXPECT_STATUS(NetApiBufferAllocate(0, (void **)&zero),
			  NERR_Success)) {
		refused(zero + 16, "a zero-size buffer", 16);
		EXPECT_STATUS(NetApiBufferFree(zero), NERR_Success);
	}
	EXPECT_SMALL_PAGE(&sp, "foreign frees");
	free(heap);
}

static void double_free(void)
{
	uint8_t *p = sp.slot[VICTIM], *keep[NR_KEEP] = { NULL };
	struct counters c;
	size_t i;

	snapshot(&c);
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	sp.slot[VICTIM] = NULL;
	EXPECT_COUNTER(SYSFS_SMALL_BUFFERS, c.sys[2] - 1);
	EXPECT_EQ(fdinfo_value(lib_fd, FDINFO_SMALL_BUFFERS), c.fd[2] - 1);
	refused(p, "a freed buffer", 0);
	refused(p, "a freed buffer, third time", 0);
	raw_refused(p, "a freed buffer", 0);

	/* Its slot goes to a later buffer: p is still refused. */
	for (i = 0; i < REUSE_ROUNDS; i++) {
		uint8_t **q = &keep[i % NR_KEEP];

		if (*q && NetApiBufferFree(*q) != NERR_Success)
			FAIL("Free of a live buffer %p", (void *)*q);
		if (!EXPECT_STATUS(NetApiBufferAllocate(N, (void **)q),
				   NERR_Success))
			*q = NULL;
		else
			fill_pattern(*q, N, 600 + (uint32_t)(i % NR_KEEP));
	}
	refused(p, "a freed buffer whose slot was handed out again", 0);
	for (i = 0; i < NR_KEEP; i++) {
		if (!keep[i])
			continue;
		EXPECT_LIVE(keep[i], N, 600 + (uint32_t)i);
		EXPECT_STATUS(NetApiBufferFree(keep[i]), NERR_Success);
	}
	EXPECT_SMALL_PAGE(&sp, "a double free");
}

int main(int argc, char **argv)
{
	uint64_t buffers;

	(void)argc;
	t_init(argv[0], 600);
	require_small_buffers();
	buffers = counter_read(SYSFS_BUFFERS);
	small_page_fill(&sp, N);
	small_page_write(&sp, 4200);
	find_library();

	interior();
	others();
	double_free();
	small_page_free(&sp);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	return t_done();
}
