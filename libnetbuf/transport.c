// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetWkstaTransportEnum: the transports of ifaces.c, level 0, one
 * WKSTA_TRANSPORT_INFO_0 each in one buffer (the array, then the
 * strings). prefmaxlen limits the bytes of whole entries (at least one is
 * returned, so that a caller makes progress); *resume_handle is the index
 * to go on from. Parameters are checked in the order of Wine's
 * netapi32.c: the server name, the level, entriesread, then totalentries
 * and bufptr (RPC_X_NULL_REF_POINTER, as Windows' RPC stub answers).
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmwksta.h"

struct transport_args {
	const struct netbuf_transport *list;
	DWORD first;
	DWORD count;
};

static void fill_transports(struct netbuf_layout *l, const void *arg)
{
	const struct transport_args *a = arg;
	const struct netbuf_transport *t;
	WKSTA_TRANSPORT_INFO_0 *ti;
	DWORD i;

	for (i = 0; i < a->count; i++) {
		t = &a->list[a->first + i];
		ti = netbuf_layout_rec(l, i, sizeof(*ti));
		/* Wine's values: NetBT reports no quality, no circuits. */
		ti->wkti0_quality_of_service = 0;
		ti->wkti0_number_of_vcs = 0;
		ti->wkti0_transport_name = netbuf_layout_str(l, t->name);
		ti->wkti0_transport_address = netbuf_layout_str(l, t->address);
		/* Wine: TRUE for NetBT, which routes (it is no LAN-only NBF). */
		ti->wkti0_wan_ish = TRUE;
	}
}

/* Bytes of entry @t: its structure and its two strings. */
static size_t entry_bytes(const struct netbuf_transport *t, unsigned int unit)
{
	return sizeof(WKSTA_TRANSPORT_INFO_0) +
	       netbuf_wstr_bytes(t->name, unit) +
	       netbuf_wstr_bytes(t->address, unit);
}

static NET_API_STATUS transport_enum(const void *servername, DWORD level,
				     LPBYTE *bufptr, DWORD prefmaxlen,
				     LPDWORD entriesread, LPDWORD totalentries,
				     LPDWORD resume_handle, unsigned int unit)
{
	struct netbuf_transport *list;
	struct transport_args a = { 0 };
	int saved_errno = errno, n;
	NET_API_STATUS st;
	size_t bytes = 0;
	DWORD total;

	st = netbuf_check_server(servername, unit);
	if (st != NERR_Success)
		return st;
	if (level != 0)
		return ERROR_INVALID_LEVEL;
	if (!entriesread)
		return ERROR_INVALID_PARAMETER;
	if (!totalentries || !bufptr)
		return RPC_X_NULL_REF_POINTER;
	*bufptr = NULL;
	n = netbuf_transports(&list);
	if (n < 0)
		return ERROR_NOT_ENOUGH_MEMORY;
	errno = saved_errno;
	a.list = list;
	a.first = resume_handle ? *resume_handle : 0;
	total = a.first < (DWORD)n ? (DWORD)n - a.first : 0;
	/* Whole entries within prefmaxlen, and at least one. */
	while (a.count < total) {
		bytes += entry_bytes(&list[a.first + a.count], unit);
		if (a.count && prefmaxlen != MAX_PREFERRED_LENGTH &&
		    bytes > prefmaxlen)
			break;
		a.count++;
	}
	st = NERR_Success;
	if (a.count)
		st = netbuf_produce(a.count * sizeof(WKSTA_TRANSPORT_INFO_0),
				    unit, fill_transports, &a,
				    (void **)bufptr);
	free(list);
	if (st != NERR_Success)
		return st;
	*entriesread = a.count;
	*totalentries = total;
	if (a.count < total) {
		if (resume_handle)
			*resume_handle = a.first + a.count;
		return ERROR_MORE_DATA;
	}
	if (resume_handle)
		*resume_handle = 0;
	return NERR_Success;
}

NETBUF_EXPORT NET_API_STATUS NetWkstaTransportEnum(LMSTR servername,
						   DWORD level, LPBYTE *bufptr,
						   DWORD prefmaxlen,
						   LPDWORD entriesread,
						   LPDWORD totalentries,
						   LPDWORD resume_handle)
{
	NETBUF_LM_ENTRY();
	return transport_enum(servername, level, bufptr, prefmaxlen,
			      entriesread, totalentries, resume_handle,
			      sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetWkstaTransportEnum_w16(const char16_t *servername,
						       DWORD level,
						       LPBYTE *bufptr,
						       DWORD prefmaxlen,
						       LPDWORD entriesread,
						       LPDWORD totalentries,
						       LPDWORD resume_handle)
{
	NETBUF_LM_ENTRY();
	return transport_enum(servername, level, bufptr, prefmaxlen,
			      entriesread, totalentries, resume_handle,
			      sizeof(char16_t));
}
