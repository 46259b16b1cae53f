// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one buffer a network-management call returns: the sizes are
 * computed first (the structures, then every string in the caller's
 * character width), then one buffer is allocated the way
 * NetApiBufferAllocate allocates (so that NetApiBufferSize and
 * NetApiBufferFree treat it as any other), then it is filled in user
 * space. The kernel knows nothing of its layout. Its allocation site is
 * the exported function's caller (NETBUF_LM_ENTRY()).
 */
#include <errno.h>
#include <stdint.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmerr.h"

__thread uintptr_t netbuf_lm_site __attribute__((tls_model("initial-exec")));

void *netbuf_layout_rec(struct netbuf_layout *l, size_t i, size_t size)
{
	return l->base ? l->base + i * size : (void *)l->scratch;
}

LMSTR netbuf_layout_str(struct netbuf_layout *l, const char *s)
{
	char *at = l->base ? l->base + l->at : NULL;

	if (at)
		netbuf_wstr_put(at, s, l->unit);
	l->at += netbuf_wstr_bytes(s, l->unit);
	return (LMSTR)(void *)at;
}

NET_API_STATUS netbuf_produce(size_t head, unsigned int unit,
			      netbuf_fill_fn *fill, const void *arg,
			      void **out)
{
	struct netbuf_layout l = { .head = head, .at = head, .unit = unit };
	NET_API_STATUS st;
	uintptr_t site;
	void *buf;

	*out = NULL;
	fill(&l, arg);
	if (l.at > UINT32_MAX) {
		errno = ENOMEM;
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	/* Taken once: a function that does not set it records no site. */
	site = netbuf_lm_site;
	netbuf_lm_site = 0;
	st = netbuf_api_allocate((DWORD)l.at, &buf, site);
	if (st != NERR_Success)
		/* Without a usable device errno says why, not ENOMEM. */
		return errno == ENOMEM ? st : NERR_WkstaNotStarted;
	l.base = buf;
	l.at = head;
	fill(&l, arg);
	*out = buf;
	return NERR_Success;
}
