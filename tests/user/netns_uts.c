// SPDX-License-Identifier: GPL-2.0
/*
 * The names NetWkstaGetInfo, NetServerGetInfo and NetGetJoinInformation
 * report come from the caller's UTS namespace, as a Windows computer name:
 * a child in a new one sees its host name up to the first dot, in upper
 * case, cut to 15 characters (ci-runner-amd64-large is CI-RUNNER-AMD64),
 * short names whole; the UTS domain name (NIS) is no workgroup; smb.conf's
 * "netbios name" wins over the host name. Every local name is accepted as
 * server name by every function taking one (NULL, empty, the computer
 * name, the host name, the FQDN, localhost, 127.0.0.1, ::1, with or
 * without "\\", any case), and names of other computers are
 * ERROR_BAD_NETPATH. A UTF-8 host name is converted and upper-cased by the
 * C library, a byte that is no UTF-8 becoming U+FFFD. The parent,
 * meanwhile, still sees its own names.
 */
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lm_common.h"

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

static void set_host(const char *name)
{
	REQUIRE(sethostname(name, strlen(name)) == 0);
}

/* Every function taking a server name says @want for the ASCII @server. */
static void expect_server(const char *server, NET_API_STATUS want)
{
	wchar_t w[128];
	LMSTR s = (LMSTR)lm_wide(server, w, 128);
	NETSETUP_JOIN_STATUS type;
	DWORD read, total;
	LPWSTR name;
	LPBYTE buf;
	int bad = 0;

	bad += !EXPECT_STATUS(NetWkstaGetInfo(s, 100, &buf), want);
	if (want == NERR_Success)
		NetApiBufferFree(buf);
	bad += !EXPECT_STATUS(NetServerGetInfo(s, 101, &buf), want);
	if (want == NERR_Success)
		NetApiBufferFree(buf);
	bad += !EXPECT_STATUS(NetGetJoinInformation(s, &name, &type), want);
	if (want == NERR_Success)
		NetApiBufferFree(name);
	bad += !EXPECT_STATUS(NetWkstaTransportEnum(s, 0, &buf,
						    MAX_PREFERRED_LENGTH,
						    &read, &total, NULL),
			      want);
	if (want == NERR_Success && read)
		NetApiBufferFree(buf);
	if (bad)
		t_info("... for server name \"%s\"", server);
}

/* @name, "\\\\" @name, in capitals and in small letters. */
static void expect_forms(const char *name, NET_API_STATUS want)
{
	char form[140];
	size_t i;

	snprintf(form, sizeof(form), "%s", name);
	expect_server(form, want);
	snprintf(form, sizeof(form), "\\\\%s", name);
	expect_server(form, want);
	for (i = 0; form[i]; i++)
		form[i] = (char)toupper((unsigned char)form[i]);
	expect_server(form, want);
	for (i = 0; form[i]; i++)
		form[i] = (char)tolower((unsigned char)form[i]);
	expect_server(form + 2, want);
}

static void local_names(void)
{
	static const char *const always[] = {
		"", "localhost", "127.0.0.1", "::1",
	};
	static const char *const others[] = {
		"nb-uts-tes", "nb-uts-test.other", "nb-uts-test.lan.x",
		"nbalias2", "127.0.0.2", "::2", "localhost.localdomain",
		"\\nb-uts-test", "\\\\\\nb-uts-test",
	};
	size_t i;

	set_host("nb-uts-test.lan");
	lm_sysroot(NULL, NULL);
	for (i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		expect_forms(always[i], NERR_Success);
	expect_forms("nb-uts-test", NERR_Success);	/* computer name */
	expect_forms("nb-uts-test.lan", NERR_Success);	/* host name, FQDN */
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		expect_server(others[i], ERROR_BAD_NETPATH);

	/* A short host name, its FQDN from smb.conf's realm, and an alias. */
	set_host("nb-short");
	lm_sysroot("[global]\n\tnetbios name = nbalias\n\trealm = CORP.EXAMPLE\n",
		   NULL);
	expect_names("NBALIAS", "WORKGROUP");
	expect_forms("nbalias", NERR_Success);
	expect_forms("nb-short", NERR_Success);
	expect_forms("nb-short.corp.example", NERR_Success);
	expect_server("nb-short.corp.other", ERROR_BAD_NETPATH);
	expect_server("nb-uts-test", ERROR_BAD_NETPATH);
	lm_sysroot(NULL, NULL);
	EXPECT_NO_BUFFERS();
}

struct pipes {
	int to_parent[2];
	int to_child[2];
};

static int child(void *arg)
{
	static const char odd[] = "nb-\xc3\xa9-\xff-\xe2\x82\xac.lan";
	struct pipes *p = arg;
	WKSTA_INFO_100 *w;

	if (unshare(CLONE_NEWUTS) < 0) {
		t_info("unshare(CLONE_NEWUTS): %s", errno_name(errno));
		return T_SKIP;
	}
	lm_sysroot(NULL, NULL);
	/* Long names are cut to 15 characters, short ones are whole. */
	set_host("ci-runner-amd64-large");
	expect_names("CI-RUNNER-AMD64", "WORKGROUP");
	set_host("ci-runner-amd64-large.example.com");
	expect_names("CI-RUNNER-AMD64", "WORKGROUP");
	set_host("a");
	expect_names("A", "WORKGROUP");
	set_host("exactly15chars5.x");
	expect_names("EXACTLY15CHARS5", "WORKGROUP");

	/* The NIS domain name is not a Windows workgroup. */
	REQUIRE(setdomainname("NBGROUP", 7) == 0);
	expect_names("EXACTLY15CHARS5", "WORKGROUP");

	local_names();

	/* UTF-8 is converted and upper-cased; a byte that is no UTF-8 is U+FFFD. */
	set_host(odd);
	if (EXPECT_STATUS(NetWkstaGetInfo(NULL, 100, (LPBYTE *)&w),
			  NERR_Success)) {
		if (wcscmp(w->wki100_computername, L"NB-\u00c9-\ufffd-\u20ac"))
			FAIL("computer name: expected L\"NB-\\u00c9-\\ufffd-\\u20ac\", got %zu characters",
			     wcslen(w->wki100_computername));
		NetApiBufferFree(w);
	}
	EXPECT_NO_BUFFERS();

	/* Then let the parent look. */
	set_host("nb-uts-test.lan");
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
	if (!strcmp(computer, "NB-UTS-TEST"))
		t_skip("this guest is already called nb-uts-test");
	REQUIRE(pipe(p.to_parent) == 0 && pipe(p.to_child) == 0);
	pid = start_child(child, &p);
	close(p.to_parent[1]);
	if (read(p.to_parent[0], &c, 1) == 1) {
		/* The child's names are not ours. */
		expect_names(computer, workgroup);
		expect_server("nb-uts-test", ERROR_BAD_NETPATH);
		EXPECT_NO_BUFFERS();
	}
	sync_signal(p.to_child[1]);
	status = wait_child(pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("no UTS namespace for the child");
	EXPECT_EXIT(status, 0);
	return t_done();
}
