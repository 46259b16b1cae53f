/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal interface of the network-management functions: where their
 * data comes from (the local names, the configuration files, the network
 * interfaces), the strings in either width, and the one buffer each call
 * fills. Every producing function is written once, for a character width
 * (@unit: 4 bytes for wchar_t, 2 for UTF-16), and exported twice: under
 * its Windows name (wchar_t) and with the suffix _w16 (UTF-16 mode).
 */
#ifndef NETBUF_INTERNAL_LM_H
#define NETBUF_INTERNAL_LM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <uchar.h>

#include "lmcons.h"
#include "lmjoin.h"

/*
 * The Windows version every structure reports: Windows 10, the version
 * Wine reports by default (its dlls/ntdll/version.c starts from WIN10:
 * 10.0). Programs compare it with Windows versions, not with Linux's.
 */
#define NETBUF_WINDOWS_MAJOR	10
#define NETBUF_WINDOWS_MINOR	0

/* wstr.c: conversions by the C library in the C.UTF-8 locale. */

/* Bytes of @s (UTF-8) as a NUL-terminated string of @unit-byte units. */
size_t netbuf_wstr_bytes(const char *s, unsigned int unit);
/* Writes @s to @dst in @unit-byte units, NUL included; returns the end. */
void *netbuf_wstr_put(void *dst, const char *s, unsigned int unit);
/* The wide string @w of @unit-byte units as UTF-8; false if it was cut. */
bool netbuf_wstr_to_utf8(const void *w, unsigned int unit, char *out,
			 size_t len);
/* @in in upper case, at most @max_chars characters, into @out. */
void netbuf_utf8_upper(const char *in, size_t max_chars, char *out,
		       size_t len);

/* sysconf.c: configuration files under NETBUF_SYSROOT. */

/* Opens @path (relative) under the root NETBUF_SYSROOT names, or "/". */
FILE *netbuf_sysroot_fopen(const char *path);
/* Calls @fn for each "key = value" of the INI file @path, until false. */
void netbuf_ini_walk(const char *path,
		     bool (*fn)(const char *section, const char *key,
				const char *value, void *arg),
		     void *arg);
/* The last non-empty value of @key in [@section] of @path. */
bool netbuf_ini_get(const char *path, const char *section, const char *key,
		    char *value, size_t len);
/* Section and parameter names compare without case and blanks. */
bool netbuf_same_key(const char *a, const char *b);

/* host.c: this computer's names (see there for their sources). */
struct netbuf_names {
	char computer[4 * CNLEN + 1];	/* NetBIOS name */
	char domain[4 * DNLEN + 1];	/* workgroup or domain, NetBIOS */
	bool joined;			/* a domain member */
	char host[65];			/* UTS host name */
	char fqdn[256];			/* or "" when no DNS domain is known */
};

void netbuf_local_names(struct netbuf_names *names);
/*
 * NERR_Success when @server (@unit-byte units) names this computer: NULL,
 * empty, its computer name, host name or FQDN, localhost, 127.0.0.1 or
 * ::1, each with or without a leading "\\\\", in any case; else
 * ERROR_BAD_NETPATH, since netbuf speaks no RPC. Leaves errno alone.
 */
NET_API_STATUS netbuf_check_server(const void *server, unsigned int unit);

/* uuid5.c: a version 5 UUID of @name in namespace @ns, upper-case text. */
void netbuf_uuid5(const unsigned char ns[16], const void *name, size_t len,
		  char out[37]);

/* ifaces.c: what NetWkstaTransportEnum lists. */
struct netbuf_transport {
	char name[64];		/* \Device\NetBT_Tcpip_{GUID} */
	char address[2 * 32 + 1];	/* hardware address, hex digits */
};

/*
 * The interfaces of the caller's network namespace that are up and not
 * loopback, in interface index order, in a malloc'ed array.
 * Returns their number, or -1 with errno set.
 */
int netbuf_transports(struct netbuf_transport **list);

/* produce.c: one buffer per call, sized first, then filled. */

/*
 * A buffer being laid out: its structures (@head bytes) first, then the
 * strings they point to. A fill function runs twice over it: measuring
 * (@base NULL: records are scratch, strings only counted), then placing.
 */
struct netbuf_layout {
	char *base;
	size_t head;
	size_t at;
	unsigned int unit;
	max_align_t scratch[8];
};

/* Record @i of @size bytes: in the buffer, or scratch while measuring. */
void *netbuf_layout_rec(struct netbuf_layout *l, size_t i, size_t size);
/* Places @s (UTF-8) after the structures; NULL while measuring. */
LMSTR netbuf_layout_str(struct netbuf_layout *l, const char *s);

typedef void netbuf_fill_fn(struct netbuf_layout *l, const void *arg);

/*
 * Measures with @fill, allocates one buffer with NetApiBufferAllocate's
 * internal path (NETBUF_IOC_ALLOC), fills it, and stores it in *@out.
 * Returns NERR_Success; ERROR_NOT_ENOUGH_MEMORY (memory or a limit, errno
 * says which); NERR_WkstaNotStarted when /dev/netbuf cannot be used (errno
 * says why). *@out is NULL on failure.
 */
NET_API_STATUS netbuf_produce(size_t head, unsigned int unit,
			      netbuf_fill_fn *fill, const void *arg,
			      void **out);

/* The UTF-16 entry points (lmcons.h redirects to them in UTF-16 mode). */
NET_API_STATUS NetWkstaGetInfo_w16(const char16_t *servername, DWORD level,
				   LPBYTE *bufptr);
NET_API_STATUS NetServerGetInfo_w16(const char16_t *servername, DWORD level,
				    LPBYTE *bufptr);
NET_API_STATUS NetWkstaTransportEnum_w16(const char16_t *servername,
					 DWORD level, LPBYTE *bufptr,
					 DWORD prefmaxlen, LPDWORD entriesread,
					 LPDWORD totalentries,
					 LPDWORD resume_handle);
NET_API_STATUS NetWkstaUserGetInfo_w16(const char16_t *reserved, DWORD level,
				       LPBYTE *bufptr);
NET_API_STATUS NetGetJoinInformation_w16(const char16_t *lpServer,
					 char16_t **lpNameBuffer,
					 PNETSETUP_JOIN_STATUS BufferType);

#endif /* NETBUF_INTERNAL_LM_H */
