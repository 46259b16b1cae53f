// SPDX-License-Identifier: GPL-2.0
/*
 * The window: every context gets its own address_space from a private
 * pseudo-filesystem, the window VMA maps buffer pages with references held
 * by the page tables, and nothing may split, move, grow or copy it.
 */
#include <kunit/visibility.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/mount.h>
#include <linux/pseudo_fs.h>

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
static void netbuf_vm_open(struct vm_area_struct *vma)
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
static int netbuf_vm_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return -EINVAL;
}

/* The library keeps the window's address: it must not move. */
static int netbuf_vm_mremap(struct vm_area_struct *vma)
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
	/* A private copy-on-write page would outlive the buffer's free. */
	if (!(vma->vm_flags & VM_SHARED) || vma->vm_pgoff)
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
	vma->vm_ops = &netbuf_vm_ops;
	vma->vm_private_data = ctx;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_mmap);

/* Maps a new buffer's pages at once, so touching them costs no fault. */
void netbuf_vm_map_buffer(struct netbuf_ctx *ctx, struct netbuf_buffer *buf)
{
	unsigned long npages = buf->npages;
	struct vm_area_struct *vma;

	if (!ctx->mm || !npages)
		return;
	mmap_assert_locked(ctx->mm);
	lockdep_assert_held(&ctx->lock);
	vma = vma_lookup(ctx->mm, ctx->window_start);
	/* After munmap of the window there is nothing to map into. */
	if (!vma || vma->vm_ops != &netbuf_vm_ops ||
	    vma->vm_private_data != ctx)
		return;
	/* Best effort: whatever is not inserted here is mapped by a fault. */
	vm_insert_pages(vma, vma->vm_start + (buf->start << PAGE_SHIFT),
			buf->pages, &npages);
}

/* Removes the pages from every mapping of this context, forked copies too. */
void netbuf_vm_unmap(struct netbuf_ctx *ctx, pgoff_t start,
		     unsigned long npages)
{
	if (ctx->mapping && npages)
		unmap_mapping_pages(ctx->mapping, start, npages, true);
}
