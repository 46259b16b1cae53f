// SPDX-License-Identifier: GPL-2.0
/*
 * The window: every context gets its own address_space from a private
 * pseudo-filesystem, the window VMA maps buffer pages with references held
 * by the page tables, and nothing may split, move, grow, copy or execute it.
 */
#include <kunit/visibility.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/mount.h>
#include <linux/pgtable.h>
#include <linux/pseudo_fs.h>

#include <linux/netbuf.h>

#include "netbuf_compat.h"
#include "netbuf_internal.h"

#define NETBUF_FS_MAGIC	0x6e627566	/* "nbuf" */

static struct vfsmount *netbuf_mnt;

static int netbuf_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, NETBUF_FS_MAGIC) ? 0 : -ENOMEM;
}

/* No .owner: the module's own mount must not pin the module. */
static struct file_system_type netbuf_fs_type = {
	.name = "netbuf",
	.init_fs_context = netbuf_init_fs_context,
	.kill_sb = kill_anon_super,
};

int netbuf_fs_init(void)
{
	netbuf_mnt = kern_mount(&netbuf_fs_type);
	return PTR_ERR_OR_ZERO(netbuf_mnt);
}

void netbuf_fs_exit(void)
{
	kern_unmount(netbuf_mnt);
}

/* Offsets start at 0 in each context's own inode; unmaps stay within it. */
struct inode *netbuf_inode_new(void)
{
	return alloc_anon_inode(netbuf_mnt->mnt_sb);
}

static vm_fault_t netbuf_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct netbuf_ctx *ctx = vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	struct page *page;
	int err;

	/* A copy of the window in another address space gets nothing. */
	if (vma->vm_mm != ctx->mm)
		return VM_FAULT_SIGBUS;

	mutex_lock(&ctx->lock);
	page = netbuf_ctx_page_at(ctx, vmf->pgoff);
	if (page) {
		/* Under the lock: a free cannot unmap before this is in. */
		err = vm_insert_page(vma, vmf->address & PAGE_MASK, page);
		ret = (!err || err == -EBUSY) ? VM_FAULT_NOPAGE :
						vmf_error(err);
	}
	mutex_unlock(&ctx->lock);
	return ret;
}

/*
 * A copy of the window in another address space: fork() after the process
 * cleared both VM_DONTCOPY (MADV_DOFORK) and VM_WIPEONFORK
 * (MADV_KEEPONFORK). Called before fork copies page table entries; with
 * VM_WIPEONFORK on the copy none are copied, and the child's faults are
 * refused, so the child never reaches the parent's pages.
 */
void netbuf_vm_open(struct vm_area_struct *vma)
{
	struct netbuf_ctx *ctx = vma->vm_private_data;

	if (vma->vm_mm != ctx->mm)
		vm_flags_set(vma, VM_WIPEONFORK);
}

/* The owner's window is gone: no allocation until it is mapped again. */
static void netbuf_vm_close(struct vm_area_struct *vma)
{
	struct netbuf_ctx *ctx = vma->vm_private_data;

	if (vma->vm_mm != ctx->mm)
		return;
	mutex_lock(&ctx->lock);
	if (vma->vm_start == ctx->window_start)
		ctx->window_mapped = false;
	mutex_unlock(&ctx->lock);
}

/* Refusing splits also refuses partial munmap, mprotect and madvise. */
int netbuf_vm_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return -EINVAL;
}

/* The library keeps the window's address: it must not move. */
int netbuf_vm_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

static const struct vm_operations_struct netbuf_vm_ops = {
	.open = netbuf_vm_open,
	.close = netbuf_vm_close,
	.fault = netbuf_vm_fault,
	.may_split = netbuf_vm_may_split,
	.mremap = netbuf_vm_mremap,
};

int netbuf_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct netbuf_ctx *ctx = file->private_data;
	int ret = 0;

	if (vma->vm_mm != ctx->mm)
		return -EPERM;
	/*
	 * Data, never code: refused as mmap(2) refuses PROT_EXEC of a file on
	 * a noexec mount, and VM_MAYEXEC is cleared below so that mprotect()
	 * cannot add it later (EACCES).
	 */
	if (vma->vm_flags & VM_EXEC)
		return -EPERM;
	if (vma->vm_pgoff == NETBUF_META_OFFSET >> PAGE_SHIFT)
		return netbuf_meta_mmap(ctx, vma);
	/* A private copy-on-write page would outlive the buffer's free. */
	if (!(vma->vm_flags & VM_SHARED) || vma->vm_pgoff)
		return -EINVAL;
	/* The metadata's offsets lie above every window's. */
	if (vma_pages(vma) > NETBUF_META_OFFSET >> PAGE_SHIFT)
		return -EINVAL;

	/*
	 * One window at a time. Mapped again after munmap, it must have its
	 * first size, so that the live buffers keep their offsets.
	 */
	mutex_lock(&ctx->lock);
	if (ctx->window_mapped) {
		ret = -EBUSY;
	} else if (ctx->window_pages && ctx->window_pages != vma_pages(vma)) {
		ret = -EINVAL;
	} else {
		ctx->window_pages = vma_pages(vma);
		ctx->window_start = vma->vm_start;
		ctx->window_mapped = true;
		netbuf_small_setup(ctx);
	}
	mutex_unlock(&ctx->lock);
	if (ret)
		return ret;

	/*
	 * No copy in a child, and even if MADV_DOFORK clears VM_DONTCOPY,
	 * VM_WIPEONFORK keeps fork from copying the page table entries: the
	 * child's accesses fault, and the fault handler refuses them (and
	 * netbuf_vm_open() puts VM_WIPEONFORK back if MADV_KEEPONFORK took it).
	 */
	vm_flags_set(vma, VM_MIXEDMAP | VM_DONTCOPY | VM_WIPEONFORK |
		     VM_DONTEXPAND | VM_DONTDUMP);
	vm_flags_clear(vma, VM_MAYEXEC);
	vma->vm_ops = &netbuf_vm_ops;
	vma->vm_private_data = ctx;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_mmap);

/* The owner's window VMA, or NULL after munmap of the window. */
static struct vm_area_struct *netbuf_window_vma(struct netbuf_ctx *ctx)
{
	struct vm_area_struct *vma;

	mmap_assert_locked(ctx->mm);
	lockdep_assert_held(&ctx->lock);
	vma = vma_lookup(ctx->mm, ctx->window_start);
	if (!vma || vma->vm_ops != &netbuf_vm_ops ||
	    vma->vm_private_data != ctx)
		return NULL;
	return vma;
}

/*
 * Levels of page table missing above the PTE at @addr: 0 when the PTE
 * table exists, 1 when it does not, 2 when the PMD table is missing too,
 * and so on. A folded level never reads as missing. Read without the page
 * table lock: tables can appear meanwhile (then this over-estimates), and
 * only freeing them (munmap, mmap_lock held for writing) could make it an
 * under-estimate.
 */
static int netbuf_levels_missing(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;

	if (pgd_none(READ_ONCE(*pgd)))
		return 4;
	p4d = p4d_offset(pgd, addr);
	if (p4d_none(READ_ONCE(*p4d)))
		return 3;
	pud = pud_offset(p4d, addr);
	if (pud_none(READ_ONCE(*pud)))
		return 2;
	pmd = pmd_offset(pud, addr);
	return pmd_none(READ_ONCE(*pmd)) ? 1 : 0;
}

/*
 * Page-table pages that mapping [@addr, @end) would allocate: per PMD-sized
 * region its PTE table, and each missing upper table once, in the first
 * region of the range it covers.
 */
static unsigned long netbuf_tables_missing(struct mm_struct *mm,
					   unsigned long addr,
					   unsigned long end)
{
	unsigned long first = addr, next, n = 0;
	int missing;

	for (; addr < end; addr = next) {
		next = pmd_addr_end(addr, end);
		missing = netbuf_levels_missing(mm, addr);
		/* Sizes of what one table of each level maps, not constants. */
		n += missing >= 1;
		n += missing >= 2 && (addr == first || IS_ALIGNED(addr, PUD_SIZE));
		n += missing >= 3 && (addr == first || IS_ALIGNED(addr, P4D_SIZE));
		n += missing >= 4 &&
		     (addr == first || IS_ALIGNED(addr, PGDIR_SIZE));
	}
	return n;
}

/**
 * netbuf_vm_release_tables() - free pages netbuf_vm_reserve_tables() took
 * @tables: what it filled; its list left empty
 *
 * Context: any that may free pages.
 */
void netbuf_vm_release_tables(struct netbuf_tables *tables)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &tables->pages, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_vm_release_tables);

/**
 * netbuf_vm_reserve_tables() - memory for mapping a range of the window
 * @ctx: the context
 * @start: first window page of the range
 * @npages: pages in the range
 * @tables: filled with the pages reserved and the window VMA, for
 *          netbuf_vm_map_pages() in the same hold of mmap_lock
 *
 * vm_insert_pages() allocates the page tables a range lacks with
 * GFP_PGTABLE_USER, which at a memory cgroup's limit wakes the cgroup's
 * OOM killer. This takes one page of the caller's charge for each table
 * missing, with __GFP_RETRY_MAYFAIL, so a shortage fails here instead;
 * netbuf_vm_map_buffer() frees them just before inserting, which leaves
 * exactly that much room under the limit (the freed charge refills this
 * CPU's charge stock, and the charge path drains the stocks before it
 * gives up) for the page tables to be allocated without an OOM kill.
 * Another task of the same cgroup that allocates between the two can
 * still take the room: netbuf(4) says so.
 *
 * Context: mmap_lock held for reading (so no table can be freed), then
 * @ctx->lock. May sleep.
 * Return: 0 (nothing to reserve without a window), or -ENOMEM with
 * nothing held.
 */
int netbuf_vm_reserve_tables(struct netbuf_ctx *ctx, pgoff_t start,
			     unsigned long npages,
			     struct netbuf_tables *tables)
{
	unsigned long addr, n;
	struct page *page;

	INIT_LIST_HEAD(&tables->pages);
	tables->vma = NULL;
	if (!ctx->mm || !npages)
		return 0;
	tables->vma = netbuf_window_vma(ctx);
	if (!tables->vma)
		return 0;
	addr = tables->vma->vm_start + (start << PAGE_SHIFT);
	n = netbuf_tables_missing(ctx->mm, addr, addr + (npages << PAGE_SHIFT));
	for (; n; n--) {
		page = alloc_page(NETBUF_META_GFP);
		if (!page) {
			netbuf_vm_release_tables(tables);
			return -ENOMEM;
		}
		list_add(&page->lru, &tables->pages);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_vm_reserve_tables);

/**
 * netbuf_vm_map_pages() - map pages at a range of the window at once
 * @ctx: the context
 * @start: first window page of the range
 * @pages: the pages, which a live buffer holds
 * @npages: how many
 * @tables: what netbuf_vm_reserve_tables() reserved for the same range,
 *          in this hold of mmap_lock; its pages freed
 *
 * Touching them then costs no fault. Best effort: whatever is not inserted
 * here is mapped by a fault. Nothing is mapped without a window VMA.
 *
 * Context: mmap_lock held for reading, then @ctx->lock, both held since
 * netbuf_vm_reserve_tables() found the VMA.
 */
void netbuf_vm_map_pages(struct netbuf_ctx *ctx, pgoff_t start,
			 struct page **pages, unsigned long npages,
			 struct netbuf_tables *tables)
{
	struct vm_area_struct *vma = tables->vma;

	/* The room under the cgroup's limit is for the tables below. */
	netbuf_vm_release_tables(tables);
	if (!vma || !npages)
		return;
	mmap_assert_locked(ctx->mm);
	lockdep_assert_held(&ctx->lock);
	vm_insert_pages(vma, vma->vm_start + (start << PAGE_SHIFT), pages,
			&npages);
}

/**
 * netbuf_vm_map_buffer() - map a new buffer's pages at once
 * @ctx: the context
 * @buf: the buffer, placed and visible
 * @tables: as for netbuf_vm_map_pages()
 *
 * Context: mmap_lock held for reading, then @ctx->lock.
 */
void netbuf_vm_map_buffer(struct netbuf_ctx *ctx, struct netbuf_buffer *buf,
			  struct netbuf_tables *tables)
{
	netbuf_vm_map_pages(ctx, buf->start, buf->pages, buf->npages, tables);
}

/* Removes the pages from every mapping of this context, forked copies too. */
void netbuf_vm_unmap(struct netbuf_ctx *ctx, pgoff_t start,
		     unsigned long npages)
{
	if (ctx->mapping && npages)
		unmap_mapping_pages(ctx->mapping, start, npages, true);
}
