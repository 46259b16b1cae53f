// SPDX-License-Identifier: GPL-2.0
/*
 * What small buffers cost and what bounds them:
 *
 * - small_max is 2048 by default;
 * - max_user_bytes charges a small buffer what it pins: each shared page
 *   the context holds (charge_small_page_bytes, at least the page) and
 *   each buffer (charge_small_buffer_bytes): a user with a budget for one
 *   context, two shared pages and 100 buffers gets exactly 100 64-byte
 *   buffers (the 101st is refused and counted), and netbuf-bytes counts
 *   the two pages whole;
 * - 1,000,000 live 64-byte buffers in one process fit the default limits
 *   (100,000 on the sanitizer kernel, which is ~40x slower), each
 *   writable, at the memory per buffer of design §6 (informational here;
 *   the memory cgroup check below asserts it); both counts are capped by
 *   the pairs of the library window's small region (lib_small_pairs():
 *   16,384 in the 32-bit library's 512 MiB window), past which buffers
 *   get pages of their own;
 * - in a memory cgroup, everything a 64-byte buffer pins (its slot, page
 *   tables, metadata) is charged to the cgroup: memory.current grows by
 *   at least 64 and at most 128 bytes a buffer (design §6);
 * - with small_max 0, small requests get pages of their own as before
 *   (page aligned, zero slack to the page end, a guard page), and small
 *   buffers made before keep working.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

#define UID		65534
#define WIN_SIZE	(64UL << 20)
#define BUDGET_BUFFERS	100	/* 64-byte: two shared pages */
#define MANY		1000000UL
#define MANY_SANITIZED	100000UL
#define TEST_CGROUP	CGROUP_ROOT "/netbuf-small-limits"
#define CG_LIMIT	"512M"
#define CG_BUFFERS	100000UL
#define CG_BUFFERS_SANITIZED 50000UL
#define PER_BUFFER_MAX	128	/* design §6: 64-byte buffers */

static uint64_t page_charge, buf_charge, ctx_charge;

static uint64_t charge_of(const char *path)
{
	uint64_t v = 0;
	int rc = sysfs_read_u64(path, &v);

	if (rc < 0)
		FATAL("read %s: %s", path, errno_name(-rc));
	return v;
}

static int exact_budget(void *arg)
{
	uint64_t hits = counter_read(SYSFS_LIMIT_HITS_USER_BYTES), n, off;
	struct raw_ctx c;
	int rc = 0;

	(void)arg;
	if (!EXPECT_SYS_OK(setuid(UID)))
		return child_result();
	raw_open(&c, WIN_SIZE);
	for (n = 0; n <= BUDGET_BUFFERS; n++) {
		rc = raw_alloc(c.fd, 64, &off);
		if (rc)
			break;
		c.win[off] = 1;
	}
	EXPECT_RC(rc, -ENOMEM);
	EXPECT_EQ(n, BUDGET_BUFFERS);
	EXPECT_COUNTER(SYSFS_LIMIT_HITS_USER_BYTES, hits + 1);
	EXPECT_EQ(fdinfo_value(c.fd, FDINFO_SMALL_BUFFERS), BUDGET_BUFFERS);
	EXPECT_EQ(fdinfo_value(c.fd, FDINFO_SMALL_PAGES), 2);
	EXPECT_EQ(fdinfo_value(c.fd, "netbuf-bytes"), 2 * page_size());
	raw_close(&c);
	return child_result();
}

static void budget(void)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	uint64_t was = param_get(PARAM_MAX_USER_BYTES);
	uint64_t was_meta = param_get(PARAM_SIZE_METADATA);

	page_charge = charge_of(SYSFS_CHARGE_SMALL_PAGE);
	buf_charge = charge_of(SYSFS_CHARGE_SMALL_BUFFER);
	ctx_charge = charge_of(SYSFS_CHARGE_CONTEXT);
	t_info("charged per shared page %" PRIu64 ", per small buffer %"
	       PRIu64 ", per context %" PRIu64 " bytes", page_charge,
	       buf_charge, ctx_charge);
	if (!CHECK(page_charge >= page_size()) || !CHECK(buf_charge > 0))
		t_info("a small buffer pins part of a page and its metadata");
	/* The subject is the small charges: no metadata page (user_budget). */
	param_set(PARAM_SIZE_METADATA, 0);
	param_set(PARAM_MAX_USER_BYTES, ctx_charge + 2 * page_charge +
		  BUDGET_BUFFERS * buf_charge + buf_charge / 2);
	EXPECT_EXIT(run_child(exact_budget, NULL), T_PASS);
	param_set(PARAM_MAX_USER_BYTES, was);
	param_set(PARAM_SIZE_METADATA, was_meta);
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers);
}

/* A preallocated, touched array: the test's own memory does not grow. */
static uint8_t **pointer_array(unsigned long n)
{
	uint8_t **a = mmap(NULL, n * sizeof(*a), PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	REQUIRE(a != MAP_FAILED);
	memset(a, 0, n * sizeof(*a));
	return a;
}

/* n live 64-byte buffers, each written at both ends; then all freed. */
static unsigned long hold_many(uint8_t **a, unsigned long n)
{
	unsigned long i;
	DWORD got = 0;

	for (i = 0; i < n; i++) {
		if (NetApiBufferAllocate(64, (void **)&a[i]) != NERR_Success)
			break;
		a[i][0] = (uint8_t)i | 1;
		a[i][63] = (uint8_t)(i >> 8) | 1;
	}
	if (i < n)
		FAIL("%lu live 64-byte buffers: Allocate refused after %lu "
		     "(errno %s)", n, i, errno_name(errno));
	n = i;
	for (i = 0; i < n; i += n / 64 + 1) {
		EXPECT_STATUS(NetApiBufferSize(a[i], &got), NERR_Success);
		EXPECT_EQ(got, 64);
		if (a[i][0] != ((uint8_t)i | 1) ||
		    a[i][63] != ((uint8_t)(i >> 8) | 1))
			FAIL("buffer %lu of %lu lost its bytes", i, n);
	}
	return n;
}

static void free_many(uint8_t **a, unsigned long n)
{
	unsigned long i, bad = 0;

	for (i = 0; i < n; i++)
		bad += NetApiBufferFree(a[i]) != NERR_Success;
	if (bad)
		FAIL("%lu of %lu frees refused", bad, n);
}

/* n small buffers, or as many as the region holds besides `others`. */
static unsigned long fitting(unsigned long n, unsigned long others)
{
	uint64_t pairs = lib_small_pairs();

	return n + others <= pairs ? n : (unsigned long)(pairs - others);
}

static int many(void *arg)
{
	unsigned long n = fitting(*(unsigned long *)arg, 0), got;
	uint8_t **a = pointer_array(n);
	uint64_t free0, free1, pt0, pt1, slab0, slab1;
	int fd = -1;

	free0 = meminfo_kb("MemFree");
	pt0 = meminfo_kb("PageTables");
	slab0 = meminfo_kb("Slab");
	got = hold_many(a, n);
	free1 = meminfo_kb("MemFree");
	pt1 = meminfo_kb("PageTables");
	slab1 = meminfo_kb("Slab");
	REQUIRE(netbuf_fds(&fd, 1) == 1);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_BUFFERS), got);
	t_info("%lu live 64-byte buffers in %" PRIu64 " shared pages: "
	       "MemFree -%" PRId64 " kB (%.1f bytes a buffer), PageTables +%"
	       PRId64 " kB, Slab +%" PRId64 " kB", got,
	       fdinfo_value(fd, FDINFO_SMALL_PAGES),
	       (int64_t)(free0 - free1),
	       got ? (double)(free0 - free1) * 1024 / (double)got : 0,
	       (int64_t)(pt1 - pt0), (int64_t)(slab1 - slab0));
	free_many(a, got);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_BUFFERS), 0);
	return child_result();
}

static uint64_t memory_current(void)
{
	char text[32];
	int rc = read_text(TEST_CGROUP "/memory.current", text, sizeof(text));

	if (rc < 0)
		FATAL("read " TEST_CGROUP "/memory.current: %s",
		      errno_name(-rc));
	return strtoull(text, NULL, 10);
}

static unsigned long cg_buffers;

static int in_cgroup(void *arg)
{
	unsigned long n = cg_buffers, got;
	uint64_t before, after;
	uint8_t **a;
	double per;
	void *warm;

	(void)arg;
	cgroup_join(TEST_CGROUP);
	n = fitting(n, 1);	/* besides the warm buffer */
	a = pointer_array(n);
	/* The context, its window and a first page: not in the figure. */
	REQUIRE(NetApiBufferAllocate(64, &warm) == NERR_Success);
	before = memory_current();
	got = hold_many(a, n);
	after = memory_current();
	per = got ? (double)(after - before) / (double)got : 0;
	t_info("memory.current +%" PRIu64 " bytes for %lu live 64-byte "
	       "buffers: %.1f bytes a buffer", after - before, got, per);
	if (!CHECK(per >= 64) || !CHECK(per <= PER_BUFFER_MAX))
		t_info("a 64-byte buffer should cost its slot and at most %d "
		       "bytes in all (design 6), charged to its cgroup",
		       PER_BUFFER_MAX);
	free_many(a, got);
	EXPECT_STATUS(NetApiBufferFree(warm), NERR_Success);
	return child_result();
}

/* small_max 0: page-backed as before; small buffers made before live on. */
static void page_backed(void)
{
	const size_t ps = page_size();
	uint64_t small = counter_read(SYSFS_SMALL_BUFFERS);
	uint8_t *before = NULL, *p = NULL, *q = NULL;
	int fd = -1;

	REQUIRE(NetApiBufferAllocate(64, (void **)&before) == NERR_Success);
	fill_pattern(before, 64, 31);
	REQUIRE(netbuf_fds(&fd, 1) == 1);
	EXPECT_COUNTER(SYSFS_SMALL_BUFFERS, small + 1);

	param_set(PARAM_SMALL_MAX, 0);
	if (!EXPECT_STATUS(NetApiBufferAllocate(64, (void **)&p),
			   NERR_Success))
		return;
	EXPECT_EQ(page_offset_of(p), 0);
	EXPECT_COUNTER(SYSFS_SMALL_BUFFERS, small + 1);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SMALL_BUFFERS), 1);
	/* The rest of its page is its slack; the next page its guard. */
	EXPECT_ZERO(p, ps);
	EXPECT_WRITE(p + ps - 1, 1, 0);
	EXPECT_READ(p + ps, SIGBUS);
	/* Growth within the page stays in place, as before. */
	fill_pattern(p, 64, 32);
	if (EXPECT_STATUS(NetApiBufferReallocate(p, 3000, (void **)&q),
			  NERR_Success)) {
		EXPECT_PTR(q, p);
		EXPECT_PATTERN(q, 64, 32);
		p = q;
	}
	EXPECT_LIVE(before, 64, 31);
	EXPECT_STATUS(NetApiBufferFree(before), NERR_Success);
	EXPECT_READ(before, SIGBUS);
	EXPECT_COUNTER(SYSFS_SMALL_BUFFERS, small);
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	EXPECT_READ(p, SIGBUS);

	param_set(PARAM_SMALL_MAX, SMALL_MAX_DEFAULT);
	if (EXPECT_STATUS(NetApiBufferAllocate(64, (void **)&p),
			  NERR_Success)) {
		EXPECT_COUNTER(SYSFS_SMALL_BUFFERS, small + 1);
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	}
}

int main(int argc, char **argv)
{
	unsigned long n;

	(void)argc;
	t_init(argv[0], 900);
	EXPECT_EQ(param_get(PARAM_SMALL_MAX), SMALL_MAX_DEFAULT);
	require_small_buffers();
	budget();

	n = t_sanitized_kernel() ? MANY_SANITIZED : MANY;
	EXPECT_EXIT(run_child(many, &n), T_PASS);
	EXPECT_COUNTER_SETTLES(SYSFS_SMALL_BUFFERS, 0);

	cg_buffers = t_sanitized_kernel() ? CG_BUFFERS_SANITIZED : CG_BUFFERS;
	memcg_create(TEST_CGROUP, CG_LIMIT);
	write_text(TEST_CGROUP "/memory.swap.max", "0");
	run_in_memcg(TEST_CGROUP, "64-byte buffers in a memory cgroup",
		     in_cgroup);
	if (rmdir(TEST_CGROUP) < 0)
		FAIL("rmdir " TEST_CGROUP ": %s", errno_name(errno));

	page_backed();
	return t_done();
}
