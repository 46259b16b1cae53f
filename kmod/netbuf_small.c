// SPDX-License-Identifier: GPL-2.0
/*
 * Small buffers: slots of shared pages, each buffer still on a window page
 * of its own. The window page (in the small region at the top of the
 * window) maps the shared page that holds the slot, so a small buffer
 * costs its slot and a few bytes of index and page table instead of a
 * page and a descriptor, and freeing it still unmaps its window page at
 * once: a stale pointer faults. A freed slot is zeroed and waits in a FIFO
 * quarantine before it is handed out again; a slot found written to on its
 * way out was written after its free through another buffer's window page
 * (every window page of a shared page reaches all of its slots): counted.
 *
 * All of it runs under the context lock, with mmap_lock taken before it
 * where pages are mapped (netbuf_ctx.c takes both).
 */
#include <kunit/visibility.h>
#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include <linux/netbuf.h>

#include "netbuf_compat.h"
#include "netbuf_internal.h"

static const u16 netbuf_small_sizes[NETBUF_SMALL_NR_CLASSES] = {
	16, 32, 48, 64,
	80, 96, 112, 128,
	160, 192, 224, 256,
	320, 384, 448, 512,
	640, 768, 896, 1024,
	1280, 1536, 1792, 2048,
};

/*
 * An entry of &netbuf_small.buffers: xa_mk_value() of the requested size
 * (12 bits), the slot (PAGE_SHIFT - 4 bits: 16-byte slots at least) and
 * the id of the shared page above them.
 */
#define NETBUF_SMALL_SIZE_BITS	12
#define NETBUF_SMALL_SLOT_BITS	(PAGE_SHIFT - 4)
#define NETBUF_SMALL_ID_SHIFT	(NETBUF_SMALL_SIZE_BITS + NETBUF_SMALL_SLOT_BITS)
/* Ids that fit an entry; a 32-bit kernel has fewer shared pages. */
#define NETBUF_SMALL_MAX_ID						\
	((u32)min_t(unsigned long, U32_MAX, LONG_MAX >> NETBUF_SMALL_ID_SHIFT))

static_assert(NETBUF_SMALL_MAX < (1 << NETBUF_SMALL_SIZE_BITS));
/* Every class a multiple of it, so every slot starts aligned. */
static_assert(NETBUF_BUFFER_ALIGN == 16);

struct netbuf_small_ref {
	u32 pair;
	u32 id;
	u32 slot;
	u32 size;
};

static void *netbuf_small_entry(u32 id, u32 slot, u64 size)
{
	return xa_mk_value((unsigned long)id << NETBUF_SMALL_ID_SHIFT |
			   slot << NETBUF_SMALL_SIZE_BITS | size);
}

static void netbuf_small_decode(void *entry, struct netbuf_small_ref *ref)
{
	unsigned long v = xa_to_value(entry);

	ref->size = v & ((1 << NETBUF_SMALL_SIZE_BITS) - 1);
	ref->slot = (v >> NETBUF_SMALL_SIZE_BITS) &
		    ((1 << NETBUF_SMALL_SLOT_BITS) - 1);
	ref->id = v >> NETBUF_SMALL_ID_SHIFT;
}

/* A quarantined slot: its page's id and its index. */
static unsigned long netbuf_small_key(u32 id, u32 slot)
{
	return (unsigned long)id << NETBUF_SMALL_SLOT_BITS | slot;
}

static u32 netbuf_small_key_id(unsigned long key)
{
	return key >> NETBUF_SMALL_SLOT_BITS;
}

static u32 netbuf_small_key_slot(unsigned long key)
{
	return key & ((1 << NETBUF_SMALL_SLOT_BITS) - 1);
}

/*
 * The class of @size regardless of small_max, or -1 above the largest.
 * Size 0 has none: a zero-size buffer keeps no memory at all, and every
 * access to it faults, as before small buffers.
 */
static int netbuf_small_class_of(u64 size)
{
	int class;

	if (!size)
		return -1;

	for (class = 0; class < NETBUF_SMALL_NR_CLASSES; class++)
		if (size <= netbuf_small_sizes[class])
			return class;
	return -1;
}

/**
 * netbuf_small_class() - the size class a request of @size bytes gets
 * @size: bytes requested
 *
 * Context: any.
 * Return: the index of the class, or -1 when @size is 0 or above
 * small_max (or NETBUF_SMALL_MAX): the buffer is page-backed.
 */
int netbuf_small_class(u64 size)
{
	if (size > min_t(u32, READ_ONCE(netbuf_small_max), NETBUF_SMALL_MAX))
		return -1;
	return netbuf_small_class_of(size);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_class);

/**
 * netbuf_small_class_size() - bytes of the slots of a class
 * @class: from netbuf_small_class()
 *
 * Context: any.
 * Return: the slot size, a multiple of 16.
 */
u32 netbuf_small_class_size(int class)
{
	return netbuf_small_sizes[class];
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_class_size);

/**
 * netbuf_small_wanted() - whether a request of @size bytes is small
 * @size: bytes requested
 *
 * Context: any.
 * Return: true if it should get a slot (it still gets pages when the
 * context has no room for it in its small region).
 */
bool netbuf_small_wanted(u64 size)
{
	return netbuf_small_class(size) >= 0;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_wanted);

static unsigned int netbuf_small_slots(int class)
{
	return PAGE_SIZE / netbuf_small_sizes[class];
}

/**
 * netbuf_small_init() - an empty set of small buffers, with no region
 * @ctx: the context being initialised
 *
 * Context: before @ctx is used.
 */
void netbuf_small_init(struct netbuf_ctx *ctx)
{
	struct netbuf_small *sm = &ctx->small;
	int class;

	xa_init_flags(&sm->buffers, XA_FLAGS_ALLOC);
	xa_init_flags(&sm->pages, XA_FLAGS_ALLOC);
	for (class = 0; class < NETBUF_SMALL_NR_CLASSES; class++)
		INIT_LIST_HEAD(&sm->partial[class]);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_init);

/**
 * netbuf_small_setup() - give the window its small region
 * @ctx: the context, whose window size was just fixed
 *
 * The top quarter of the window, in pairs of a window page for one small
 * buffer and its guard page; page-backed buffers are placed below it. The
 * window's size never changes, so neither does the region.
 *
 * Context: @ctx->lock held.
 */
void netbuf_small_setup(struct netbuf_ctx *ctx)
{
	struct netbuf_small *sm = &ctx->small;

	lockdep_assert_held(&ctx->lock);
	sm->pairs = ctx->window_pages / 8;
	sm->start = ctx->window_pages - 2 * sm->pairs;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_setup);

/**
 * netbuf_small_owns() - whether an offset lies in the small region
 * @ctx: the context
 * @offset: byte offset in the window
 *
 * Such an offset names a small buffer or nothing: page-backed buffers are
 * never placed there.
 *
 * Context: @ctx->lock held.
 * Return: true if @offset is in the region.
 */
bool netbuf_small_owns(struct netbuf_ctx *ctx, u64 offset)
{
	struct netbuf_small *sm = &ctx->small;
	u64 pgoff = offset >> PAGE_SHIFT;

	lockdep_assert_held(&ctx->lock);
	return sm->pairs && pgoff >= sm->start &&
	       pgoff - sm->start < 2 * (u64)sm->pairs;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_owns);

/* The live small buffer that starts exactly at @offset, if any. */
static bool netbuf_small_find(struct netbuf_ctx *ctx, u64 offset,
			      struct netbuf_small_ref *ref)
{
	struct netbuf_small *sm = &ctx->small;
	u64 rel = (offset >> PAGE_SHIFT) - sm->start;
	void *entry;

	/* A guard page, or an offset not in the region, is no buffer. */
	if (!netbuf_small_owns(ctx, offset) || rel & 1)
		return false;
	ref->pair = rel / 2;
	entry = xa_load(&sm->buffers, ref->pair);
	if (!xa_is_value(entry))
		return false;
	netbuf_small_decode(entry, ref);
	/* The slot's start only; another slot of the page is no buffer. */
	return (offset & (PAGE_SIZE - 1)) ==
	       ref->slot * netbuf_small_sizes[netbuf_small_class_of(ref->size)];
}

/* The shared page of the live small buffer at @offset, or NULL. */
static struct netbuf_small_page *netbuf_small_get(struct netbuf_ctx *ctx,
						  u64 offset,
						  struct netbuf_small_ref *ref)
{
	lockdep_assert_held(&ctx->lock);
	if (!netbuf_small_find(ctx, offset, ref))
		return NULL;
	return xa_load(&ctx->small.pages, ref->id);
}

/**
 * netbuf_small_page_at() - the page a fault at a small region page maps
 * @ctx: the context
 * @pgoff: a window page of the small region
 *
 * Context: @ctx->lock held.
 * Return: the shared page of the buffer on @pgoff, or NULL (a guard page,
 * or no buffer): the fault is refused.
 */
struct page *netbuf_small_page_at(struct netbuf_ctx *ctx, pgoff_t pgoff)
{
	struct netbuf_small *sm = &ctx->small;
	struct netbuf_small_page *sp;
	struct netbuf_small_ref ref;
	void *entry;

	lockdep_assert_held(&ctx->lock);
	if ((pgoff - sm->start) & 1)
		return NULL;
	entry = xa_load(&sm->buffers, (pgoff - sm->start) / 2);
	if (!xa_is_value(entry))
		return NULL;
	netbuf_small_decode(entry, &ref);
	sp = xa_load(&sm->pages, ref.id);
	return sp->page;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_page_at);

/* The start of the small buffer of pair @pair, described by @entry. */
static u64 netbuf_small_start(struct netbuf_ctx *ctx, unsigned long pair,
			      void *entry, u64 *size)
{
	struct netbuf_small_ref ref;

	netbuf_small_decode(entry, &ref);
	*size = ref.size;
	return ((u64)(ctx->small.start + 2 * (pgoff_t)pair) << PAGE_SHIFT) +
	       ref.slot * netbuf_small_sizes[netbuf_small_class_of(ref.size)];
}

/**
 * netbuf_small_whatis() - what an offset of the small region is
 * @ctx: the context
 * @offset: an offset in the window
 * @next: instead, the first live small buffer starting at or after @offset
 * @start: out: the start of the buffer the answer is about
 * @size: out: its size
 *
 * Context: @ctx->lock held.
 * Return: NETBUF_WHATIS_LIVE (@offset on the buffer's window page, or
 * with @next a buffer found), NETBUF_WHATIS_GUARD (on the guard page
 * after it) or NETBUF_WHATIS_NONE.
 */
int netbuf_small_whatis(struct netbuf_ctx *ctx, u64 offset, bool next,
			u64 *start, u64 *size)
{
	struct netbuf_small *sm = &ctx->small;
	unsigned long pair = 0;
	u64 rel, s, n;
	void *entry;

	lockdep_assert_held(&ctx->lock);
	if (!sm->pairs)
		return NETBUF_WHATIS_NONE;
	rel = offset >> PAGE_SHIFT;
	if (!next) {
		if (!netbuf_small_owns(ctx, offset))
			return NETBUF_WHATIS_NONE;
		rel -= sm->start;
		entry = xa_load(&sm->buffers, rel / 2);
		if (!xa_is_value(entry))
			return NETBUF_WHATIS_NONE;
		*start = netbuf_small_start(ctx, rel / 2, entry, size);
		return rel & 1 ? NETBUF_WHATIS_GUARD : NETBUF_WHATIS_LIVE;
	}
	if (rel >= sm->start) {
		if (!netbuf_small_owns(ctx, offset))
			return NETBUF_WHATIS_NONE;
		pair = (rel - sm->start) / 2;
	}
	xa_for_each_start(&sm->buffers, pair, entry, pair) {
		s = netbuf_small_start(ctx, pair, entry, &n);
		if (s >= offset) {
			*start = s;
			*size = n;
			return NETBUF_WHATIS_LIVE;
		}
	}
	return NETBUF_WHATIS_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_whatis);

/**
 * netbuf_small_meta_populate() - the metadata entries of every small buffer
 * @ctx: the context, whose metadata has just been mapped
 *
 * Context: @ctx->lock held (and i_mmap_rwsem not); may sleep.
 */
void netbuf_small_meta_populate(struct netbuf_ctx *ctx)
{
	unsigned long pair;
	u64 start, size;
	void *entry;

	lockdep_assert_held(&ctx->lock);
	xa_for_each(&ctx->small.buffers, pair, entry) {
		if (!xa_is_value(entry))
			continue;
		start = netbuf_small_start(ctx, pair, entry, &size);
		netbuf_meta_set(ctx, start, size);
		cond_resched();
	}
}

/**
 * netbuf_small_size() - the size of a small buffer
 * @ctx: the context
 * @offset: where the buffer starts
 * @size: out: the bytes requested
 *
 * Context: @ctx->lock held.
 * Return: 0, or -EINVAL when no small buffer starts at @offset.
 */
int netbuf_small_size(struct netbuf_ctx *ctx, u64 offset, u64 *size)
{
	struct netbuf_small_ref ref;

	lockdep_assert_held(&ctx->lock);
	if (!netbuf_small_find(ctx, offset, &ref))
		return -EINVAL;
	*size = ref.size;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_size);

/* Zeroes bytes [@from, @to) of slot @slot; says whether any was not 0. */
static bool netbuf_small_zero(struct netbuf_small_page *sp, u32 slot,
			      u32 from, u32 to)
{
	u8 *p = kmap_local_page(sp->page);
	u8 *s = p + slot * netbuf_small_sizes[sp->class];
	bool dirty = memchr_inv(s + from, 0, to - from);

	if (dirty)
		memset(s + from, 0, to - from);
	kunmap_local(p);
	return dirty;
}

/*
 * A slot that should be all zero (free since its free zeroed it) is
 * checked, and zeroed if something wrote into it since.
 */
static void netbuf_small_check_free(struct netbuf_ctx *ctx,
				    struct netbuf_small_page *sp, u32 slot)
{
	if (netbuf_small_zero(sp, slot, 0, netbuf_small_sizes[sp->class])) {
		ctx->small.overwrites++;
		atomic_long_inc(&netbuf_nr_small_overwrites);
	}
}

/* A shared page with no live and no quarantined slot goes back. */
static void netbuf_small_page_free(struct netbuf_ctx *ctx,
				   struct netbuf_small_page *sp)
{
	xa_erase(&ctx->small.pages, sp->id);
	put_page(sp->page);
	atomic_long_dec(&netbuf_nr_held_pages);
	kfree(sp);
}

/* As netbuf_small_page_free(), for a page that was placed and charged. */
static void netbuf_small_page_gone(struct netbuf_ctx *ctx,
				   struct netbuf_small_page *sp)
{
	list_del(&sp->partial);
	netbuf_small_page_free(ctx, sp);
	ctx->small.nr_pages--;
	atomic_long_dec(&netbuf_nr_small_pages);
	netbuf_account(ctx, -1, 0);
	netbuf_user_uncharge(ctx->user, netbuf_user_small_page_bytes());
}

static struct netbuf_small_page *netbuf_small_page_new(struct netbuf_ctx *ctx,
						       int class)
{
	struct netbuf_small_page *sp;

	sp = kzalloc_obj(*sp, NETBUF_META_GFP);
	if (!sp)
		return NULL;
	sp->page = alloc_page(NETBUF_GFP);
	if (!sp->page)
		goto out_free_sp;
	atomic_long_inc(&netbuf_nr_held_pages);
	if (xa_alloc(&ctx->small.pages, &sp->id, sp,
		     XA_LIMIT(0, NETBUF_SMALL_MAX_ID), NETBUF_META_GFP) < 0)
		goto out_put_page;
	INIT_LIST_HEAD(&sp->partial);
	sp->class = class;
	bitmap_fill(sp->free, netbuf_small_slots(class));
	return sp;

out_put_page:
	put_page(sp->page);
	atomic_long_dec(&netbuf_nr_held_pages);
out_free_sp:
	kfree(sp);
	return NULL;
}

/*
 * A shared page of @class with a slot to hand out. A page that may be
 * pinned for DMA (a device may still write to a freed slot) hands out
 * nothing: it leaves the list, and comes back when one of its slots leaves
 * the quarantine and it is checked again.
 */
static struct netbuf_small_page *netbuf_small_partial(struct netbuf_ctx *ctx,
						      int class)
{
	struct netbuf_small_page *sp, *next;

	list_for_each_entry_safe(sp, next, &ctx->small.partial[class],
				 partial) {
		if (!folio_maybe_dma_pinned(page_folio(sp->page)))
			return sp;
		list_del_init(&sp->partial);
	}
	return NULL;
}

/* The oldest quarantined slot becomes free, its page too if all are. */
static void netbuf_small_release_oldest(struct netbuf_ctx *ctx)
{
	struct netbuf_small *sm = &ctx->small;
	unsigned long key = sm->quarantine[sm->q_head];
	struct netbuf_small_page *sp;
	u32 slot;

	sm->q_head = (sm->q_head + 1) % NETBUF_SMALL_QUARANTINE_SLOTS;
	sm->q_count--;
	atomic_long_dec(&netbuf_nr_small_quarantined);
	sp = xa_load(&sm->pages, netbuf_small_key_id(key));
	slot = netbuf_small_key_slot(key);
	sm->q_bytes -= netbuf_small_sizes[sp->class];
	sp->quarantined--;
	netbuf_small_check_free(ctx, sp, slot);
	__set_bit(slot, sp->free);
	if (!sp->live && !sp->quarantined)
		netbuf_small_page_gone(ctx, sp);
	else if (list_empty(&sp->partial))
		list_add_tail(&sp->partial, &sm->partial[sp->class]);
}

/*
 * The last live slot of @sp is gone: no window page maps it any more, so
 * nothing can write into its free slots through an alias from now on, and
 * the quarantine has nothing left to watch. Its quarantined slots are
 * checked at once and leave the ring, and the page goes back.
 */
static void netbuf_small_drain(struct netbuf_ctx *ctx,
			       struct netbuf_small_page *sp)
{
	struct netbuf_small *sm = &ctx->small;
	unsigned int i, kept = 0, at, to;
	unsigned long key;

	for (i = 0; i < sm->q_count; i++) {
		at = (sm->q_head + i) % NETBUF_SMALL_QUARANTINE_SLOTS;
		key = sm->quarantine[at];
		if (netbuf_small_key_id(key) != sp->id) {
			to = (sm->q_head + kept++) %
			     NETBUF_SMALL_QUARANTINE_SLOTS;
			sm->quarantine[to] = key;
			continue;
		}
		netbuf_small_check_free(ctx, sp, netbuf_small_key_slot(key));
		sm->q_bytes -= netbuf_small_sizes[sp->class];
		atomic_long_dec(&netbuf_nr_small_quarantined);
	}
	sm->q_count = kept;
	netbuf_small_page_gone(ctx, sp);
}

/* A freed slot, zeroed already, joins the tail of the quarantine. */
static void netbuf_small_quarantine(struct netbuf_ctx *ctx,
				    struct netbuf_small_page *sp, u32 slot)
{
	struct netbuf_small *sm = &ctx->small;
	u32 bytes = netbuf_small_sizes[sp->class];

	while (sm->q_count == NETBUF_SMALL_QUARANTINE_SLOTS ||
	       sm->q_bytes + bytes > NETBUF_SMALL_QUARANTINE_BYTES)
		netbuf_small_release_oldest(ctx);
	sm->quarantine[(sm->q_head + sm->q_count) %
		       NETBUF_SMALL_QUARANTINE_SLOTS] =
		netbuf_small_key(sp->id, slot);
	sm->q_count++;
	sm->q_bytes += bytes;
	sp->quarantined++;
	atomic_long_inc(&netbuf_nr_small_quarantined);
}

/* The quarantine's ring, allocated with the first small buffer. */
static int netbuf_small_prepare(struct netbuf_ctx *ctx)
{
	struct netbuf_small *sm = &ctx->small;

	if (sm->quarantine)
		return 0;
	sm->quarantine = kmalloc_array(NETBUF_SMALL_QUARANTINE_SLOTS,
				       sizeof(*sm->quarantine),
				       NETBUF_META_GFP);
	return sm->quarantine ? 0 : -ENOMEM;
}

/* Hands out slot @slot of @sp: checked zero, counted live. */
static void netbuf_small_take(struct netbuf_ctx *ctx,
			      struct netbuf_small_page *sp, u32 slot)
{
	netbuf_small_check_free(ctx, sp, slot);
	__clear_bit(slot, sp->free);
	sp->live++;
	if (bitmap_empty(sp->free, netbuf_small_slots(sp->class)))
		list_del_init(&sp->partial);
	else if (list_empty(&sp->partial))
		list_add(&sp->partial, &ctx->small.partial[sp->class]);
}

/**
 * netbuf_small_alloc() - a new small buffer, zero-filled and mapped
 * @ctx: the context
 * @size: bytes requested, small (netbuf_small_wanted())
 * @pending: NULL; or for a buffer that takes another's place, out: the
 *           pages (0 or 1) it charged, left pending for the caller to
 *           netbuf_settle() once the other is gone, which counts no new
 *           buffer, and no peak that never was
 * @offset: out: its window page plus its slot's offset in the page
 *
 * Charged to the limits as it really pins: a shared page when one is
 * added, and netbuf_user_small_buffer_bytes() for the buffer.
 *
 * Context: mmap_lock held for reading (if @ctx has an mm), then
 * @ctx->lock. May sleep.
 * Return: 0; -ENOSPC when the small region is full or missing (nothing
 * changed: the caller gives the buffer pages); -ENXIO without a window;
 * -ENOMEM (memory or limits).
 */
int netbuf_small_alloc(struct netbuf_ctx *ctx, u64 size, unsigned int *pending,
		       u64 *offset)
{
	unsigned int buffers = !pending;
	u64 bytes = netbuf_user_small_buffer_bytes();
	int class = netbuf_small_class(size);
	struct netbuf_small *sm = &ctx->small;
	struct netbuf_small_page *sp;
	struct netbuf_tables tables;
	pgoff_t pgoff;
	u32 pair, slot;
	bool fresh;
	int ret;

	lockdep_assert_held(&ctx->lock);
	if (!ctx->window_mapped)
		return -ENXIO;
	if (class < 0 || !sm->pairs)
		return -ENOSPC;
	ret = netbuf_small_prepare(ctx);
	if (ret)
		goto out_failed;
	sp = netbuf_small_partial(ctx, class);
	fresh = !sp;
	if (fresh)
		bytes += netbuf_user_small_page_bytes();
	ret = netbuf_charge_locked(ctx, fresh, buffers, bytes);
	if (ret)
		return ret;
	if (fresh) {
		sp = netbuf_small_page_new(ctx, class);
		ret = -ENOMEM;
		if (!sp)
			goto out_uncharge;
	}
	slot = find_first_bit(sp->free, netbuf_small_slots(class));
	/* Cyclic: a window page is reused only after the region went round. */
	ret = xa_alloc_cyclic(&sm->buffers, &pair,
			      netbuf_small_entry(sp->id, slot, size),
			      XA_LIMIT(0, sm->pairs - 1), &sm->next,
			      NETBUF_META_GFP);
	if (ret < 0)
		goto out_free_page;
	pgoff = sm->start + 2 * (pgoff_t)pair;
	ret = netbuf_vm_reserve_tables(ctx, pgoff, 1, &tables);
	if (ret)
		goto out_erase;

	netbuf_small_take(ctx, sp, slot);
	if (pending)
		*pending = fresh;
	else
		netbuf_settle(ctx, fresh, 1);
	if (fresh) {
		sm->nr_pages++;
		atomic_long_inc(&netbuf_nr_small_pages);
	}
	sm->live++;
	atomic_long_inc(&netbuf_nr_small_buffers);
	netbuf_vm_map_pages(ctx, pgoff, &sp->page, 1, &tables);
	*offset = ((u64)pgoff << PAGE_SHIFT) + slot * netbuf_small_sizes[class];
	netbuf_meta_set(ctx, *offset, size);
	return 0;

out_erase:
	xa_erase(&sm->buffers, pair);
out_free_page:
	if (fresh)
		netbuf_small_page_free(ctx, sp);
out_uncharge:
	netbuf_uncharge_locked(ctx, fresh, buffers, bytes);
	/* A full region is no failure: the buffer gets pages instead. */
	if (ret == -EBUSY)
		return -ENOSPC;
out_failed:
	atomic_long_inc(&netbuf_nr_alloc_failures);
	return -ENOMEM;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_alloc);

/**
 * netbuf_small_free() - free the small buffer at @offset
 * @ctx: the context
 * @offset: where it starts
 * @buffers: 1, or 0 when another buffer has taken its place
 *
 * Its window page is unmapped from every mapping at once, its slot zeroed
 * and quarantined; its shared page stays while other slots hold it.
 *
 * Context: @ctx->lock held.
 * Return: 0, or -EINVAL when no small buffer starts at @offset.
 */
int netbuf_small_free(struct netbuf_ctx *ctx, u64 offset,
		      unsigned int buffers)
{
	struct netbuf_small *sm = &ctx->small;
	struct netbuf_small_ref ref;
	struct netbuf_small_page *sp = netbuf_small_get(ctx, offset, &ref);

	if (!sp)
		return -EINVAL;
	xa_erase(&sm->buffers, ref.pair);
	netbuf_meta_clear(ctx, offset);
	/* Under the lock, so no fault can map the page here again. */
	netbuf_vm_unmap(ctx, offset >> PAGE_SHIFT, 1);
	netbuf_small_zero(sp, ref.slot, 0, netbuf_small_sizes[sp->class]);
	sp->live--;
	sm->live--;
	atomic_long_dec(&netbuf_nr_small_buffers);
	netbuf_account(ctx, 0, -(long)buffers);
	netbuf_user_uncharge(ctx->user, netbuf_user_small_buffer_bytes());
	if (sp->live)
		netbuf_small_quarantine(ctx, sp, ref.slot);
	else
		netbuf_small_drain(ctx, sp);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_free);

/**
 * netbuf_small_resize() - resize a small buffer within its slot
 * @ctx: the context
 * @offset: where it starts
 * @size: the new size
 *
 * The bytes between the old and the new size are zeroed either way: the
 * process may have written past its size within the slot.
 *
 * Context: @ctx->lock held.
 * Return: 0 (resized in place); -EXDEV when @size needs another class or
 * pages (the caller moves the buffer); -EINVAL when no small buffer starts
 * at @offset.
 */
int netbuf_small_resize(struct netbuf_ctx *ctx, u64 offset, u64 size)
{
	struct netbuf_small_ref ref;
	struct netbuf_small_page *sp = netbuf_small_get(ctx, offset, &ref);

	if (!sp)
		return -EINVAL;
	if (netbuf_small_class(size) != netbuf_small_class_of(ref.size))
		return -EXDEV;
	netbuf_small_zero(sp, ref.slot, min_t(u64, size, ref.size),
			  max_t(u64, size, ref.size));
	/* Replaces a present entry: allocates nothing, cannot fail. */
	xa_store(&ctx->small.buffers, ref.pair,
		 netbuf_small_entry(ref.id, ref.slot, size), GFP_NOWAIT);
	netbuf_meta_set(ctx, offset, size);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_resize);

/**
 * netbuf_small_teardown() - give back every shared page of a context
 * @ctx: the context, which nothing maps any more
 *
 * Context: the last user of @ctx.
 */
void netbuf_small_teardown(struct netbuf_ctx *ctx)
{
	struct netbuf_small *sm = &ctx->small;
	struct netbuf_small_page *sp;
	unsigned long id;

	netbuf_account(ctx, 0, -(long)sm->live);
	netbuf_user_uncharge(ctx->user,
			     sm->live * netbuf_user_small_buffer_bytes());
	atomic_long_sub(sm->live, &netbuf_nr_small_buffers);
	atomic_long_sub(sm->q_count, &netbuf_nr_small_quarantined);
	sm->live = 0;
	sm->q_count = 0;
	xa_for_each(&sm->pages, id, sp) {
		netbuf_small_page_gone(ctx, sp);
		cond_resched();
	}
	xa_destroy(&sm->buffers);
	xa_destroy(&sm->pages);
	kfree(sm->quarantine);
	sm->quarantine = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_teardown);
