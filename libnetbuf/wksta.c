// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetWkstaGetInfo and NetWkstaTransportEnum: the kernel produces the
 * buffers from the caller's UTS and network namespaces. Parameters are
 * checked here first, in the order Windows checks them (Wine's
 * dlls/netapi32/tests/wksta.c): the level, then the pointers, then the
 * server name. Those statuses leave errno alone.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netbuf.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmwksta.h"

/* The kernel writes what these structures are: fail the build otherwise. */
_Static_assert(sizeof(WKSTA_INFO_100) == sizeof(struct netbuf_wksta_info_100) &&
	       offsetof(WKSTA_INFO_100, wki100_computername) ==
	       offsetof(struct netbuf_wksta_info_100, computername) &&
	       offsetof(WKSTA_INFO_100, wki100_langroup) ==
	       offsetof(struct netbuf_wksta_info_100, langroup) &&
	       offsetof(WKSTA_INFO_100, wki100_ver_major) ==
	       offsetof(struct netbuf_wksta_info_100, ver_major) &&
	       offsetof(WKSTA_INFO_100, wki100_ver_minor) ==
	       offsetof(struct netbuf_wksta_info_100, ver_minor),
	       "WKSTA_INFO_100 differs from the kernel's layout");
_Static_assert(sizeof(WKSTA_INFO_101) == sizeof(struct netbuf_wksta_info_101) &&
	       offsetof(WKSTA_INFO_101, wki101_lanroot) ==
	       offsetof(struct netbuf_wksta_info_101, lanroot),
	       "WKSTA_INFO_101 differs from the kernel's layout");
_Static_assert(sizeof(WKSTA_INFO_102) == sizeof(struct netbuf_wksta_info_102) &&
	       offsetof(WKSTA_INFO_102, wki102_lanroot) ==
	       offsetof(struct netbuf_wksta_info_102, lanroot) &&
	       offsetof(WKSTA_INFO_102, wki102_logged_on_users) ==
	       offsetof(struct netbuf_wksta_info_102, logged_on_users),
	       "WKSTA_INFO_102 differs from the kernel's layout");
_Static_assert(sizeof(WKSTA_TRANSPORT_INFO_0) ==
	       sizeof(struct netbuf_wksta_transport_info_0) &&
	       offsetof(WKSTA_TRANSPORT_INFO_0, wkti0_number_of_vcs) ==
	       offsetof(struct netbuf_wksta_transport_info_0, number_of_vcs) &&
	       offsetof(WKSTA_TRANSPORT_INFO_0, wkti0_transport_name) ==
	       offsetof(struct netbuf_wksta_transport_info_0, transport_name) &&
	       offsetof(WKSTA_TRANSPORT_INFO_0, wkti0_transport_address) ==
	       offsetof(struct netbuf_wksta_transport_info_0, transport_address) &&
	       offsetof(WKSTA_TRANSPORT_INFO_0, wkti0_wan_ish) ==
	       offsetof(struct netbuf_wksta_transport_info_0, wan_ish),
	       "WKSTA_TRANSPORT_INFO_0 differs from the kernel's layout");
_Static_assert(sizeof(WCHAR) == 4, "the kernel writes 4-byte characters");

NETBUF_EXPORT NET_API_STATUS NetWkstaGetInfo(LMSTR servername, DWORD level,
					     LPBYTE *bufptr)
{
	struct netbuf_get_info req = { .level = level };
	NET_API_STATUS st;
	void *p = NULL;

	if (level != 100 && level != 101 && level != 102)
		return ERROR_INVALID_LEVEL;
	if (!bufptr)
		return ERROR_INVALID_PARAMETER;
	st = netbuf_check_server(servername);
	if (st == NERR_Success)
		st = netbuf_kernel_produce(NETBUF_IOC_WKSTA_GET_INFO, &req,
					   &req.offset, &req.context, &p);
	*bufptr = p;
	return st;
}

NETBUF_EXPORT NET_API_STATUS NetWkstaTransportEnum(LMSTR servername,
						   DWORD level, LPBYTE *bufptr,
						   DWORD prefmaxlen,
						   LPDWORD entriesread,
						   LPDWORD totalentries,
						   LPDWORD resume_handle)
{
	struct netbuf_transport_enum req = {
		.prefmaxlen = prefmaxlen == MAX_PREFERRED_LENGTH ? UINT64_MAX :
								   prefmaxlen,
		.resume = resume_handle ? *resume_handle : 0,
	};
	NET_API_STATUS st;
	void *p = NULL;

	if (level != 0)
		return ERROR_INVALID_LEVEL;
	if (!bufptr || !entriesread)
		return ERROR_INVALID_PARAMETER;
	/* What Windows' RPC stub answers for it. */
	if (!totalentries)
		return RPC_X_NULL_REF_POINTER;
	*bufptr = NULL;
	st = netbuf_check_server(servername);
	if (st == NERR_Success)
		st = netbuf_kernel_produce(NETBUF_IOC_WKSTA_TRANSPORT_ENUM,
					   &req, &req.offset, &req.context, &p);
	if (st != NERR_Success)
		return st;
	/* Nothing left from the resume position: no buffer at all. */
	*bufptr = req.entries_read ? p : NULL;
	*entriesread = req.entries_read;
	*totalentries = req.total_entries;
	if (resume_handle)
		*resume_handle = req.resume;
	return req.more ? ERROR_MORE_DATA : NERR_Success;
}
