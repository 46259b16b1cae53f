/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netbuf internals: a context per open file, holding the table of live
 * buffers of one address space, and the window that maps them.
 */
#ifndef NETBUF_INTERNAL_H
#define NETBUF_INTERNAL_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/xarray.h>

#include <linux/netbuf.h>

#include "netbuf_compat.h"
#include "netbuf_produce.h"

struct netbuf_info;
struct netbuf_user;
struct netbuf_whatis;

/**
 * struct netbuf_buffer - one live buffer
 * @node: in &netbuf_ctx.buffers, keyed by @start
 * @start: first page of the buffer in the window
 * @npages: pages backing the buffer; the window page after them is a guard
 * @size: bytes requested
 * @guard_end: placed by NETBUF_ALLOC_GUARD_END: the buffer starts
 *             netbuf_buffer_head() bytes into its first page and ends at
 *             the end of its last one (a bit, so the descriptor keeps its
 *             64 bytes: sizes are bounded by the window)
 * @pages: the backing pages, each holding one reference of ours
 * @inline_page: storage for @pages when the buffer has at most one page
 */
struct netbuf_buffer {
	struct rb_node node;
	pgoff_t start;
	unsigned long npages;
	u64 size : 63;
	u64 guard_end : 1;
	struct page **pages;
	struct page *inline_page;
};

/* Bytes of a GUARD_END buffer's first page before its start; else 0. */
static inline u64 netbuf_buffer_head(const struct netbuf_buffer *buf)
{
	if (!buf->guard_end)
		return 0;
	return ((u64)buf->npages << PAGE_SHIFT) -
	       round_up((u64)buf->size, NETBUF_BUFFER_ALIGN);
}

/*
 * ---- Sites and the history of freed buffers (netbuf_site.c) ----------
 */

/* The history's default and largest length (module parameter history_len). */
#define NETBUF_HISTORY_DEFAULT	1024
#define NETBUF_HISTORY_MAX	65536

/* The request flags the table acts on: the same bits in ALLOC, REALLOC, FREE. */
#define NETBUF_OP_SITE		NETBUF_ALLOC_SITE
#define NETBUF_OP_GUARD_END	NETBUF_ALLOC_GUARD_END
#define NETBUF_OP_GUARD_START	NETBUF_ALLOC_GUARD_START
#define NETBUF_OP_GUARD		(NETBUF_OP_GUARD_END | NETBUF_OP_GUARD_START)

/**
 * struct netbuf_site - the recorded allocation site of a live buffer
 * @node: in &netbuf_sites.live, keyed by @start
 * @start: the buffer's offset in the window
 * @site: the caller's opaque site
 * @tid: the allocating thread, as task_pid_vnr() saw it
 */
struct netbuf_site {
	struct rb_node node;
	u64 start;
	u64 site;
	u32 tid;
};

/**
 * struct netbuf_freed - one entry of the history of freed buffers
 * @start: the buffer's offset
 * @size: its size
 * @alloc_site: its allocation site, 0 if none was recorded
 * @free_site: the site that freed it (or moved it away)
 * @freed_ns: ktime_get_ns() at the free
 * @alloc_tid: the allocating thread, 0 if not recorded
 * @free_tid: the freeing thread
 */
struct netbuf_freed {
	u64 start;
	u64 size;
	u64 alloc_site;
	u64 free_site;
	u64 freed_ns;
	u32 alloc_tid;
	u32 free_tid;
};

/**
 * struct netbuf_sites - the records of a context
 * @live: &struct netbuf_site of live buffers, by start
 * @nr_live: records in @live
 * @recorded: records made since open: sites of buffers, freed buffers
 * @ring: the history, @len entries, allocated with the first recorded
 *        free; NULL before (read unlocked by netbuf_op_prepare())
 * @len: entries of @ring
 * @head: oldest entry
 * @count: entries in use
 */
struct netbuf_sites {
	struct rb_root live;
	unsigned long nr_live;
	unsigned long recorded;
	struct netbuf_freed *ring;
	u32 len;
	u32 head;
	u32 count;
};

/**
 * struct netbuf_op - what an ALLOC, REALLOC or FREE asks beyond its size
 * @flags: NETBUF_OP_*
 * @site: the caller's site, with NETBUF_OP_SITE
 * @tid: the calling thread, taken by netbuf_op_prepare()
 * @rec: a record for the buffer the operation leaves, prepared before
 *       the lock and taken by the table when used
 * @ring: a history ring, prepared when the context had none
 * @ring_len: its entries
 */
struct netbuf_op {
	unsigned int flags;
	u64 site;
	u32 tid;
	struct netbuf_site *rec;
	struct netbuf_freed *ring;
	u32 ring_len;
};

/*
 * ---- Small buffers (netbuf_small.c) ------------------------------------
 *
 * Buffers of at most small_max bytes (module parameter, default 2048, at
 * most PAGE_SIZE / 2; 0: every buffer page-backed) live in slots of shared
 * pages. Each still has a window page of its own (and the guard page after
 * it), in the small region at the top of the window, on which the shared
 * page is mapped: the offset is that window page plus the slot's offset
 * in the page, and free unmaps the window page, so a stale pointer faults.
 *
 * Names the user sees (netbuf(4) documents them):
 *   fdinfo  netbuf-small-buffers      small buffers live in the context
 *           netbuf-small-pages        shared pages it holds
 *           netbuf-small-quarantined  freed slots waiting in quarantine
 *           netbuf-small-overwrites   freed slots found written to
 *   sysfs   small_buffers, small_pages, small_quarantined,
 *           small_overwrites          the same, module-wide
 *           charge_small_buffer_bytes max_user_bytes charge per small
 *                                     buffer beyond its shared page
 *           charge_small_page_bytes   and per shared page held
 *   param   small_max
 * netbuf-bytes, bytes and max_bytes count shared pages as whole pages.
 */

/* Size classes: 16, 32, 48, 64, then four per doubling up to 2048. */
#define NETBUF_SMALL_MAX		2048
#define NETBUF_SMALL_NR_CLASSES		24
/* The quarantine of freed slots, per context: whichever bound comes first. */
#define NETBUF_SMALL_QUARANTINE_SLOTS	512
#define NETBUF_SMALL_QUARANTINE_BYTES	(64 * 1024)

/**
 * struct netbuf_small_page - a shared page and the state of its slots
 * @partial: in &netbuf_small.partial of its class while it may have free
 *           slots to hand out; empty otherwise
 * @page: the page, holding one reference of ours
 * @id: its key in &netbuf_small.pages
 * @class: index of its size class
 * @live: slots of live buffers
 * @quarantined: freed slots waiting in the quarantine
 * @free: slots that may be handed out, one bit each
 *
 * The page goes back to the allocator when neither @live nor @quarantined.
 */
struct netbuf_small_page {
	struct list_head partial;
	struct page *page;
	u32 id;
	u8 class;
	u16 live;
	u16 quarantined;
	unsigned long free[BITS_TO_LONGS(PAGE_SIZE / 16)];
};

/**
 * struct netbuf_small - the small buffers of a context
 * @start: first window page of the small region
 * @pairs: window pages of the region, in pairs of a page and its guard;
 *         0: no region (no window yet, or too small a one)
 * @next: where xa_alloc_cyclic() looks for the next free pair, so a pair
 *        is reused only after the whole region has gone round
 * @buffers: pair number to xa_mk_value() of {page id, slot, size}: the
 *           whole per-buffer state, no descriptor
 * @pages: shared pages (&struct netbuf_small_page) by id
 * @partial: per class, shared pages with free slots
 * @quarantine: ring of freed slots (page id and slot), oldest first
 * @q_head: oldest entry of @quarantine
 * @q_count: entries in @quarantine
 * @q_bytes: bytes of the slots in @quarantine
 * @live: small buffers live
 * @nr_pages: shared pages held
 * @overwrites: freed slots found written to (fdinfo)
 */
struct netbuf_small {
	pgoff_t start;
	unsigned long pairs;
	u32 next;
	struct xarray buffers;
	struct xarray pages;
	struct list_head partial[NETBUF_SMALL_NR_CLASSES];
	unsigned long *quarantine;
	unsigned int q_head;
	unsigned int q_count;
	unsigned long q_bytes;
	unsigned long live;
	unsigned long nr_pages;
	unsigned long overwrites;
};

/**
 * struct netbuf_meta - the read-only metadata of a window (netbuf_meta.c)
 * @pages: metadata pages by index (window page / entries per page)
 * @nr_pages: metadata pages held (fdinfo netbuf-meta-pages)
 * @idle: index of the one empty page kept, ULONG_MAX if none
 * @last: index of @last_page
 * @last_page: the page netbuf_meta_set() or netbuf_meta_clear() found
 *             last, NULL if none; cleared whenever a page is freed
 * @start: user address of the owner's mapping of the metadata
 * @mapped: the owner maps the metadata (one mapping at a time); while it
 *          does not, no entry is written and no page is held
 */
struct netbuf_meta {
	struct xarray pages;
	unsigned long nr_pages;
	unsigned long idle;
	unsigned long last;
	struct netbuf_meta_page *last_page;
	unsigned long start;
	bool mapped;
};

/**
 * struct netbuf_ctx - the state behind one open of /dev/netbuf
 * @lock: protects everything below; taken after mmap_lock, before
 *        i_mmap_rwsem; never held across copy_{from,to}_user
 * @buffers: live buffers by window offset
 * @starts: the same buffers indexed by their first window page, for
 *          lookups by exact start; a slot is reserved before placing
 * @id: the context's id, unique among open contexts (ABI: context)
 * @mm: the address space that opened the device and alone may use it
 *      (NULL only in tests that exercise the table without mappings)
 * @user: the opener's per-user charge (NULL only in such tests)
 * @mapping: the context's own address_space, so unmapping a range reaches
 *           every mapping of this context and no other
 * @window_pages: size of the window, fixed by the first mmap; 0 before
 * @window_start: user address of the window in @mm
 * @window_mapped: the window is mapped in @mm; allocation needs it
 * @cursor: where the next-fit search for room starts; freed ranges are
 *          reused only after it has gone round the whole window
 * @live_buffers: buffers placed in @buffers
 * @live_pages: pages held by the buffers placed in @buffers
 * @peak_pages: highest @live_pages seen
 * @pending_buffers: buffers charged to the limits, not placed yet
 * @pending_pages: pages charged to the limits, not placed yet; an
 *                 allocation that is refused after charging never
 *                 shows in @live_pages, so it cannot raise @peak_pages
 * @small: the small buffers and their shared pages (netbuf_small.c);
 *         shared pages count in @live_pages, small buffers in
 *         @live_buffers
 * @sites: recorded sites and the history of freed buffers (netbuf_site.c)
 * @meta: the size of every live buffer, for the process to read
 */
struct netbuf_ctx {
	struct mutex lock;	/* order: mmap_lock, lock, i_mmap_rwsem */
	struct rb_root buffers;
	struct xarray starts;
	u32 id;
	struct mm_struct *mm;
	struct netbuf_user *user;
	struct address_space *mapping;
	pgoff_t window_pages;
	unsigned long window_start;
	bool window_mapped;
	pgoff_t cursor;
	unsigned long live_buffers;
	unsigned long live_pages;
	unsigned long peak_pages;
	unsigned long pending_buffers;
	unsigned long pending_pages;
	struct netbuf_small small;
	struct netbuf_sites sites;
	struct netbuf_meta meta;
};

/* Bytes of the window while it is mapped, else 0; ctx->lock held. */
static inline u64 netbuf_window_bytes(const struct netbuf_ctx *ctx)
{
	return ctx->window_mapped ? (u64)ctx->window_pages << PAGE_SHIFT : 0;
}

/*
 * Does a request naming context @id (0: any) mean @ctx? A descriptor
 * number may have come to name another context than the caller thinks.
 */
static inline bool netbuf_ctx_is(const struct netbuf_ctx *ctx, u32 id)
{
	return !id || id == ctx->id;
}

/*
 * Whole zeroed pages charged to the caller's memory cgroup; a limit or a
 * shortage fails the call instead of waking the OOM killer.
 */
#define NETBUF_GFP	(GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NOWARN | \
			 __GFP_RETRY_MAYFAIL)
/* Descriptors, page arrays, page-table reserves: charged, allowed to fail. */
#define NETBUF_META_GFP	(GFP_KERNEL_ACCOUNT | __GFP_NOWARN | __GFP_RETRY_MAYFAIL)

/* Limits per context and per user, module parameters read at every call. */
extern unsigned long long netbuf_max_bytes;
extern unsigned int netbuf_max_buffers;
extern unsigned long long netbuf_max_user_bytes;
/* Largest small buffer (0: none), read at every allocation. */
extern unsigned int netbuf_small_max;

/* Module-wide live totals, shown in sysfs. */
extern atomic_long_t netbuf_nr_contexts;
extern atomic_long_t netbuf_nr_buffers;
extern atomic_long_t netbuf_nr_pages;
/*
 * What the module really holds, counted where it is allocated and freed
 * (not where it is charged), shown in debugfs: kmemleak does not track
 * page-allocator pages, so tests check these return to zero.
 */
extern atomic_long_t netbuf_nr_held_pages;
extern atomic_long_t netbuf_nr_descriptors;
/* Small buffers, shared pages and quarantined slots live, overwrites seen. */
extern atomic_long_t netbuf_nr_small_buffers;
extern atomic_long_t netbuf_nr_small_pages;
extern atomic_long_t netbuf_nr_small_quarantined;
extern atomic_long_t netbuf_nr_small_overwrites;
/* Records made since load, records of live buffers, history entries held. */
extern atomic_long_t netbuf_nr_sites_recorded;
extern atomic_long_t netbuf_nr_sites_live;
extern atomic_long_t netbuf_nr_freed_history;
extern unsigned int netbuf_history_len;
/* Metadata pages held (netbuf_meta.c), in debugfs meta_pages. */
extern atomic_long_t netbuf_nr_meta_pages;
/* Whether new metadata pages are made (netbuf_meta.c), module parameter. */
extern unsigned int netbuf_size_metadata;

/* The limits an allocation can hit, in the order they are checked. */
enum netbuf_limit {
	NETBUF_LIMIT_MAX_BYTES,
	NETBUF_LIMIT_MAX_BUFFERS,
	NETBUF_LIMIT_MAX_USER_BYTES,
	NETBUF_NR_LIMITS,
};

/*
 * Module-wide event counts since load, shown in sysfs: allocations and
 * growths that failed for want of memory or of room in the window, and
 * those refused by each limit (counted under the first one exceeded).
 */
extern atomic_long_t netbuf_nr_alloc_failures;
extern atomic_long_t netbuf_nr_limit_hits[NETBUF_NR_LIMITS];

/* netbuf_ctx.c: the buffer table */
int netbuf_buffer_cache_init(void);
void netbuf_buffer_cache_exit(void);
struct netbuf_ctx *netbuf_ctx_create(struct mm_struct *mm, kuid_t uid);
void netbuf_ctx_destroy(struct netbuf_ctx *ctx);
void netbuf_ctx_init(struct netbuf_ctx *ctx, struct mm_struct *mm,
		     struct netbuf_user *user, struct address_space *mapping);
void netbuf_ctx_teardown(struct netbuf_ctx *ctx);
int netbuf_ctx_alloc(struct netbuf_ctx *ctx, u64 size, u64 *offset);
int netbuf_ctx_realloc(struct netbuf_ctx *ctx, u64 offset, u64 size,
		       u64 *new_offset);
int netbuf_ctx_size(struct netbuf_ctx *ctx, u64 offset, u64 *size);
int netbuf_ctx_free(struct netbuf_ctx *ctx, u64 offset);
int netbuf_ctx_alloc_op(struct netbuf_ctx *ctx, u64 size, struct netbuf_op *op,
			u64 *offset);
int netbuf_ctx_realloc_op(struct netbuf_ctx *ctx, u64 offset, u64 size,
			  struct netbuf_op *op, u64 *new_offset);
int netbuf_ctx_free_op(struct netbuf_ctx *ctx, u64 offset,
		       struct netbuf_op *op);
void netbuf_ctx_whatis(struct netbuf_ctx *ctx, struct netbuf_whatis *w);
void netbuf_ctx_info(struct netbuf_ctx *ctx, struct netbuf_info *info);
struct page *netbuf_ctx_page_at(struct netbuf_ctx *ctx, pgoff_t pgoff);
int netbuf_ctx_reserve(struct netbuf_ctx *ctx, u64 size,
		       struct netbuf_buffer **bufp, u64 *offset);
void netbuf_ctx_publish(struct netbuf_ctx *ctx, struct netbuf_buffer *buf);
void netbuf_ctx_unreserve(struct netbuf_ctx *ctx, struct netbuf_buffer *buf);
int netbuf_charge_locked(struct netbuf_ctx *ctx, u64 pages,
			 unsigned int buffers, u64 bytes);
void netbuf_uncharge_locked(struct netbuf_ctx *ctx, u64 pages,
			    unsigned int buffers, u64 bytes);
void netbuf_settle(struct netbuf_ctx *ctx, unsigned long pages,
		   unsigned int buffers);
void netbuf_account(struct netbuf_ctx *ctx, long pages, long buffers);

/* netbuf_pages.c: the pages of page-backed buffers, in high-order blocks */
/* Largest block: 2 MiB with 4 KiB pages, where the allocator allows it. */
#define NETBUF_MAX_ORDER	(NETBUF_MAX_PAGE_ORDER < 9 ? NETBUF_MAX_PAGE_ORDER : 9)
extern atomic_long_t netbuf_nr_blocks[];
extern atomic_long_t netbuf_nr_order_fallbacks;
int netbuf_pages_get(struct page **pages, unsigned long npages);
void netbuf_pages_put(struct page **pages, unsigned long npages);
ssize_t netbuf_pages_orders_show(char *buf);
long netbuf_pages_high_order_blocks(void);
#if IS_ENABLED(CONFIG_KUNIT)
extern unsigned long netbuf_pages_fail_orders;
#endif

/* netbuf_small.c: small buffers in slots of shared pages */
int netbuf_small_class(u64 size);
u32 netbuf_small_class_size(int class);
bool netbuf_small_wanted(u64 size);
void netbuf_small_init(struct netbuf_ctx *ctx);
void netbuf_small_setup(struct netbuf_ctx *ctx);
void netbuf_small_teardown(struct netbuf_ctx *ctx);
bool netbuf_small_owns(struct netbuf_ctx *ctx, u64 offset);
int netbuf_small_alloc(struct netbuf_ctx *ctx, u64 size, unsigned int *pending,
		       u64 *offset);
int netbuf_small_free(struct netbuf_ctx *ctx, u64 offset,
		      unsigned int buffers);
int netbuf_small_size(struct netbuf_ctx *ctx, u64 offset, u64 *size);
int netbuf_small_resize(struct netbuf_ctx *ctx, u64 offset, u64 size);
struct page *netbuf_small_page_at(struct netbuf_ctx *ctx, pgoff_t pgoff);
int netbuf_small_whatis(struct netbuf_ctx *ctx, u64 offset, bool next,
			u64 *start, u64 *size);

/* netbuf_site.c: sites and the history of freed buffers */
u64 netbuf_site_bytes(void);
u64 netbuf_history_bytes(u32 len);
int netbuf_op_prepare_site(struct netbuf_ctx *ctx, struct netbuf_op *op,
			   bool places, bool frees);
void netbuf_op_finish_held(struct netbuf_ctx *ctx, struct netbuf_op *op);

/**
 * netbuf_op_prepare() - allocate and charge what an operation may record
 * @ctx: the context
 * @op: the operation; @op->flags, @op->site set by the caller
 * @places: the operation leaves a buffer behind (alloc, realloc)
 * @frees: the operation may free a buffer (free, realloc)
 *
 * With NETBUF_OP_SITE: netbuf_op_prepare_site(). Without it: nothing,
 * inline, which is every allocation and free that records no site.
 *
 * Context: no lock held; may sleep.
 * Return: 0, or -ENOMEM (memory, or max_user_bytes) with nothing held.
 */
static inline int netbuf_op_prepare(struct netbuf_ctx *ctx,
				    struct netbuf_op *op, bool places,
				    bool frees)
{
	op->rec = NULL;
	op->ring = NULL;
	op->ring_len = 0;
	if (!(op->flags & NETBUF_OP_SITE))
		return 0;
	return netbuf_op_prepare_site(ctx, op, places, frees);
}

/**
 * netbuf_op_finish() - give back what the operation did not use
 * @ctx: the context
 * @op: as netbuf_op_prepare() left it, the used parts taken out
 *
 * Context: no lock held.
 */
static inline void netbuf_op_finish(struct netbuf_ctx *ctx,
				    struct netbuf_op *op)
{
	if (op->rec || op->ring)
		netbuf_op_finish_held(ctx, op);
}

void netbuf_site_moved_locked(struct netbuf_ctx *ctx, struct netbuf_op *op,
			      u64 old, u64 old_size, u64 new);
void netbuf_site_placed_locked(struct netbuf_ctx *ctx, struct netbuf_op *op,
			       u64 start);
void netbuf_site_live_locked(struct netbuf_ctx *ctx, u64 start,
			     struct netbuf_whatis *w);
bool netbuf_history_find_locked(struct netbuf_ctx *ctx, u64 offset,
				struct netbuf_whatis *w);
void netbuf_site_teardown(struct netbuf_ctx *ctx);

/* netbuf_meta.c: sizes the process reads without a system call */
int netbuf_meta_module_init(void);
void netbuf_meta_module_exit(void);
void netbuf_meta_init(struct netbuf_ctx *ctx);
void netbuf_meta_teardown(struct netbuf_ctx *ctx);
void netbuf_meta_set(struct netbuf_ctx *ctx, u64 offset, u64 size);
void netbuf_meta_clear(struct netbuf_ctx *ctx, u64 offset);
u64 netbuf_meta_entry(struct netbuf_ctx *ctx, u64 offset);
u64 netbuf_meta_page_bytes(void);
int netbuf_meta_mmap(struct netbuf_ctx *ctx, struct vm_area_struct *vma);
void netbuf_meta_populate_locked(struct netbuf_ctx *ctx);
void netbuf_small_meta_populate(struct netbuf_ctx *ctx);

/* netbuf_main.c: the context behind an open file of /dev/netbuf */
struct netbuf_ctx *netbuf_file_ctx(struct file *file);

/* netbuf_user.c: bytes charged per user */
struct netbuf_user *netbuf_user_get(kuid_t uid);
void netbuf_user_put(struct netbuf_user *user);
bool netbuf_user_charge(struct netbuf_user *user, u64 bytes);
void netbuf_user_uncharge(struct netbuf_user *user, u64 bytes);
u64 netbuf_user_buffer_bytes(u64 npages);
u64 netbuf_user_context_bytes(void);
u64 netbuf_user_small_buffer_bytes(void);
u64 netbuf_user_small_page_bytes(void);

/* netbuf_vm.c: the window */
int netbuf_fs_init(void);
void netbuf_fs_exit(void);
struct inode *netbuf_inode_new(void);
int netbuf_mmap(struct file *file, struct vm_area_struct *vma);
void netbuf_vm_open(struct vm_area_struct *vma);
int netbuf_vm_may_split(struct vm_area_struct *vma, unsigned long addr);
int netbuf_vm_mremap(struct vm_area_struct *vma);

/**
 * struct netbuf_tables - what mapping a range of the window takes
 * @pages: the page-table pages netbuf_vm_reserve_tables() reserved
 * @vma: the window VMA it found; NULL when there is none, or no range
 *
 * Set up by netbuf_vm_reserve_tables() and used by netbuf_vm_map_pages()
 * in the same hold of mmap_lock, in which the VMA cannot go or change.
 */
struct netbuf_tables {
	struct list_head pages;
	struct vm_area_struct *vma;
};

int netbuf_vm_reserve_tables(struct netbuf_ctx *ctx, pgoff_t start,
			     unsigned long npages,
			     struct netbuf_tables *tables);
void netbuf_vm_release_tables(struct netbuf_tables *tables);
void netbuf_vm_map_buffer(struct netbuf_ctx *ctx, struct netbuf_buffer *buf,
			  struct netbuf_tables *tables);
void netbuf_vm_map_pages(struct netbuf_ctx *ctx, pgoff_t start,
			 struct page **pages, unsigned long npages,
			 struct netbuf_tables *tables);
void netbuf_vm_unmap(struct netbuf_ctx *ctx, pgoff_t start,
		     unsigned long npages);

#endif /* NETBUF_INTERNAL_H */
