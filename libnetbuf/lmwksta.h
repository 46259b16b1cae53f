/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lmwksta.h - NetWkstaGetInfo, NetWkstaUserGetInfo, NetWkstaTransportEnum
 * and their structures, as in the Windows SDK (strings are WCHAR: wchar_t,
 * or char16_t in UTF-16 mode, see lmcons.h). Every buffer they return is
 * one netbuf buffer holding the structure(s) and all the strings they
 * point to, filled by the library; one NetApiBufferFree releases it. The
 * values are what a Windows 10 workstation reports, from this computer's
 * configuration: the man pages name the source of every field.
 */
#ifndef LMWKSTA_H
#define LMWKSTA_H

#include "lmcons.h"
#include "lmerr.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _WKSTA_INFO_100 {
	DWORD wki100_platform_id;
	LMSTR wki100_computername;
	LMSTR wki100_langroup;
	DWORD wki100_ver_major;
	DWORD wki100_ver_minor;
} WKSTA_INFO_100, *PWKSTA_INFO_100, *LPWKSTA_INFO_100;

typedef struct _WKSTA_INFO_101 {
	DWORD wki101_platform_id;
	LMSTR wki101_computername;
	LMSTR wki101_langroup;
	DWORD wki101_ver_major;
	DWORD wki101_ver_minor;
	LMSTR wki101_lanroot;
} WKSTA_INFO_101, *PWKSTA_INFO_101, *LPWKSTA_INFO_101;

typedef struct _WKSTA_INFO_102 {
	DWORD wki102_platform_id;
	LMSTR wki102_computername;
	LMSTR wki102_langroup;
	DWORD wki102_ver_major;
	DWORD wki102_ver_minor;
	LMSTR wki102_lanroot;
	DWORD wki102_logged_on_users;
} WKSTA_INFO_102, *PWKSTA_INFO_102, *LPWKSTA_INFO_102;

typedef struct _WKSTA_USER_INFO_0 {
	LMSTR wkui0_username;
} WKSTA_USER_INFO_0, *PWKSTA_USER_INFO_0, *LPWKSTA_USER_INFO_0;

typedef struct _WKSTA_USER_INFO_1 {
	LMSTR wkui1_username;
	LMSTR wkui1_logon_domain;
	LMSTR wkui1_oth_domains;
	LMSTR wkui1_logon_server;
} WKSTA_USER_INFO_1, *PWKSTA_USER_INFO_1, *LPWKSTA_USER_INFO_1;

typedef struct _WKSTA_USER_INFO_1101 {
	LMSTR wkui1101_oth_domains;
} WKSTA_USER_INFO_1101, *PWKSTA_USER_INFO_1101, *LPWKSTA_USER_INFO_1101;

typedef struct _WKSTA_TRANSPORT_INFO_0 {
	DWORD wkti0_quality_of_service;
	DWORD wkti0_number_of_vcs;
	LMSTR wkti0_transport_name;
	LMSTR wkti0_transport_address;
	BOOL wkti0_wan_ish;
} WKSTA_TRANSPORT_INFO_0, *PWKSTA_TRANSPORT_INFO_0, *LPWKSTA_TRANSPORT_INFO_0;

/*
 * The workstation at level 100, 101 or 102: platform PLATFORM_ID_NT; the
 * computer name (smb.conf "netbios name", else the host name up to its
 * first dot; upper case, at most 15 characters); the workgroup or domain
 * (smb.conf "workgroup", else the sssd domain, else "WORKGROUP"; NetBIOS
 * form); version 10.0 (Windows 10, as Wine); lanroot empty; 1 logged-on
 * user. Configuration files are read under $NETBUF_SYSROOT (default /).
 * servername: NULL, empty, or a name of this computer (computer name, host
 * name, FQDN, localhost, 127.0.0.1, ::1), with or without a leading
 * "\\\\", any case; another is ERROR_BAD_NETPATH (no RPC).
 * Returns NERR_Success; ERROR_INVALID_PARAMETER for a NULL bufptr;
 * ERROR_BAD_NETPATH; ERROR_INVALID_LEVEL; ERROR_NOT_ENOUGH_MEMORY (memory
 * or a limit, errno says which); NERR_WkstaNotStarted when /dev/netbuf
 * cannot be used (errno says why). Checked in that order, as Wine does.
 * Thread-safe.
 */
NET_API_STATUS NET_API_FUNCTION NetWkstaGetInfo(LMSTR servername, DWORD level,
						LPBYTE *bufptr)
	NETBUF_W16_SYMBOL(NetWkstaGetInfo);

/*
 * The calling user at level 0, 1 or 1101: the user name of the effective
 * uid from the password database (its decimal number when it has no
 * entry); logon domain and logon server the computer name of
 * NetWkstaGetInfo (a local account); other domains empty. reserved must
 * be NULL.
 * Returns NERR_Success; ERROR_INVALID_LEVEL; ERROR_INVALID_PARAMETER for a
 * non-NULL reserved or a NULL bufptr; ERROR_NOT_ENOUGH_MEMORY;
 * NERR_WkstaNotStarted as NetWkstaGetInfo. Thread-safe.
 */
NET_API_STATUS NET_API_FUNCTION NetWkstaUserGetInfo(LMSTR reserved,
						    DWORD level,
						    LPBYTE *bufptr)
	NETBUF_W16_SYMBOL(NetWkstaUserGetInfo);

/*
 * The transports of the caller's network namespace at level 0: one
 * WKSTA_TRANSPORT_INFO_0 per interface that is up and not loopback, named
 * "\\Device\\NetBT_Tcpip_{GUID}" (a GUID derived from its hardware
 * address, the same on every call and boot), its hardware address as
 * upper-case hex digits, quality of service and circuits 0, wan_ish TRUE.
 * prefmaxlen: MAX_PREFERRED_LENGTH for all, or a byte limit: then as many
 * as fit (at least one) and ERROR_MORE_DATA while more remain,
 * *resume_handle telling where to go on (it is set to 0 at the end).
 * *totalentries counts the transports from the resume position on.
 * Returns NERR_Success; ERROR_MORE_DATA; ERROR_BAD_NETPATH;
 * ERROR_INVALID_LEVEL; ERROR_INVALID_PARAMETER for a NULL entriesread;
 * RPC_X_NULL_REF_POINTER for a NULL totalentries or bufptr (as Windows);
 * and the memory and device statuses of NetWkstaGetInfo. With no entry to
 * return, *bufptr is NULL. Thread-safe.
 */
NET_API_STATUS NET_API_FUNCTION NetWkstaTransportEnum(LMSTR servername,
						      DWORD level,
						      LPBYTE *bufptr,
						      DWORD prefmaxlen,
						      LPDWORD entriesread,
						      LPDWORD totalentries,
						      LPDWORD resume_handle)
	NETBUF_W16_SYMBOL(NetWkstaTransportEnum);

#ifdef __cplusplus
}
#endif

#endif /* LMWKSTA_H */
