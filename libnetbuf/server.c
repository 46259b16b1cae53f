// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetServerGetInfo: the kernel produces the buffer from the caller's UTS
 * namespace. The level is checked first, then the pointer and the server
 * name, as for NetWkstaGetInfo; those statuses leave errno alone.
 */
#include <stddef.h>

#include <linux/netbuf.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmserver.h"

_Static_assert(sizeof(SERVER_INFO_100) == sizeof(struct netbuf_server_info_100) &&
	       offsetof(SERVER_INFO_100, sv100_name) ==
	       offsetof(struct netbuf_server_info_100, name),
	       "SERVER_INFO_100 differs from the kernel's layout");
_Static_assert(sizeof(SERVER_INFO_101) == sizeof(struct netbuf_server_info_101) &&
	       offsetof(SERVER_INFO_101, sv101_version_major) ==
	       offsetof(struct netbuf_server_info_101, version_major) &&
	       offsetof(SERVER_INFO_101, sv101_version_minor) ==
	       offsetof(struct netbuf_server_info_101, version_minor) &&
	       offsetof(SERVER_INFO_101, sv101_type) ==
	       offsetof(struct netbuf_server_info_101, type) &&
	       offsetof(SERVER_INFO_101, sv101_comment) ==
	       offsetof(struct netbuf_server_info_101, comment),
	       "SERVER_INFO_101 differs from the kernel's layout");
_Static_assert(NETBUF_SV_TYPE == (SV_TYPE_WORKSTATION | SV_TYPE_SERVER |
				  SV_TYPE_SERVER_UNIX) &&
	       NETBUF_PLATFORM_ID_NT == PLATFORM_ID_NT,
	       "the kernel's constants differ from the header's");

NETBUF_EXPORT NET_API_STATUS NetServerGetInfo(LMSTR servername, DWORD level,
					      LPBYTE *bufptr)
{
	struct netbuf_get_info req = { .level = level };
	NET_API_STATUS st;
	void *p = NULL;

	if (level != 100 && level != 101)
		return ERROR_INVALID_LEVEL;
	if (!bufptr)
		return ERROR_INVALID_PARAMETER;
	st = netbuf_check_server(servername);
	if (st == NERR_Success)
		st = netbuf_kernel_produce(NETBUF_IOC_SERVER_GET_INFO, &req,
					   &req.offset, &req.context, &p);
	*bufptr = p;
	return st;
}
