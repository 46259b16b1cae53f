// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * This computer's names as a Windows machine gives them, read at each call
 * from the caller's UTS namespace (uname) and the configuration files
 * under NETBUF_SYSROOT (sysconf.c):
 *
 * - computer name: Samba's rule for its NetBIOS name: smb.conf [global]
 *   "netbios name", else the host name; up to its first dot, upper case,
 *   at most CNLEN (15) characters;
 * - domain membership: smb.conf [global] "security = ads" or "domain"
 *   (Samba or winbind in a domain), or an sssd domain (sssd.conf [sssd]
 *   "domains", else its first [domain/NAME] section) whose id_provider is
 *   not a local one (files, proxy, local). realmd joins show up as those
 *   files, which it writes;
 * - domain or workgroup name, in NetBIOS form (up to the first dot, upper
 *   case, at most DNLEN (15) characters): smb.conf "workgroup", else the
 *   sssd domain ("ad_domain", else its NAME), else "WORKGROUP";
 * - DNS names: the host name; and the FQDN: the host name when it has a
 *   dot, else host name "." DNS domain (smb.conf "realm", else the sssd
 *   domain name when it has a dot).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>

#include "internal_lm.h"
#include "lmerr.h"

#define SMB_CONF	"etc/samba/smb.conf"
#define SSSD_CONF	"etc/sssd/sssd.conf"

struct sssd_scan {
	char domain[256];	/* from [sssd] domains, or the first section */
	char first_section[256];
};

static bool sssd_domains(const char *section, const char *key,
			 const char *value, void *arg)
{
	struct sssd_scan *s = arg;

	if (!s->first_section[0] && !strncasecmp(section, "domain/", 7))
		snprintf(s->first_section, sizeof(s->first_section), "%s",
			 section + 7);
	if (netbuf_same_key(section, "sssd") &&
	    netbuf_same_key(key, "domains")) {
		snprintf(s->domain, sizeof(s->domain), "%s", value);
		s->domain[strcspn(s->domain, ", \t")] = '\0';
	}
	return true;
}

/* The DNS name of the sssd domain this computer is a member of, or "". */
static void sssd_domain(char *dns, size_t len)
{
	struct sssd_scan s = { "", "" };
	char section[300], provider[64];

	dns[0] = '\0';
	netbuf_ini_walk(SSSD_CONF, sssd_domains, &s);
	if (!s.domain[0])
		memcpy(s.domain, s.first_section, sizeof(s.domain));
	if (!s.domain[0])
		return;
	snprintf(section, sizeof(section), "domain/%s", s.domain);
	if (netbuf_ini_get(SSSD_CONF, section, "id_provider", provider,
			   sizeof(provider)) &&
	    (!strcasecmp(provider, "files") || !strcasecmp(provider, "proxy") ||
	     !strcasecmp(provider, "local")))
		return;
	if (!netbuf_ini_get(SSSD_CONF, section, "ad_domain", dns, len))
		snprintf(dns, len, "%s", s.domain);
}

/* @name up to its first dot, upper case, at most 15 characters. */
void netbuf_netbios_form(const char *name, char *out, size_t len)
{
	char label[256];

	snprintf(label, sizeof(label), "%s", name);
	label[strcspn(label, ".")] = '\0';
	netbuf_utf8_upper(label, CNLEN, out, len);
}

void netbuf_local_names(struct netbuf_names *n)
{
	char security[32], value[256], sssd[256];
	struct utsname uts;
	int saved_errno = errno;

	memset(n, 0, sizeof(*n));
	if (uname(&uts) < 0)
		memset(&uts, 0, sizeof(uts));
	snprintf(n->host, sizeof(n->host), "%s", uts.nodename);

	if (netbuf_ini_get(SMB_CONF, "global", "netbios name", value,
			   sizeof(value)))
		netbuf_netbios_form(value, n->computer, sizeof(n->computer));
	else
		netbuf_netbios_form(n->host, n->computer, sizeof(n->computer));

	sssd_domain(sssd, sizeof(sssd));
	n->joined = sssd[0] ||
		    (netbuf_ini_get(SMB_CONF, "global", "security", security,
				    sizeof(security)) &&
		     (!strcasecmp(security, "ads") ||
		      !strcasecmp(security, "domain")));
	if (netbuf_ini_get(SMB_CONF, "global", "workgroup", value,
			   sizeof(value)))
		netbuf_netbios_form(value, n->domain, sizeof(n->domain));
	else
		netbuf_netbios_form(sssd[0] ? sssd : "WORKGROUP", n->domain,
				    sizeof(n->domain));

	if (strchr(n->host, '.')) {
		snprintf(n->fqdn, sizeof(n->fqdn), "%s", n->host);
	} else {
		if (!netbuf_ini_get(SMB_CONF, "global", "realm", value,
				    sizeof(value)))
			snprintf(value, sizeof(value), "%s", sssd);
		if (strchr(value, '.'))
			snprintf(n->fqdn, sizeof(n->fqdn), "%.64s.%.180s",
				 n->host, value);
	}
	errno = saved_errno;
}

/* @a and @b are the same name but for case. */
static bool same_name(const char *a, const char *b)
{
	char ua[1024], ub[1024];

	if (!a[0] || !b[0])
		return false;
	netbuf_utf8_upper(a, SIZE_MAX, ua, sizeof(ua));
	netbuf_utf8_upper(b, SIZE_MAX, ub, sizeof(ub));
	return !strcmp(ua, ub);
}

NET_API_STATUS netbuf_check_server(const void *server, unsigned int unit)
{
	static const char *const loopback[] = { "localhost", "127.0.0.1",
						"::1" };
	struct netbuf_names n;
	char name[1024];
	const char *s = name;
	size_t i;

	if (!server)
		return NERR_Success;
	if (!netbuf_wstr_to_utf8(server, unit, name, sizeof(name)))
		return ERROR_BAD_NETPATH;
	if (s[0] == '\\' && s[1] == '\\')
		s += 2;
	if (!s[0])
		return NERR_Success;
	for (i = 0; i < sizeof(loopback) / sizeof(loopback[0]); i++)
		if (!strcasecmp(s, loopback[i]))
			return NERR_Success;
	netbuf_local_names(&n);
	if (same_name(s, n.computer) || same_name(s, n.host) ||
	    same_name(s, n.fqdn))
		return NERR_Success;
	return ERROR_BAD_NETPATH;
}

/* Unit @i of the string @s of @unit-byte units. */
static uint32_t unit_at(const void *s, unsigned int unit, size_t i)
{
	return unit == 2 ? ((const char16_t *)s)[i] : ((const char32_t *)s)[i];
}

NET_API_STATUS netbuf_check_sam_server(const void *server, unsigned int unit)
{
	/* Wine's NETAPI_ValidateServername, and Windows in its test. */
	if (server && unit_at(server, unit, 0) == '\\' &&
	    (unit_at(server, unit, 1) != '\\' ||
	     unit_at(server, unit, 2) == 0))
		return ERROR_INVALID_NAME;
	return netbuf_check_server(server, unit);
}

NET_API_STATUS netbuf_sam_get_args(LPBYTE *bufptr, const void *server,
				   unsigned int unit)
{
	if (!bufptr)
		return ERROR_INVALID_PARAMETER;
	*bufptr = NULL;
	return netbuf_check_sam_server(server, unit);
}
