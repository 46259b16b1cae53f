// SPDX-License-Identifier: GPL-2.0
/*
 * NetUserEnum over the fixture (lm_accounts.h: its users and the 2,000 of
 * nbbig) at every level (0, 1, 2, 3, 10, 11, 20): with
 * MAX_PREFERRED_LENGTH every account in one buffer, in uid order, the
 * fields of the fixture's users as NetUserGetInfo gives them; with a small
 * prefmaxlen whole entries, at least one per call, ERROR_MORE_DATA until
 * the last call, a resume handle that goes back to 0 at the end and every
 * account exactly once. While an enumeration runs, accounts are added
 * before and after its position and removed (/etc/passwd replaced as
 * useradd and userdel do): every account that existed throughout is seen
 * exactly once, the others at most once. The filters (FILTER_NORMAL_ACCOUNT
 * and 0: all; another alone: none), bad levels and another server; every
 * buffer freed, none left live.
 */
#include "lm_accounts.h"

#define NALL		(LM_NUSERS + LM_BIG_MEMBERS)
/* Accounts added during an enumeration: uids before and after. */
#define NEW_EARLY_UID	1500
#define NEW_LATE_UID	30000

static const DWORD levels[] = { 0, 1, 2, 3, 10, 11, 20 };

static size_t stride(DWORD level)
{
	switch (level) {
	case 0: return sizeof(USER_INFO_0);
	case 1: return sizeof(USER_INFO_1);
	case 2: return sizeof(USER_INFO_2);
	case 3: return sizeof(USER_INFO_3);
	case 10: return sizeof(USER_INFO_10);
	case 11: return sizeof(USER_INFO_11);
	default: return sizeof(USER_INFO_20);
	}
}

/* Every level's structure starts with the name. */
static const WCHAR *name_at(const void *buf, DWORD level, DWORD i)
{
	return *(WCHAR *const *)((const char *)buf + i * stride(level));
}

/*
 * The index of an account in [0, NALL) (fixture users first, then nbbig),
 * NALL and NALL + 1 for the two added ones, -1 for anything else; its uid
 * in *uid.
 */
static int account_index(const WCHAR *w, unsigned int *uid)
{
	char name[300];
	size_t i;

	snprintf(name, sizeof(name), "%s", lm_narrow(w));
	for (i = 0; i < LM_NUSERS; i++)
		if (!strcmp(lm_users[i].name, name)) {
			*uid = lm_users[i].uid;
			return (int)i;
		}
	if (!strncmp(name, "nbm", 3) && strlen(name) == 7) {
		i = strtoul(name + 3, NULL, 10);
		if (i < LM_BIG_MEMBERS) {
			*uid = LM_BIG_UID + (unsigned int)i;
			return (int)(LM_NUSERS + i);
		}
	}
	if (!strcmp(name, "nbnewearly")) {
		*uid = NEW_EARLY_UID;
		return NALL;
	}
	if (!strcmp(name, "nbnewlate")) {
		*uid = NEW_LATE_UID;
		return NALL + 1;
	}
	if (!strcmp(name, "nbtwin")) {
		*uid = 2001;
		return NALL + 2;
	}
	return -1;
}

/* The fields of a fixture user u at a level, as NetUserGetInfo has them. */
static void check_entry(const void *buf, DWORD level, DWORD i,
			const struct lm_user *u)
{
	const void *e = (const char *)buf + i * stride(level);
	DWORD priv = u->admin ? USER_PRIV_ADMIN : USER_PRIV_USER;

	switch (level) {
	case 1:
		EXPECT_EQ(((const USER_INFO_1 *)e)->usri1_priv, priv);
		EXPECT_TEXT(((const USER_INFO_1 *)e)->usri1_home_dir, u->home);
		EXPECT_PTR(((const USER_INFO_1 *)e)->usri1_password, NULL);
		break;
	case 2:
		EXPECT_TEXT(((const USER_INFO_2 *)e)->usri2_full_name,
			    u->full_name);
		EXPECT_EQ(((const USER_INFO_2 *)e)->usri2_priv, priv);
		break;
	case 3:
		EXPECT_TEXT(((const USER_INFO_3 *)e)->usri3_full_name,
			    u->full_name);
		EXPECT_EQ(((const USER_INFO_3 *)e)->usri3_user_id, u->uid);
		EXPECT_EQ(((const USER_INFO_3 *)e)->usri3_primary_group_id,
			  u->gid);
		break;
	case 10:
		EXPECT_TEXT(((const USER_INFO_10 *)e)->usri10_full_name,
			    u->full_name);
		break;
	case 11:
		EXPECT_TEXT(((const USER_INFO_11 *)e)->usri11_home_dir, u->home);
		EXPECT_EQ(((const USER_INFO_11 *)e)->usri11_priv, priv);
		break;
	case 20:
		EXPECT_TEXT(((const USER_INFO_20 *)e)->usri20_full_name,
			    u->full_name);
		EXPECT_EQ(((const USER_INFO_20 *)e)->usri20_user_id, u->uid);
		EXPECT_EQ(!!(((const USER_INFO_20 *)e)->usri20_flags &
			     UF_ACCOUNTDISABLE), u->disabled);
		break;
	}
}

/* Every account in one call, in uid order. */
static void enum_all(DWORD level, DWORD filter)
{
	DWORD read = 0, total = 0, resume = 0, i, size = 0;
	unsigned int uid, last = 0;
	int seen[NALL] = { 0 };
	LPBYTE buf = NULL;
	int k;

	uint64_t start = now_ms();

	if (!EXPECT_STATUS(NetUserEnum(NULL, level, filter, &buf,
				       MAX_PREFERRED_LENGTH, &read, &total,
				       &resume), NERR_Success))
		return;
	t_info("level %u, filter %u, MAX_PREFERRED_LENGTH: %llu ms",
	       (unsigned int)level, (unsigned int)filter,
	       (unsigned long long)(now_ms() - start));
	EXPECT_EQ(read, NALL);
	EXPECT_EQ(total, NALL);
	EXPECT_EQ(resume, 0);
	EXPECT_STATUS(NetApiBufferSize(buf, &size), NERR_Success);
	CHECK(size >= read * stride(level));
	for (i = 0; i < read; i++) {
		k = account_index(name_at(buf, level, i), &uid);
		if (k < 0 || k >= (int)NALL) {
			FAIL("entry %u: unknown account \"%s\"", (unsigned int)i,
			     lm_narrow(name_at(buf, level, i)));
			continue;
		}
		if (seen[k]++)
			FAIL("entry %u: \"%s\" seen twice", (unsigned int)i,
			     lm_narrow(name_at(buf, level, i)));
		if (i && uid < last)
			FAIL("entry %u: uid %u after uid %u: not in uid order",
			     (unsigned int)i, uid, last);
		last = uid;
		if (k < (int)LM_NUSERS)
			check_entry(buf, level, i, &lm_users[k]);
		if ((const char *)name_at(buf, level, i) < (const char *)buf ||
		    (const char *)name_at(buf, level, i) >= (const char *)buf + size)
			FAIL("entry %u: its name lies outside the buffer",
			     (unsigned int)i);
	}
	EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
	EXPECT_FREED();
}

/*
 * Calls of prefmaxlen bytes from resume 0 to the end; change (if not NULL)
 * runs after call number 2. Counts in seen[] how often each account came.
 */
static bool twins;

static void enum_in_pieces(DWORD level, DWORD prefmaxlen, int *seen,
			   void (*change)(void))
{
	DWORD read, total, resume = 0, i, calls = 0, got = 0;
	uint64_t start = now_ms();
	NET_API_STATUS st;
	unsigned int uid, last = 0;
	LPBYTE buf;
	int k;

	do {
		buf = NULL;
		read = total = 0xdead;
		st = NetUserEnum(NULL, level, FILTER_NORMAL_ACCOUNT, &buf,
				 lm_prefmaxlen(prefmaxlen, calls), &read,
				 &total, &resume);
		calls++;
		if (st != ERROR_MORE_DATA && st != NERR_Success) {
			FAIL("NetUserEnum level %u prefmaxlen %u call %u: %s",
			     (unsigned int)level, (unsigned int)prefmaxlen,
			     (unsigned int)calls, status_name(st));
			return;
		}
		if (st == ERROR_MORE_DATA) {
			if (!CHECK(read >= 1) || !CHECK(resume != 0))
				return;
			CHECK(total > read);
			/* One entry, or the accounts of one uid together. */
			if (lm_prefmaxlen(prefmaxlen, calls - 1) < stride(level) &&
			    !twins)
				EXPECT_EQ(read, 1);
		}
		/* The entries from the resume position on, when nothing changes. */
		if (!change && !twins)
			EXPECT_EQ(total, NALL - got);
		for (i = 0; i < read; i++) {
			k = account_index(name_at(buf, level, i), &uid);
			if (k < 0) {
				FAIL("call %u: unknown account \"%s\"",
				     (unsigned int)calls,
				     lm_narrow(name_at(buf, level, i)));
				continue;
			}
			seen[k]++;
			if (!change && got && uid < last)
				FAIL("call %u: uid %u after %u", (unsigned int)calls,
				     uid, last);
			last = uid;
			got++;
		}
		if (buf)
			EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
		else
			EXPECT_EQ(read, 0);
		if (calls == 2 && change)
			change();
		if (calls > 4 * NALL) {
			FAIL("NetUserEnum: no end after %u calls", (unsigned int)calls);
			return;
		}
	} while (st == ERROR_MORE_DATA);
	EXPECT_EQ(resume, 0);
	t_info("level %u, prefmaxlen %u: %u accounts in %u calls, %llu ms",
	       (unsigned int)level, (unsigned int)prefmaxlen,
	       (unsigned int)got, (unsigned int)calls,
	       (unsigned long long)(now_ms() - start));
	EXPECT_FREED();
}

static void pieces(void)
{
	static int seen[NALL + 3];
	size_t l, k;

	for (l = 0; l < sizeof(levels) / sizeof(levels[0]); l++) {
		memset(seen, 0, sizeof(seen));
		enum_in_pieces(levels[l], 4096, seen, NULL);
		for (k = 0; k < NALL; k++)
			if (seen[k] != 1)
				FAIL("level %u, prefmaxlen 4096: account %zu seen %d times",
				     (unsigned int)levels[l], k, seen[k]);
	}
	/* One entry per call (LM_SMALL_CALLS of them). */
	memset(seen, 0, sizeof(seen));
	enum_in_pieces(20, 1, seen, NULL);
	for (k = 0; k < NALL; k++)
		if (seen[k] != 1)
			FAIL("level 20, prefmaxlen 1: account %zu seen %d times",
			     k, seen[k]);
}

/* Removed during the enumeration: nbplain (early), nbm1500 (late). */
static const char *const removed[] = { "nbplain", "nbm1500", NULL };

static void add_and_remove(void)
{
	char *text;

	text = lm_passwd_text("nbnewearly:x:1500:1500:New Early:/home/ne:/bin/sh\n"
			      "nbnewlate:x:30000:30000:New Late:/home/nl:/bin/sh\n",
			      removed);
	lm_accounts_rewrite("passwd", text);
	free(text);
}

static void while_changing(void)
{
	static int seen[NALL + 3];
	unsigned int uid;
	DWORD prefmaxlen[] = { 1, 700, 8192 };
	size_t p, k;
	char *text;
	int r0, r1;

	r0 = account_index(L"nbplain", &uid);
	r1 = account_index(L"nbm1500", &uid);
	for (p = 0; p < sizeof(prefmaxlen) / sizeof(prefmaxlen[0]); p++) {
		memset(seen, 0, sizeof(seen));
		enum_in_pieces(prefmaxlen[p] == 1 ? 0 : 10, prefmaxlen[p], seen,
			       add_and_remove);
		for (k = 0; k < NALL + 2; k++) {
			bool throughout = k < NALL && (int)k != r0 &&
					  (int)k != r1;

			if (throughout ? seen[k] != 1 : seen[k] > 1)
				FAIL("prefmaxlen %u, accounts changing: account %zu seen %d times (%s)",
				     (unsigned int)prefmaxlen[p], k, seen[k],
				     throughout ? "existed throughout" :
						  "added or removed");
		}
		/* The late one was added ahead of the position: it comes. */
		EXPECT_EQ(seen[NALL + 1], 1);
		text = lm_passwd_text(NULL, NULL);
		lm_accounts_rewrite("passwd", text);
		free(text);
	}
}

/*
 * Two names of one uid (as root and toor): an enumeration of one entry
 * per call gives them together, each once.
 */
static void same_uid(void)
{
	static int seen[NALL + 3];
	char *text;
	size_t k;

	text = lm_passwd_text("nbtwin:x:2001:2001:Twin:/home/nbplain:/bin/sh\n",
			      NULL);
	lm_accounts_rewrite("passwd", text);
	free(text);
	twins = true;
	memset(seen, 0, sizeof(seen));
	enum_in_pieces(0, 1, seen, NULL);
	for (k = 0; k < NALL; k++)
		if (seen[k] != 1)
			FAIL("two names of uid 2001: account %zu seen %d times",
			     k, seen[k]);
	EXPECT_EQ(seen[NALL + 2], 1);
	twins = false;
	text = lm_passwd_text(NULL, NULL);
	lm_accounts_rewrite("passwd", text);
	free(text);
}

static void filters_and_statuses(void)
{
	static const DWORD bad_levels[] = { 4, 5, 21, 23, 24, 10000 };
	static const DWORD no_match[] = {
		FILTER_TEMP_DUPLICATE_ACCOUNT, FILTER_INTERDOMAIN_TRUST_ACCOUNT,
		FILTER_WORKSTATION_TRUST_ACCOUNT, FILTER_SERVER_TRUST_ACCOUNT,
	};
	DWORD read, total, resume, i;
	LPBYTE buf;

	enum_all(0, 0);
	for (i = 0; i < sizeof(no_match) / sizeof(no_match[0]); i++) {
		buf = (LPBYTE)1;
		read = total = resume = 0;
		EXPECT_STATUS(NetUserEnum(NULL, 0, no_match[i], &buf,
					  MAX_PREFERRED_LENGTH, &read, &total,
					  &resume), NERR_Success);
		EXPECT_EQ(read, 0);
		EXPECT_EQ(total, 0);
		EXPECT_PTR(buf, NULL);
	}
	for (i = 0; i < sizeof(bad_levels) / sizeof(bad_levels[0]); i++)
		EXPECT_STATUS_KEEPS_ERRNO(NetUserEnum(NULL, bad_levels[i],
						      FILTER_NORMAL_ACCOUNT,
						      &buf, MAX_PREFERRED_LENGTH,
						      &read, &total, NULL),
					  ERROR_INVALID_LEVEL);
	/* Windows' order: server, level, the out-pointers, the filter. */
	EXPECT_STATUS_KEEPS_ERRNO(NetUserEnum(L"\\\\nb-far-away", 4, 1, NULL,
					      MAX_PREFERRED_LENGTH, NULL, NULL,
					      NULL), ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserEnum(L"\\", 0, 0, &buf,
					      MAX_PREFERRED_LENGTH, &read,
					      &total, NULL), ERROR_INVALID_NAME);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserEnum(NULL, 4, 1, NULL,
					      MAX_PREFERRED_LENGTH, NULL, NULL,
					      NULL), ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserEnum(NULL, 0, 1, NULL,
					      MAX_PREFERRED_LENGTH, &read,
					      &total, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserEnum(NULL, 0, 1, &buf,
					      MAX_PREFERRED_LENGTH, NULL,
					      &total, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetUserEnum(NULL, 0, 1, &buf,
					      MAX_PREFERRED_LENGTH, &read,
					      NULL, NULL),
				  ERROR_INVALID_PARAMETER);
	/* Without a resume handle: one call, as many as fit. */
	if (EXPECT_STATUS(NetUserEnum(NULL, 0, FILTER_NORMAL_ACCOUNT, &buf,
				      MAX_PREFERRED_LENGTH, &read, &total, NULL),
			  NERR_Success)) {
		EXPECT_EQ(read, NALL);
		NetApiBufferFree(buf);
	}
	EXPECT_FREED();
}

static int child(void *arg)
{
	size_t l;

	(void)arg;
	lm_accounts_install();
	for (l = 0; l < sizeof(levels) / sizeof(levels[0]); l++)
		enum_all(levels[l], FILTER_NORMAL_ACCOUNT);
	pieces();
	while_changing();
	same_uid();
	filters_and_statuses();
	EXPECT_FREED();
	return child_result();
}

int main(int argc, char **argv)
{
	(void)argc;
	return lm_main(argv[0], child, 280);
}
