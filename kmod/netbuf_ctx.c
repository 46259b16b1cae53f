// SPDX-License-Identifier: GPL-2.0
/*
 * The table of live buffers of one context: where each buffer sits in the
 * window, the pages behind it, the limits, resize and free. The ioctls have
 * copied their arguments in already; nothing here touches user memory, so
 * nothing here can fault into the window while holding the context lock.
 */
#include <kunit/visibility.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include <linux/netbuf.h>

#include "netbuf_compat.h"
#include "netbuf_internal.h"

static struct kmem_cache *netbuf_buffer_cache;

/*
 * Ids of open contexts, handed out cyclically so that a closed context's
 * id is not seen again soon; 0 is never an id (it asks for no check).
 */
static DEFINE_XARRAY_ALLOC1(netbuf_ctx_ids);
static u32 netbuf_ctx_next_id;

int netbuf_buffer_cache_init(void)
{
	netbuf_buffer_cache = KMEM_CACHE(netbuf_buffer, SLAB_ACCOUNT);
	return netbuf_buffer_cache ? 0 : -ENOMEM;
}

void netbuf_buffer_cache_exit(void)
{
	kmem_cache_destroy(netbuf_buffer_cache);
}

void netbuf_ctx_init(struct netbuf_ctx *ctx, struct mm_struct *mm,
		     struct netbuf_user *user, struct address_space *mapping)
{
	mutex_init(&ctx->lock);
	ctx->buffers = RB_ROOT;
	xa_init(&ctx->starts);
	ctx->mm = mm;
	ctx->user = user;
	ctx->mapping = mapping;
	netbuf_small_init(ctx);
	ctx->sites = (struct netbuf_sites){ .live = RB_ROOT };
	netbuf_meta_init(ctx);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_init);

/* A refused request counts once, under the first limit it exceeds. */
static int netbuf_limit_hit(enum netbuf_limit limit)
{
	atomic_long_inc(&netbuf_nr_limit_hits[limit]);
	return -ENOMEM;
}

/**
 * netbuf_ctx_create() - a new context for the address space @mm
 * @mm: the only address space that may use the context; held until
 *      netbuf_ctx_destroy()
 * @uid: the user whose budget the context and its buffers are charged to
 *
 * The context gets its own address_space, which the file that maps it
 * must use as its f_mapping. The context itself is charged to @uid's
 * max_user_bytes (netbuf_user_context_bytes()) until netbuf_ctx_destroy().
 *
 * Return: the context, or an ERR_PTR() (-ENOMEM: no memory, or the user's
 * budget would be exceeded).
 */
struct netbuf_ctx *netbuf_ctx_create(struct mm_struct *mm, kuid_t uid)
{
	struct netbuf_user *user;
	struct netbuf_ctx *ctx;
	struct inode *inode;
	int ret = -ENOMEM;

	ctx = kzalloc_obj(*ctx, NETBUF_META_GFP);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	user = netbuf_user_get(uid);
	if (!user)
		goto out_free_ctx;
	if (!netbuf_user_charge(user, netbuf_user_context_bytes())) {
		ret = netbuf_limit_hit(NETBUF_LIMIT_MAX_USER_BYTES);
		goto out_put_user;
	}
	inode = netbuf_inode_new();
	if (IS_ERR(inode)) {
		ret = PTR_ERR(inode);
		goto out_uncharge_user;
	}
	if (xa_alloc_cyclic(&netbuf_ctx_ids, &ctx->id, ctx, xa_limit_32b,
			    &netbuf_ctx_next_id, NETBUF_META_GFP) < 0)
		goto out_put_inode;
	mmgrab(mm);
	netbuf_ctx_init(ctx, mm, user, inode->i_mapping);
	atomic_long_inc(&netbuf_nr_contexts);
	return ctx;

out_put_inode:
	iput(inode);
out_uncharge_user:
	netbuf_user_uncharge(user, netbuf_user_context_bytes());
out_put_user:
	netbuf_user_put(user);
out_free_ctx:
	kfree(ctx);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_create);

/* Frees a context from netbuf_ctx_create() that nothing maps any more. */
void netbuf_ctx_destroy(struct netbuf_ctx *ctx)
{
	struct inode *inode = ctx->mapping->host;

	netbuf_ctx_teardown(ctx);
	xa_erase(&netbuf_ctx_ids, ctx->id);
	netbuf_user_uncharge(ctx->user, netbuf_user_context_bytes());
	netbuf_user_put(ctx->user);
	mmdrop(ctx->mm);
	iput(inode);
	kfree(ctx);
	atomic_long_dec(&netbuf_nr_contexts);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_destroy);

/* Pages needed for @size bytes, without an addition that could overflow. */
static u64 netbuf_size_to_pages(u64 size)
{
	return (size >> PAGE_SHIFT) + !!(size & (PAGE_SIZE - 1));
}

/* First window page after the buffer and its guard page. */
static pgoff_t netbuf_buffer_end(const struct netbuf_buffer *buf)
{
	return buf->start + buf->npages + 1;
}

/* Frees the descriptor only; its pages have been put or handed on. */
static void netbuf_buffer_free(struct netbuf_buffer *buf)
{
	if (buf->pages != &buf->inline_page)
		kvfree(buf->pages);
	kmem_cache_free(netbuf_buffer_cache, buf);
	atomic_long_dec(&netbuf_nr_descriptors);
}

static struct netbuf_buffer *netbuf_buffer_new(unsigned long npages)
{
	struct netbuf_buffer *buf;

	buf = kmem_cache_zalloc(netbuf_buffer_cache, NETBUF_META_GFP);
	if (!buf)
		return NULL;
	atomic_long_inc(&netbuf_nr_descriptors);
	if (npages <= 1) {
		buf->pages = &buf->inline_page;
		return buf;
	}
	buf->pages = kvmalloc_array(npages, sizeof(*buf->pages),
				    NETBUF_META_GFP);
	if (!buf->pages) {
		netbuf_buffer_free(buf);
		return NULL;
	}
	return buf;
}

/*
 * A descriptor with room for @npages pages, of which [@first, @npages) are
 * allocated and zeroed here; the caller fills the first @first slots. Runs
 * with no lock held.
 */
static struct netbuf_buffer *netbuf_buffer_prepare(unsigned long npages,
						   unsigned long first)
{
	struct netbuf_buffer *buf = netbuf_buffer_new(npages);
	int ret;

	if (!buf) {
		atomic_long_inc(&netbuf_nr_alloc_failures);
		return ERR_PTR(-ENOMEM);
	}
	ret = netbuf_pages_get(buf->pages + first, npages - first);
	if (ret) {
		netbuf_buffer_free(buf);
		return ERR_PTR(ret);
	}
	return buf;
}

/* Undoes netbuf_buffer_prepare() for a buffer that was never placed. */
static void netbuf_buffer_discard(struct netbuf_buffer *buf,
				  unsigned long npages, unsigned long first)
{
	netbuf_pages_put(buf->pages + first, npages - first);
	netbuf_buffer_free(buf);
}

/* The buffer with the highest start not above @pgoff, if any. */
static struct netbuf_buffer *netbuf_floor(struct netbuf_ctx *ctx,
					  pgoff_t pgoff)
{
	struct rb_node *node = ctx->buffers.rb_node;
	struct netbuf_buffer *best = NULL, *buf;

	while (node) {
		buf = rb_entry(node, struct netbuf_buffer, node);
		if (buf->start <= pgoff) {
			best = buf;
			node = node->rb_right;
		} else {
			node = node->rb_left;
		}
	}
	return best;
}

static void netbuf_insert(struct netbuf_ctx *ctx, struct netbuf_buffer *buf)
{
	struct rb_node **link = &ctx->buffers.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (buf->start < rb_entry(parent, struct netbuf_buffer,
					  node)->start)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&buf->node, parent, link);
	rb_insert_color(&buf->node, &ctx->buffers);
}

/* Takes the buffer out of the tree and the index of starts. */
static void netbuf_unlink(struct netbuf_ctx *ctx, struct netbuf_buffer *buf)
{
	rb_erase(&buf->node, &ctx->buffers);
	xa_erase(&ctx->starts, buf->start);
	netbuf_meta_clear(ctx, (u64)buf->start << PAGE_SHIFT);
}

/*
 * The live buffer that starts exactly at byte @offset, if any. Free, Size
 * and Reallocate look buffers up by their start: the index answers in a
 * few steps however many buffers are live, where the tree would walk
 * twice its depth through descriptors scattered over memory.
 */
static struct netbuf_buffer *netbuf_lookup(struct netbuf_ctx *ctx, u64 offset)
{
	struct netbuf_buffer *buf;

	if ((offset >> PAGE_SHIFT) >= ctx->window_pages)
		return NULL;
	buf = xa_load(&ctx->starts, offset >> PAGE_SHIFT);
	/* A page boundary, or a GUARD_END buffer's start in its page. */
	if (buf && (offset & (PAGE_SIZE - 1)) != netbuf_buffer_head(buf))
		return NULL;
	return buf;
}

/* The offset a page-backed buffer starts at. */
static u64 netbuf_buffer_offset(const struct netbuf_buffer *buf)
{
	return ((u64)buf->start << PAGE_SHIFT) + netbuf_buffer_head(buf);
}

struct page *netbuf_ctx_page_at(struct netbuf_ctx *ctx, pgoff_t pgoff)
{
	struct netbuf_buffer *buf;

	lockdep_assert_held(&ctx->lock);
	if (netbuf_small_owns(ctx, (u64)pgoff << PAGE_SHIFT))
		return netbuf_small_page_at(ctx, pgoff);
	buf = netbuf_floor(ctx, pgoff);
	if (!buf || pgoff - buf->start >= buf->npages)
		return NULL;
	/* A buffer still being produced is not the process's yet. */
	if (xa_load(&ctx->starts, buf->start) != buf)
		return NULL;
	return buf->pages[pgoff - buf->start];
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_page_at);

/* First fit for @span pages in [@pos, @end), or false. */
static bool netbuf_room_in(struct netbuf_ctx *ctx, pgoff_t pos, pgoff_t end,
			   unsigned long span, pgoff_t *start)
{
	struct netbuf_buffer *buf = netbuf_floor(ctx, pos);
	struct rb_node *node;

	if (!buf)
		node = rb_first(&ctx->buffers);
	else if (netbuf_buffer_end(buf) <= pos)
		node = rb_next(&buf->node);
	else
		node = &buf->node;

	for (; node; node = rb_next(node)) {
		buf = rb_entry(node, struct netbuf_buffer, node);
		if (pos + span <= buf->start)
			break;
		pos = max(pos, netbuf_buffer_end(buf));
		if (pos + span > end)
			return false;
	}
	if (pos + span > end)
		return false;
	*start = pos;
	return true;
}

/* End of the part of the window for page-backed buffers: the rest is small. */
static pgoff_t netbuf_pages_end(const struct netbuf_ctx *ctx)
{
	return ctx->small.pairs ? ctx->small.start : ctx->window_pages;
}

/*
 * Next fit from the cursor, wrapping once: a freed range is handed out
 * again only after the cursor has gone round the window, which keeps
 * double-free and use-after-free detection working for as long as possible.
 */
static bool netbuf_find_room(struct netbuf_ctx *ctx, unsigned long span,
			     pgoff_t *start)
{
	pgoff_t end = netbuf_pages_end(ctx);

	return netbuf_room_in(ctx, ctx->cursor, end, span, start) ||
	       netbuf_room_in(ctx, 0, end, span, start);
}

/*
 * Window room for @npages pages and their guard page. Checked before the
 * pages are allocated (so that a request that cannot fit fails at once and
 * @npages is known to fit an unsigned long) and again when placing them.
 */
static int netbuf_find_place(struct netbuf_ctx *ctx, u64 npages,
			     pgoff_t *start)
{
	/* Offsets handed out without a window could never be reached. */
	if (!ctx->window_mapped)
		return -ENXIO;
	if (npages >= netbuf_pages_end(ctx) ||
	    !netbuf_find_room(ctx, npages + 1, start)) {
		atomic_long_inc(&netbuf_nr_alloc_failures);
		return -ENOMEM;
	}
	return 0;
}

/*
 * Room for the buffer, and its slot in the index of starts reserved, so
 * that placing it can no longer fail: all that can fail is done before
 * anything changes.
 */
static int netbuf_find_slot(struct netbuf_ctx *ctx, u64 npages,
			    pgoff_t *start)
{
	int ret = netbuf_find_place(ctx, npages, start);

	if (ret)
		return ret;
	ret = xa_reserve(&ctx->starts, *start, NETBUF_META_GFP);
	if (ret)
		atomic_long_inc(&netbuf_nr_alloc_failures);
	return ret;
}

/**
 * netbuf_account() - count placed pages and buffers in or out
 * @ctx: the context
 * @pages: pages placed (negative: gone)
 * @buffers: buffers placed (negative: gone)
 *
 * The peak follows: pages come in only where they are really placed
 * (netbuf_settle()). What the user was charged is given back separately
 * (netbuf_user_uncharge()).
 *
 * Context: @ctx->lock held, or @ctx no longer reachable (teardown).
 */
void netbuf_account(struct netbuf_ctx *ctx, long pages, long buffers)
{
	ctx->live_pages += pages;
	ctx->live_buffers += buffers;
	ctx->peak_pages = max(ctx->peak_pages, ctx->live_pages);
	atomic_long_add(pages, &netbuf_nr_pages);
	atomic_long_add(buffers, &netbuf_nr_buffers);
}

/*
 * A buffer of @npages pages leaves the table: pages, charge, and the count
 * of buffers unless another buffer takes its place (@buffers 0).
 */
static void netbuf_account_gone(struct netbuf_ctx *ctx, unsigned long npages,
				unsigned int buffers)
{
	netbuf_account(ctx, -(long)npages, -(long)buffers);
	netbuf_user_uncharge(ctx->user, netbuf_user_buffer_bytes(npages));
}

/**
 * netbuf_charge_locked() - take room in the limits before allocating
 * @ctx: the context
 * @pages: pages, out of max_bytes
 * @buffers: buffers, out of max_buffers
 * @bytes: bytes, out of the user's max_user_bytes
 *
 * Taken before the memory is allocated, so that allocations running in
 * parallel cannot overshoot the limits together. The charges stay pending
 * until placed (netbuf_settle()) or given back (netbuf_uncharge_locked()).
 *
 * Context: @ctx->lock held.
 * Return: 0, or -ENOMEM counted under the first limit exceeded.
 */
int netbuf_charge_locked(struct netbuf_ctx *ctx, u64 pages,
			 unsigned int buffers, u64 bytes)
{
	u64 max_pages = READ_ONCE(netbuf_max_bytes) >> PAGE_SHIFT;

	lockdep_assert_held(&ctx->lock);
	if (ctx->live_pages + ctx->pending_pages + pages > max_pages)
		return netbuf_limit_hit(NETBUF_LIMIT_MAX_BYTES);
	if (ctx->live_buffers + ctx->pending_buffers + buffers >
	    READ_ONCE(netbuf_max_buffers))
		return netbuf_limit_hit(NETBUF_LIMIT_MAX_BUFFERS);
	if (!netbuf_user_charge(ctx->user, bytes))
		return netbuf_limit_hit(NETBUF_LIMIT_MAX_USER_BYTES);
	ctx->pending_pages += pages;
	ctx->pending_buffers += buffers;
	return 0;
}

/**
 * netbuf_settle() - pending charges become live: the memory is placed
 * @ctx: the context
 * @pages: pages charged by netbuf_charge_locked()
 * @buffers: buffers charged by netbuf_charge_locked()
 *
 * Context: @ctx->lock held.
 */
void netbuf_settle(struct netbuf_ctx *ctx, unsigned long pages,
		   unsigned int buffers)
{
	lockdep_assert_held(&ctx->lock);
	ctx->pending_pages -= pages;
	ctx->pending_buffers -= buffers;
	netbuf_account(ctx, pages, buffers);
}

/**
 * netbuf_uncharge_locked() - give back charges of a refused request
 * @ctx: the context
 * @pages: as given to netbuf_charge_locked()
 * @buffers: as given to netbuf_charge_locked()
 * @bytes: as given to netbuf_charge_locked()
 *
 * Context: @ctx->lock held.
 */
void netbuf_uncharge_locked(struct netbuf_ctx *ctx, u64 pages,
			    unsigned int buffers, u64 bytes)
{
	lockdep_assert_held(&ctx->lock);
	ctx->pending_pages -= pages;
	ctx->pending_buffers -= buffers;
	netbuf_user_uncharge(ctx->user, bytes);
}

static void netbuf_uncharge(struct netbuf_ctx *ctx, u64 pages,
			    unsigned int buffers, u64 bytes)
{
	mutex_lock(&ctx->lock);
	netbuf_uncharge_locked(ctx, pages, buffers, bytes);
	mutex_unlock(&ctx->lock);
}

/*
 * Room in the window and in the limits, taken under the lock. The window
 * check comes first: it bounds @npages, so the charges cannot overflow.
 */
static int netbuf_precharge_locked(struct netbuf_ctx *ctx, u64 npages,
				   u64 pages, unsigned int buffers, u64 bytes)
{
	pgoff_t start;
	int ret;

	lockdep_assert_held(&ctx->lock);
	ret = netbuf_find_place(ctx, npages, &start);
	if (!ret)
		ret = netbuf_charge_locked(ctx, pages, buffers, bytes);
	return ret;
}

/*
 * Takes the range in the tree, so nothing else is placed there, while its
 * slot in the index of starts stays only reserved: lookups by offset (Free,
 * Size, Reallocate) and faults do not find the buffer yet.
 */
static void netbuf_place_hidden(struct netbuf_ctx *ctx,
				struct netbuf_buffer *buf, pgoff_t start,
				unsigned long npages, u64 size)
{
	buf->start = start;
	buf->npages = npages;
	buf->size = size;
	netbuf_insert(ctx, buf);
	ctx->cursor = netbuf_buffer_end(buf);
}

/* Into the slot netbuf_find_slot() reserved: allocates nothing. */
static void netbuf_publish(struct netbuf_ctx *ctx, struct netbuf_buffer *buf)
{
	xa_store(&ctx->starts, buf->start, buf, GFP_NOWAIT);
	netbuf_meta_set(ctx, netbuf_buffer_offset(buf), buf->size);
}

static void netbuf_place(struct netbuf_ctx *ctx, struct netbuf_buffer *buf,
			 pgoff_t start, unsigned long npages, u64 size)
{
	netbuf_place_hidden(ctx, buf, start, npages, size);
	netbuf_publish(ctx, buf);
}

/* Zeroes bytes [@from, @to) of the buffer (counted from its start). */
static void netbuf_zero_range(struct netbuf_buffer *buf, u64 from, u64 to)
{
	u64 head = netbuf_buffer_head(buf);
	size_t off, len;

	from += head;
	to += head;
	while (from < to) {
		off = from & (PAGE_SIZE - 1);
		len = min_t(u64, PAGE_SIZE - off, to - from);
		memzero_page(buf->pages[from >> PAGE_SHIFT], off, len);
		from += len;
	}
}

/*
 * Paths that map pages take mmap_lock before the context lock, the order a
 * page fault takes them in. Pages are allocated before either is taken, so
 * a large allocation never stalls faults or mmap in other threads.
 */
static int netbuf_lock_for_mapping(struct netbuf_ctx *ctx)
{
	if (ctx->mm && mmap_read_lock_killable(ctx->mm))
		return -EINTR;
	mutex_lock(&ctx->lock);
	return 0;
}

static void netbuf_unlock_for_mapping(struct netbuf_ctx *ctx)
{
	mutex_unlock(&ctx->lock);
	if (ctx->mm)
		mmap_read_unlock(ctx->mm);
}

/*
 * Memory for the page tables that mapping @npages pages at @start may
 * need, taken before the point of no return: at a memory cgroup's limit
 * the request fails here instead of vm_insert_pages() waking the OOM
 * killer. The slot netbuf_find_slot() reserved is released on failure.
 */
static int netbuf_reserve_tables(struct netbuf_ctx *ctx, pgoff_t start,
				 unsigned long npages,
				 struct netbuf_tables *tables)
{
	int ret = netbuf_vm_reserve_tables(ctx, start, npages, tables);

	if (ret) {
		xa_release(&ctx->starts, start);
		atomic_long_inc(&netbuf_nr_alloc_failures);
	}
	return ret;
}

/*
 * Charges, allocates and places a new buffer of @size bytes. A visible one
 * is mapped at once; a hidden one waits for netbuf_ctx_publish(). @buffers
 * is 0 for a hidden buffer that will take the place of another (a move):
 * its pages stay pending until the other is gone and the move settles
 * them, so it counts no new buffer and no peak that never was; being
 * hidden, nobody can free it meanwhile.
 */
static int netbuf_ctx_add(struct netbuf_ctx *ctx, u64 size, bool hidden,
			  unsigned int buffers, bool guard_end,
			  struct netbuf_op *op, struct netbuf_buffer **bufp,
			  u64 *offset)
{
	u64 npages = netbuf_size_to_pages(size);
	u64 bytes = netbuf_user_buffer_bytes(npages);
	struct netbuf_buffer *buf;
	struct netbuf_tables tables;
	pgoff_t start;
	int ret;

	mutex_lock(&ctx->lock);
	ret = netbuf_precharge_locked(ctx, npages, npages, buffers, bytes);
	mutex_unlock(&ctx->lock);
	if (ret)
		return ret;

	buf = netbuf_buffer_prepare(npages, 0);
	if (IS_ERR(buf)) {
		ret = PTR_ERR(buf);
		goto out_uncharge;
	}
	buf->guard_end = guard_end && size;
	ret = netbuf_lock_for_mapping(ctx);
	if (ret)
		goto out_discard;
	/* The window may have been filled or unmapped meanwhile. */
	ret = netbuf_find_slot(ctx, npages, &start);
	if (!ret && !hidden)
		ret = netbuf_reserve_tables(ctx, start, npages, &tables);
	if (!ret) {
		netbuf_place_hidden(ctx, buf, start, npages, size);
		if (buffers)
			netbuf_settle(ctx, npages, buffers);
	}
	if (!ret && !hidden) {
		netbuf_publish(ctx, buf);
		netbuf_site_placed_locked(ctx, op, netbuf_buffer_offset(buf));
		netbuf_vm_map_buffer(ctx, buf, &tables);
	}
	netbuf_unlock_for_mapping(ctx);
	if (!ret) {
		*bufp = buf;
		*offset = netbuf_buffer_offset(buf);
		return 0;
	}

out_discard:
	netbuf_buffer_discard(buf, npages, 0);
out_uncharge:
	netbuf_uncharge(ctx, npages, buffers, bytes);
	return ret;
}

/**
 * netbuf_ctx_alloc_op() - allocate a buffer as an ALLOC request asks
 * @ctx: the context
 * @size: bytes
 * @op: NETBUF_OP_SITE records @op->site with the buffer; the placement
 *      flags give it pages of its own, at the end (GUARD_END) or the
 *      start (GUARD_START) of its window pages
 * @offset: out: the buffer's offset
 *
 * Return: 0, -ENOMEM, -ENXIO (no window) or -EINTR.
 */
int netbuf_ctx_alloc_op(struct netbuf_ctx *ctx, u64 size, struct netbuf_op *op,
			u64 *offset)
{
	struct netbuf_buffer *buf;
	int ret;

	ret = netbuf_op_prepare(ctx, op, true, false);
	if (ret)
		return ret;
	if (!(op->flags & NETBUF_OP_GUARD) && netbuf_small_wanted(size)) {
		ret = netbuf_lock_for_mapping(ctx);
		if (ret)
			goto out_finish;
		ret = netbuf_small_alloc(ctx, size, NULL, offset);
		if (!ret)
			netbuf_site_placed_locked(ctx, op, *offset);
		netbuf_unlock_for_mapping(ctx);
		/* No room in the small region: the buffer gets pages. */
		if (ret != -ENOSPC)
			goto out_finish;
	}
	ret = netbuf_ctx_add(ctx, size, false, 1,
			     op->flags & NETBUF_OP_GUARD_END, op, &buf, offset);
out_finish:
	netbuf_op_finish(ctx, op);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_alloc_op);

int netbuf_ctx_alloc(struct netbuf_ctx *ctx, u64 size, u64 *offset)
{
	struct netbuf_op op = {};

	return netbuf_ctx_alloc_op(ctx, size, &op, offset);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_alloc);

/*
 * Same or fewer pages: the buffer stays where it is. Dropped tail pages
 * leave every mapping before they are put; growth within the last page is
 * zeroed, since the process may have written past its old size.
 */
static void netbuf_resize_in_place(struct netbuf_ctx *ctx,
				   struct netbuf_buffer *buf,
				   unsigned long npages, u64 size)
{
	unsigned long dropped = buf->npages - npages;

	if (dropped) {
		netbuf_vm_unmap(ctx, buf->start + npages, dropped);
		netbuf_pages_put(buf->pages + npages, dropped);
		netbuf_account(ctx, -(long)dropped, 0);
		netbuf_user_uncharge(ctx->user,
				     netbuf_user_buffer_bytes(buf->npages) -
				     netbuf_user_buffer_bytes(npages));
		buf->npages = npages;
	} else if (size > buf->size) {
		netbuf_zero_range(buf, buf->size, size);
	}
	buf->size = size;
	netbuf_meta_set(ctx, netbuf_buffer_offset(buf), size);
}

/*
 * More pages: @grown, holding the new zeroed pages after room for the old
 * ones, takes the old pages and the buffer's place in the table at a new
 * range, so the contents are kept without a copy. The old range is
 * unmapped before the slack of its last page is zeroed and before the
 * pages appear at the new range.
 */
static void netbuf_move(struct netbuf_ctx *ctx, struct netbuf_buffer *old,
			struct netbuf_buffer *grown, pgoff_t start,
			unsigned long npages, u64 size,
			struct netbuf_tables *tables)
{
	memcpy(grown->pages, old->pages, old->npages * sizeof(*old->pages));
	netbuf_unlink(ctx, old);
	netbuf_vm_unmap(ctx, old->start, old->npages);
	netbuf_zero_range(grown, old->size, (u64)old->npages << PAGE_SHIFT);
	netbuf_place(ctx, grown, start, npages, size);
	netbuf_settle(ctx, npages - old->npages, 0);
	netbuf_vm_map_buffer(ctx, grown, tables);
	netbuf_buffer_free(old);
}

/*
 * The live buffer at @offset, small or not: its size, and in *@bufp its
 * descriptor, NULL for a small buffer.
 */
static int netbuf_find_locked(struct netbuf_ctx *ctx, u64 offset,
			      struct netbuf_buffer **bufp, u64 *size)
{
	struct netbuf_buffer *buf;

	lockdep_assert_held(&ctx->lock);
	*bufp = NULL;
	if (netbuf_small_owns(ctx, offset))
		return netbuf_small_size(ctx, offset, size);
	buf = netbuf_lookup(ctx, offset);
	if (!buf)
		return -EINVAL;
	*bufp = buf;
	*size = buf->size;
	return 0;
}

/* Size of the live buffer at @offset, small or not. */
static int netbuf_size_locked(struct netbuf_ctx *ctx, u64 offset, u64 *size)
{
	struct netbuf_buffer *buf;

	return netbuf_find_locked(ctx, offset, &buf, size);
}

/* Copies @len bytes between two live buffers, through the kernel's map. */
static void netbuf_copy_locked(struct netbuf_ctx *ctx, u64 dst, u64 src,
			       u64 len)
{
	size_t doff, soff, n;

	while (len) {
		doff = dst & (PAGE_SIZE - 1);
		soff = src & (PAGE_SIZE - 1);
		n = min3(len, (u64)(PAGE_SIZE - doff), (u64)(PAGE_SIZE - soff));
		memcpy_page(netbuf_ctx_page_at(ctx, dst >> PAGE_SHIFT), doff,
			    netbuf_ctx_page_at(ctx, src >> PAGE_SHIFT), soff, n);
		dst += n;
		src += n;
		len -= n;
	}
}

/*
 * The buffer netbuf_find_locked() found at @offset in this hold of the
 * lock (@buf, NULL for a small buffer) leaves the table: unmapped at once,
 * its charge given back, its count too unless another takes its place
 * (@buffers 0). A page-backed one is returned for netbuf_drop() after the
 * lock.
 */
static struct netbuf_buffer *netbuf_remove_found_locked(struct netbuf_ctx *ctx,
							u64 offset,
							struct netbuf_buffer *buf,
							unsigned int buffers)
{
	lockdep_assert_held(&ctx->lock);
	if (!buf) {
		netbuf_small_free(ctx, offset, buffers);
		return NULL;
	}
	/* Under the lock, so no fault can map a page again after this. */
	netbuf_unlink(ctx, buf);
	netbuf_vm_unmap(ctx, buf->start, buf->npages);
	netbuf_account_gone(ctx, buf->npages, buffers);
	return buf;
}

/* Puts the pages of a buffer netbuf_remove_found_locked() took out. */
static void netbuf_drop(struct netbuf_buffer *buf)
{
	if (!buf)
		return;
	netbuf_pages_put(buf->pages, buf->npages);
	netbuf_buffer_free(buf);
}

/*
 * A hidden buffer that was never published goes, pages and all; one that
 * was to take another's place (@buffers 0) had its pages still pending.
 */
static void netbuf_unreserve(struct netbuf_ctx *ctx, struct netbuf_buffer *buf,
			     unsigned int buffers)
{
	mutex_lock(&ctx->lock);
	/* Releases the reserved slot too; no fault could map a page of it. */
	netbuf_unlink(ctx, buf);
	if (buffers)
		netbuf_account_gone(ctx, buf->npages, buffers);
	else
		netbuf_uncharge_locked(ctx, buf->npages, 0,
				       netbuf_user_buffer_bytes(buf->npages));
	mutex_unlock(&ctx->lock);
	netbuf_drop(buf);
}

/*
 * The new buffer at @new, just placed, takes the place of the one
 * netbuf_find_locked() found at @offset (@old): the first @len bytes are
 * copied, then the old one goes.
 */
static struct netbuf_buffer *netbuf_replace_locked(struct netbuf_ctx *ctx,
						   u64 offset,
						   struct netbuf_buffer *old,
						   u64 new, u64 len)
{
	netbuf_copy_locked(ctx, new, offset, len);
	return netbuf_remove_found_locked(ctx, offset, old, 0);
}

/*
 * Moves the buffer at @offset into a new small buffer of @size bytes.
 * Return: 0, -ENOSPC (no room in the small region: nothing changed), or
 * as netbuf_ctx_realloc().
 */
static int netbuf_relocate_to_small(struct netbuf_ctx *ctx, u64 offset,
				    u64 size, struct netbuf_op *op,
				    u64 *new_offset)
{
	struct netbuf_buffer *old, *gone = NULL;
	unsigned int pending;
	u64 old_size;
	int ret;

	ret = netbuf_lock_for_mapping(ctx);
	if (ret)
		return ret;
	ret = netbuf_find_locked(ctx, offset, &old, &old_size);
	if (!ret)
		ret = netbuf_small_alloc(ctx, size, &pending, new_offset);
	if (!ret) {
		netbuf_site_moved_locked(ctx, op, offset, old_size,
					 *new_offset);
		gone = netbuf_replace_locked(ctx, offset, old, *new_offset,
					     min(old_size, size));
		netbuf_settle(ctx, pending, 0);
	}
	netbuf_unlock_for_mapping(ctx);
	netbuf_drop(gone);
	return ret;
}

/*
 * Moves the buffer at @offset into a new page-backed buffer of @size
 * bytes, reserved hidden (so nobody can free it meanwhile) and published
 * in the same hold of the lock as the old one goes.
 */
static int netbuf_relocate_to_pages(struct netbuf_ctx *ctx, u64 offset,
				    u64 size, struct netbuf_op *op,
				    u64 *new_offset)
{
	struct netbuf_buffer *grown, *old, *gone = NULL;
	struct netbuf_tables tables;
	u64 old_size;
	int ret;

	ret = netbuf_ctx_add(ctx, size, true, 0,
			     op->flags & NETBUF_OP_GUARD_END, NULL, &grown,
			     new_offset);
	if (ret)
		return ret;
	ret = netbuf_lock_for_mapping(ctx);
	if (ret)
		goto out_unreserve;
	ret = netbuf_find_locked(ctx, offset, &old, &old_size);
	if (!ret) {
		netbuf_publish(ctx, grown);
		netbuf_site_moved_locked(ctx, op, offset, old_size,
					 *new_offset);
		gone = netbuf_replace_locked(ctx, offset, old, *new_offset,
					     min(old_size, size));
		netbuf_settle(ctx, grown->npages, 0);
		if (!netbuf_vm_reserve_tables(ctx, grown->start, grown->npages,
					      &tables))
			netbuf_vm_map_buffer(ctx, grown, &tables);
	}
	netbuf_unlock_for_mapping(ctx);
	netbuf_drop(gone);
	if (!ret)
		return 0;

out_unreserve:
	netbuf_unreserve(ctx, grown, 0);
	return ret;
}

/*
 * A buffer that must move: into a slot when it is small and no placement
 * flag asks for pages, else (or when the small region has no room) pages.
 */
static int netbuf_relocate(struct netbuf_ctx *ctx, u64 offset, u64 size,
			   struct netbuf_op *op, u64 *new_offset)
{
	int ret = -ENOSPC;

	if (!(op->flags & NETBUF_OP_GUARD) && netbuf_small_wanted(size))
		ret = netbuf_relocate_to_small(ctx, offset, size, op,
					       new_offset);
	if (ret == -ENOSPC)
		ret = netbuf_relocate_to_pages(ctx, offset, size, op,
					       new_offset);
	return ret;
}

/*
 * Whether the page-backed @buf must move to be placed as @flags ask: a
 * GUARD_END buffer stays only while its end stays its last page's end
 * (same size rounded to NETBUF_BUFFER_ALIGN); a buffer placed so leaves
 * that placement when no flag asks for it again.
 */
static bool netbuf_misplaced(const struct netbuf_buffer *buf, u64 size,
			     unsigned int flags)
{
	if (flags & NETBUF_OP_GUARD_END)
		return !buf->guard_end ||
		       round_up(size, NETBUF_BUFFER_ALIGN) !=
		       round_up((u64)buf->size, NETBUF_BUFFER_ALIGN);
	return netbuf_buffer_head(buf);
}

/* A small buffer resized in place, or -EXDEV: it must move. */
static int netbuf_small_resize_op(struct netbuf_ctx *ctx, u64 offset,
				  u64 size, struct netbuf_op *op)
{
	u64 old_size;
	int ret;

	mutex_lock(&ctx->lock);
	if (op->flags & NETBUF_OP_GUARD)
		ret = netbuf_small_size(ctx, offset, &old_size) ?: -EXDEV;
	else
		ret = netbuf_small_resize(ctx, offset, size);
	if (!ret)
		netbuf_site_moved_locked(ctx, op, offset, 0, offset);
	mutex_unlock(&ctx->lock);
	return ret;
}

static int netbuf_ctx_resize(struct netbuf_ctx *ctx, u64 offset, u64 size,
			     struct netbuf_op *op, u64 *new_offset)
{
	u64 npages = netbuf_size_to_pages(size), more, bytes, old_size;
	struct netbuf_buffer *buf, *grown;
	unsigned long old_npages;
	struct netbuf_tables tables;
	pgoff_t start;
	int ret;

	/* A buffer of size 0 has no page: no placement to ask for. */
	if (!size)
		op->flags &= ~NETBUF_OP_GUARD;
	mutex_lock(&ctx->lock);
	if (netbuf_small_owns(ctx, offset)) {
		mutex_unlock(&ctx->lock);
		ret = netbuf_small_resize_op(ctx, offset, size, op);
		if (!ret)
			*new_offset = offset;
		if (ret != -EXDEV)
			return ret;
		return netbuf_relocate(ctx, offset, size, op, new_offset);
	}
	buf = netbuf_lookup(ctx, offset);
	if (buf && netbuf_misplaced(buf, size, op->flags)) {
		mutex_unlock(&ctx->lock);
		return netbuf_relocate(ctx, offset, size, op, new_offset);
	}
	if (buf && ctx->small.pairs && !(op->flags & NETBUF_OP_GUARD) &&
	    netbuf_small_wanted(size)) {
		mutex_unlock(&ctx->lock);
		ret = netbuf_relocate_to_small(ctx, offset, size, op,
					       new_offset);
		if (ret != -ENOSPC && ret != -ENXIO && ret != -ENOMEM)
			return ret;
		/*
		 * No slot (no room, no window, or the limits refuse a new
		 * shared page): shrink in place, as without small buffers;
		 * a shrink never fails for want of memory.
		 */
		mutex_lock(&ctx->lock);
		buf = netbuf_lookup(ctx, offset);
	}
	if (!buf) {
		mutex_unlock(&ctx->lock);
		return -EINVAL;
	}
	if (npages <= buf->npages) {
		netbuf_resize_in_place(ctx, buf, npages, size);
		/* Not misplaced: a GUARD_END buffer here starts at 0 or stays. */
		buf->guard_end = !!(op->flags & NETBUF_OP_GUARD_END);
		/* The start, as the caller named it, with the head it now has. */
		netbuf_meta_set(ctx, offset, size);
		netbuf_site_moved_locked(ctx, op, offset, 0, offset);
		mutex_unlock(&ctx->lock);
		*new_offset = offset;
		return 0;
	}
	old_npages = buf->npages;
	more = npages - old_npages;
	bytes = netbuf_user_buffer_bytes(npages) -
		netbuf_user_buffer_bytes(old_npages);
	ret = netbuf_precharge_locked(ctx, npages, more, 0, bytes);
	mutex_unlock(&ctx->lock);
	if (ret)
		return ret;

	grown = netbuf_buffer_prepare(npages, old_npages);
	if (IS_ERR(grown)) {
		ret = PTR_ERR(grown);
		goto out_uncharge;
	}
	ret = netbuf_lock_for_mapping(ctx);
	if (ret)
		goto out_discard;
	/* Freed or resized by another thread while the lock was dropped? */
	buf = netbuf_lookup(ctx, offset);
	if (!buf || buf->npages != old_npages)
		ret = -EINVAL;
	else
		ret = netbuf_find_slot(ctx, npages, &start);
	if (!ret)
		ret = netbuf_reserve_tables(ctx, start, npages, &tables);
	if (!ret) {
		old_size = buf->size;
		netbuf_move(ctx, buf, grown, start, npages, size, &tables);
		*new_offset = (u64)start << PAGE_SHIFT;
		netbuf_site_moved_locked(ctx, op, offset, old_size,
					 *new_offset);
	}
	netbuf_unlock_for_mapping(ctx);
	if (!ret)
		return 0;

out_discard:
	netbuf_buffer_discard(grown, npages, old_npages);
out_uncharge:
	netbuf_uncharge(ctx, more, 0, bytes);
	return ret;
}

/**
 * netbuf_ctx_realloc_op() - resize a buffer as a REALLOC request asks
 * @ctx: the context
 * @offset: a live buffer's start
 * @size: its new size
 * @op: NETBUF_OP_SITE records @op->site with the resized buffer, and the
 *      old one in the history when it moves; the placement flags as for
 *      netbuf_ctx_alloc_op(): the buffer moves unless it is placed so
 * @new_offset: out: where the buffer is now
 *
 * Return: 0, -EINVAL (no buffer at @offset), -ENOMEM, -ENXIO or -EINTR;
 * on failure the buffer is unchanged.
 */
int netbuf_ctx_realloc_op(struct netbuf_ctx *ctx, u64 offset, u64 size,
			  struct netbuf_op *op, u64 *new_offset)
{
	int ret = netbuf_op_prepare(ctx, op, true, true);

	if (ret)
		return ret;
	ret = netbuf_ctx_resize(ctx, offset, size, op, new_offset);
	netbuf_op_finish(ctx, op);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_realloc_op);

int netbuf_ctx_realloc(struct netbuf_ctx *ctx, u64 offset, u64 size,
		       u64 *new_offset)
{
	struct netbuf_op op = {};

	return netbuf_ctx_realloc_op(ctx, offset, size, &op, new_offset);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_realloc);

int netbuf_ctx_size(struct netbuf_ctx *ctx, u64 offset, u64 *size)
{
	int ret;

	mutex_lock(&ctx->lock);
	ret = netbuf_size_locked(ctx, offset, size);
	mutex_unlock(&ctx->lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_size);

/**
 * netbuf_ctx_free_op() - free a buffer as a FREE request asks
 * @ctx: the context
 * @offset: a live buffer's start
 * @op: NETBUF_OP_SITE puts the buffer in the history, @op->site as the
 *      free site
 *
 * Return: 0, -EINVAL (no buffer at @offset), or -ENOMEM when the history
 * is to be recorded and its ring cannot be allocated (nothing freed).
 */
int netbuf_ctx_free_op(struct netbuf_ctx *ctx, u64 offset,
		       struct netbuf_op *op)
{
	struct netbuf_buffer *gone = NULL, *buf;
	u64 size;
	int ret;

	ret = netbuf_op_prepare(ctx, op, false, true);
	if (ret)
		return ret;
	mutex_lock(&ctx->lock);
	/* One lookup: the history does not change the table. */
	ret = netbuf_find_locked(ctx, offset, &buf, &size);
	if (!ret) {
		netbuf_site_moved_locked(ctx, op, offset, size, U64_MAX);
		gone = netbuf_remove_found_locked(ctx, offset, buf, 1);
	}
	mutex_unlock(&ctx->lock);
	netbuf_drop(gone);
	netbuf_op_finish(ctx, op);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_free_op);

int netbuf_ctx_free(struct netbuf_ctx *ctx, u64 offset)
{
	struct netbuf_op op = {};

	return netbuf_ctx_free_op(ctx, offset, &op);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_free);

/**
 * netbuf_ctx_reserve() - a buffer the process cannot see yet
 * @ctx: the context
 * @size: bytes, at least 1
 * @bufp: out: the buffer, zero-filled, for netbuf_ctx_publish() or
 *        netbuf_ctx_unreserve()
 * @offset: out: its offset in the window
 *
 * Charged and placed like an allocation, so limits and counters see it at
 * once, but hidden from lookups by offset and from faults until published.
 *
 * Return: 0, -ENOMEM, -ENXIO (no window) or -EINTR.
 */
int netbuf_ctx_reserve(struct netbuf_ctx *ctx, u64 size,
		       struct netbuf_buffer **bufp, u64 *offset)
{
	return netbuf_ctx_add(ctx, size, true, 1, false, NULL, bufp, offset);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_reserve);

/*
 * Hands a reserved buffer to the process: from here on it is an ordinary
 * live buffer, mapped at once where the memory for its page tables can be
 * reserved, else by faults. Cannot fail. Not killable: the mmap lock is
 * held for a moment only, and a half-published buffer must not exist.
 */
void netbuf_ctx_publish(struct netbuf_ctx *ctx, struct netbuf_buffer *buf)
{
	struct netbuf_tables tables;

	if (ctx->mm)
		mmap_read_lock(ctx->mm);
	mutex_lock(&ctx->lock);
	netbuf_publish(ctx, buf);
	if (!netbuf_vm_reserve_tables(ctx, buf->start, buf->npages, &tables))
		netbuf_vm_map_buffer(ctx, buf, &tables);
	netbuf_unlock_for_mapping(ctx);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_publish);

/* Gives back a reserved buffer that was never published, pages and all. */
void netbuf_ctx_unreserve(struct netbuf_ctx *ctx, struct netbuf_buffer *buf)
{
	netbuf_unreserve(ctx, buf, 1);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_unreserve);

/* Published: in the index of starts, not hidden while being produced. */
static bool netbuf_published(struct netbuf_ctx *ctx, struct netbuf_buffer *buf)
{
	return xa_load(&ctx->starts, buf->start) == buf;
}

/**
 * netbuf_meta_populate_locked() - the entries of every live buffer
 * @ctx: the context, whose metadata has just been mapped
 *
 * What netbuf_publish() and the small allocator would have written had
 * the metadata been mapped all along; buffers still being produced get
 * theirs when published.
 *
 * Context: @ctx->lock held (and i_mmap_rwsem not); may sleep.
 */
void netbuf_meta_populate_locked(struct netbuf_ctx *ctx)
{
	struct netbuf_buffer *buf;
	struct rb_node *node;

	lockdep_assert_held(&ctx->lock);
	for (node = rb_first(&ctx->buffers); node; node = rb_next(node)) {
		buf = rb_entry(node, struct netbuf_buffer, node);
		if (netbuf_published(ctx, buf))
			netbuf_meta_set(ctx, netbuf_buffer_offset(buf),
					buf->size);
		cond_resched();
	}
	netbuf_small_meta_populate(ctx);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_meta_populate_locked);

/* The kind of @offset among the page-backed buffers: LIVE, GUARD or NONE. */
static int netbuf_pages_whatis(struct netbuf_ctx *ctx, u64 offset,
			       struct netbuf_buffer **bufp)
{
	pgoff_t pg = offset >> PAGE_SHIFT;
	struct netbuf_buffer *buf = netbuf_floor(ctx, pg);

	*bufp = buf;
	if (!buf || !netbuf_published(ctx, buf))
		return NETBUF_WHATIS_NONE;
	/* A buffer of size 0 owns its one page, which maps nothing. */
	if (pg - buf->start < buf->npages || (!buf->npages && pg == buf->start))
		return NETBUF_WHATIS_LIVE;
	if (pg - buf->start == buf->npages)
		return NETBUF_WHATIS_GUARD;
	return NETBUF_WHATIS_NONE;
}

/* The first published page-backed buffer starting at or after @offset. */
static struct netbuf_buffer *netbuf_next_live(struct netbuf_ctx *ctx,
					      u64 offset)
{
	struct netbuf_buffer *buf = netbuf_floor(ctx, offset >> PAGE_SHIFT);
	struct rb_node *node = buf ? &buf->node : rb_first(&ctx->buffers);

	for (; node; node = rb_next(node)) {
		buf = rb_entry(node, struct netbuf_buffer, node);
		if (netbuf_buffer_offset(buf) >= offset &&
		    netbuf_published(ctx, buf))
			return buf;
	}
	return NULL;
}

/**
 * netbuf_ctx_whatis() - what an offset of the window is
 * @ctx: the context
 * @w: the request: @w->offset and @w->flags in, the other fields zero;
 *     the answer out (see struct netbuf_whatis)
 *
 * Live buffers and their guard pages first, then the history of freed
 * buffers, most recent first. Allocates nothing.
 */
void netbuf_ctx_whatis(struct netbuf_ctx *ctx, struct netbuf_whatis *w)
{
	bool next = w->flags & NETBUF_WHATIS_NEXT_LIVE;
	struct netbuf_buffer *buf = NULL;
	int kind;

	mutex_lock(&ctx->lock);
	if ((w->offset >> PAGE_SHIFT) >= ctx->window_pages)
		goto out_unlock;
	if (next) {
		buf = netbuf_next_live(ctx, w->offset);
		kind = buf ? NETBUF_WHATIS_LIVE : NETBUF_WHATIS_NONE;
	} else if (netbuf_small_owns(ctx, w->offset)) {
		kind = NETBUF_WHATIS_NONE;
	} else {
		kind = netbuf_pages_whatis(ctx, w->offset, &buf);
	}
	if (kind != NETBUF_WHATIS_NONE) {
		w->start = netbuf_buffer_offset(buf);
		w->size = buf->size;
	} else {
		kind = netbuf_small_whatis(ctx, w->offset, next, &w->start,
					   &w->size);
	}
	if (kind != NETBUF_WHATIS_NONE) {
		w->kind = kind;
		netbuf_site_live_locked(ctx, w->start, w);
	} else if (!next) {
		netbuf_history_find_locked(ctx, w->offset, w);
	}
out_unlock:
	mutex_unlock(&ctx->lock);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_whatis);

void netbuf_ctx_info(struct netbuf_ctx *ctx, struct netbuf_info *info)
{
	mutex_lock(&ctx->lock);
	info->window_size = netbuf_window_bytes(ctx);
	info->live_bytes = (u64)ctx->live_pages << PAGE_SHIFT;
	info->live_buffers = ctx->live_buffers;
	mutex_unlock(&ctx->lock);
	info->context = ctx->id;
	info->abi_version = NETBUF_ABI_VERSION;
	info->page_size = PAGE_SIZE;
	info->max_bytes = READ_ONCE(netbuf_max_bytes);
	info->max_buffers = READ_ONCE(netbuf_max_buffers);
	info->meta_offset = NETBUF_META_OFFSET;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_info);

/* Called when the last reference to the file is gone: nothing maps it. */
void netbuf_ctx_teardown(struct netbuf_ctx *ctx)
{
	struct netbuf_buffer *buf, *next;

	rbtree_postorder_for_each_entry_safe(buf, next, &ctx->buffers, node) {
		netbuf_pages_put(buf->pages, buf->npages);
		netbuf_account_gone(ctx, buf->npages, 1);
		netbuf_buffer_free(buf);
	}
	ctx->buffers = RB_ROOT;
	xa_destroy(&ctx->starts);
	netbuf_small_teardown(ctx);
	netbuf_site_teardown(ctx);
	netbuf_meta_teardown(ctx);
	mutex_destroy(&ctx->lock);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_teardown);
