// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * This computer's names as the network-management functions report them,
 * from the caller's UTS namespace, mapped as the kernel maps them
 * (kmod/netbuf_wksta.c): the computer name is the host name up to its
 * first dot, the workgroup the domain name, or "WORKGROUP" when unset.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "internal_lm.h"
#include "lmerr.h"

void netbuf_local_names(struct netbuf_names *names)
{
	struct utsname uts;
	int saved_errno = errno;

	if (uname(&uts) < 0)
		memset(&uts, 0, sizeof(uts));
	errno = saved_errno;
	snprintf(names->computer, sizeof(names->computer), "%s", uts.nodename);
	names->computer[strcspn(names->computer, ".")] = '\0';
	if (!uts.domainname[0] || !strcmp(uts.domainname, "(none)"))
		snprintf(names->workgroup, sizeof(names->workgroup), "WORKGROUP");
	else
		snprintf(names->workgroup, sizeof(names->workgroup), "%s",
			 uts.domainname);
}

static wchar_t ascii_lower(wchar_t c)
{
	return c >= L'A' && c <= L'Z' ? c - L'A' + L'a' : c;
}

/* @w equals the ASCII or UTF-8 @s, ignoring ASCII case. */
static int same_name(LPCWSTR w, const char *s)
{
	wchar_t buf[sizeof(((struct utsname *)0)->nodename)];
	size_t i;

	if (netbuf_wcs_bytes(s) > sizeof(buf))
		return 0;
	netbuf_wcs_put(buf, s);
	for (i = 0; buf[i]; i++)
		if (ascii_lower(w[i]) != ascii_lower(buf[i]))
			return 0;
	return w[i] == L'\0';
}

NET_API_STATUS netbuf_check_server(LPCWSTR server)
{
	struct netbuf_names names;
	struct utsname uts;
	int saved_errno = errno;
	NET_API_STATUS st = ERROR_BAD_NETPATH;

	if (!server || !server[0])
		return NERR_Success;
	if (server[0] == L'\\') {
		/* UNC form: exactly two backslashes, then a name. */
		if (server[1] != L'\\' || !server[2] || server[2] == L'\\')
			return ERROR_INVALID_NAME;
		server += 2;
	}
	netbuf_local_names(&names);
	if (same_name(server, names.computer) ||
	    (uname(&uts) == 0 && same_name(server, uts.nodename)))
		st = NERR_Success;
	errno = saved_errno;
	return st;
}
