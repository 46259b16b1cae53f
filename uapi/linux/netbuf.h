/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * netbuf: kernel-allocated buffers mapped into the calling process.
 *
 * Every open() of /dev/netbuf creates a private context bound to the
 * address space of the opener. The process maps one window of the context
 * with mmap(MAP_SHARED, offset 0); NETBUF_IOC_ALLOC places a buffer at an
 * offset inside that window and returns the offset. Buffers are whole,
 * zero-filled pages from the page allocator; the window reaches them
 * through the page tables, so freeing a buffer makes later accesses fault.
 *
 * All structures have the same layout on 32- and 64-bit. Fields named
 * flags and reserved must be zero on input (-EINVAL otherwise), so that
 * the ABI can grow.
 *
 * The structures also grow at their end, the way copy_struct_from_user()
 * lets a system call's struct grow: the module takes the size of the
 * caller's struct from the command (_IOC_SIZE), as dma_heap_ioctl() does.
 * A shorter struct (a caller built against an older header) reads as if
 * the missing fields were 0; a longer one (a newer header) is accepted
 * when every byte the module does not know is 0, else the ioctl fails
 * with E2BIG; the answer is copied back up to the shorter of the two
 * sizes. A size below the structure's first version (NETBUF_*_SIZE_VER0)
 * is EINVAL. The number (_IOC_NR) picks the ioctl; another type
 * (_IOC_TYPE) or direction (_IOC_DIR) is ENOTTY.
 *
 * The magic, as Documentation/userspace-api/ioctl/ioctl-number.rst would
 * list it:
 *
 *   Code  Seq#   Include File      Comments
 *   0xE7  01-09  linux/netbuf.h    netbuf (/dev/netbuf); 06-08 reserved
 *
 * A descriptor number can come to name another context (the program
 * closed it, and a later open took the number). A caller that must never
 * apply an offset to the wrong window puts the context's id (from
 * NETBUF_IOC_INFO) in the @context field of each request: a request that
 * reaches another context fails with ESTALE and changes nothing. 0 asks
 * for no check.
 */
#ifndef _UAPI_LINUX_NETBUF_H
#define _UAPI_LINUX_NETBUF_H

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * Bumped when the ABI changes; reported by NETBUF_IOC_INFO.
 * 2: NETBUF_IOC_WKSTA_GET_INFO, _SERVER_GET_INFO, _WKSTA_TRANSPORT_ENUM.
 * 3: the context field (formerly reserved): INFO reports the context's
 *    id, every other request may name the context it expects (ESTALE).
 * 4: the three ioctls of 2 are gone with their structures (the library
 *    writes the Windows structures itself): their numbers 0x06-0x08 stay
 *    reserved and answer ENOTTY. Every structure may grow at its end: the
 *    size in the command is the caller's (see above, NETBUF_*_SIZE_VER0).
 *    Small buffers (netbuf(4), small_max): a buffer of 1 to small_max
 *    bytes starts at a multiple of NETBUF_BUFFER_ALIGN inside a window
 *    page of its own; every other buffer at a page boundary.
 * 5: allocation and free sites (the @site fields and the *_SITE flags:
 *    ALLOC, REALLOC and FREE grew by one field, NETBUF_*_SIZE_VER1), the
 *    placement flags *_GUARD_END and *_GUARD_START of ALLOC and REALLOC,
 *    and NETBUF_IOC_WHATIS (0x09), which says what an offset of the
 *    window is: a live buffer, a freed one, a guard page, or nothing known.
 *    Size without a system call: the process may map, read-only, the
 *    metadata of its window at NETBUF_META_OFFSET (netbuf_info grew by
 *    @meta_offset, NETBUF_INFO_SIZE_VER1; see NETBUF_META_* below).
 */
#define NETBUF_ABI_VERSION	5

/* Every buffer's offset is a multiple of this (from ABI 4). */
#define NETBUF_BUFFER_ALIGN	16

/*
 * Flags of NETBUF_IOC_ALLOC (ABI 5).
 * NETBUF_ALLOC_SITE: record @site and the calling thread with the buffer
 * (NETBUF_IOC_WHATIS reports them). Without it @site must be 0 and
 * nothing is recorded.
 * NETBUF_ALLOC_GUARD_END: give the buffer pages of its own (never a
 * shared small page) and place it so that its end is the end of its last
 * window page, the start rounded down to a multiple of
 * NETBUF_BUFFER_ALIGN: an access past the end faults at the latest at the
 * next multiple of NETBUF_BUFFER_ALIGN (the guard page after the buffer).
 * NETBUF_ALLOC_GUARD_START: give the buffer pages of its own and start it
 * at a page boundary (the guard page before it catches an underflow),
 * even when it is small enough to share a page.
 * GUARD_END and GUARD_START together: EINVAL. Size 0 with either: as
 * without (a unique offset that maps no page).
 */
#define NETBUF_ALLOC_SITE		0x1U
#define NETBUF_ALLOC_GUARD_END		0x2U
#define NETBUF_ALLOC_GUARD_START	0x4U

/*
 * Flags of NETBUF_IOC_REALLOC (ABI 5), as ALLOC's for the resized buffer:
 * NETBUF_REALLOC_SITE also records the old buffer in the freed history
 * (with @site as its free site) when it moves or is freed. The placement
 * flags place the resized buffer as ALLOC's do; it stays in place only
 * when its current placement is the one asked for (a GUARD_END buffer:
 * when its end stays the end of its last page), else it moves.
 */
#define NETBUF_REALLOC_SITE		0x1U
#define NETBUF_REALLOC_GUARD_END	0x2U
#define NETBUF_REALLOC_GUARD_START	0x4U

/*
 * Flag of NETBUF_IOC_FREE (ABI 5): record the freed buffer in the
 * context's history of freed buffers, with @site and the calling thread
 * as its free site.
 */
#define NETBUF_FREE_SITE		0x1U

/*
 * Flag of NETBUF_IOC_WHATIS: answer about the first live buffer whose
 * start is at or after @offset (kind NETBUF_WHATIS_LIVE), or kind
 * NETBUF_WHATIS_NONE when there is none.
 */
#define NETBUF_WHATIS_NEXT_LIVE		0x1U

/* The flags each ioctl knows; any other bit is EINVAL. */
#define NETBUF_ALLOC_FLAGS_VALID	(NETBUF_ALLOC_SITE | \
					 NETBUF_ALLOC_GUARD_END | \
					 NETBUF_ALLOC_GUARD_START)
#define NETBUF_REALLOC_FLAGS_VALID	(NETBUF_REALLOC_SITE | \
					 NETBUF_REALLOC_GUARD_END | \
					 NETBUF_REALLOC_GUARD_START)
#define NETBUF_SIZE_FLAGS_VALID		0U
#define NETBUF_FREE_FLAGS_VALID		NETBUF_FREE_SITE
#define NETBUF_INFO_FLAGS_VALID		0U
#define NETBUF_WHATIS_FLAGS_VALID	NETBUF_WHATIS_NEXT_LIVE

/* The size of each structure in its first version: smaller is EINVAL. */
#define NETBUF_ALLOC_SIZE_VER0		24
#define NETBUF_REALLOC_SIZE_VER0	32
#define NETBUF_SIZE_SIZE_VER0		24
#define NETBUF_FREE_SIZE_VER0		16
#define NETBUF_INFO_SIZE_VER0		64
#define NETBUF_WHATIS_SIZE_VER0		72

/* ABI 5: the sizes of the structures that grew by @site. */
#define NETBUF_ALLOC_SIZE_VER1		32
#define NETBUF_REALLOC_SIZE_VER1	40
#define NETBUF_FREE_SIZE_VER1		24
#define NETBUF_INFO_SIZE_VER1		72	/* @meta_offset */

/* NETBUF_IOC_WHATIS: what the offset is (struct netbuf_whatis @kind). */
#define NETBUF_WHATIS_NONE		0
#define NETBUF_WHATIS_LIVE		1
#define NETBUF_WHATIS_FREED		2
#define NETBUF_WHATIS_GUARD		3

/*
 * Metadata (ABI 5): mmap(MAP_SHARED, PROT_READ) of the fd at offset
 * NETBUF_META_OFFSET, once the window is mapped, of exactly
 * netbuf_meta_bytes_of(window bytes, page size) bytes, holds one __u64 per
 * window page, in window order. The entry of the window page on which a
 * live buffer starts is NETBUF_META_VALID | the start's offset within
 * that page | its size << NETBUF_META_SIZE_SHIFT; any other entry is 0.
 * The module writes each entry with one 64-bit store, so a reader using
 * one 64-bit load sees an old or a new value, never a mix; a buffer whose
 * size does not fit has no entry (ask NETBUF_IOC_SIZE). The mapping can
 * never become writable, executable, split, moved or copied by fork, and
 * only the address space that opened the fd can read it. The module keeps
 * it only while it is mapped: mapping it writes the entries of every live
 * buffer, unmapping it frees its pages.
 */
#define NETBUF_META_OFFSET		0x40000000000ULL	/* 4 TiB */
#define NETBUF_META_VALID		0x1ULL
#define NETBUF_META_START_MASK		0xfff0ULL
#define NETBUF_META_SIZE_SHIFT		16

/* Bytes of the metadata of a window of @window bytes: whole pages. */
static inline __u64 netbuf_meta_bytes_of(__u64 window, __u64 page_size)
{
	return (window / page_size * 8 + page_size - 1) & ~(page_size - 1);
}

/**
 * struct netbuf_alloc - argument of NETBUF_IOC_ALLOC
 * @size: in: requested size in bytes; 0 is valid and yields a unique
 *        offset that maps no page
 * @offset: out: byte offset of the buffer in the window (page aligned, or
 *          for a small buffer a multiple of NETBUF_BUFFER_ALIGN within
 *          its window page, or for NETBUF_ALLOC_GUARD_END such that the
 *          buffer ends at the end of a window page); must be 0 on input
 * @flags: in: 0 or NETBUF_ALLOC_* (see NETBUF_ALLOC_FLAGS_VALID)
 * @context: in: 0, or the id of the context meant (see NETBUF_IOC_INFO);
 *           another context answers ESTALE
 * @site: in (ABI 5): with NETBUF_ALLOC_SITE, an opaque value recorded as
 *        the buffer's allocation site (the library passes its caller's
 *        return address); without the flag it must be 0
 */
struct netbuf_alloc {
	__u64 size;
	__u64 offset;
	__u32 flags;
	union {
		__u32 context;
		__u32 reserved;		/* its name before ABI 3 */
	};
	__u64 site;
};

/**
 * struct netbuf_realloc - argument of NETBUF_IOC_REALLOC
 * @offset: in: offset of a live buffer
 * @size: in: new size in bytes
 * @new_offset: out: offset of the resized buffer; equal to @offset when
 *              it was resized in place; must be 0 on input
 * @flags: in: 0 or NETBUF_REALLOC_* (see NETBUF_REALLOC_FLAGS_VALID)
 * @context: in: 0, or the id of the context meant (see NETBUF_IOC_INFO);
 *           another context answers ESTALE
 * @site: in (ABI 5): with NETBUF_REALLOC_SITE, an opaque value recorded
 *        as the resized buffer's allocation site and, when the buffer
 *        moves or is freed (@size 0), as the old buffer's free site;
 *        without the flag it must be 0
 *
 * The first min(old size, @size) bytes are preserved, growth reads as
 * zero. On failure the buffer is unchanged and still live. The argument
 * must not lie inside the buffer being resized: if a move makes it
 * unreachable, the call returns EFAULT after the buffer has moved.
 */
struct netbuf_realloc {
	__u64 offset;
	__u64 size;
	__u64 new_offset;
	__u32 flags;
	union {
		__u32 context;
		__u32 reserved;		/* its name before ABI 3 */
	};
	__u64 site;
};

/**
 * struct netbuf_size - argument of NETBUF_IOC_SIZE
 * @offset: in: offset of a live buffer
 * @size: out: the size in bytes last requested for it; must be 0 on input
 * @flags: in: must be 0 (see NETBUF_SIZE_FLAGS_VALID)
 * @context: in: 0, or the id of the context meant (see NETBUF_IOC_INFO);
 *           another context answers ESTALE
 */
struct netbuf_size {
	__u64 offset;
	__u64 size;
	__u32 flags;
	union {
		__u32 context;
		__u32 reserved;		/* its name before ABI 3 */
	};
};

/**
 * struct netbuf_free - argument of NETBUF_IOC_FREE
 * @offset: in: offset of a live buffer
 * @flags: in: 0 or NETBUF_FREE_SITE (see NETBUF_FREE_FLAGS_VALID)
 * @context: in: 0, or the id of the context meant (see NETBUF_IOC_INFO);
 *           another context answers ESTALE
 * @site: in (ABI 5): with NETBUF_FREE_SITE, an opaque value recorded as
 *        the free site in the context's history of freed buffers; without
 *        the flag it must be 0
 *
 * The range is unmapped from every mapping of the context before its pages
 * are released; a later access to it raises SIGBUS.
 */
struct netbuf_free {
	__u64 offset;
	__u32 flags;
	union {
		__u32 context;
		__u32 reserved;		/* its name before ABI 3 */
	};
	__u64 site;
};

/**
 * struct netbuf_info - argument of NETBUF_IOC_INFO
 * @abi_version: out: NETBUF_ABI_VERSION of the running module
 * @page_size: out: the granule of buffers and of the window
 * @window_size: out: size of the mapped window in bytes, 0 before mmap
 * @max_bytes: out: limit on page-rounded bytes live in this context
 * @max_buffers: out: limit on buffers live in this context
 * @live_bytes: out: page-rounded bytes live in this context
 * @live_buffers: out: buffers live in this context
 * @flags: in: must be 0 (see NETBUF_INFO_FLAGS_VALID)
 * @context: out: the context's id, never 0, unique among the contexts
 *           open at the same time (ABI 3; before: reserved, 0)
 * @meta_offset: out: NETBUF_META_OFFSET where the window's metadata can be
 *               mapped (ABI 5); 0 from an older module: no metadata
 *
 * Every out field must be 0 on input. The window may not reach
 * NETBUF_META_OFFSET (mmap fails with EINVAL).
 */
struct netbuf_info {
	__u64 abi_version;
	__u64 page_size;
	__u64 window_size;
	__u64 max_bytes;
	__u64 max_buffers;
	__u64 live_bytes;
	__u64 live_buffers;
	__u32 flags;
	union {
		__u32 context;		/* out; must be 0 on input */
		__u32 reserved;		/* its name before ABI 3 */
	};
	__u64 meta_offset;
};

/**
 * struct netbuf_whatis - argument of NETBUF_IOC_WHATIS (ABI 5)
 * @offset: in: an offset in the window (outside it: kind NONE)
 * @start: out: start offset of the buffer the answer is about
 * @size: out: that buffer's size in bytes
 * @alloc_site: out: its recorded allocation site, 0 if none was recorded
 * @free_site: out: kind FREED: its recorded free site (0 if none), else 0
 * @age_ns: out: kind FREED: nanoseconds since it was freed, else 0
 * @alloc_tid: out: the thread (as the caller's pid namespace numbers it)
 *             that allocated it, 0 if not recorded
 * @free_tid: out: kind FREED: the thread that freed it (0 if not
 *            recorded), else 0
 * @kind: out: NETBUF_WHATIS_NONE, _LIVE, _FREED or _GUARD
 * @flags: in: 0 or NETBUF_WHATIS_NEXT_LIVE
 * @context: in: 0, or the id of the context meant (see NETBUF_IOC_INFO);
 *           another context answers ESTALE
 * @reserved: must be 0
 *
 * Every out field must be 0 on input. The kinds:
 * NETBUF_WHATIS_NONE: nothing is known at @offset: never allocated, or
 * the buffer was forgotten by the bounded history.
 * NETBUF_WHATIS_LIVE: @offset lies in the window page(s) of a live buffer
 * (at or after its start, or for a GUARD_END buffer in the slack before
 * its start in its first page).
 * NETBUF_WHATIS_FREED: @offset lies in the pages, or the guard page
 * after them, of a buffer in the context's history of freed buffers (the
 * most recently freed match wins).
 * NETBUF_WHATIS_GUARD: @offset lies in the guard page after the live
 * buffer at @start.
 * With NETBUF_WHATIS_NEXT_LIVE the answer is about the first live buffer
 * whose start is at or after @offset (LIVE), or NONE when there is none.
 */
struct netbuf_whatis {
	__u64 offset;
	__u64 start;
	__u64 size;
	__u64 alloc_site;
	__u64 free_site;
	__u64 age_ns;
	__u32 alloc_tid;
	__u32 free_tid;
	__u32 kind;
	__u32 flags;
	__u32 context;
	__u32 reserved;
};

/* 0xE7 is unassigned in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define NETBUF_IOC_MAGIC	0xE7

/**
 * DOC: ioctls
 *
 * NETBUF_IOC_ALLOC - allocate a zero-filled buffer in the window.
 * Errors: EINVAL (bad flags/reserved/out field), ENXIO (window not mapped
 * yet), ENOMEM (no memory, no room in the window, or over max_bytes or
 * max_buffers), EPERM (called from another address space than the opener),
 * EFAULT (bad argument pointer), EINTR (fatal signal while allocating).
 *
 * NETBUF_IOC_REALLOC - resize a live buffer, in place or by moving it.
 * Errors: as ALLOC, and EINVAL when @offset is not a live buffer's start.
 *
 * NETBUF_IOC_SIZE - report the size of a live buffer.
 * Errors: EINVAL, EPERM, EFAULT.
 *
 * NETBUF_IOC_FREE - free a live buffer. Errors: EINVAL, EPERM, EFAULT.
 *
 * NETBUF_IOC_INFO - report the context's window, limits and usage.
 * Errors: EINVAL, EPERM, EFAULT.
 *
 * NETBUF_IOC_WHATIS - say what an offset of the window is (ABI 5).
 * Errors: EINVAL, EPERM, EFAULT, ESTALE.
 *
 * Every ioctl also fails with E2BIG when the caller's struct is longer
 * than the module's and a byte past the module's end is not 0, and with
 * EINVAL when it is shorter than the first version's; ENOTTY is any
 * command that is not ours (another type, number or direction).
 *
 * Numbers 0x06, 0x07 and 0x08 were NETBUF_IOC_WKSTA_GET_INFO,
 * _SERVER_GET_INFO and _WKSTA_TRANSPORT_ENUM (ABI 2 and 3, removed in 4):
 * they are reserved, answer ENOTTY, and will not be given to another
 * ioctl.
 */
#define NETBUF_IOC_ALLOC	_IOWR(NETBUF_IOC_MAGIC, 0x01, struct netbuf_alloc)
#define NETBUF_IOC_REALLOC	_IOWR(NETBUF_IOC_MAGIC, 0x02, struct netbuf_realloc)
#define NETBUF_IOC_SIZE		_IOWR(NETBUF_IOC_MAGIC, 0x03, struct netbuf_size)
#define NETBUF_IOC_FREE		_IOWR(NETBUF_IOC_MAGIC, 0x04, struct netbuf_free)
#define NETBUF_IOC_INFO		_IOWR(NETBUF_IOC_MAGIC, 0x05, struct netbuf_info)
#define NETBUF_IOC_WHATIS	_IOWR(NETBUF_IOC_MAGIC, 0x09, struct netbuf_whatis)

#endif /* _UAPI_LINUX_NETBUF_H */
