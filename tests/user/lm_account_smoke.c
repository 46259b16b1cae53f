// SPDX-License-Identifier: GPL-2.0
/*
 * A quick pass over the account functions of lmaccess.h (the library's
 * own smoke test; the full suite is lm_user*): in a private mount
 * namespace with a tmpfs over /etc holding a password, group and shadow
 * database of its own, one user at every level of NetUserGetInfo (GECOS
 * split, privilege, shadow flags, binary SID), NetUserEnum across resume
 * handles while accounts are added and removed, the groups and local
 * groups of a user, the members of Administrators and of a large group,
 * NetGetDCName on a workgroup computer, the statuses of the unknown
 * names and NULL arguments, and examples/netuser's "net user" and
 * "net localgroup" output.
 */
int netuser_main(int argc, char **argv);
#define main netuser_main
#include "../../examples/netuser.c"
#undef main

#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <uchar.h>

#include "lm_common.h"

#define BIG_MEMBERS	300
#define NAMED_USERS	6	/* root, alice, bob, bobby, carol, emile */

/* The UTF-16 entry point, as lmaccess.h binds it in UTF-16 mode. */
NET_API_STATUS NetUserGetInfo_w16(const char16_t *servername,
				  const char16_t *username, DWORD level,
				  LPBYTE *bufptr);

static char computer[65], workgroup[65];

static void write_etc(const char *name, const char *text)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/etc/%s", name);
	f = fopen(path, "we");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		FATAL("write %s: %s", path, errno_name(errno));
}

/* The databases: @extra is added to the password file. */
static void write_accounts(const char *extra)
{
	char *passwd, *group, *shadow, *members;
	long today = (long)(time(NULL) / 86400);
	size_t len = 0;
	int i;

	members = calloc(BIG_MEMBERS, 16);
	REQUIRE(members);
	for (i = 0; i < BIG_MEMBERS; i++)
		len += (size_t)sprintf(members + len, "%su%03d", i ? "," : "",
				       i);
	REQUIRE(asprintf(&group, "root:x:0:\nsudo:x:27:alice\n"
			 "users:x:100:\nstaff:x:50:alice,bob\n"
			 "big:x:3000:%s\n", members) > 0);
	len = 0;
	passwd = calloc(BIG_MEMBERS + 10, 128);
	REQUIRE(passwd);
	len += (size_t)sprintf(passwd + len,
		"root:x:0:0:root:/root:/bin/sh\n"
		"alice:x:1000:100:Alice Liddell,Room 1,,,:/home/alice:/bin/sh\n"
		"bob:x:1001:100::/home/bob:/bin/sh\n"
		"bobby:x:1001:100:Same uid:/home/bob:/bin/sh\n"
		"carol:x:1002:27:Carol:/home/carol:/bin/sh\n"
		"emile:x:1003:100:\xc3\x89mile Zola \xf0\x9f\x93\x9a:/:/bin/sh\n%s",
		extra);
	for (i = 0; i < BIG_MEMBERS; i++)
		len += (size_t)sprintf(passwd + len,
				       "u%03d:x:%d:3000::/home/u%03d:/bin/sh\n",
				       i, 2000 + i, i);
	REQUIRE(asprintf(&shadow,
			 "root:*:%ld:0:99999:7:::\n"
			 "alice:$6$salt$hash:%ld:0:90:7:::\n"
			 "bob:!$6$salt$hash:%ld:0:99999:7:::\n"
			 "carol::0:0:99999:7::1:\n",
			 today - 1, today - 2, today) > 0);
	write_etc("passwd", passwd);
	write_etc("group", group);
	write_etc("shadow", shadow);
	free(passwd);
	free(group);
	free(shadow);
	free(members);
}

static void private_etc(void)
{
	if (unshare(CLONE_NEWNS) < 0)
		FATAL("unshare(CLONE_NEWNS): %s", errno_name(errno));
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		FATAL("mount --make-rprivate /: %s", errno_name(errno));
	if (mount("etc", "/etc", "tmpfs", 0, "mode=0755") < 0)
		FATAL("mount tmpfs on /etc: %s", errno_name(errno));
	write_accounts("");
}

static const unsigned char alice_sid[16] = {
	1, 2, 0, 0, 0, 0, 0, 22, 1, 0, 0, 0, 0xe8, 0x03, 0, 0,
};

static void user_levels(void)
{
	USER_INFO_4 *u4;
	USER_INFO_3 *u3;
	USER_INFO_23 *u23;
	USER_INFO_10 *u10;
	USER_INFO_1 *u1;
	DWORD size;
	static const DWORD levels[] = { 0, 1, 2, 3, 4, 10, 11, 20, 23 };
	size_t i;
	void *b;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		b = NULL;
		EXPECT_STATUS(NetUserGetInfo(NULL, L"alice", levels[i],
					     (LPBYTE *)&b), NERR_Success);
		CHECK(b != NULL);
		EXPECT_WSTR(*(LPWSTR *)b, "alice");
		NetApiBufferFree(b);
	}
	REQUIRE(NetUserGetInfo(NULL, L"alice", 4, (LPBYTE *)&u4) == 0);
	EXPECT_WSTR(u4->usri4_full_name, "Alice Liddell");
	EXPECT_WSTR(u4->usri4_comment, "Room 1");
	EXPECT_WSTR(u4->usri4_home_dir, "/home/alice");
	EXPECT_WSTR(u4->usri4_logon_server, "\\\\*");
	EXPECT_PTR(u4->usri4_password, NULL);
	EXPECT_EQ(u4->usri4_priv, USER_PRIV_ADMIN);
	EXPECT_EQ(u4->usri4_flags, UF_SCRIPT | UF_NORMAL_ACCOUNT);
	EXPECT_EQ(u4->usri4_primary_group_id, 100);
	EXPECT_EQ(u4->usri4_units_per_week, UNITS_PER_WEEK);
	EXPECT_EQ(u4->usri4_logon_hours[20], 0xff);
	EXPECT_EQ(u4->usri4_acct_expires, TIMEQ_FOREVER);
	CHECK(u4->usri4_password_age >= 86400 &&
	      u4->usri4_password_age < 3 * 86400);
	CHECK(u4->usri4_user_sid &&
	      !memcmp(u4->usri4_user_sid, alice_sid, sizeof(alice_sid)));
	EXPECT_STATUS(NetApiBufferSize(u4, &size), NERR_Success);
	CHECK((char *)u4->usri4_user_sid + 16 <= (char *)u4 + size);
	NetApiBufferFree(u4);

	REQUIRE(NetUserGetInfo(NULL, L"bob", 1, (LPBYTE *)&u1) == 0);
	EXPECT_EQ(u1->usri1_flags, UF_SCRIPT | UF_NORMAL_ACCOUNT | UF_LOCKOUT |
		  UF_DONT_EXPIRE_PASSWD);
	EXPECT_EQ(u1->usri1_priv, USER_PRIV_USER);
	EXPECT_WSTR(u1->usri1_comment, "");
	NetApiBufferFree(u1);

	/* carol: primary group sudo, no password, expired, must change. */
	REQUIRE(NetUserGetInfo(NULL, L"carol", 3, (LPBYTE *)&u3) == 0);
	EXPECT_EQ(u3->usri3_priv, USER_PRIV_ADMIN);
	EXPECT_EQ(u3->usri3_flags, UF_SCRIPT | UF_NORMAL_ACCOUNT |
		  UF_PASSWD_NOTREQD | UF_ACCOUNTDISABLE |
		  UF_DONT_EXPIRE_PASSWD | UF_PASSWORD_EXPIRED);
	EXPECT_EQ(u3->usri3_password_expired, 1);
	EXPECT_EQ(u3->usri3_acct_expires, 86400);
	EXPECT_EQ(u3->usri3_user_id, 1002);
	NetApiBufferFree(u3);

	REQUIRE(NetUserGetInfo(NULL, L"root", 23, (LPBYTE *)&u23) == 0);
	EXPECT_EQ(u23->usri23_flags, UF_SCRIPT | UF_NORMAL_ACCOUNT |
		  UF_ACCOUNTDISABLE | UF_DONT_EXPIRE_PASSWD);
	NetApiBufferFree(u23);

	REQUIRE(NetUserGetInfo(L"localhost", L"u007", 10, (LPBYTE *)&u10) == 0);
	EXPECT_WSTR(u10->usri10_full_name, "");
	NetApiBufferFree(u10);

	/* Non-ASCII full name, as wchar_t and as UTF-16 (a surrogate pair). */
	REQUIRE(NetUserGetInfo(NULL, L"emile", 10, (LPBYTE *)&u10) == 0);
	CHECK(!wcscmp(u10->usri10_full_name, L"\u00c9mile Zola \U0001f4da"));
	NetApiBufferFree(u10);
	REQUIRE(NetUserGetInfo_w16(NULL, u"emile", 10, (LPBYTE *)&u10) == 0);
	CHECK(!memcmp(u10->usri10_full_name, u"\u00c9mile Zola \U0001f4da",
		      sizeof(u"\u00c9mile Zola \U0001f4da")));
	NetApiBufferFree(u10);

	b = (void *)1;
	errno = ERRNO_SENTINEL;
	EXPECT_STATUS(NetUserGetInfo(NULL, L"nobody-here", 0, (LPBYTE *)&b),
		      NERR_UserNotFound);
	EXPECT_PTR(b, NULL);
	EXPECT_EQ(errno, ERRNO_SENTINEL);
	EXPECT_STATUS(NetUserGetInfo(NULL, L"nobody-here", 5, (LPBYTE *)&b),
		      NERR_UserNotFound);
	EXPECT_STATUS(NetUserGetInfo(NULL, L"alice", 5, (LPBYTE *)&b),
		      ERROR_INVALID_LEVEL);
	EXPECT_STATUS(NetUserGetInfo(NULL, L"alice", 0, NULL),
		      ERROR_INVALID_PARAMETER);
	EXPECT_STATUS(NetUserGetInfo(NULL, NULL, 0, (LPBYTE *)&b),
		      ERROR_INVALID_PARAMETER);
	EXPECT_STATUS(NetUserGetInfo(L"\\", L"alice", 0, (LPBYTE *)&b),
		      ERROR_INVALID_NAME);
	EXPECT_STATUS(NetUserGetInfo(L"\\\\", L"alice", 0, (LPBYTE *)&b),
		      ERROR_INVALID_NAME);
	EXPECT_STATUS(NetUserGetInfo(L"\\\\Ba  path", L"alice", 0,
				     (LPBYTE *)&b), ERROR_BAD_NETPATH);
}

/* Enumerates with a small prefmaxlen; @change runs after the first page. */
static void enum_users(void)
{
	DWORD read, total, resume = 0, i, seen = 0, pages = 0;
	uint32_t last_uid = 0;
	USER_INFO_20 *u;
	NET_API_STATUS st;
	bool bobby = false;

	do {
		st = NetUserEnum(NULL, 20, FILTER_NORMAL_ACCOUNT,
				 (LPBYTE *)&u, 600, &read, &total, &resume);
		if (st != NERR_Success && st != ERROR_MORE_DATA) {
			FAIL("NetUserEnum: %s", status_name(st));
			return;
		}
		for (i = 0; i < read; i++) {
			CHECK(u[i].usri20_user_id >= last_uid);
			last_uid = u[i].usri20_user_id;
			bobby |= !wcscmp(u[i].usri20_name, L"bobby");
			seen++;
		}
		NetApiBufferFree(u);
		/* Changes between calls: one before, one after the position. */
		if (pages++ == 0) {
			CHECK(st == ERROR_MORE_DATA);
			write_accounts("early:x:1:1::/:/bin/sh\n"
				       "late:x:60000:1::/:/bin/sh\n");
		}
	} while (st == ERROR_MORE_DATA);
	CHECK(bobby);
	CHECK(pages > 5);
	/* The named users, the u's, late; not early. */
	EXPECT_EQ(seen, NAMED_USERS + BIG_MEMBERS + 1);
	EXPECT_EQ(resume, 0);
	write_accounts("");

	EXPECT_STATUS(NetUserEnum(NULL, 0, FILTER_WORKSTATION_TRUST_ACCOUNT,
				  (LPBYTE *)&u, MAX_PREFERRED_LENGTH, &read,
				  &total, NULL), NERR_Success);
	EXPECT_EQ(read, 0);
	EXPECT_STATUS(NetUserEnum(NULL, 0, 0, (LPBYTE *)&u,
				  MAX_PREFERRED_LENGTH, &read, &total, NULL),
		      NERR_Success);
	EXPECT_EQ(read, NAMED_USERS + BIG_MEMBERS);
	EXPECT_EQ(total, NAMED_USERS + BIG_MEMBERS);
	NetApiBufferFree(u);
	EXPECT_STATUS(NetUserEnum(NULL, 23, 0, (LPBYTE *)&u, 0, &read, &total,
				  NULL), ERROR_INVALID_LEVEL);
	EXPECT_STATUS(NetUserEnum(NULL, 0, 0, (LPBYTE *)&u, 0, NULL, &total,
				  NULL), ERROR_INVALID_PARAMETER);
}

static void groups(void)
{
	GROUP_USERS_INFO_1 *g;
	LOCALGROUP_USERS_INFO_0 *lg;
	LOCALGROUP_INFO_1 *li;
	LOCALGROUP_MEMBERS_INFO_3 *m3;
	LOCALGROUP_MEMBERS_INFO_1 *m1;
	DWORD read, total, i, seen = 0;
	DWORD_PTR resume = 0;
	NET_API_STATUS st;
	wchar_t want[128];

	REQUIRE(NetUserGetGroups(NULL, L"alice", 1, (LPBYTE *)&g,
				 MAX_PREFERRED_LENGTH, &read, &total) == 0);
	EXPECT_EQ(read, 3);
	if (read == 3) {
		EXPECT_WSTR(g[0].grui1_name, "users");
		EXPECT_WSTR(g[1].grui1_name, "sudo");
		EXPECT_WSTR(g[2].grui1_name, "staff");
		EXPECT_EQ(g[0].grui1_attributes, 7);
	}
	NetApiBufferFree(g);
	EXPECT_STATUS(NetUserGetGroups(NULL, L"alice", 0, (LPBYTE *)&g, 1,
				       &read, &total), ERROR_MORE_DATA);
	EXPECT_EQ(read, 1);
	EXPECT_EQ(total, 3);
	NetApiBufferFree(g);

	REQUIRE(NetUserGetLocalGroups(NULL, L"alice", 0, LG_INCLUDE_INDIRECT,
				      (LPBYTE *)&lg, MAX_PREFERRED_LENGTH,
				      &read, &total) == 0);
	EXPECT_EQ(read, 5);
	if (read == 5) {
		EXPECT_WSTR(lg[0].lgrui0_name, "Administrators");
		EXPECT_WSTR(lg[1].lgrui0_name, "Users");
		EXPECT_WSTR(lg[2].lgrui0_name, "sudo");
	}
	NetApiBufferFree(lg);
	EXPECT_STATUS(NetUserGetLocalGroups(NULL, L"alice", 0, 2, (LPBYTE *)&lg,
					    0, &read, &total),
		      ERROR_INVALID_PARAMETER);
	EXPECT_STATUS(NetUserGetLocalGroups(NULL, L"zed", 0, 0, (LPBYTE *)&lg,
					    0, &read, &total),
		      NERR_UserNotFound);

	REQUIRE(NetLocalGroupGetInfo(NULL, L"Administrators", 1,
				     (LPBYTE *)&li) == 0);
	EXPECT_WSTR(li->lgrpi1_name, "Administrators");
	NetApiBufferFree(li);
	REQUIRE(NetLocalGroupGetInfo(NULL, L"users", 1, (LPBYTE *)&li) == 0);
	EXPECT_WSTR(li->lgrpi1_comment, "");
	NetApiBufferFree(li);
	REQUIRE(NetLocalGroupGetInfo(NULL, L"USERS", 0, (LPBYTE *)&li) == 0);
	EXPECT_WSTR(li->lgrpi1_name, "Users");
	NetApiBufferFree(li);
	EXPECT_STATUS(NetLocalGroupGetInfo(NULL, L"nope", 1, (LPBYTE *)&li),
		      ERROR_NO_SUCH_ALIAS);

	REQUIRE(NetLocalGroupGetMembers(NULL, L"Administrators", 3,
					(LPBYTE *)&m3, MAX_PREFERRED_LENGTH,
					&read, &total, NULL) == 0);
	EXPECT_EQ(read, 3);	/* root, alice, carol */
	if (read == 3) {
		swprintf(want, 128, L"%s\\alice", computer);
		CHECK(!wcscmp(m3[1].lgrmi3_domainandname, want));
	}
	NetApiBufferFree(m3);

	do {
		st = NetLocalGroupGetMembers(NULL, L"big", 1, (LPBYTE *)&m1,
					     200, &read, &total, &resume);
		if (st != NERR_Success && st != ERROR_MORE_DATA) {
			FAIL("NetLocalGroupGetMembers: %s", status_name(st));
			break;
		}
		for (i = 0; i < read; i++)
			EXPECT_EQ(m1[i].lgrmi1_sidusage, SidTypeUser);
		seen += read;
		NetApiBufferFree(m1);
	} while (st == ERROR_MORE_DATA);
	EXPECT_EQ(seen, BIG_MEMBERS);
	EXPECT_STATUS(NetLocalGroupGetMembers(NULL, L"nope", 0, (LPBYTE *)&m1,
					      0, &read, &total, NULL),
		      ERROR_NO_SUCH_ALIAS);

	REQUIRE(NetLocalGroupEnum(NULL, 1, (LPBYTE *)&li, MAX_PREFERRED_LENGTH,
				  &read, &total, NULL) == 0);
	EXPECT_EQ(read, 2 + 5);
	EXPECT_WSTR(li[0].lgrpi1_name, "Administrators");
	EXPECT_WSTR(li[1].lgrpi1_name, "Users");
	EXPECT_WSTR(li[2].lgrpi1_name, "root");
	NetApiBufferFree(li);
}

static void dc_name(void)
{
	LPBYTE b = (LPBYTE)1;

	EXPECT_STATUS(NetGetDCName(NULL, NULL, &b), NERR_DCNotFound);
	EXPECT_PTR(b, NULL);
	EXPECT_STATUS(NetGetAnyDCName(NULL, NULL, NULL),
		      ERROR_INVALID_PARAMETER);
}

#define EXAMPLE_OUT	"/tmp/netuser.out"

/* examples/netuser with @args, in a child; its output in @out. */
static int run_example(char *const *args, int argc, char *out, size_t len)
{
	int status, n;
	pid_t pid;
	FILE *f;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		FATAL("fork: %s", errno_name(errno));
	if (pid == 0) {
		/* A new stream: the parent's stdout may be byte-oriented. */
		if (!freopen(EXAMPLE_OUT, "w", stdout))
			_exit(3);
		n = netuser_main(argc, (char **)args);
		fflush(stdout);
		_exit(n);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		FATAL("netuser did not exit");
	f = fopen(EXAMPLE_OUT, "re");
	n = f ? (int)fread(out, 1, len - 1, f) : 0;
	out[n] = '\0';
	if (f)
		fclose(f);
	unlink(EXAMPLE_OUT);
	return WEXITSTATUS(status);
}

static void example(void)
{
	char *const list[] = { "netuser", "user", NULL };
	char *const alice[] = { "netuser", "user", "alice", NULL };
	char *const admins[] = { "netuser", "localgroup", "Administrators",
				 NULL };
	char *const nobody[] = { "netuser", "user", "zed", NULL };
	static char out[65536];

	EXPECT_EQ(run_example(list, 2, out, sizeof(out)), 0);
	CHECK(strstr(out, "User accounts for \\\\"));
	CHECK(strstr(out, "alice                    bob"));
	CHECK(strstr(out, "u299"));
	CHECK(strstr(out, "The command completed successfully."));
	EXPECT_EQ(run_example(alice, 3, out, sizeof(out)), 0);
	CHECK(strstr(out, "Full Name                    Alice Liddell\n"));
	CHECK(strstr(out, "Local Group Memberships      *Administrators"));
	CHECK(strstr(out, "Home directory               /home/alice\n"));
	EXPECT_EQ(run_example(admins, 3, out, sizeof(out)), 0);
	CHECK(strstr(out, "Members\n\n---"));
	CHECK(strstr(out, "\nroot\nalice\ncarol\nThe command"));
	EXPECT_EQ(run_example(nobody, 3, out, sizeof(out)), 2);
}

int main(void)
{
	t_init("lm_account_smoke", 120);
	if (geteuid() != 0)
		t_skip("needs root for a private /etc");
	lm_names(computer, workgroup);
	private_etc();
	user_levels();
	enum_users();
	groups();
	dc_name();
	example();
	return t_done();
}
