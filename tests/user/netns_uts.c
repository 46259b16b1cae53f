// SPDX-License-Identifier: GPL-2.0
/*
 * NetWkstaGetInfo, NetServerGetInfo and NetGetJoinInformation report the
 * caller's UTS namespace: a child in a new one with another host and domain
 * name sees them (the host name up to its first dot as computer name, the
 * domain name as workgroup, its name as a local server name), while the
 * parent, meanwhile, still sees its own. The kernel converts a UTF-8 host
 * name to UTF-32, and bytes that are no UTF-8 to U+FFFD.
 */
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lm_common.h"

#define HOST	"nb-uts-test.lan"
#define SHORT	"nb-uts-test"
#define DOMAIN	"NBGROUP"

static void expect_names(const char *computer, const char *workgroup)
{
	WKSTA_INFO_102 *w;
	SERVER_INFO_101 *s;
	NETSETUP_JOIN_STATUS type = NetSetupUnknownStatus;
	LPWSTR name;

	if (EXPECT_STATUS(NetWkstaGetInfo(NULL, 102, (LPBYTE *)&w),
			  NERR_Success)) {
		EXPECT_WSTR(w->wki102_computername, computer);
		EXPECT_WSTR(w->wki102_langroup, workgroup);
		NetApiBufferFree(w);
	}
	if (EXPECT_STATUS(NetServerGetInfo(NULL, 101, (LPBYTE *)&s),
			  NERR_Success)) {
		EXPECT_WSTR(s->sv101_name, computer);
		NetApiBufferFree(s);
	}
	if (EXPECT_STATUS(NetGetJoinInformation(NULL, &name, &type),
			  NERR_Success)) {
		EXPECT_WSTR(name, workgroup);
		EXPECT_EQ(type, NetSetupWorkgroupName);
		NetApiBufferFree(name);
	}
}

struct pipes {
	int to_parent[2];
	int to_child[2];
};

static int child(void *arg)
{
	static const char odd[] = "nb-\xc3\xa9-\xff-\xe2\x82\xac";
	struct pipes *p = arg;
	WKSTA_INFO_100 *w;
	LPBYTE buf;

	if (unshare(CLONE_NEWUTS) < 0) {
		t_info("unshare(CLONE_NEWUTS): %s", errno_name(errno));
		return T_SKIP;
	}
	REQUIRE(sethostname(HOST, strlen(HOST)) == 0);
	REQUIRE(setdomainname(DOMAIN, strlen(DOMAIN)) == 0);
	expect_names(SHORT, DOMAIN);
	/* Its own name, in UNC form and in capitals, is local. */
	EXPECT_STATUS(NetWkstaGetInfo(L"\\\\NB-UTS-TEST", 100, &buf),
		      NERR_Success);
	NetApiBufferFree(buf);
	EXPECT_STATUS(NetServerGetInfo(L"" HOST, 100, &buf), NERR_Success);
	NetApiBufferFree(buf);
	EXPECT_STATUS(NetWkstaGetInfo(L"\\\\nb-uts-other", 100, &buf),
		      ERROR_BAD_NETPATH);

	/* The domain name unset: "(none)" and "" both mean WORKGROUP. */
	REQUIRE(setdomainname("(none)", 6) == 0);
	expect_names(SHORT, "WORKGROUP");
	REQUIRE(setdomainname("", 0) == 0);
	expect_names(SHORT, "WORKGROUP");

	/* UTF-8 becomes UTF-32; a byte that is no UTF-8 becomes U+FFFD. */
	REQUIRE(sethostname(odd, strlen(odd)) == 0);
	if (EXPECT_STATUS(NetWkstaGetInfo(NULL, 100, (LPBYTE *)&w),
			  NERR_Success)) {
		if (wcscmp(w->wki100_computername, L"nb-\u00e9-\ufffd-\u20ac"))
			FAIL("computer name: expected L\"nb-\\u00e9-\\ufffd-\\u20ac\", got %zu characters",
			     wcslen(w->wki100_computername));
		NetApiBufferFree(w);
	}
	EXPECT_NO_BUFFERS();

	/* Back to the first names, then let the parent look. */
	REQUIRE(sethostname(HOST, strlen(HOST)) == 0);
	sync_signal(p->to_parent[1]);
	sync_wait(p->to_child[0]);
	return child_result();
}

int main(int argc, char **argv)
{
	char computer[65], workgroup[65], c;
	struct pipes p;
	int status;
	pid_t pid;

	(void)argc;
	t_init(argv[0], 120);
	lm_names(computer, workgroup);
	if (!strcmp(computer, SHORT))
		t_skip("this guest is already called %s", SHORT);
	REQUIRE(pipe(p.to_parent) == 0 && pipe(p.to_child) == 0);
	pid = start_child(child, &p);
	close(p.to_parent[1]);
	if (read(p.to_parent[0], &c, 1) == 1) {
		/* The child's names are not ours. */
		expect_names(computer, workgroup);
		EXPECT_NO_BUFFERS();
	}
	sync_signal(p.to_child[1]);
	status = wait_child(pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("no UTS namespace for the child");
	EXPECT_EXIT(status, 0);
	return t_done();
}
