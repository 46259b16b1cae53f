// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The accounts the NetUser* and NetLocalGroup* functions report, read
 * through NSS at each call (so that LDAP, sssd and winbind accounts are
 * there as local ones): users from the password database, their account
 * state from the shadow database where the caller may read it, groups
 * from the group database. Lists are copied out of the C library's
 * buffers, then sorted by uid or gid and name: the order the functions
 * enumerate in and their resume keys.
 *
 * getpwent/getgrent/getspent keep one position per process: the library
 * walks them under a lock of its own (held across fork, like the device
 * state, so that a child never inherits it taken). A program that walks
 * the same databases in another thread at the same time disturbs both
 * walks, as it would disturb any other user of those calls.
 */
#include <endian.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <shadow.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "internal_lm.h"
#include "lmaccess.h"

/* The largest buffer a *_r lookup is given before it counts as failed. */
#define NSS_BUF_MAX	(1U << 24)
#define NSS_BUF_FIRST	1024U

#define NETBUF_CONF	"etc/netbuf.conf"
#define SECONDS_PER_DAY	86400LL
/* shadow(5): a maximum age this large means the password never expires. */
#define SHADOW_NO_MAX	99999L

static pthread_mutex_t walk_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t walk_atfork_once = PTHREAD_ONCE_INIT;

static void walk_lock_take(void)
{
	pthread_mutex_lock(&walk_lock);
}

static void walk_lock_drop(void)
{
	pthread_mutex_unlock(&walk_lock);
}

static void walk_register_atfork(void)
{
	pthread_atfork(walk_lock_take, walk_lock_drop, walk_lock_drop);
}

static void walk_begin(void)
{
	pthread_once(&walk_atfork_once, walk_register_atfork);
	walk_lock_take();
}

/*
 * A lookup through one of the reentrant NSS calls with a buffer that grows
 * while the call answers ERANGE. @call returns the call's error number and
 * sets *@found. Returns 0 (and *@found, NULL when there is no entry) or an
 * error number; *@buf is the buffer to free.
 */
typedef int nss_call_fn(const void *key, void *ent, char *buf, size_t len,
			void **found);

static int nss_lookup(nss_call_fn *call, const void *key, void *ent,
		      char **buf, void **found)
{
	size_t len = NSS_BUF_FIRST;
	char *bigger;
	int err;

	*buf = NULL;
	for (;;) {
		bigger = realloc(*buf, len);
		if (!bigger)
			return ENOMEM;
		*buf = bigger;
		*found = NULL;
		err = call(key, ent, *buf, len, found);
		if (err != ERANGE)
			break;
		if (len >= NSS_BUF_MAX)
			return ENOMEM;
		len *= 2;
	}
	/* No entry is no error: ENOENT and friends mean "none" here. */
	if (err == ENOMEM)
		return ENOMEM;
	if (err)
		*found = NULL;
	return 0;
}

static int call_getpwnam(const void *key, void *ent, char *buf, size_t len,
			 void **found)
{
	return getpwnam_r(key, ent, buf, len, (struct passwd **)found);
}

static int call_getgrnam(const void *key, void *ent, char *buf, size_t len,
			 void **found)
{
	return getgrnam_r(key, ent, buf, len, (struct group **)found);
}

static int call_getgrgid(const void *key, void *ent, char *buf, size_t len,
			 void **found)
{
	return getgrgid_r(*(const gid_t *)key, ent, buf, len,
			  (struct group **)found);
}

static int call_getspnam(const void *key, void *ent, char *buf, size_t len,
			 void **found)
{
	return getspnam_r(key, ent, buf, len, (struct spwd **)found);
}

static int call_getpwent(const void *key, void *ent, char *buf, size_t len,
			 void **found)
{
	(void)key;
	return getpwent_r(ent, buf, len, (struct passwd **)found);
}

static int call_getgrent(const void *key, void *ent, char *buf, size_t len,
			 void **found)
{
	(void)key;
	return getgrent_r(ent, buf, len, (struct group **)found);
}

static int call_getspent(const void *key, void *ent, char *buf, size_t len,
			 void **found)
{
	(void)key;
	return getspent_r(ent, buf, len, (struct spwd **)found);
}

/* A growing array of @size-byte elements. */
static int push(void **arr, size_t *n, size_t *cap, size_t size,
		const void *elem)
{
	void *bigger;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		bigger = reallocarray(*arr, *cap, size);
		if (!bigger)
			return ENOMEM;
		*arr = bigger;
	}
	memcpy((char *)*arr + *n * size, elem, size);
	(*n)++;
	return 0;
}

/* One database walk, the list it fills and how an entry goes into it. */
struct walk {
	void (*set)(void);
	void (*end)(void);
	nss_call_fn *call;
	/* Copies entry @ent into the list; 0 or ENOMEM. */
	int (*take)(struct walk *w, const void *ent);
	void *list;
	size_t n, cap;
};

/* Walks a whole database under the walk lock; 0 or ENOMEM. */
static int walk_all(struct walk *w, void *ent)
{
	void *found;
	char *buf;
	int err;

	walk_begin();
	w->set();
	for (;;) {
		err = nss_lookup(w->call, NULL, ent, &buf, &found);
		if (!err && found)
			err = w->take(w, ent);
		free(buf);
		if (err || !found)
			break;
	}
	w->end();
	walk_lock_drop();
	return err;
}

/* --- the administrators' group --- */

static void admins_free(struct netbuf_admins *adm)
{
	size_t i;

	for (i = 0; i < adm->n_members; i++)
		free(adm->members[i]);
	free(adm->members);
	memset(adm, 0, sizeof(*adm));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Copies group @gr into @adm. */
static int admins_from_group(struct netbuf_admins *adm,
			     const struct group *gr)
{
	size_t n = 0;

	while (gr->gr_mem && gr->gr_mem[n])
		n++;
	adm->members = calloc(n ? n : 1, sizeof(*adm->members));
	if (!adm->members)
		return ENOMEM;
	for (adm->n_members = 0; adm->n_members < n; adm->n_members++) {
		adm->members[adm->n_members] =
			strdup(gr->gr_mem[adm->n_members]);
		if (!adm->members[adm->n_members])
			return ENOMEM;
	}
	qsort(adm->members, n, sizeof(*adm->members), cmp_str);
	adm->gid = gr->gr_gid;
	adm->valid = true;
	snprintf(adm->name, sizeof(adm->name), "%s", gr->gr_name);
	return 0;
}

/* The group named @name, if it exists, as the administrators' group. */
static int admins_try(struct netbuf_admins *adm, const char *name)
{
	struct group gr;
	void *found;
	char *buf;
	int err;

	err = nss_lookup(call_getgrnam, name, &gr, &buf, &found);
	if (!err && found)
		err = admins_from_group(adm, &gr);
	free(buf);
	return err;
}

void netbuf_admin_group_name(char *name, size_t len)
{
	const char *env = secure_getenv("NETBUF_ADMIN_GROUP");

	name[0] = '\0';
	if (env && env[0])
		snprintf(name, len, "%s", env);
	else
		netbuf_ini_get(NETBUF_CONF, "accounts", "administrators group",
			       name, len);
}

int netbuf_admins_load(struct netbuf_admins *adm)
{
	static const char *const defaults[] = { "sudo", "wheel", "admin" };
	char name[256];
	size_t i;
	int err = 0;

	memset(adm, 0, sizeof(*adm));
	netbuf_admin_group_name(name, sizeof(name));
	if (name[0]) {
		err = admins_try(adm, name);
	} else {
		for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]) &&
			    !err && !adm->valid; i++)
			err = admins_try(adm, defaults[i]);
	}
	if (err)
		admins_free(adm);
	return err;
}

void netbuf_admins_free(struct netbuf_admins *adm)
{
	admins_free(adm);
}

bool netbuf_is_admin(const struct netbuf_admins *adm, const char *name,
		     uint32_t uid, uint32_t gid)
{
	if (uid == 0)
		return true;
	if (!adm->valid)
		return false;
	return gid == adm->gid ||
	       bsearch(&name, adm->members, adm->n_members,
		       sizeof(*adm->members), cmp_str);
}

/* --- users --- */

/*
 * The GECOS field: the full name up to the first comma, and the other
 * fields (room, telephones, other) as the comment, without the empty
 * ones at the end ("Ann,,," has no comment).
 */
static int split_gecos(struct netbuf_account *a, const char *gecos)
{
	const char *comma = strchr(gecos, ',');
	size_t len;

	a->full_name = strndup(gecos, comma ? (size_t)(comma - gecos) :
				       strlen(gecos));
	if (!comma)
		a->comment = strdup("");
	else {
		len = strlen(comma + 1);
		while (len && comma[len] == ',')
			len--;
		a->comment = strndup(comma + 1, len);
	}
	return a->full_name && a->comment ? 0 : ENOMEM;
}

static long today(void)
{
	return (long)(time(NULL) / SECONDS_PER_DAY);
}

/* Seconds since 1970 of day @day, as a DWORD (saturated). */
static DWORD day_seconds(long day)
{
	long long s = day * SECONDS_PER_DAY;

	if (s < 0)
		return 0;
	return s >= (long long)UINT32_MAX ? UINT32_MAX - 1 : (DWORD)s;
}

/* The account state from its shadow entry @sp (see lmaccess.h). */
static void apply_shadow(struct netbuf_account *a, const struct spwd *sp)
{
	const char *pw = sp->sp_pwdp ? sp->sp_pwdp : "";
	long now = today();
	long long age;

	if (pw[0] == '!')
		a->flags |= UF_LOCKOUT;
	else if (pw[0] == '*')
		a->flags |= UF_ACCOUNTDISABLE;
	else if (!pw[0])
		a->flags |= UF_PASSWD_NOTREQD;
	/* Day 0 is "no expiry" as much as 1970 (shadow(5)): not expired. */
	if (sp->sp_expire > 0) {
		a->acct_expires = day_seconds(sp->sp_expire);
		if (sp->sp_expire <= now)
			a->flags |= UF_ACCOUNTDISABLE;
	}
	if (sp->sp_max < 0 || sp->sp_max >= SHADOW_NO_MAX)
		a->flags |= UF_DONT_EXPIRE_PASSWD;
	if (sp->sp_lstchg == 0 ||
	    (sp->sp_lstchg > 0 && sp->sp_max >= 0 &&
	     sp->sp_max < SHADOW_NO_MAX && sp->sp_lstchg + sp->sp_max < now)) {
		a->flags |= UF_PASSWORD_EXPIRED;
		a->password_expired = 1;
	}
	if (sp->sp_lstchg > 0) {
		age = (long long)time(NULL) - sp->sp_lstchg * SECONDS_PER_DAY;
		a->password_age = age <= 0 ? 0 :
				  age >= UINT32_MAX ? UINT32_MAX : (DWORD)age;
	}
}

/* @a from passwd entry @pw; its shadow entry when @sp is not NULL. */
static int account_from_pw(struct netbuf_account *a, const struct passwd *pw,
			   const struct spwd *sp,
			   const struct netbuf_admins *adm)
{
	memset(a, 0, sizeof(*a));
	a->uid = pw->pw_uid;
	a->gid = pw->pw_gid;
	a->flags = UF_SCRIPT | UF_NORMAL_ACCOUNT;
	a->acct_expires = TIMEQ_FOREVER;
	a->name = strdup(pw->pw_name);
	a->dir = strdup(pw->pw_dir ? pw->pw_dir : "");
	if (!a->name || !a->dir ||
	    split_gecos(a, pw->pw_gecos ? pw->pw_gecos : ""))
		return ENOMEM;
	a->priv = adm && netbuf_is_admin(adm, a->name, a->uid, a->gid) ?
			  USER_PRIV_ADMIN : USER_PRIV_USER;
	if (sp)
		apply_shadow(a, sp);
	return 0;
}

static void account_free(struct netbuf_account *a)
{
	free(a->name);
	free(a->full_name);
	free(a->comment);
	free(a->dir);
}

int netbuf_account_get(const char *name, const struct netbuf_admins *adm,
		       struct netbuf_account *a)
{
	struct passwd pw;
	struct spwd sp;
	void *found, *sp_found = NULL;
	char *buf, *sp_buf = NULL;
	int err;

	memset(a, 0, sizeof(*a));
	err = nss_lookup(call_getpwnam, name, &pw, &buf, &found);
	if (!err && !found)
		err = ENOENT;
	/* Shadow data only where the caller may read it. */
	if (!err)
		err = nss_lookup(call_getspnam, name, &sp, &sp_buf, &sp_found);
	if (!err)
		err = account_from_pw(a, &pw, sp_found ? &sp : NULL, adm);
	if (err && err != ENOENT)
		netbuf_account_free(a);
	free(buf);
	free(sp_buf);
	return err;
}

void netbuf_account_free(struct netbuf_account *a)
{
	account_free(a);
	memset(a, 0, sizeof(*a));
}

/* The state of one user from a shadow walk, by name. */
struct shadow_state {
	char *name;
	struct netbuf_account state;	/* flags and times only */
};

static int cmp_shadow(const void *a, const void *b)
{
	return strcmp(((const struct shadow_state *)a)->name,
		      ((const struct shadow_state *)b)->name);
}

static void shadow_list_free(struct shadow_state *list, size_t n)
{
	while (n--)
		free(list[n].name);
	free(list);
}

static int take_shadow(struct walk *w, const void *ent)
{
	const struct spwd *sp = ent;
	struct shadow_state st;

	memset(&st, 0, sizeof(st));
	st.name = strdup(sp->sp_namp);
	apply_shadow(&st.state, sp);
	if (st.name && !push(&w->list, &w->n, &w->cap, sizeof(st), &st))
		return 0;
	free(st.name);
	return ENOMEM;
}

/* Every readable shadow entry, sorted by name (none if unreadable). */
static int shadow_list(struct shadow_state **list, size_t *n)
{
	struct walk w = { .set = setspent, .end = endspent,
			  .call = call_getspent, .take = take_shadow };
	struct spwd sp;
	int err = walk_all(&w, &sp);

	*list = w.list;
	*n = w.n;
	if (err) {
		shadow_list_free(*list, *n);
		*list = NULL;
		*n = 0;
		return err;
	}
	qsort(*list, *n, sizeof(**list), cmp_shadow);
	return 0;
}

static int cmp_account_name(const void *a, const void *b)
{
	const struct netbuf_account *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	/* The first of one name (NSS order) wins: it is getpwnam's. */
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_account_uid(const void *a, const void *b)
{
	const struct netbuf_account *x = a, *y = b;

	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	return strcmp(x->name, y->name);
}

void netbuf_accounts_free(struct netbuf_account *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		account_free(&list[i]);
	free(list);
}

/* Sorts @list by uid and name, each name once (the first NSS gave). */
static void accounts_sort(struct netbuf_account *list, size_t *n)
{
	size_t i, kept = 0;

	qsort(list, *n, sizeof(*list), cmp_account_name);
	for (i = 0; i < *n; i++) {
		if (kept && !strcmp(list[kept - 1].name, list[i].name))
			account_free(&list[i]);
		else
			list[kept++] = list[i];
	}
	*n = kept;
	qsort(list, *n, sizeof(*list), cmp_account_uid);
}

/* Copies the shadow state of each account in @list that has one. */
static void accounts_apply_shadow(struct netbuf_account *list, size_t n,
				  const struct shadow_state *sh, size_t n_sh)
{
	const struct shadow_state *s;
	struct shadow_state key;
	size_t i;

	for (i = 0; i < n; i++) {
		key.name = list[i].name;
		s = bsearch(&key, sh, n_sh, sizeof(*sh), cmp_shadow);
		if (!s)
			continue;
		list[i].flags |= s->state.flags;
		list[i].acct_expires = s->state.acct_expires;
		list[i].password_age = s->state.password_age;
		list[i].password_expired = s->state.password_expired;
	}
}

/* The administrators' group the accounts of a walk are judged by. */
struct account_walk {
	struct walk w;
	const struct netbuf_admins *adm;
};

static int take_account(struct walk *w, const void *ent)
{
	const struct account_walk *aw = (const struct account_walk *)w;
	struct netbuf_account a;
	int err;

	err = account_from_pw(&a, ent, NULL, aw->adm);
	a.seq = w->n;
	if (!err)
		err = push(&w->list, &w->n, &w->cap, sizeof(a), &a);
	if (err)
		account_free(&a);
	return err;
}

int netbuf_accounts_list(const struct netbuf_admins *adm, bool with_shadow,
			 struct netbuf_account **list, size_t *n)
{
	struct account_walk aw = {
		.w = { .set = setpwent, .end = endpwent,
		       .call = call_getpwent, .take = take_account },
		.adm = adm,
	};
	struct shadow_state *sh = NULL;
	size_t n_sh = 0;
	struct passwd pw;
	int err;

	err = walk_all(&aw.w, &pw);
	*list = aw.w.list;
	*n = aw.w.n;
	if (!err && with_shadow)
		err = shadow_list(&sh, &n_sh);
	if (err) {
		netbuf_accounts_free(*list, *n);
		*list = NULL;
		*n = 0;
		return err;
	}
	accounts_sort(*list, n);
	accounts_apply_shadow(*list, *n, sh, n_sh);
	shadow_list_free(sh, n_sh);
	return 0;
}

/* --- groups --- */

static void group_free(struct netbuf_group *g)
{
	size_t i;

	for (i = 0; i < g->n_members; i++)
		free(g->members[i]);
	free(g->members);
	free(g->name);
}

static int group_from_gr(struct netbuf_group *g, const struct group *gr)
{
	size_t n = 0;

	memset(g, 0, sizeof(*g));
	g->gid = gr->gr_gid;
	g->name = strdup(gr->gr_name);
	while (gr->gr_mem && gr->gr_mem[n])
		n++;
	g->members = calloc(n ? n : 1, sizeof(*g->members));
	if (!g->name || !g->members)
		return ENOMEM;
	for (g->n_members = 0; g->n_members < n; g->n_members++) {
		g->members[g->n_members] = strdup(gr->gr_mem[g->n_members]);
		if (!g->members[g->n_members])
			return ENOMEM;
	}
	qsort(g->members, n, sizeof(*g->members), cmp_str);
	return 0;
}

void netbuf_group_free(struct netbuf_group *g)
{
	group_free(g);
	memset(g, 0, sizeof(*g));
}

int netbuf_group_get(const char *name, struct netbuf_group *g)
{
	struct group gr;
	void *found;
	char *buf;
	int err;

	memset(g, 0, sizeof(*g));
	err = nss_lookup(call_getgrnam, name, &gr, &buf, &found);
	if (!err && !found)
		err = ENOENT;
	if (!err) {
		err = group_from_gr(g, &gr);
		if (err)
			netbuf_group_free(g);
	}
	free(buf);
	return err;
}

static int cmp_group_name(const void *a, const void *b)
{
	const struct netbuf_group *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_group_gid(const void *a, const void *b)
{
	const struct netbuf_group *x = a, *y = b;

	if (x->gid != y->gid)
		return x->gid < y->gid ? -1 : 1;
	return strcmp(x->name, y->name);
}

void netbuf_groups_free(struct netbuf_group *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		group_free(&list[i]);
	free(list);
}

static int take_group(struct walk *w, const void *ent)
{
	struct netbuf_group g;
	int err;

	err = group_from_gr(&g, ent);
	g.seq = w->n;
	if (!err)
		err = push(&w->list, &w->n, &w->cap, sizeof(g), &g);
	if (err)
		group_free(&g);
	return err;
}

int netbuf_groups_list(struct netbuf_group **list, size_t *n)
{
	struct walk w = { .set = setgrent, .end = endgrent,
			  .call = call_getgrent, .take = take_group };
	size_t i, kept = 0;
	struct group gr;
	int err;

	err = walk_all(&w, &gr);
	*list = w.list;
	*n = w.n;
	if (err) {
		netbuf_groups_free(*list, *n);
		*list = NULL;
		*n = 0;
		return err;
	}
	qsort(*list, *n, sizeof(**list), cmp_group_name);
	for (i = 0; i < *n; i++) {
		if (kept && !strcmp((*list)[kept - 1].name, (*list)[i].name))
			group_free(&(*list)[i]);
		else
			(*list)[kept++] = (*list)[i];
	}
	*n = kept;
	qsort(*list, *n, sizeof(**list), cmp_group_gid);
	return 0;
}

bool netbuf_group_has(const struct netbuf_group *g, const char *user)
{
	return bsearch(&user, g->members, g->n_members, sizeof(*g->members),
		       cmp_str);
}

static int cmp_gid(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

	return x < y ? -1 : x > y;
}

/* The name of group @gid, or its number when it has no entry. */
static char *gid_name(gid_t gid)
{
	struct group gr;
	char *buf, *name = NULL, num[16];
	void *found = NULL;

	if (!nss_lookup(call_getgrgid, &gid, &gr, &buf, &found) && found)
		name = strdup(gr.gr_name);
	free(buf);
	if (!found) {
		snprintf(num, sizeof(num), "%u", (unsigned int)gid);
		name = strdup(num);
	}
	return name;
}

int netbuf_user_groups(const struct netbuf_account *a,
		       struct netbuf_group **list, size_t *n)
{
	gid_t *gids = NULL, *bigger;
	int ng = 32, err = 0, i;
	size_t kept = 0;

	*list = NULL;
	*n = 0;
	for (;;) {
		bigger = reallocarray(gids, (size_t)ng, sizeof(*gids));
		if (!bigger) {
			free(gids);
			return ENOMEM;
		}
		gids = bigger;
		if (getgrouplist(a->name, a->gid, gids, &ng) >= 0)
			break;
		if (ng >= NGROUPS_MAX * 16) {
			free(gids);
			return ENOMEM;
		}
		ng = ng * 2 + 1;
	}
	/* The primary group first, then the others by gid, each once. */
	for (i = 0; i < ng; i++) {
		if (gids[i] == a->gid)
			gids[i] = gids[0];
	}
	if (ng)
		gids[0] = a->gid;
	if (ng > 1)
		qsort(gids + 1, (size_t)ng - 1, sizeof(*gids), cmp_gid);
	*list = calloc((size_t)ng + 1, sizeof(**list));
	if (!*list) {
		free(gids);
		return ENOMEM;
	}
	for (i = 0; i < ng && !err; i++) {
		if (kept && gids[i] == (*list)[kept - 1].gid)
			continue;
		if (i > 0 && gids[i] == a->gid)
			continue;
		(*list)[kept].gid = gids[i];
		(*list)[kept].name = gid_name(gids[i]);
		if (!(*list)[kept++].name)
			err = ENOMEM;
	}
	free(gids);
	*n = kept;
	if (err) {
		netbuf_groups_free(*list, *n);
		*list = NULL;
		*n = 0;
	}
	return err;
}

/* --- SIDs --- */

size_t netbuf_sid(unsigned char sid[NETBUF_SID_BYTES], uint8_t authority,
		  uint32_t sub1, uint32_t sub2)
{
	uint32_t sub[2] = { sub1, sub2 };

	sid[0] = SID_REVISION;
	sid[1] = 2;
	memset(sid + 2, 0, 5);
	sid[7] = authority;
	/* Sub-authorities are little-endian DWORDs, as on Windows. */
	sub[0] = htole32(sub[0]);
	sub[1] = htole32(sub[1]);
	memcpy(sid + 8, sub, sizeof(sub));
	return NETBUF_SID_BYTES;
}
