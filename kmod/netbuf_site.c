// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation and free sites (ABI 5): with NETBUF_*_SITE a buffer carries a
 * record of the caller's site and thread, and a buffer freed with it
 * enters the context's history of freed buffers, a FIFO ring of
 * history_len entries (module parameter). NETBUF_IOC_WHATIS answers from
 * both and from the table of live buffers.
 *
 * Records of live buffers sit in an rbtree keyed by the buffer's start, so
 * that one can be moved to a buffer's new offset, or put in place, without
 * allocating anything once the operation can no longer fail. Everything is
 * allocated and charged before the context lock (netbuf_op_prepare()) and
 * what was not used is given back after it (netbuf_op_finish()). Without
 * the flags nothing is allocated, and the table's paths test one empty
 * rbtree.
 *
 * Names the user sees (netbuf(4) documents them):
 *   fdinfo  netbuf-sites-recorded     records made since open (buffers
 *                                     with a site, and freed buffers)
 *           netbuf-sites-live         live buffers with a record
 *           netbuf-freed-history      entries in the history
 *   sysfs   sites_recorded, sites_live, freed_history   the same,
 *                                     module-wide
 *           charge_site_bytes         max_user_bytes charge per record
 *           charge_history_bytes      and per history ring
 *   param   history_len
 */
#include <kunit/visibility.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include <linux/netbuf.h>

#include "netbuf_compat.h"
#include "netbuf_internal.h"

/*
 * 1024 entries of 48 bytes: 48 KiB, charged as the 64 KiB kvmalloc may
 * take, and only to a context that records frees. See netbuf(4) for the
 * measurement behind it.
 */
unsigned int netbuf_history_len = NETBUF_HISTORY_DEFAULT;
module_param_named(history_len, netbuf_history_len, uint, 0644);
MODULE_PARM_DESC(history_len,
		 "Freed buffers one context remembers for NETBUF_IOC_WHATIS, at most 65536 (default 1024; 0: none)");
EXPORT_SYMBOL_IF_KUNIT(netbuf_history_len);

atomic_long_t netbuf_nr_sites_recorded = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_sites_recorded);
atomic_long_t netbuf_nr_sites_live = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_sites_live);
atomic_long_t netbuf_nr_freed_history = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_freed_history);

/* The bits of the three requests' flags line up: one set of names. */
static_assert(NETBUF_REALLOC_SITE == NETBUF_OP_SITE);
static_assert(NETBUF_FREE_SITE == NETBUF_OP_SITE);
static_assert(NETBUF_REALLOC_GUARD_END == NETBUF_OP_GUARD_END);
static_assert(NETBUF_REALLOC_GUARD_START == NETBUF_OP_GUARD_START);

/**
 * netbuf_site_bytes() - what a record of a live buffer is charged
 *
 * kmalloc() serves it from a cache of at most the next power of two.
 *
 * Context: any.
 * Return: the bytes charged to max_user_bytes per record.
 */
u64 netbuf_site_bytes(void)
{
	return roundup_pow_of_two(sizeof(struct netbuf_site));
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_site_bytes);

/**
 * netbuf_history_bytes() - what a ring of @len entries is charged
 * @len: entries
 *
 * kvmalloc() takes at most the next power of two of the bytes (kmalloc),
 * or whole pages (vmalloc).
 *
 * Context: any.
 * Return: the bytes charged to max_user_bytes, 0 for no ring.
 */
u64 netbuf_history_bytes(u32 len)
{
	return len ? roundup_pow_of_two(len * sizeof(struct netbuf_freed)) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_history_bytes);

/*
 * A record or a ring the user's budget refuses: counted as any limit hit,
 * not as a failure to allocate (-EDQUOT says which, inside this file).
 */
static int netbuf_site_limit_hit(void)
{
	atomic_long_inc(&netbuf_nr_limit_hits[NETBUF_LIMIT_MAX_USER_BYTES]);
	return -EDQUOT;
}

static u32 netbuf_history_len_now(void)
{
	return min_t(u32, READ_ONCE(netbuf_history_len), NETBUF_HISTORY_MAX);
}

/**
 * netbuf_op_prepare_site() - netbuf_op_prepare() with NETBUF_OP_SITE
 * @ctx: the context
 * @op: the operation, as netbuf_op_prepare() passes it
 * @places: the operation leaves a buffer behind (alloc, realloc)
 * @frees: the operation may free a buffer (free, realloc)
 *
 * A record for the buffer left behind, and when the context has no
 * history ring yet, one. The calling thread is taken here.
 *
 * Context: no lock held; may sleep.
 * Return: 0, or -ENOMEM (memory, or max_user_bytes) with nothing held.
 */
int netbuf_op_prepare_site(struct netbuf_ctx *ctx, struct netbuf_op *op,
			   bool places, bool frees)
{
	u32 len = netbuf_history_len_now();
	int ret = -ENOMEM;

	op->tid = task_pid_vnr(current);
	if (places) {
		if (!netbuf_user_charge(ctx->user, netbuf_site_bytes())) {
			netbuf_site_limit_hit();
			return -ENOMEM;
		}
		op->rec = kzalloc_obj(*op->rec, NETBUF_META_GFP);
		if (!op->rec)
			goto out_uncharge_rec;
	}
	/* Unlocked peek: a ring installed meanwhile leaves ours unused. */
	if (frees && len && !READ_ONCE(ctx->sites.ring)) {
		if (!netbuf_user_charge(ctx->user, netbuf_history_bytes(len))) {
			ret = netbuf_site_limit_hit();
			goto out_free_rec;
		}
		op->ring = kvcalloc(len, sizeof(*op->ring), NETBUF_META_GFP);
		if (!op->ring)
			goto out_uncharge_ring;
		op->ring_len = len;
	}
	return 0;

out_uncharge_ring:
	netbuf_user_uncharge(ctx->user, netbuf_history_bytes(len));
out_free_rec:
	kfree(op->rec);
	op->rec = NULL;
out_uncharge_rec:
	if (places)
		netbuf_user_uncharge(ctx->user, netbuf_site_bytes());
	if (ret == -ENOMEM)
		atomic_long_inc(&netbuf_nr_alloc_failures);
	return -ENOMEM;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_op_prepare_site);

/**
 * netbuf_op_finish_held() - netbuf_op_finish() holding a record or ring
 * @ctx: the context
 * @op: as netbuf_op_prepare() left it, the used parts taken out
 *
 * Context: no lock held.
 */
void netbuf_op_finish_held(struct netbuf_ctx *ctx, struct netbuf_op *op)
{
	if (op->rec)
		netbuf_user_uncharge(ctx->user, netbuf_site_bytes());
	kfree(op->rec);
	op->rec = NULL;
	if (op->ring) {
		kvfree(op->ring);
		op->ring = NULL;
		netbuf_user_uncharge(ctx->user,
				     netbuf_history_bytes(op->ring_len));
	}
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_op_finish_held);

static struct netbuf_site *netbuf_site_find(struct netbuf_ctx *ctx, u64 start)
{
	struct rb_node *node = ctx->sites.live.rb_node;
	struct netbuf_site *rec;

	while (node) {
		rec = rb_entry(node, struct netbuf_site, node);
		if (start < rec->start)
			node = node->rb_left;
		else if (start > rec->start)
			node = node->rb_right;
		else
			return rec;
	}
	return NULL;
}

static void netbuf_site_insert(struct netbuf_ctx *ctx, struct netbuf_site *rec)
{
	struct rb_node **link = &ctx->sites.live.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (rec->start < rb_entry(parent, struct netbuf_site,
					  node)->start)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&rec->node, parent, link);
	rb_insert_color(&rec->node, &ctx->sites.live);
}

static void netbuf_site_free(struct netbuf_ctx *ctx, struct netbuf_site *rec)
{
	rb_erase(&rec->node, &ctx->sites.live);
	ctx->sites.nr_live--;
	atomic_long_dec(&netbuf_nr_sites_live);
	kfree(rec);
	netbuf_user_uncharge(ctx->user, netbuf_site_bytes());
}

/* The freed buffer at @start joins the history; the oldest may go. */
static void netbuf_history_push(struct netbuf_ctx *ctx, struct netbuf_op *op,
				u64 start, u64 size,
				const struct netbuf_site *rec)
{
	struct netbuf_sites *s = &ctx->sites;
	struct netbuf_freed *e;

	if (!s->ring && op->ring) {
		WRITE_ONCE(s->ring, op->ring);
		s->len = op->ring_len;
		op->ring = NULL;
	}
	/* history_len 0 when the first free was recorded: no history. */
	if (!s->ring)
		return;
	if (s->count == s->len) {
		s->head = (s->head + 1) % s->len;
		s->count--;
		atomic_long_dec(&netbuf_nr_freed_history);
	}
	e = &s->ring[(s->head + s->count) % s->len];
	e->start = start;
	e->size = size;
	e->alloc_site = rec ? rec->site : 0;
	e->alloc_tid = rec ? rec->tid : 0;
	e->free_site = op->site;
	e->free_tid = op->tid;
	e->freed_ns = ktime_get_ns();
	s->count++;
	s->recorded++;
	atomic_long_inc(&netbuf_nr_freed_history);
	atomic_long_inc(&netbuf_nr_sites_recorded);
}

/**
 * netbuf_site_moved_locked() - a buffer changed offset, or left
 * @ctx: the context
 * @op: the operation (NULL: one that records nothing)
 * @old: the buffer's start before
 * @old_size: its size before
 * @new: its start now; U64_MAX when it is gone (free)
 *
 * A buffer that moved or went is recorded in the history when @op asks
 * for sites; the record of the buffer left behind is @op's new one if it
 * has one, else the old one, moved along. Allocates nothing, cannot fail.
 *
 * Context: @ctx->lock held, in the same hold as the change to the table.
 */
void netbuf_site_moved_locked(struct netbuf_ctx *ctx, struct netbuf_op *op,
			      u64 old, u64 old_size, u64 new)
{
	struct netbuf_site *rec = NULL;

	lockdep_assert_held(&ctx->lock);
	if (!RB_EMPTY_ROOT(&ctx->sites.live))
		rec = netbuf_site_find(ctx, old);
	if (new != old && op && op->flags & NETBUF_OP_SITE)
		netbuf_history_push(ctx, op, old, old_size, rec);
	if (rec && (new == U64_MAX || (op && op->rec))) {
		netbuf_site_free(ctx, rec);
		rec = NULL;
	}
	if (new == U64_MAX)
		return;
	if (rec && new != old) {
		rb_erase(&rec->node, &ctx->sites.live);
		rec->start = new;
		netbuf_site_insert(ctx, rec);
	}
	if (op && op->rec)
		netbuf_site_placed_locked(ctx, op, new);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_site_moved_locked);

/**
 * netbuf_site_placed_locked() - a new buffer at @start takes @op's record
 * @ctx: the context
 * @op: the operation, or NULL
 * @start: the buffer's start
 *
 * Context: @ctx->lock held, in the same hold as the buffer is placed.
 */
void netbuf_site_placed_locked(struct netbuf_ctx *ctx, struct netbuf_op *op,
			       u64 start)
{
	struct netbuf_site *rec = op ? op->rec : NULL;

	lockdep_assert_held(&ctx->lock);
	if (!rec)
		return;
	op->rec = NULL;
	rec->start = start;
	rec->site = op->site;
	rec->tid = op->tid;
	netbuf_site_insert(ctx, rec);
	ctx->sites.nr_live++;
	ctx->sites.recorded++;
	atomic_long_inc(&netbuf_nr_sites_live);
	atomic_long_inc(&netbuf_nr_sites_recorded);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_site_placed_locked);

/* Fills @w from the record of the live buffer at @start, if any. */
void netbuf_site_live_locked(struct netbuf_ctx *ctx, u64 start,
			     struct netbuf_whatis *w)
{
	struct netbuf_site *rec = NULL;

	if (!RB_EMPTY_ROOT(&ctx->sites.live))
		rec = netbuf_site_find(ctx, start);
	if (rec) {
		w->alloc_site = rec->site;
		w->alloc_tid = rec->tid;
	}
}

/* Window pages [first, first + n] of an entry: its pages and guard page. */
static bool netbuf_freed_covers(const struct netbuf_freed *e, u64 offset)
{
	u64 first = e->start >> PAGE_SHIFT;
	u64 n = DIV_ROUND_UP(e->start + e->size, PAGE_SIZE) - first;
	u64 pg = offset >> PAGE_SHIFT;

	if (!e->size)
		n = 0;
	return pg >= first && pg <= first + n;
}

/**
 * netbuf_history_find_locked() - the latest freed buffer around @offset
 * @ctx: the context
 * @offset: an offset in the window
 * @w: out: kind FREED and the entry's fields when one matches
 *
 * Context: @ctx->lock held.
 * Return: true if an entry of the history covers @offset.
 */
bool netbuf_history_find_locked(struct netbuf_ctx *ctx, u64 offset,
				struct netbuf_whatis *w)
{
	struct netbuf_sites *s = &ctx->sites;
	const struct netbuf_freed *e;
	u32 i;

	lockdep_assert_held(&ctx->lock);
	for (i = s->count; i-- > 0;) {
		e = &s->ring[(s->head + i) % s->len];
		if (!netbuf_freed_covers(e, offset))
			continue;
		w->kind = NETBUF_WHATIS_FREED;
		w->start = e->start;
		w->size = e->size;
		w->alloc_site = e->alloc_site;
		w->alloc_tid = e->alloc_tid;
		w->free_site = e->free_site;
		w->free_tid = e->free_tid;
		w->age_ns = ktime_get_ns() - e->freed_ns;
		return true;
	}
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_history_find_locked);

/**
 * netbuf_site_teardown() - give back every record and the history
 * @ctx: the context, which nothing uses any more
 *
 * Context: the last user of @ctx.
 */
void netbuf_site_teardown(struct netbuf_ctx *ctx)
{
	struct netbuf_sites *s = &ctx->sites;
	struct netbuf_site *rec, *next;

	rbtree_postorder_for_each_entry_safe(rec, next, &s->live, node) {
		kfree(rec);
		netbuf_user_uncharge(ctx->user, netbuf_site_bytes());
	}
	atomic_long_sub(s->nr_live, &netbuf_nr_sites_live);
	s->live = RB_ROOT;
	s->nr_live = 0;
	atomic_long_sub(s->count, &netbuf_nr_freed_history);
	if (s->ring) {
		kvfree(s->ring);
		netbuf_user_uncharge(ctx->user, netbuf_history_bytes(s->len));
	}
	s->ring = NULL;
	s->count = 0;
	s->len = 0;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_site_teardown);
