// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "netbuf": the buffer table of a context without user space
 * (allocate, look up, resize, size, free, limits, overflow, zeroing,
 * allocation failures, teardown), produced buffers (hidden until commit,
 * abort, bounds, a list of records and texts from a producer standing for
 * another module's, and its allocation failures), then the mapping path
 * through a window mapped into a KUnit-owned address space. A module of
 * its own, built only against kernels with KUnit, so netbuf.ko carries no
 * test code; it reaches netbuf's internals through EXPORT_SYMBOL_IF_KUNIT.
 *
 * The allocation-failure cases use fail-nth: they need failslab and
 * fail_page_alloc to fail sleeping order-0 allocations, which the harness
 * sets up in debugfs before loading this module (see the failure message).
 */
#include <kunit/test.h>
#include <linux/anon_inodes.h>
#include <linux/fault-inject.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/netbuf.h>

#include "netbuf_internal.h"

MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");

/* A small limit, so that "limit" and "limit + 1" are cheap to reach. */
#define T_LIMIT_PAGES	32ULL
#define T_LIMIT		(T_LIMIT_PAGES * PAGE_SIZE)
#define T_MAX_BUFFERS	64U
/* Window of the table-only context: room for every limit above. */
#define T_WINDOW_PAGES	4096UL
/* A uid of its own, so that the suite's charges are nobody else's. */
#define T_UID		0x6e627566

/* Per-test state: a context with no address space, and saved limits. */
struct netbuf_test {
	struct netbuf_ctx ctx;
	struct netbuf_user *user;
	unsigned long long max_bytes;
	unsigned long long max_user_bytes;
	unsigned int max_buffers;
	unsigned int small_max;
	bool mapped;
	long nr_buffers;
	long nr_pages;
	long nr_held_pages;
	long nr_descriptors;
	long nr_sites_live;
	long nr_freed_history;
	unsigned int history_len;
	long nr_meta_pages;
	unsigned int size_metadata;
};

static int netbuf_test_init(struct kunit *test)
{
	struct netbuf_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->max_bytes = netbuf_max_bytes;
	t->max_buffers = netbuf_max_buffers;
	t->max_user_bytes = netbuf_max_user_bytes;
	t->small_max = netbuf_small_max;
	t->size_metadata = netbuf_size_metadata;
	/* Page-backed buffers, unless a small-buffer case asks for them. */
	netbuf_small_max = 0;
	/*
	 * No metadata pages, unless a metadata case asks for them: the
	 * exact-budget cases count the charges of buffers and pages alone.
	 */
	netbuf_size_metadata = 0;
	netbuf_max_bytes = T_LIMIT;
	netbuf_max_buffers = T_MAX_BUFFERS;
	netbuf_max_user_bytes = SZ_1G;
	t->nr_buffers = atomic_long_read(&netbuf_nr_buffers);
	t->nr_pages = atomic_long_read(&netbuf_nr_pages);
	t->nr_held_pages = atomic_long_read(&netbuf_nr_held_pages);
	t->nr_descriptors = atomic_long_read(&netbuf_nr_descriptors);
	t->nr_sites_live = atomic_long_read(&netbuf_nr_sites_live);
	t->nr_freed_history = atomic_long_read(&netbuf_nr_freed_history);
	t->history_len = netbuf_history_len;
	t->nr_meta_pages = atomic_long_read(&netbuf_nr_meta_pages);

	t->user = netbuf_user_get(KUIDT_INIT(T_UID));
	KUNIT_ASSERT_NOT_NULL(test, t->user);
	netbuf_ctx_init(&t->ctx, NULL, t->user, NULL);
	t->ctx.window_pages = T_WINDOW_PAGES;
	t->ctx.window_mapped = true;
	test->priv = t;
	return 0;
}

static void netbuf_test_exit(struct kunit *test)
{
	struct netbuf_test *t = test->priv;

	netbuf_ctx_teardown(&t->ctx);
	netbuf_user_put(t->user);
	netbuf_max_bytes = t->max_bytes;
	netbuf_max_buffers = t->max_buffers;
	netbuf_max_user_bytes = t->max_user_bytes;
	netbuf_small_max = t->small_max;
	netbuf_size_metadata = t->size_metadata;
	netbuf_history_len = t->history_len;
	netbuf_pages_fail_orders = 0;
	/*
	 * Teardown gave back every page and buffer the test left live. A
	 * mapped context goes later, with the test's address space and file
	 * (the harness checks the module's counters after the suite).
	 */
	if (t->mapped)
		return;
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_buffers), t->nr_buffers);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_pages), t->nr_pages);
	/* And the pages and descriptors themselves, even those never placed. */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_held_pages),
			t->nr_held_pages);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_descriptors),
			t->nr_descriptors);
	/* Records and history went with the context. */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_sites_live),
			t->nr_sites_live);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_freed_history),
			t->nr_freed_history);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_meta_pages),
			t->nr_meta_pages);
}

static struct netbuf_ctx *t_ctx(struct kunit *test)
{
	return &((struct netbuf_test *)test->priv)->ctx;
}

static u64 t_alloc(struct kunit *test, struct netbuf_ctx *ctx, u64 size)
{
	u64 offset = 0;

	KUNIT_ASSERT_EQ(test, netbuf_ctx_alloc(ctx, size, &offset), 0);
	KUNIT_EXPECT_EQ(test, offset & (PAGE_SIZE - 1), 0);
	return offset;
}

static u64 t_size(struct kunit *test, struct netbuf_ctx *ctx, u64 offset)
{
	u64 size = 0;

	KUNIT_EXPECT_EQ(test, netbuf_ctx_size(ctx, offset, &size), 0);
	return size;
}

static struct page *t_page(struct netbuf_ctx *ctx, u64 byte)
{
	struct page *page;

	mutex_lock(&ctx->lock);
	page = netbuf_ctx_page_at(ctx, byte >> PAGE_SHIFT);
	mutex_unlock(&ctx->lock);
	return page;
}

/* Writes @c to bytes [@from, @to) of the buffer at @offset. */
static void t_fill(struct kunit *test, struct netbuf_ctx *ctx, u64 offset,
		   u64 from, u64 to, u8 c)
{
	for (; from < to; from++) {
		struct page *page = t_page(ctx, offset + from);
		u8 *p;

		KUNIT_ASSERT_NOT_NULL(test, page);
		p = kmap_local_page(page);
		p[(offset + from) & (PAGE_SIZE - 1)] = c;
		kunmap_local(p);
	}
}

/* Whether bytes [@from, @to) of the buffer at @offset all hold @c. */
static bool t_holds(struct netbuf_ctx *ctx, u64 offset, u64 from, u64 to,
		    u8 c)
{
	for (; from < to; from++) {
		struct page *page = t_page(ctx, offset + from);
		bool ok;
		u8 *p;

		if (!page)
			return false;
		p = kmap_local_page(page);
		ok = p[(offset + from) & (PAGE_SIZE - 1)] == c;
		kunmap_local(p);
		if (!ok)
			return false;
	}
	return true;
}

/* ---- boundary sizes ---------------------------------------------------- */

struct netbuf_size_case {
	const char *name;
	u64 size;
	int ret;	/* of an allocation, and of a resize of one byte */
};

static const struct netbuf_size_case netbuf_size_cases[] = {
	{ "0", 0, 0 },
	{ "1", 1, 0 },
	{ "PAGE_SIZE-1", PAGE_SIZE - 1, 0 },
	{ "PAGE_SIZE", PAGE_SIZE, 0 },
	{ "PAGE_SIZE+1", PAGE_SIZE + 1, 0 },
	{ "limit", T_LIMIT, 0 },
	{ "limit+1", T_LIMIT + 1, -ENOMEM },
	{ "U32_MAX", U32_MAX, -ENOMEM },
	{ "U64_MAX", U64_MAX, -ENOMEM },
};

static void netbuf_size_case_desc(const struct netbuf_size_case *c,
				  char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(netbuf_size, netbuf_size_cases, netbuf_size_case_desc);

static void netbuf_test_alloc_boundary_sizes(struct kunit *test)
{
	const struct netbuf_size_case *c = test->param_value;
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 offset = 0, pages = DIV_ROUND_UP_ULL(c->size, PAGE_SIZE);

	KUNIT_ASSERT_EQ(test, netbuf_ctx_alloc(ctx, c->size, &offset), c->ret);
	if (c->ret) {
		KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
		KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, offset), c->size);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 1);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, pages);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, offset, 0, pages * PAGE_SIZE, 0));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, offset), 0);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
}

static void netbuf_test_realloc_boundary_sizes(struct kunit *test)
{
	const struct netbuf_size_case *c = test->param_value;
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 offset = t_alloc(test, ctx, 1), moved = 0;

	t_fill(test, ctx, offset, 0, 1, 0xa5);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, offset, c->size, &moved),
			c->ret);
	if (c->ret) {
		/* A failed resize leaves the buffer as it was. */
		KUNIT_EXPECT_EQ(test, t_size(test, ctx, offset), 1);
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, offset, 0, 1, 0xa5));
		KUNIT_EXPECT_EQ(test, ctx->live_pages, 1);
		return;
	}
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, moved), c->size);
	KUNIT_EXPECT_EQ(test, ctx->live_pages,
			DIV_ROUND_UP_ULL(c->size, PAGE_SIZE));
	if (c->size) {
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, moved, 0, 1, 0xa5));
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, moved, 1, c->size, 0));
	}
}

/* ---- allocation and lookup -------------------------------------------- */

static void netbuf_test_alloc_distinct_offsets_with_guard(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, 2 * PAGE_SIZE);
	u64 b = t_alloc(test, ctx, 1);
	u64 c = t_alloc(test, ctx, 0);

	/* Each buffer is followed by a guard page no other buffer uses. */
	KUNIT_EXPECT_GE(test, b, a + 3 * PAGE_SIZE);
	KUNIT_EXPECT_GE(test, c, b + 2 * PAGE_SIZE);
	KUNIT_EXPECT_NULL(test, t_page(ctx, a + 2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 3);
}

static void netbuf_test_alloc_zero_filled(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, 3 * PAGE_SIZE), b;
	int i;

	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 0, 3 * PAGE_SIZE, 0));
	t_fill(test, ctx, a, 0, 3 * PAGE_SIZE, 0xff);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), 0);
	/* Pages given back and taken again come back zeroed. */
	for (i = 0; i < 4; i++) {
		b = t_alloc(test, ctx, 3 * PAGE_SIZE);
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, b, 0, 3 * PAGE_SIZE, 0));
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, b), 0);
	}
}

static void netbuf_test_alloc_needs_window(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 offset = 0;

	ctx->window_mapped = false;
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 1, &offset), -ENXIO);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
}

static void netbuf_test_alloc_larger_than_window(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 offset = 0;

	netbuf_max_bytes = U64_MAX;
	ctx->window_pages = 8;
	/* A buffer and its guard page must fit: 7 pages do, 8 do not. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 8 * PAGE_SIZE, &offset),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 7 * PAGE_SIZE, &offset), 0);
	KUNIT_EXPECT_EQ(test, offset, 0);
}

static void netbuf_test_alloc_full_window_then_reuse(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 offs[4], offset = 0;
	int i;

	ctx->window_pages = 8;	/* four one-page buffers with their guards */
	for (i = 0; i < 4; i++)
		offs[i] = t_alloc(test, ctx, 1);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 1, &offset), -ENOMEM);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, offs[2]), 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 1, &offset), 0);
	KUNIT_EXPECT_EQ(test, offset, offs[2]);
}

static void netbuf_test_freed_range_not_reused_at_once(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, 1), b;

	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), 0);
	b = t_alloc(test, ctx, 1);
	/* Next fit: a stale pointer to a keeps failing for a while. */
	KUNIT_EXPECT_NE(test, a, b);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), -EINVAL);
}

static void netbuf_test_size_reports_requested_bytes(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);

	KUNIT_EXPECT_EQ(test, t_size(test, ctx, t_alloc(test, ctx, 12345)),
			12345);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, t_alloc(test, ctx, 0)), 0);
}

/* Offsets that name no live buffer, relative to one at @a of 2 pages. */
static void t_expect_unknown(struct kunit *test, struct netbuf_ctx *ctx, u64 a)
{
	const u64 bad[] = {
		a + 1,				/* unaligned */
		a + PAGE_SIZE,			/* second page: interior */
		a + 2 * PAGE_SIZE,		/* the guard page */
		(u64)T_WINDOW_PAGES << PAGE_SHIFT,	/* past the window */
		U64_MAX & PAGE_MASK,
	};
	u64 size, moved;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, netbuf_ctx_size(ctx, bad[i], &size),
				    -EINVAL, "offset %llx", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, netbuf_ctx_realloc(ctx, bad[i], 1,
							     &moved),
				    -EINVAL, "offset %llx", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, netbuf_ctx_free(ctx, bad[i]),
				    -EINVAL, "offset %llx", bad[i]);
	}
}

static void netbuf_test_unknown_offsets_rejected(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, 2 * PAGE_SIZE);

	t_expect_unknown(test, ctx, a);
	/* Nothing changed: the buffer is still there, whole. */
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, a), 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 2);
}

static void netbuf_test_unknown_offsets_empty_table(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 size, moved;

	KUNIT_EXPECT_EQ(test, netbuf_ctx_size(ctx, 0, &size), -EINVAL);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_realloc(ctx, 0, 1, &moved), -EINVAL);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, 0), -EINVAL);
}

static void netbuf_test_double_free(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, 1), size, moved;

	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), -EINVAL);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_size(ctx, a, &size), -EINVAL);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_realloc(ctx, a, 1, &moved), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
}

static void netbuf_test_free_leaves_neighbours(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, 1), b = t_alloc(test, ctx, 1);
	u64 c = t_alloc(test, ctx, 1);

	t_fill(test, ctx, a, 0, 1, 1);
	t_fill(test, ctx, c, 0, 1, 3);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, b), 0);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 0, 1, 1));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, c, 0, 1, 3));
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 2);
}

/* ---- resize ------------------------------------------------------------ */

static void netbuf_test_realloc_grow_within_page_zeroes(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, 100), moved = 0;

	/* The process may write past its size; growth must not show it. */
	t_fill(test, ctx, a, 0, PAGE_SIZE, 0x5a);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 3000, &moved), 0);
	KUNIT_EXPECT_EQ(test, moved, a);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 0, 100, 0x5a));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 100, 3000, 0));
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, a), 3000);
}

static void netbuf_test_realloc_same_pages_in_place(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, 2 * PAGE_SIZE), moved = 0;
	struct page *first = t_page(ctx, a);

	t_fill(test, ctx, a, 0, 10, 7);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, PAGE_SIZE + 1, &moved),
			0);
	KUNIT_EXPECT_EQ(test, moved, a);
	KUNIT_EXPECT_PTR_EQ(test, t_page(ctx, a), first);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 0, 10, 7));
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 2);
}

static void netbuf_test_realloc_shrink_drops_tail(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, 4 * PAGE_SIZE), moved = 0;

	t_fill(test, ctx, a, 0, PAGE_SIZE, 9);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 10, &moved), 0);
	KUNIT_EXPECT_EQ(test, moved, a);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 1);
	KUNIT_EXPECT_NULL(test, t_page(ctx, a + PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 0, 10, 9));
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, a), 10);
}

static void netbuf_test_realloc_grow_moves_pages(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, PAGE_SIZE + 10), moved = 0;
	struct page *p0 = t_page(ctx, a), *p1 = t_page(ctx, a + PAGE_SIZE);

	/* Data, then stale bytes past the size in the last page. */
	t_fill(test, ctx, a, 0, PAGE_SIZE + 10, 0x11);
	t_fill(test, ctx, a, PAGE_SIZE + 10, 2 * PAGE_SIZE, 0x22);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 5 * PAGE_SIZE, &moved),
			0);
	KUNIT_EXPECT_NE(test, moved, a);
	/* The pages moved with the buffer: no copy. */
	KUNIT_EXPECT_PTR_EQ(test, t_page(ctx, moved), p0);
	KUNIT_EXPECT_PTR_EQ(test, t_page(ctx, moved + PAGE_SIZE), p1);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, moved, 0, PAGE_SIZE + 10, 0x11));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, moved, PAGE_SIZE + 10,
					5 * PAGE_SIZE, 0));
	/* The old offset is gone. */
	KUNIT_EXPECT_NULL(test, t_page(ctx, a));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 5);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 1);
}

static void netbuf_test_realloc_to_zero_and_back(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, 3 * PAGE_SIZE), moved = 0;

	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 0, &moved), 0);
	KUNIT_EXPECT_EQ(test, moved, a);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, a), 0);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 1);
	/* A zero-byte buffer is still live and can grow again. */
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 2 * PAGE_SIZE, &moved),
			0);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, moved), 2 * PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, moved, 0, 2 * PAGE_SIZE, 0));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, moved), 0);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
}

static void netbuf_test_realloc_grow_without_room(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a, moved = 0;

	ctx->window_pages = 6;
	a = t_alloc(test, ctx, PAGE_SIZE);
	t_fill(test, ctx, a, 0, PAGE_SIZE, 0x33);
	/* 5 pages + guard cannot fit beside the 2 the buffer holds now. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_realloc(ctx, a, 5 * PAGE_SIZE, &moved),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, a), PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 0, PAGE_SIZE, 0x33));
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 1);
}

/* ---- limits and overflow ----------------------------------------------- */

static void netbuf_test_limit_bytes_exact(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 offset;
	int i;

	for (i = 0; i < T_LIMIT_PAGES; i++)
		t_alloc(test, ctx, PAGE_SIZE - (i & 1));
	KUNIT_EXPECT_EQ(test, ctx->live_pages, T_LIMIT_PAGES);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 1, &offset), -ENOMEM);
	/* Zero bytes take no page: still allowed at the byte limit. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 0, &offset), 0);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, T_LIMIT_PAGES);
}

static void netbuf_test_limit_buffers_exact(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 offset, first = t_alloc(test, ctx, 0);
	int i;

	for (i = 1; i < T_MAX_BUFFERS; i++)
		t_alloc(test, ctx, 0);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, T_MAX_BUFFERS);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 0, &offset), -ENOMEM);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, first), 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 0, &offset), 0);
}

static void netbuf_test_limit_growth_exact(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, PAGE_SIZE), moved = 0;

	t_alloc(test, ctx, (T_LIMIT_PAGES - 4) * PAGE_SIZE);
	/* 1 + 3 more pages fill the limit exactly; one more does not fit. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_realloc(ctx, a, 5 * PAGE_SIZE, &moved),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, a), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, T_LIMIT_PAGES - 3);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_realloc(ctx, a, 4 * PAGE_SIZE, &moved),
			0);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, T_LIMIT_PAGES);
}

static void netbuf_test_limit_user_budget_exact(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 offset;

	/* Pages and metadata: exactly a 3-page and a 2-page buffer. */
	netbuf_max_user_bytes = netbuf_user_buffer_bytes(3) +
				netbuf_user_buffer_bytes(2);
	t_alloc(test, ctx, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 3 * PAGE_SIZE, &offset),
			-ENOMEM);
	t_alloc(test, ctx, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 1, &offset), -ENOMEM);
	/* A zero-size buffer has a descriptor: it is charged too. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 0, &offset), -ENOMEM);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 5);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 2);
}

static void netbuf_test_user_budget_zero_size_bounded(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	long hits = atomic_long_read(&netbuf_nr_limit_hits[NETBUF_LIMIT_MAX_USER_BYTES]);
	u64 first, offset;
	int i;

	/* Room for 10 and most of an eleventh. */
	netbuf_max_user_bytes = 11 * netbuf_user_buffer_bytes(0) - 1;
	first = t_alloc(test, ctx, 0);
	for (i = 1; i < 10; i++)
		t_alloc(test, ctx, 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 0, &offset), -ENOMEM);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_limit_hits[NETBUF_LIMIT_MAX_USER_BYTES]),
			hits + 1);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 10);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
	/* One freed, one more fits, and no more. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, first), 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 0, &offset), 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 0, &offset), -ENOMEM);
}

/* Resizes give back, or take, exactly the difference of the charges. */
static void netbuf_test_user_budget_follows_resize(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a, moved = 0, offset;

	netbuf_max_user_bytes = netbuf_user_buffer_bytes(4) +
				netbuf_user_buffer_bytes(0);
	a = t_alloc(test, ctx, 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 1, &offset), -ENOMEM);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_realloc(ctx, a, 1, &moved), 0);
	/* 4 pages to 1: the 3 pages and the page array came back. */
	t_alloc(test, ctx, 2 * PAGE_SIZE);
	/* What is left is exactly the growth of a from 1 to 2 pages. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_realloc(ctx, a, 3 * PAGE_SIZE, &moved),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, a), 1);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_realloc(ctx, a, 2 * PAGE_SIZE, &moved),
			0);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, moved), 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 0, &offset), -ENOMEM);
}

/* The charges cover what the kernel really allocates; the figures logged. */
static void netbuf_test_user_charges_cover_metadata(struct kunit *test)
{
	struct netbuf_ctx *ctx;
	size_t ctx_size;

	KUNIT_ASSERT_EQ(test, kunit_attach_mm(), 0);
	ctx = netbuf_ctx_create(current->mm, current_uid());
	KUNIT_ASSERT_FALSE(test, IS_ERR(ctx));
	ctx_size = ksize(ctx);
	kunit_info(test,
		   "buffer: descriptor %zu, xa_node %zu, charged %llu; context: ctx %zu (slab %zu), inode %zu, file %zu, mm_struct %zu, charged %llu\n",
		   sizeof(struct netbuf_buffer), sizeof(struct xa_node),
		   netbuf_user_buffer_bytes(0), sizeof(*ctx), ctx_size,
		   sizeof(struct inode), sizeof(struct file),
		   sizeof(struct mm_struct), netbuf_user_context_bytes());
	netbuf_ctx_destroy(ctx);
	KUNIT_EXPECT_GE(test, netbuf_user_buffer_bytes(0),
			sizeof(struct netbuf_buffer) + sizeof(struct xa_node));
	KUNIT_EXPECT_GE(test, netbuf_user_context_bytes(),
			ctx_size + sizeof(struct inode) + sizeof(struct file) +
			sizeof(struct xa_node) + sizeof(struct mm_struct));
	/* Whole pages, plus the page array from two pages on. */
	KUNIT_EXPECT_EQ(test, netbuf_user_buffer_bytes(1),
			netbuf_user_buffer_bytes(0) + PAGE_SIZE);
	KUNIT_EXPECT_GE(test, netbuf_user_buffer_bytes(3),
			netbuf_user_buffer_bytes(0) + 3 * PAGE_SIZE +
			3 * sizeof(struct page *));
}

static void netbuf_test_user_budget_shared(struct kunit *test)
{
	struct netbuf_test *t = test->priv;
	struct netbuf_ctx *other = kunit_kzalloc(test, sizeof(*other),
						 GFP_KERNEL);
	struct netbuf_user *user = netbuf_user_get(KUIDT_INIT(T_UID));
	u64 offset, mine;

	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_ASSERT_NOT_NULL(test, user);
	/* A second open by the same user gets the same budget. */
	KUNIT_EXPECT_PTR_EQ(test, user, t->user);
	netbuf_ctx_init(other, NULL, user, NULL);
	other->window_pages = T_WINDOW_PAGES;
	other->window_mapped = true;
	netbuf_max_user_bytes = netbuf_user_buffer_bytes(3) +
				netbuf_user_buffer_bytes(1);

	mine = t_alloc(test, &t->ctx, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(other, 2 * PAGE_SIZE, &offset),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(other, PAGE_SIZE, &offset), 0);
	/* Pages freed in one context are there for the other. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(&t->ctx, mine), 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(other, 3 * PAGE_SIZE, &offset),
			0);
	netbuf_ctx_teardown(other);
	netbuf_user_put(user);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(&t->ctx, 4 * PAGE_SIZE, &offset),
			0);
}

static void netbuf_test_overflowing_sizes(struct kunit *test)
{
	const u64 sizes[] = {
		U64_MAX, U64_MAX - PAGE_SIZE + 2, U64_MAX & PAGE_MASK,
		1ULL << 63, (u64)ULONG_MAX << PAGE_SHIFT,
	};
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a = t_alloc(test, ctx, 1), offset, moved;
	int i;

	/* No limit at all: only the window and the arithmetic stop them. */
	netbuf_max_bytes = U64_MAX;
	netbuf_max_user_bytes = U64_MAX;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		KUNIT_EXPECT_EQ_MSG(test, netbuf_ctx_alloc(ctx, sizes[i], &offset),
				    -ENOMEM, "size %llx", sizes[i]);
		KUNIT_EXPECT_EQ_MSG(test, netbuf_ctx_realloc(ctx, a, sizes[i],
							     &moved),
				    -ENOMEM, "size %llx", sizes[i]);
	}
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, a), 1);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 1);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 1);
}

/* ---- counters and teardown --------------------------------------------- */

static void netbuf_test_info_and_peak(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	struct netbuf_info info = {};
	u64 a = t_alloc(test, ctx, 3 * PAGE_SIZE);

	t_alloc(test, ctx, 1);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), 0);
	netbuf_ctx_info(ctx, &info);
	KUNIT_EXPECT_EQ(test, info.abi_version, NETBUF_ABI_VERSION);
	KUNIT_EXPECT_EQ(test, info.page_size, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, info.window_size, T_WINDOW_PAGES * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, info.live_bytes, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, info.live_buffers, 1);
	KUNIT_EXPECT_EQ(test, info.max_bytes, T_LIMIT);
	KUNIT_EXPECT_EQ(test, info.max_buffers, T_MAX_BUFFERS);
	KUNIT_EXPECT_EQ(test, ctx->peak_pages, 4);
}

static void netbuf_test_module_counters_follow(struct kunit *test)
{
	struct netbuf_test *t = test->priv;
	struct netbuf_ctx *ctx = &t->ctx;
	u64 a = t_alloc(test, ctx, 2 * PAGE_SIZE), moved;

	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_pages),
			t->nr_pages + 2);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_buffers),
			t->nr_buffers + 1);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 4 * PAGE_SIZE, &moved),
			0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_pages),
			t->nr_pages + 4);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, moved), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_pages), t->nr_pages);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_buffers),
			t->nr_buffers);
}

static void netbuf_test_teardown_with_live_buffers(struct kunit *test)
{
	struct netbuf_test *t = test->priv;
	struct netbuf_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct netbuf_user *user = netbuf_user_get(KUIDT_INIT(T_UID));
	u64 offset;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_ASSERT_NOT_NULL(test, user);
	netbuf_ctx_init(ctx, NULL, user, NULL);
	ctx->window_pages = T_WINDOW_PAGES;
	ctx->window_mapped = true;
	netbuf_max_user_bytes = netbuf_user_buffer_bytes(16);
	for (i = 0; i < 5; i++)
		t_alloc(test, ctx, i * PAGE_SIZE + 1);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 15);
	netbuf_ctx_teardown(ctx);
	netbuf_user_put(user);
	/* Everything came back: module counters and the user's budget. */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_pages), t->nr_pages);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_buffers),
			t->nr_buffers);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(&t->ctx, 16 * PAGE_SIZE, &offset),
			0);
}

static void netbuf_test_many_buffers_lookup(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 *offs = kunit_kcalloc(test, T_MAX_BUFFERS, sizeof(*offs),
				  GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, offs);
	netbuf_max_bytes = U64_MAX;
	for (i = 0; i < T_MAX_BUFFERS; i++)
		offs[i] = t_alloc(test, ctx, i);
	/* Every buffer is found by its own offset, and only by it. */
	for (i = 0; i < T_MAX_BUFFERS; i++)
		KUNIT_EXPECT_EQ(test, t_size(test, ctx, offs[i]), i);
	for (i = 0; i < T_MAX_BUFFERS; i += 2)
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, offs[i]), 0);
	for (i = 1; i < T_MAX_BUFFERS; i += 2)
		KUNIT_EXPECT_EQ(test, t_size(test, ctx, offs[i]), i);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, T_MAX_BUFFERS / 2);
}

/* ---- produced buffers --------------------------------------------------- */

/* Copies @len bytes at byte @pos of the live buffer at @offset. */
static void t_read(struct kunit *test, struct netbuf_ctx *ctx, u64 offset,
		   u64 pos, void *dst, size_t len)
{
	u8 *d = dst;

	for (; len; len--, pos++, d++) {
		struct page *page = t_page(ctx, offset + pos);
		u8 *p;

		KUNIT_ASSERT_NOT_NULL(test, page);
		p = kmap_local_page(page);
		*d = p[(offset + pos) & (PAGE_SIZE - 1)];
		kunmap_local(p);
	}
}

static void netbuf_test_produce_hidden_until_commit(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	struct netbuf_produce p;
	u64 size = 0, pos, off, moved;
	static const char msg[] = "produced";
	char back[sizeof(msg)];

	KUNIT_ASSERT_EQ(test, netbuf_ctx_produce_begin(ctx, 100, &p), 0);
	/* Counted and charged at once, but not the process's yet. */
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 1);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 1);
	KUNIT_EXPECT_EQ(test, p.uaddr, ctx->window_start + p.offset);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_size(ctx, p.offset, &size), -EINVAL);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_realloc(ctx, p.offset, 1, &moved),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, p.offset), -EINVAL);
	KUNIT_EXPECT_NULL(test, t_page(ctx, p.offset));
	/* Nothing else is placed over it meanwhile. */
	off = t_alloc(test, ctx, 1);
	KUNIT_EXPECT_NE(test, off, p.offset);

	KUNIT_ASSERT_EQ(test, netbuf_produce_reserve(&p, 10, 8, &pos), 0);
	KUNIT_EXPECT_EQ(test, pos, 0);
	KUNIT_ASSERT_EQ(test, netbuf_produce_reserve(&p, sizeof(msg), 8, &pos),
			0);
	KUNIT_EXPECT_EQ(test, pos, 16);
	KUNIT_EXPECT_EQ(test, netbuf_produce_write(&p, pos, msg, sizeof(msg)),
			0);
	off = p.offset;
	KUNIT_EXPECT_EQ(test, netbuf_produce_commit(&p), off);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, off), 100);
	t_read(test, ctx, off, 16, back, sizeof(back));
	KUNIT_EXPECT_MEMEQ(test, back, msg, sizeof(msg));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, off, 0, 16, 0));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, off, 16 + sizeof(msg), PAGE_SIZE,
					0));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off), 0);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 1);
}

static void netbuf_test_produce_abort_leaves_nothing(struct kunit *test)
{
	struct netbuf_test *t = test->priv;
	struct netbuf_ctx *ctx = t_ctx(test);
	struct netbuf_produce p;
	u64 offset;

	KUNIT_ASSERT_EQ(test, netbuf_ctx_produce_begin(ctx, 3 * PAGE_SIZE, &p),
			0);
	KUNIT_EXPECT_EQ(test, netbuf_produce_write(&p, PAGE_SIZE - 2, "abcd",
						   4), 0);
	offset = p.offset;
	netbuf_produce_abort(&p);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_held_pages),
			t->nr_held_pages);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_descriptors),
			t->nr_descriptors);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, offset), -EINVAL);
	/* The whole budget is there again. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, T_LIMIT, &offset), 0);
}

static void netbuf_test_produce_bounds(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	struct netbuf_produce p;
	u64 pos;

	KUNIT_EXPECT_EQ(test, netbuf_ctx_produce_begin(ctx, 0, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_produce_begin(ctx, T_LIMIT + 1, &p),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_produce_begin(ctx, 20, &p), 0);
	KUNIT_EXPECT_EQ(test, netbuf_produce_reserve(&p, 21, 1, &pos), -ENOSPC);
	KUNIT_EXPECT_EQ(test, netbuf_produce_reserve(&p, U64_MAX, 1, &pos),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, netbuf_produce_write(&p, 18, "abc", 3), -ENOSPC);
	KUNIT_EXPECT_EQ(test, netbuf_produce_write(&p, U64_MAX, "a", 1),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, netbuf_produce_reserve(&p, 13, 1, &pos), 0);
	/* Aligned, the next 8 start at 16: past the 20; nothing is taken. */
	KUNIT_EXPECT_EQ(test, netbuf_produce_reserve(&p, 8, 8, &pos), -ENOSPC);
	KUNIT_EXPECT_EQ(test, netbuf_produce_reserve(&p, 4, 4, &pos), 0);
	KUNIT_EXPECT_EQ(test, pos, 16);
	KUNIT_EXPECT_EQ(test, netbuf_produce_reserve(&p, 1, 1, &pos), -ENOSPC);
	KUNIT_EXPECT_EQ(test, netbuf_produce_reserve(&p, 0, 1, &pos), 0);
	KUNIT_EXPECT_EQ(test, pos, 20);
	netbuf_produce_abort(&p);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
}

/*
 * A producer standing for another module's: a list laid out the way
 * producers lay lists out, a count, then @n records, then the text each
 * record points to (by its position in the buffer), measured exactly
 * first. With @n large enough it spans pages, and a record or a text may
 * straddle a page boundary.
 */
struct t_record {
	u64 pos;
	u32 len;
	u32 index;
};

#define T_TEXT_MAX	16

static u32 t_record_text(u32 i, char *text)
{
	return scnprintf(text, T_TEXT_MAX, "item-%u", i) + 1;
}

static int t_produce_records(struct netbuf_ctx *ctx, u32 n, u64 *offset,
			     u64 *size)
{
	char text[T_TEXT_MAX];
	struct netbuf_produce p;
	struct t_record rec;
	u64 total, count = n, pos, first;
	u32 i;
	int ret;

	total = sizeof(count) + (u64)n * sizeof(rec);
	for (i = 0; i < n; i++)
		total += t_record_text(i, text);
	ret = netbuf_ctx_produce_begin(ctx, total, &p);
	if (ret)
		return ret;
	ret = netbuf_produce_reserve(&p, sizeof(count), 8, &pos);
	if (!ret)
		ret = netbuf_produce_write(&p, pos, &count, sizeof(count));
	if (!ret)
		ret = netbuf_produce_reserve(&p, (u64)n * sizeof(rec), 8,
					     &first);
	for (i = 0; !ret && i < n; i++) {
		rec.index = i;
		rec.len = t_record_text(i, text);
		ret = netbuf_produce_reserve(&p, rec.len, 1, &rec.pos);
		if (!ret)
			ret = netbuf_produce_write(&p, rec.pos, text, rec.len);
		if (!ret)
			ret = netbuf_produce_write(&p, first + i * sizeof(rec),
						   &rec, sizeof(rec));
	}
	/* Measured exactly: nothing may be left over. */
	if (!ret && p.used != p.size)
		ret = -EIO;
	if (ret) {
		netbuf_produce_abort(&p);
		return ret;
	}
	*size = p.size;
	*offset = netbuf_produce_commit(&p);
	return 0;
}

#define T_RECORDS	300	/* about 7.5 KiB: two pages */

static void netbuf_test_produce_records(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	char want[T_TEXT_MAX], got[T_TEXT_MAX];
	struct t_record rec;
	u64 offset, size, count;
	u32 i, len;

	KUNIT_ASSERT_EQ(test, t_produce_records(ctx, T_RECORDS, &offset, &size),
			0);
	KUNIT_EXPECT_GT(test, size, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, offset), size);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, DIV_ROUND_UP(size, PAGE_SIZE));
	t_read(test, ctx, offset, 0, &count, sizeof(count));
	KUNIT_EXPECT_EQ(test, count, T_RECORDS);
	for (i = 0; i < T_RECORDS; i++) {
		t_read(test, ctx, offset, sizeof(count) + i * sizeof(rec), &rec,
		       sizeof(rec));
		len = t_record_text(i, want);
		KUNIT_EXPECT_EQ(test, rec.index, i);
		KUNIT_EXPECT_EQ(test, rec.len, len);
		/* Texts follow all the records, inside the buffer. */
		KUNIT_EXPECT_GE(test, rec.pos,
				sizeof(count) + T_RECORDS * sizeof(rec));
		KUNIT_ASSERT_LE(test, rec.pos + len, size);
		t_read(test, ctx, offset, rec.pos, got, len);
		KUNIT_EXPECT_MEMEQ(test, got, want, len);
	}
	/* The slack after the size reads as zero. */
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, offset, size,
					round_up(size, PAGE_SIZE), 0));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, offset), 0);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
	KUNIT_EXPECT_EQ(test, t_produce_records(ctx, 0, &offset, &size), 0);
	KUNIT_EXPECT_EQ(test, size, sizeof(count));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, offset), 0);
}

/* ---- small buffers ----------------------------------------------------- */

/*
 * The table-only context gets a window of T_SMALL_WINDOW_PAGES with its
 * small region (T_SMALL_WINDOW_PAGES / 8 pairs), small_max its default,
 * and limits that small buffers reach only where a case lowers them.
 */
#define T_SMALL_WINDOW_PAGES	65536UL

static struct netbuf_ctx *t_small_ctx(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);

	netbuf_small_max = NETBUF_SMALL_MAX;
	netbuf_max_buffers = 1U << 16;
	netbuf_max_bytes = SZ_64M;
	mutex_lock(&ctx->lock);
	ctx->window_pages = T_SMALL_WINDOW_PAGES;
	netbuf_small_setup(ctx);
	mutex_unlock(&ctx->lock);
	KUNIT_ASSERT_GT(test, ctx->small.pairs, 0);
	return ctx;
}

static u64 t_small_alloc(struct kunit *test, struct netbuf_ctx *ctx, u64 size)
{
	u64 offset = 0;

	KUNIT_ASSERT_EQ(test, netbuf_ctx_alloc(ctx, size, &offset), 0);
	KUNIT_EXPECT_EQ(test, offset % NETBUF_BUFFER_ALIGN, 0);
	mutex_lock(&ctx->lock);
	KUNIT_EXPECT_TRUE(test, netbuf_small_owns(ctx, offset));
	mutex_unlock(&ctx->lock);
	return offset;
}

static bool t_same_slot(struct netbuf_ctx *ctx, u64 a, struct page *page,
			u64 b)
{
	return t_page(ctx, a) == page &&
	       (a & (PAGE_SIZE - 1)) == (b & (PAGE_SIZE - 1));
}

static void netbuf_test_small_classes_bound_waste(struct kunit *test)
{
	int class, prev = -1;
	u64 size;
	u32 cs;

	t_small_ctx(test);
	KUNIT_EXPECT_EQ(test, netbuf_small_class(0), -1);
	KUNIT_EXPECT_EQ(test, netbuf_small_class(NETBUF_SMALL_MAX + 1), -1);
	for (size = 1; size <= NETBUF_SMALL_MAX; size++) {
		class = netbuf_small_class(size);
		KUNIT_ASSERT_GE(test, class, 0);
		cs = netbuf_small_class_size(class);
		KUNIT_EXPECT_GE(test, cs, size);
		KUNIT_EXPECT_EQ(test, cs % NETBUF_BUFFER_ALIGN, 0);
		/* The smallest class that fits. */
		if (class)
			KUNIT_EXPECT_LT(test,
					netbuf_small_class_size(class - 1), size);
		/* Under 64 bytes the 16-byte alignment bounds the waste. */
		if (size > 64)
			KUNIT_EXPECT_LT_MSG(test, (cs - size) * 5, cs,
					    "size %llu in class %u", size, cs);
		else
			KUNIT_EXPECT_LT(test, cs - size, 16);
		KUNIT_EXPECT_GE(test, class, prev);
		prev = class;
	}
	KUNIT_EXPECT_EQ(test, prev, NETBUF_SMALL_NR_CLASSES - 1);
	netbuf_small_max = 100;
	KUNIT_EXPECT_GE(test, netbuf_small_class(100), 0);
	KUNIT_EXPECT_EQ(test, netbuf_small_class(101), -1);
	netbuf_small_max = 0;
	KUNIT_EXPECT_EQ(test, netbuf_small_class(1), -1);
}

static const u64 t_small_sizes[] = {
	1, 15, 16, 17, 33, 48, 64, 65, 100, 128, 129, 255, 256, 300, 512,
	513, 700, 1000, 1024, 1025, 1500, 2000, 2047, 2048, 1, 16, 64, 2048,
};

static void netbuf_test_small_pack_patterns(struct kunit *test)
{
	u64 off[ARRAY_SIZE(t_small_sizes)];
	struct netbuf_ctx *ctx = t_small_ctx(test);
	size_t i, j;
	unsigned long pages;

	for (i = 0; i < ARRAY_SIZE(off); i++) {
		off[i] = t_small_alloc(test, ctx, t_small_sizes[i]);
		KUNIT_EXPECT_EQ(test, t_size(test, ctx, off[i]),
				t_small_sizes[i]);
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, off[i], 0,
						t_small_sizes[i], 0));
		t_fill(test, ctx, off[i], 0, t_small_sizes[i], 0x10 + i);
		/* A window page of its own: never another buffer's. */
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, off[i] >> PAGE_SHIFT,
					off[j] >> PAGE_SHIFT);
	}
	KUNIT_EXPECT_EQ(test, ctx->small.live, ARRAY_SIZE(off));
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, ARRAY_SIZE(off));
	/* A page per class used, and two for the four of 2048 bytes. */
	pages = ctx->small.nr_pages;
	KUNIT_EXPECT_EQ(test, pages, 18);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, pages);
	/* Every other one freed: the rest keep their bytes. */
	for (i = 0; i < ARRAY_SIZE(off); i += 2)
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off[i]), 0);
	for (i = 1; i < ARRAY_SIZE(off); i += 2)
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, off[i], 0,
						t_small_sizes[i], 0x10 + i));
	for (i = 1; i < ARRAY_SIZE(off); i += 2)
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off[i]), 0);
	KUNIT_EXPECT_EQ(test, ctx->small.live, 0);
	/* No live slot left: every shared page went back at once. */
	KUNIT_EXPECT_EQ(test, ctx->small.nr_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->small.q_count, 0);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->peak_pages, pages);
}

/* Every offset that is no small buffer's start is refused, changing nothing. */
static void netbuf_test_small_bad_frees_refused(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	u64 a = t_small_alloc(test, ctx, 40);
	u64 b = t_small_alloc(test, ctx, 40);
	u64 wp = a & PAGE_MASK, size, moved;
	unsigned long live_pages;
	const u64 bad[] = {
		a + 1, a + 16, a + 48, wp + PAGE_SIZE, wp + PAGE_SIZE + 16,
		wp + (b & (PAGE_SIZE - 1)), wp + PAGE_SIZE - 16,
	};
	size_t i;

	/* b shares a's page, at another slot, on its own window page. */
	KUNIT_EXPECT_PTR_EQ(test, t_page(ctx, a), t_page(ctx, b));
	KUNIT_EXPECT_NE(test, a & (PAGE_SIZE - 1), b & (PAGE_SIZE - 1));
	t_fill(test, ctx, a, 0, 40, 0xa1);
	live_pages = ctx->live_pages;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (bad[i] == a)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, netbuf_ctx_free(ctx, bad[i]), -EINVAL,
				    "offset %llx, buffer at %llx", bad[i], a);
		KUNIT_EXPECT_EQ(test, netbuf_ctx_size(ctx, bad[i], &size),
				-EINVAL);
		KUNIT_EXPECT_EQ(test, netbuf_ctx_realloc(ctx, bad[i], 8,
							 &moved), -EINVAL);
	}
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 2);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, live_pages);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 0, 40, 0xa1));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), 0);
	/* Double free, and its window page no longer reaches the page. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), -EINVAL);
	KUNIT_EXPECT_NULL(test, t_page(ctx, a));
	KUNIT_EXPECT_EQ(test, ctx->small.q_count, 1);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, b), 40);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, b), 0);
}

/*
 * A freed slot waits until NETBUF_SMALL_QUARANTINE_SLOTS others were freed
 * (16-byte slots: the byte bound is not reached), then is the first one
 * handed out of its page.
 */
static void netbuf_test_small_quarantine_fifo(struct kunit *test)
{
	const unsigned int n = 5 * PAGE_SIZE / 16, q = NETBUF_SMALL_QUARANTINE_SLOTS;
	struct netbuf_ctx *ctx = t_small_ctx(test);
	struct page *first_page;
	unsigned int i;
	u64 *off, fresh;

	KUNIT_ASSERT_LE(test, q * 16, NETBUF_SMALL_QUARANTINE_BYTES);
	KUNIT_ASSERT_LT(test, 2 * q, n);
	netbuf_max_buffers = 2 * n;
	netbuf_max_bytes = SZ_1M;
	off = kunit_kcalloc(test, n, sizeof(*off), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, off);
	for (i = 0; i < n; i++)
		off[i] = t_small_alloc(test, ctx, 16);
	first_page = t_page(ctx, off[0]);
	/* off[0], then q - 1 others; the odd ones keep every page live. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off[0]), 0);
	for (i = 1; i < q; i++)
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off[2 * i]), 0);
	KUNIT_EXPECT_EQ(test, ctx->small.q_count, q);
	/*
	 * Nothing of the quarantine is handed out: fresh pages only, each
	 * given back with its slot at its free (nothing else keeps it live),
	 * which leaves the quarantine as it was.
	 */
	for (i = 0; i < PAGE_SIZE / 16; i++) {
		fresh = t_small_alloc(test, ctx, 16);
		KUNIT_EXPECT_FALSE(test, t_same_slot(ctx, fresh, first_page,
						     off[0]));
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, fresh), 0);
	}
	KUNIT_EXPECT_EQ(test, ctx->small.q_count, q);
	/* One more free on a live page pushes the oldest, off[0]'s, out. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off[2 * q]), 0);
	KUNIT_EXPECT_EQ(test, ctx->small.q_count, q);
	fresh = t_small_alloc(test, ctx, 16);
	KUNIT_EXPECT_TRUE(test, t_same_slot(ctx, fresh, first_page, off[0]));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, fresh, 0, 16, 0));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, fresh), 0);
	for (i = 1; i < n; i += 2)
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off[i]), 0);
	for (i = q + 1; 2 * i < n; i++)
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off[2 * i]), 0);
	KUNIT_EXPECT_EQ(test, ctx->small.live, 0);
	KUNIT_EXPECT_EQ(test, ctx->small.nr_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->small.q_count, 0);
}

/* Writes @c to byte @at of the freed slot at @offset, through its page. */
static void t_poke(struct page *page, u64 offset, u32 at, u8 c)
{
	u8 *p = kmap_local_page(page);

	p[(offset & (PAGE_SIZE - 1)) + at] = c;
	kunmap_local(p);
}

static void netbuf_test_small_overwrite_counted(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	long overwrites = atomic_long_read(&netbuf_nr_small_overwrites);
	u64 a = t_small_alloc(test, ctx, 100);
	u64 b = t_small_alloc(test, ctx, 100);
	u64 c = t_small_alloc(test, ctx, 100);
	struct page *page = t_page(ctx, a);

	t_fill(test, ctx, a, 0, 100, 0x5a);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), 0);
	/* Zeroed on free, slack included. */
	t_poke(page, a, 0, 0);
	KUNIT_EXPECT_EQ(test, ctx->small.overwrites, 0);
	/* A write after free, as through b's window page. */
	t_poke(page, a, 111, 0xee);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, b), 0);
	/* c keeps the page; its last slot leaves the quarantine with it. */
	KUNIT_EXPECT_EQ(test, ctx->small.q_count, 2);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, c), 0);
	KUNIT_EXPECT_EQ(test, ctx->small.overwrites, 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_small_overwrites),
			overwrites + 1);
	KUNIT_EXPECT_EQ(test, ctx->small.nr_pages, 0);
}

static void netbuf_test_small_pages_given_back(struct kunit *test)
{
	long held = atomic_long_read(&netbuf_nr_held_pages);
	long descriptors = atomic_long_read(&netbuf_nr_descriptors);
	struct netbuf_ctx *ctx = t_small_ctx(test);
	unsigned int per_page = PAGE_SIZE / 64, n = 2 * per_page + 1, i;
	u64 *off = kunit_kcalloc(test, n, sizeof(*off), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, off);
	for (i = 0; i < n; i++)
		off[i] = t_small_alloc(test, ctx, 64);
	/* Packed: three pages for two pages' worth and one more. */
	KUNIT_EXPECT_EQ(test, ctx->small.nr_pages, 3);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 3);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_held_pages),
			held + 3);
	/* No descriptor per small buffer. */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_descriptors),
			descriptors);
	/* The last page's only buffer goes: so does the page. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off[2 * per_page]), 0);
	KUNIT_EXPECT_EQ(test, ctx->small.nr_pages, 2);
	for (i = 0; i < 2 * per_page; i++)
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off[i]), 0);
	KUNIT_EXPECT_EQ(test, ctx->small.nr_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_held_pages), held);
}

static void netbuf_test_small_realloc_in_class_or_moves(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	u64 a = t_small_alloc(test, ctx, 20), b, c, d, e, size;

	t_fill(test, ctx, a, 0, 32, 0x33);	/* slack of the slot too */
	/* Within class 32: in place, the bytes between the sizes zeroed. */
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 30, &b), 0);
	KUNIT_EXPECT_EQ(test, b, a);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 0, 20, 0x33));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 20, 30, 0));
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 17, &b), 0);
	KUNIT_EXPECT_EQ(test, b, a);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, a), 17);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 32, &b), 0);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 0, 17, 0x33));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 17, 32, 0));
	/* Another class: moves, keeps its bytes; the old start is gone. */
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 100, &c), 0);
	KUNIT_EXPECT_NE(test, c, a);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_size(ctx, a, &size), -EINVAL);
	KUNIT_EXPECT_NULL(test, t_page(ctx, a));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, c, 0, 17, 0x33));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, c, 17, 100, 0));
	/* To pages and back: page aligned, then a slot again. */
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, c, PAGE_SIZE + 1, &d), 0);
	KUNIT_EXPECT_EQ(test, d & (PAGE_SIZE - 1), 0);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, d, 0, 17, 0x33));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, d, 17, PAGE_SIZE + 1, 0));
	t_fill(test, ctx, d, 0, 64, 0x44);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 2);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, d, 40, &e), 0);
	mutex_lock(&ctx->lock);
	KUNIT_EXPECT_TRUE(test, netbuf_small_owns(ctx, e));
	mutex_unlock(&ctx->lock);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, e, 0, 40, 0x44));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_size(ctx, d, &size), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 1);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 1);
	/* One page at most ever, plus the two of the page-backed step. */
	KUNIT_EXPECT_EQ(test, ctx->peak_pages, 2);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, e), 0);
}

/* The region full: small requests get pages, and still work. */
static void netbuf_test_small_region_full_falls_back(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	unsigned long pairs = ctx->small.pairs, i;
	u64 *off, extra;

	netbuf_max_buffers = pairs + 1;
	off = kunit_kcalloc(test, pairs, sizeof(*off), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, off);
	for (i = 0; i < pairs; i++)
		off[i] = t_small_alloc(test, ctx, 16);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_alloc(ctx, 16, &extra), 0);
	KUNIT_EXPECT_EQ(test, extra & (PAGE_SIZE - 1), 0);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, extra), 16);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, extra), 0);
	for (i = 0; i < pairs; i++)
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off[i]), 0);
}

/*
 * max_user_bytes counts a shared page and each small buffer's share,
 * max_bytes the shared pages whole, max_buffers every small buffer; all
 * given back on free.
 */
static void netbuf_test_small_limits_exact(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	u64 two = netbuf_user_small_page_bytes() +
		  2 * netbuf_user_small_buffer_bytes();
	u64 a, b, c;
	int round;

	netbuf_max_bytes = SZ_1M;
	for (round = 0; round < 2; round++) {
		netbuf_max_user_bytes = two;
		a = t_small_alloc(test, ctx, 2048);
		b = t_small_alloc(test, ctx, 2048);
		/* The page is full: another buffer needs a second page. */
		KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 16, &c), -ENOMEM);
		netbuf_max_user_bytes = 2 * two;
		netbuf_max_bytes = PAGE_SIZE;
		KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 16, &c), -ENOMEM);
		netbuf_max_bytes = 2 * PAGE_SIZE;
		netbuf_max_buffers = 2;
		KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 16, &c), -ENOMEM);
		netbuf_max_buffers = 3;
		c = t_small_alloc(test, ctx, 16);
		KUNIT_EXPECT_EQ(test, ctx->live_pages, 2);
		KUNIT_EXPECT_EQ(test, ctx->pending_pages, 0);
		KUNIT_EXPECT_EQ(test, ctx->pending_buffers, 0);
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), 0);
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, b), 0);
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, c), 0);
		KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
	}
}

/* ---- sites, history of freed buffers, WHATIS, guard placement --------- */

static u64 t_alloc_op(struct kunit *test, struct netbuf_ctx *ctx, u64 size,
		      unsigned int flags, u64 site)
{
	struct netbuf_op op = { .flags = flags, .site = site };
	u64 offset = U64_MAX;

	KUNIT_ASSERT_EQ(test, netbuf_ctx_alloc_op(ctx, size, &op, &offset), 0);
	KUNIT_EXPECT_EQ(test, offset % NETBUF_BUFFER_ALIGN, 0);
	return offset;
}

static u64 t_realloc_op(struct kunit *test, struct netbuf_ctx *ctx,
			u64 offset, u64 size, unsigned int flags, u64 site)
{
	struct netbuf_op op = { .flags = flags, .site = site };
	u64 moved = U64_MAX;

	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc_op(ctx, offset, size, &op,
						    &moved), 0);
	return moved;
}

static void t_free_op(struct kunit *test, struct netbuf_ctx *ctx, u64 offset,
		      unsigned int flags, u64 site)
{
	struct netbuf_op op = { .flags = flags, .site = site };

	KUNIT_EXPECT_EQ(test, netbuf_ctx_free_op(ctx, offset, &op), 0);
}

static struct netbuf_whatis t_whatis(struct netbuf_ctx *ctx, u64 offset,
				     u32 flags)
{
	struct netbuf_whatis w = { .offset = offset, .flags = flags };

	netbuf_ctx_whatis(ctx, &w);
	return w;
}

/* WHATIS at @offset says LIVE (or @kind) about the buffer at @start. */
static void t_expect_about(struct kunit *test, struct netbuf_ctx *ctx,
			   u64 offset, u32 kind, u64 start, u64 size,
			   u64 alloc_site)
{
	struct netbuf_whatis w = t_whatis(ctx, offset, 0);

	KUNIT_EXPECT_EQ_MSG(test, w.kind, kind, "offset %#llx", offset);
	KUNIT_EXPECT_EQ_MSG(test, w.start, start, "offset %#llx", offset);
	KUNIT_EXPECT_EQ(test, w.size, size);
	KUNIT_EXPECT_EQ(test, w.alloc_site, alloc_site);
	KUNIT_EXPECT_EQ(test, w.alloc_tid,
			alloc_site ? (u32)task_pid_vnr(current) : 0);
	if (kind != NETBUF_WHATIS_FREED) {
		KUNIT_EXPECT_EQ(test, w.free_site, 0);
		KUNIT_EXPECT_EQ(test, w.free_tid, 0);
		KUNIT_EXPECT_EQ(test, w.age_ns, 0);
	}
}

/* A page-backed and a small buffer: each carries its site until freed. */
static void netbuf_test_site_recorded_until_free(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	struct netbuf_whatis w;
	u64 off, size;
	int small;

	for (small = 0; small < 2; small++) {
		if (small)
			ctx = t_small_ctx(test);
		size = small ? 100 : PAGE_SIZE + 1;
		off = t_alloc_op(test, ctx, size, NETBUF_OP_SITE, 0x1234 + small);
		mutex_lock(&ctx->lock);
		KUNIT_EXPECT_EQ(test, netbuf_small_owns(ctx, off), small);
		mutex_unlock(&ctx->lock);
		KUNIT_EXPECT_EQ(test, ctx->sites.nr_live, 1);
		t_expect_about(test, ctx, off, NETBUF_WHATIS_LIVE, off, size,
			       0x1234 + small);
		t_expect_about(test, ctx, off + size - 1, NETBUF_WHATIS_LIVE,
			       off, size, 0x1234 + small);
		/* The guard page after its last page. */
		t_expect_about(test, ctx,
			       round_up(off + size, PAGE_SIZE) + 5,
			       NETBUF_WHATIS_GUARD, off, size, 0x1234 + small);
		t_free_op(test, ctx, off, NETBUF_OP_SITE, 0x5678 + small);
		KUNIT_EXPECT_EQ(test, ctx->sites.nr_live, 0);
		w = t_whatis(ctx, off + 3, 0);
		KUNIT_EXPECT_EQ(test, w.kind, NETBUF_WHATIS_FREED);
		KUNIT_EXPECT_EQ(test, w.start, off);
		KUNIT_EXPECT_EQ(test, w.size, size);
		KUNIT_EXPECT_EQ(test, w.alloc_site, 0x1234 + small);
		KUNIT_EXPECT_EQ(test, w.free_site, 0x5678 + small);
		KUNIT_EXPECT_EQ(test, w.alloc_tid, (u32)task_pid_vnr(current));
		KUNIT_EXPECT_EQ(test, w.free_tid, (u32)task_pid_vnr(current));
		KUNIT_EXPECT_LT(test, w.age_ns, 10ULL * NSEC_PER_SEC);
	}
	KUNIT_EXPECT_EQ(test, ctx->sites.count, 2);
}

/* Realloc: the record moves along, or takes the new site; moves go down. */
static void netbuf_test_site_follows_realloc(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	struct netbuf_whatis w;
	u64 a, b, c;

	a = t_alloc_op(test, ctx, PAGE_SIZE, NETBUF_OP_SITE, 0xa);
	/* Without the flag: moved along, nothing recorded of the old place. */
	b = t_realloc_op(test, ctx, a, 3 * PAGE_SIZE, 0, 0);
	KUNIT_EXPECT_NE(test, a, b);
	t_expect_about(test, ctx, b, NETBUF_WHATIS_LIVE, b, 3 * PAGE_SIZE, 0xa);
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, a, 0).kind, NETBUF_WHATIS_NONE);
	KUNIT_EXPECT_EQ(test, ctx->sites.count, 0);
	/* With it: the old place is in the history, freed by the realloc. */
	c = t_realloc_op(test, ctx, b, 5 * PAGE_SIZE, NETBUF_OP_SITE, 0xb);
	KUNIT_EXPECT_NE(test, b, c);
	t_expect_about(test, ctx, c, NETBUF_WHATIS_LIVE, c, 5 * PAGE_SIZE, 0xb);
	w = t_whatis(ctx, b + PAGE_SIZE, 0);
	KUNIT_EXPECT_EQ(test, w.kind, NETBUF_WHATIS_FREED);
	KUNIT_EXPECT_EQ(test, w.start, b);
	KUNIT_EXPECT_EQ(test, w.size, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, w.alloc_site, 0xa);
	KUNIT_EXPECT_EQ(test, w.free_site, 0xb);
	/* In place: the new site replaces the old, nothing freed. */
	KUNIT_EXPECT_EQ(test, t_realloc_op(test, ctx, c, 4 * PAGE_SIZE,
					   NETBUF_OP_SITE, 0xc), c);
	t_expect_about(test, ctx, c, NETBUF_WHATIS_LIVE, c, 4 * PAGE_SIZE, 0xc);
	KUNIT_EXPECT_EQ(test, ctx->sites.nr_live, 1);
	KUNIT_EXPECT_EQ(test, ctx->sites.count, 1);
	/* A free without the flag: the record goes, nothing is remembered. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, c), 0);
	KUNIT_EXPECT_EQ(test, ctx->sites.nr_live, 0);
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, c, 0).kind, NETBUF_WHATIS_NONE);
}

/* The history keeps the last history_len frees, oldest out first. */
static void netbuf_test_history_fifo_bound(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	long held = atomic_long_read(&netbuf_nr_freed_history);
	struct netbuf_whatis w;
	u64 off[7];
	int i;

	netbuf_history_len = 4;
	for (i = 0; i < 7; i++)
		off[i] = t_alloc_op(test, ctx, PAGE_SIZE, NETBUF_OP_SITE, i);
	for (i = 0; i < 7; i++) {
		t_free_op(test, ctx, off[i], NETBUF_OP_SITE, 100 + i);
		KUNIT_EXPECT_EQ(test, ctx->sites.count, min(i + 1, 4));
	}
	KUNIT_EXPECT_EQ(test, ctx->sites.len, 4);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_freed_history),
			held + 4);
	for (i = 0; i < 7; i++) {
		w = t_whatis(ctx, off[i], 0);
		if (i < 3) {
			KUNIT_EXPECT_EQ(test, w.kind, NETBUF_WHATIS_NONE);
			continue;
		}
		KUNIT_EXPECT_EQ(test, w.kind, NETBUF_WHATIS_FREED);
		KUNIT_EXPECT_EQ(test, w.alloc_site, i);
		KUNIT_EXPECT_EQ(test, w.free_site, 100 + i);
	}
	/* 7 sites and 7 frees were recorded; the length stays the ring's. */
	KUNIT_EXPECT_EQ(test, ctx->sites.recorded, 14);
	netbuf_history_len = 100;
	off[0] = t_alloc_op(test, ctx, PAGE_SIZE, 0, 0);
	t_free_op(test, ctx, off[0], NETBUF_OP_SITE, 1);
	KUNIT_EXPECT_EQ(test, ctx->sites.len, 4);
	/* history_len 0 at the first recorded free: no history at all. */
	netbuf_ctx_teardown(ctx);
	netbuf_ctx_init(ctx, NULL, ((struct netbuf_test *)test->priv)->user,
			NULL);
	ctx->window_pages = T_WINDOW_PAGES;
	ctx->window_mapped = true;
	netbuf_history_len = 0;
	off[0] = t_alloc_op(test, ctx, PAGE_SIZE, NETBUF_OP_SITE, 1);
	t_free_op(test, ctx, off[0], NETBUF_OP_SITE, 2);
	KUNIT_EXPECT_NULL(test, ctx->sites.ring);
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, off[0], 0).kind,
			NETBUF_WHATIS_NONE);
}

/* Every kind, for page-backed, small and zero-size buffers. */
static void netbuf_test_whatis_kinds(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	u64 page, small, zero, gone;

	/* Nothing allocated yet; outside the window. */
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, 0, 0).kind, NETBUF_WHATIS_NONE);
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, (u64)ctx->window_pages << PAGE_SHIFT,
				       0).kind, NETBUF_WHATIS_NONE);
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, U64_MAX, 0).kind,
			NETBUF_WHATIS_NONE);
	page = t_alloc_op(test, ctx, 2 * PAGE_SIZE, 0, 0);
	small = t_alloc_op(test, ctx, 32, 0, 0);
	zero = t_alloc_op(test, ctx, 0, NETBUF_OP_SITE, 7);
	gone = t_alloc_op(test, ctx, 64, NETBUF_OP_SITE, 8);
	t_free_op(test, ctx, gone, NETBUF_OP_SITE, 9);
	/* Live without a record: start and size, no site. */
	t_expect_about(test, ctx, page + PAGE_SIZE + 100, NETBUF_WHATIS_LIVE,
		       page, 2 * PAGE_SIZE, 0);
	t_expect_about(test, ctx, page + 2 * PAGE_SIZE, NETBUF_WHATIS_GUARD,
		       page, 2 * PAGE_SIZE, 0);
	t_expect_about(test, ctx, small + 31, NETBUF_WHATIS_LIVE, small, 32, 0);
	t_expect_about(test, ctx, small + PAGE_SIZE, NETBUF_WHATIS_GUARD,
		       small, 32, 0);
	t_expect_about(test, ctx, zero, NETBUF_WHATIS_LIVE, zero, 0, 7);
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, gone + 70, 0).kind,
			NETBUF_WHATIS_FREED);
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, gone + PAGE_SIZE, 0).kind,
			NETBUF_WHATIS_FREED);
	/* Far past every buffer of the page-backed part: nothing. */
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, page + 64 * PAGE_SIZE + 1, 0).kind,
			NETBUF_WHATIS_NONE);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, page), 0);
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, page, 0).kind, NETBUF_WHATIS_NONE);
}

/* NEXT_LIVE visits every live buffer once, in order of offset. */
static void netbuf_test_whatis_next_live_walks(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	static const u64 sizes[] = { PAGE_SIZE, 16, 3 * PAGE_SIZE, 0, 2048, 1,
				     48 };
	u64 off[ARRAY_SIZE(sizes)], pos = 0, last = 0;
	struct netbuf_whatis w;
	unsigned int i, found = 0, seen;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		off[i] = t_alloc_op(test, ctx, sizes[i],
				    i == 6 ? NETBUF_OP_GUARD_END : 0, 0);
	/* A hole: freed buffers are not visited. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off[1]), 0);
	for (;;) {
		w = t_whatis(ctx, pos, NETBUF_WHATIS_NEXT_LIVE);
		if (w.kind == NETBUF_WHATIS_NONE)
			break;
		KUNIT_ASSERT_EQ(test, w.kind, NETBUF_WHATIS_LIVE);
		KUNIT_EXPECT_GE(test, w.start, pos);
		KUNIT_EXPECT_TRUE(test, !found || w.start > last);
		seen = 0;
		for (i = 0; i < ARRAY_SIZE(sizes); i++)
			if (i != 1 && off[i] == w.start && sizes[i] == w.size)
				seen++;
		KUNIT_EXPECT_EQ_MSG(test, seen, 1, "start %#llx", w.start);
		last = w.start;
		pos = w.start + 1;
		found++;
		KUNIT_ASSERT_LE(test, found, ARRAY_SIZE(sizes));
	}
	KUNIT_EXPECT_EQ(test, found, ARRAY_SIZE(sizes) - 1);
}

/* GUARD_END: the buffer ends at its last page's end, 16-byte aligned. */
static void netbuf_test_guard_end_placement(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	static const u64 sizes[] = { 1, 48, 50, 2048, PAGE_SIZE - 1,
				     PAGE_SIZE, PAGE_SIZE + 1,
				     3 * PAGE_SIZE + 17 };
	u64 off, moved;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		off = t_alloc_op(test, ctx, sizes[i], NETBUF_OP_GUARD_END, 0);
		KUNIT_EXPECT_EQ_MSG(test, (off + round_up(sizes[i], 16)) %
				    PAGE_SIZE, 0, "size %llu", sizes[i]);
		mutex_lock(&ctx->lock);
		KUNIT_EXPECT_FALSE(test, netbuf_small_owns(ctx, off));
		mutex_unlock(&ctx->lock);
		KUNIT_EXPECT_EQ(test, t_size(test, ctx, off), sizes[i]);
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, off, 0, sizes[i], 0));
		/* The slack before it is its page; the next page a guard. */
		if (off % PAGE_SIZE)
			t_expect_about(test, ctx, off - 1, NETBUF_WHATIS_LIVE,
				       off, sizes[i], 0);
		t_expect_about(test, ctx, round_up(off + sizes[i], PAGE_SIZE),
			       NETBUF_WHATIS_GUARD, off, sizes[i], 0);
		/* Not a start: the page boundary below it, an interior byte. */
		if (off % PAGE_SIZE)
			KUNIT_EXPECT_EQ(test,
					netbuf_ctx_free(ctx, off & PAGE_MASK),
					-EINVAL);
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off), 0);
	}
	/* A 48-byte buffer: resized within its 16 bytes in place. */
	off = t_alloc_op(test, ctx, 48, NETBUF_OP_GUARD_END, 0);
	t_fill(test, ctx, off, 0, 48, 0x5a);
	KUNIT_EXPECT_EQ(test, t_realloc_op(test, ctx, off, 40,
					   NETBUF_OP_GUARD_END, 0), off);
	KUNIT_EXPECT_EQ(test, t_realloc_op(test, ctx, off, 48,
					   NETBUF_OP_GUARD_END, 0), off);
	/* Growth reads as zero, counted from the buffer's start. */
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, off, 0, 40, 0x5a));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, off, 40, 48, 0));
	/* Beyond them it moves, its end still a page's end. */
	moved = t_realloc_op(test, ctx, off, 60, NETBUF_OP_GUARD_END, 0);
	KUNIT_EXPECT_NE(test, moved, off);
	KUNIT_EXPECT_EQ(test, (moved + 64) % PAGE_SIZE, 0);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, moved, 0, 40, 0x5a));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, moved, 40, 60, 0));
	/* Without the flag it leaves the placement: a small buffer again. */
	off = t_realloc_op(test, ctx, moved, 60, 0, 0);
	KUNIT_EXPECT_NE(test, moved, off);
	mutex_lock(&ctx->lock);
	KUNIT_EXPECT_TRUE(test, netbuf_small_owns(ctx, off));
	mutex_unlock(&ctx->lock);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, off, 0, 40, 0x5a));
	/* And back, into pages of its own, from a small buffer. */
	moved = t_realloc_op(test, ctx, off, PAGE_SIZE + 5,
			     NETBUF_OP_GUARD_END, 0);
	KUNIT_EXPECT_EQ(test, (moved + round_up(PAGE_SIZE + 5, 16)) %
			PAGE_SIZE, 0);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, moved, 0, 40, 0x5a));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, moved, 40, PAGE_SIZE + 5, 0));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, moved), 0);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
}

/* GUARD_START: a small size still gets a page of its own, at its start. */
static void netbuf_test_guard_start_placement(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	u64 off, moved;

	off = t_alloc_op(test, ctx, 100, NETBUF_OP_GUARD_START, 0);
	KUNIT_EXPECT_EQ(test, off % PAGE_SIZE, 0);
	mutex_lock(&ctx->lock);
	KUNIT_EXPECT_FALSE(test, netbuf_small_owns(ctx, off));
	mutex_unlock(&ctx->lock);
	t_fill(test, ctx, off, 0, 100, 0x3c);
	/* Still placed so: resized in place, not moved into a slot. */
	KUNIT_EXPECT_EQ(test, t_realloc_op(test, ctx, off, 50,
					   NETBUF_OP_GUARD_START, 0), off);
	/* From a small buffer, into a page of its own. */
	moved = t_realloc_op(test, ctx, off, 40, 0, 0);
	mutex_lock(&ctx->lock);
	KUNIT_EXPECT_TRUE(test, netbuf_small_owns(ctx, moved));
	mutex_unlock(&ctx->lock);
	off = t_realloc_op(test, ctx, moved, 40, NETBUF_OP_GUARD_START, 0);
	KUNIT_EXPECT_EQ(test, off % PAGE_SIZE, 0);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, off, 0, 40, 0x3c));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off), 0);
}

/* Without the flags nothing is recorded, allocated or charged. */
static void netbuf_test_sites_off_records_nothing(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	long recorded = atomic_long_read(&netbuf_nr_sites_recorded);
	u64 a, b, c;

	a = t_alloc_op(test, ctx, 100, 0, 0);
	b = t_alloc_op(test, ctx, 2 * PAGE_SIZE, 0, 0);
	c = t_alloc_op(test, ctx, 0, 0, 0);
	a = t_realloc_op(test, ctx, a, 300, 0, 0);
	b = t_realloc_op(test, ctx, b, 5 * PAGE_SIZE, 0, 0);
	b = t_realloc_op(test, ctx, b, 10, 0, 0);
	t_free_op(test, ctx, a, 0, 0);
	t_free_op(test, ctx, b, 0, 0);
	t_free_op(test, ctx, c, 0, 0);
	KUNIT_EXPECT_EQ(test, ctx->sites.recorded, 0);
	KUNIT_EXPECT_EQ(test, ctx->sites.nr_live, 0);
	KUNIT_EXPECT_NULL(test, ctx->sites.ring);
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&ctx->sites.live));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_sites_recorded),
			recorded);
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, a, 0).kind, NETBUF_WHATIS_NONE);
}

/*
 * What a record and the ring really take from the allocator (kmalloc's
 * buckets) is no more than what max_user_bytes is charged for them: the
 * figures of netbuf(4), printed.
 */
static void netbuf_test_site_charges_cover_memory(struct kunit *test)
{
	static const u32 lens[] = { 1, 16, 1000, NETBUF_HISTORY_DEFAULT,
				    1365, 1366, NETBUF_HISTORY_MAX };
	size_t rec = kmalloc_size_roundup(sizeof(struct netbuf_site));
	size_t ring;
	unsigned int i;

	KUNIT_EXPECT_LE(test, rec, netbuf_site_bytes());
	kunit_info(test, "record of a live buffer: %zu bytes (%zu used), charged %llu\n",
		   rec, sizeof(struct netbuf_site), netbuf_site_bytes());
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		ring = kmalloc_size_roundup(lens[i] * sizeof(struct netbuf_freed));
		KUNIT_EXPECT_LE(test, ring, netbuf_history_bytes(lens[i]));
		kunit_info(test, "history of %u entries of %zu bytes: %zu bytes, charged %llu\n",
			   lens[i], sizeof(struct netbuf_freed), ring,
			   netbuf_history_bytes(lens[i]));
	}
	KUNIT_EXPECT_EQ(test, netbuf_history_bytes(0), 0);
	/* The descriptor did not grow for GUARD_END: a bit of the size. */
	if (IS_ENABLED(CONFIG_64BIT))
		KUNIT_EXPECT_EQ(test, sizeof(struct netbuf_buffer), 64);
}

/* A record and the history ring are charged to max_user_bytes. */
static void netbuf_test_site_limit_user_budget_exact(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	struct netbuf_op op = { .flags = NETBUF_OP_SITE, .site = 1 };
	u64 offset, first;

	netbuf_history_len = 16;
	netbuf_max_user_bytes = 2 * netbuf_user_buffer_bytes(1) +
				netbuf_site_bytes();
	first = t_alloc_op(test, ctx, PAGE_SIZE, NETBUF_OP_SITE, 1);
	/* A buffer fits, a buffer with its record does not. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc_op(ctx, PAGE_SIZE, &op, &offset),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 1);
	offset = t_alloc_op(test, ctx, PAGE_SIZE, 0, 0);
	/* The ring does not fit: the recorded free fails, nothing freed. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free_op(ctx, first, &op), -ENOMEM);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, first), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ctx->sites.nr_live, 1);
	netbuf_max_user_bytes += netbuf_history_bytes(16);
	t_free_op(test, ctx, first, NETBUF_OP_SITE, 2);
	KUNIT_EXPECT_EQ(test, ctx->sites.count, 1);
	/* Freed: its record's charge is back, room for another record. */
	KUNIT_EXPECT_EQ(test, t_realloc_op(test, ctx, offset, 10,
					   NETBUF_OP_SITE, 3), offset);
	KUNIT_EXPECT_EQ(test, ctx->sites.nr_live, 1);
}

/* ---- allocation failures (fail-nth) ------------------------------------ */

/*
 * Arms fail-nth for the next call: the @nth allocation this thread makes
 * fails. t_injected() disarms it and says whether the failure happened.
 */
static void t_fail_nth(unsigned int nth)
{
#ifdef CONFIG_FAULT_INJECTION
	WRITE_ONCE(current->fail_nth, nth);
#endif
}

static bool t_injected(void)
{
	bool hit = false;

#ifdef CONFIG_FAULT_INJECTION
	hit = !READ_ONCE(current->fail_nth);
	WRITE_ONCE(current->fail_nth, 0);
#endif
	return hit;
}

#define T_NO_INJECTION \
	"no allocation failed: echo N to failslab/ignore-gfp-wait and fail_page_alloc/ignore-gfp-wait, 0 to fail_page_alloc/min-order in debugfs"

/*
 * Sweeps every allocation an operation makes: the first, then the second,
 * ... fails, until the operation makes fewer allocations than that. An
 * allocation the operation can do without (kmemleak or KASAN metadata)
 * may fail and the call still succeed; an essential one makes it fail with
 * -ENOMEM. Some of the former happen only now and then (a stack depot
 * refill), which would shift the essential ones past the position just
 * tried: after such a hit the same position is tried again. Returns how
 * many calls failed.
 */
static unsigned int t_sweep(struct kunit *test,
			    int (*op)(struct kunit *test, bool armed))
{
	unsigned int nth = 1, failed = 0, again = 0;
	bool injected;
	int ret;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "CONFIG_FAULT_INJECTION is off");
	while (nth < 10000) {
		t_fail_nth(nth);
		ret = op(test, true);
		injected = t_injected();
		if (ret) {
			KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
			KUNIT_EXPECT_TRUE(test, injected);
			failed++;
		}
		op(test, false);	/* check, and undo a success */
		if (!injected)
			break;
		if (!ret && again++ < 2)
			continue;
		again = 0;
		nth++;
	}
	kunit_info(test, "%u allocation failures made the call fail\n", failed);
	KUNIT_EXPECT_GT_MSG(test, failed, 0, T_NO_INJECTION);
	return failed;
}

static u64 t_sweep_offset;
/* Whether an armed call succeeded yet: until then no page was ever held. */
static bool t_sweep_placed;

/* Allocates 3 pages; unarmed: checks nothing leaked and frees. */
static int t_op_alloc(struct kunit *test, bool armed)
{
	struct netbuf_ctx *ctx = t_ctx(test);

	if (armed) {
		t_sweep_offset = U64_MAX;
		return netbuf_ctx_alloc(ctx, 3 * PAGE_SIZE, &t_sweep_offset);
	}
	if (t_sweep_offset != U64_MAX) {
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, t_sweep_offset, 0,
						3 * PAGE_SIZE, 0));
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, t_sweep_offset), 0);
		t_sweep_placed = true;
	}
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
	KUNIT_EXPECT_EQ(test, ctx->pending_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->pending_buffers, 0);
	/* Charged, then refused for want of memory: never a peak. */
	KUNIT_EXPECT_EQ(test, ctx->peak_pages, t_sweep_placed ? 3 : 0);
	return 0;
}

/* Every block above order 0 fails: pages come one by one, as before. */
#define T_ORDER_0_ONLY	(~1UL)

static void netbuf_test_fail_nth_alloc(struct kunit *test)
{
	netbuf_pages_fail_orders = T_ORDER_0_ONLY;
	t_sweep_placed = false;
	/* The descriptor, the page array and each of the 3 pages. */
	KUNIT_EXPECT_GE(test, t_sweep(test, t_op_alloc), 5);
}

/*
 * High orders allowed: a failure injected into the order-1 block of a
 * 3-page buffer is absorbed by the fallback to order 0 (t_op_alloc checks
 * the buffer whole and zeroed); the order-0 page, the descriptor and the
 * page array still fail the call.
 */
static void netbuf_test_fail_nth_alloc_high_order(struct kunit *test)
{
	long fallbacks = atomic_long_read(&netbuf_nr_order_fallbacks);

	t_sweep_placed = false;
	KUNIT_EXPECT_GE(test, t_sweep(test, t_op_alloc), 3);
	KUNIT_EXPECT_GT(test, atomic_long_read(&netbuf_nr_order_fallbacks),
			fallbacks);
}

/* ---- high-order blocks (netbuf_pages.c) -------------------------------- */

/*
 * @n distinct order-0 pages, each held once by us alone, zeroed, and with
 * the memory cgroup charge of a page of its own.
 */
static void t_expect_pages_whole(struct kunit *test, struct page **pages,
				 unsigned long n)
{
	unsigned long i, j;
	void *p;

	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, page_count(pages[i]), 1);
		KUNIT_EXPECT_FALSE(test, PageCompound(pages[i]));
		p = kmap_local_page(pages[i]);
		KUNIT_EXPECT_NULL(test, memchr_inv(p, 0, PAGE_SIZE));
		memset(p, 0xa5, PAGE_SIZE);	/* dirty for the next taker */
		kunmap_local(p);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_PTR_NE(test, pages[i], pages[j]);
	}
}

/* Blocks per order taken since load, into @blocks. */
static void t_blocks(long *blocks)
{
	int order;

	for (order = 0; order <= NETBUF_MAX_ORDER; order++)
		blocks[order] = atomic_long_read(&netbuf_nr_blocks[order]);
}

struct netbuf_order_case {
	const char *name;
	unsigned long fail;		/* netbuf_pages_fail_orders */
	unsigned int blocks[4];		/* expected, orders 0 to 3 */
	long fallbacks;
};

/*
 * 13 pages: one block of order 3, one of order 2, one page, when every
 * order is there; an order that fails sends the walk down for good.
 */
static const struct netbuf_order_case netbuf_order_cases[] = {
	{ "all orders", 0, { 1, 0, 1, 1 }, 0 },
	{ "order 3 fails", BIT(3), { 1, 0, 3, 0 }, 1 },
	{ "orders 3 and 2 fail", BIT(3) | BIT(2), { 1, 6, 0, 0 }, 2 },
	{ "order 0 only", T_ORDER_0_ONLY, { 13, 0, 0, 0 }, 3 },
};

static void netbuf_order_case_desc(const struct netbuf_order_case *c,
				   char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(netbuf_order, netbuf_order_cases, netbuf_order_case_desc);

static void netbuf_test_pages_order_fallback(struct kunit *test)
{
	const struct netbuf_order_case *c = test->param_value;
	long before[NETBUF_MAX_ORDER + 1], after[NETBUF_MAX_ORDER + 1];
	long fallbacks = atomic_long_read(&netbuf_nr_order_fallbacks);
	long held = atomic_long_read(&netbuf_nr_held_pages);
	struct page *pages[13];
	int order;

	netbuf_pages_fail_orders = c->fail;
	t_blocks(before);
	KUNIT_ASSERT_EQ(test, netbuf_pages_get(pages, 13), 0);
	t_blocks(after);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_held_pages),
			held + 13);
	t_expect_pages_whole(test, pages, 13);
	/* Orders 0 to 3 always come (a test guest has them free at once). */
	for (order = 0; order <= 3; order++)
		KUNIT_EXPECT_EQ_MSG(test, after[order] - before[order],
				    (long)c->blocks[order], "order %d", order);
	for (order = 4; order <= NETBUF_MAX_ORDER; order++)
		KUNIT_EXPECT_EQ(test, after[order], before[order]);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_order_fallbacks) -
			fallbacks, c->fallbacks);
	netbuf_pages_put(pages, 13);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_held_pages), held);
}

/* Not even order 0: nothing is held, the failure is counted. */
static void netbuf_test_pages_all_orders_fail(struct kunit *test)
{
	long failures = atomic_long_read(&netbuf_nr_alloc_failures);
	long held = atomic_long_read(&netbuf_nr_held_pages);
	struct netbuf_ctx *ctx = t_ctx(test);
	struct page *pages[13];
	u64 offset;

	netbuf_pages_fail_orders = ~0UL;
	KUNIT_EXPECT_EQ(test, netbuf_pages_get(pages, 13), -ENOMEM);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_held_pages), held);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_alloc_failures),
			failures + 1);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 13 * PAGE_SIZE, &offset),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->pending_pages, 0);
}

/*
 * A buffer made of one block keeps exact semantics: a shrink in place
 * gives back the tail pages of the block, a growth moves the pages
 * without a copy, and the growth comes zeroed, whatever the orders.
 */
static void netbuf_test_pages_block_shrink_grow(struct kunit *test)
{
	long held = atomic_long_read(&netbuf_nr_held_pages);
	struct netbuf_ctx *ctx = t_ctx(test);
	struct page *first[5];
	u64 a, b;
	int i;

	a = t_alloc(test, ctx, 16 * PAGE_SIZE);
	t_fill(test, ctx, a, 0, 16 * PAGE_SIZE, 0x3c);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_held_pages),
			held + 16);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 5 * PAGE_SIZE - 7,
						 &b), 0);
	KUNIT_EXPECT_EQ(test, b, a);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_held_pages),
			held + 5);
	KUNIT_EXPECT_NULL(test, t_page(ctx, a + 5 * PAGE_SIZE));
	for (i = 0; i < 5; i++) {
		first[i] = t_page(ctx, a + i * PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, page_count(first[i]), 1);
	}
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, a, 0, 5 * PAGE_SIZE - 7, 0x3c));
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 24 * PAGE_SIZE, &b),
			0);
	KUNIT_EXPECT_NE(test, b, a);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_PTR_EQ(test, t_page(ctx, b + i * PAGE_SIZE),
				    first[i]);
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, b, 0, 5 * PAGE_SIZE - 7, 0x3c));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, b, 5 * PAGE_SIZE - 7,
					24 * PAGE_SIZE, 0));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, b), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_held_pages), held);
}

static u64 t_sweep_base;

/* The armed call of a resize sweep: t_sweep_base to @size bytes. */
static int t_sweep_realloc(struct kunit *test, u64 size)
{
	t_sweep_offset = t_sweep_base;
	return netbuf_ctx_realloc(t_ctx(test), t_sweep_base, size,
				  &t_sweep_offset);
}

/* Grows the buffer at t_sweep_base from 2 to 4 pages (a move). */
static int t_op_grow(struct kunit *test, bool armed)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 moved;

	if (armed)
		return t_sweep_realloc(test, 4 * PAGE_SIZE);
	if (t_sweep_offset == t_sweep_base) {
		/* Failed: the buffer is as it was. */
		KUNIT_EXPECT_EQ(test, t_size(test, ctx, t_sweep_base),
				2 * PAGE_SIZE);
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, t_sweep_base, 0,
						2 * PAGE_SIZE, 0x77));
		KUNIT_EXPECT_EQ(test, ctx->live_pages, 2);
		return 0;
	}
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, t_sweep_offset, 0, 2 * PAGE_SIZE,
					0x77));
	/* Back to two pages at a fresh place, for the next round. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, t_sweep_offset), 0);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_alloc(ctx, 2 * PAGE_SIZE, &moved), 0);
	t_fill(test, ctx, moved, 0, 2 * PAGE_SIZE, 0x77);
	t_sweep_base = moved;
	return 0;
}

static void netbuf_test_fail_nth_realloc_grow(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);

	netbuf_pages_fail_orders = T_ORDER_0_ONLY;
	t_sweep_base = t_alloc(test, ctx, 2 * PAGE_SIZE);
	t_fill(test, ctx, t_sweep_base, 0, 2 * PAGE_SIZE, 0x77);
	/* The descriptor, the page array and the 2 new pages. */
	KUNIT_EXPECT_GE(test, t_sweep(test, t_op_grow), 4);
}

/* A small buffer of 100 bytes; unarmed: checks nothing leaked and frees. */
static int t_op_small_alloc(struct kunit *test, bool armed)
{
	struct netbuf_ctx *ctx = t_ctx(test);

	if (armed) {
		t_sweep_offset = U64_MAX;
		return netbuf_ctx_alloc(ctx, 100, &t_sweep_offset);
	}
	if (t_sweep_offset != U64_MAX) {
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, t_sweep_offset, 0, 128,
						0));
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, t_sweep_offset), 0);
	}
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
	KUNIT_EXPECT_EQ(test, ctx->pending_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->pending_buffers, 0);
	KUNIT_EXPECT_EQ(test, ctx->small.nr_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->small.live, 0);
	return 0;
}

static void netbuf_test_fail_nth_small_alloc(struct kunit *test)
{
	t_small_ctx(test);
	/* The page's bookkeeping, the page, and the index of shared pages. */
	KUNIT_EXPECT_GE(test, t_sweep(test, t_op_small_alloc), 2);
}

/* Moves the small buffer at t_sweep_base into 2 pages. */
static int t_op_small_grow(struct kunit *test, bool armed)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 moved;

	if (armed)
		return t_sweep_realloc(test, 2 * PAGE_SIZE);
	if (t_sweep_offset == t_sweep_base) {
		/* Failed: the buffer is as it was. */
		KUNIT_EXPECT_EQ(test, t_size(test, ctx, t_sweep_base), 100);
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, t_sweep_base, 0, 100,
						0x77));
		KUNIT_EXPECT_EQ(test, ctx->live_pages, 1);
		KUNIT_EXPECT_EQ(test, ctx->live_buffers, 1);
		KUNIT_EXPECT_EQ(test, ctx->pending_pages, 0);
		return 0;
	}
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, t_sweep_offset, 0, 100, 0x77));
	KUNIT_EXPECT_TRUE(test, t_holds(ctx, t_sweep_offset, 100,
					2 * PAGE_SIZE, 0));
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 2);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 1);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, t_sweep_offset), 0);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_alloc(ctx, 100, &moved), 0);
	t_fill(test, ctx, moved, 0, 100, 0x77);
	t_sweep_base = moved;
	return 0;
}

static void netbuf_test_fail_nth_small_move(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);

	netbuf_pages_fail_orders = T_ORDER_0_ONLY;
	t_sweep_base = t_small_alloc(test, ctx, 100);
	t_fill(test, ctx, t_sweep_base, 0, 100, 0x77);
	/* The descriptor, the page array and the two pages. */
	KUNIT_EXPECT_GE(test, t_sweep(test, t_op_small_grow), 3);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, t_sweep_base), 0);
}

/* As t_op_alloc(), with a site recorded, page-backed or small. */
static int t_op_site_alloc(struct kunit *test, bool armed)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	struct netbuf_op op = { .flags = NETBUF_OP_SITE, .site = 0x51 };
	u64 size = ctx->small.pairs ? 100 : 2 * PAGE_SIZE;

	if (armed) {
		t_sweep_offset = U64_MAX;
		return netbuf_ctx_alloc_op(ctx, size, &op, &t_sweep_offset);
	}
	if (t_sweep_offset != U64_MAX) {
		t_expect_about(test, ctx, t_sweep_offset, NETBUF_WHATIS_LIVE,
			       t_sweep_offset, size, 0x51);
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, t_sweep_offset), 0);
	}
	KUNIT_EXPECT_EQ(test, ctx->sites.nr_live, 0);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
	KUNIT_EXPECT_EQ(test, ctx->pending_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->pending_buffers, 0);
	return 0;
}

static void netbuf_test_fail_nth_site_alloc(struct kunit *test)
{
	netbuf_pages_fail_orders = T_ORDER_0_ONLY;
	/* The record, then the buffer's own. */
	KUNIT_EXPECT_GE(test, t_sweep(test, t_op_site_alloc), 4);
	t_small_ctx(test);
	KUNIT_EXPECT_GE(test, t_sweep(test, t_op_site_alloc), 3);
}

/*
 * Moves the buffer at t_sweep_base (recorded, site 0x61) to 4 pages with
 * a site: the old place goes to the history, whose ring the first round
 * allocates; a failed call leaves the buffer, its record and the history.
 */
static int t_op_site_grow(struct kunit *test, bool armed)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	struct netbuf_op op = { .flags = NETBUF_OP_SITE, .site = 0x62 };
	unsigned int count = ctx->sites.count;

	if (armed) {
		t_sweep_offset = t_sweep_base;
		return netbuf_ctx_realloc_op(ctx, t_sweep_base, 4 * PAGE_SIZE,
					     &op, &t_sweep_offset);
	}
	if (t_sweep_offset == t_sweep_base) {
		t_expect_about(test, ctx, t_sweep_base, NETBUF_WHATIS_LIVE,
			       t_sweep_base, 2 * PAGE_SIZE, 0x61);
		KUNIT_EXPECT_TRUE(test, t_holds(ctx, t_sweep_base, 0,
						2 * PAGE_SIZE, 0x77));
		return 0;
	}
	t_expect_about(test, ctx, t_sweep_offset, NETBUF_WHATIS_LIVE,
		       t_sweep_offset, 4 * PAGE_SIZE, 0x62);
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, t_sweep_base, 0).free_site, 0x62);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, t_sweep_offset), 0);
	KUNIT_EXPECT_EQ(test, ctx->sites.count, count);
	t_sweep_base = t_alloc_op(test, ctx, 2 * PAGE_SIZE, NETBUF_OP_SITE,
				  0x61);
	t_fill(test, ctx, t_sweep_base, 0, 2 * PAGE_SIZE, 0x77);
	return 0;
}

static void netbuf_test_fail_nth_site_realloc(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);

	/* A ring of one page at most: kvmalloc() has no vmalloc fallback. */
	netbuf_history_len = 16;
	netbuf_pages_fail_orders = T_ORDER_0_ONLY;
	t_sweep_base = t_alloc_op(test, ctx, 2 * PAGE_SIZE, NETBUF_OP_SITE,
				  0x61);
	t_fill(test, ctx, t_sweep_base, 0, 2 * PAGE_SIZE, 0x77);
	/* The record, the ring, the descriptor, its array, two pages. */
	KUNIT_EXPECT_GE(test, t_sweep(test, t_op_site_grow), 5);
}

/* A recorded free: the first allocates the ring; failing frees nothing. */
static int t_op_site_free(struct kunit *test, bool armed)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	struct netbuf_op op = { .flags = NETBUF_OP_SITE, .site = 0x71 };
	u64 size;

	if (armed)
		return netbuf_ctx_free_op(ctx, t_sweep_base, &op);
	if (!netbuf_ctx_size(ctx, t_sweep_base, &size)) {
		KUNIT_EXPECT_NULL(test, ctx->sites.ring);
		return 0;
	}
	KUNIT_EXPECT_EQ(test, t_whatis(ctx, t_sweep_base, 0).kind,
			NETBUF_WHATIS_FREED);
	/* Back to no ring, for the next round. */
	netbuf_ctx_teardown(ctx);
	netbuf_ctx_init(ctx, NULL, ((struct netbuf_test *)test->priv)->user,
			NULL);
	ctx->window_pages = T_WINDOW_PAGES;
	ctx->window_mapped = true;
	t_sweep_base = t_alloc(test, ctx, PAGE_SIZE);
	return 0;
}

static void netbuf_test_fail_nth_site_free(struct kunit *test)
{
	netbuf_history_len = 16;
	t_sweep_base = t_alloc(test, t_ctx(test), PAGE_SIZE);
	KUNIT_EXPECT_GE(test, t_sweep(test, t_op_site_free), 1);
}

static struct netbuf_ctx *t_sweep_ctx;

static int t_op_create(struct kunit *test, bool armed)
{
	long contexts = atomic_long_read(&netbuf_nr_contexts);

	if (armed) {
		t_sweep_ctx = netbuf_ctx_create(current->mm,
						KUIDT_INIT(T_UID + 1));
		return PTR_ERR_OR_ZERO(t_sweep_ctx);
	}
	if (!IS_ERR(t_sweep_ctx)) {
		netbuf_ctx_destroy(t_sweep_ctx);
		KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_contexts),
				contexts - 1);
	}
	return 0;
}

static void netbuf_test_fail_nth_context(struct kunit *test)
{
	long contexts = atomic_long_read(&netbuf_nr_contexts);

	KUNIT_ASSERT_EQ(test, kunit_attach_mm(), 0);
	/* The context, the user's budget and the inode. */
	KUNIT_EXPECT_GE(test, t_sweep(test, t_op_create), 3);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&netbuf_nr_contexts), contexts);
}

/* Produces the records' list; unarmed: checks nothing leaked and frees. */
static int t_op_produce(struct kunit *test, bool armed)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 size;

	if (armed) {
		t_sweep_offset = U64_MAX;
		return t_produce_records(ctx, T_RECORDS, &t_sweep_offset,
					 &size);
	}
	if (t_sweep_offset != U64_MAX)
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, t_sweep_offset), 0);
	KUNIT_EXPECT_EQ(test, ctx->live_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
	KUNIT_EXPECT_EQ(test, ctx->pending_pages, 0);
	KUNIT_EXPECT_EQ(test, ctx->pending_buffers, 0);
	return 0;
}

static void netbuf_test_fail_nth_produce(struct kunit *test)
{
	netbuf_pages_fail_orders = T_ORDER_0_ONLY;
	/* The descriptor, the page array and each of the 2 pages. */
	KUNIT_EXPECT_GE(test, t_sweep(test, t_op_produce), 4);
}

/* ---- the mapping path ---------------------------------------------------- */

#define T_MAP_PAGES	64UL

struct netbuf_map {
	struct netbuf_ctx *ctx;
	struct file *file;
	unsigned long addr;
};

static int netbuf_kunit_release(struct inode *inode, struct file *file)
{
	netbuf_ctx_destroy(file->private_data);
	return 0;
}

static const struct file_operations netbuf_kunit_fops = {
	.owner = THIS_MODULE,
	.mmap = netbuf_mmap,
	.release = netbuf_kunit_release,
};

KUNIT_DEFINE_ACTION_WRAPPER(t_fput, fput, struct file *);

/* A context of the test's own address space, as an open file would be. */
static struct netbuf_map *t_open(struct kunit *test)
{
	struct netbuf_map *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct netbuf_test *t = test->priv;

	KUNIT_ASSERT_NOT_NULL(test, m);
	t->mapped = true;
	KUNIT_ASSERT_EQ(test, kunit_attach_mm(), 0);
	m->ctx = netbuf_ctx_create(current->mm, current_uid());
	KUNIT_ASSERT_FALSE(test, IS_ERR(m->ctx));
	m->file = anon_inode_getfile("[netbuf-kunit]", &netbuf_kunit_fops,
				     m->ctx, O_RDWR);
	if (IS_ERR(m->file))
		netbuf_ctx_destroy(m->ctx);
	KUNIT_ASSERT_FALSE(test, IS_ERR(m->file));
	m->file->f_mapping = m->ctx->mapping;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, t_fput, m->file),
			0);
	return m;
}

static unsigned long t_mmap(struct kunit *test, struct netbuf_map *m,
			    unsigned long pages, unsigned long flags,
			    unsigned long pgoff)
{
	return kunit_vm_mmap(test, m->file, 0, pages << PAGE_SHIFT,
			     PROT_READ | PROT_WRITE, flags, pgoff << PAGE_SHIFT);
}

/* A context with its window mapped, MAP_SHARED as the library does. */
static struct netbuf_map *t_window(struct kunit *test)
{
	struct netbuf_map *m = t_open(test);

	m->addr = t_mmap(test, m, T_MAP_PAGES, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(m->addr));
	KUNIT_ASSERT_NE(test, m->addr, 0);
	return m;
}

/* Whether the process can read the byte at @uaddr. */
static bool t_user_readable(unsigned long uaddr)
{
	u8 c;

	return !copy_from_user(&c, (const void __user *)uaddr, 1);
}

static void netbuf_test_map_write_read(struct kunit *test)
{
	struct netbuf_map *m = t_window(test);
	u64 off = t_alloc(test, m->ctx, 2 * PAGE_SIZE);
	void __user *p = (void __user *)(m->addr + off);
	char buf[16] = "netbuf-kunit";
	char back[16] = {};

	KUNIT_EXPECT_EQ(test, copy_to_user(p + PAGE_SIZE - 4, buf, sizeof(buf)),
			0);
	KUNIT_EXPECT_EQ(test, copy_from_user(back, p + PAGE_SIZE - 4,
					     sizeof(back)), 0);
	KUNIT_EXPECT_MEMEQ(test, back, buf, sizeof(buf));
	/* The process wrote the buffer's own pages, across their border. */
	KUNIT_EXPECT_TRUE(test, t_holds(m->ctx, off, PAGE_SIZE - 4,
					PAGE_SIZE - 3, 'n'));
	KUNIT_EXPECT_TRUE(test, t_holds(m->ctx, off, PAGE_SIZE, PAGE_SIZE + 1,
					'u'));
}

static void netbuf_test_map_free_unmaps(struct kunit *test)
{
	struct netbuf_map *m = t_window(test);
	u64 off = t_alloc(test, m->ctx, 2 * PAGE_SIZE);
	unsigned long u = m->addr + off;

	KUNIT_EXPECT_EQ(test, put_user(0x42, (u8 __user *)u), 0);
	KUNIT_EXPECT_TRUE(test, t_user_readable(u + PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(m->ctx, off), 0);
	/* Neither page of the freed buffer is reachable any more. */
	KUNIT_EXPECT_FALSE(test, t_user_readable(u));
	KUNIT_EXPECT_FALSE(test, t_user_readable(u + PAGE_SIZE));
	KUNIT_EXPECT_NE(test, put_user(0x43, (u8 __user *)u), 0);
}

static void netbuf_test_map_guard_and_free_space_fault(struct kunit *test)
{
	struct netbuf_map *m = t_window(test);
	u64 off = t_alloc(test, m->ctx, PAGE_SIZE);

	KUNIT_EXPECT_TRUE(test, t_user_readable(m->addr + off));
	KUNIT_EXPECT_FALSE(test, t_user_readable(m->addr + off + PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, t_user_readable(m->addr +
						 (T_MAP_PAGES - 1) * PAGE_SIZE));
}

/*
 * Two small buffers on one shared page, each on its own window page: a
 * write through one reads back through the other's alias of the page;
 * freeing one unmaps its window page only.
 */
static void netbuf_test_map_small_aliases_free_one(struct kunit *test)
{
	struct netbuf_map *m = t_window(test);
	unsigned long ua, ub, alias;
	u64 a, b;
	u8 v = 0;

	netbuf_small_max = NETBUF_SMALL_MAX;
	KUNIT_ASSERT_EQ(test, netbuf_ctx_alloc(m->ctx, 100, &a), 0);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_alloc(m->ctx, 100, &b), 0);
	KUNIT_EXPECT_NE(test, a >> PAGE_SHIFT, b >> PAGE_SHIFT);
	KUNIT_EXPECT_PTR_EQ(test, t_page(m->ctx, a), t_page(m->ctx, b));
	ua = m->addr + a;
	ub = m->addr + b;
	alias = (ub & PAGE_MASK) + (a & (PAGE_SIZE - 1));
	KUNIT_EXPECT_EQ(test, put_user(0x5c, (u8 __user *)ua), 0);
	KUNIT_EXPECT_EQ(test, get_user(v, (u8 __user *)alias), 0);
	KUNIT_EXPECT_EQ(test, v, 0x5c);
	/* The guard page after each window page faults. */
	KUNIT_EXPECT_FALSE(test, t_user_readable((ua & PAGE_MASK) + PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(m->ctx, a), 0);
	KUNIT_EXPECT_FALSE(test, t_user_readable(ua));
	KUNIT_EXPECT_NE(test, put_user(0x5d, (u8 __user *)ua), 0);
	KUNIT_EXPECT_TRUE(test, t_user_readable(ub));
	/* Zeroed on free: the alias sees the slot empty. */
	KUNIT_EXPECT_EQ(test, get_user(v, (u8 __user *)alias), 0);
	KUNIT_EXPECT_EQ(test, v, 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(m->ctx, b), 0);
	KUNIT_EXPECT_FALSE(test, t_user_readable(ub));
}

static void netbuf_test_map_shrink_unmaps_tail(struct kunit *test)
{
	struct netbuf_map *m = t_window(test);
	u64 off = t_alloc(test, m->ctx, 3 * PAGE_SIZE), moved;

	KUNIT_EXPECT_TRUE(test, t_user_readable(m->addr + off + 2 * PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(m->ctx, off, 1, &moved), 0);
	KUNIT_EXPECT_TRUE(test, t_user_readable(m->addr + off));
	KUNIT_EXPECT_FALSE(test, t_user_readable(m->addr + off + PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, t_user_readable(m->addr + off + 2 * PAGE_SIZE));
}

static void netbuf_test_map_move_follows(struct kunit *test)
{
	struct netbuf_map *m = t_window(test);
	u64 off = t_alloc(test, m->ctx, PAGE_SIZE), moved = 0;
	u32 v = 0;

	KUNIT_EXPECT_EQ(test, put_user(0xfeedu, (u32 __user *)(m->addr + off)),
			0);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(m->ctx, off, 3 * PAGE_SIZE,
						 &moved), 0);
	KUNIT_EXPECT_NE(test, moved, off);
	KUNIT_EXPECT_FALSE(test, t_user_readable(m->addr + off));
	KUNIT_EXPECT_EQ(test, get_user(v, (u32 __user *)(m->addr + moved)), 0);
	KUNIT_EXPECT_EQ(test, v, 0xfeedu);
	KUNIT_EXPECT_TRUE(test, t_user_readable(m->addr + moved +
						2 * PAGE_SIZE));
}

static void netbuf_test_map_rules(struct kunit *test)
{
	struct netbuf_map *m = t_open(test);
	unsigned long addr;

	/* A private copy-on-write mapping would outlive frees. */
	addr = t_mmap(test, m, T_MAP_PAGES, MAP_PRIVATE, 0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
	addr = t_mmap(test, m, T_MAP_PAGES, MAP_SHARED, 1);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
	addr = t_mmap(test, m, T_MAP_PAGES, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	/* One window at a time. */
	KUNIT_EXPECT_EQ(test, (long)t_mmap(test, m, T_MAP_PAGES, MAP_SHARED, 0),
			-EBUSY);
}

static void netbuf_test_map_unmapped_window(struct kunit *test)
{
	struct netbuf_map *m = t_window(test);
	u64 off = t_alloc(test, m->ctx, PAGE_SIZE), offset;
	unsigned long addr;

	KUNIT_ASSERT_EQ(test, vm_munmap(m->addr, T_MAP_PAGES << PAGE_SHIFT), 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(m->ctx, 1, &offset), -ENXIO);
	/* Mapped again, it must keep its size; the buffer is still there. */
	addr = t_mmap(test, m, T_MAP_PAGES / 2, MAP_SHARED, 0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
	addr = t_mmap(test, m, T_MAP_PAGES, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_EXPECT_TRUE(test, t_user_readable(addr + off));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(m->ctx, 1, &offset), 0);
}

/* ---- netbuf_produce_begin(): whose file ------------------------------- */

/* Not a file of /dev/netbuf: no file, or another driver's file. */
static void netbuf_test_produce_begin_not_netbuf_file(struct kunit *test)
{
	struct netbuf_map *m = t_open(test);
	struct netbuf_produce p;

	KUNIT_EXPECT_EQ(test, netbuf_produce_begin(NULL, 100, &p), -EBADF);
	/* The test's own file holds a context, but not through netbuf_fops. */
	KUNIT_EXPECT_EQ(test, netbuf_produce_begin(m->file, 100, &p), -EBADF);
	KUNIT_EXPECT_EQ(test, m->ctx->live_buffers, 0);
}

/*
 * A real open of /dev/netbuf serves its opener's address space only: with
 * that address space the call works; without it (the thread has let go of
 * it, as another process would not have it) it is -EPERM and nothing is
 * reserved.
 */
static void netbuf_test_produce_begin_other_mm(struct kunit *test)
{
	struct netbuf_produce p;
	struct netbuf_ctx *ctx;
	struct mm_struct *mm;
	struct file *file;

	KUNIT_ASSERT_EQ(test, kunit_attach_mm(), 0);
	file = filp_open("/dev/netbuf", O_RDWR, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(file), "open /dev/netbuf: %ld",
			       PTR_ERR(file));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, t_fput, file),
			0);
	ctx = file->private_data;	/* what netbuf_open() put there */
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_EXPECT_PTR_EQ(test, ctx->mm, current->mm);
	/* Unmapped, so the opener itself gets -ENXIO: it passed the checks. */
	KUNIT_EXPECT_EQ(test, netbuf_produce_begin(file, 100, &p), -ENXIO);

	mm = current->mm;
	kthread_unuse_mm(mm);
	KUNIT_EXPECT_EQ(test, netbuf_produce_begin(file, 100, &p), -EPERM);
	kthread_use_mm(mm);
	KUNIT_EXPECT_EQ(test, ctx->live_buffers, 0);
}

/* Data, never code: no PROT_EXEC now, and no way to add it later. */
static void netbuf_test_map_never_exec(struct kunit *test)
{
	struct netbuf_map *m = t_open(test);
	struct vm_area_struct *vma;
	unsigned long addr;
	vm_flags_t flags = 0;

	addr = kunit_vm_mmap(test, m->file, 0, T_MAP_PAGES << PAGE_SHIFT,
			     PROT_READ | PROT_WRITE | PROT_EXEC, MAP_SHARED, 0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EPERM);
	/* The refusal took nothing: the window can still be mapped. */
	addr = t_mmap(test, m, T_MAP_PAGES, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, addr);
	if (vma)
		flags = vma->vm_flags;
	mmap_read_unlock(current->mm);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_EXPECT_FALSE(test, flags & (VM_EXEC | VM_MAYEXEC));
}

static unsigned long t_list_len(struct list_head *list)
{
	struct list_head *pos;
	unsigned long n = 0;

	list_for_each(pos, list)
		n++;
	return n;
}

/* Pages reserved for the page tables that mapping @npages at @start needs. */
static unsigned long t_tables_needed(struct kunit *test, struct netbuf_ctx *ctx,
				     pgoff_t start, unsigned long npages)
{
	struct netbuf_tables tables;
	unsigned long n;

	mmap_read_lock(ctx->mm);
	mutex_lock(&ctx->lock);
	KUNIT_EXPECT_EQ(test, netbuf_vm_reserve_tables(ctx, start, npages,
						       &tables), 0);
	n = t_list_len(&tables.pages);
	netbuf_vm_release_tables(&tables);
	mutex_unlock(&ctx->lock);
	mmap_read_unlock(ctx->mm);
	return n;
}

/*
 * The page tables a range lacks are reserved before mapping it, and an
 * allocation maps its pages at once, so a range that was allocated needs
 * none any more.
 */
static void netbuf_test_map_reserves_missing_tables(struct kunit *test)
{
	struct netbuf_map *m = t_window(test);
	unsigned long next_pmd = ALIGN(m->addr + 1, PMD_SIZE);
	u64 off;

	/* Nothing was ever mapped in the window: at least its PTE table. */
	KUNIT_EXPECT_GE(test, t_tables_needed(test, m->ctx, 0, 1), 1);
	KUNIT_EXPECT_LE(test, t_tables_needed(test, m->ctx, 0, 1), 4);
	off = t_alloc(test, m->ctx, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, t_tables_needed(test, m->ctx,
					      off >> PAGE_SHIFT, 1), 0);
	KUNIT_EXPECT_TRUE(test, t_user_readable(m->addr + off));
	/* A range over two PMD regions needs two PTE tables, at most. */
	if (next_pmd - m->addr < (T_MAP_PAGES - 1) << PAGE_SHIFT) {
		pgoff_t p = (next_pmd - m->addr) >> PAGE_SHIFT;

		KUNIT_EXPECT_GE(test, t_tables_needed(test, m->ctx, p - 1, 2),
				1);
	}
	/* Zero pages or no address space: nothing to reserve. */
	KUNIT_EXPECT_EQ(test, t_tables_needed(test, m->ctx, 0, 0), 0);
}

/* ---- read-only metadata (netbuf_meta.c) --------------------------------- */

static u64 t_meta(struct netbuf_ctx *ctx, u64 offset)
{
	u64 entry;

	mutex_lock(&ctx->lock);
	entry = netbuf_meta_entry(ctx, offset);
	mutex_unlock(&ctx->lock);
	return entry;
}

static u64 t_meta_want(u64 offset, u64 size)
{
	return size << NETBUF_META_SIZE_SHIFT | (offset & ~PAGE_MASK) |
	       NETBUF_META_VALID;
}

/* As if the process had mapped the metadata (netbuf_meta_mmap()). */
static void t_meta_map(struct netbuf_ctx *ctx)
{
	netbuf_size_metadata = 1;
	mutex_lock(&ctx->lock);
	ctx->meta.mapped = true;
	netbuf_meta_populate_locked(ctx);
	mutex_unlock(&ctx->lock);
}

/* Not mapped: nothing written, no page; mapping writes what is live. */
static void netbuf_test_meta_only_while_mapped(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	u64 a, z, s, gone;

	netbuf_size_metadata = 1;
	a = t_alloc(test, ctx, 3 * PAGE_SIZE);
	z = t_alloc(test, ctx, 0);
	s = t_small_alloc(test, ctx, 100);
	gone = t_alloc(test, ctx, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, gone), 0);
	KUNIT_EXPECT_EQ(test, ctx->meta.nr_pages, 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, a), 0);

	t_meta_map(ctx);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, a), t_meta_want(a, 3 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, t_meta(ctx, a + PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, z), t_meta_want(z, 0));
	KUNIT_EXPECT_EQ(test, t_meta(ctx, s), t_meta_want(s, 100));
	KUNIT_EXPECT_EQ(test, t_meta(ctx, gone), 0);
	KUNIT_EXPECT_GT(test, ctx->meta.nr_pages, 0);

	/* The mapping goes (netbuf_meta_vm_close()): so do the pages. */
	mutex_lock(&ctx->lock);
	ctx->meta.mapped = false;
	netbuf_meta_teardown(ctx);
	mutex_unlock(&ctx->lock);
	KUNIT_EXPECT_EQ(test, ctx->meta.nr_pages, 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), 0);
	t_alloc(test, ctx, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ctx->meta.nr_pages, 0);
}

/* Published at allocation, rewritten in place, moved, cleared at free. */
static void netbuf_test_meta_page_backed(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a, z, moved = 0;

	t_meta_map(ctx);
	a = t_alloc(test, ctx, PAGE_SIZE + 1);
	z = t_alloc(test, ctx, 0);

	KUNIT_EXPECT_EQ(test, t_meta(ctx, a), t_meta_want(a, PAGE_SIZE + 1));
	KUNIT_EXPECT_EQ(test, t_meta(ctx, a + PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, a + 2 * PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, z), t_meta_want(z, 0));
	KUNIT_EXPECT_EQ(test, ctx->meta.nr_pages, 1);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 2 * PAGE_SIZE, &moved),
			0);
	KUNIT_EXPECT_EQ(test, moved, a);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, a), t_meta_want(a, 2 * PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, a, 5 * PAGE_SIZE, &moved),
			0);
	KUNIT_EXPECT_NE(test, moved, a);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, a), 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, moved),
			t_meta_want(moved, 5 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, moved), 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, z), 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, moved), 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, z), 0);
	/* Empty, but kept: the next buffers will likely need it. */
	KUNIT_EXPECT_EQ(test, ctx->meta.nr_pages, 1);
}

/* A small buffer's entry holds its slot's offset in the window page. */
static void netbuf_test_meta_small(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_small_ctx(test);
	u64 a, b, moved = 0;

	t_meta_map(ctx);
	a = t_small_alloc(test, ctx, 100);
	b = t_small_alloc(test, ctx, 100);

	KUNIT_EXPECT_EQ(test, t_meta(ctx, a), t_meta_want(a, 100));
	KUNIT_EXPECT_EQ(test, t_meta(ctx, b), t_meta_want(b, 100));
	/* The second slot of the shared page: a start inside its page. */
	KUNIT_EXPECT_NE(test, b & ~PAGE_MASK, 0);
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, b, 110, &moved), 0);
	KUNIT_EXPECT_EQ(test, moved, b);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, b), t_meta_want(b, 110));
	KUNIT_ASSERT_EQ(test, netbuf_ctx_realloc(ctx, b, 1000, &moved), 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, b), 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, moved), t_meta_want(moved, 1000));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, moved), 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, a), 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, moved), 0);
}

/* Of the pages that empty, one is kept; the one kept before goes. */
static void netbuf_test_meta_pages_given_back(struct kunit *test)
{
	const unsigned long per_page = PAGE_SIZE / sizeof(u64);
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 off, first = U64_MAX;
	unsigned long pages = 0;

	t_meta_map(ctx);

	netbuf_max_buffers = 1U << 16;
	netbuf_max_bytes = SZ_64M;
	/* One-page buffers and their guard pages, over three metadata pages. */
	do {
		off = t_alloc(test, ctx, 1);
		first = min(first, off);
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off), 0);
		pages = max(pages, ctx->meta.nr_pages);
	} while ((off >> PAGE_SHIFT) - (first >> PAGE_SHIFT) < 2 * per_page);
	KUNIT_EXPECT_LE(test, pages, 2);
	KUNIT_EXPECT_EQ(test, ctx->meta.nr_pages, 1);
}

/*
 * A metadata page is charged whole to max_user_bytes; one that does not
 * fit there is not made, and the allocation succeeds without its entry.
 */
static void netbuf_test_meta_page_charged(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	u64 a, b, offset;

	t_meta_map(ctx);
	/* Room for a one-page buffer, not for its metadata page. */
	netbuf_max_user_bytes = netbuf_user_buffer_bytes(1);
	a = t_alloc(test, ctx, 1);
	KUNIT_EXPECT_EQ(test, ctx->meta.nr_pages, 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, a), 0);
	KUNIT_EXPECT_EQ(test, t_size(test, ctx, a), 1);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 0, &offset), -ENOMEM);
	/* Room for the page: made at the next buffer, and charged. */
	netbuf_max_user_bytes = 2 * netbuf_user_buffer_bytes(1) +
				netbuf_meta_page_bytes();
	b = t_alloc(test, ctx, 1);
	KUNIT_EXPECT_EQ(test, ctx->meta.nr_pages, 1);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, b), t_meta_want(b, 1));
	KUNIT_EXPECT_EQ(test, netbuf_ctx_alloc(ctx, 0, &offset), -ENOMEM);
	/* Off: pages made before stay, none is made after. */
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, a), 0);
	KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, b), 0);
	KUNIT_EXPECT_EQ(test, ctx->meta.nr_pages, 1);
	netbuf_meta_teardown(ctx);
	netbuf_meta_init(ctx);
	netbuf_size_metadata = 0;
	a = t_alloc(test, ctx, 1);
	KUNIT_EXPECT_EQ(test, ctx->meta.nr_pages, 0);
	KUNIT_EXPECT_EQ(test, t_meta(ctx, a), 0);
	/* Everything given back: two buffers fit again, without pages. */
	t_alloc(test, ctx, 1);
}

/*
 * A metadata page that cannot be had costs the allocation nothing: it
 * succeeds, without an entry (the process then asks the kernel).
 */
static void netbuf_test_fail_nth_meta(struct kunit *test)
{
	struct netbuf_ctx *ctx = t_ctx(test);
	unsigned int nth, absorbed = 0;
	u64 off, entry;
	int ret;

	t_meta_map(ctx);

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "CONFIG_FAULT_INJECTION is off");
	for (nth = 1; nth < 16; nth++) {
		netbuf_meta_teardown(ctx);
		netbuf_meta_init(ctx);
		t_fail_nth(nth);
		ret = netbuf_ctx_alloc(ctx, 1, &off);
		t_injected();
		if (ret) {
			KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
			continue;
		}
		entry = t_meta(ctx, off);
		if (!entry)
			absorbed++;
		else
			KUNIT_EXPECT_EQ(test, entry, t_meta_want(off, 1));
		KUNIT_EXPECT_EQ(test, t_size(test, ctx, off), 1);
		KUNIT_EXPECT_EQ(test, netbuf_ctx_free(ctx, off), 0);
	}
	KUNIT_EXPECT_GT_MSG(test, absorbed, 0, T_NO_INJECTION);
}

static struct kunit_case netbuf_test_cases[] = {
	KUNIT_CASE_PARAM(netbuf_test_alloc_boundary_sizes, netbuf_size_gen_params),
	KUNIT_CASE_PARAM(netbuf_test_realloc_boundary_sizes,
			 netbuf_size_gen_params),
	KUNIT_CASE(netbuf_test_alloc_distinct_offsets_with_guard),
	KUNIT_CASE(netbuf_test_alloc_zero_filled),
	KUNIT_CASE(netbuf_test_alloc_needs_window),
	KUNIT_CASE(netbuf_test_alloc_larger_than_window),
	KUNIT_CASE(netbuf_test_alloc_full_window_then_reuse),
	KUNIT_CASE(netbuf_test_freed_range_not_reused_at_once),
	KUNIT_CASE(netbuf_test_size_reports_requested_bytes),
	KUNIT_CASE(netbuf_test_unknown_offsets_rejected),
	KUNIT_CASE(netbuf_test_unknown_offsets_empty_table),
	KUNIT_CASE(netbuf_test_double_free),
	KUNIT_CASE(netbuf_test_free_leaves_neighbours),
	KUNIT_CASE(netbuf_test_realloc_grow_within_page_zeroes),
	KUNIT_CASE(netbuf_test_realloc_same_pages_in_place),
	KUNIT_CASE(netbuf_test_realloc_shrink_drops_tail),
	KUNIT_CASE(netbuf_test_realloc_grow_moves_pages),
	KUNIT_CASE(netbuf_test_realloc_to_zero_and_back),
	KUNIT_CASE(netbuf_test_realloc_grow_without_room),
	KUNIT_CASE(netbuf_test_limit_bytes_exact),
	KUNIT_CASE(netbuf_test_limit_buffers_exact),
	KUNIT_CASE(netbuf_test_limit_growth_exact),
	KUNIT_CASE(netbuf_test_limit_user_budget_exact),
	KUNIT_CASE(netbuf_test_user_budget_zero_size_bounded),
	KUNIT_CASE(netbuf_test_user_budget_follows_resize),
	KUNIT_CASE(netbuf_test_user_charges_cover_metadata),
	KUNIT_CASE(netbuf_test_user_budget_shared),
	KUNIT_CASE(netbuf_test_overflowing_sizes),
	KUNIT_CASE(netbuf_test_info_and_peak),
	KUNIT_CASE(netbuf_test_module_counters_follow),
	KUNIT_CASE(netbuf_test_teardown_with_live_buffers),
	KUNIT_CASE(netbuf_test_many_buffers_lookup),
	KUNIT_CASE(netbuf_test_fail_nth_alloc),
	KUNIT_CASE(netbuf_test_fail_nth_alloc_high_order),
	KUNIT_CASE_PARAM(netbuf_test_pages_order_fallback,
			 netbuf_order_gen_params),
	KUNIT_CASE(netbuf_test_pages_all_orders_fail),
	KUNIT_CASE(netbuf_test_pages_block_shrink_grow),
	KUNIT_CASE(netbuf_test_fail_nth_realloc_grow),
	KUNIT_CASE(netbuf_test_fail_nth_context),
	KUNIT_CASE(netbuf_test_small_classes_bound_waste),
	KUNIT_CASE(netbuf_test_small_pack_patterns),
	KUNIT_CASE(netbuf_test_small_bad_frees_refused),
	KUNIT_CASE(netbuf_test_small_quarantine_fifo),
	KUNIT_CASE(netbuf_test_small_overwrite_counted),
	KUNIT_CASE(netbuf_test_small_pages_given_back),
	KUNIT_CASE(netbuf_test_small_realloc_in_class_or_moves),
	KUNIT_CASE(netbuf_test_small_region_full_falls_back),
	KUNIT_CASE(netbuf_test_small_limits_exact),
	KUNIT_CASE(netbuf_test_fail_nth_small_alloc),
	KUNIT_CASE(netbuf_test_fail_nth_small_move),
	KUNIT_CASE(netbuf_test_site_recorded_until_free),
	KUNIT_CASE(netbuf_test_site_follows_realloc),
	KUNIT_CASE(netbuf_test_history_fifo_bound),
	KUNIT_CASE(netbuf_test_whatis_kinds),
	KUNIT_CASE(netbuf_test_whatis_next_live_walks),
	KUNIT_CASE(netbuf_test_guard_end_placement),
	KUNIT_CASE(netbuf_test_guard_start_placement),
	KUNIT_CASE(netbuf_test_sites_off_records_nothing),
	KUNIT_CASE(netbuf_test_site_limit_user_budget_exact),
	KUNIT_CASE(netbuf_test_site_charges_cover_memory),
	KUNIT_CASE(netbuf_test_fail_nth_site_alloc),
	KUNIT_CASE(netbuf_test_fail_nth_site_realloc),
	KUNIT_CASE(netbuf_test_fail_nth_site_free),
	KUNIT_CASE(netbuf_test_meta_page_backed),
	KUNIT_CASE(netbuf_test_meta_only_while_mapped),
	KUNIT_CASE(netbuf_test_meta_small),
	KUNIT_CASE(netbuf_test_meta_pages_given_back),
	KUNIT_CASE(netbuf_test_fail_nth_meta),
	KUNIT_CASE(netbuf_test_meta_page_charged),
	KUNIT_CASE(netbuf_test_produce_hidden_until_commit),
	KUNIT_CASE(netbuf_test_produce_abort_leaves_nothing),
	KUNIT_CASE(netbuf_test_produce_bounds),
	KUNIT_CASE(netbuf_test_produce_records),
	KUNIT_CASE(netbuf_test_fail_nth_produce),
	KUNIT_CASE(netbuf_test_map_write_read),
	KUNIT_CASE(netbuf_test_map_free_unmaps),
	KUNIT_CASE(netbuf_test_map_guard_and_free_space_fault),
	KUNIT_CASE(netbuf_test_map_small_aliases_free_one),
	KUNIT_CASE(netbuf_test_map_shrink_unmaps_tail),
	KUNIT_CASE(netbuf_test_map_move_follows),
	KUNIT_CASE(netbuf_test_map_rules),
	KUNIT_CASE(netbuf_test_map_unmapped_window),
	KUNIT_CASE(netbuf_test_produce_begin_not_netbuf_file),
	KUNIT_CASE(netbuf_test_produce_begin_other_mm),
	KUNIT_CASE(netbuf_test_map_never_exec),
	KUNIT_CASE(netbuf_test_map_reserves_missing_tables),
	{}
};

static struct kunit_suite netbuf_test_suite = {
	.name = "netbuf",
	.init = netbuf_test_init,
	.exit = netbuf_test_exit,
	.test_cases = netbuf_test_cases,
};

kunit_test_suite(netbuf_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of netbuf's buffer table and window");
MODULE_AUTHOR("The netbuf developers");
