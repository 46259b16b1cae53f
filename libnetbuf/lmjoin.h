/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lmjoin.h - NetGetJoinInformation, as in the Windows SDK (strings are
 * WCHAR: see lmcons.h).
 */
#ifndef LMJOIN_H
#define LMJOIN_H

#include "lmcons.h"
#include "lmerr.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _NETSETUP_JOIN_STATUS {
	NetSetupUnknownStatus = 0,
	NetSetupUnjoined,
	NetSetupWorkgroupName,
	NetSetupDomainName
} NETSETUP_JOIN_STATUS, *PNETSETUP_JOIN_STATUS;

/*
 * The domain this computer is a member of, with *BufferType
 * NetSetupDomainName (smb.conf "security = ads" or "domain", or an sssd
 * domain), else its workgroup with NetSetupWorkgroupName: the name
 * NetWkstaGetInfo reports as wki100_langroup. Free *lpNameBuffer with
 * NetApiBufferFree. lpServer as the servername of NetWkstaGetInfo.
 * Returns NERR_Success; ERROR_INVALID_PARAMETER, changing nothing, for a
 * NULL lpNameBuffer or BufferType; ERROR_BAD_NETPATH;
 * ERROR_NOT_ENOUGH_MEMORY; NERR_WkstaNotStarted. Thread-safe.
 */
NET_API_STATUS NET_API_FUNCTION NetGetJoinInformation(LPCWSTR lpServer,
						      LPWSTR *lpNameBuffer,
						      PNETSETUP_JOIN_STATUS BufferType)
	NETBUF_W16_SYMBOL(NetGetJoinInformation);

#ifdef __cplusplus
}
#endif

#endif /* LMJOIN_H */
