/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lmcons.h - the LAN Manager types and constants of the Windows SDK, for
 * programs ported to Linux against libnetbuf.
 *
 * WCHAR is wchar_t: 32 bits on Linux, holding UTF-32. Windows' WCHAR is a
 * 16-bit UTF-16 unit, but a ported program writes L"..." literals and calls
 * wcslen(), wcscmp() and wprintf("%ls") on these strings; on Linux all of
 * those are wchar_t, so a 16-bit WCHAR would break every one of them. Every
 * string libnetbuf returns (LPWSTR, LMSTR) is therefore NUL-terminated
 * wchar_t, both those the kernel writes (it converts the UTF-8 host name,
 * interface names ... to 4-byte code units) and those the library builds.
 * A program that needs UTF-16 converts at its edge (iconv, "UTF-16LE").
 *
 * Structures have their Windows layout for this ABI: on x86-64 the same
 * offsets and sizes as 64-bit Windows (pointers 8 bytes, DWORD 4, natural
 * alignment); only the size of the characters differs.
 */
#ifndef LMCONS_H
#define LMCONS_H

#include <stdint.h>
#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A program that has these from another set of Windows headers (winpr,
 * Wine) defines NETBUF_WINDOWS_BASE_TYPES before including this one; the
 * sizes must match, and the strings stay wchar_t whatever its WCHAR is
 * (README, "Beside another set of Windows types").
 */
#ifndef NETBUF_WINDOWS_BASE_TYPES
#define NETBUF_WINDOWS_BASE_TYPES
typedef uint32_t DWORD;
typedef DWORD *LPDWORD;
typedef DWORD *PDWORD;
typedef void *LPVOID;
typedef uint8_t BYTE;
typedef BYTE *LPBYTE;
typedef int BOOL;
typedef wchar_t WCHAR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;
#endif

typedef DWORD NET_API_STATUS;
typedef LPWSTR LMSTR;
typedef LPCWSTR LMCSTR;

#ifndef NET_API_FUNCTION
#define NET_API_FUNCTION
#endif

#ifndef TRUE
#define TRUE	1
#endif
#ifndef FALSE
#define FALSE	0
#endif

/* Lengths in characters, without the terminating NUL. */
#define CNLEN			15	/* computer (NetBIOS) name */
#define LM20_CNLEN		15
#define DNLEN			CNLEN	/* domain or workgroup name */
#define LM20_DNLEN		15
#define UNLEN			256	/* user name */
#define LM20_UNLEN		20
#define PWLEN			256
#define MAXCOMMENTSZ		256

/* prefmaxlen: allocate as much as the data needs. */
#define MAX_PREFERRED_LENGTH	((DWORD)-1)

/* Platform ids of WKSTA_INFO_100 and SERVER_INFO_100. */
#define PLATFORM_ID_DOS		300
#define PLATFORM_ID_OS2		400
#define PLATFORM_ID_NT		500
#define PLATFORM_ID_OSF		600
#define PLATFORM_ID_VMS		700

#ifdef __cplusplus
}
#endif

#endif /* LMCONS_H */
