// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation-failure sweep. For every call that reaches the module, make
 * exactly the n-th allocation on its path fail (/proc/thread-self/fail-nth,
 * with failslab and fail_page_alloc told to fail sleeping order-0
 * allocations too), for n = 1, 2, ... until the call succeeds with no
 * failure injected. Every call that fails must fail with ENOMEM (status 8
 * through the library, errno ENOMEM, no descriptor leaked) and leave
 * everything as it was: the context's table (INFO), the buffers around it
 * (same size, same bytes), the module's counters and what it really holds
 * (held pages, descriptors). A failure injected into an allocation the call
 * can do without (the best-effort mapping of new pages, a cache refill) may
 * let the call succeed: that is counted as "absorbed".
 *
 * A call that allocates must have seen at least one injected failure, or
 * the sweep proved nothing; SIZE, FREE, INFO and in-page resizes must see
 * none (the armed failure is still pending after them). A call whose pages
 * come in high-order blocks must have absorbed a failure for each order it
 * tries first: the order fallback is swept too.
 *
 * Needs CONFIG_FAULT_INJECTION with failslab and fail_page_alloc in debugfs
 * (the debug kernel); skipped elsewhere. Prints
 *   netbuf-summary fail-nth calls=C points=P absorbed=A
 */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "lm.h"

#define WIN_SIZE	(64UL << 20)
#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define DEBUGFS		"/sys/kernel/debug"
#define HELD_PAGES	DEBUGFS "/netbuf/held_pages"
#define DESCRIPTORS	DEBUGFS "/netbuf/descriptors"
/* No call here has anywhere near this many allocations on its path. */
#define MAX_NTH		4000
/* More pages than fit a one-page pointer array: kvmalloc falls back. */
#define BIG_PAGES	520
/* Sizes below are in 4 KiB pages, the only page size netbuf's tests know. */
#define PG		4096

/* The injectors' knobs the sweep changes, and the values it needs. */
static const struct knob {
	const char *path;
	const char *value;
} knobs[] = {
	{ DEBUGFS "/failslab/ignore-gfp-wait", "N" },
	{ DEBUGFS "/fail_page_alloc/ignore-gfp-wait", "N" },
	{ DEBUGFS "/fail_page_alloc/min-order", "0" },
	{ DEBUGFS "/failslab/verbose", "0" },
	{ DEBUGFS "/fail_page_alloc/verbose", "0" },
};
#define NR_KNOBS	(sizeof(knobs) / sizeof(knobs[0]))
static char saved_knob[NR_KNOBS][32];

static struct raw_ctx ctx;	/* the context most sweeps run in */
static uint64_t keep_off;	/* a buffer that must survive every sweep */
static uint8_t *keep_lib;	/* the same, from the library */
static uint64_t victim;		/* the buffer a sweep resizes or frees */
static int scratch_fd = -1;	/* a context a sweep opens or maps */
static void *scratch_win = MAP_FAILED;

static unsigned long total_calls, total_points, total_absorbed;

/* ---- fail-nth ----------------------------------------------------------- */

static int nth_fd = -1;

static int nth_open(void)
{
	return open(FAIL_NTH, O_RDWR | O_CLOEXEC);
}

/* The nth fault-injection point this thread passes fails. */
static void nth_arm(int fd, unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(fd, buf, (size_t)len, 0) != len)
		FATAL("write %u to " FAIL_NTH ": %s", n, errno_name(errno));
}

/* Whether the armed failure was injected; disarms it either way. */
static bool nth_injected(int fd)
{
	char buf[16] = "";

	if (pread(fd, buf, sizeof(buf) - 1, 0) <= 0)
		FATAL("read " FAIL_NTH ": %s", errno_name(errno));
	if (pwrite(fd, "0", 1, 0) != 1)
		FATAL("disarm " FAIL_NTH ": %s", errno_name(errno));
	return buf[0] == '0';
}

static void knobs_set(void)
{
	size_t i;
	int rc;

	for (i = 0; i < NR_KNOBS; i++) {
		if (read_text(knobs[i].path, saved_knob[i],
			      sizeof(saved_knob[i])) < 0)
			t_skip("no %s: the kernel has no failslab and fail_page_alloc in debugfs",
			       knobs[i].path);
		rc = write_text(knobs[i].path, knobs[i].value);
		if (rc < 0)
			FATAL("write %s to %s: %s", knobs[i].value,
			      knobs[i].path, errno_name(-rc));
	}
}

static void knobs_restore(void)
{
	size_t i;

	for (i = 0; i < NR_KNOBS; i++)
		if (saved_knob[i][0])
			write_text(knobs[i].path, saved_knob[i]);
}

/* ---- What must not change ----------------------------------------------- */

struct snapshot {
	uint64_t contexts, buffers, bytes, held_pages, descriptors, sites;
	struct netbuf_info info;
};

static void snap(struct snapshot *s)
{
	s->contexts = counter_read(SYSFS_CONTEXTS);
	s->buffers = counter_read(SYSFS_BUFFERS);
	s->bytes = counter_read(SYSFS_BYTES);
	s->held_pages = counter_read(HELD_PAGES);
	s->descriptors = counter_read(DESCRIPTORS);
	s->sites = counter_read(SYSFS_SITES_LIVE);
	if (raw_info(ctx.fd, &s->info) < 0)
		FAIL("INFO on the sweep's context: %s", errno_name(errno));
}

#define SAME(field, what) do {						\
	if (got.field != want->field) {					\
		FAIL("%s, n=%u: " #field " %llu, was %llu", what, n,	\
		     (unsigned long long)got.field,			\
		     (unsigned long long)want->field);			\
		ok = false;						\
	}								\
} while (0)

/* Nothing changed since want, and the kept buffers are intact. */
static bool unchanged(const struct snapshot *want, const char *what,
		      unsigned int n)
{
	struct snapshot got;
	bool ok = true;

	snap(&got);
	SAME(contexts, what);
	SAME(buffers, what);
	SAME(bytes, what);
	SAME(held_pages, what);
	SAME(descriptors, what);
	SAME(sites, what);
	SAME(info.live_bytes, what);
	SAME(info.live_buffers, what);
	SAME(info.window_size, what);
	ok &= EXPECT_RAW_LIVE(&ctx, keep_off, 3 * page_size(), 501);
	if (victim != UINT64_MAX)
		ok &= EXPECT_RAW_LIVE(&ctx, victim, 3 * page_size(), 502);
	ok &= EXPECT_LIVE(keep_lib, 5000, 503);
	return ok;
}

/* ---- The calls swept ---------------------------------------------------- */

struct sweep {
	const char *name;
	bool allocates;		/* must meet at least one injected failure */
	void (*setup)(void);	/* before each attempt, not swept */
	int (*call)(uint64_t arg);	/* 0 or -errno */
	uint64_t arg;
	void (*undo)(void);	/* after a success, not swept */
};

static uint64_t result_off;
/* The argument of the call being swept, for the checks after a success. */
static uint64_t swept_arg;
static int (*swept_call)(uint64_t arg);
static int call_alloc(uint64_t size);
static int call_lib_wksta(uint64_t level);

static void victim_new(void)
{
	REQUIRE(raw_alloc(ctx.fd, 3 * page_size(), &victim) == 0);
	fill_pattern(ctx.win + victim, 3 * page_size(), 502);
}

static void victim_free(void)
{
	if (victim != UINT64_MAX && raw_free(ctx.fd, victim) < 0)
		FAIL("free the victim: %s", errno_name(errno));
	victim = UINT64_MAX;
}

/*
 * What a call that succeeded made is whole before it goes: an ALLOC of n
 * bytes is n bytes of zeros; a produced buffer has a size and every page
 * of it reads.
 */
static void result_check(void)
{
	uint64_t size = UINT64_MAX, i;

	if (!EXPECT_RC(raw_size(ctx.fd, result_off, &size), 0))
		return;
	if (swept_call == call_alloc) {
		EXPECT_EQ(size, swept_arg);
		EXPECT_ZERO(ctx.win + result_off, size);
		return;
	}
	if (!CHECK(size > 0))
		return;
	for (i = 0; i < size; i += page_size())
		EXPECT_READ(ctx.win + result_off + i, 0);
	EXPECT_READ(ctx.win + result_off + size - 1, 0);
}

static void result_free(void)
{
	result_check();
	if (raw_free(ctx.fd, result_off) < 0)
		FAIL("free what the call allocated: %s", errno_name(errno));
}

static int call_alloc(uint64_t size)
{
	return raw_alloc(ctx.fd, size, &result_off);
}

static int call_realloc(uint64_t size)
{
	return raw_realloc(ctx.fd, victim, size, &result_off);
}

/* The resized victim: checked, then freed. */
static void resized_free(void)
{
	uint64_t size = 0;

	EXPECT_RC(raw_size(ctx.fd, result_off, &size), 0);
	EXPECT_EQ(size, swept_arg);
	if (size > 3 * page_size())
		EXPECT_ZERO(ctx.win + result_off + 3 * page_size(),
			    size - 3 * page_size());
	EXPECT_PATTERN(ctx.win + result_off,
		       size < 3 * page_size() ? size : 3 * page_size(), 502);
	victim = UINT64_MAX;
	if (raw_free(ctx.fd, result_off) < 0)
		FAIL("free the resized buffer: %s", errno_name(errno));
}

/*
 * ABI 5, recording on: a site recorded with the buffer (a record), a
 * buffer placed against its guard page, and a free or a move remembered
 * in the history (whose ring the first such call allocates: the sweep
 * runs with a short history_len, so that the ring is one kmalloc() and
 * its failure is not absorbed by kvmalloc()'s vmalloc fallback).
 */
#define SITE	0x5173ULL

/* ALLOC with a site and @flags; a GUARD_END buffer ends at a page end. */
static int alloc_with(uint64_t size, uint32_t flags)
{
	struct netbuf_alloc a = { .size = size, .site = SITE,
				  .flags = NETBUF_ALLOC_SITE | flags };
	int rc = raw_ioctl(ctx.fd, NETBUF_IOC_ALLOC, &a);

	result_off = a.offset;
	if (!rc && (flags & NETBUF_ALLOC_GUARD_END) &&
	    (result_off + ((size + 15) & ~15ULL)) % PG != 0)
		FAIL("ALLOC GUARD_END of %llu bytes at %#llx: not at a page end",
		     (unsigned long long)size, (unsigned long long)result_off);
	return rc;
}

static int call_alloc_site(uint64_t size)
{
	return alloc_with(size, 0);
}

static int call_alloc_guard(uint64_t size)
{
	return alloc_with(size, NETBUF_ALLOC_GUARD_END);
}

static int call_realloc_site(uint64_t size)
{
	struct netbuf_realloc r = { .offset = victim, .size = size,
				    .site = SITE,
				    .flags = NETBUF_REALLOC_SITE };
	int rc = raw_ioctl(ctx.fd, NETBUF_IOC_REALLOC, &r);

	result_off = r.new_offset;
	return rc;
}

static int call_free_site(uint64_t unused)
{
	struct netbuf_free f = { .offset = victim, .site = SITE,
				 .flags = NETBUF_FREE_SITE };
	int rc = raw_ioctl(ctx.fd, NETBUF_IOC_FREE, &f);

	(void)unused;
	if (rc == 0)
		victim = UINT64_MAX;
	return rc;
}

static int call_whatis(uint64_t flags)
{
	struct netbuf_whatis q = { .offset = flags ? 0 : victim + 5,
				   .flags = flags };
	int rc = raw_ioctl(ctx.fd, NETBUF_IOC_WHATIS, &q);

	if (rc == 0 && q.kind != NETBUF_WHATIS_LIVE)
		FAIL("WHATIS of the victim under fail-nth: kind %u", q.kind);
	return rc;
}

static int call_size(uint64_t unused)
{
	uint64_t size = 0;
	int rc = raw_size(ctx.fd, victim, &size);

	(void)unused;
	if (rc == 0 && size != 3 * page_size())
		FAIL("SIZE under fail-nth: %llu", (unsigned long long)size);
	return rc;
}

static int call_free(uint64_t unused)
{
	int rc = raw_free(ctx.fd, victim);

	(void)unused;
	if (rc == 0)
		victim = UINT64_MAX;
	return rc;
}

static int call_info(uint64_t unused)
{
	struct netbuf_info info;

	(void)unused;
	return raw_info(ctx.fd, &info);
}

static int call_open(uint64_t unused)
{
	(void)unused;
	scratch_fd = open(NETBUF_DEV, O_RDWR | O_CLOEXEC);
	return scratch_fd < 0 ? -errno : 0;
}

static void scratch_close(void)
{
	if (scratch_win != MAP_FAILED && munmap(scratch_win, WIN_SIZE) < 0)
		FAIL("munmap the scratch window: %s", errno_name(errno));
	scratch_win = MAP_FAILED;
	if (scratch_fd >= 0 && close(scratch_fd) < 0)
		FAIL("close the scratch context: %s", errno_name(errno));
	scratch_fd = -1;
}

static void scratch_open(void)
{
	scratch_fd = dev_open();
}

static int call_mmap(uint64_t unused)
{
	(void)unused;
	scratch_win = mmap(NULL, WIN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			   scratch_fd, 0);
	return scratch_win == MAP_FAILED ? -errno : 0;
}

/* After a failed mmap the context must still take its first window. */
static void scratch_mmap_then_close(void)
{
	struct netbuf_info info;

	if (scratch_win == MAP_FAILED) {
		EXPECT_SYS_OK(scratch_win = mmap(NULL, WIN_SIZE,
						 PROT_READ | PROT_WRITE,
						 MAP_SHARED, scratch_fd, 0));
	}
	if (EXPECT_RC(raw_info(scratch_fd, &info), 0))
		EXPECT_EQ(info.window_size, WIN_SIZE);
	if (scratch_win != MAP_FAILED)
		EXPECT_RC(raw_alloc(scratch_fd, 1, NULL), 0);
	scratch_close();
}

/* Library calls in this process, whose context is open already. */
static LPVOID lib_out;

static int status_rc(NET_API_STATUS st, int err)
{
	if (st == NERR_Success)
		return 0;
	if (st != ERROR_NOT_ENOUGH_MEMORY) {
		FAIL("status %s under fail-nth", status_name(st));
		return -EPROTO;
	}
	return -err;
}

static int call_lib_alloc(uint64_t size)
{
	NET_API_STATUS st;

	lib_out = NULL;
	errno = 0;
	st = NetApiBufferAllocate((DWORD)size, &lib_out);
	if (st != NERR_Success && lib_out)
		FAIL("NetApiBufferAllocate failed but set the pointer");
	return status_rc(st, errno);
}

static void lib_out_free(void)
{
	WKSTA_INFO_102 *wi = lib_out;
	DWORD size = 0;

	/* Checked before it goes: the size asked for, zeros, or the names. */
	EXPECT_STATUS(NetApiBufferSize(lib_out, &size), NERR_Success);
	if (swept_call == call_lib_alloc) {
		EXPECT_EQ(size, swept_arg);
		EXPECT_ZERO(lib_out, size);
	} else if (swept_call == call_lib_wksta &&
		   CHECK(size >= sizeof(*wi))) {
		EXPECT_EQ(wi->wki102_platform_id, PLATFORM_ID_NT);
		CHECK(wi->wki102_computername && wi->wki102_computername[0]);
		CHECK(wi->wki102_langroup && wi->wki102_langroup[0]);
	}
	EXPECT_STATUS(NetApiBufferFree(lib_out), NERR_Success);
	lib_out = NULL;
}

static int call_lib_wksta(uint64_t level)
{
	NET_API_STATUS st;

	lib_out = NULL;
	errno = 0;
	st = NetWkstaGetInfo(NULL, (DWORD)level, (LPBYTE *)&lib_out);
	if (st != NERR_Success && lib_out)
		FAIL("NetWkstaGetInfo failed but set the pointer");
	return status_rc(st, errno);
}

static uint8_t *lib_victim;

static void lib_victim_new(void)
{
	REQUIRE(NetApiBufferAllocate(3 * (DWORD)page_size(),
				     (LPVOID *)&lib_victim) == NERR_Success);
	fill_pattern(lib_victim, 3 * page_size(), 504);
}

static int call_lib_realloc(uint64_t size)
{
	NET_API_STATUS st;

	lib_out = NULL;
	errno = 0;
	st = NetApiBufferReallocate(lib_victim, (DWORD)size, &lib_out);
	if (st != NERR_Success) {
		if (lib_out)
			FAIL("NetApiBufferReallocate failed but set the pointer");
		/* The old buffer is live, unchanged, and the same size. */
		EXPECT_LIVE(lib_victim, 3 * (DWORD)page_size(), 504);
	}
	return status_rc(st, errno);
}

static void lib_resized_free(void)
{
	DWORD size = 0;

	EXPECT_STATUS(NetApiBufferSize(lib_out, &size), NERR_Success);
	EXPECT_EQ(size, swept_arg);
	EXPECT_ZERO((uint8_t *)lib_out + 3 * page_size(),
		    swept_arg - 3 * page_size());
	EXPECT_PATTERN(lib_out, 3 * page_size(), 504);
	lib_out_free();
	lib_victim = NULL;	/* it was resized into lib_out */
}

static void lib_victim_free(void)
{
	EXPECT_STATUS(NetApiBufferFree(lib_victim), NERR_Success);
	lib_victim = NULL;
}

static int fd_count(void)
{
	char path[32];
	int n = 0, fd;

	for (fd = 0; fd < 1024; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n += access(path, F_OK) == 0;
	}
	return n;
}

/*
 * The library's first call in a process opens the device, maps the window
 * and allocates: swept in a fresh child each time. The child's exit code
 * says what happened: 0 success, 1 success with a failure absorbed, 2 the
 * expected status 8 with ENOMEM, after which the next call works and the
 * process holds one descriptor (the library's context) and no other; 3
 * anything else (printed).
 */
static int first_call_child(void *arg)
{
	unsigned int n = (unsigned int)(uintptr_t)arg;
	int fd = nth_open(), before, err;
	NET_API_STATUS st;
	LPVOID p = NULL;
	bool injected;

	if (fd < 0)
		return 3;
	before = fd_count();
	nth_arm(fd, n);
	errno = 0;
	st = NetApiBufferAllocate(100, &p);
	err = errno;
	injected = nth_injected(fd);
	if (st == NERR_Success) {
		DWORD size = 0;

		/* What it made: 100 bytes of zeros. */
		if (NetApiBufferSize(p, &size) != NERR_Success || size != 100 ||
		    find_nonzero(p, 100) != SIZE_MAX) {
			printf("# first call, n=%u: the buffer is not 100 zero bytes (size %u)\n",
			       n, (unsigned int)size);
			return 3;
		}
		NetApiBufferFree(p);
		/* The library's one context: exactly one more descriptor. */
		if (fd_count() != before + 1) {
			printf("# first call, n=%u: fds %d -> %d\n", n, before,
			       fd_count());
			return 3;
		}
		return injected ? 1 : 0;
	}
	if (st != ERROR_NOT_ENOUGH_MEMORY || err != ENOMEM || !injected || p) {
		printf("# first call, n=%u: status %s, errno %s, injected %d, pointer %p\n",
		       n, status_name(st), errno_name(err), injected, p);
		return 3;
	}
	/*
	 * Failed before or after the context was set up: either way the next
	 * call works and the process holds one descriptor for it, none left
	 * over from the failed attempt.
	 */
	st = NetApiBufferAllocate(100, &p);
	if (st != NERR_Success || fd_count() != before + 1) {
		printf("# first call, n=%u: then status %s, fds %d -> %d\n", n,
		       status_name(st), before, fd_count());
		return 3;
	}
	NetApiBufferFree(p);
	return 2;
}

static void sweep_first_call(void)
{
	unsigned int n, points = 0, absorbed = 0;
	struct snapshot before;
	char why[64];
	int status;

	for (n = 1; n < MAX_NTH; n++) {
		snap(&before);
		status = run_child(first_call_child, (void *)(uintptr_t)n);
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 2) {
			FAIL("library first call, n=%u: child %s", n,
			     wait_status_str(status, why, sizeof(why)));
			break;
		}
		/* The child's context goes away with it. */
		counter_wait(SYSFS_CONTEXTS, before.contexts, SETTLE_MS);
		counter_wait(SYSFS_BUFFERS, before.buffers, SETTLE_MS);
		if (!unchanged(&before, "library first call", n))
			break;
		if (WEXITSTATUS(status) == 2)
			points++;
		else if (WEXITSTATUS(status) == 1)
			absorbed++;
		else
			break;
	}
	t_info("%-32s %3u allocation points failed, %u absorbed",
	       "library first call", points, absorbed);
	if (n == MAX_NTH)
		FAIL("library first call: still failing at n=%u", n);
	if (!points)
		FAIL("library first call: no failure was injected");
	total_calls++;
	total_points += points;
	total_absorbed += absorbed;
}

static const struct sweep sweeps[] = {
	{ "open", true, NULL, call_open, 0, scratch_close },
	{ "mmap", true, scratch_open, call_mmap, 0, scratch_mmap_then_close },
	{ "ALLOC 0 bytes", true, NULL, call_alloc, 0, result_free },
	{ "ALLOC 1 byte", true, NULL, call_alloc, 1, result_free },
	{ "ALLOC 3 pages", true, NULL, call_alloc, 3 * PG, result_free },
	{ "ALLOC 520 pages", true, NULL, call_alloc, BIG_PAGES * PG,
	  result_free },
	{ "REALLOC grow, moves", true, victim_new, call_realloc, 5 * PG,
	  resized_free },
	{ "REALLOC grow within the page", false, victim_new, call_realloc,
	  (3 * PG) - 1, resized_free },
	{ "REALLOC shrink", false, victim_new, call_realloc, PG,
	  resized_free },
	{ "REALLOC to 0", false, victim_new, call_realloc, 0, resized_free },
	{ "SIZE", false, victim_new, call_size, 0, victim_free },
	{ "FREE", false, victim_new, call_free, 0, NULL },
	{ "INFO", false, NULL, call_info, 0, NULL },
	/* Recording on (ABI 5); the first recorded free makes the ring. */
	{ "FREE, site", true, victim_new, call_free_site, 0, NULL },
	{ "ALLOC 100 bytes, site", true, NULL, call_alloc_site, 100,
	  result_free },
	{ "ALLOC 3 pages, site", true, NULL, call_alloc_site, 3 * PG,
	  result_free },
	{ "ALLOC 48 bytes, guard end", true, NULL, call_alloc_guard, 48,
	  result_free },
	{ "REALLOC grow, moves, site", true, victim_new, call_realloc_site,
	  5 * PG, resized_free },
	{ "REALLOC shrink, site", true, victim_new, call_realloc_site, PG,
	  resized_free },
	{ "WHATIS", false, victim_new, call_whatis, 0, victim_free },
	{ "WHATIS NEXT_LIVE", false, victim_new, call_whatis,
	  NETBUF_WHATIS_NEXT_LIVE, victim_free },
	{ "NetApiBufferAllocate", true, NULL, call_lib_alloc, 10000,
	  lib_out_free },
	{ "NetWkstaGetInfo 102", true, NULL, call_lib_wksta, 102,
	  lib_out_free },
	{ "NetApiBufferReallocate", true, lib_victim_new, call_lib_realloc,
	  30000, lib_resized_free },
};

/*
 * The sweeps whose new pages come in high-order blocks, and how many they
 * ask for at least (one per order tried before any fallback: 3 pages are
 * an order-1 block and a page, 520 an order-9 and an order-3 block, a
 * growth by 2 pages an order-1 block): each is an allocation point whose
 * failure the fallback to a lower order absorbs.
 */
static const struct {
	const char *name;
	unsigned int blocks;
} high_order_sweeps[] = {
	{ "ALLOC 3 pages", 1 },
	{ "ALLOC 520 pages", 2 },
	{ "REALLOC grow, moves", 1 },
};

static unsigned int high_orders_of(const struct sweep *s)
{
	size_t i;

	for (i = 0; i < sizeof(high_order_sweeps) /
			sizeof(high_order_sweeps[0]); i++)
		if (!strcmp(high_order_sweeps[i].name, s->name))
			return high_order_sweeps[i].blocks;
	return 0;
}

static void sweep_one(const struct sweep *s)
{
	unsigned int n, points = 0, absorbed = 0;
	struct snapshot before;
	bool injected;
	int rc;

	for (n = 1; n < MAX_NTH; n++) {
		if (s->setup)
			s->setup();
		snap(&before);
		swept_arg = s->arg;
		swept_call = s->call;
		nth_arm(nth_fd, n);
		rc = s->call(s->arg);
		injected = nth_injected(nth_fd);
		if (rc == 0) {
			absorbed += injected;
			if (s->undo)
				s->undo();
			if (!injected)
				break;
			continue;
		}
		/* Failed: only for want of memory, only when injected. */
		if (rc != -ENOMEM || !injected) {
			FAIL("%s, n=%u: %s, failure injected: %s", s->name, n,
			     errno_name(-rc), injected ? "yes" : "no");
			break;
		}
		points++;
		if (!unchanged(&before, s->name, n))
			break;
		/* Then what setup made goes, so that every attempt is alike. */
		if (s->setup == lib_victim_new)
			lib_victim_free();
		else if (s->setup == victim_new)
			victim_free();
		else if (s->setup == scratch_open)
			scratch_mmap_then_close();
	}
	if (lib_victim)
		lib_victim_free();
	t_info("%-32s %3u allocation points failed, %u absorbed", s->name,
	       points, absorbed);
	if (n == MAX_NTH)
		FAIL("%s: still failing at n=%u", s->name, n);
	if (s->allocates && !points)
		FAIL("%s: no failure was injected: the sweep proves nothing",
		     s->name);
	if (absorbed < high_orders_of(s))
		FAIL("%s: %u failures absorbed, expected one at least for each of its %u high-order blocks",
		     s->name, absorbed, high_orders_of(s));
	if (!s->allocates && (points || absorbed))
		FAIL("%s: allocates (%u failures injected), expected none",
		     s->name, points + absorbed);
	total_calls++;
	total_points += points;
	total_absorbed += absorbed;
}

int main(int argc, char **argv)
{
	uint64_t history_len;
	size_t i;

	(void)argc;
	t_init(argv[0], 840);
	if (page_size() != PG)
		t_skip("page size %zu: the sweep's sizes assume %d", page_size(), PG);
	nth_fd = nth_open();
	if (nth_fd < 0)
		t_skip("no " FAIL_NTH ": the kernel has no CONFIG_FAULT_INJECTION");
	knobs_set();

	raw_open(&ctx, WIN_SIZE);
	REQUIRE(raw_alloc(ctx.fd, 3 * page_size(), &keep_off) == 0);
	fill_pattern(ctx.win + keep_off, 3 * page_size(), 501);
	REQUIRE(NetApiBufferAllocate(5000, (LPVOID *)&keep_lib) ==
		NERR_Success);
	fill_pattern(keep_lib, 5000, 503);
	victim = UINT64_MAX;
	history_len = param_get(PARAM_HISTORY_LEN);
	param_set(PARAM_HISTORY_LEN, 16);

	for (i = 0; i < sizeof(sweeps) / sizeof(sweeps[0]); i++)
		sweep_one(&sweeps[i]);
	param_set(PARAM_HISTORY_LEN, history_len);
	sweep_first_call();

	knobs_restore();
	EXPECT_STATUS(NetApiBufferFree(keep_lib), NERR_Success);
	EXPECT_RC(raw_free(ctx.fd, keep_off), 0);
	raw_close(&ctx);
	printf("netbuf-summary fail-nth calls=%lu points=%lu absorbed=%lu\n",
	       total_calls, total_points, total_absorbed);
	return t_done();
}
