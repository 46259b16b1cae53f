// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetGetJoinInformation: a Linux host is in a workgroup, named by the UTS
 * domain name as NetWkstaGetInfo reports it. The name is a buffer built
 * with NetApiBufferAllocate; the caller frees it with NetApiBufferFree.
 */
#include "internal.h"
#include "internal_lm.h"
#include "lmapibuf.h"
#include "lmjoin.h"

NETBUF_EXPORT NET_API_STATUS NetGetJoinInformation(LPCWSTR lpServer,
						   LPWSTR *lpNameBuffer,
						   PNETSETUP_JOIN_STATUS BufferType)
{
	struct netbuf_names names;
	NET_API_STATUS st;
	void *buf;

	/* Wine's test: both NULL is 87 and *BufferType stays as it was. */
	if (!lpNameBuffer || !BufferType)
		return ERROR_INVALID_PARAMETER;
	st = netbuf_check_server(lpServer);
	if (st != NERR_Success)
		return st;
	netbuf_local_names(&names);
	st = netbuf_api_allocate((DWORD)netbuf_wcs_bytes(names.workgroup), &buf);
	if (st != NERR_Success) {
		*lpNameBuffer = NULL;
		return netbuf_no_device_status(st);
	}
	netbuf_wcs_put(buf, names.workgroup);
	*lpNameBuffer = buf;
	*BufferType = NetSetupWorkgroupName;
	return NERR_Success;
}
