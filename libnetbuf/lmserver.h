/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lmserver.h - NetServerGetInfo and its structures, as in the Windows SDK
 * (strings are WCHAR: see lmcons.h).
 */
#ifndef LMSERVER_H
#define LMSERVER_H

#include "lmcons.h"
#include "lmerr.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _SERVER_INFO_100 {
	DWORD sv100_platform_id;
	LMSTR sv100_name;
} SERVER_INFO_100, *PSERVER_INFO_100, *LPSERVER_INFO_100;

typedef struct _SERVER_INFO_101 {
	DWORD sv101_platform_id;
	LMSTR sv101_name;
	DWORD sv101_version_major;
	DWORD sv101_version_minor;
	DWORD sv101_type;
	LMSTR sv101_comment;
} SERVER_INFO_101, *PSERVER_INFO_101, *LPSERVER_INFO_101;

/* sv101_type bits. */
#define SV_TYPE_WORKSTATION		0x00000001
#define SV_TYPE_SERVER			0x00000002
#define SV_TYPE_SQLSERVER		0x00000004
#define SV_TYPE_DOMAIN_CTRL		0x00000008
#define SV_TYPE_DOMAIN_BAKCTRL		0x00000010
#define SV_TYPE_TIME_SOURCE		0x00000020
#define SV_TYPE_AFP			0x00000040
#define SV_TYPE_NOVELL			0x00000080
#define SV_TYPE_DOMAIN_MEMBER		0x00000100
#define SV_TYPE_PRINTQ_SERVER		0x00000200
#define SV_TYPE_DIALIN_SERVER		0x00000400
#define SV_TYPE_XENIX_SERVER		0x00000800
#define SV_TYPE_SERVER_UNIX		SV_TYPE_XENIX_SERVER
#define SV_TYPE_NT			0x00001000
#define SV_TYPE_SERVER_NT		0x00008000
#define SV_TYPE_ALL			0xFFFFFFFF

/*
 * This computer as a server at level 100 or 101, as a Windows 10
 * workstation describes itself: platform PLATFORM_ID_NT, the computer name
 * of NetWkstaGetInfo, version 10.0, type SV_TYPE_WORKSTATION |
 * SV_TYPE_SERVER | SV_TYPE_NT, an empty comment.
 * servername and the statuses as NetWkstaGetInfo. Thread-safe.
 */
NET_API_STATUS NET_API_FUNCTION NetServerGetInfo(LMSTR servername,
						 DWORD level, LPBYTE *bufptr)
	NETBUF_W16_SYMBOL(NetServerGetInfo);

#ifdef __cplusplus
}
#endif

#endif /* LMSERVER_H */
