/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lmcons.h - the LAN Manager types and constants of the Windows SDK, for
 * programs ported to Linux against libnetbuf.
 *
 * WCHAR is wchar_t by default: 32 bits on Linux, holding UTF-32, so that a
 * ported program's L"..." literals, wcslen(), wcscmp() and wprintf("%ls")
 * work on every string libnetbuf returns (LPWSTR, LMSTR: NUL-terminated).
 * This needs a 4-byte wchar_t: with another (-fshort-wchar) the header
 * refuses to compile unless UTF-16 mode is chosen.
 *
 * UTF-16 mode, as on Windows: WCHAR is char16_t and every string is UTF-16
 * (u"..." literals). It is chosen with -DNETBUF_WCHAR16 (or
 * NETBUF_WCHAR16 defined, empty or non-zero, before the first netbuf
 * header), and automatically when wchar_t has 2 bytes (-fshort-wchar,
 * where L"..." is UTF-16 too); -DNETBUF_WCHAR16=0 refuses it. The
 * functions that take or return strings are then declared under their
 * Windows names but bound to symbols of their own in the same library
 * (NetWkstaGetInfo is NetWkstaGetInfo_w16, version LIBNETBUF_1.2), as
 * _FILE_OFFSET_BITS=64 binds glibc's stat to stat64: one program, or one
 * library, can use either mode, and both modes can live in one process.
 *
 * Structures have their Windows layout for this ABI: on x86-64 the same
 * offsets and sizes as 64-bit Windows (pointers 8 bytes, DWORD 4, natural
 * alignment); only the size of the characters differs.
 */
#ifndef LMCONS_H
#define LMCONS_H

#include <stdint.h>
#include <wchar.h>

/* NETBUF_UTF16: 1 in UTF-16 mode, else 0. */
#if defined(NETBUF_WCHAR16)
#if (0 - NETBUF_WCHAR16 - 1) != -1	/* defined empty or non-zero */
#define NETBUF_UTF16	1
#else
#define NETBUF_UTF16	0
#endif
#elif defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
#define NETBUF_UTF16	1
#else
#define NETBUF_UTF16	0
#endif

#if !NETBUF_UTF16 && \
	((defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ != 4) || \
	 (!defined(__SIZEOF_WCHAR_T__) && WCHAR_MAX < 0x10ffff))
#error "libnetbuf: WCHAR is wchar_t, which must be 4 bytes (UTF-32), and this wchar_t is not: use UTF-16 mode (-DNETBUF_WCHAR16, WCHAR is char16_t) or drop -fshort-wchar (see lmcons.h)"
#endif

#if NETBUF_UTF16
#ifndef __cplusplus
#include <uchar.h>
#endif
/* Binds a declaration to the UTF-16 entry point NAME_w16. */
#define NETBUF_W16_SYMBOL(name)	__asm__(#name "_w16")
#else
#define NETBUF_W16_SYMBOL(name)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A program that has these from another set of Windows headers (winpr,
 * Wine) defines NETBUF_WINDOWS_BASE_TYPES before including this one; the
 * sizes must match. Their WCHAR has 16 bits: such a program chooses UTF-16
 * mode (-DNETBUF_WCHAR16), or reads the strings as wchar_t
 * (docs/install.md, "Beside another set of Windows types").
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
#if NETBUF_UTF16
typedef char16_t WCHAR;
#else
typedef wchar_t WCHAR;
#endif
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
