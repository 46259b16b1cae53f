// SPDX-License-Identifier: GPL-2.0
/*
 * Domain membership and the names Samba and sssd configure, from files
 * under a root of the test's own (NETBUF_SYSROOT): smb.conf [global]
 * "netbios name" (upper case, cut to 15) as computer name, "workgroup" as
 * workgroup; "security = ads" or "domain" (Samba, winbind) and an sssd
 * domain that is not local (id_provider ad, ipa, ldap) make the computer a
 * domain member: NetGetJoinInformation says NetSetupDomainName with the
 * domain's NetBIOS name (smb.conf "workgroup", else sssd's "ad_domain" or
 * domain name up to its first dot, upper case), which NetWkstaGetInfo
 * reports as langroup; otherwise NetSetupWorkgroupName. Parameter names
 * compare without case and blanks, other sections do not count, and
 * without the files (or NETBUF_SYSROOT) it is WORKGROUP.
 */
#include <sched.h>
#include <unistd.h>

#include "lm_common.h"

static void expect_join(const char *computer, const char *name,
			NETSETUP_JOIN_STATUS want_type)
{
	NETSETUP_JOIN_STATUS type = NetSetupUnknownStatus;
	WKSTA_USER_INFO_1 *u;
	SERVER_INFO_100 *s;
	WKSTA_INFO_100 *w;
	LPWSTR got;

	if (EXPECT_STATUS(NetGetJoinInformation(NULL, &got, &type),
			  NERR_Success)) {
		EXPECT_WSTR(got, name);
		EXPECT_EQ(type, want_type);
		EXPECT_STATUS(NetApiBufferFree(got), NERR_Success);
	}
	if (EXPECT_STATUS(NetWkstaGetInfo(NULL, 100, (LPBYTE *)&w),
			  NERR_Success)) {
		EXPECT_WSTR(w->wki100_computername, computer);
		EXPECT_WSTR(w->wki100_langroup, name);
		EXPECT_STATUS(NetApiBufferFree(w), NERR_Success);
	}
	if (EXPECT_STATUS(NetServerGetInfo(NULL, 100, (LPBYTE *)&s),
			  NERR_Success)) {
		EXPECT_WSTR(s->sv100_name, computer);
		EXPECT_STATUS(NetApiBufferFree(s), NERR_Success);
	}
	if (EXPECT_STATUS(NetWkstaUserGetInfo(NULL, 1, (LPBYTE *)&u),
			  NERR_Success)) {
		EXPECT_WSTR(u->wkui1_logon_domain, computer);
		EXPECT_WSTR(u->wkui1_logon_server, computer);
		EXPECT_STATUS(NetApiBufferFree(u), NERR_Success);
	}
	EXPECT_NO_BUFFERS();
}

static int child(void *arg)
{
	(void)arg;
	if (unshare(CLONE_NEWUTS) < 0) {
		t_info("unshare(CLONE_NEWUTS): %s", errno_name(errno));
		return T_SKIP;
	}
	REQUIRE(sethostname("nb-join-host", 12) == 0);

	/* Nothing configured: a workgroup of the default name. */
	lm_sysroot(NULL, NULL);
	expect_join("NB-JOIN-HOST", "WORKGROUP", NetSetupWorkgroupName);

	/* Samba in a workgroup; the names as Samba writes them. */
	lm_sysroot("# smb.conf\n[global]\n   workgroup = Example\n"
		   "   NetBIOS Name = ci-runner-amd64-large\n"
		   "   security = user\n; comment\n"
		   "[homes]\n   netbios name = nothere\n   security = ads\n",
		   NULL);
	expect_join("CI-RUNNER-AMD64", "EXAMPLE", NetSetupWorkgroupName);
	lm_sysroot("[global]\nnetbiosname=box1\nworkgroup=averyveryverylongworkgroup\n",
		   NULL);
	expect_join("BOX1", "AVERYVERYVERYLO", NetSetupWorkgroupName);

	/* Samba or winbind in a domain. */
	lm_sysroot("[global]\n\tworkgroup = corp\n\tsecurity = ADS\n"
		   "\trealm = CORP.EXAMPLE.COM\n", NULL);
	expect_join("NB-JOIN-HOST", "CORP", NetSetupDomainName);
	lm_sysroot("[global]\n\tworkgroup = NT4DOM\n\tsecurity = domain\n",
		   NULL);
	expect_join("NB-JOIN-HOST", "NT4DOM", NetSetupDomainName);

	/* sssd (as realmd configures it): the first domain of [sssd]. */
	lm_sysroot(NULL, "[sssd]\ndomains = ad.example.org, other.org\n"
			 "services = nss, pam\n\n"
			 "[domain/ad.example.org]\nid_provider = ad\n"
			 "ad_domain = ad.example.org\n"
			 "[domain/other.org]\nid_provider = ldap\n");
	expect_join("NB-JOIN-HOST", "AD", NetSetupDomainName);
	lm_sysroot(NULL, "[sssd]\ndomains = ipa\n[domain/ipa]\n"
			 "id_provider = ipa\nad_domain = idm.example.net\n");
	expect_join("NB-JOIN-HOST", "IDM", NetSetupDomainName);
	/* No domains line: the first domain section. */
	lm_sysroot(NULL, "[domain/lab.example]\nid_provider = ad\n");
	expect_join("NB-JOIN-HOST", "LAB", NetSetupDomainName);
	/* sssd's local files domain is no membership. */
	lm_sysroot(NULL, "[sssd]\ndomains = implicit_files\n"
			 "[domain/implicit_files]\nid_provider = files\n");
	expect_join("NB-JOIN-HOST", "WORKGROUP", NetSetupWorkgroupName);
	/* Both: Samba's workgroup names the sssd domain. */
	lm_sysroot("[global]\nworkgroup = ADNETBIOS\nsecurity = user\n",
		   "[sssd]\ndomains = ad.example.org\n"
		   "[domain/ad.example.org]\nid_provider = ad\n");
	expect_join("NB-JOIN-HOST", "ADNETBIOS", NetSetupDomainName);

	/* Without NETBUF_SYSROOT the files of / count (the guest has none). */
	REQUIRE(unsetenv("NETBUF_SYSROOT") == 0);
	if (access("/etc/samba/smb.conf", F_OK) && access("/etc/sssd/sssd.conf", F_OK))
		expect_join("NB-JOIN-HOST", "WORKGROUP", NetSetupWorkgroupName);
	return child_result();
}

int main(int argc, char **argv)
{
	(void)argc;
	return t_main_in_child(argv[0], child, "no UTS namespace");
}
