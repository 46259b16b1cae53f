/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The account fixture of the tests of lmaccess.h (issue 18): users and
 * groups of every kind, written by the test itself into a /etc of its own.
 *
 * lm_accounts_install() moves the calling process (a child: start_child,
 * t_main_in_child) into a mount namespace of its own (and, when not root,
 * a user namespace mapping it to root), mounts a tmpfs on /tmp, binds the
 * real /etc under it and puts a tmpfs /etc in its place holding the
 * fixture's passwd, group, shadow and gshadow (mode 0600, as root's only)
 * and nsswitch.conf ("files" for
 * each) and a symbolic link to every other entry of the real /etc. Nothing
 * outside the process changes, so the tests run in the guest and on a host
 * alike; glibc's built-in files service reads the fixture in the static
 * 64-bit and 32-bit builds. lm_accounts_rewrite() replaces one of the
 * files atomically (rename), as useradd does, between two calls.
 *
 * The fixture (struct lm_user, struct lm_group below): root (uid 0), the
 * system accounts daemon and nobody, a user with no GECOS, users whose full
 * names are UTF-8 (Latin with diacritics, CJK and a character beyond the
 * BMP), a GECOS with commas (office, phones), user names of 32 and 64
 * characters (the longer without a shadow entry), a member of sudo (the
 * default administrators' group), a user in 40 groups, disabled accounts
 * ("*" as the shadow password, as system accounts have; an expired one,
 * shadow expiry day 1), locked ones ("!" alone, as useradd leaves an
 * account without password, and "!" before the hash, as passwd -l does),
 * one with an empty password, and LM_BIG_MEMBERS users nbm0000... all in
 * group nbbig (every one of them a real user with a SID). The flags
 * expected follow lmaccess.h's mapping of shadow data.
 */
#ifndef NETBUF_TEST_LM_ACCOUNTS_H
#define NETBUF_TEST_LM_ACCOUNTS_H

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "lm_common.h"
#include "lmaccess.h"

#define LM_BIG_MEMBERS	2000
#define LM_BIG_UID	10000
#define LM_BIG_GID	3000
#define LM_MANY_GROUPS	40
#define LM_MANY_GID	3100
#define LM_SUDO_GID	27
#define LM_USERS_GID	100

/* The comments of the two aliases, Windows' own. */
#define LM_ADMINS_COMMENT \
	"Administrators have complete and unrestricted access to the computer/domain"
#define LM_USERS_COMMENT \
	"Users are prevented from making accidental or intentional system-wide changes and can run most applications"

struct lm_user {
	const char *name;
	unsigned int uid, gid;
	const char *gecos;
	const char *home;
	/* The shadow password field, NULL for no shadow line. */
	const char *shadow;
	/* The shadow expiry day ("" none). */
	const char *expire;
	/* What the calls report: full name (UTF-8), admin, disabled, locked. */
	const char *full_name;
	bool admin, disabled, locked;
};

static const struct lm_user lm_users[] = {
	{ "root", 0, 0, "root", "/root", "$6$nb$root", "", "root",
	  true, false, false },
	/* System accounts: "*", no password can match (disabled). */
	{ "daemon", 1, 1, "daemon", "/usr/sbin", "*", "", "daemon",
	  false, true, false },
	{ "nobody", 65534, 65534, "nobody", "/nonexistent", "*", "", "nobody",
	  false, true, false },
	{ "nbplain", 2001, 2001, "", "/home/nbplain", "$6$nb$x", "", "",
	  false, false, false },
	{ "nbzoe", 2002, 2002,
	  "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m,Room 4.12,+33 1 23 45 67,+33 6 00 00 00 00,other",
	  "/home/nbzoe", "$6$nb$x", "",
	  "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m", false, false, false },
	/* U+5C71 U+7530 U+592A U+90CE, space, U+1F600 */
	{ "nbcjk", 2003, 2003,
	  "\xe5\xb1\xb1\xe7\x94\xb0\xe5\xa4\xaa\xe9\x83\x8e \xf0\x9f\x98\x80",
	  "/home/nbcjk", "$6$nb$x", "",
	  "\xe5\xb1\xb1\xe7\x94\xb0\xe5\xa4\xaa\xe9\x83\x8e \xf0\x9f\x98\x80",
	  false, false, false },
	{ "nbadmin", 2004, 2004, "Admin Person", "/home/nbadmin", "$6$nb$x",
	  "", "Admin Person", true, false, false },
	{ "nbmany", 2005, 2005, "Many Groups", "/home/nbmany", "$6$nb$x", "",
	  "Many Groups", false, false, false },
	{ "nbdisabled", 2006, 2006, "Disabled User,,,", "/home/nbdisabled",
	  "*", "", "Disabled User", false, true, false },
	/* passwd -l: "!" before the hash. */
	{ "nblocked", 2007, 2007, "Locked User", "/home/nblocked",
	  "!$6$nb$x", "", "Locked User", false, false, true },
	{ "nbexpired", 2008, 2008, "Expired User", "/home/nbexpired",
	  "$6$nb$x", "1", "Expired User", false, true, false },
	/* 32 characters, the longest useradd accepts by default. */
	{ "nb_user_name_of_32_characters_xx", 2009, 2009, "Thirty Two",
	  "/home/nb32", "$6$nb$x", "", "Thirty Two", false, false, false },
	/* 64 characters: NSS files takes any length; no shadow entry. */
	{ "nb_user_name_of_64_characters_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	  2010, 2010, "Sixty Four", "/home/nb64", NULL, "", "Sixty Four",
	  false, false, false },
	/* "!" alone: useradd without a password, or passwd -l of none. */
	{ "nbbang", 2011, 2011, "Bang", "/home/nbbang", "!", "", "Bang",
	  false, false, true },
	/* An empty password: none needed. */
	{ "nbnopass", 2012, 2012, "No Password", "/home/nbnopass", "", "",
	  "No Password", false, false, false },
};
#define LM_NUSERS	(sizeof(lm_users) / sizeof(lm_users[0]))

struct lm_group {
	const char *name;
	unsigned int gid;
	const char *members;	/* as in /etc/group */
};

/* nbbig and nbg01...nbg40 are written by lm_group_text(). */
static const struct lm_group lm_groups[] = {
	{ "root", 0, "" },
	{ "daemon", 1, "" },
	{ "sudo", LM_SUDO_GID, "nbadmin" },
	{ "users", LM_USERS_GID, "nbzoe,nbcjk" },
	{ "nogroup", 65534, "" },
	{ "nbplain", 2001, "" },
	{ "nbzoe", 2002, "" },
	{ "nbcjk", 2003, "" },
	{ "nbadmin", 2004, "" },
	{ "nbmany", 2005, "" },
	{ "nbdisabled", 2006, "" },
	{ "nblocked", 2007, "" },
	{ "nbexpired", 2008, "" },
	{ "nb32", 2009, "nb_user_name_of_32_characters_xx" },
	{ "nb64", 2010, "" },
	{ "nbbang", 2011, "" },
	{ "nbnopass", 2012, "" },
	/* U+00FC: a group name in UTF-8. */
	{ "nbgr\xc3\xbcppe", 3200, "nbzoe" },
	{ "nbempty", 3201, "" },
	/* A member without a passwd entry: no member at all. */
	{ "nbghosts", 3202, "nbghost,nbplain" },
};
#define LM_NGROUPS	(sizeof(lm_groups) / sizeof(lm_groups[0]))

static inline const struct lm_user *lm_user(const char *name)
{
	size_t i;

	for (i = 0; i < LM_NUSERS; i++)
		if (!strcmp(lm_users[i].name, name))
			return &lm_users[i];
	return NULL;
}

/*
 * The comment of u: its GECOS after the full name (room, telephones,
 * other), without the empty fields at the end ("Ann,,," has none).
 */
static inline const char *lm_comment(const struct lm_user *u, char *buf,
				     size_t len)
{
	const char *comma = strchr(u->gecos, ',');
	size_t n;

	snprintf(buf, len, "%s", comma ? comma + 1 : "");
	n = strlen(buf);
	while (n && buf[n - 1] == ',')
		buf[--n] = '\0';
	return buf;
}

/* ---- Text of the files -------------------------------------------------- */

struct lm_text {
	char *s;
	size_t len, size;
};

T_PRINTF(2, 3) static inline void lm_append(struct lm_text *t,
					    const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s ? t->s + t->len : NULL,
			      t->s ? t->size - t->len : 0, fmt, ap);
		va_end(ap);
		REQUIRE(n >= 0);
		if (t->s && t->len + (size_t)n < t->size)
			break;
		t->size = (t->size + (size_t)n + 1) * 2;
		t->s = realloc(t->s, t->size);
		REQUIRE(t->s);
	}
	t->len += (size_t)n;
}

/* The name of user i of nbbig. */
static inline const char *lm_big_name(unsigned int i, char *buf)
{
	sprintf(buf, "nbm%04u", i % 10000);
	return buf;
}

/*
 * /etc/passwd: the fixture's users, then the LM_BIG_MEMBERS of nbbig, then
 * extra (NULL: none), with the users whose name is in skip (NULL-ended)
 * left out.
 */
static inline char *lm_passwd_text(const char *extra, const char *const *skip)
{
	struct lm_text t = { 0 };
	const char *const *k;
	char name[16];
	unsigned int i;

	for (i = 0; i < LM_NUSERS; i++) {
		const struct lm_user *u = &lm_users[i];

		for (k = skip; k && *k && strcmp(*k, u->name); k++)
			;
		if (k && *k)
			continue;
		lm_append(&t, "%s:x:%u:%u:%s:%s:/bin/sh\n", u->name, u->uid,
			  u->gid, u->gecos, u->home);
	}
	for (i = 0; i < LM_BIG_MEMBERS; i++)
		lm_append(&t, "%s:x:%u:%u:Member %u:/home/m:/bin/sh\n",
			  lm_big_name(i, name), LM_BIG_UID + i, LM_BIG_GID, i);
	if (extra)
		lm_append(&t, "%s", extra);
	return t.s;
}

static inline char *lm_group_text(void)
{
	struct lm_text t = { 0 };
	char name[16];
	unsigned int i;

	for (i = 0; i < LM_NGROUPS; i++)
		lm_append(&t, "%s:x:%u:%s\n", lm_groups[i].name,
			  lm_groups[i].gid, lm_groups[i].members);
	lm_append(&t, "nbbig:x:%u:", LM_BIG_GID);
	for (i = 0; i < LM_BIG_MEMBERS; i++)
		lm_append(&t, "%s%s", i ? "," : "", lm_big_name(i, name));
	lm_append(&t, "\n");
	for (i = 1; i <= LM_MANY_GROUPS; i++)
		lm_append(&t, "nbg%02u:x:%u:nbmany%s\n", i, LM_MANY_GID + i,
			  i == 1 ? ",nbzoe" : "");
	return t.s;
}

static inline char *lm_shadow_text(void)
{
	struct lm_text t = { 0 };
	unsigned int i;

	for (i = 0; i < LM_NUSERS; i++)
		if (lm_users[i].shadow)
			lm_append(&t, "%s:%s:19000:0:99999:7::%s:\n",
				  lm_users[i].name, lm_users[i].shadow,
				  lm_users[i].expire);
	return t.s;
}

/* ---- The private /etc --------------------------------------------------- */

#define LM_ETC		"/tmp/nb-etc"
#define LM_REAL_ETC	"/tmp/nb-real-etc"

static inline void lm_write_file_mode(const char *path, const char *text,
				      mode_t mode)
{
	size_t len = strlen(text);
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || close(fd) < 0)
		FATAL("write %s: %s", path, errno_name(errno));
	/* Whatever the umask: the shadow files are root's only. */
	if (chmod(path, mode) < 0)
		FATAL("chmod %s: %s", path, errno_name(errno));
}

static inline void lm_write_file(const char *path, const char *text)
{
	lm_write_file_mode(path, text, 0644);
}

/* Replaces /etc/name with text at once (a rename), as useradd does. */
static inline void lm_accounts_rewrite(const char *name, const char *text)
{
	char tmp[96], path[96];

	snprintf(tmp, sizeof(tmp), LM_ETC "/.%s.new", name);
	snprintf(path, sizeof(path), LM_ETC "/%s", name);
	lm_write_file(tmp, text);
	if (rename(tmp, path) < 0)
		FATAL("rename %s to %s: %s", tmp, path, errno_name(errno));
}

static inline bool lm_fixture_file(const char *name)
{
	static const char *const files[] = {
		"passwd", "group", "shadow", "gshadow", "nsswitch.conf", NULL
	};
	const char *const *f;

	for (f = files; *f; f++)
		if (!strcmp(*f, name))
			return true;
	return false;
}

/* Not root (a host): root of a user namespace of our own. */
static inline void lm_become_root(void)
{
	unsigned int uid = geteuid(), gid = getegid();
	char map[64];

	if (unshare(CLONE_NEWUSER) < 0)
		t_skip("not root, and no user namespace (%s): the fixture needs a mount namespace",
		       errno_name(errno));
	snprintf(map, sizeof(map), "0 %u 1", uid);
	REQUIRE(write_text("/proc/self/uid_map", map) == 0);
	REQUIRE(write_text("/proc/self/setgroups", "deny") == 0);
	snprintf(map, sizeof(map), "0 %u 1", gid);
	REQUIRE(write_text("/proc/self/gid_map", map) == 0);
}

static inline void lm_accounts_install(void)
{
	char from[300], to[300], *text;
	struct dirent *d;
	DIR *dir;

	if (geteuid() != 0)
		lm_become_root();
	if (unshare(CLONE_NEWNS) < 0)
		FATAL("unshare(CLONE_NEWNS): %s", errno_name(errno));
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		FATAL("mount --make-rprivate /: %s", errno_name(errno));
	if (mount("nb-tmp", "/tmp", "tmpfs", 0, "mode=1777") < 0)
		FATAL("mount a tmpfs on /tmp: %s", errno_name(errno));
	if (mkdir(LM_REAL_ETC, 0755) < 0 || mkdir(LM_ETC, 0755) < 0)
		FATAL("mkdir under /tmp: %s", errno_name(errno));
	if (mount("/etc", LM_REAL_ETC, NULL, MS_BIND | MS_REC, NULL) < 0)
		FATAL("bind /etc on " LM_REAL_ETC ": %s", errno_name(errno));
	dir = opendir(LM_REAL_ETC);
	if (!dir)
		FATAL("opendir " LM_REAL_ETC ": %s", errno_name(errno));
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..") ||
		    lm_fixture_file(d->d_name))
			continue;
		snprintf(from, sizeof(from), LM_REAL_ETC "/%s", d->d_name);
		snprintf(to, sizeof(to), LM_ETC "/%s", d->d_name);
		if (symlink(from, to) < 0)
			FATAL("symlink %s: %s", to, errno_name(errno));
	}
	closedir(dir);
	lm_write_file(LM_ETC "/nsswitch.conf",
		      "passwd: files\ngroup: files\nshadow: files\ngshadow: files\n");
	text = lm_passwd_text(NULL, NULL);
	lm_write_file(LM_ETC "/passwd", text);
	free(text);
	text = lm_group_text();
	lm_write_file(LM_ETC "/group", text);
	free(text);
	text = lm_shadow_text();
	lm_write_file_mode(LM_ETC "/shadow", text, 0600);
	free(text);
	lm_write_file_mode(LM_ETC "/gshadow", "", 0600);
	if (mount(LM_ETC, "/etc", NULL, MS_BIND, NULL) < 0)
		FATAL("bind " LM_ETC " on /etc: %s", errno_name(errno));
	/* No smb.conf or sssd.conf: WORKGROUP, not joined. */
	lm_sysroot(NULL, NULL);
}

/*
 * The whole of a test whose checks run in a child (t_main_in_child) with
 * an alarm of timeout_s seconds, three times that under the debug
 * kernel's sanitizers (its harness waits 900 s): the fixture has 2,000
 * accounts more.
 */
static inline int lm_main(const char *argv0, int (*child)(void *),
			  unsigned int timeout_s)
{
	int status;

	t_init(argv0, t_sanitized_kernel() ? 3 * timeout_s : timeout_s);
	status = run_child(child, NULL);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("no mount namespace for the account fixture");
	EXPECT_EXIT(status, 0);
	return t_done();
}

/*
 * A paged enumeration asks for prefmaxlen bytes for its first
 * LM_SMALL_CALLS calls (the fixture's own accounts and groups, the first
 * of nbbig), then LM_LATER_BYTES: every call costs one pass over the
 * databases, and 2,000 calls of one entry would take minutes.
 */
#define LM_SMALL_CALLS	64
#define LM_LATER_BYTES	8192

static inline DWORD lm_prefmaxlen(DWORD prefmaxlen, DWORD calls)
{
	if (calls < LM_SMALL_CALLS || prefmaxlen == MAX_PREFERRED_LENGTH ||
	    prefmaxlen >= LM_LATER_BYTES)
		return prefmaxlen;
	return LM_LATER_BYTES;
}

/* ---- Checks of what the calls return ------------------------------------ */

/* UTF-8 (valid) to code points of unit bytes (2: UTF-16, 4: UTF-32). */
static inline void lm_utf8_units(const char *s, void *out, size_t unit,
				 size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	uint32_t c;

	while (*p && n + 3 < max) {
		if (*p < 0x80) {
			c = *p++;
		} else if (*p < 0xe0) {
			c = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
			p += 2;
		} else if (*p < 0xf0) {
			c = (uint32_t)(p[0] & 0x0f) << 12 |
			    (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
			p += 3;
		} else {
			c = (uint32_t)(p[0] & 0x07) << 18 |
			    (uint32_t)(p[1] & 0x3f) << 12 |
			    (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
			p += 4;
		}
		if (unit == 4) {
			((uint32_t *)out)[n++] = c;
		} else if (c > 0xffff) {
			((uint16_t *)out)[n++] = (uint16_t)(0xd800 +
					((c - 0x10000) >> 10));
			((uint16_t *)out)[n++] = (uint16_t)(0xdc00 +
					((c - 0x10000) & 0x3ff));
		} else {
			((uint16_t *)out)[n++] = (uint16_t)c;
		}
	}
	if (unit == 4)
		((uint32_t *)out)[n] = 0;
	else
		((uint16_t *)out)[n] = 0;
}

/*
 * A WCHAR string as UTF-8 for messages (printf's %ls stops at the first
 * non-ASCII character in the C locale): one of 4 buffers used in turn.
 */
static inline const char *lm_narrow(const WCHAR *w)
{
	static __thread char bufs[4][1024];
	static __thread unsigned int next;
	char *b = bufs[next++ % 4], *p = b;
	uint32_t c;

	if (!w)
		return "(null)";
	for (; *w && p < b + sizeof(bufs[0]) - 5; w++) {
		c = (uint32_t)*w;
		if (sizeof(WCHAR) == 2 && c >= 0xd800 && c < 0xdc00 &&
		    w[1] >= 0xdc00 && w[1] < 0xe000) {
			c = 0x10000 + ((c - 0xd800) << 10) + ((uint32_t)w[1] - 0xdc00);
			w++;
		}
		if (c < 0x80) {
			*p++ = (char)c;
		} else if (c < 0x800) {
			*p++ = (char)(0xc0 | c >> 6);
			*p++ = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			*p++ = (char)(0xe0 | c >> 12);
			*p++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*p++ = (char)(0x80 | (c & 0x3f));
		} else {
			*p++ = (char)(0xf0 | c >> 18);
			*p++ = (char)(0x80 | ((c >> 12) & 0x3f));
			*p++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*p++ = (char)(0x80 | (c & 0x3f));
		}
	}
	*p = '\0';
	return b;
}

/* The WCHAR string w equals the UTF-8 string want (in either mode). */
static inline bool t_expect_text(const char *file, int line, const char *expr,
				 const WCHAR *w, const char *want)
{
	uint32_t buf[300];

	lm_utf8_units(want, buf, sizeof(WCHAR), 300);
	if (!w) {
		t_fail_at(file, line, "%s: expected \"%s\", got NULL", expr,
			  want);
		return false;
	}
	return t_expect_units(file, line, expr, w, buf, sizeof(WCHAR));
}
#define EXPECT_TEXT(w, want) \
	t_expect_text(__FILE__, __LINE__, #w, (w), (want))

/*
 * The binary SID at sid is S-1-auth-sub[0]-...: revision 1, n
 * sub-authorities, the 48-bit authority big-endian, then the
 * sub-authorities as host-order DWORDs (Windows' SID layout).
 */
static inline bool t_expect_sid(const char *file, int line, const char *expr,
				const void *sid, unsigned int auth,
				unsigned int n, const uint32_t *sub)
{
	const uint8_t *b = sid;
	uint8_t want[8 + 4 * 8] = { 1, (uint8_t)n, 0, 0, 0, 0, 0,
				    (uint8_t)auth };
	unsigned int i;

	memcpy(want + 8, sub, 4 * n);
	if (!sid) {
		t_fail_at(file, line, "%s: expected a SID, got NULL", expr);
		return false;
	}
	if (!memcmp(b, want, 8 + 4 * n))
		return true;
	{
		char got[128], exp[128];
		size_t g = 0, e = 0;

		for (i = 0; i < 8 + 4 * n; i++) {
			g += (size_t)snprintf(got + g, sizeof(got) - g, "%02x",
					      b[i]);
			e += (size_t)snprintf(exp + e, sizeof(exp) - e, "%02x",
					      want[i]);
		}
		t_fail_at(file, line, "%s: expected SID bytes %s, got %s",
			  expr, exp, got);
	}
	return false;
}

/* S-1-22-1-uid (a user) or S-1-22-2-gid (a group). */
#define EXPECT_UNIX_SID(sid, kind, id) \
	t_expect_sid(__FILE__, __LINE__, #sid, (sid), 22, 2, \
		     (const uint32_t[]){ (kind), (id) })
/* S-1-5-32-rid: BUILTIN\Administrators (544), BUILTIN\Users (545). */
#define EXPECT_BUILTIN_SID(sid, rid) \
	t_expect_sid(__FILE__, __LINE__, #sid, (sid), 5, 2, \
		     (const uint32_t[]){ 32, (rid) })

/* Bytes of a SID: 8 + 4 per sub-authority. */
static inline size_t lm_sid_len(const void *sid)
{
	return 8 + 4 * (size_t)((const uint8_t *)sid)[1];
}

/* The library's context holds no buffer, and nor does the module. */
static inline void lm_expect_freed(const char *file, int line)
{
	int fd, n = netbuf_fds(&fd, 1);

	if (n == 1)
		t_expect_u64(file, line, "fdinfo netbuf-buffers",
			     fdinfo_value(fd, "netbuf-buffers"), 0);
	t_expect_u64(file, line, SYSFS_BUFFERS, counter_read(SYSFS_BUFFERS), 0);
}
#define EXPECT_FREED() lm_expect_freed(__FILE__, __LINE__)

#endif /* NETBUF_TEST_LM_ACCOUNTS_H */
