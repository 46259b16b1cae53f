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
 * Bumped when an ioctl is added; reported by NETBUF_IOC_INFO.
 * 2: NETBUF_IOC_WKSTA_GET_INFO, _SERVER_GET_INFO, _WKSTA_TRANSPORT_ENUM.
 * 3: the context field (formerly reserved): INFO reports the context's
 *    id, every other request may name the context it expects (ESTALE).
 * 4: small buffers (netbuf(4), small_max): a buffer of 1 to small_max
 *    bytes starts at a multiple of NETBUF_BUFFER_ALIGN inside a window
 *    page of its own; every other buffer at a page boundary.
 */
#define NETBUF_ABI_VERSION	4

/* Every buffer's offset is a multiple of this (from ABI 4). */
#define NETBUF_BUFFER_ALIGN	16

/* No flags are defined yet: every ioctl's flags must be 0. */
#define NETBUF_ALLOC_FLAGS_VALID	0U
#define NETBUF_REALLOC_FLAGS_VALID	0U
#define NETBUF_SIZE_FLAGS_VALID		0U
#define NETBUF_FREE_FLAGS_VALID		0U
#define NETBUF_INFO_FLAGS_VALID		0U
#define NETBUF_GET_INFO_FLAGS_VALID	0U
#define NETBUF_ENUM_FLAGS_VALID		0U

/**
 * struct netbuf_alloc - argument of NETBUF_IOC_ALLOC
 * @size: in: requested size in bytes; 0 is valid and yields a unique
 *        offset that maps no page
 * @offset: out: byte offset of the buffer in the window (page aligned, or
 *          for a small buffer a multiple of NETBUF_BUFFER_ALIGN within
 *          its window page); must be 0 on input
 * @flags: in: must be 0 (see NETBUF_ALLOC_FLAGS_VALID)
 * @context: in: 0, or the id of the context meant (see NETBUF_IOC_INFO);
 *           another context answers ESTALE
 */
struct netbuf_alloc {
	__u64 size;
	__u64 offset;
	__u32 flags;
	union {
		__u32 context;
		__u32 reserved;		/* its name before ABI 3 */
	};
};

/**
 * struct netbuf_realloc - argument of NETBUF_IOC_REALLOC
 * @offset: in: offset of a live buffer
 * @size: in: new size in bytes
 * @new_offset: out: offset of the resized buffer; equal to @offset when
 *              it was resized in place; must be 0 on input
 * @flags: in: must be 0 (see NETBUF_REALLOC_FLAGS_VALID)
 * @context: in: 0, or the id of the context meant (see NETBUF_IOC_INFO);
 *           another context answers ESTALE
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
 * @flags: in: must be 0 (see NETBUF_FREE_FLAGS_VALID)
 * @context: in: 0, or the id of the context meant (see NETBUF_IOC_INFO);
 *           another context answers ESTALE
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
 *
 * Every out field must be 0 on input.
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
};

/**
 * struct netbuf_get_info - argument of NETBUF_IOC_WKSTA_GET_INFO and
 * NETBUF_IOC_SERVER_GET_INFO
 * @offset: out: offset in the window of the buffer the kernel produced;
 *          must be 0 on input
 * @size: out: its size in bytes, as NetApiBufferSize reports it; must be 0
 *        on input
 * @level: in: the information level (100, 101, 102 for the workstation;
 *         100, 101 for the server); any other is EINVAL
 * @flags: in: must be 0 (see NETBUF_GET_INFO_FLAGS_VALID)
 * @context: in: 0, or the id of the context meant (see NETBUF_IOC_INFO);
 *           another context answers ESTALE
 * @reserved: must be 0
 *
 * The buffer is a live buffer of the context like one from
 * NETBUF_IOC_ALLOC: it holds the structure of the level (struct
 * netbuf_wksta_info_100 ... below) at its start, then every string the
 * structure points to. NETBUF_IOC_FREE releases all of it.
 */
struct netbuf_get_info {
	__u64 offset;
	__u64 size;
	__u32 level;
	__u32 flags;
	__u32 context;
	__u32 reserved;
};

/**
 * struct netbuf_transport_enum - argument of NETBUF_IOC_WKSTA_TRANSPORT_ENUM
 * @prefmaxlen: in: preferred maximum size of the buffer in bytes; entries
 *              are added while the buffer stays within it, but at least
 *              one is returned when any remain. ~0 (or any value larger
 *              than everything) returns them all.
 * @offset: out: offset of the buffer, valid when @entries_read is not 0;
 *          must be 0 on input
 * @size: out: its size in bytes (0 when no buffer was produced); must be 0
 *        on input
 * @level: in: must be 0
 * @resume: in: index of the first interface to return (0 to start);
 *          out: index of the next one when @more is 1, else 0
 * @entries_read: out: structures in the buffer; must be 0 on input
 * @total_entries: out: interfaces from @resume (in) to the end; must be 0
 *                 on input
 * @more: out: 1 when interfaces remain after those returned; must be 0 on
 *        input
 * @flags: in: must be 0 (see NETBUF_ENUM_FLAGS_VALID)
 * @context: in: 0, or the id of the context meant (see NETBUF_IOC_INFO);
 *           another context answers ESTALE
 * @reserved: must be 0
 *
 * One struct netbuf_wksta_transport_info_0 per network interface of the
 * caller's network namespace, in the kernel's order, then their strings.
 */
struct netbuf_transport_enum {
	__u64 prefmaxlen;
	__u64 offset;
	__u64 size;
	__u32 level;
	__u32 resume;
	__u32 entries_read;
	__u32 total_entries;
	__u32 more;
	__u32 flags;
	__u32 context;
	__u32 reserved;
};

/*
 * The layouts the kernel writes into produced buffers: those of the
 * Windows structures on x86-64 (LP64, natural alignment), so that the C
 * structures of libnetbuf's lmwksta.h and lmserver.h read them directly.
 * A "string" field holds the user address of a NUL-terminated string of
 * 32-bit code units (UTF-32, the wchar_t of Linux) inside the same
 * buffer. 32-bit (compat) callers would need other layouts: they get
 * EOPNOTSUPP.
 */

/**
 * struct netbuf_wksta_info_100 - WKSTA_INFO_100
 * @platform_id: 500 (PLATFORM_ID_NT)
 * @__pad0: 0
 * @computername: string: the UTS node name up to its first dot
 * @langroup: string: the UTS domain name, or "WORKGROUP" when it is unset
 *            ("(none)" or empty)
 * @ver_major: major version of the running Linux kernel
 * @ver_minor: minor version (patch level) of the running Linux kernel
 */
struct netbuf_wksta_info_100 {
	__u32 platform_id;
	__u32 __pad0;
	__u64 computername;
	__u64 langroup;
	__u32 ver_major;
	__u32 ver_minor;
};

/**
 * struct netbuf_wksta_info_101 - WKSTA_INFO_101: level 100, and
 * @platform_id: as level 100
 * @__pad0: 0
 * @computername: as level 100
 * @langroup: as level 100
 * @ver_major: as level 100
 * @ver_minor: as level 100
 * @lanroot: string: empty (Linux has no LAN Manager root directory)
 */
struct netbuf_wksta_info_101 {
	__u32 platform_id;
	__u32 __pad0;
	__u64 computername;
	__u64 langroup;
	__u32 ver_major;
	__u32 ver_minor;
	__u64 lanroot;
};

/**
 * struct netbuf_wksta_info_102 - WKSTA_INFO_102: level 101, and
 * @platform_id: as level 100
 * @__pad0: 0
 * @computername: as level 100
 * @langroup: as level 100
 * @ver_major: as level 100
 * @ver_minor: as level 100
 * @lanroot: as level 101
 * @logged_on_users: 1, the caller (the kernel keeps no logon sessions)
 * @__pad1: 0
 */
struct netbuf_wksta_info_102 {
	__u32 platform_id;
	__u32 __pad0;
	__u64 computername;
	__u64 langroup;
	__u32 ver_major;
	__u32 ver_minor;
	__u64 lanroot;
	__u32 logged_on_users;
	__u32 __pad1;
};

/**
 * struct netbuf_server_info_100 - SERVER_INFO_100
 * @platform_id: 500 (PLATFORM_ID_NT)
 * @__pad0: 0
 * @name: string: the computer name, as in struct netbuf_wksta_info_100
 */
struct netbuf_server_info_100 {
	__u32 platform_id;
	__u32 __pad0;
	__u64 name;
};

/**
 * struct netbuf_server_info_101 - SERVER_INFO_101: level 100, and
 * @platform_id: as level 100
 * @__pad0: 0
 * @name: as level 100
 * @version_major: as in struct netbuf_wksta_info_100
 * @version_minor: as in struct netbuf_wksta_info_100
 * @type: NETBUF_SV_TYPE (workstation, server, Unix server)
 * @__pad1: 0
 * @comment: string: the UTS system name and release, "Linux 6.12.0-..."
 */
struct netbuf_server_info_101 {
	__u32 platform_id;
	__u32 __pad0;
	__u64 name;
	__u32 version_major;
	__u32 version_minor;
	__u32 type;
	__u32 __pad1;
	__u64 comment;
};

/* SV_TYPE_WORKSTATION | SV_TYPE_SERVER | SV_TYPE_SERVER_UNIX */
#define NETBUF_SV_TYPE		0x00000803U
#define NETBUF_PLATFORM_ID_NT	500U

/**
 * struct netbuf_wksta_transport_info_0 - WKSTA_TRANSPORT_INFO_0
 * @quality_of_service: 0
 * @number_of_vcs: 0
 * @transport_name: string: the interface name ("eth0")
 * @transport_address: string: the hardware address as upper-case hex
 *                     digits without separators ("5254001234AB"), empty
 *                     for an interface without one
 * @wan_ish: 1 (every interface carries TCP/IP)
 * @__pad0: 0
 */
struct netbuf_wksta_transport_info_0 {
	__u32 quality_of_service;
	__u32 number_of_vcs;
	__u64 transport_name;
	__u64 transport_address;
	__u32 wan_ish;
	__u32 __pad0;
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
 * NETBUF_IOC_WKSTA_GET_INFO, NETBUF_IOC_SERVER_GET_INFO - produce a buffer
 * holding the workstation or server information of the caller's UTS
 * namespace at the given level.
 * NETBUF_IOC_WKSTA_TRANSPORT_ENUM - produce a buffer describing the network
 * interfaces of the caller's network namespace.
 * Errors of the three: as ALLOC, and EOPNOTSUPP for a 32-bit (compat)
 * caller, whose pointers the layouts above do not fit. If the answer
 * cannot be copied back (EFAULT), the buffer is freed again.
 */
#define NETBUF_IOC_ALLOC	_IOWR(NETBUF_IOC_MAGIC, 0x01, struct netbuf_alloc)
#define NETBUF_IOC_REALLOC	_IOWR(NETBUF_IOC_MAGIC, 0x02, struct netbuf_realloc)
#define NETBUF_IOC_SIZE		_IOWR(NETBUF_IOC_MAGIC, 0x03, struct netbuf_size)
#define NETBUF_IOC_FREE		_IOWR(NETBUF_IOC_MAGIC, 0x04, struct netbuf_free)
#define NETBUF_IOC_INFO		_IOWR(NETBUF_IOC_MAGIC, 0x05, struct netbuf_info)
#define NETBUF_IOC_WKSTA_GET_INFO \
	_IOWR(NETBUF_IOC_MAGIC, 0x06, struct netbuf_get_info)
#define NETBUF_IOC_SERVER_GET_INFO \
	_IOWR(NETBUF_IOC_MAGIC, 0x07, struct netbuf_get_info)
#define NETBUF_IOC_WKSTA_TRANSPORT_ENUM \
	_IOWR(NETBUF_IOC_MAGIC, 0x08, struct netbuf_transport_enum)

#endif /* _UAPI_LINUX_NETBUF_H */
