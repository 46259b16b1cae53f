// SPDX-License-Identifier: GPL-2.0
/*
 * The account functions in UTF-16 mode (built with -DNETBUF_WCHAR16: WCHAR
 * is char16_t, the calls are the _w16 entry points): over the fixture
 * (lm_accounts.h), the non-ASCII full names (Latin with diacritics, CJK,
 * U+1F600 as a surrogate pair), a 64-character name and a UTF-8 group name
 * come back as UTF-16 at NetUserGetInfo's levels 2, 10, 20 and 23,
 * NetUserEnum's level 10 and 20, NetUserGetLocalGroups, NetLocalGroupGetInfo
 * and NetLocalGroupGetMembers (level 1 and 3: COMPUTER\name); names given
 * as UTF-16 find their accounts; every string sized for UTF-16 exactly
 * (the buffer of level 0 is the structure and the name's code units).
 */
#include <uchar.h>

#include "lm_accounts.h"

_Static_assert(sizeof(WCHAR) == 2, "UTF-16 mode: WCHAR is 2 bytes");

#define EXPECT_U16(got, want) \
	t_expect_units(__FILE__, __LINE__, #got, (got), (want), 2)

static const char16_t zoe_full[] = u"Zo\u00eb \u00c5ngstr\u00f6m";
static const char16_t cjk_full[] = u"\u5c71\u7530\u592a\u90ce \U0001F600";
static const char16_t long_name[] =
	u"nb_user_name_of_64_characters_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

static size_t u16len(const char16_t *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void get_info(void)
{
	USER_INFO_0 *i0;
	USER_INFO_2 *i2;
	USER_INFO_10 *i10;
	USER_INFO_20 *i20;
	USER_INFO_23 *i23;
	DWORD size = 0;

	if (EXPECT_STATUS(NetUserGetInfo(NULL, u"nbzoe", 10, (LPBYTE *)&i10),
			  NERR_Success)) {
		EXPECT_U16(i10->usri10_name, u"nbzoe");
		EXPECT_U16(i10->usri10_full_name, zoe_full);
		EXPECT_STATUS(NetApiBufferFree(i10), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, u"nbcjk", 2, (LPBYTE *)&i2),
			  NERR_Success)) {
		EXPECT_U16(i2->usri2_full_name, cjk_full);
		EXPECT_U16(i2->usri2_home_dir, u"/home/nbcjk");
		EXPECT_STATUS(NetApiBufferFree(i2), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, u"nbcjk", 20, (LPBYTE *)&i20),
			  NERR_Success)) {
		EXPECT_U16(i20->usri20_full_name, cjk_full);
		EXPECT_EQ(i20->usri20_user_id, 2003);
		EXPECT_STATUS(NetApiBufferFree(i20), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, u"nbcjk", 23, (LPBYTE *)&i23),
			  NERR_Success)) {
		EXPECT_U16(i23->usri23_full_name, cjk_full);
		EXPECT_UNIX_SID(i23->usri23_user_sid, 1, 2003);
		EXPECT_STATUS(NetApiBufferFree(i23), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetInfo(NULL, long_name, 0, (LPBYTE *)&i0),
			  NERR_Success)) {
		EXPECT_U16(i0->usri0_name, long_name);
		EXPECT_STATUS(NetApiBufferSize(i0, &size), NERR_Success);
		CHECK(size >= sizeof(*i0) + (u16len(long_name) + 1) * 2);
		/* Sized for UTF-16, not for wchar_t: under twice the UTF-32. */
		CHECK(size < sizeof(*i0) + (u16len(long_name) + 1) * 4);
		EXPECT_STATUS(NetApiBufferFree(i0), NERR_Success);
	}
	EXPECT_STATUS(NetUserGetInfo(NULL, u"Zo\u00eb", 0, (LPBYTE *)&i0),
		      NERR_UserNotFound);
	EXPECT_FREED();
}

static void enumerate(void)
{
	DWORD read = 0, total = 0, i, found = 0;
	USER_INFO_20 *u20;

	if (!EXPECT_STATUS(NetUserEnum(NULL, 20, FILTER_NORMAL_ACCOUNT,
				       (LPBYTE *)&u20, MAX_PREFERRED_LENGTH,
				       &read, &total, NULL), NERR_Success))
		return;
	for (i = 0; i < read; i++) {
		if (u20[i].usri20_user_id == 2002) {
			EXPECT_U16(u20[i].usri20_full_name, zoe_full);
			found++;
		}
		if (u20[i].usri20_user_id == 2003) {
			EXPECT_U16(u20[i].usri20_full_name, cjk_full);
			found++;
		}
	}
	EXPECT_EQ(found, 2);
	EXPECT_STATUS(NetApiBufferFree(u20), NERR_Success);
	EXPECT_FREED();
}

static void groups(void)
{
	char16_t domain_name[100];
	LOCALGROUP_MEMBERS_INFO_1 *m1;
	LOCALGROUP_MEMBERS_INFO_3 *m3;
	LOCALGROUP_USERS_INFO_0 *l0;
	LOCALGROUP_INFO_1 *g1;
	char computer[65], workgroup[65];
	DWORD read = 0, total = 0, i, found = 0;
	size_t n;

	lm_names(computer, workgroup);
	if (EXPECT_STATUS(NetLocalGroupGetInfo(NULL, u"nbgr\u00fcppe", 1,
					       (LPBYTE *)&g1), NERR_Success)) {
		EXPECT_U16(g1->lgrpi1_name, u"nbgr\u00fcppe");
		EXPECT_STATUS(NetApiBufferFree(g1), NERR_Success);
	}
	if (EXPECT_STATUS(NetLocalGroupGetMembers(NULL, u"nbgr\u00fcppe", 1,
						  (LPBYTE *)&m1,
						  MAX_PREFERRED_LENGTH, &read,
						  &total, NULL), NERR_Success)) {
		EXPECT_EQ(read, 1);
		if (read)
			EXPECT_U16(m1[0].lgrmi1_name, u"nbzoe");
		EXPECT_STATUS(NetApiBufferFree(m1), NERR_Success);
	}
	if (EXPECT_STATUS(NetLocalGroupGetMembers(NULL, u"nbgr\u00fcppe", 3,
						  (LPBYTE *)&m3,
						  MAX_PREFERRED_LENGTH, &read,
						  &total, NULL), NERR_Success)) {
		for (n = 0; computer[n]; n++)
			domain_name[n] = (unsigned char)computer[n];
		domain_name[n++] = u'\\';
		memcpy(domain_name + n, u"nbzoe", sizeof(u"nbzoe"));
		if (EXPECT_EQ(read, 1))
			EXPECT_U16(m3[0].lgrmi3_domainandname, domain_name);
		EXPECT_STATUS(NetApiBufferFree(m3), NERR_Success);
	}
	if (EXPECT_STATUS(NetUserGetLocalGroups(NULL, u"nbzoe", 0, 0,
						(LPBYTE *)&l0,
						MAX_PREFERRED_LENGTH, &read,
						&total), NERR_Success)) {
		for (i = 0; i < read; i++)
			if (u16len(l0[i].lgrui0_name) == 8 &&
			    !memcmp(l0[i].lgrui0_name, u"nbgr\u00fcppe", 16))
				found++;
		EXPECT_EQ(found, 1);
		EXPECT_STATUS(NetApiBufferFree(l0), NERR_Success);
	}
	EXPECT_FREED();
}

static int child(void *arg)
{
	(void)arg;
	lm_accounts_install();
	get_info();
	enumerate();
	groups();
	return child_result();
}

int main(int argc, char **argv)
{
	(void)argc;
	return lm_main(argv[0], child, 280);
}
