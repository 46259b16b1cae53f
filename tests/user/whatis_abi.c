// SPDX-License-Identifier: GPL-2.0
/*
 * ABI 5, raw: allocation and free sites, the history of freed buffers,
 * NETBUF_IOC_WHATIS and the placement flags (uapi/linux/netbuf.h,
 * netbuf(4)). Every new field is validated (an unknown flag, GUARD_END
 * with GUARD_START, a site without its flag, a non-zero out or reserved
 * field: EINVAL); WHATIS answers LIVE for a buffer's start and interior,
 * GUARD for the page after it, FREED (sizes, both sites, both threads, an
 * age) for a buffer freed with a site, NONE for offsets never allocated
 * or outside the window; NEXT_LIVE walks every live buffer once; a 48-byte
 * GUARD_END buffer ends at its page's end, starts at a multiple of 16, and
 * its 49th byte faults; GUARD_START puts a small buffer at a page start;
 * the structs of ABI 4 (NETBUF_*_SIZE_VER0) still work; with recording
 * off nothing is recorded (sysfs and fdinfo counters). The 32-bit build
 * runs it all through the compat entry.
 */
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

#define WIN_SIZE	(16UL << 20)
#define SITE_A		0x7f0000001234ULL
#define SITE_B		0x7f0000005678ULL
#define SITE_C		0xfedcba9876543210ULL

static uint32_t tid(void)
{
	return (uint32_t)syscall(SYS_gettid);
}

static int alloc_flags(int fd, uint64_t size, uint32_t flags, uint64_t site,
		       uint64_t *off)
{
	struct netbuf_alloc a = { .size = size, .flags = flags, .site = site };
	int rc = raw_ioctl(fd, NETBUF_IOC_ALLOC, &a);

	if (off)
		*off = a.offset;
	return rc;
}

static int realloc_flags(int fd, uint64_t off, uint64_t size, uint32_t flags,
			 uint64_t site, uint64_t *moved)
{
	struct netbuf_realloc r = { .offset = off, .size = size,
				    .flags = flags, .site = site };
	int rc = raw_ioctl(fd, NETBUF_IOC_REALLOC, &r);

	if (moved)
		*moved = r.new_offset;
	return rc;
}

static int free_flags(int fd, uint64_t off, uint32_t flags, uint64_t site)
{
	struct netbuf_free f = { .offset = off, .flags = flags, .site = site };

	return raw_ioctl(fd, NETBUF_IOC_FREE, &f);
}

static struct netbuf_whatis whatis(int fd, uint64_t off, uint32_t flags)
{
	struct netbuf_whatis w = { .offset = off, .flags = flags };

	if (!EXPECT_RC(raw_ioctl(fd, NETBUF_IOC_WHATIS, &w), 0))
		t_info("WHATIS of %#llx, flags %#x", (unsigned long long)off,
		       flags);
	return w;
}

/* WHATIS of @off says @kind about the buffer at @start of @size. */
static bool t_expect_about(const char *file, int line, int fd, uint64_t off,
			   uint32_t kind, uint64_t start, uint64_t size,
			   uint64_t site)
{
	struct netbuf_whatis w = whatis(fd, off, 0);
	bool ok;

	ok = w.kind == kind && w.start == start && w.size == size &&
	     w.alloc_site == site && w.alloc_tid == (site ? tid() : 0) &&
	     (kind == NETBUF_WHATIS_FREED ||
	      (!w.free_site && !w.free_tid && !w.age_ns));
	if (!ok)
		t_fail_at(file, line,
			  "WHATIS %#llx: kind %u start %#llx size %llu site %#llx tid %u; expected kind %u start %#llx size %llu site %#llx",
			  (unsigned long long)off, w.kind,
			  (unsigned long long)w.start,
			  (unsigned long long)w.size,
			  (unsigned long long)w.alloc_site, w.alloc_tid, kind,
			  (unsigned long long)start, (unsigned long long)size,
			  (unsigned long long)site);
	return ok;
}
#define EXPECT_ABOUT(fd, off, kind, start, size, site) \
	t_expect_about(__FILE__, __LINE__, (fd), (off), (kind), (start), \
		       (size), (site))

static uint64_t live_buffers(int fd)
{
	struct netbuf_info info;

	if (!EXPECT_RC(raw_info(fd, &info), 0))
		return UINT64_MAX;
	return info.live_buffers;
}

/* Every new field and combination the ABI refuses, changing nothing. */
static void fields_validated(struct raw_ctx *c)
{
	static const uint32_t bad_alloc[] = {
		NETBUF_ALLOC_FLAGS_VALID + 1, 0x80000000U,
		NETBUF_ALLOC_GUARD_END | NETBUF_ALLOC_GUARD_START,
		NETBUF_ALLOC_SITE | NETBUF_ALLOC_GUARD_END |
		NETBUF_ALLOC_GUARD_START,
	};
	uint64_t before = live_buffers(c->fd), off, moved;
	struct netbuf_whatis w;
	size_t i;

	for (i = 0; i < sizeof(bad_alloc) / sizeof(bad_alloc[0]); i++) {
		EXPECT_RC(alloc_flags(c->fd, 100, bad_alloc[i], 0, NULL),
			  -EINVAL);
		EXPECT_RC(alloc_flags(c->fd, 3 * page_size(), bad_alloc[i],
				      SITE_A, NULL), -EINVAL);
	}
	/* A site without its flag, with a placement flag or none. */
	EXPECT_RC(alloc_flags(c->fd, 100, 0, SITE_A, NULL), -EINVAL);
	EXPECT_RC(alloc_flags(c->fd, 100, NETBUF_ALLOC_GUARD_END, 1, NULL),
		  -EINVAL);
	EXPECT_EQ(live_buffers(c->fd), before);

	REQUIRE(alloc_flags(c->fd, 100, NETBUF_ALLOC_SITE, SITE_A, &off) == 0);
	fill_pattern(c->win + off, 100, 40);
	EXPECT_RC(realloc_flags(c->fd, off, 200, NETBUF_REALLOC_FLAGS_VALID + 1,
				0, NULL), -EINVAL);
	EXPECT_RC(realloc_flags(c->fd, off, 200, 0x40000000U, 0, NULL),
		  -EINVAL);
	EXPECT_RC(realloc_flags(c->fd, off, 200, NETBUF_REALLOC_GUARD_END |
				NETBUF_REALLOC_GUARD_START, 0, NULL), -EINVAL);
	EXPECT_RC(realloc_flags(c->fd, off, 200, 0, SITE_B, NULL), -EINVAL);
	EXPECT_RC(realloc_flags(c->fd, off, 200, NETBUF_REALLOC_GUARD_START,
				SITE_B, NULL), -EINVAL);
	EXPECT_RC(free_flags(c->fd, off, NETBUF_FREE_FLAGS_VALID + 1, 0),
		  -EINVAL);
	EXPECT_RC(free_flags(c->fd, off, 0x4U, 0), -EINVAL);
	EXPECT_RC(free_flags(c->fd, off, 0, SITE_B), -EINVAL);
	/* Nothing changed: same buffer, same bytes, same site. */
	EXPECT_RAW_LIVE(c, off, 100, 40);
	EXPECT_ABOUT(c->fd, off, NETBUF_WHATIS_LIVE, off, 100, SITE_A);

	/* WHATIS: unknown flag, reserved, each out field. */
#define WHATIS_EINVAL(field, value) do {				\
	struct netbuf_whatis q_ = { .offset = off };			\
									\
	q_.field = (value);						\
	if (!EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_WHATIS, &q_), -EINVAL)) \
		t_info("WHATIS with " #field " = %#llx",		\
		       (unsigned long long)(value));			\
} while (0)
	WHATIS_EINVAL(flags, NETBUF_WHATIS_FLAGS_VALID + 1);
	WHATIS_EINVAL(flags, 0x80000000U);
	WHATIS_EINVAL(reserved, 1);
	WHATIS_EINVAL(start, off);
	WHATIS_EINVAL(size, 1);
	WHATIS_EINVAL(alloc_site, 1);
	WHATIS_EINVAL(free_site, 1);
	WHATIS_EINVAL(age_ns, 1);
	WHATIS_EINVAL(alloc_tid, 1);
	WHATIS_EINVAL(free_tid, 1);
	WHATIS_EINVAL(kind, NETBUF_WHATIS_LIVE);
	w = (struct netbuf_whatis){ .offset = off, .context = ~0U };
	EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_WHATIS, &w), -ESTALE);
	EXPECT_EQ(w.kind, 0);
	/* A size below the first version's; WHATIS with another direction. */
	w = (struct netbuf_whatis){ .offset = off };
	EXPECT_RC(raw_ioctl(c->fd, _IOC(_IOC_READ | _IOC_WRITE,
					NETBUF_IOC_MAGIC, 9,
					NETBUF_WHATIS_SIZE_VER0 - 8), &w),
		  -EINVAL);
	EXPECT_RC(raw_ioctl(c->fd, _IOC(_IOC_READ, NETBUF_IOC_MAGIC, 9,
					sizeof(w)), &w), -ENOTTY);
	/* The flag with a site of 0 is valid: 0 is recorded. */
	EXPECT_RC(realloc_flags(c->fd, off, 100, NETBUF_REALLOC_SITE, 0,
				&moved), 0);
	w = whatis(c->fd, moved, 0);
	EXPECT_EQ(w.kind, NETBUF_WHATIS_LIVE);
	EXPECT_EQ(w.alloc_site, 0);
	EXPECT_EQ(w.alloc_tid, tid());
	EXPECT_RC(free_flags(c->fd, moved, 0, 0), 0);
	EXPECT_EQ(live_buffers(c->fd), before);
}

/* WHATIS of each kind of offset: live, interior, guard, freed, never. */
static void whatis_answers(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	uint64_t big, small, zero, plain;
	struct netbuf_whatis w;

	/* Nothing was ever allocated this far into the page-backed part. */
	EXPECT_ABOUT(c->fd, c->size / 2, NETBUF_WHATIS_NONE, 0, 0, 0);
	EXPECT_ABOUT(c->fd, c->size, NETBUF_WHATIS_NONE, 0, 0, 0);
	EXPECT_ABOUT(c->fd, UINT64_MAX, NETBUF_WHATIS_NONE, 0, 0, 0);

	REQUIRE(alloc_flags(c->fd, 2 * ps + 1, NETBUF_ALLOC_SITE, SITE_A,
			    &big) == 0);
	REQUIRE(alloc_flags(c->fd, 100, NETBUF_ALLOC_SITE, SITE_B,
			    &small) == 0);
	REQUIRE(alloc_flags(c->fd, 0, NETBUF_ALLOC_SITE, SITE_C, &zero) == 0);
	REQUIRE(alloc_flags(c->fd, 300, 0, 0, &plain) == 0);
	EXPECT_ABOUT(c->fd, big, NETBUF_WHATIS_LIVE, big, 2 * ps + 1, SITE_A);
	EXPECT_ABOUT(c->fd, big + 2 * ps, NETBUF_WHATIS_LIVE, big, 2 * ps + 1,
		     SITE_A);
	EXPECT_ABOUT(c->fd, big + 3 * ps + 7, NETBUF_WHATIS_GUARD, big,
		     2 * ps + 1, SITE_A);
	EXPECT_ABOUT(c->fd, small + 99, NETBUF_WHATIS_LIVE, small, 100, SITE_B);
	EXPECT_ABOUT(c->fd, (small & ~(ps - 1)) + ps, NETBUF_WHATIS_GUARD,
		     small, 100, SITE_B);
	EXPECT_ABOUT(c->fd, zero, NETBUF_WHATIS_LIVE, zero, 0, SITE_C);
	/* Live without a record: where and how big, no site. */
	EXPECT_ABOUT(c->fd, plain + 10, NETBUF_WHATIS_LIVE, plain, 300, 0);

	/* Freed with a site: the history has it, sites, threads, age. */
	EXPECT_RC(free_flags(c->fd, big, NETBUF_FREE_SITE, SITE_C), 0);
	EXPECT_RC(free_flags(c->fd, small, NETBUF_FREE_SITE, SITE_C + 1), 0);
	sleep_ms(20);
	w = whatis(c->fd, big + ps + 5, 0);
	EXPECT_EQ(w.kind, NETBUF_WHATIS_FREED);
	EXPECT_EQ(w.start, big);
	EXPECT_EQ(w.size, 2 * ps + 1);
	EXPECT_EQ(w.alloc_site, SITE_A);
	EXPECT_EQ(w.free_site, SITE_C);
	EXPECT_EQ(w.alloc_tid, tid());
	EXPECT_EQ(w.free_tid, tid());
	CHECK(w.age_ns >= 20000000ULL && w.age_ns < 600ULL * 1000000000ULL);
	/* Its guard page too; the small one's page and guard page. */
	EXPECT_EQ(whatis(c->fd, big + 3 * ps, 0).kind, NETBUF_WHATIS_FREED);
	w = whatis(c->fd, small, 0);
	EXPECT_EQ(w.kind, NETBUF_WHATIS_FREED);
	EXPECT_EQ(w.start, small);
	EXPECT_EQ(w.size, 100);
	EXPECT_EQ(w.alloc_site, SITE_B);
	EXPECT_EQ(w.free_site, SITE_C + 1);
	/* A double free is refused; WHATIS then names the first free. */
	EXPECT_RC(free_flags(c->fd, big, NETBUF_FREE_SITE, SITE_A), -EINVAL);
	w = whatis(c->fd, big, 0);
	EXPECT_EQ(w.kind, NETBUF_WHATIS_FREED);
	EXPECT_EQ(w.start, big);
	EXPECT_EQ(w.free_site, SITE_C);
	/* Freed without a site: not remembered. */
	EXPECT_RC(free_flags(c->fd, plain, 0, 0), 0);
	EXPECT_ABOUT(c->fd, plain, NETBUF_WHATIS_NONE, 0, 0, 0);
	EXPECT_RC(free_flags(c->fd, zero, 0, 0), 0);
	EXPECT_EQ(live_buffers(c->fd), 0);
}

/* NEXT_LIVE visits each live buffer once, by offset, then says NONE. */
static void next_live_walk(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	static const uint64_t sizes[] = { 1, 4096, 0, 100, 3 * 4096 + 5, 48,
					  2048, 16 };
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	uint64_t off[N], pos = 0, last = 0;
	struct netbuf_whatis w;
	unsigned int i, found = 0, hits;

	for (i = 0; i < N; i++)
		REQUIRE(alloc_flags(c->fd, sizes[i] == 4096 ? ps : sizes[i],
				    i == 5 ? NETBUF_ALLOC_GUARD_END :
				    NETBUF_ALLOC_SITE, i == 5 ? 0 : 100 + i,
				    &off[i]) == 0);
	for (;;) {
		w = whatis(c->fd, pos, NETBUF_WHATIS_NEXT_LIVE);
		if (w.kind != NETBUF_WHATIS_LIVE) {
			EXPECT_EQ(w.kind, NETBUF_WHATIS_NONE);
			EXPECT_EQ(w.start, 0);
			break;
		}
		CHECK(w.start >= pos && (!found || w.start > last));
		hits = 0;
		for (i = 0; i < N; i++)
			if (off[i] == w.start &&
			    w.alloc_site == (i == 5 ? 0 : 100 + i))
				hits++;
		if (!CHECK(hits == 1))
			t_info("NEXT_LIVE from %#llx: %#llx",
			       (unsigned long long)pos,
			       (unsigned long long)w.start);
		last = w.start;
		pos = w.start + 1;
		if (++found > N)
			break;
	}
	EXPECT_EQ(found, N);
	for (i = 0; i < N; i++)
		EXPECT_RC(free_flags(c->fd, off[i], 0, 0), 0);
	EXPECT_EQ(whatis(c->fd, 0, NETBUF_WHATIS_NEXT_LIVE).kind,
		  NETBUF_WHATIS_NONE);
}

/* GUARD_END: the end at the page end, 16-aligned; one byte more faults. */
static void guard_end_placement(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	static const uint64_t sizes[] = { 48, 1, 17, 2048, 4095, 4096, 4097,
					  3 * 4096 + 100 };
	uint64_t off, moved, size, end;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size = sizes[i];
		if (!EXPECT_RC(alloc_flags(c->fd, size, NETBUF_ALLOC_GUARD_END,
					   0, &off), 0))
			continue;
		end = off + ((size + 15) & ~15ULL);
		if (!CHECK(off % 16 == 0 && end % ps == 0))
			t_info("GUARD_END %llu bytes at %#llx",
			       (unsigned long long)size,
			       (unsigned long long)off);
		EXPECT_ZERO(c->win + off, size);
		fill_pattern(c->win + off, size, 60);
		/* The slack up to the 16-byte boundary, then the guard. */
		EXPECT_WRITE(c->win + end - 1, 1, 0);
		EXPECT_READ_FAULTS(c->win + end);
		EXPECT_ABOUT(c->fd, end, NETBUF_WHATIS_GUARD, off, size, 0);
		if (off % ps)
			EXPECT_ABOUT(c->fd, off - 1, NETBUF_WHATIS_LIVE, off,
				     size, 0);
		EXPECT_RC(raw_size(c->fd, off, &moved), 0);
		EXPECT_EQ(moved, size);
		if (off % ps)
			EXPECT_RC(raw_free(c->fd, off & ~(ps - 1)), -EINVAL);
		EXPECT_RC(raw_free(c->fd, off), 0);
		EXPECT_READ_FAULTS(c->win + off);
	}
	/* The case: a 48-byte buffer, a one-byte overflow. */
	REQUIRE(alloc_flags(c->fd, 48, NETBUF_ALLOC_GUARD_END, 0, &off) == 0);
	EXPECT_EQ((off + 48) % ps, 0);
	EXPECT_EQ(off % 16, 0);
	fill_pattern(c->win + off, 48, 61);
	EXPECT_WRITE_FAULTS(c->win + off + 48, 1);
	/* Resized within its 16 bytes: in place; else it moves, end kept. */
	EXPECT_RC(realloc_flags(c->fd, off, 40, NETBUF_REALLOC_GUARD_END, 0,
				&moved), 0);
	EXPECT_EQ(moved, off);
	EXPECT_RC(realloc_flags(c->fd, off, 48, NETBUF_REALLOC_GUARD_END, 0,
				&moved), 0);
	EXPECT_EQ(moved, off);
	EXPECT_PATTERN(c->win + off, 40, 61);
	EXPECT_ZERO(c->win + off + 40, 8);
	EXPECT_RC(realloc_flags(c->fd, off, 100, NETBUF_REALLOC_GUARD_END, 0,
				&moved), 0);
	CHECK(moved != off);
	EXPECT_EQ((moved + 112) % ps, 0);
	EXPECT_PATTERN(c->win + moved, 40, 61);
	EXPECT_ZERO(c->win + moved + 40, 60);
	EXPECT_READ_FAULTS(c->win + off);
	/* Without the flag it leaves the placement. */
	off = moved;
	EXPECT_RC(realloc_flags(c->fd, off, 100, 0, 0, &moved), 0);
	CHECK(moved != off);
	EXPECT_PATTERN(c->win + moved, 40, 61);
	EXPECT_RC(raw_free(c->fd, moved), 0);

	/* GUARD_START: a small size gets a page of its own, at its start. */
	REQUIRE(alloc_flags(c->fd, 100, NETBUF_ALLOC_GUARD_START, 0,
			    &off) == 0);
	EXPECT_EQ(off % ps, 0);
	if (off)
		EXPECT_READ_FAULTS(c->win + off - 1);
	EXPECT_ZERO(c->win + off, ps);
	EXPECT_RC(raw_free(c->fd, off), 0);
	EXPECT_EQ(live_buffers(c->fd), 0);
}

/* The structs as ABI 4 knew them (VER0): no site, same answers. */
static void ver0_structs(struct raw_ctx *c)
{
	struct netbuf_realloc r;
	struct netbuf_alloc a;
	struct netbuf_free f;

	memset(&a, 0, sizeof(a));
	a.size = 100;
	a.site = SITE_A;	/* past VER0: the module never sees it */
	EXPECT_RC(raw_ioctl(c->fd, _IOC(_IOC_READ | _IOC_WRITE,
					NETBUF_IOC_MAGIC, 1,
					NETBUF_ALLOC_SIZE_VER0), &a), 0);
	EXPECT_EQ(a.site, SITE_A);
	memset(&r, 0, sizeof(r));
	r.offset = a.offset;
	r.size = 3 * page_size();
	r.site = SITE_B;
	EXPECT_RC(raw_ioctl(c->fd, _IOC(_IOC_READ | _IOC_WRITE,
					NETBUF_IOC_MAGIC, 2,
					NETBUF_REALLOC_SIZE_VER0), &r), 0);
	EXPECT_EQ(r.site, SITE_B);
	EXPECT_ABOUT(c->fd, r.new_offset, NETBUF_WHATIS_LIVE, r.new_offset,
		     3 * page_size(), 0);
	memset(&f, 0, sizeof(f));
	f.offset = r.new_offset;
	f.site = SITE_C;
	EXPECT_RC(raw_ioctl(c->fd, _IOC(_IOC_READ | _IOC_WRITE,
					NETBUF_IOC_MAGIC, 4,
					NETBUF_FREE_SIZE_VER0), &f), 0);
	EXPECT_ABOUT(c->fd, r.new_offset, NETBUF_WHATIS_NONE, 0, 0, 0);
	/* This header's sizes are VER1's. */
	EXPECT_EQ(sizeof(struct netbuf_alloc), NETBUF_ALLOC_SIZE_VER1);
	EXPECT_EQ(sizeof(struct netbuf_realloc), NETBUF_REALLOC_SIZE_VER1);
	EXPECT_EQ(sizeof(struct netbuf_free), NETBUF_FREE_SIZE_VER1);
	EXPECT_EQ(sizeof(struct netbuf_whatis), NETBUF_WHATIS_SIZE_VER0);
	EXPECT_EQ(live_buffers(c->fd), 0);
}

/* Recording off: nothing recorded; on: counted, and given back at close. */
static void counters(void)
{
	uint64_t recorded = counter_read(SYSFS_SITES_RECORDED);
	uint64_t live = counter_read(SYSFS_SITES_LIVE);
	uint64_t history = counter_read(SYSFS_FREED_HISTORY);
	uint64_t off[3];
	struct raw_ctx c;
	int i;

	EXPECT_EQ(param_get(PARAM_HISTORY_LEN), HISTORY_LEN_DEFAULT);
	CHECK(counter_read(SYSFS_CHARGE_SITE) >= 40);
	CHECK(counter_read(SYSFS_CHARGE_HISTORY) >= HISTORY_LEN_DEFAULT * 48);
	raw_open(&c, WIN_SIZE);
	for (i = 0; i < 3; i++)
		REQUIRE(raw_alloc(c.fd, i ? 100 * (uint64_t)i :
				  3 * page_size(), &off[i]) == 0);
	EXPECT_RC(raw_realloc(c.fd, off[0], 5 * page_size(), &off[0]), 0);
	EXPECT_RC(raw_realloc(c.fd, off[1], 20, &off[1]), 0);
	for (i = 0; i < 3; i++)
		EXPECT_RC(raw_free(c.fd, off[i]), 0);
	EXPECT_EQ(fdinfo_value(c.fd, FDINFO_SITES_RECORDED), 0);
	EXPECT_EQ(fdinfo_value(c.fd, FDINFO_SITES_LIVE), 0);
	EXPECT_EQ(fdinfo_value(c.fd, FDINFO_FREED_HISTORY), 0);
	EXPECT_COUNTER(SYSFS_SITES_RECORDED, recorded);
	EXPECT_COUNTER(SYSFS_SITES_LIVE, live);
	EXPECT_COUNTER(SYSFS_FREED_HISTORY, history);

	/* On: two sites and one free recorded, one record left live. */
	REQUIRE(alloc_flags(c.fd, 100, NETBUF_ALLOC_SITE, 1, &off[0]) == 0);
	REQUIRE(alloc_flags(c.fd, page_size(), NETBUF_ALLOC_SITE, 2,
			    &off[1]) == 0);
	EXPECT_RC(free_flags(c.fd, off[0], NETBUF_FREE_SITE, 3), 0);
	EXPECT_EQ(fdinfo_value(c.fd, FDINFO_SITES_RECORDED), 3);
	EXPECT_EQ(fdinfo_value(c.fd, FDINFO_SITES_LIVE), 1);
	EXPECT_EQ(fdinfo_value(c.fd, FDINFO_FREED_HISTORY), 1);
	EXPECT_COUNTER(SYSFS_SITES_RECORDED, recorded + 3);
	EXPECT_COUNTER(SYSFS_SITES_LIVE, live + 1);
	EXPECT_COUNTER(SYSFS_FREED_HISTORY, history + 1);
	raw_close(&c);
	EXPECT_COUNTER_SETTLES(SYSFS_SITES_LIVE, live);
	EXPECT_COUNTER_SETTLES(SYSFS_FREED_HISTORY, history);
}

int main(int argc, char **argv)
{
	struct raw_ctx c;

	(void)argc;
	t_init(argv[0], 120);
	raw_open(&c, WIN_SIZE);
	fields_validated(&c);
	whatis_answers(&c);
	next_live_walk(&c);
	guard_end_placement(&c);
	ver0_structs(&c);
	raw_close(&c);
	counters();
	return t_done();
}
