// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetUserGetInfo and NetUserEnum: the accounts of accounts.c as USER_INFO
 * structures, one buffer per call holding the array, its strings, SIDs
 * and logon-hours bitmaps. lmaccess.h and the man pages give the source
 * of every field. Parameters are checked in the order of Wine's
 * netapi32.c and ReactOS' (the SAM's): NetUserGetInfo looks the user up
 * before it looks at the level.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmaccess.h"

/* usriN_logon_hours: every hour of the week allowed, as Windows gives. */
static const unsigned char all_hours[UNITS_PER_WEEK / 8] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* Windows' logon server of a local account: any ("\\*"). */
#define ANY_LOGON_SERVER	"\\\\*"

struct user_ctx {
	DWORD level;
	const struct netbuf_account *list;
};

/* The user's SID, S-1-22-1-<uid>, placed in the buffer. */
static PSID user_sid(struct netbuf_layout *l, const struct netbuf_account *a)
{
	unsigned char sid[NETBUF_SID_BYTES];

	netbuf_sid(sid, 22, 1, a->uid);
	return netbuf_layout_bytes(l, sid, sizeof(sid), 4);
}

/* The fields USER_INFO_1 to _4 share, named with prefix @p. */
#define FILL_USER_1(u, p, a, l) do {					\
	(u)->p##_name = netbuf_layout_str(l, (a)->name);		\
	(u)->p##_password = NULL;					\
	(u)->p##_password_age = (a)->password_age;			\
	(u)->p##_priv = (a)->priv;					\
	(u)->p##_home_dir = netbuf_layout_str(l, (a)->dir);		\
	(u)->p##_comment = netbuf_layout_str(l, (a)->comment);		\
	(u)->p##_flags = (a)->flags;					\
	(u)->p##_script_path = netbuf_layout_str(l, "");		\
} while (0)

/* The fields USER_INFO_2 to _4 share. */
#define FILL_USER_2(u, p, a, l) do {					\
	FILL_USER_1(u, p, a, l);					\
	(u)->p##_auth_flags = 0;					\
	(u)->p##_full_name = netbuf_layout_str(l, (a)->full_name);	\
	(u)->p##_usr_comment = netbuf_layout_str(l, "");		\
	(u)->p##_parms = netbuf_layout_str(l, "");			\
	(u)->p##_workstations = netbuf_layout_str(l, "");		\
	(u)->p##_last_logon = 0;					\
	(u)->p##_last_logoff = 0;					\
	(u)->p##_acct_expires = (a)->acct_expires;			\
	(u)->p##_max_storage = USER_MAXSTORAGE_UNLIMITED;		\
	(u)->p##_units_per_week = UNITS_PER_WEEK;			\
	(u)->p##_logon_hours = netbuf_layout_bytes(l, all_hours,	\
						   sizeof(all_hours), 1);	\
	(u)->p##_bad_pw_count = 0;					\
	(u)->p##_num_logons = 0;					\
	(u)->p##_logon_server = netbuf_layout_str(l, ANY_LOGON_SERVER);	\
	(u)->p##_country_code = 0;					\
	(u)->p##_code_page = 0;						\
} while (0)

/* The tail of USER_INFO_3 and _4 after the user id or SID. */
#define FILL_USER_TAIL(u, p, a, l) do {					\
	(u)->p##_primary_group_id = (a)->gid;				\
	(u)->p##_profile = netbuf_layout_str(l, "");			\
	(u)->p##_home_dir_drive = netbuf_layout_str(l, "");		\
	(u)->p##_password_expired = (a)->password_expired;		\
} while (0)

static void fill_user_11(struct netbuf_layout *l, USER_INFO_11 *u,
			 const struct netbuf_account *a)
{
	u->usri11_name = netbuf_layout_str(l, a->name);
	u->usri11_comment = netbuf_layout_str(l, a->comment);
	u->usri11_usr_comment = netbuf_layout_str(l, "");
	u->usri11_full_name = netbuf_layout_str(l, a->full_name);
	u->usri11_priv = a->priv;
	u->usri11_auth_flags = 0;
	u->usri11_password_age = a->password_age;
	u->usri11_home_dir = netbuf_layout_str(l, a->dir);
	u->usri11_parms = netbuf_layout_str(l, "");
	u->usri11_last_logon = 0;
	u->usri11_last_logoff = 0;
	u->usri11_bad_pw_count = 0;
	u->usri11_num_logons = 0;
	u->usri11_logon_server = netbuf_layout_str(l, ANY_LOGON_SERVER);
	u->usri11_country_code = 0;
	u->usri11_workstations = netbuf_layout_str(l, "");
	u->usri11_max_storage = USER_MAXSTORAGE_UNLIMITED;
	u->usri11_units_per_week = UNITS_PER_WEEK;
	u->usri11_logon_hours = netbuf_layout_bytes(l, all_hours,
						    sizeof(all_hours), 1);
	u->usri11_code_page = 0;
}

static void fill_user(struct netbuf_layout *l, void *rec, size_t i,
		      const void *arg)
{
	const struct user_ctx *c = arg;
	const struct netbuf_account *a = &c->list[i];
	USER_INFO_0 *u0 = rec;
	USER_INFO_1 *u1 = rec;
	USER_INFO_2 *u2 = rec;
	USER_INFO_3 *u3 = rec;
	USER_INFO_4 *u4 = rec;
	USER_INFO_10 *u10 = rec;
	USER_INFO_20 *u20 = rec;
	USER_INFO_23 *u23 = rec;

	switch (c->level) {
	case 0:
		u0->usri0_name = netbuf_layout_str(l, a->name);
		break;
	case 1:
		FILL_USER_1(u1, usri1, a, l);
		break;
	case 2:
		FILL_USER_2(u2, usri2, a, l);
		break;
	case 3:
		FILL_USER_2(u3, usri3, a, l);
		u3->usri3_user_id = a->uid;
		FILL_USER_TAIL(u3, usri3, a, l);
		break;
	case 4:
		FILL_USER_2(u4, usri4, a, l);
		u4->usri4_user_sid = user_sid(l, a);
		FILL_USER_TAIL(u4, usri4, a, l);
		break;
	case 10:
		u10->usri10_name = netbuf_layout_str(l, a->name);
		u10->usri10_comment = netbuf_layout_str(l, a->comment);
		u10->usri10_usr_comment = netbuf_layout_str(l, "");
		u10->usri10_full_name = netbuf_layout_str(l, a->full_name);
		break;
	case 11:
		fill_user_11(l, rec, a);
		break;
	case 20:
		u20->usri20_name = netbuf_layout_str(l, a->name);
		u20->usri20_full_name = netbuf_layout_str(l, a->full_name);
		u20->usri20_comment = netbuf_layout_str(l, a->comment);
		u20->usri20_flags = a->flags;
		u20->usri20_user_id = a->uid;
		break;
	default:	/* 23 */
		u23->usri23_name = netbuf_layout_str(l, a->name);
		u23->usri23_full_name = netbuf_layout_str(l, a->full_name);
		u23->usri23_comment = netbuf_layout_str(l, a->comment);
		u23->usri23_flags = a->flags;
		u23->usri23_user_sid = user_sid(l, a);
		break;
	}
}

/* The record size of @level, or 0 when NetUserGetInfo has no such level. */
static size_t user_rec_size(DWORD level)
{
	switch (level) {
	case 0: return sizeof(USER_INFO_0);
	case 1: return sizeof(USER_INFO_1);
	case 2: return sizeof(USER_INFO_2);
	case 3: return sizeof(USER_INFO_3);
	case 4: return sizeof(USER_INFO_4);
	case 10: return sizeof(USER_INFO_10);
	case 11: return sizeof(USER_INFO_11);
	case 20: return sizeof(USER_INFO_20);
	case 23: return sizeof(USER_INFO_23);
	default: return 0;
	}
}

/* Levels that carry usriN_priv, and those that carry shadow state. */
static bool level_has_priv(DWORD level)
{
	return (level >= 1 && level <= 4) || level == 11;
}

static bool level_has_state(DWORD level)
{
	return level_has_priv(level) || level == 20 || level == 23;
}

NET_API_STATUS netbuf_user_name_arg(const void *name, unsigned int unit,
				    char *out, size_t len)
{
	/* A name longer than any account's cannot name one. */
	return netbuf_wstr_to_utf8(name, unit, out, len) ? NERR_Success :
							  NERR_UserNotFound;
}

/* ENOMEM from accounts.c as the status, errno ENOMEM. */
NET_API_STATUS netbuf_nomem(void)
{
	errno = ENOMEM;
	return ERROR_NOT_ENOUGH_MEMORY;
}

static NET_API_STATUS user_get_info(const void *servername,
				    const void *username, DWORD level,
				    LPBYTE *bufptr, unsigned int unit)
{
	struct netbuf_admins adm;
	struct netbuf_account a;
	struct user_ctx c = { .level = level, .list = &a };
	char name[NETBUF_NAME_BYTES];
	int saved_errno = errno, err;
	NET_API_STATUS st;

	st = netbuf_sam_get_args(bufptr, servername, unit);
	if (st != NERR_Success)
		return st;
	if (!username)
		return ERROR_INVALID_PARAMETER;
	st = netbuf_user_name_arg(username, unit, name, sizeof(name));
	if (st != NERR_Success)
		return st;
	err = netbuf_admins_load(&adm);
	if (!err) {
		err = netbuf_account_get(name, &adm, &a);
		netbuf_admins_free(&adm);
	}
	errno = saved_errno;
	if (err == ENOENT)
		return NERR_UserNotFound;
	if (err)
		return netbuf_nomem();
	st = ERROR_INVALID_LEVEL;
	if (user_rec_size(level))
		st = netbuf_produce_array(user_rec_size(level), unit, 0, 1,
					  fill_user, &c, (void **)bufptr);
	netbuf_account_free(&a);
	return st;
}

NETBUF_EXPORT NET_API_STATUS NetUserGetInfo(LPCWSTR servername,
					    LPCWSTR username, DWORD level,
					    LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return user_get_info(servername, username, level, bufptr,
			     sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetUserGetInfo_w16(const char16_t *servername,
						const char16_t *username,
						DWORD level, LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return user_get_info(servername, username, level, bufptr,
			     sizeof(char16_t));
}

static bool same_uid(const void *ctx, size_t a, size_t b)
{
	const struct user_ctx *c = ctx;

	return c->list[a].uid == c->list[b].uid;
}

static NET_API_STATUS user_enum(const void *servername, DWORD level,
				DWORD filter, LPBYTE *bufptr, DWORD prefmaxlen,
				LPDWORD entriesread, LPDWORD totalentries,
				LPDWORD resume_handle, unsigned int unit)
{
	struct netbuf_account *list = NULL;
	struct user_ctx c = { .level = level };
	struct netbuf_enum_page p = { 0 };
	struct netbuf_admins adm;
	int saved_errno = errno, err;
	size_t n = 0, size = user_rec_size(level);
	NET_API_STATUS st;

	st = netbuf_check_sam_server(servername, unit);
	if (st != NERR_Success)
		return st;
	if (!size || level == 4 || level == 23)
		return ERROR_INVALID_LEVEL;
	if (!bufptr || !entriesread || !totalentries)
		return ERROR_INVALID_PARAMETER;
	*bufptr = NULL;
	*entriesread = 0;
	*totalentries = 0;
	/* Every account is a normal one; no other kind exists here. */
	if (filter && !(filter & FILTER_NORMAL_ACCOUNT)) {
		if (resume_handle)
			*resume_handle = 0;
		return NERR_Success;
	}
	err = netbuf_admins_load(&adm);
	if (!err) {
		err = netbuf_accounts_list(level_has_priv(level) ? &adm : NULL,
					   level_has_state(level), &list, &n);
		netbuf_admins_free(&adm);
	}
	errno = saved_errno;
	if (err)
		return netbuf_nomem();
	c.list = list;
	/* Resume after the last uid returned: a key, not an index. */
	while (resume_handle && p.first < n && list[p.first].uid < *resume_handle)
		p.first++;
	p.total = n - p.first;
	p.count = netbuf_enum_take(p.first, n, prefmaxlen, size, unit,
				   fill_user, &c, same_uid);
	if (p.count)
		st = netbuf_produce_array(size, unit, p.first, p.count,
					  fill_user, &c, (void **)bufptr);
	if (st == NERR_Success) {
		st = netbuf_enum_finish(&p, entriesread, totalentries);
		if (resume_handle)
			*resume_handle = st == ERROR_MORE_DATA ?
				list[p.first + p.count - 1].uid + 1 : 0;
	}
	netbuf_accounts_free(list, n);
	return st;
}

NETBUF_EXPORT NET_API_STATUS NetUserEnum(LPCWSTR servername, DWORD level,
					 DWORD filter, LPBYTE *bufptr,
					 DWORD prefmaxlen, LPDWORD entriesread,
					 LPDWORD totalentries,
					 LPDWORD resume_handle)
{
	NETBUF_LM_ENTRY();
	return user_enum(servername, level, filter, bufptr, prefmaxlen,
			 entriesread, totalentries, resume_handle,
			 sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetUserEnum_w16(const char16_t *servername,
					     DWORD level, DWORD filter,
					     LPBYTE *bufptr, DWORD prefmaxlen,
					     LPDWORD entriesread,
					     LPDWORD totalentries,
					     LPDWORD resume_handle)
{
	NETBUF_LM_ENTRY();
	return user_enum(servername, level, filter, bufptr, prefmaxlen,
			 entriesread, totalentries, resume_handle,
			 sizeof(char16_t));
}
