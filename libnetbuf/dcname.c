// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetGetDCName and NetGetAnyDCName: the domain controller of this
 * computer's domain, as "\\\\NAME". Membership is decided as for
 * NetGetJoinInformation (host.c); the controller is the one the
 * configuration names: sssd.conf "ad_server" or "ipa_server" of a domain
 * section, else smb.conf [global] "password server" (the first entry that
 * is not "_srv_" or "*", in NetBIOS form). netbuf asks no DNS and no
 * controller: without a configured name, and on a computer in a
 * workgroup, the answer is NERR_DCNotFound, as Windows gives it there.
 */
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmaccess.h"

#define SMB_CONF	"etc/samba/smb.conf"
#define SSSD_CONF	"etc/sssd/sssd.conf"

/* The first server of a list "a, b c", unless it asks for discovery. */
static bool first_server(const char *list, char *out, size_t len)
{
	size_t n;

	list += strspn(list, ", \t");
	n = strcspn(list, ", \t");
	if (!n || !strncmp(list, "_srv_", n) || !strncmp(list, "*", n))
		return false;
	snprintf(out, len, "%.*s", (int)n, list);
	return true;
}

struct dc_scan {
	char server[256];
};

static bool sssd_server(const char *section, const char *key,
			const char *value, void *arg)
{
	struct dc_scan *s = arg;

	if (strncasecmp(section, "domain/", 7))
		return true;
	if (netbuf_same_key(key, "ad_server") ||
	    netbuf_same_key(key, "ipa_server"))
		return !first_server(value, s->server, sizeof(s->server));
	return true;
}

/* The configured controller's name, or false. */
static bool configured_dc(char *name, size_t len)
{
	struct dc_scan s = { "" };
	char value[512];

	netbuf_ini_walk(SSSD_CONF, sssd_server, &s);
	if (!s.server[0] &&
	    netbuf_ini_get(SMB_CONF, "global", "password server", value,
			   sizeof(value)))
		first_server(value, s.server, sizeof(s.server));
	if (!s.server[0])
		return false;
	netbuf_netbios_form(s.server, name, len);
	return name[0];
}

static void fill_dc(struct netbuf_layout *l, const void *arg)
{
	netbuf_layout_str(l, arg);
}

static NET_API_STATUS get_dc_name(const void *servername,
				  const void *domainname, LPBYTE *bufptr,
				  unsigned int unit)
{
	char domain[1024], nb[4 * DNLEN + 1], dc[4 * CNLEN + 3] = "\\\\";
	struct netbuf_names names;
	NET_API_STATUS st;

	st = netbuf_sam_get_args(bufptr, servername, unit);
	if (st != NERR_Success)
		return st;
	netbuf_local_names(&names);
	if (!names.joined)
		return NERR_DCNotFound;
	/* Another domain than this computer's has no controller we know. */
	if (domainname) {
		if (!netbuf_wstr_to_utf8(domainname, unit, domain,
					 sizeof(domain)))
			return NERR_DCNotFound;
		netbuf_netbios_form(domain, nb, sizeof(nb));
		if (domain[0] && strcmp(nb, names.domain))
			return NERR_DCNotFound;
	}
	if (!configured_dc(dc + 2, sizeof(dc) - 2))
		return NERR_DCNotFound;
	return netbuf_produce(0, unit, fill_dc, dc, (void **)bufptr);
}

NETBUF_EXPORT NET_API_STATUS NetGetDCName(LPCWSTR servername,
					  LPCWSTR domainname, LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return get_dc_name(servername, domainname, bufptr, sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetGetDCName_w16(const char16_t *servername,
					      const char16_t *domainname,
					      LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return get_dc_name(servername, domainname, bufptr, sizeof(char16_t));
}

/* Any controller of the domain: the configured one is as good as any. */
NETBUF_EXPORT NET_API_STATUS NetGetAnyDCName(LPCWSTR servername,
					     LPCWSTR domainname,
					     LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return get_dc_name(servername, domainname, bufptr, sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetGetAnyDCName_w16(const char16_t *servername,
						 const char16_t *domainname,
						 LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return get_dc_name(servername, domainname, bufptr, sizeof(char16_t));
}
