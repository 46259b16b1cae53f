/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lmjoin.h - NetGetJoinInformation, as in the Windows SDK (strings are
 * wchar_t: see lmcons.h).
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
 * The workgroup this computer is in (built by the library): the UTS domain
 * name of the caller, or L"WORKGROUP" when it is unset ("(none)" or
 * empty), the same name NetWkstaGetInfo reports as wki100_langroup, with
 * *BufferType NetSetupWorkgroupName. Free *lpNameBuffer with
 * NetApiBufferFree. lpServer as the servername of NetWkstaGetInfo.
 * Returns NERR_Success; ERROR_INVALID_PARAMETER, changing nothing, for a
 * NULL lpNameBuffer or BufferType; ERROR_BAD_NETPATH;
 * ERROR_NOT_ENOUGH_MEMORY; NERR_WkstaNotStarted. Thread-safe.
 */
NET_API_STATUS NET_API_FUNCTION NetGetJoinInformation(LPCWSTR lpServer,
						      LPWSTR *lpNameBuffer,
						      PNETSETUP_JOIN_STATUS BufferType);

#ifdef __cplusplus
}
#endif

#endif /* LMJOIN_H */
