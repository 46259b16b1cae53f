// SPDX-License-Identifier: GPL-2.0
/*
 * Size without a system call: for every window page, an 8-byte entry in
 * metadata pages the process maps read-only at NETBUF_META_OFFSET. The
 * entry of the page on which a live buffer starts holds the start's offset
 * within that page, the size and a valid bit; every other entry is 0.
 *
 * The metadata exists only while the process maps it: the library maps it
 * at its first NetApiBufferSize, and a process that never asks a size pays
 * nothing for it, neither memory nor work on allocate and free. Mapping it
 * writes the entries of every live buffer (netbuf_meta_populate_locked());
 * when the mapping goes, its pages go with it.
 *
 * Entries change under the context lock, each with one 64-bit store, so a
 * reader without the lock sees the old or the new value, never a mix. A
 * metadata page exists only while an entry in it is valid, or is the one
 * empty page kept to avoid allocating and freeing a page per buffer at a
 * boundary; where no page exists a fault maps one module-wide page of
 * zeroes, which the module never writes. A page that comes into being
 * unmaps that zero page first, under the context lock, as the fault maps
 * under it: no reader keeps a stale page.
 *
 * Memory: one metadata page per 512 window pages (4 KiB pages), charged to
 * the memory cgroup as allocated and, whole, to max_user_bytes while it
 * exists (netbuf_meta_page_bytes(), sysfs charge_meta_page_bytes): one
 * live buffer can keep a page alone (the others of its 2 MiB of window
 * freed), so charging entries per buffer would not bound it. A page that
 * cannot be allocated or charged, or is not wanted (size_metadata=0),
 * leaves the entry out: the library then asks NETBUF_IOC_SIZE, so
 * metadata never fails a request.
 */
#include <kunit/visibility.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include <linux/netbuf.h>

#include "netbuf_compat.h"
#include "netbuf_internal.h"

#define NETBUF_META_PGOFF	((pgoff_t)(NETBUF_META_OFFSET >> PAGE_SHIFT))
#define NETBUF_META_PER_PAGE	(PAGE_SIZE / sizeof(u64))

static_assert(NETBUF_META_START_MASK + NETBUF_BUFFER_ALIGN >= PAGE_SIZE);

/**
 * struct netbuf_meta_page - one page of entries
 * @page: the page, holding one reference of ours
 * @used: valid entries in it
 */
struct netbuf_meta_page {
	struct page *page;
	unsigned int used;
};

/*
 * Whether new metadata pages are made (0: none), read when one would be:
 * written at run time, it changes only the pages made afterwards.
 */
unsigned int netbuf_size_metadata = 1;
module_param_named(size_metadata, netbuf_size_metadata, uint, 0644);
MODULE_PARM_DESC(size_metadata,
		 "Publish buffer sizes in read-only metadata pages, each charged to max_user_bytes (default 1; 0: Size asks the kernel)");
EXPORT_SYMBOL_IF_KUNIT(netbuf_size_metadata);

/*
 * What a metadata page is charged to max_user_bytes: the page, its struct
 * netbuf_meta_page (kmalloc rounds it up to at most twice) and a whole
 * node of the context's index of metadata pages, as for shared pages.
 */
#define NETBUF_META_PAGE_CHARGE						\
	(PAGE_SIZE + ALIGN(2 * sizeof(struct netbuf_meta_page) +	\
			   sizeof(struct xa_node), 64))

/**
 * netbuf_meta_page_bytes() - what a metadata page is charged to its user
 *
 * Context: any.
 * Return: NETBUF_META_PAGE_CHARGE, in bytes.
 */
u64 netbuf_meta_page_bytes(void)
{
	return NETBUF_META_PAGE_CHARGE;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_meta_page_bytes);

/* Mapped where no metadata page exists: reads as "ask the kernel". */
static struct page *netbuf_meta_zero;

atomic_long_t netbuf_nr_meta_pages = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_meta_pages);

int netbuf_meta_module_init(void)
{
	netbuf_meta_zero = alloc_page(GFP_KERNEL | __GFP_ZERO);
	return netbuf_meta_zero ? 0 : -ENOMEM;
}

void netbuf_meta_module_exit(void)
{
	__free_page(netbuf_meta_zero);
}

/* Bytes of the metadata of a window of @window_pages pages. */
static u64 netbuf_meta_bytes(pgoff_t window_pages)
{
	return netbuf_meta_bytes_of((u64)window_pages << PAGE_SHIFT, PAGE_SIZE);
}

void netbuf_meta_init(struct netbuf_ctx *ctx)
{
	xa_init(&ctx->meta.pages);
	ctx->meta.idle = ULONG_MAX;
	ctx->meta.last_page = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_meta_init);

static void netbuf_meta_page_free(struct netbuf_ctx *ctx, unsigned long index,
				  struct netbuf_meta_page *mp)
{
	xa_erase(&ctx->meta.pages, index);
	if (ctx->meta.last_page == mp)
		ctx->meta.last_page = NULL;
	/* No reader may keep a page the module no longer writes. */
	netbuf_vm_unmap(ctx, NETBUF_META_PGOFF + index, 1);
	put_page(mp->page);
	kfree(mp);
	ctx->meta.nr_pages--;
	atomic_long_dec(&netbuf_nr_meta_pages);
	netbuf_user_uncharge(ctx->user, NETBUF_META_PAGE_CHARGE);
}

static struct netbuf_meta_page *netbuf_meta_page_new(struct netbuf_ctx *ctx,
						     unsigned long index)
{
	struct netbuf_meta_page *mp;

	if (!READ_ONCE(netbuf_size_metadata))
		return NULL;
	/* Atomic, does not sleep: legal under ctx->lock and mmap_lock. */
	if (!netbuf_user_charge(ctx->user, NETBUF_META_PAGE_CHARGE))
		return NULL;
	mp = kzalloc_obj(*mp, NETBUF_META_GFP);
	if (!mp)
		goto out_uncharge;
	mp->page = alloc_page(NETBUF_META_GFP | __GFP_ZERO);
	if (!mp->page)
		goto out_free_mp;
	if (xa_err(xa_store(&ctx->meta.pages, index, mp, NETBUF_META_GFP)))
		goto out_free_page;
	/* The zero page a reader may have faulted in goes first. */
	netbuf_vm_unmap(ctx, NETBUF_META_PGOFF + index, 1);
	ctx->meta.nr_pages++;
	atomic_long_inc(&netbuf_nr_meta_pages);
	return mp;

out_free_page:
	__free_page(mp->page);
out_free_mp:
	kfree(mp);
out_uncharge:
	netbuf_user_uncharge(ctx->user, NETBUF_META_PAGE_CHARGE);
	return NULL;
}

/*
 * The metadata page of @index, or NULL. Entries set and cleared one after
 * another mostly fall in one page (next-fit placement), so the last page
 * found is kept and spares the xa_load(); freeing a page forgets it.
 */
static struct netbuf_meta_page *netbuf_meta_find(struct netbuf_ctx *ctx,
						 unsigned long index)
{
	struct netbuf_meta_page *mp;

	if (ctx->meta.last_page && ctx->meta.last == index)
		return ctx->meta.last_page;
	mp = xa_load(&ctx->meta.pages, index);
	if (mp) {
		ctx->meta.last = index;
		ctx->meta.last_page = mp;
	}
	return mp;
}

/* Writes entry @i of @mp, keeping @mp->used; the page may go if empty. */
static void netbuf_meta_write(struct netbuf_ctx *ctx, unsigned long index,
			      struct netbuf_meta_page *mp, unsigned int i,
			      u64 entry)
{
	u64 *entries = page_address(mp->page);
	bool was = entries[i] & NETBUF_META_VALID;
	struct netbuf_meta_page *idle;

	WRITE_ONCE(entries[i], entry);
	if (entry & NETBUF_META_VALID) {
		mp->used += !was;
		return;
	}
	mp->used -= was;
	if (mp->used || ctx->meta.idle == index)
		return;
	/* Keep this empty page; free the one kept before if still empty. */
	idle = xa_load(&ctx->meta.pages, ctx->meta.idle);
	if (idle && !idle->used)
		netbuf_meta_page_free(ctx, ctx->meta.idle, idle);
	ctx->meta.idle = index;
}

/**
 * netbuf_meta_set() - publish the size of the live buffer at @offset
 * @ctx: the context
 * @offset: the buffer's start in the window
 * @size: its size
 *
 * Best effort: without memory for the page or room for its charge in
 * max_user_bytes, with size_metadata=0, or with a size the entry cannot
 * hold, the entry stays 0 and the process asks the kernel. Nothing is
 * written while the metadata is not mapped.
 *
 * Context: @ctx->lock held (and i_mmap_rwsem not); may sleep.
 */
void netbuf_meta_set(struct netbuf_ctx *ctx, u64 offset, u64 size)
{
	unsigned long index = (offset >> PAGE_SHIFT) / NETBUF_META_PER_PAGE;
	unsigned int i = (offset >> PAGE_SHIFT) % NETBUF_META_PER_PAGE;
	struct netbuf_meta_page *mp;

	lockdep_assert_held(&ctx->lock);
	if (!ctx->meta.mapped)
		return;
	if (size >> (64 - NETBUF_META_SIZE_SHIFT)) {
		netbuf_meta_clear(ctx, offset);
		return;
	}
	mp = netbuf_meta_find(ctx, index);
	if (!mp)
		mp = netbuf_meta_page_new(ctx, index);
	if (!mp)
		return;
	netbuf_meta_write(ctx, index, mp, i,
			  size << NETBUF_META_SIZE_SHIFT |
			  (offset & ~PAGE_MASK & NETBUF_META_START_MASK) |
			  NETBUF_META_VALID);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_meta_set);

/**
 * netbuf_meta_clear() - the buffer starting on @offset's page is gone
 * @ctx: the context
 * @offset: a byte offset in the buffer's first window page
 *
 * Context: @ctx->lock held (and i_mmap_rwsem not).
 */
void netbuf_meta_clear(struct netbuf_ctx *ctx, u64 offset)
{
	unsigned long index = (offset >> PAGE_SHIFT) / NETBUF_META_PER_PAGE;
	struct netbuf_meta_page *mp;

	lockdep_assert_held(&ctx->lock);
	mp = netbuf_meta_find(ctx, index);
	if (mp)
		netbuf_meta_write(ctx, index, mp,
				  (offset >> PAGE_SHIFT) % NETBUF_META_PER_PAGE,
				  0);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_meta_clear);

/**
 * netbuf_meta_entry() - the entry of a window page, as the process reads it
 * @ctx: the context
 * @offset: a byte offset in the window page
 *
 * Context: @ctx->lock held.
 * Return: the entry, 0 where no metadata page exists.
 */
u64 netbuf_meta_entry(struct netbuf_ctx *ctx, u64 offset)
{
	unsigned long index = (offset >> PAGE_SHIFT) / NETBUF_META_PER_PAGE;
	struct netbuf_meta_page *mp = xa_load(&ctx->meta.pages, index);
	u64 *entries;

	lockdep_assert_held(&ctx->lock);
	if (!mp)
		return 0;
	entries = page_address(mp->page);
	return READ_ONCE(entries[(offset >> PAGE_SHIFT) % NETBUF_META_PER_PAGE]);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_meta_entry);

/*
 * Frees every metadata page: when nothing maps the context any more, and
 * when the metadata's mapping goes (nothing can read the pages then).
 */
void netbuf_meta_teardown(struct netbuf_ctx *ctx)
{
	struct netbuf_meta_page *mp;
	unsigned long index;

	xa_for_each(&ctx->meta.pages, index, mp) {
		put_page(mp->page);
		kfree(mp);
		atomic_long_dec(&netbuf_nr_meta_pages);
		netbuf_user_uncharge(ctx->user, NETBUF_META_PAGE_CHARGE);
	}
	ctx->meta.nr_pages = 0;
	xa_destroy(&ctx->meta.pages);
	/* Empty as at the start, ready for the next mapping. */
	netbuf_meta_init(ctx);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_meta_teardown);

static vm_fault_t netbuf_meta_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct netbuf_ctx *ctx = vma->vm_private_data;
	struct netbuf_meta_page *mp;
	vm_fault_t ret;
	int err;

	if (vma->vm_mm != ctx->mm)
		return VM_FAULT_SIGBUS;
	mutex_lock(&ctx->lock);
	mp = xa_load(&ctx->meta.pages, vmf->pgoff - NETBUF_META_PGOFF);
	/* Under the lock: a page that appears unmaps this one after. */
	err = vm_insert_page(vma, vmf->address & PAGE_MASK,
			     mp ? mp->page : netbuf_meta_zero);
	ret = (!err || err == -EBUSY) ? VM_FAULT_NOPAGE : vmf_error(err);
	mutex_unlock(&ctx->lock);
	return ret;
}

static void netbuf_meta_vm_close(struct vm_area_struct *vma)
{
	struct netbuf_ctx *ctx = vma->vm_private_data;

	if (vma->vm_mm != ctx->mm)
		return;
	mutex_lock(&ctx->lock);
	if (vma->vm_start == ctx->meta.start) {
		ctx->meta.mapped = false;
		/* Its page-table entries are gone: the pages can go too. */
		netbuf_meta_teardown(ctx);
	}
	mutex_unlock(&ctx->lock);
}

/* As the window's: no split, no move, no copy's access in a child. */
static const struct vm_operations_struct netbuf_meta_vm_ops = {
	.open = netbuf_vm_open,
	.close = netbuf_meta_vm_close,
	.fault = netbuf_meta_fault,
	.may_split = netbuf_vm_may_split,
	.mremap = netbuf_vm_mremap,
};

/**
 * netbuf_meta_mmap() - map the metadata of the window, read-only
 * @ctx: the context
 * @vma: a shared mapping at NETBUF_META_OFFSET
 *
 * Writes the entries of the buffers live now; from then on allocations,
 * resizes and frees keep them, until the mapping goes.
 *
 * Context: mmap_lock held for writing.
 * Return: 0; -EPERM for a writable or executable mapping; -EINVAL before
 * the window is mapped, for a private mapping or another size; -EBUSY
 * while the metadata is mapped already.
 */
int netbuf_meta_mmap(struct netbuf_ctx *ctx, struct vm_area_struct *vma)
{
	int ret = 0;

	if (vma->vm_flags & (VM_WRITE | VM_EXEC))
		return -EPERM;
	if (!(vma->vm_flags & VM_MAYSHARE))
		return -EINVAL;
	mutex_lock(&ctx->lock);
	if (ctx->meta.mapped) {
		ret = -EBUSY;
	} else if (!ctx->window_pages ||
		   (u64)vma_pages(vma) << PAGE_SHIFT !=
		   netbuf_meta_bytes(ctx->window_pages)) {
		ret = -EINVAL;
	} else {
		ctx->meta.mapped = true;
		ctx->meta.start = vma->vm_start;
		/* Not in the file's mappings yet: nothing to unmap meanwhile. */
		netbuf_meta_populate_locked(ctx);
	}
	mutex_unlock(&ctx->lock);
	if (ret)
		return ret;
	vm_flags_set(vma, VM_MIXEDMAP | VM_DONTCOPY | VM_WIPEONFORK |
		     VM_DONTEXPAND | VM_DONTDUMP);
	/* Never writable or executable, not even by mprotect() (EACCES). */
	vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC);
	vma->vm_ops = &netbuf_meta_vm_ops;
	vma->vm_private_data = ctx;
	return 0;
}
