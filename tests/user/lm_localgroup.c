// SPDX-License-Identifier: GPL-2.0
/*
 * The local groups over the fixture (lm_accounts.h): NetLocalGroupEnum
 * (0, 1) lists Administrators, Users and every Unix group exactly once,
 * in one call and across resume handles with a small prefmaxlen;
 * NetLocalGroupGetInfo (0, 1) answers each of them; NetLocalGroupGetMembers
 * at levels 0, 1, 2 and 3 gives each member's S-1-22-1-<uid> SID (binary,
 * inside the buffer), SidTypeUser, its name and COMPUTER\name: sudo's
 * member, Administrators (uid 0 and sudo's members: S-1-5-32-544 is the
 * alias), Users (every account), a UTF-8 group name, an empty group, and
 * nbbig's 2,000 members with MAX_PREFERRED_LENGTH and across resume
 * handles (each exactly once). Unknown groups: ERROR_NO_SUCH_ALIAS, as
 * Windows answers. Wine's run_localgroupgetinfo_tests, bad levels, NULL
 * arguments; every buffer freed.
 */
#include "lm_accounts.h"

#define NALL		(LM_NUSERS + LM_BIG_MEMBERS)
/* The fixture's groups, nbbig, nbg01..nbg40, Administrators and Users. */
#define NGROUPS_ALL	(LM_NGROUPS + 1 + LM_MANY_GROUPS + 2)

static char computer[65], workgroup[65];

static size_t member_stride(DWORD level)
{
	switch (level) {
	case 0: return sizeof(LOCALGROUP_MEMBERS_INFO_0);
	case 1: return sizeof(LOCALGROUP_MEMBERS_INFO_1);
	case 2: return sizeof(LOCALGROUP_MEMBERS_INFO_2);
	default: return sizeof(LOCALGROUP_MEMBERS_INFO_3);
	}
}

/* The uid of the account named (UTF-8) name, or -1. */
static long uid_of(const char *name)
{
	const struct lm_user *u = lm_user(name);

	if (u)
		return u->uid;
	if (!strncmp(name, "nbm", 3) && strlen(name) == 7 &&
	    strtoul(name + 3, NULL, 10) < LM_BIG_MEMBERS)
		return LM_BIG_UID + (long)strtoul(name + 3, NULL, 10);
	return -1;
}

/* The UTF-8 name of a user by uid. */
static const char *name_of_uid(unsigned int uid, char *buf)
{
	size_t i;

	for (i = 0; i < LM_NUSERS; i++)
		if (lm_users[i].uid == uid)
			return lm_users[i].name;
	if (uid >= LM_BIG_UID && uid < LM_BIG_UID + LM_BIG_MEMBERS)
		return lm_big_name(uid - LM_BIG_UID, buf);
	return NULL;
}

/*
 * Checks member i of a GetMembers buffer at level; returns its uid (read
 * from the SID, or from the name at level 3), -1 when it is not a user.
 */
static long check_member(const void *buf, DWORD size, DWORD level, DWORD i)
{
	const char *e = (const char *)buf + i * member_stride(level);
	const WCHAR *name = NULL;
	const uint8_t *sid = NULL;
	char nbuf[16], full[400], utf8[300];
	const char *want;
	long uid = -1;

	if (level <= 2) {
		sid = *(const uint8_t *const *)e;
		if (!sid || (const char *)sid < (const char *)buf ||
		    (const char *)sid + 16 > (const char *)buf + size) {
			FAIL("member %u level %u: SID %p outside the buffer",
			     (unsigned int)i, (unsigned int)level, (const void *)sid);
			return -1;
		}
		if (sid[0] != 1 || sid[1] != 2 || sid[7] != 22 ||
		    *(const uint32_t *)(sid + 8) != 1) {
			FAIL("member %u: not a Unix user's SID S-1-22-1-uid",
			     (unsigned int)i);
			return -1;
		}
		uid = *(const uint32_t *)(sid + 12);
	}
	if (level == 1 || level == 2) {
		const LOCALGROUP_MEMBERS_INFO_1 *m = (const void *)e;

		EXPECT_EQ(m->lgrmi1_sidusage, SidTypeUser);
		name = m->lgrmi1_name;
	} else if (level == 3) {
		name = ((const LOCALGROUP_MEMBERS_INFO_3 *)e)->lgrmi3_domainandname;
	}
	if (!name)
		return uid;
	if ((const char *)name < (const char *)buf ||
	    (const char *)name >= (const char *)buf + size)
		FAIL("member %u level %u: name outside the buffer",
		     (unsigned int)i, (unsigned int)level);
	snprintf(utf8, sizeof(utf8), "%s", lm_narrow(name));
	if (level == 3) {
		const char *slash = strchr(utf8, '\\');

		if (!slash) {
			FAIL("member %u: \"%s\" is not DOMAIN\\name",
			     (unsigned int)i, lm_narrow(name));
			return -1;
		}
		uid = uid_of(slash + 1);
	}
	want = uid >= 0 ? name_of_uid((unsigned int)uid, nbuf) : NULL;
	if (!want) {
		FAIL("member %u: \"%s\" is no account of the fixture",
		     (unsigned int)i, lm_narrow(name));
		return -1;
	}
	if (level == 1)
		snprintf(full, sizeof(full), "%s", want);
	else
		snprintf(full, sizeof(full), "%s\\%s", computer, want);
	EXPECT_TEXT(name, full);
	return uid;
}

/*
 * The members of group at level, all in one call or (prefmaxlen not
 * MAX_PREFERRED_LENGTH) across resume handles: each uid of want[0..n)
 * exactly once, nothing else.
 */
static void expect_members(const wchar_t *group, DWORD level, DWORD prefmaxlen,
			   const unsigned int *want, size_t n)
{
	static int seen[NALL];
	DWORD read, total, i, size, calls = 0;
	uint64_t start = now_ms();
	DWORD_PTR resume = 0;
	NET_API_STATUS st;
	LPBYTE buf;
	size_t k;
	long uid;

	memset(seen, 0, sizeof(seen));
	do {
		buf = NULL;
		st = NetLocalGroupGetMembers(NULL, group, level, &buf,
					     lm_prefmaxlen(prefmaxlen, calls),
					     &read, &total, &resume);
		calls++;
		if (st != NERR_Success && st != ERROR_MORE_DATA) {
			FAIL("NetLocalGroupGetMembers(\"%s\", %u, %u): %s",
			     lm_narrow(group),
			     (unsigned int)level, (unsigned int)prefmaxlen,
			     status_name(st));
			return;
		}
		if (prefmaxlen == MAX_PREFERRED_LENGTH) {
			EXPECT_STATUS(st, NERR_Success);
			EXPECT_EQ(read, n);
			EXPECT_EQ(total, n);
		}
		if (st == ERROR_MORE_DATA && (!CHECK(read >= 1) ||
					      !CHECK(resume != 0)))
			return;
		size = 0;
		if (buf)
			EXPECT_STATUS(NetApiBufferSize(buf, &size), NERR_Success);
		for (i = 0; i < read; i++) {
			uid = check_member(buf, size, level, i);
			for (k = 0; k < n && uid >= 0 && want[k] != (unsigned long)uid; k++)
				;
			if (uid < 0 || k == n)
				FAIL("\"%s\" level %u: member uid %ld not expected",
				     lm_narrow(group), (unsigned int)level, uid);
			else if (seen[k]++)
				FAIL("\"%s\" level %u: uid %ld seen twice",
				     lm_narrow(group), (unsigned int)level, uid);
		}
		if (buf)
			EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
		else
			EXPECT_EQ(read, 0);
	} while (st == ERROR_MORE_DATA && calls <= 2 * NALL);
	EXPECT_EQ(resume, 0);
	if (n > 100)
		t_info("\"%s\" level %u prefmaxlen %u: %u calls, %llu ms",
		       lm_narrow(group), (unsigned int)level,
		       (unsigned int)prefmaxlen,
		       (unsigned int)calls,
		       (unsigned long long)(now_ms() - start));
	for (k = 0; k < n; k++)
		if (seen[k] != 1)
			FAIL("\"%s\" level %u prefmaxlen %u: uid %u seen %d times",
			     lm_narrow(group), (unsigned int)level,
			     (unsigned int)prefmaxlen, want[k], seen[k]);
	EXPECT_FREED();
}

static void members(void)
{
	static unsigned int big[LM_BIG_MEMBERS], all[NALL];
	static const unsigned int sudo[] = { 2004 };
	static const unsigned int admins[] = { 0, 2004 };
	static const unsigned int users[] = { 2002, 2003 };
	static const unsigned int g01[] = { 2005, 2002 };
	static const unsigned int gruppe[] = { 2002 };
	/* By primary gid; listed and primary; a ghost left out. */
	static const unsigned int plain[] = { 2001 };
	static const unsigned int nb32[] = { 2009 };
	static const unsigned int ghosts[] = { 2001 };
	DWORD level;
	size_t i;

	for (i = 0; i < LM_BIG_MEMBERS; i++)
		big[i] = all[LM_NUSERS + i] = LM_BIG_UID + (unsigned int)i;
	for (i = 0; i < LM_NUSERS; i++)
		all[i] = lm_users[i].uid;
	for (level = 0; level <= 3; level++) {
		expect_members(L"sudo", level, MAX_PREFERRED_LENGTH, sudo, 1);
		expect_members(L"users", level, MAX_PREFERRED_LENGTH, users, 2);
		expect_members(L"nbg01", level, MAX_PREFERRED_LENGTH, g01, 2);
		expect_members(L"nbgr\u00fcppe", level, MAX_PREFERRED_LENGTH,
			       gruppe, 1);
		expect_members(L"nbempty", level, MAX_PREFERRED_LENGTH, NULL, 0);
		expect_members(L"nbplain", level, MAX_PREFERRED_LENGTH, plain, 1);
		expect_members(L"nb32", level, MAX_PREFERRED_LENGTH, nb32, 1);
		expect_members(L"nbghosts", level, MAX_PREFERRED_LENGTH,
			       ghosts, 1);
		expect_members(L"Administrators", level, MAX_PREFERRED_LENGTH,
			       admins, 2);
		expect_members(L"nbbig", level, MAX_PREFERRED_LENGTH, big,
			       LM_BIG_MEMBERS);
		expect_members(L"nbbig", level, 1000, big, LM_BIG_MEMBERS);
		expect_members(L"Users", level, MAX_PREFERRED_LENGTH, all, NALL);
	}
	/* One member per call (LM_SMALL_CALLS of them), Users in pieces. */
	expect_members(L"nbbig", 3, 1, big, LM_BIG_MEMBERS);
	expect_members(L"Users", 1, 4096, all, NALL);
}

/* ---- Groups ------------------------------------------------------------- */

static void want_group_names(char names[][40])
{
	size_t i, n = 0;

	for (i = 0; i < LM_NGROUPS; i++)
		snprintf(names[n++], 40, "%s", lm_groups[i].name);
	snprintf(names[n++], 40, "nbbig");
	for (i = 1; i <= LM_MANY_GROUPS; i++)
		snprintf(names[n++], 40, "nbg%02zu", i);
	snprintf(names[n++], 40, "Administrators");
	snprintf(names[n++], 40, "Users");
}

#define ADMINS	(NGROUPS_ALL - 2)
#define USERS	(NGROUPS_ALL - 1)

/* The comment of a local group: Windows' for the aliases, else empty. */
static const char *comment_of(const char *name)
{
	if (!strcmp(name, "Administrators"))
		return LM_ADMINS_COMMENT;
	if (!strcmp(name, "Users"))
		return LM_USERS_COMMENT;
	return "";
}

/* The gid of a Unix group of the fixture. */
static long gid_of(const char *name)
{
	size_t i;

	for (i = 0; i < LM_NGROUPS; i++)
		if (!strcmp(lm_groups[i].name, name))
			return lm_groups[i].gid;
	if (!strcmp(name, "nbbig"))
		return LM_BIG_GID;
	if (!strncmp(name, "nbg", 3))
		return LM_MANY_GID + strtol(name + 3, NULL, 10);
	return -1;
}

/* Which of want[] the name w is (-1: none). */
static int group_index(const WCHAR *w, char want[][40])
{
	uint32_t u[64];
	size_t i;

	for (i = 0; i < NGROUPS_ALL; i++) {
		lm_utf8_units(want[i], u, sizeof(WCHAR), 64);
		if (w && !wcscmp((const wchar_t *)w, (const wchar_t *)u))
			return (int)i;
	}
	return -1;
}

static void enum_groups(DWORD level, DWORD prefmaxlen)
{
	static char want[NGROUPS_ALL][40];
	int seen[NGROUPS_ALL] = { 0 }, order = 0;
	DWORD read, total, i, calls = 0;
	long last_gid = -1;
	DWORD_PTR resume = 0;
	NET_API_STATUS st;
	size_t stride = level ? sizeof(LOCALGROUP_INFO_1) :
				sizeof(LOCALGROUP_INFO_0);
	LPBYTE buf;
	int k;

	want_group_names(want);
	do {
		buf = NULL;
		st = NetLocalGroupEnum(NULL, level, &buf, prefmaxlen, &read,
				       &total, &resume);
		calls++;
		if (st != NERR_Success && st != ERROR_MORE_DATA) {
			FAIL("NetLocalGroupEnum(%u, %u): %s", (unsigned int)level,
			     (unsigned int)prefmaxlen, status_name(st));
			return;
		}
		if (prefmaxlen == MAX_PREFERRED_LENGTH) {
			EXPECT_STATUS(st, NERR_Success);
			EXPECT_EQ(read, NGROUPS_ALL);
			EXPECT_EQ(total, NGROUPS_ALL);
		}
		if (st == ERROR_MORE_DATA && (!CHECK(read >= 1) ||
					      !CHECK(resume != 0)))
			return;
		for (i = 0; i < read; i++) {
			const LOCALGROUP_INFO_1 *g = (const void *)(buf + i * stride);

			k = group_index(g->lgrpi1_name, want);
			if (k < 0) {
				FAIL("NetLocalGroupEnum: unexpected \"%s\"",
				     lm_narrow(g->lgrpi1_name));
				continue;
			}
			if (seen[k]++)
				FAIL("NetLocalGroupEnum: \"%s\" twice", want[k]);
			if (level == 1)
				EXPECT_TEXT(g->lgrpi1_comment, comment_of(want[k]));
			/* Administrators, Users, then the groups by gid. */
			if (order == 0 && k != ADMINS)
				FAIL("NetLocalGroupEnum: \"%s\" first, not Administrators",
				     want[k]);
			if (order == 1 && k != USERS)
				FAIL("NetLocalGroupEnum: \"%s\" second, not Users",
				     want[k]);
			if (order >= 2 && gid_of(want[k]) < last_gid)
				FAIL("NetLocalGroupEnum: \"%s\" (gid %ld) after gid %ld",
				     want[k], gid_of(want[k]), last_gid);
			if (order >= 2)
				last_gid = gid_of(want[k]);
			order++;
		}
		if (buf)
			EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
	} while (st == ERROR_MORE_DATA && calls <= 2 * NGROUPS_ALL);
	EXPECT_EQ(resume, 0);
	for (k = 0; k < (int)NGROUPS_ALL; k++)
		if (seen[k] != 1)
			FAIL("NetLocalGroupEnum level %u prefmaxlen %u: \"%s\" seen %d times",
			     (unsigned int)level, (unsigned int)prefmaxlen,
			     want[k], seen[k]);
	EXPECT_FREED();
}

static void get_info(void)
{
	static char want[NGROUPS_ALL][40];
	LOCALGROUP_INFO_0 *g0;
	LOCALGROUP_INFO_1 *g1;
	uint32_t w[64];
	size_t i;

	want_group_names(want);
	for (i = 0; i < NGROUPS_ALL; i++) {
		lm_utf8_units(want[i], w, sizeof(WCHAR), 64);
		if (EXPECT_STATUS(NetLocalGroupGetInfo(NULL, (LPCWSTR)w, 0,
						       (LPBYTE *)&g0), NERR_Success)) {
			EXPECT_TEXT(g0->lgrpi0_name, want[i]);
			EXPECT_STATUS(NetApiBufferFree(g0), NERR_Success);
		}
		if (EXPECT_STATUS(NetLocalGroupGetInfo(NULL, (LPCWSTR)w, 1,
						       (LPBYTE *)&g1), NERR_Success)) {
			EXPECT_TEXT(g1->lgrpi1_name, want[i]);
			EXPECT_TEXT(g1->lgrpi1_comment, comment_of(want[i]));
			EXPECT_STATUS(NetApiBufferFree(g1), NERR_Success);
		}
	}
	EXPECT_FREED();
}

#define FAR	L"\\\\nb-far-away"
#define MPL	MAX_PREFERRED_LENGTH

/*
 * Unknown groups: ERROR_NO_SUCH_ALIAS, as Windows answers for a local
 * group. Parameter errors two at a time, the first checked winning
 * (lmaccess.h, Windows' order): NetLocalGroupGetInfo bufptr, server,
 * name, level, the group; NetLocalGroupGetMembers and NetLocalGroupEnum
 * server, (name,) level, out-pointers, the group.
 */
static void statuses(void)
{
	static const wchar_t *const unknown[] = {
		L"nbnosuch", L"NBBIG", L"nbbi", L"", L"None", L"Guests",
	};
	DWORD read, total, level;
	DWORD_PTR resume = 0;
	LPBYTE buf;
	size_t i;

	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		for (level = 0; level <= 1; level++) {
			buf = (LPBYTE)1;
			EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetInfo(NULL, unknown[i],
								       level, &buf),
						  ERROR_NO_SUCH_ALIAS);
			EXPECT_PTR(buf, NULL);
		}
		for (level = 0; level <= 3; level++)
			EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetMembers(NULL,
						  unknown[i], level, &buf, MPL,
						  &read, &total, &resume),
						  ERROR_NO_SUCH_ALIAS);
	}
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetInfo(NULL, L"sudo", 2, &buf),
				  ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetInfo(NULL, L"sudo", 1002, &buf),
				  ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetInfo(FAR, NULL, 2, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetInfo(FAR, NULL, 2, &buf),
				  ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetInfo(NULL, NULL, 2, &buf),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetInfo(NULL, L"nbnosuch", 2, &buf),
				  ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetInfo(L"\\", L"sudo", 0, &buf),
				  ERROR_INVALID_NAME);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetInfo(L"\\\\", L"sudo", 0, &buf),
				  ERROR_INVALID_NAME);

	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetMembers(FAR, NULL, 4, NULL, MPL,
							  NULL, NULL, NULL),
				  ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetMembers(NULL, NULL, 4, NULL, MPL,
							  NULL, NULL, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetMembers(NULL, L"nbnosuch", 4,
							  NULL, MPL, NULL, NULL,
							  NULL),
				  ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetMembers(NULL, L"nbnosuch", 0,
							  NULL, MPL, &read,
							  &total, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetMembers(NULL, L"nbnosuch", 0,
							  &buf, MPL, NULL,
							  &total, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupGetMembers(NULL, L"nbnosuch", 0,
							  &buf, MPL, &read,
							  NULL, NULL),
				  ERROR_INVALID_PARAMETER);

	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupEnum(FAR, 2, NULL, MPL, NULL, NULL,
						    NULL), ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupEnum(NULL, 2, NULL, MPL, NULL, NULL,
						    NULL), ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupEnum(NULL, 0, NULL, MPL, &read,
						    &total, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupEnum(NULL, 1, &buf, MPL, NULL,
						    &total, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetLocalGroupEnum(NULL, 1, &buf, MPL, &read,
						    NULL, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_NO_BUFFERS();
}

/*
 * The aliases are found in any case when no Unix group has the name:
 * "USERS" is Users, "users" the Unix group, "administrators" the alias.
 */
static void alias_case(void)
{
	LOCALGROUP_INFO_1 *g;

	if (EXPECT_STATUS(NetLocalGroupGetInfo(NULL, L"USERS", 1, (LPBYTE *)&g),
			  NERR_Success)) {
		EXPECT_TEXT(g->lgrpi1_name, "Users");
		EXPECT_TEXT(g->lgrpi1_comment, LM_USERS_COMMENT);
		NetApiBufferFree(g);
	}
	if (EXPECT_STATUS(NetLocalGroupGetInfo(NULL, L"users", 1, (LPBYTE *)&g),
			  NERR_Success)) {
		EXPECT_TEXT(g->lgrpi1_name, "users");
		EXPECT_TEXT(g->lgrpi1_comment, "");
		NetApiBufferFree(g);
	}
	if (EXPECT_STATUS(NetLocalGroupGetInfo(NULL, L"administrators", 1,
					       (LPBYTE *)&g), NERR_Success)) {
		EXPECT_TEXT(g->lgrpi1_name, "Administrators");
		NetApiBufferFree(g);
	}
	EXPECT_FREED();
}

/* ---- The administrators' group -------------------------------------- */

/* In a child: Administrators' members and nbzoe's privilege. */
static void expect_admins(const unsigned int *want, size_t n, bool zoe)
{
	USER_INFO_1 *u1;

	expect_members(L"Administrators", 1, MPL, want, n);
	if (EXPECT_STATUS(NetUserGetInfo(NULL, L"nbzoe", 1, (LPBYTE *)&u1),
			  NERR_Success)) {
		EXPECT_EQ(u1->usri1_priv, zoe ? USER_PRIV_ADMIN : USER_PRIV_USER);
		NetApiBufferFree(u1);
	}
}

static int admins_from_env(void *arg)
{
	static const unsigned int want[] = { 0, 2002, 2005 };

	(void)arg;
	/* nbg01: nbmany and nbzoe, as listed members. */
	REQUIRE(setenv("NETBUF_ADMIN_GROUP", "nbg01", 1) == 0);
	expect_admins(want, 3, true);
	return child_result();
}

static int admins_from_conf(void *arg)
{
	static const unsigned int want[] = { 0, 2002 };
	char root[64], path[96];

	(void)arg;
	/* The configuration file under a configuration root of our own. */
	snprintf(root, sizeof(root), "/tmp/nb-conf.%d", (int)getpid());
	snprintf(path, sizeof(path), "%s/etc", root);
	REQUIRE(mkdir(root, 0755) == 0 && mkdir(path, 0755) == 0);
	REQUIRE(setenv("NETBUF_SYSROOT", root, 1) == 0);
	snprintf(path, sizeof(path), "%s/etc/netbuf.conf", root);
	lm_write_file(path, "# netbuf\n[accounts]\nadministrators group = nbgr\xc3\xbcppe\n");
	expect_admins(want, 2, true);
	return child_result();
}

static int admins_default_wheel(void *arg)
{
	static const unsigned int want[] = { 0, 2001 };
	char *groups, *text, *sudo;

	(void)arg;
	/* No sudo (renamed xudo): the first of wheel and admin that exists. */
	groups = lm_group_text();
	text = malloc(strlen(groups) + 64);
	REQUIRE(text);
	sprintf(text, "%sadmin:x:4:nbcjk\nwheel:x:10:nbplain\n", groups);
	sudo = strstr(text, "sudo:x:27:");
	REQUIRE(sudo);
	memcpy(sudo, "xudo", 4);
	/* Over /etc/group in a mount namespace of the child's own. */
	t_private_file("/etc/group", text, false);
	free(text);
	free(groups);
	expect_admins(want, 2, false);
	return child_result();
}

static void admin_group(void)
{
	static const unsigned int want[] = { 0, 2004 };

	EXPECT_EXIT(run_child(admins_from_env, NULL), 0);
	EXPECT_EXIT(run_child(admins_from_conf, NULL), 0);
	EXPECT_EXIT(run_child(admins_default_wheel, NULL), 0);
	/* The children changed nothing here. */
	expect_admins(want, 2, false);
}

/* Wine's run_localgroupgetinfo_tests: what it asserts on Windows. */
static void wine_localgroupgetinfo(void)
{
	LOCALGROUP_MEMBERS_INFO_3 *m3 = NULL;
	LOCALGROUP_INFO_1 *lgi = NULL;
	DWORD read = 0, total = 0;

	if (!EXPECT_STATUS(NetLocalGroupGetInfo(NULL, L"Administrators", 1,
						(LPBYTE *)&lgi), NERR_Success))
		return;
	EXPECT_TEXT(lgi->lgrpi1_name, "Administrators");
	NetApiBufferFree(lgi);
	if (EXPECT_STATUS(NetLocalGroupGetMembers(NULL, L"Administrators", 3,
						  (LPBYTE *)&m3,
						  MAX_PREFERRED_LENGTH, &read,
						  &total, NULL), NERR_Success)) {
		CHECK(read > 0 && total > 0);
		NetApiBufferFree(m3);
	}
	EXPECT_FREED();
}

static int child(void *arg)
{
	(void)arg;
	lm_accounts_install();
	lm_names(computer, workgroup);
	enum_groups(0, MAX_PREFERRED_LENGTH);
	enum_groups(1, MAX_PREFERRED_LENGTH);
	enum_groups(0, 1);
	enum_groups(1, 100);
	get_info();
	members();
	wine_localgroupgetinfo();
	statuses();
	alias_case();
	admin_group();
	EXPECT_FREED();
	return child_result();
}

int main(int argc, char **argv)
{
	(void)argc;
	return lm_main(argv[0], child, 280);
}
