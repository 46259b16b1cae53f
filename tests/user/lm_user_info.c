// SPDX-License-Identifier: GPL-2.0
/*
 * NetUserGetInfo at every level (0, 1, 2, 3, 4, 10, 11, 20, 23),
 * NetUserGetGroups (0, 1) and NetUserGetLocalGroups (0, with and without
 * LG_INCLUDE_INDIRECT) for every user of the fixture (lm_accounts.h), field
 * by field: the name, the full name (GECOS up to its first comma, UTF-8
 * decoded, CJK and a character beyond the BMP included), the home
 * directory, USER_PRIV_ADMIN for uid 0 and the members of sudo, the
 * account flags from shadow data, the uid as RID and S-1-22-1-<uid> as a
 * binary SID, the primary group's gid; every string and SID inside the
 * one buffer of the call. Then unknown names (NERR_UserNotFound, also for
 * a name differing in case only), the statuses of Wine's
 * run_usergetinfo_tests, NULL arguments (ERROR_INVALID_PARAMETER, errno
 * kept, nothing allocated), another server, NetGetDCName and
 * NetGetAnyDCName (NERR_DCNotFound: the guest is in a workgroup), a
 * caller that cannot read the shadow database (no flag from it), and no
 * buffer left live at the end.
 */
#include <grp.h>
#include <time.h>

#include "lm_accounts.h"

static DWORD size_of(const void *buf)
{
	DWORD size = 0;

	EXPECT_STATUS(NetApiBufferSize((LPVOID)buf, &size), NERR_Success);
	return size;
}

/* A pointer of the buffer [buf, buf + size) to a string or SID after head. */
static bool in_buffer(const void *buf, DWORD size, size_t head, const void *p)
{
	const char *b = buf, *q = p;

	return q >= b + head && q < b + size;
}
#define EXPECT_IN(buf, size, head, p) do {				\
	if (!in_buffer((buf), (size), (head), (p)))			\
		FAIL("%s = %p lies outside its buffer [%p + %zu, %p + %u)", \
		     #p, (const void *)(p), (const void *)(buf),	\
		     (size_t)(head), (const void *)(buf), (unsigned int)(size)); \
} while (0)

/* A string with no Unix source: empty, as Windows leaves it. */
#define EXPECT_NO_TEXT(w)	EXPECT_TEXT((w), "")

static DWORD want_priv(const struct lm_user *u)
{
	return u->admin ? USER_PRIV_ADMIN : USER_PRIV_USER;
}

static void expect_flags(const char *file, int line, const struct lm_user *u,
			 DWORD flags)
{
	if (!(flags & UF_NORMAL_ACCOUNT) || (flags & UF_MACHINE_ACCOUNT_MASK))
		t_fail_at(file, line, "%s: flags 0x%x, not a normal account",
			  u->name, (unsigned int)flags);
	if (!(flags & UF_SCRIPT))
		t_fail_at(file, line, "%s: flags 0x%x without UF_SCRIPT (Windows sets it always)",
			  u->name, (unsigned int)flags);
	if (!!(flags & UF_ACCOUNTDISABLE) != u->disabled)
		t_fail_at(file, line, "%s: flags 0x%x: UF_ACCOUNTDISABLE should be %s (shadow \"%s\")",
			  u->name, (unsigned int)flags,
			  u->disabled ? "set" : "clear", u->shadow ? u->shadow : "none");
	if (!!(flags & UF_LOCKOUT) != u->locked)
		t_fail_at(file, line, "%s: flags 0x%x: UF_LOCKOUT should be %s (shadow \"%s\")",
			  u->name, (unsigned int)flags,
			  u->locked ? "set" : "clear", u->shadow ? u->shadow : "none");
	/* An empty shadow password: none required. */
	if (!!(flags & UF_PASSWD_NOTREQD) != (u->shadow && !u->shadow[0]))
		t_fail_at(file, line, "%s: flags 0x%x: UF_PASSWD_NOTREQD wrong for shadow \"%s\"",
			  u->name, (unsigned int)flags,
			  u->shadow ? u->shadow : "none");
	/* The fixture's maximum age is 99999 days: no expiry. */
	if (!!(flags & UF_DONT_EXPIRE_PASSWD) != !!u->shadow)
		t_fail_at(file, line, "%s: flags 0x%x: UF_DONT_EXPIRE_PASSWD should be %s",
			  u->name, (unsigned int)flags,
			  u->shadow ? "set (maximum age 99999)" : "clear (no shadow entry)");
	if (flags & UF_PASSWORD_EXPIRED)
		t_fail_at(file, line, "%s: flags 0x%x: UF_PASSWORD_EXPIRED set",
			  u->name, (unsigned int)flags);
}
#define EXPECT_FLAGS(u, flags) expect_flags(__FILE__, __LINE__, (u), (flags))

/*
 * The fields levels 1, 2, 3, 4 share (usriN_name ... usriN_script_path),
 * and those 2, 3, 4 add; p points to the level's structure.
 */
#define CHECK_LEVEL1(u, p, N, size) do {				\
	char c_[300];							\
									\
	EXPECT_TEXT((p)->usri##N##_name, (u)->name);			\
	EXPECT_IN((p), (size), sizeof(*(p)), (p)->usri##N##_name);	\
	EXPECT_PTR((p)->usri##N##_password, NULL);			\
	expect_age(__FILE__, __LINE__, (u), (p)->usri##N##_password_age); \
	EXPECT_EQ((p)->usri##N##_priv, want_priv(u));			\
	EXPECT_TEXT((p)->usri##N##_home_dir, (u)->home);		\
	EXPECT_IN((p), (size), sizeof(*(p)), (p)->usri##N##_home_dir);	\
	EXPECT_TEXT((p)->usri##N##_comment, lm_comment((u), c_, 300));	\
	EXPECT_IN((p), (size), sizeof(*(p)), (p)->usri##N##_comment);	\
	EXPECT_FLAGS((u), (p)->usri##N##_flags);			\
	EXPECT_NO_TEXT((p)->usri##N##_script_path);			\
} while (0)

#define CHECK_LEVEL2(u, p, N, size) do {				\
	CHECK_LEVEL1(u, p, N, size);					\
	EXPECT_TEXT((p)->usri##N##_full_name, (u)->full_name);		\
	if ((u)->full_name[0])						\
		EXPECT_IN((p), (size), sizeof(*(p)),			\
			  (p)->usri##N##_full_name);			\
	EXPECT_EQ((p)->usri##N##_auth_flags, 0);			\
	EXPECT_NO_TEXT((p)->usri##N##_usr_comment);			\
	EXPECT_NO_TEXT((p)->usri##N##_parms);				\
	EXPECT_NO_TEXT((p)->usri##N##_workstations);			\
	EXPECT_EQ((p)->usri##N##_last_logon, 0);			\
	EXPECT_EQ((p)->usri##N##_last_logoff, 0);			\
	EXPECT_EQ((p)->usri##N##_acct_expires, want_expires(u));	\
	EXPECT_EQ((p)->usri##N##_max_storage, USER_MAXSTORAGE_UNLIMITED); \
	EXPECT_EQ((p)->usri##N##_units_per_week, UNITS_PER_WEEK);	\
	expect_all_hours(__FILE__, __LINE__, (p), (size),		\
			 (p)->usri##N##_logon_hours);			\
	EXPECT_EQ((p)->usri##N##_bad_pw_count, 0);			\
	EXPECT_EQ((p)->usri##N##_num_logons, 0);			\
	EXPECT_TEXT((p)->usri##N##_logon_server, "\\\\*");		\
	EXPECT_EQ((p)->usri##N##_country_code, 0);			\
	EXPECT_EQ((p)->usri##N##_code_page, 0);				\
} while (0)

/* The fields of levels 3 and 4 after usriN_user_id / usriN_user_sid. */
#define CHECK_LEVEL3(u, p, N) do {					\
	EXPECT_EQ((p)->usri##N##_primary_group_id, (u)->gid);		\
	EXPECT_NO_TEXT((p)->usri##N##_profile);				\
	EXPECT_NO_TEXT((p)->usri##N##_home_dir_drive);			\
	EXPECT_EQ((p)->usri##N##_password_expired, 0);			\
} while (0)

/*
 * usriN_logon_hours: 21 bytes, every bit set (every hour of the week), in
 * the buffer, as Windows gives for an account without restrictions.
 */
static void expect_all_hours(const char *file, int line, const void *buf,
			     DWORD size, const BYTE *hours)
{
	int i;

	if (!in_buffer(buf, size, 0, hours) ||
	    (const char *)hours + 21 > (const char *)buf + size) {
		t_fail_at(file, line, "logon_hours %p: not 21 bytes in the buffer",
			  (const void *)hours);
		return;
	}
	for (i = 0; i < 21; i++)
		if (hours[i] != 0xff) {
			t_fail_at(file, line, "logon_hours[%d] = 0x%02x, expected 0xff",
				  i, hours[i]);
			return;
		}
}

/*
 * usriN_password_age: seconds since the shadow "last change" day 19000
 * (0 without a shadow entry).
 */
static void expect_age(const char *file, int line, const struct lm_user *u,
		       DWORD age)
{
	long long want = u->shadow ? (long long)time(NULL) - 19000LL * 86400 : 0;

	if (age > want + 5 || age + 5 < want)
		t_fail_at(file, line, "%s: password_age %u, expected about %lld",
			  u->name, (unsigned int)age, want);
}

/* Day 1 of the shadow expiry is 86400 s after 1970; none: TIMEQ_FOREVER. */
static DWORD want_expires(const struct lm_user *u)
{
	return u->expire[0] ? (DWORD)strtoul(u->expire, NULL, 10) * 86400 :
			      TIMEQ_FOREVER;
}

static void check_user(const struct lm_user *u)
{
	USER_INFO_0 *i0;
	USER_INFO_1 *i1;
	USER_INFO_2 *i2;
	USER_INFO_3 *i3;
	USER_INFO_4 *i4;
	USER_INFO_10 *i10;
	USER_INFO_11 *i11;
	USER_INFO_20 *i20;
	USER_INFO_23 *i23;
	char comment[300];
	wchar_t name[300];
	DWORD size;

	lm_utf8_units(u->name, name, sizeof(wchar_t), 300);
	t_info("user %s", u->name);
	if (EXPECT_STATUS(NetUserGetInfo(NULL, name, 0, (LPBYTE *)&i0),
			  NERR_Success)) {
		size = size_of(i0);
		EXPECT_TEXT(i0->usri0_name, u->name);
		EXPECT_IN(i0, size, sizeof(*i0), i0->usri0_name);
		EXPECT_STATUS(NetApiBufferFree(i0), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, name, 1, (LPBYTE *)&i1),
			  NERR_Success)) {
		size = size_of(i1);
		CHECK_LEVEL1(u, i1, 1, size);
		EXPECT_STATUS(NetApiBufferFree(i1), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, name, 2, (LPBYTE *)&i2),
			  NERR_Success)) {
		size = size_of(i2);
		CHECK_LEVEL2(u, i2, 2, size);
		EXPECT_STATUS(NetApiBufferFree(i2), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, name, 3, (LPBYTE *)&i3),
			  NERR_Success)) {
		size = size_of(i3);
		CHECK_LEVEL2(u, i3, 3, size);
		EXPECT_EQ(i3->usri3_user_id, u->uid);
		CHECK_LEVEL3(u, i3, 3);
		EXPECT_STATUS(NetApiBufferFree(i3), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, name, 4, (LPBYTE *)&i4),
			  NERR_Success)) {
		size = size_of(i4);
		CHECK_LEVEL2(u, i4, 4, size);
		EXPECT_IN(i4, size, sizeof(*i4), i4->usri4_user_sid);
		if (in_buffer(i4, size, sizeof(*i4), i4->usri4_user_sid)) {
			EXPECT_UNIX_SID(i4->usri4_user_sid, 1, u->uid);
			CHECK((uintptr_t)i4->usri4_user_sid % 4 == 0);
			CHECK((char *)i4->usri4_user_sid + 16 <= (char *)i4 + size);
		}
		CHECK_LEVEL3(u, i4, 4);
		EXPECT_STATUS(NetApiBufferFree(i4), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, name, 10, (LPBYTE *)&i10),
			  NERR_Success)) {
		size = size_of(i10);
		EXPECT_TEXT(i10->usri10_name, u->name);
		EXPECT_TEXT(i10->usri10_full_name, u->full_name);
		EXPECT_TEXT(i10->usri10_comment, lm_comment(u, comment, 300));
		EXPECT_NO_TEXT(i10->usri10_usr_comment);
		EXPECT_IN(i10, size, sizeof(*i10), i10->usri10_name);
		EXPECT_STATUS(NetApiBufferFree(i10), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, name, 11, (LPBYTE *)&i11),
			  NERR_Success)) {
		size = size_of(i11);
		EXPECT_TEXT(i11->usri11_name, u->name);
		EXPECT_TEXT(i11->usri11_full_name, u->full_name);
		EXPECT_TEXT(i11->usri11_comment, lm_comment(u, comment, 300));
		EXPECT_NO_TEXT(i11->usri11_usr_comment);
		EXPECT_EQ(i11->usri11_auth_flags, 0);
		expect_age(__FILE__, __LINE__, u, i11->usri11_password_age);
		EXPECT_TEXT(i11->usri11_logon_server, "\\\\*");
		EXPECT_EQ(i11->usri11_country_code, 0);
		EXPECT_EQ(i11->usri11_max_storage, USER_MAXSTORAGE_UNLIMITED);
		EXPECT_EQ(i11->usri11_units_per_week, UNITS_PER_WEEK);
		expect_all_hours(__FILE__, __LINE__, i11, size,
				 i11->usri11_logon_hours);
		EXPECT_EQ(i11->usri11_code_page, 0);
		EXPECT_TEXT(i11->usri11_home_dir, u->home);
		EXPECT_IN(i11, size, sizeof(*i11), i11->usri11_home_dir);
		EXPECT_EQ(i11->usri11_priv, want_priv(u));
		EXPECT_NO_TEXT(i11->usri11_parms);
		EXPECT_NO_TEXT(i11->usri11_workstations);
		EXPECT_EQ(i11->usri11_bad_pw_count, 0);
		EXPECT_STATUS(NetApiBufferFree(i11), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, name, 20, (LPBYTE *)&i20),
			  NERR_Success)) {
		EXPECT_TEXT(i20->usri20_name, u->name);
		EXPECT_TEXT(i20->usri20_full_name, u->full_name);
		EXPECT_TEXT(i20->usri20_comment, lm_comment(u, comment, 300));
		EXPECT_FLAGS(u, i20->usri20_flags);
		EXPECT_EQ(i20->usri20_user_id, u->uid);
		EXPECT_STATUS(NetApiBufferFree(i20), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, name, 23, (LPBYTE *)&i23),
			  NERR_Success)) {
		size = size_of(i23);
		EXPECT_TEXT(i23->usri23_name, u->name);
		EXPECT_TEXT(i23->usri23_full_name, u->full_name);
		EXPECT_TEXT(i23->usri23_comment, lm_comment(u, comment, 300));
		EXPECT_FLAGS(u, i23->usri23_flags);
		EXPECT_IN(i23, size, sizeof(*i23), i23->usri23_user_sid);
		if (in_buffer(i23, size, sizeof(*i23), i23->usri23_user_sid))
			EXPECT_UNIX_SID(i23->usri23_user_sid, 1, u->uid);
		EXPECT_STATUS(NetApiBufferFree(i23), NERR_Success);
	}
	EXPECT_FREED();
}

/* ---- Groups ------------------------------------------------------------- */

/* The Unix groups of u (the primary one first), from the fixture. */
static size_t unix_groups(const struct lm_user *u, char names[][40], size_t max)
{
	char member[64];
	size_t n = 0, i;

	for (i = 0; i < LM_NGROUPS; i++)
		if (lm_groups[i].gid == u->gid)
			snprintf(names[n++], 40, "%s", lm_groups[i].name);
	snprintf(member, sizeof(member), ",%s,", u->name);
	for (i = 0; i < LM_NGROUPS && n < max; i++) {
		char list[300];

		snprintf(list, sizeof(list), ",%s,", lm_groups[i].members);
		if (lm_groups[i].gid != u->gid && strstr(list, member))
			snprintf(names[n++], 40, "%s", lm_groups[i].name);
	}
	if (!strcmp(u->name, "nbmany") || !strcmp(u->name, "nbzoe"))
		for (i = 1; i <= LM_MANY_GROUPS && n < max; i++) {
			if (i > 1 && strcmp(u->name, "nbmany"))
				break;
			snprintf(names[n++], 40, "nbg%02zu", i);
		}
	return n;
}

/* The wide names got[0..n) are exactly want[0..n), in any order. */
static void expect_name_set(const char *what, const struct lm_user *u,
			    const WCHAR *const *got, size_t n,
			    char want[][40], size_t nwant)
{
	bool seen[64] = { false };
	uint32_t w[64];
	size_t i, j;

	if (!EXPECT_EQ(n, nwant))
		t_info("%s of %s: %zu names, expected %zu", what, u->name, n,
		       nwant);
	for (i = 0; i < n; i++) {
		for (j = 0; j < nwant; j++) {
			lm_utf8_units(want[j], w, sizeof(WCHAR), 64);
			if (!seen[j] && got[i] &&
			    !memcmp(got[i], w, (wcslen((const wchar_t *)w) + 1) *
					    sizeof(WCHAR)))
				break;
		}
		if (j == nwant)
			FAIL("%s of %s: unexpected or repeated \"%s\"", what,
			     u->name, lm_narrow(got[i]));
		else
			seen[j] = true;
	}
	for (j = 0; j < nwant; j++)
		if (!seen[j])
			FAIL("%s of %s: \"%s\" missing", what, u->name, want[j]);
}

static void check_groups(const struct lm_user *u)
{
	char want[64][40];
	const WCHAR *got[64];
	GROUP_USERS_INFO_0 *g0;
	GROUP_USERS_INFO_1 *g1;
	LOCALGROUP_USERS_INFO_0 *l0;
	DWORD read, total, i, flags;
	wchar_t name[300];
	size_t n, nl;

	lm_utf8_units(u->name, name, sizeof(wchar_t), 300);
	n = unix_groups(u, want, 64);
	if (EXPECT_STATUS(NetUserGetGroups(NULL, name, 0, (LPBYTE *)&g0,
					   MAX_PREFERRED_LENGTH, &read, &total),
			  NERR_Success)) {
		EXPECT_EQ(read, total);
		for (i = 0; i < read && i < 64; i++)
			got[i] = g0[i].grui0_name;
		expect_name_set("NetUserGetGroups 0", u, got, read, want, n);
		if (read)
			EXPECT_TEXT(g0[0].grui0_name, want[0]);
		EXPECT_STATUS(NetApiBufferFree(g0), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetGroups(NULL, name, 1, (LPBYTE *)&g1,
					   MAX_PREFERRED_LENGTH, &read, &total),
			  NERR_Success)) {
		for (i = 0; i < read && i < 64; i++) {
			got[i] = g1[i].grui1_name;
			EXPECT_EQ(g1[i].grui1_attributes,
				  SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT |
				  SE_GROUP_ENABLED);
		}
		expect_name_set("NetUserGetGroups 1", u, got, read, want, n);
		EXPECT_STATUS(NetApiBufferFree(g1), NERR_Success);
	}

	/* Local groups: Administrators for admins, Users for all, then these. */
	nl = 0;
	if (u->admin)
		snprintf(want[n + nl++], 40, "Administrators");
	snprintf(want[n + nl++], 40, "Users");
	for (flags = 0; flags <= LG_INCLUDE_INDIRECT; flags++) {
		if (!EXPECT_STATUS(NetUserGetLocalGroups(NULL, name, 0, flags,
							 (LPBYTE *)&l0,
							 MAX_PREFERRED_LENGTH,
							 &read, &total),
				   NERR_Success))
			continue;
		EXPECT_EQ(read, total);
		for (i = 0; i < read && i < 64; i++)
			got[i] = l0[i].lgrui0_name;
		expect_name_set("NetUserGetLocalGroups", u, got, read, want,
				n + nl);
		/* The aliases first. */
		if (read)
			EXPECT_TEXT(l0[0].lgrui0_name,
				    u->admin ? "Administrators" : "Users");
		EXPECT_STATUS(NetApiBufferFree(l0), NERR_Success);
	}
	EXPECT_FREED();
}

/* A small prefmaxlen: whole entries, at least one, ERROR_MORE_DATA. */
static void check_group_limits(void)
{
	GROUP_USERS_INFO_0 *g0 = NULL;
	LOCALGROUP_USERS_INFO_0 *l0 = NULL;
	DWORD read = 0, total = 0;

	if (EXPECT_STATUS(NetUserGetGroups(NULL, L"nbmany", 0, (LPBYTE *)&g0,
					   64, &read, &total), ERROR_MORE_DATA)) {
		CHECK(read >= 1 && read < total);
		EXPECT_EQ(total, 1 + LM_MANY_GROUPS);
		CHECK(size_of(g0) >= read * sizeof(*g0));
		EXPECT_TEXT(g0[0].grui0_name, "nbmany");
		EXPECT_STATUS(NetApiBufferFree(g0), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetLocalGroups(NULL, L"nbmany", 0, 0,
						(LPBYTE *)&l0, 1, &read,
						&total), ERROR_MORE_DATA)) {
		EXPECT_EQ(read, 1);
		EXPECT_EQ(total, 2 + LM_MANY_GROUPS);
		EXPECT_STATUS(NetApiBufferFree(l0), NERR_Success);
	}
	EXPECT_FREED();
}

/* ---- Statuses ----------------------------------------------------------- */

static void unknown_names(void)
{
	static const wchar_t *const unknown[] = {
		L"nbnosuch", L"NBPLAIN", L"nbplai", L"nbplainx", L"Nonexistent User",
		L"", L"nbm2000",
	};
	static const DWORD levels[] = { 0, 1, 2, 3, 4, 10, 11, 20, 23 };
	DWORD read, total;
	LPBYTE buf;
	size_t i, l;

	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		for (l = 0; l < sizeof(levels) / sizeof(levels[0]); l++) {
			buf = NULL;
			if (!EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(NULL, unknown[i],
								      levels[l], &buf),
						       NERR_UserNotFound))
				t_info("user \"%s\" level %u", lm_narrow(unknown[i]),
				       (unsigned int)levels[l]);
			EXPECT_PTR(buf, NULL);
		}
		EXPECT_STATUS_KEEPS_ERRNO(NetUserGetGroups(NULL, unknown[i], 0, &buf,
							   MAX_PREFERRED_LENGTH,
							   &read, &total),
					  NERR_UserNotFound);
		EXPECT_STATUS_KEEPS_ERRNO(NetUserGetLocalGroups(NULL, unknown[i], 0,
								0, &buf,
								MAX_PREFERRED_LENGTH,
								&read, &total),
					  NERR_UserNotFound);
	}
	EXPECT_FREED();
}

/* What Wine's run_usergetinfo_tests asserts on Windows, where it applies. */
static void wine_statuses(void)
{
	USER_INFO_10 *i10;
	USER_INFO_0 *i0;
	DWORD size;
	LPBYTE buf;

	REQUIRE(NetUserGetInfo(NULL, L"nbplain", 0, (LPBYTE *)&i0) == NERR_Success);
	CHECK(size_of(i0) >= sizeof(*i0) + (wcslen(i0->usri0_name) + 1) *
					   sizeof(WCHAR));
	NetApiBufferFree(i0);
	REQUIRE(NetUserGetInfo(NULL, L"nbzoe", 10, (LPBYTE *)&i10) == NERR_Success);
	/* Wine calls wcslen on every string of level 10: none is NULL. */
	CHECK(i10->usri10_comment && i10->usri10_usr_comment &&
	      i10->usri10_full_name);
	if (i10->usri10_comment && i10->usri10_usr_comment &&
	    i10->usri10_full_name) {
		size = size_of(i10);
		CHECK(size >= sizeof(*i10) + (wcslen(i10->usri10_name) + 1 +
			      wcslen(i10->usri10_comment) + 1 +
			      wcslen(i10->usri10_usr_comment) + 1 +
			      wcslen(i10->usri10_full_name) + 1) * sizeof(WCHAR));
	}
	NetApiBufferFree(i10);
	/* The current user (root here) always works. */
	if (EXPECT_STATUS(NetUserGetInfo(NULL, L"root", 0, &buf), NERR_Success))
		NetApiBufferFree(buf);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(NULL, L"nbplain", 10000, &buf),
				  ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(NULL, L"Nonexistent User", 0,
						 &buf), NERR_UserNotFound);
	if (EXPECT_STATUS(NetUserGetInfo(L"", L"nbplain", 0, &buf), NERR_Success))
		NetApiBufferFree(buf);
	EXPECT_FREED();
}

/*
 * Parameter errors, each alone and two at a time: the first one checked
 * wins, in Windows' order (Wine's and ReactOS's netapi32, lmaccess.h):
 * NetUserGetInfo bufptr, server, username, the user, then the level;
 * NetUserGetGroups and NetUserGetLocalGroups server, username, level,
 * (flags,) the out-pointers, then the user. Nothing is allocated, errno
 * is kept, *bufptr is NULL once it can be written.
 */
#define FAR	L"\\\\nb-far-away"
#define MPL	MAX_PREFERRED_LENGTH

static void bad_arguments(void)
{
	static const DWORD bad_levels[] = { 5, 21, 22, 24, 1003, 10000 };
	DWORD read = 7, total = 7, i;
	LPBYTE buf;

	for (i = 0; i < sizeof(bad_levels) / sizeof(bad_levels[0]); i++) {
		buf = (LPBYTE)1;
		EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(NULL, L"nbplain",
							 bad_levels[i], &buf),
					  ERROR_INVALID_LEVEL);
		EXPECT_PTR(buf, NULL);
	}
	/* NetUserGetInfo: bufptr, server, username, user, level. */
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(FAR, NULL, 10000, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(NULL, L"nbplain", 0, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(FAR, NULL, 10000, &buf),
				  ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(NULL, NULL, 10000, &buf),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(NULL, NULL, 0, &buf),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(NULL, L"nbnosuch", 10000, &buf),
				  NERR_UserNotFound);
	/* Wine's access.c on Windows: "\\" and "\\\\" are invalid names. */
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(L"\\", L"nbplain", 0, &buf),
				  ERROR_INVALID_NAME);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(L"\\\\", L"nbplain", 0, &buf),
				  ERROR_INVALID_NAME);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetInfo(FAR, L"nbplain", 0, &buf),
				  ERROR_BAD_NETPATH);
	EXPECT_PTR(buf, NULL);

	/* NetUserGetGroups: server, username, level, outs, user. */
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetGroups(FAR, NULL, 2, NULL, MPL, NULL,
						   NULL), ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetGroups(NULL, NULL, 2, NULL, MPL, NULL,
						   NULL), ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetGroups(NULL, L"nbnosuch", 2, NULL, MPL,
						   NULL, NULL), ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetGroups(NULL, L"nbnosuch", 0, NULL, MPL,
						   &read, &total),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetGroups(NULL, L"nbnosuch", 0, &buf, MPL,
						   NULL, &total),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetGroups(NULL, L"nbnosuch", 0, &buf, MPL,
						   &read, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetGroups(NULL, L"nbplain", 2, &buf, MPL,
						   &read, &total),
				  ERROR_INVALID_LEVEL);

	/* NetUserGetLocalGroups: server, username, level, flags, outs, user. */
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetLocalGroups(FAR, NULL, 1, 2, NULL, MPL,
							NULL, NULL),
				  ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetLocalGroups(NULL, NULL, 1, 2, NULL,
							MPL, NULL, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetLocalGroups(NULL, L"nbnosuch", 1, 2,
							NULL, MPL, NULL, NULL),
				  ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetLocalGroups(NULL, L"nbnosuch", 0, 2,
							&buf, MPL, &read,
							&total),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetLocalGroups(NULL, L"nbnosuch", 0,
							LG_INCLUDE_INDIRECT,
							NULL, MPL, &read,
							&total),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserGetLocalGroups(NULL, L"nbplain", 0, 0,
							&buf, MPL, NULL,
							&total),
				  ERROR_INVALID_PARAMETER);
	EXPECT_NO_BUFFERS();
}

static void dc_names(void)
{
	LPBYTE buf = (LPBYTE)1;

	/* The workgroup member of the fixture: no domain controller. */
	EXPECT_STATUS_KEEPS_ERRNO(NetGetDCName(NULL, NULL, &buf), NERR_DCNotFound);
	EXPECT_PTR(buf, NULL);
	buf = (LPBYTE)1;
	EXPECT_STATUS_KEEPS_ERRNO(NetGetAnyDCName(NULL, NULL, &buf),
				  NERR_DCNotFound);
	EXPECT_PTR(buf, NULL);
	EXPECT_STATUS_KEEPS_ERRNO(NetGetDCName(NULL, L"WORKGROUP", &buf),
				  NERR_DCNotFound);
	EXPECT_STATUS_KEEPS_ERRNO(NetGetAnyDCName(L"", L"NBDOMAIN", &buf),
				  NERR_DCNotFound);
	/* bufptr first, then the server. */
	EXPECT_STATUS_KEEPS_ERRNO(NetGetDCName(FAR, NULL, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetGetAnyDCName(FAR, NULL, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetGetDCName(FAR, NULL, &buf),
				  ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetGetAnyDCName(FAR, NULL, &buf),
				  ERROR_BAD_NETPATH);
	EXPECT_NO_BUFFERS();
}

/*
 * A caller that cannot read the shadow database (uid 2001, nbplain): the
 * accounts are all there with their names and full names, and the flags
 * that only shadow data gives are not set (lmaccess.h): no disabled,
 * locked or password-free account, no expiry, no password age.
 */
static int unprivileged(void *arg)
{
	static const char *const names[] = {
		"nbdisabled", "nblocked", "nbexpired", "nbnopass", "nbbang", "root",
	};
	USER_INFO_3 *i3;
	wchar_t name[64];
	size_t i;

	(void)arg;
	if (setgroups(0, NULL) < 0 || setresgid(2001, 2001, 2001) < 0 ||
	    setresuid(2001, 2001, 2001) < 0)
		FATAL("becoming uid 2001: %s", errno_name(errno));
	REQUIRE(access("/etc/shadow", R_OK) < 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		lm_utf8_units(names[i], name, sizeof(wchar_t), 64);
		if (!EXPECT_STATUS(NetUserGetInfo(NULL, name, 3, (LPBYTE *)&i3),
				   NERR_Success))
			continue;
		EXPECT_TEXT(i3->usri3_name, names[i]);
		EXPECT_TEXT(i3->usri3_full_name, lm_user(names[i])->full_name);
		EXPECT_EQ(i3->usri3_flags, UF_SCRIPT | UF_NORMAL_ACCOUNT);
		EXPECT_EQ(i3->usri3_acct_expires, TIMEQ_FOREVER);
		EXPECT_EQ(i3->usri3_password_age, 0);
		EXPECT_EQ(i3->usri3_password_expired, 0);
		EXPECT_EQ(i3->usri3_priv, lm_user(names[i])->admin ?
					  USER_PRIV_ADMIN : USER_PRIV_USER);
		EXPECT_STATUS(NetApiBufferFree(i3), NERR_Success);
	}
	/* Not fdinfo: after setresuid /proc/self is root's. */
	EXPECT_NO_BUFFERS();
	return child_result();
}

static int child(void *arg)
{
	size_t i;

	(void)arg;
	lm_accounts_install();
	for (i = 0; i < LM_NUSERS; i++) {
		check_user(&lm_users[i]);
		check_groups(&lm_users[i]);
	}
	check_group_limits();
	unknown_names();
	wine_statuses();
	bad_arguments();
	dc_names();
	EXPECT_EXIT(run_child(unprivileged, NULL), 0);
	EXPECT_FREED();
	return child_result();
}

int main(int argc, char **argv)
{
	(void)argc;
	return lm_main(argv[0], child, 280);
}
