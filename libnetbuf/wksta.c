// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetWkstaGetInfo: this computer as a Windows 10 workstation, from its
 * names (host.c), in one buffer filled by the library. Parameters are
 * checked in the order of Wine's dlls/netapi32/netapi32.c: the buffer
 * pointer, then the server name, then the level; those statuses leave
 * errno alone.
 */
#include "internal.h"
#include "internal_lm.h"
#include "lmwksta.h"

struct wksta_args {
	DWORD level;
	struct netbuf_names names;
};

/* Levels 100 and 101 are the start of 102: one fill for the three. */
static void fill_wksta(struct netbuf_layout *l, const void *arg)
{
	const struct wksta_args *a = arg;
	WKSTA_INFO_102 *w = netbuf_layout_rec(l, 0, sizeof(*w));

	w->wki102_platform_id = PLATFORM_ID_NT;
	w->wki102_computername = netbuf_layout_str(l, a->names.computer);
	w->wki102_langroup = netbuf_layout_str(l, a->names.domain);
	w->wki102_ver_major = NETBUF_WINDOWS_MAJOR;
	w->wki102_ver_minor = NETBUF_WINDOWS_MINOR;
	if (a->level == 100)
		return;
	/* No LAN Manager root directory on Linux. */
	w->wki102_lanroot = netbuf_layout_str(l, "");
	if (a->level == 101)
		return;
	/* The caller, as Wine counts. */
	w->wki102_logged_on_users = 1;
}

static NET_API_STATUS wksta_get_info(const void *servername, DWORD level,
				     LPBYTE *bufptr, unsigned int unit)
{
	struct wksta_args a = { .level = level };
	NET_API_STATUS st;
	size_t head;

	if (!bufptr)
		return ERROR_INVALID_PARAMETER;
	*bufptr = NULL;
	st = netbuf_check_server(servername, unit);
	if (st != NERR_Success)
		return st;
	switch (level) {
	case 100:
		head = sizeof(WKSTA_INFO_100);
		break;
	case 101:
		head = sizeof(WKSTA_INFO_101);
		break;
	case 102:
		head = sizeof(WKSTA_INFO_102);
		break;
	default:
		return ERROR_INVALID_LEVEL;
	}
	netbuf_local_names(&a.names);
	return netbuf_produce(head, unit, fill_wksta, &a, (void **)bufptr);
}

NETBUF_EXPORT NET_API_STATUS NetWkstaGetInfo(LMSTR servername, DWORD level,
					     LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return wksta_get_info(servername, level, bufptr, sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetWkstaGetInfo_w16(const char16_t *servername,
						 DWORD level, LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return wksta_get_info(servername, level, bufptr, sizeof(char16_t));
}
