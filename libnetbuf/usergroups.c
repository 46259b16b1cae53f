// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetUserGetGroups and NetUserGetLocalGroups: the groups of one user.
 * Its Unix groups (getgrouplist: the primary group first, then by gid)
 * are its groups; its local groups are the aliases Administrators (uid 0
 * and the administrators' group) and Users (everyone), then its Unix
 * groups by gid, every Unix group being a local group too (localgroup.c).
 * Every membership is direct on Unix: LG_INCLUDE_INDIRECT adds none.
 * Parameters are checked as ReactOS' netapi32 (the SAM's order): server,
 * user name, level, flags, the output pointers, then the user.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmaccess.h"

/* grui1_attributes of every group: as Windows gives a user's groups. */
#define GROUP_ATTRIBUTES	(SE_GROUP_MANDATORY | \
				 SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED)

struct names_ctx {
	DWORD level;
	const char *const *names;
};

static void fill_group_users(struct netbuf_layout *l, void *rec, size_t i,
			     const void *arg)
{
	const struct names_ctx *c = arg;
	GROUP_USERS_INFO_1 *g = rec;

	/* GROUP_USERS_INFO_0 and LOCALGROUP_USERS_INFO_0 are the name. */
	g->grui1_name = netbuf_layout_str(l, c->names[i]);
	if (c->level == 1)
		g->grui1_attributes = GROUP_ATTRIBUTES;
}

/* A user's groups and the names to return for them. */
struct user_groups {
	bool admin;		/* in Administrators */
	struct netbuf_group *groups;	/* its Unix groups */
	size_t n;
	const char **names;	/* room for @extra names, then the groups' */
};

static void user_groups_free(struct user_groups *ug)
{
	free(ug->names);
	netbuf_groups_free(ug->groups, ug->n);
}

/* Looks the user up and reads its groups into @ug; 0, ENOENT or ENOMEM. */
static int user_groups_load(const char *name, size_t extra,
			    struct user_groups *ug)
{
	struct netbuf_admins adm;
	struct netbuf_account a;
	size_t i;
	int err;

	memset(ug, 0, sizeof(*ug));
	err = netbuf_admins_load(&adm);
	if (err)
		return err;
	err = netbuf_account_get(name, &adm, &a);
	netbuf_admins_free(&adm);
	if (err)
		return err;
	ug->admin = a.priv == USER_PRIV_ADMIN;
	err = netbuf_user_groups(&a, &ug->groups, &ug->n);
	netbuf_account_free(&a);
	if (err)
		return err;
	ug->names = calloc(extra + ug->n + 1, sizeof(*ug->names));
	if (!ug->names)
		return ENOMEM;
	for (i = 0; i < ug->n; i++)
		ug->names[extra + i] = ug->groups[i].name;
	return 0;
}

/*
 * Checks the arguments both functions share, in their order, and reads
 * the user's groups into @ug (@extra names free before them). Returns
 * NERR_Success or the status to return.
 */
static NET_API_STATUS user_groups_args(const void *servername,
				       const void *username, bool level_ok,
				       bool flags_ok, LPBYTE *bufptr,
				       LPDWORD entriesread,
				       LPDWORD totalentries, unsigned int unit,
				       size_t extra, struct user_groups *ug)
{
	char name[NETBUF_NAME_BYTES];
	int saved_errno = errno, err;
	NET_API_STATUS st;

	memset(ug, 0, sizeof(*ug));
	st = netbuf_check_sam_server(servername, unit);
	if (st != NERR_Success)
		return st;
	if (!username)
		return ERROR_INVALID_PARAMETER;
	if (!level_ok)
		return ERROR_INVALID_LEVEL;
	if (!flags_ok || !bufptr || !entriesread || !totalentries)
		return ERROR_INVALID_PARAMETER;
	*bufptr = NULL;
	*entriesread = 0;
	*totalentries = 0;
	st = netbuf_user_name_arg(username, unit, name, sizeof(name));
	if (st != NERR_Success)
		return st;
	err = user_groups_load(name, extra, ug);
	errno = saved_errno;
	if (!err)
		return NERR_Success;
	user_groups_free(ug);
	memset(ug, 0, sizeof(*ug));
	return err == ENOENT ? NERR_UserNotFound : netbuf_nomem();
}

/* One buffer of the names @names (no resume: all counted in total). */
static NET_API_STATUS produce_names(const char *const *names, size_t n,
				    DWORD level, size_t rec_size,
				    DWORD prefmaxlen, LPBYTE *bufptr,
				    LPDWORD entriesread, LPDWORD totalentries,
				    unsigned int unit)
{
	struct names_ctx c = { .level = level, .names = names };
	struct netbuf_enum_page p = { .total = n };
	NET_API_STATUS st = NERR_Success;

	p.count = netbuf_enum_take(0, n, prefmaxlen, rec_size, unit,
				   fill_group_users, &c, NULL);
	if (p.count)
		st = netbuf_produce_array(rec_size, unit, 0, p.count,
					  fill_group_users, &c,
					  (void **)bufptr);
	if (st != NERR_Success)
		return st;
	return netbuf_enum_finish(&p, entriesread, totalentries);
}

static NET_API_STATUS user_get_groups(const void *servername,
				      const void *username, DWORD level,
				      LPBYTE *bufptr, DWORD prefmaxlen,
				      LPDWORD entriesread,
				      LPDWORD totalentries, unsigned int unit)
{
	struct user_groups ug;
	NET_API_STATUS st;

	st = user_groups_args(servername, username, level <= 1, true, bufptr,
			      entriesread, totalentries, unit, 0, &ug);
	if (st != NERR_Success)
		return st;
	st = produce_names(ug.names, ug.n, level,
			   level ? sizeof(GROUP_USERS_INFO_1) :
				   sizeof(GROUP_USERS_INFO_0),
			   prefmaxlen, bufptr, entriesread, totalentries,
			   unit);
	user_groups_free(&ug);
	return st;
}

NETBUF_EXPORT NET_API_STATUS NetUserGetGroups(LPCWSTR servername,
					      LPCWSTR username, DWORD level,
					      LPBYTE *bufptr, DWORD prefmaxlen,
					      LPDWORD entriesread,
					      LPDWORD totalentries)
{
	NETBUF_LM_ENTRY();
	return user_get_groups(servername, username, level, bufptr,
			       prefmaxlen, entriesread, totalentries,
			       sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetUserGetGroups_w16(const char16_t *servername,
						  const char16_t *username,
						  DWORD level, LPBYTE *bufptr,
						  DWORD prefmaxlen,
						  LPDWORD entriesread,
						  LPDWORD totalentries)
{
	NETBUF_LM_ENTRY();
	return user_get_groups(servername, username, level, bufptr,
			       prefmaxlen, entriesread, totalentries,
			       sizeof(char16_t));
}

static int cmp_group_gid(const void *a, const void *b)
{
	const struct netbuf_group *x = a, *y = b;

	return x->gid < y->gid ? -1 : x->gid > y->gid;
}

static NET_API_STATUS user_get_local_groups(const void *servername,
					    const void *username, DWORD level,
					    DWORD flags, LPBYTE *bufptr,
					    DWORD prefmaxlen,
					    LPDWORD entriesread,
					    LPDWORD totalentries,
					    unsigned int unit)
{
	struct user_groups ug;
	NET_API_STATUS st;
	size_t first, i;

	st = user_groups_args(servername, username, level == 0,
			      !(flags & ~(DWORD)LG_INCLUDE_INDIRECT), bufptr,
			      entriesread, totalentries, unit, 2, &ug);
	if (st != NERR_Success)
		return st;
	/* The aliases, then the Unix groups by gid (the primary one too). */
	qsort(ug.groups, ug.n, sizeof(*ug.groups), cmp_group_gid);
	for (i = 0; i < ug.n; i++)
		ug.names[2 + i] = ug.groups[i].name;
	first = ug.admin ? 0 : 1;
	ug.names[0] = NETBUF_ALIAS_ADMINS;
	ug.names[1] = NETBUF_ALIAS_USERS;
	st = produce_names(ug.names + first, ug.n + 2 - first, 0,
			   sizeof(LOCALGROUP_USERS_INFO_0), prefmaxlen, bufptr,
			   entriesread, totalentries, unit);
	user_groups_free(&ug);
	return st;
}

NETBUF_EXPORT NET_API_STATUS NetUserGetLocalGroups(LPCWSTR servername,
						   LPCWSTR username,
						   DWORD level, DWORD flags,
						   LPBYTE *bufptr,
						   DWORD prefmaxlen,
						   LPDWORD entriesread,
						   LPDWORD totalentries)
{
	NETBUF_LM_ENTRY();
	return user_get_local_groups(servername, username, level, flags,
				     bufptr, prefmaxlen, entriesread,
				     totalentries, sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetUserGetLocalGroups_w16(const char16_t *servername,
						       const char16_t *username,
						       DWORD level,
						       DWORD flags,
						       LPBYTE *bufptr,
						       DWORD prefmaxlen,
						       LPDWORD entriesread,
						       LPDWORD totalentries)
{
	NETBUF_LM_ENTRY();
	return user_get_local_groups(servername, username, level, flags,
				     bufptr, prefmaxlen, entriesread,
				     totalentries, sizeof(char16_t));
}
