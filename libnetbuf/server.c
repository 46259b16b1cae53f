// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetServerGetInfo: this computer as the server a Windows 10 workstation
 * is (its file and printer sharing), from its names (host.c), in one
 * buffer filled by the library. Parameters are checked as for
 * NetWkstaGetInfo (Wine's order: buffer pointer, server name, level).
 */
#include "internal.h"
#include "internal_lm.h"
#include "lmserver.h"

/*
 * What a Windows 10 workstation announces: a workstation, a server (it
 * shares files) and an NT machine. Wine sets SV_TYPE_NT (its netapi32.c:
 * "no wine equivalent of DC / Server"); the other two are Windows'.
 */
#define SERVER_TYPE	(SV_TYPE_WORKSTATION | SV_TYPE_SERVER | SV_TYPE_NT)

struct server_args {
	DWORD level;
	struct netbuf_names names;
};

/* Level 100 is the start of 101. */
static void fill_server(struct netbuf_layout *l, const void *arg)
{
	const struct server_args *a = arg;
	SERVER_INFO_101 *s = netbuf_layout_rec(l, 0, sizeof(*s));

	s->sv101_platform_id = PLATFORM_ID_NT;
	s->sv101_name = netbuf_layout_str(l, a->names.computer);
	if (a->level == 100)
		return;
	s->sv101_version_major = NETBUF_WINDOWS_MAJOR;
	s->sv101_version_minor = NETBUF_WINDOWS_MINOR;
	s->sv101_type = SERVER_TYPE;
	/* Windows' default server comment (srvcomment) is empty, as Wine's. */
	s->sv101_comment = netbuf_layout_str(l, "");
}

static NET_API_STATUS server_get_info(const void *servername, DWORD level,
				      LPBYTE *bufptr, unsigned int unit)
{
	struct server_args a = { .level = level };
	NET_API_STATUS st;

	if (!bufptr)
		return ERROR_INVALID_PARAMETER;
	*bufptr = NULL;
	st = netbuf_check_server(servername, unit);
	if (st != NERR_Success)
		return st;
	if (level != 100 && level != 101)
		return ERROR_INVALID_LEVEL;
	netbuf_local_names(&a.names);
	return netbuf_produce(level == 100 ? sizeof(SERVER_INFO_100) :
					     sizeof(SERVER_INFO_101),
			      unit, fill_server, &a, (void **)bufptr);
}

NETBUF_EXPORT NET_API_STATUS NetServerGetInfo(LMSTR servername, DWORD level,
					      LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return server_get_info(servername, level, bufptr, sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetServerGetInfo_w16(const char16_t *servername,
						  DWORD level, LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return server_get_info(servername, level, bufptr, sizeof(char16_t));
}
