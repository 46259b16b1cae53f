/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * TRANSITIONAL, deleted when branch lm-library is merged: the structures
 * and commands of the producing ioctls that ABI 4 removed from
 * uapi/linux/netbuf.h (the module answers their numbers with ENOTTY).
 * libnetbuf's wksta.c, server.c and device.c still name them until the
 * library writes the Windows structures itself; the Makefile includes this
 * file into the library's objects only while it exists. Nothing else may
 * use it.
 */
#ifndef NETBUF_ABI3_PRODUCERS_H
#define NETBUF_ABI3_PRODUCERS_H

#include <linux/netbuf.h>

#define NETBUF_GET_INFO_FLAGS_VALID	0U
#define NETBUF_ENUM_FLAGS_VALID		0U

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
 * Only so that the library's layout assertions build for 32-bit too: the
 * module answers these numbers with ENOTTY whatever the layout.
 */
#ifdef __LP64__
#define NETBUF_ABI3_PTR		__u64
#define NETBUF_ABI3_PAD(name)	__u32 name;
#else
#define NETBUF_ABI3_PTR		__u32
#define NETBUF_ABI3_PAD(name)
#endif

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
	NETBUF_ABI3_PAD(__pad0)
	NETBUF_ABI3_PTR computername;
	NETBUF_ABI3_PTR langroup;
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
	NETBUF_ABI3_PAD(__pad0)
	NETBUF_ABI3_PTR computername;
	NETBUF_ABI3_PTR langroup;
	__u32 ver_major;
	__u32 ver_minor;
	NETBUF_ABI3_PTR lanroot;
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
	NETBUF_ABI3_PAD(__pad0)
	NETBUF_ABI3_PTR computername;
	NETBUF_ABI3_PTR langroup;
	__u32 ver_major;
	__u32 ver_minor;
	NETBUF_ABI3_PTR lanroot;
	__u32 logged_on_users;
	NETBUF_ABI3_PAD(__pad1)
};

/**
 * struct netbuf_server_info_100 - SERVER_INFO_100
 * @platform_id: 500 (PLATFORM_ID_NT)
 * @__pad0: 0
 * @name: string: the computer name, as in struct netbuf_wksta_info_100
 */
struct netbuf_server_info_100 {
	__u32 platform_id;
	NETBUF_ABI3_PAD(__pad0)
	NETBUF_ABI3_PTR name;
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
	NETBUF_ABI3_PAD(__pad0)
	NETBUF_ABI3_PTR name;
	__u32 version_major;
	__u32 version_minor;
	__u32 type;
	NETBUF_ABI3_PAD(__pad1)
	NETBUF_ABI3_PTR comment;
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
	NETBUF_ABI3_PTR transport_name;
	NETBUF_ABI3_PTR transport_address;
	__u32 wan_ish;
	NETBUF_ABI3_PAD(__pad0)
};

#define NETBUF_IOC_WKSTA_GET_INFO \
	_IOWR(NETBUF_IOC_MAGIC, 0x06, struct netbuf_get_info)
#define NETBUF_IOC_SERVER_GET_INFO \
	_IOWR(NETBUF_IOC_MAGIC, 0x07, struct netbuf_get_info)
#define NETBUF_IOC_WKSTA_TRANSPORT_ENUM \
	_IOWR(NETBUF_IOC_MAGIC, 0x08, struct netbuf_transport_enum)

#endif /* NETBUF_ABI3_PRODUCERS_H */
