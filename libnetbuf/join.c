// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetGetJoinInformation: the domain this computer is a member of
 * (NetSetupDomainName), or its workgroup (NetSetupWorkgroupName), by the
 * rules of host.c, as a string in a buffer of its own; the caller frees
 * it with NetApiBufferFree.
 */
#include "internal.h"
#include "internal_lm.h"
#include "lmjoin.h"

static void fill_name(struct netbuf_layout *l, const void *arg)
{
	const struct netbuf_names *names = arg;

	netbuf_layout_str(l, names->domain);
}

static NET_API_STATUS get_join_information(const void *server, void **name,
					   PNETSETUP_JOIN_STATUS type,
					   unsigned int unit)
{
	struct netbuf_names names;
	NET_API_STATUS st;

	/* Wine's test: both NULL is 87 and *BufferType stays as it was. */
	if (!name || !type)
		return ERROR_INVALID_PARAMETER;
	st = netbuf_check_server(server, unit);
	if (st != NERR_Success)
		return st;
	netbuf_local_names(&names);
	st = netbuf_produce(0, unit, fill_name, &names, name);
	if (st == NERR_Success)
		*type = names.joined ? NetSetupDomainName :
				       NetSetupWorkgroupName;
	return st;
}

NETBUF_EXPORT NET_API_STATUS NetGetJoinInformation(LPCWSTR lpServer,
						   LPWSTR *lpNameBuffer,
						   PNETSETUP_JOIN_STATUS BufferType)
{
	NETBUF_LM_ENTRY();
	return get_join_information(lpServer, (void **)lpNameBuffer,
				    BufferType, sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetGetJoinInformation_w16(const char16_t *lpServer,
						       char16_t **lpNameBuffer,
						       PNETSETUP_JOIN_STATUS BufferType)
{
	NETBUF_LM_ENTRY();
	return get_join_information(lpServer, (void **)lpNameBuffer,
				    BufferType, sizeof(char16_t));
}
