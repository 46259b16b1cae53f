// SPDX-License-Identifier: GPL-2.0
/*
 * The strings the library builds are UTF-8 decoded by the C library in
 * the C.UTF-8 locale, whatever the program's locale: an invalid, overlong
 * or truncated sequence or a surrogate becomes U+FFFD, one byte at a time,
 * and valid characters of every length pass whole; NetBIOS names are
 * upper-cased (towupper). A child in its own UTS and mount namespaces
 * gives itself a host name, a workgroup (smb.conf under NETBUF_SYSROOT)
 * and a user name (a line added to /etc/passwd) holding such bytes, and
 * compares every wide string of NetWkstaUserGetInfo, NetGetJoinInformation
 * and NetWkstaGetInfo with the code points it expects, under the "C"
 * locale and under a UTF-8 one.
 */
#include <locale.h>
#include <sched.h>
#include <unistd.h>

#include "lm_common.h"

#define TEST_UID	4243

/* n, b, invalid 0xff, U+00E9, overlong "/" (2 bytes); then ".lan". */
static const char host[] = "nb\xff\xc3\xa9\xc0\xaf.lan";
/* The computer name: up to the dot, upper case (U+00E9 is U+00C9). */
static const wchar_t host_w[] = { 'N', 'B', 0xfffd, 0xc9, 0xfffd, 0xfffd, 0 };
/* W, a surrogate (3 bytes), U+20AC, G. */
static const char smb_conf[] =
	"[global]\n workgroup = W\xed\xa0\x80\xe2\x82\xac" "G\n";
static const wchar_t domain_w[] = { 'W', 0xfffd, 0xfffd, 0xfffd, 0x20ac, 'G',
				    0 };
/* u, U+1F600 (4 bytes), a sequence cut short at the end. */
static const char user[] = "u\xf0\x9f\x98\x80\xe2\x82";
static const wchar_t user_w[] = { 'u', 0x1f600, 0xfffd, 0xfffd, 0 };

#define EXPECT_WIDE(got, want) \
	t_expect_units(__FILE__, __LINE__, #got, (got), (want), \
		       sizeof(wchar_t))

static void check_strings(void)
{
	NETSETUP_JOIN_STATUS type;
	WKSTA_USER_INFO_1 *u1;
	WKSTA_INFO_100 *w100;
	LPWSTR name = NULL;

	if (EXPECT_STATUS(NetWkstaUserGetInfo(NULL, 1, (LPBYTE *)&u1),
			  NERR_Success)) {
		EXPECT_WIDE(u1->wkui1_username, user_w);
		EXPECT_WIDE(u1->wkui1_logon_domain, host_w);
		EXPECT_WIDE(u1->wkui1_logon_server, host_w);
		EXPECT_STATUS(NetApiBufferFree(u1), NERR_Success);
	}
	if (EXPECT_STATUS(NetGetJoinInformation(NULL, &name, &type),
			  NERR_Success)) {
		EXPECT_WIDE(name, domain_w);
		EXPECT_STATUS(NetApiBufferFree(name), NERR_Success);
	}
	if (EXPECT_STATUS(NetWkstaGetInfo(NULL, 100, (LPBYTE *)&w100),
			  NERR_Success)) {
		EXPECT_WIDE(w100->wki100_computername, host_w);
		EXPECT_WIDE(w100->wki100_langroup, domain_w);
		EXPECT_STATUS(NetApiBufferFree(w100), NERR_Success);
	}
}

static int child(void *arg)
{
	char line[128];

	(void)arg;
	if (unshare(CLONE_NEWUTS) < 0)
		FATAL("unshare(CLONE_NEWUTS): %s", errno_name(errno));
	if (sethostname(host, sizeof(host) - 1) < 0)
		FATAL("sethostname: %s", errno_name(errno));
	lm_sysroot(smb_conf, NULL);
	snprintf(line, sizeof(line), "%s:x:%d:%d::/:/bin/sh\n", user,
		 TEST_UID, TEST_UID);
	t_private_file("/etc/passwd", line, access("/etc/passwd", F_OK) == 0);
	if (setresuid(TEST_UID, TEST_UID, TEST_UID) < 0)
		FATAL("setresuid(%d): %s", TEST_UID, errno_name(errno));

	/* The program's locale does not matter: "C", then a UTF-8 one. */
	check_strings();
	if (setlocale(LC_CTYPE, "C.UTF-8"))
		check_strings();
	else
		t_info("no C.UTF-8 locale for the program");
	return child_result();
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 60);
	EXPECT_EXIT(run_child(child, NULL), 0);
	EXPECT_NO_BUFFERS();
	return t_done();
}
