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
#include <string.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmerr.h"

__thread uintptr_t netbuf_lm_site __attribute__((tls_model("initial-exec")));

/* Where each entry's strings and SIDs start in an array's buffer. */
#define ENTRY_ALIGN	4

void *netbuf_layout_rec(struct netbuf_layout *l, size_t i, size_t size)
{
	return l->base ? l->base + i * size : (void *)l->scratch;
}

/* Moves the fill position of @l up to a multiple of @align. */
static void layout_align(struct netbuf_layout *l, size_t align)
{
	l->at = (l->at + align - 1) / align * align;
}

LMSTR netbuf_layout_str(struct netbuf_layout *l, const char *s)
{
	char *at;

	layout_align(l, l->unit);
	at = l->base ? l->base + l->at : NULL;
	if (at)
		netbuf_wstr_put(at, s, l->unit);
	l->at += netbuf_wstr_bytes(s, l->unit);
	return (LMSTR)(void *)at;
}

void *netbuf_layout_bytes(struct netbuf_layout *l, const void *data,
			  size_t len, size_t align)
{
	char *at;

	layout_align(l, align);
	at = l->base ? l->base + l->at : NULL;
	if (at)
		memcpy(at, data, len);
	l->at += len;
	return at;
}

/* What netbuf_produce_array() hands to netbuf_produce(). */
struct array_args {
	size_t rec_size;
	size_t first;
	size_t count;
	netbuf_fill_one_fn *fill_one;
	const void *ctx;
};

/* Each entry's data starts 4-byte aligned, as when measured alone. */
static void fill_array(struct netbuf_layout *l, const void *arg)
{
	const struct array_args *a = arg;
	size_t k;

	for (k = 0; k < a->count; k++) {
		layout_align(l, ENTRY_ALIGN);
		a->fill_one(l, netbuf_layout_rec(l, k, a->rec_size),
			    a->first + k, a->ctx);
	}
}

size_t netbuf_entry_bytes(size_t rec_size, unsigned int unit,
			  netbuf_fill_one_fn *fill_one, size_t i,
			  const void *ctx)
{
	struct netbuf_layout l = { .head = rec_size, .at = rec_size,
				   .unit = unit };

	fill_one(&l, netbuf_layout_rec(&l, 0, rec_size), i, ctx);
	layout_align(&l, ENTRY_ALIGN);
	return l.at;
}

size_t netbuf_enum_take(size_t first, size_t n, DWORD prefmaxlen,
			size_t rec_size, unsigned int unit,
			netbuf_fill_one_fn *fill_one, const void *ctx,
			netbuf_same_key_fn *same_key)
{
	size_t i = first, end, bytes = 0, group;

	while (i < n) {
		group = netbuf_entry_bytes(rec_size, unit, fill_one, i, ctx);
		for (end = i + 1; end < n && same_key && same_key(ctx, i, end);
		     end++)
			group += netbuf_entry_bytes(rec_size, unit, fill_one,
						    end, ctx);
		if (i > first && prefmaxlen != MAX_PREFERRED_LENGTH &&
		    bytes + group > prefmaxlen)
			break;
		bytes += group;
		i = end;
	}
	return i - first;
}

NET_API_STATUS netbuf_enum_finish(const struct netbuf_enum_page *p,
				  LPDWORD entriesread, LPDWORD totalentries)
{
	*entriesread = (DWORD)p->count;
	*totalentries = (DWORD)p->total;
	return p->count < p->total ? ERROR_MORE_DATA : NERR_Success;
}

NET_API_STATUS netbuf_produce_array(size_t rec_size, unsigned int unit,
				    size_t first, size_t count,
				    netbuf_fill_one_fn *fill_one,
				    const void *ctx, void **out)
{
	struct array_args a = {
		.rec_size = rec_size, .first = first, .count = count,
		.fill_one = fill_one, .ctx = ctx,
	};

	if (count > UINT32_MAX / rec_size) {
		*out = NULL;
		errno = ENOMEM;
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	return netbuf_produce(count * rec_size, unit, fill_array, &a, out);
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
