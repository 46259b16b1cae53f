// SPDX-License-Identifier: GPL-2.0
/*
 * The pages behind page-backed buffers, taken from the page allocator in
 * the largest blocks it gives cheaply and given back in batches.
 *
 * A buffer of n pages asks first for a block of the largest order that
 * fits in n (at most NETBUF_MAX_ORDER), without reclaim, compaction or
 * retries: a high order is taken only where the allocator has one free
 * at once. When an order fails the walk goes down one order and stays
 * there for the rest of the buffer, so a fragmented machine costs one
 * failed try per order, not one per block. Order 0 is the allocation of
 * old (NETBUF_GFP): it may reclaim, and a memory-cgroup limit or a
 * shortage fails it instead of waking the OOM killer.
 *
 * Every block is split (split_page()) into order-0 pages, each holding a
 * reference and a memory-cgroup charge of its own, so mapping, shrinking
 * in place, moving and freeing work page by page exactly as with pages
 * taken one by one. Zeroing is the allocator's (__GFP_ZERO, block by
 * block); freeing goes through release_pages(), which gives back a batch
 * of pages under one zone lock instead of one put_page() each.
 */
#include <kunit/visibility.h>
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sysfs.h>

#include "netbuf_compat.h"
#include "netbuf_internal.h"

/* Blocks taken per order since the module was loaded (sysfs). */
atomic_long_t netbuf_nr_blocks[NETBUF_MAX_ORDER + 1];
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_blocks);
/* Orders that failed and made an allocation go down one order (sysfs). */
atomic_long_t netbuf_nr_order_fallbacks = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_order_fallbacks);

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * Orders whose blocks the KUnit suite makes fail, one bit each, before
 * the page allocator is asked: the fallback walk can then be driven to
 * any order, order 0 included, on any machine.
 */
unsigned long netbuf_pages_fail_orders;
EXPORT_SYMBOL_IF_KUNIT(netbuf_pages_fail_orders);
#endif

/* Pages put per release_pages() call: bounds the time without a resched. */
#define NETBUF_RELEASE_BATCH	512

/*
 * High orders: what is free at once or nothing. No direct reclaim (hence
 * no compaction stall), no kswapd woken for a block we can do without, no
 * retries, no emergency reserves; charged and zeroed as order 0 is.
 */
#define NETBUF_HIGH_GFP	((NETBUF_GFP & ~(__GFP_RECLAIM | __GFP_RETRY_MAYFAIL)) | \
			 __GFP_NORETRY | __GFP_NOMEMALLOC)

static struct page *netbuf_block_alloc(unsigned int order)
{
#if IS_ENABLED(CONFIG_KUNIT)
	if (READ_ONCE(netbuf_pages_fail_orders) & BIT(order))
		return NULL;
#endif
	return alloc_pages(order ? NETBUF_HIGH_GFP : NETBUF_GFP, order);
}

/* The order of the next block for @left pages, at most @order. */
static unsigned int netbuf_block_order(unsigned long left, unsigned int order)
{
	return min_t(unsigned int, order, ilog2(left));
}

/**
 * netbuf_pages_get() - @npages zeroed order-0 pages, in high-order blocks
 * @pages: out: the pages, each holding one reference of ours
 * @npages: how many
 *
 * Runs with no lock held; sleeps. Each page can be mapped, put or handed
 * on by itself.
 *
 * Return: 0, -ENOMEM (nothing held then) or -EINTR (killed).
 */
int netbuf_pages_get(struct page **pages, unsigned long npages)
{
	unsigned int order = NETBUF_MAX_ORDER, i;
	unsigned long done = 0;
	struct page *block;
	int ret;

	while (done < npages) {
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			goto out_put_pages;
		}
		order = netbuf_block_order(npages - done, order);
		while (!(block = netbuf_block_alloc(order)) && order) {
			atomic_long_inc(&netbuf_nr_order_fallbacks);
			order--;
		}
		if (!block) {
			atomic_long_inc(&netbuf_nr_alloc_failures);
			ret = -ENOMEM;
			goto out_put_pages;
		}
		atomic_long_inc(&netbuf_nr_blocks[order]);
		if (order)
			split_page(block, order);
		for (i = 0; i < (1U << order); i++)
			pages[done++] = block + i;
		atomic_long_add(1L << order, &netbuf_nr_held_pages);
		cond_resched();
	}
	return 0;

out_put_pages:
	netbuf_pages_put(pages, done);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_pages_get);

/**
 * netbuf_pages_put() - drop our reference of each page, in batches
 * @pages: the pages
 * @npages: how many
 *
 * A page that something else still holds (a GUP pin) lives on until that
 * is released: a leak, never a reuse.
 */
void netbuf_pages_put(struct page **pages, unsigned long npages)
{
	unsigned long done, n;

	for (done = 0; done < npages; done += n) {
		n = min_t(unsigned long, npages - done, NETBUF_RELEASE_BATCH);
		release_pages(pages + done, n);
		cond_resched();
	}
	atomic_long_sub(npages, &netbuf_nr_held_pages);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_pages_put);

/* sysfs blocks_by_order: blocks taken per order since load, order 0 first. */
ssize_t netbuf_pages_orders_show(char *buf)
{
	ssize_t len = 0;
	int order;

	for (order = 0; order <= NETBUF_MAX_ORDER; order++)
		len += sysfs_emit_at(buf, len, "%s%ld", order ? " " : "",
				     atomic_long_read(&netbuf_nr_blocks[order]));
	return len + sysfs_emit_at(buf, len, "\n");
}

/* sysfs high_order_blocks: blocks of order 1 or more taken since load. */
long netbuf_pages_high_order_blocks(void)
{
	long sum = 0;
	int order;

	for (order = 1; order <= NETBUF_MAX_ORDER; order++)
		sum += atomic_long_read(&netbuf_nr_blocks[order]);
	return sum;
}
