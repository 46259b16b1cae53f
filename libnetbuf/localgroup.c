// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetLocalGroupEnum, NetLocalGroupGetInfo and NetLocalGroupGetMembers.
 * The local groups are Windows' two well-known aliases, then every Unix
 * group (by gid, then name):
 *
 * - Administrators, S-1-5-32-544: uid 0 and the members of the
 *   administrators' Unix group (accounts.c: $NETBUF_ADMIN_GROUP, else
 *   etc/netbuf.conf, else the first of sudo, wheel, admin);
 * - Users, S-1-5-32-545: every user;
 * - a Unix group: its member list and the users whose primary group it is.
 *
 * Members are users only, by uid then name. A name is looked up as the
 * exact alias name, then as a Unix group, then as an alias in any case
 * (Windows compares names without case; Unix groups do not, and Debian's
 * group "users" is a Unix group of its own).
 * Resume handles are keys: 1 after Administrators, 2 after Users, gid + 3
 * after a Unix group; uid + 1 after a member.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmaccess.h"

/* The comments of the aliases on an English Windows. */
#define ADMINS_COMMENT	"Administrators have complete and unrestricted " \
			"access to the computer/domain"
#define USERS_COMMENT	"Users are prevented from making accidental or " \
			"intentional system-wide changes and can run most " \
			"applications"

enum lg_kind { LG_ADMINS, LG_USERS, LG_UNIX };

/* A local group: one of the two aliases, or a Unix group. */
struct lg_entry {
	enum lg_kind kind;
	const char *name;
	const char *comment;
	uint64_t key;		/* the resume key: 0, 1, gid + 2 */
};

struct lg_ctx {
	DWORD level;
	const struct lg_entry *list;
};

static void fill_local_group(struct netbuf_layout *l, void *rec, size_t i,
			     const void *arg)
{
	const struct lg_ctx *c = arg;
	LOCALGROUP_INFO_1 *g = rec;

	g->lgrpi1_name = netbuf_layout_str(l, c->list[i].name);
	if (c->level == 1)
		g->lgrpi1_comment = netbuf_layout_str(l, c->list[i].comment);
}

static bool same_key(const void *ctx, size_t a, size_t b)
{
	const struct lg_ctx *c = ctx;

	return c->list[a].key == c->list[b].key;
}

static void alias_entry(struct lg_entry *e, enum lg_kind kind)
{
	e->kind = kind;
	e->name = kind == LG_ADMINS ? NETBUF_ALIAS_ADMINS : NETBUF_ALIAS_USERS;
	e->comment = kind == LG_ADMINS ? ADMINS_COMMENT : USERS_COMMENT;
	e->key = kind == LG_ADMINS ? 0 : 1;
}

/*
 * Counts the entries of a page from the resume key @start and chooses
 * the page: the handle after it must fit a DWORD_PTR (a 32-bit caller's
 * cannot hold gid + 3 of the last gids), or the page takes the rest.
 */
static void page_by_key(struct netbuf_enum_page *p, const uint64_t *keys,
			size_t n, uint64_t start, DWORD prefmaxlen,
			size_t rec_size, unsigned int unit,
			netbuf_fill_one_fn *fill, const void *ctx,
			netbuf_same_key_fn *same)
{
	p->first = 0;
	while (p->first < n && keys[p->first] < start)
		p->first++;
	p->total = n - p->first;
	p->count = netbuf_enum_take(p->first, n, prefmaxlen, rec_size, unit,
				    fill, ctx, same);
	if (p->count < p->total &&
	    keys[p->first + p->count - 1] >= (uint64_t)UINTPTR_MAX)
		p->count = p->total;
}

/* *@resume after page @p of entries keyed @keys. */
static void set_resume(PDWORD_PTR resume, const struct netbuf_enum_page *p,
		       const uint64_t *keys)
{
	if (resume)
		*resume = p->count < p->total ?
			(DWORD_PTR)(keys[p->first + p->count - 1] + 1) : 0;
}

static NET_API_STATUS local_group_enum(const void *servername, DWORD level,
				       LPBYTE *bufptr, DWORD prefmaxlen,
				       LPDWORD entriesread,
				       LPDWORD totalentries,
				       PDWORD_PTR resumehandle,
				       unsigned int unit)
{
	struct netbuf_enum_page p = { 0 };
	struct lg_ctx c = { .level = level };
	struct netbuf_group *groups;
	struct lg_entry *list;
	int saved_errno = errno;
	size_t n, i, rec_size;
	NET_API_STATUS st;
	uint64_t *keys;

	st = netbuf_check_sam_server(servername, unit);
	if (st != NERR_Success)
		return st;
	if (level > 1)
		return ERROR_INVALID_LEVEL;
	if (!bufptr || !entriesread || !totalentries)
		return ERROR_INVALID_PARAMETER;
	*bufptr = NULL;
	*entriesread = 0;
	*totalentries = 0;
	if (netbuf_groups_list(&groups, &n)) {
		errno = saved_errno;
		return netbuf_nomem();
	}
	errno = saved_errno;
	list = calloc(n + 2, sizeof(*list));
	keys = calloc(n + 2, sizeof(*keys));
	if (!list || !keys) {
		st = netbuf_nomem();
		goto out_free;
	}
	alias_entry(&list[0], LG_ADMINS);
	alias_entry(&list[1], LG_USERS);
	for (i = 0; i < n; i++) {
		list[i + 2].kind = LG_UNIX;
		list[i + 2].name = groups[i].name;
		list[i + 2].comment = "";
		list[i + 2].key = (uint64_t)groups[i].gid + 2;
	}
	for (i = 0; i < n + 2; i++)
		keys[i] = list[i].key;
	c.list = list;
	rec_size = level ? sizeof(LOCALGROUP_INFO_1) : sizeof(LOCALGROUP_INFO_0);
	page_by_key(&p, keys, n + 2, resumehandle ? *resumehandle : 0,
		    prefmaxlen, rec_size, unit, fill_local_group, &c,
		    same_key);
	if (p.count)
		st = netbuf_produce_array(rec_size, unit, p.first, p.count,
					  fill_local_group, &c,
					  (void **)bufptr);
	if (st == NERR_Success) {
		st = netbuf_enum_finish(&p, entriesread, totalentries);
		set_resume(resumehandle, &p, keys);
	}
out_free:
	free(keys);
	free(list);
	netbuf_groups_free(groups, n);
	return st;
}

NETBUF_EXPORT NET_API_STATUS NetLocalGroupEnum(LPCWSTR servername,
					       DWORD level, LPBYTE *bufptr,
					       DWORD prefmaxlen,
					       LPDWORD entriesread,
					       LPDWORD totalentries,
					       PDWORD_PTR resumehandle)
{
	NETBUF_LM_ENTRY();
	return local_group_enum(servername, level, bufptr, prefmaxlen,
				entriesread, totalentries, resumehandle,
				sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetLocalGroupEnum_w16(const char16_t *servername,
						   DWORD level,
						   LPBYTE *bufptr,
						   DWORD prefmaxlen,
						   LPDWORD entriesread,
						   LPDWORD totalentries,
						   PDWORD_PTR resumehandle)
{
	NETBUF_LM_ENTRY();
	return local_group_enum(servername, level, bufptr, prefmaxlen,
				entriesread, totalentries, resumehandle,
				sizeof(char16_t));
}

/*
 * The local group named @wname: *@e and, for a Unix group, *@g (to free).
 * Returns NERR_Success, ERROR_NO_SUCH_ALIAS or ERROR_NOT_ENOUGH_MEMORY.
 */
static NET_API_STATUS find_local_group(const void *wname, unsigned int unit,
				       struct lg_entry *e,
				       struct netbuf_group *g)
{
	char name[NETBUF_NAME_BYTES];
	int saved_errno = errno, err;

	memset(g, 0, sizeof(*g));
	if (!netbuf_wstr_to_utf8(wname, unit, name, sizeof(name)))
		return ERROR_NO_SUCH_ALIAS;
	if (!strcmp(name, NETBUF_ALIAS_ADMINS)) {
		alias_entry(e, LG_ADMINS);
		return NERR_Success;
	}
	if (!strcmp(name, NETBUF_ALIAS_USERS)) {
		alias_entry(e, LG_USERS);
		return NERR_Success;
	}
	err = netbuf_group_get(name, g);
	errno = saved_errno;
	if (!err) {
		e->kind = LG_UNIX;
		e->name = g->name;
		e->comment = "";
		e->key = (uint64_t)g->gid + 2;
		return NERR_Success;
	}
	if (err != ENOENT)
		return netbuf_nomem();
	if (!strcasecmp(name, NETBUF_ALIAS_ADMINS))
		alias_entry(e, LG_ADMINS);
	else if (!strcasecmp(name, NETBUF_ALIAS_USERS))
		alias_entry(e, LG_USERS);
	else
		return ERROR_NO_SUCH_ALIAS;
	return NERR_Success;
}

static NET_API_STATUS local_group_get_info(const void *servername,
					   const void *groupname, DWORD level,
					   LPBYTE *bufptr, unsigned int unit)
{
	struct lg_ctx c = { .level = level };
	struct netbuf_group g;
	struct lg_entry e;
	NET_API_STATUS st;

	st = netbuf_sam_get_args(bufptr, servername, unit);
	if (st != NERR_Success)
		return st;
	if (!groupname)
		return ERROR_INVALID_PARAMETER;
	if (level > 1)
		return ERROR_INVALID_LEVEL;
	st = find_local_group(groupname, unit, &e, &g);
	if (st != NERR_Success)
		return st;
	c.list = &e;
	st = netbuf_produce_array(level ? sizeof(LOCALGROUP_INFO_1) :
					  sizeof(LOCALGROUP_INFO_0),
				  unit, 0, 1, fill_local_group, &c,
				  (void **)bufptr);
	netbuf_group_free(&g);
	return st;
}

NETBUF_EXPORT NET_API_STATUS NetLocalGroupGetInfo(LPCWSTR servername,
						  LPCWSTR groupname,
						  DWORD level, LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return local_group_get_info(servername, groupname, level, bufptr,
				    sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetLocalGroupGetInfo_w16(const char16_t *servername,
						      const char16_t *groupname,
						      DWORD level,
						      LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return local_group_get_info(servername, groupname, level, bufptr,
				    sizeof(char16_t));
}

/* The members of one local group, from the list of every user. */
struct members_ctx {
	DWORD level;
	const struct netbuf_account **members;
	char **qualified;	/* "COMPUTER\\name", levels 2 and 3 */
};

static void fill_member(struct netbuf_layout *l, void *rec, size_t i,
			const void *arg)
{
	const struct members_ctx *c = arg;
	const struct netbuf_account *a = c->members[i];
	LOCALGROUP_MEMBERS_INFO_1 *m1 = rec;
	LOCALGROUP_MEMBERS_INFO_3 *m3 = rec;
	unsigned char sid[NETBUF_SID_BYTES];

	if (c->level == 3) {
		m3->lgrmi3_domainandname =
			netbuf_layout_str(l, c->qualified[i]);
		return;
	}
	netbuf_sid(sid, 22, 1, a->uid);
	/* Levels 0 to 2 start with the SID; 1 and 2 have the same shape. */
	m1->lgrmi1_sid = netbuf_layout_bytes(l, sid, sizeof(sid), 4);
	if (c->level == 0)
		return;
	m1->lgrmi1_sidusage = SidTypeUser;
	m1->lgrmi1_name = netbuf_layout_str(l, c->level == 1 ? a->name :
							       c->qualified[i]);
}

static bool same_member_uid(const void *ctx, size_t a, size_t b)
{
	const struct members_ctx *c = ctx;

	return c->members[a]->uid == c->members[b]->uid;
}

static size_t member_rec_size(DWORD level)
{
	switch (level) {
	case 0: return sizeof(LOCALGROUP_MEMBERS_INFO_0);
	case 1: return sizeof(LOCALGROUP_MEMBERS_INFO_1);
	case 2: return sizeof(LOCALGROUP_MEMBERS_INFO_2);
	default: return sizeof(LOCALGROUP_MEMBERS_INFO_3);
	}
}

static bool is_member(const struct lg_entry *e, const struct netbuf_group *g,
		      const struct netbuf_admins *adm,
		      const struct netbuf_account *a)
{
	switch (e->kind) {
	case LG_ADMINS:
		return netbuf_is_admin(adm, a->name, a->uid, a->gid);
	case LG_USERS:
		return true;
	default:
		return a->gid == g->gid || netbuf_group_has(g, a->name);
	}
}

/* "COMPUTER\\name" for each member; 0 or ENOMEM. */
static int qualify_members(struct members_ctx *c, size_t n)
{
	struct netbuf_names names;
	size_t i;

	netbuf_local_names(&names);
	c->qualified = calloc(n + 1, sizeof(*c->qualified));
	if (!c->qualified)
		return ENOMEM;
	for (i = 0; i < n; i++)
		if (asprintf(&c->qualified[i], "%s\\%s", names.computer,
			     c->members[i]->name) < 0) {
			c->qualified[i] = NULL;
			return ENOMEM;
		}
	return 0;
}

static void free_qualified(char **q, size_t n)
{
	size_t i;

	for (i = 0; q && i < n; i++)
		free(q[i]);
	free(q);
}

static NET_API_STATUS local_group_get_members(const void *servername,
					      const void *groupname,
					      DWORD level, LPBYTE *bufptr,
					      DWORD prefmaxlen,
					      LPDWORD entriesread,
					      LPDWORD totalentries,
					      PDWORD_PTR resumehandle,
					      unsigned int unit)
{
	struct members_ctx c = { .level = level };
	struct netbuf_enum_page p = { 0 };
	struct netbuf_account *list = NULL;
	struct netbuf_admins adm = { 0 };
	size_t n = 0, n_members = 0, i;
	int saved_errno = errno, err;
	struct netbuf_group g;
	uint64_t *keys = NULL;
	NET_API_STATUS st;
	struct lg_entry e;

	st = netbuf_check_sam_server(servername, unit);
	if (st != NERR_Success)
		return st;
	if (!groupname)
		return ERROR_INVALID_PARAMETER;
	if (level > 3)
		return ERROR_INVALID_LEVEL;
	if (!bufptr || !entriesread || !totalentries)
		return ERROR_INVALID_PARAMETER;
	*bufptr = NULL;
	*entriesread = 0;
	*totalentries = 0;
	st = find_local_group(groupname, unit, &e, &g);
	if (st != NERR_Success)
		return st;
	err = e.kind == LG_ADMINS ? netbuf_admins_load(&adm) : 0;
	if (!err)
		err = netbuf_accounts_list(NULL, false, &list, &n);
	c.members = calloc(n + 1, sizeof(*c.members));
	keys = calloc(n + 1, sizeof(*keys));
	if (err || !c.members || !keys)
		goto out_nomem;
	for (i = 0; i < n; i++)
		if (is_member(&e, &g, &adm, &list[i])) {
			keys[n_members] = list[i].uid;
			c.members[n_members++] = &list[i];
		}
	if (level >= 2 && qualify_members(&c, n_members))
		goto out_nomem;
	errno = saved_errno;
	page_by_key(&p, keys, n_members, resumehandle ? *resumehandle : 0,
		    prefmaxlen, member_rec_size(level), unit, fill_member, &c,
		    same_member_uid);
	if (p.count)
		st = netbuf_produce_array(member_rec_size(level), unit,
					  p.first, p.count, fill_member, &c,
					  (void **)bufptr);
	if (st == NERR_Success) {
		st = netbuf_enum_finish(&p, entriesread, totalentries);
		set_resume(resumehandle, &p, keys);
	}
	goto out_free;
out_nomem:
	st = netbuf_nomem();
out_free:
	free_qualified(c.qualified, n_members);
	free(c.members);
	free(keys);
	netbuf_accounts_free(list, n);
	netbuf_admins_free(&adm);
	netbuf_group_free(&g);
	return st;
}

NETBUF_EXPORT NET_API_STATUS NetLocalGroupGetMembers(LPCWSTR servername,
						     LPCWSTR localgroupname,
						     DWORD level,
						     LPBYTE *bufptr,
						     DWORD prefmaxlen,
						     LPDWORD entriesread,
						     LPDWORD totalentries,
						     PDWORD_PTR resumehandle)
{
	NETBUF_LM_ENTRY();
	return local_group_get_members(servername, localgroupname, level,
				       bufptr, prefmaxlen, entriesread,
				       totalentries, resumehandle,
				       sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetLocalGroupGetMembers_w16(const char16_t *servername,
							 const char16_t *localgroupname,
							 DWORD level,
							 LPBYTE *bufptr,
							 DWORD prefmaxlen,
							 LPDWORD entriesread,
							 LPDWORD totalentries,
							 PDWORD_PTR resumehandle)
{
	NETBUF_LM_ENTRY();
	return local_group_get_members(servername, localgroupname, level,
				       bufptr, prefmaxlen, entriesread,
				       totalentries, resumehandle,
				       sizeof(char16_t));
}
