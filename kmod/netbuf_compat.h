/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where netbuf papers over differences between the kernels it
 * builds against (6.1, 6.12, 7.x).
 */
#ifndef NETBUF_COMPAT_H
#define NETBUF_COMPAT_H

#include <linux/mm.h>
#include <linux/slab.h>

/* Probed from the headers by kmod/Kbuild, so backports are honoured. */
#ifndef NETBUF_HAVE_VM_FLAGS_SET
/* vm_flags became read-only behind helpers in 6.3. */
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}
#endif

#ifndef NETBUF_HAVE_VM_FLAGS_CLEAR
static inline void vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

#ifndef kzalloc_obj
/* Typed allocation helpers came in 7.0; before, the plain kzalloc(). */
#define kzalloc_obj(P, GFP)	kzalloc(sizeof(P), GFP)
#endif

/* The highest order the page allocator gives: inclusive from 6.4 on. */
#ifdef MAX_PAGE_ORDER
#define NETBUF_MAX_PAGE_ORDER	MAX_PAGE_ORDER
#else
#define NETBUF_MAX_PAGE_ORDER	(MAX_ORDER - 1)
#endif

#endif /* NETBUF_COMPAT_H */
