// SPDX-License-Identifier: GPL-2.0
/*
 * netbuf-stat: what the netbuf module holds, as a table or as JSON, once or
 * every few seconds. The module-wide counters come from
 * /sys/class/misc/netbuf, the limits from /sys/module/netbuf/parameters,
 * and each open context's figures from /proc/<pid>/fdinfo/<fd> (only the
 * processes this user may inspect).
 *
 * The module publishes no per-user figure: what each user is charged
 * against max_user_bytes is derived here from the fdinfo of that user's
 * contexts and the charges sysfs publishes (charge_*_bytes), as the module
 * computes it (kmod/netbuf_user.c).
 *
 * A "raise it" hint is given only for a limit that refused allocations
 * between two readings (watch mode, -i): the hit counters count since
 * load, so a single reading cannot tell whether a limit is still hit.
 *
 * Exit status: 0, 1 when the module is not loaded or its counters cannot
 * be read (or -p names no process), 2 on a usage error.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "module_hint.h"

#ifndef NETBUF_VERSION
#define NETBUF_VERSION	"unknown"	/* the Makefile passes VERSION */
#endif

#define SYSFS_DIR	"/sys/class/misc/netbuf"
#define PARAMS_DIR	"/sys/module/netbuf/parameters"
#define DEVICE		"/dev/netbuf"
#define MAX_INTERVAL	86400.0

/* How a counter changes between two readings. */
enum kind {
	GAUGE,		/* held now: the change may be negative */
	SINCE_LOAD,	/* counted since load: the change is what happened */
};

struct row {
	const char *name;	/* file in SYSFS_DIR */
	const char *label;	/* as printed, indented under its sum */
	const char *param;	/* the limit it counts, or NULL */
	const char *meaning;
	enum kind kind;
	bool size;		/* bytes: printed human-readable unless -b */
	bool optional;		/* absent from modules without small buffers */
};

static const struct row rows[] = {
	{ "contexts", "contexts", NULL, "open contexts (opens of " DEVICE ")",
	  GAUGE, false, false },
	{ "buffers", "buffers", NULL, "live buffers", GAUGE, false, false },
	{ "bytes", "bytes", NULL, "page-rounded bytes of live buffers",
	  GAUGE, true, false },
	{ "alloc_failures", "alloc_failures", NULL,
	  "allocations short of memory or of window room", SINCE_LOAD, false,
	  false },
	{ "limit_hits", "limit_hits", NULL, "allocations refused by a limit:",
	  SINCE_LOAD, false, false },
	{ "limit_hits_max_bytes", "  max_bytes", "max_bytes",
	  "  bytes per context, limit", SINCE_LOAD, false, false },
	{ "limit_hits_max_buffers", "  max_buffers", "max_buffers",
	  "  buffers per context, limit", SINCE_LOAD, false, false },
	{ "limit_hits_max_user_bytes", "  max_user_bytes", "max_user_bytes",
	  "  bytes per user, limit", SINCE_LOAD, false, false },
	{ "small_buffers", "small_buffers", NULL,
	  "live buffers in shared pages (of buffers)", GAUGE, false, true },
	{ "small_pages", "small_pages", NULL, "shared pages held",
	  GAUGE, false, true },
	{ "small_overwrites", "small_overwrites", NULL,
	  "freed small slots found written (an overflow)", SINCE_LOAD, false,
	  true },
};

#define NR_ROWS		(sizeof(rows) / sizeof(rows[0]))

/* What max_user_bytes charges, from sysfs; absent on older modules. */
static const char *const charge_names[] = {
	"charge_context_bytes", "charge_buffer_bytes",
	"charge_small_buffer_bytes", "charge_small_page_bytes",
	"charge_meta_page_bytes",
};

/* Charges from CH_META_PAGE on are optional: 0 where the module has none. */
enum {
	CH_CONTEXT, CH_BUFFER, CH_SMALL_BUFFER, CH_SMALL_PAGE, CH_META_PAGE,
	NR_CHARGES
};

/* The page array of a buffer of two pages or more (netbuf_user.c). */
#define PAGE_ARRAY_CHARGE	16

struct context {
	int pid, fd;
	unsigned int uid;
	uint64_t id;		/* netbuf-context-id; 0 from older modules */
	char comm[64];
	uint64_t buffers, bytes, peak, window, small_buffers, small_pages;
	uint64_t meta_pages;
};

struct user {
	unsigned int uid;
	unsigned int contexts;
	uint64_t charged, charged_max;
};

struct reading {
	uint64_t value[NR_ROWS];
	bool present[NR_ROWS];
	uint64_t limit[NR_ROWS];	/* for rows with a param */
	bool has_limit[NR_ROWS];
	uint64_t charge[NR_CHARGES];
	bool has_charges;
	struct context *ctx;
	size_t nr_ctx, cap_ctx;
	bool proc_error;		/* /proc unreadable: errno in proc_errno */
	int proc_errno;
	struct timespec when;
};

struct options {
	bool totals_only, raw, json;
	double interval;	/* 0: one reading */
	long count;		/* reports in watch mode; 0: until killed */
	int pid;		/* 0: every process */
};

static const char *prog = "netbuf-stat";

/* One decimal number from a sysfs file; false with errno set if none. */
static bool read_u64(const char *dir, const char *name, uint64_t *value)
{
	char path[PATH_MAX], buf[64], *end;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	errno = 0;
	*value = strtoull(buf, &end, 10);
	if (end == buf || errno) {
		errno = EINVAL;
		return false;
	}
	return true;
}

/* The module's counters, limits and charges; false (said why) if absent. */
static bool read_totals(struct reading *r)
{
	size_t i;

	for (i = 0; i < NR_ROWS; i++) {
		r->present[i] = read_u64(SYSFS_DIR, rows[i].name, &r->value[i]);
		if (rows[i].param)
			r->has_limit[i] = read_u64(PARAMS_DIR, rows[i].param,
						   &r->limit[i]);
		if (r->present[i] || (rows[i].optional && errno == ENOENT))
			continue;
		if (errno == ENOENT && access(SYSFS_DIR, F_OK) < 0) {
			fprintf(stderr,
				"%s: %s does not exist: the netbuf module is not loaded.\n"
				"Load it with 'modprobe netbuf' (after make install or DKMS) or\n"
				"'insmod kmod/netbuf.ko' in the source tree.\n",
				prog, SYSFS_DIR);
			netbuf_explain_not_loaded(prog);
		} else if (errno == ENOENT) {
			fprintf(stderr,
				"%s: %s/%s does not exist: the loaded netbuf module is\n"
				"older than this tool; reload the installed one (rmmod netbuf; modprobe netbuf).\n",
				prog, SYSFS_DIR, rows[i].name);
		} else {
			fprintf(stderr, "%s: %s/%s: %s\n", prog, SYSFS_DIR,
				rows[i].name, strerror(errno));
		}
		return false;
	}
	r->has_charges = true;
	for (i = 0; i < NR_CHARGES; i++)
		if (!read_u64(SYSFS_DIR, charge_names[i], &r->charge[i])) {
			r->charge[i] = 0;
			if (i < CH_META_PAGE)
				r->has_charges = false;
		}
	return true;
}

/* The value of "key:\t<value>" in an fdinfo file, or 0. */
static uint64_t fdinfo_field(const char *text, const char *key)
{
	size_t len = strlen(key);
	const char *p;

	for (p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, len) && p[len] == ':')
			return strtoull(p + len + 1, NULL, 10);
	return 0;
}

/* The first line of /proc/<pid>/<name> into buf, without its newline. */
static bool read_proc_line(const char *pid, const char *name, char *buf,
			   size_t len)
{
	char path[PATH_MAX];
	bool ok = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/%s", pid, name);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fgets(buf, (int)len, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		ok = true;
	}
	fclose(f);
	return ok;
}

/* The real uid of @pid: the module charges the opener's (current_uid()). */
static unsigned int proc_uid(const char *pid)
{
	char path[PATH_MAX], line[256];
	unsigned int uid = (unsigned int)-1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	f = fopen(path, "re");
	if (!f)
		return uid;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Uid: %u", &uid) == 1)
			break;
	fclose(f);
	return uid;
}

static struct context *add_context(struct reading *r)
{
	struct context *c;

	if (r->nr_ctx == r->cap_ctx) {
		size_t cap = r->cap_ctx ? 2 * r->cap_ctx : 16;

		c = realloc(r->ctx, cap * sizeof(*c));
		if (!c)
			return NULL;
		r->ctx = c;
		r->cap_ctx = cap;
	}
	c = &r->ctx[r->nr_ctx++];
	memset(c, 0, sizeof(*c));
	return c;
}

/* One context per descriptor of @pid that is /dev/netbuf. */
static void read_process(struct reading *r, const char *pid)
{
	char path[PATH_MAX], target[PATH_MAX], text[2048];
	struct context *c;
	struct dirent *de;
	ssize_t len;
	size_t n;
	DIR *fds;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	fds = opendir(path);
	if (!fds)
		return;	/* gone, or not ours to inspect */
	while ((de = readdir(fds))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid, de->d_name);
		len = readlink(path, target, sizeof(target) - 1);
		if (len < 0)
			continue;
		target[len] = '\0';
		if (strcmp(target, DEVICE))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fdinfo/%s", pid,
			 de->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
		text[n] = '\0';
		if (!strstr(text, "netbuf-buffers:"))
			continue;	/* a module without fdinfo */
		c = add_context(r);
		if (!c)
			break;
		c->pid = atoi(pid);
		c->fd = atoi(de->d_name);
		c->uid = proc_uid(pid);
		if (!read_proc_line(pid, "comm", c->comm, sizeof(c->comm)))
			strcpy(c->comm, "?");
		c->id = fdinfo_field(text, "netbuf-context-id");
		c->buffers = fdinfo_field(text, "netbuf-buffers");
		c->bytes = fdinfo_field(text, "netbuf-bytes");
		c->peak = fdinfo_field(text, "netbuf-peak-bytes");
		c->window = fdinfo_field(text, "netbuf-window-bytes");
		c->small_buffers = fdinfo_field(text, "netbuf-small-buffers");
		c->small_pages = fdinfo_field(text, "netbuf-small-pages");
		c->meta_pages = fdinfo_field(text, "netbuf-meta-pages");
	}
	closedir(fds);
}

static void read_contexts(struct reading *r, int only_pid)
{
	struct dirent *de;
	char pid[32];
	DIR *proc;

	if (only_pid) {
		snprintf(pid, sizeof(pid), "%d", only_pid);
		read_process(r, pid);
		return;
	}
	proc = opendir("/proc");
	if (!proc) {
		r->proc_error = true;
		r->proc_errno = errno;
		return;
	}
	while ((de = readdir(proc)))
		if (isdigit((unsigned char)de->d_name[0]))
			read_process(r, de->d_name);
	closedir(proc);
}

static bool take_reading(struct reading *r, const struct options *o)
{
	r->nr_ctx = 0;
	r->proc_error = false;
	clock_gettime(CLOCK_REALTIME, &r->when);
	if (!read_totals(r))
		return false;
	if (!o->totals_only)
		read_contexts(r, o->pid);
	return true;
}

/*
 * What the module charges @c's user for it: the context, each page-backed
 * buffer (its pages and descriptor), each small buffer and shared page,
 * each metadata page (Size's, read-only).
 * The page arrays of buffers of two pages or more (16 bytes a page) are
 * not in fdinfo: *max counts them as if every page-backed page had one.
 */
static uint64_t context_charge(const struct reading *r,
			       const struct context *c, uint64_t *max)
{
	uint64_t ps = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t pages = c->bytes / ps, small_pages = c->small_pages;
	uint64_t buffers = c->buffers, small = c->small_buffers, charge;

	small = small < buffers ? small : buffers;
	small_pages = small_pages < pages ? small_pages : pages;
	charge = r->charge[CH_CONTEXT] +
		 (pages - small_pages) * ps +
		 (buffers - small) * r->charge[CH_BUFFER] +
		 small * r->charge[CH_SMALL_BUFFER] +
		 small_pages * r->charge[CH_SMALL_PAGE] +
		 c->meta_pages * r->charge[CH_META_PAGE];
	*max = charge;
	if (pages - small_pages >= 2)
		*max += (pages - small_pages) * PAGE_ARRAY_CHARGE;
	return charge;
}

/*
 * Whether @i is the first descriptor of its context: a forked child or a
 * process handed the descriptor holds the same context, counted once.
 */
static bool first_of_context(const struct reading *r, size_t i)
{
	size_t j;

	for (j = 0; j < i && r->ctx[i].id; j++)
		if (r->ctx[j].id == r->ctx[i].id)
			return false;
	return true;
}

/* How many contexts the descriptors read hold. */
static size_t distinct_contexts(const struct reading *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nr_ctx; i++)
		n += first_of_context(r, i);
	return n;
}

/* The users of the contexts read, in order of uid; NULL when none. */
static struct user *users_of(const struct reading *r, size_t *nr)
{
	struct user *u = calloc(r->nr_ctx ? r->nr_ctx : 1, sizeof(*u));
	size_t i, j, n = 0;
	uint64_t max;

	*nr = 0;
	if (!u || !r->has_charges)
		return u;
	for (i = 0; i < r->nr_ctx; i++) {
		const struct context *c = &r->ctx[i];

		if (!first_of_context(r, i))
			continue;
		for (j = 0; j < n && u[j].uid != c->uid; j++)
			;
		if (j == n) {
			/* Kept sorted by uid: insert before the first larger. */
			for (j = 0; j < n && u[j].uid < c->uid; j++)
				;
			memmove(&u[j + 1], &u[j], (n - j) * sizeof(*u));
			memset(&u[j], 0, sizeof(*u));
			u[j].uid = c->uid;
			n++;
		}
		u[j].contexts++;
		u[j].charged += context_charge(r, c, &max);
		u[j].charged_max += max;
	}
	*nr = n;
	return u;
}

/* @v as printed: bytes with -b, else B, KiB, MiB, GiB ... */
static const char *fmt_size(uint64_t v, bool raw, char *buf, size_t len)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB",
					    "PiB", "EiB" };
	double d = (double)v;
	int u = -1;

	if (raw || v < 1024) {
		snprintf(buf, len, raw ? "%" PRIu64 : "%" PRIu64 " B", v);
		return buf;
	}
	while (d >= 1024 && u < 5) {
		d /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", d, unit[u]);
	return buf;
}

/* A change as printed: +N, -N, with a size unit unless -b. */
static const char *fmt_change(int64_t d, bool size, bool raw, char *buf,
			      size_t len)
{
	char v[24];
	uint64_t mag = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;

	if (size)
		fmt_size(mag, raw, v, sizeof(v));
	else
		snprintf(v, sizeof(v), "%" PRIu64, mag);
	snprintf(buf, len, "%c%s", d < 0 ? '-' : '+', v);
	return buf;
}

static const char *user_name(unsigned int uid)
{
	struct passwd *pw = getpwuid(uid);

	return pw ? pw->pw_name : NULL;
}

/* -- human output ------------------------------------------------------ */

static void print_totals(const struct reading *r, const struct reading *prev,
			 const struct options *o)
{
	char val[32], chg[32], lim[32];
	size_t i;

	printf("module totals (%s)\n", SYSFS_DIR);
	if (prev)
		printf("  %-18s %14s %12s  %s\n", "counter", "value", "change",
		       "meaning");
	else
		printf("  %-18s %14s  %s\n", "counter", "value", "meaning");
	for (i = 0; i < NR_ROWS; i++) {
		if (!r->present[i])
			continue;
		if (rows[i].size)
			fmt_size(r->value[i], o->raw, val, sizeof(val));
		else
			snprintf(val, sizeof(val), "%" PRIu64, r->value[i]);
		printf("  %-18s %14s", rows[i].label, val);
		if (prev)
			printf(" %12s", fmt_change((int64_t)(r->value[i] -
							     prev->value[i]),
						   rows[i].size, o->raw, chg,
						   sizeof(chg)));
		printf("  %s", rows[i].meaning);
		if (rows[i].param && r->has_limit[i]) {
			/* max_buffers counts buffers, the others bytes. */
			if (!strcmp(rows[i].param, "max_buffers"))
				snprintf(lim, sizeof(lim), "%" PRIu64,
					 r->limit[i]);
			else
				fmt_size(r->limit[i], o->raw, lim, sizeof(lim));
			printf(" %s", lim);
		}
		putchar('\n');
	}
}

/* The limits' hits: a hint while they are hit, a note otherwise. */
static void print_hints(const struct reading *r, const struct reading *prev,
			const struct options *o, bool *hinted)
{
	size_t i;

	for (i = 0; i < NR_ROWS; i++) {
		uint64_t hits;

		if (!rows[i].param)
			continue;
		if (!prev) {
			if (r->value[i])
				printf("note: %s refused %" PRIu64
				       " allocation%s since the module was loaded; "
				       "'%s -i 5' shows whether it still does\n",
				       rows[i].param, r->value[i],
				       r->value[i] == 1 ? "" : "s", prog);
			continue;
		}
		hits = r->value[i] - prev->value[i];
		if (hits) {
			printf("hint: %s refused %" PRIu64
			       " allocation%s in the last %g s; raise it with\n"
			       "  echo N > %s/%s   (or options netbuf %s=N in /etc/modprobe.d/)\n",
			       rows[i].param, hits, hits == 1 ? "" : "s",
			       o->interval, PARAMS_DIR, rows[i].param,
			       rows[i].param);
			hinted[i] = true;
		} else if (hinted[i]) {
			printf("cleared: %s refused nothing in the last %g s\n",
			       rows[i].param, o->interval);
			hinted[i] = false;
		}
	}
}

static void print_contexts(const struct reading *r, const struct options *o)
{
	char b[32], p[32], w[32];
	size_t i;

	if (o->pid)
		printf("\ncontexts of process %d (/proc/%d/fdinfo/<fd>)\n",
		       o->pid, o->pid);
	else
		printf("\ncontexts by process (/proc/<pid>/fdinfo/<fd>)\n");
	if (r->proc_error) {
		printf("  /proc: %s\n", strerror(r->proc_errno));
		return;
	}
	if (!r->nr_ctx) {
		printf("  none%s\n", geteuid() ?
		       " that this user may inspect (root sees all)" : "");
		return;
	}
	printf("  %7s %4s %10s %14s %14s %14s  %s\n", "pid", "fd", "buffers",
	       "bytes", "peak-bytes", "window-bytes", "command");
	for (i = 0; i < r->nr_ctx; i++) {
		const struct context *c = &r->ctx[i];

		printf("  %7d %4d %10" PRIu64 " %14s %14s %14s  %s\n", c->pid,
		       c->fd, c->buffers, fmt_size(c->bytes, o->raw, b, sizeof(b)),
		       fmt_size(c->peak, o->raw, p, sizeof(p)),
		       fmt_size(c->window, o->raw, w, sizeof(w)), c->comm);
	}
}

/* Index of the row named @name. */
static size_t row_index(const char *name)
{
	size_t i;

	for (i = 0; i < NR_ROWS && strcmp(rows[i].name, name); i++)
		;
	return i;
}

static void print_users(const struct reading *r, const struct options *o)
{
	size_t i, nr, lim = row_index("limit_hits_max_user_bytes");
	uint64_t max_user = r->limit[lim], total;
	size_t seen;
	char c[32], m[32], l[32], name[32];
	struct user *u;

	printf("\nuse by user, against max_user_bytes (derived: the sum of "
	       "the charges of each\n"
	       "user's contexts above; the module publishes no per-user figure)\n");
	if (!r->has_charges) {
		printf("  unknown: this module publishes no charge_*_bytes in %s\n",
		       SYSFS_DIR);
		return;
	}
	u = users_of(r, &nr);
	if (!nr) {
		printf("  none\n");
		free(u);
		return;
	}
	printf("  %7s %-12s %8s %14s %14s %7s\n", "uid", "user", "contexts",
	       "charged", "limit", "use");
	for (i = 0; i < nr; i++) {
		const char *n = user_name(u[i].uid);
		double pct = max_user ? 100.0 * (double)u[i].charged /
					(double)max_user : 0;

		snprintf(name, sizeof(name), "%s", n ? n : "?");
		printf("  %7u %-12s %8u %14s %14s %6.1f%%", u[i].uid, name,
		       u[i].contexts, fmt_size(u[i].charged, o->raw, c, sizeof(c)),
		       r->has_limit[lim] ? fmt_size(max_user, o->raw, l, sizeof(l))
					 : "?", pct);
		if (u[i].charged_max != u[i].charged)
			printf("  (up to %s with page arrays)",
			       fmt_size(u[i].charged_max, o->raw, m, sizeof(m)));
		putchar('\n');
	}
	seen = distinct_contexts(r);
	total = r->value[row_index("contexts")];
	if (seen < total && !o->pid)
		printf("  (%" PRIu64 " of %" PRIu64 " contexts are in no descriptor "
		       "this user may inspect:\n   not counted above)\n",
		       total - (uint64_t)seen, total);
	free(u);
}

static void print_human(const struct reading *r, const struct reading *prev,
			const struct options *o, long report, bool *hinted)
{
	char when[32];
	struct tm tm;

	if (prev) {
		localtime_r(&r->when.tv_sec, &tm);
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
		printf("%s--- %s, report %ld", report > 1 ? "\n" : "", when,
		       report);
		if (o->count)
			printf(" of %ld", o->count);
		printf(", changes over the last %g s ---\n", o->interval);
	}
	print_totals(r, prev, o);
	print_hints(r, prev, o, hinted);
	if (o->totals_only)
		return;
	print_contexts(r, o);
	print_users(r, o);
}

/* -- JSON output (one document per reading: JSON Lines in watch mode) ---- */

/* @s as a JSON string: escaped, invalid UTF-8 replaced by U+FFFD. */
static void json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putchar('"');
	while (*p) {
		int len = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 :
			  (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
		int i;

		if (len == 1) {
			if (*p == '"' || *p == '\\')
				printf("\\%c", *p);
			else if (*p < 0x20)
				printf("\\u%04x", *p);
			else
				putchar(*p);
			p++;
			continue;
		}
		for (i = 1; i < len && (p[i] & 0xc0) == 0x80; i++)
			;
		/* Overlong, surrogate and too-large forms are invalid too. */
		if (len && i == len &&
		    !(len == 2 && *p < 0xc2) &&
		    !(len == 3 && *p == 0xe0 && p[1] < 0xa0) &&
		    !(len == 3 && *p == 0xed && p[1] >= 0xa0) &&
		    !(len == 4 && *p == 0xf0 && p[1] < 0x90) &&
		    !(len == 4 && (*p > 0xf4 || (*p == 0xf4 && p[1] >= 0x90)))) {
			fwrite(p, 1, (size_t)len, stdout);
			p += len;
		} else {
			fputs("\\ufffd", stdout);
			p++;
		}
	}
	putchar('"');
}

static void json_totals(const char *key, const struct reading *r,
			const struct reading *prev)
{
	const char *sep = "";
	size_t i;

	printf(",\"%s\":{", key);
	for (i = 0; i < NR_ROWS; i++) {
		if (!r->present[i])
			continue;
		if (prev)
			printf("%s\"%s\":%" PRId64, sep, rows[i].name,
			       (int64_t)(r->value[i] - prev->value[i]));
		else
			printf("%s\"%s\":%" PRIu64, sep, rows[i].name,
			       r->value[i]);
		sep = ",";
	}
	putchar('}');
}

static void json_limits(const struct reading *r, const struct reading *prev,
			const struct options *o)
{
	const char *sep = "";
	size_t i;

	printf(",\"limits\":{");
	for (i = 0; i < NR_ROWS; i++)
		if (rows[i].param && r->has_limit[i]) {
			printf("%s\"%s\":%" PRIu64, sep, rows[i].param,
			       r->limit[i]);
			sep = ",";
		}
	/* A hint only for limits hit between the two readings. */
	printf("},\"hints\":[");
	sep = "";
	for (i = 0; prev && i < NR_ROWS; i++) {
		uint64_t hits = r->value[i] - prev->value[i];

		if (!rows[i].param || !hits)
			continue;
		printf("%s{\"limit\":\"%s\",\"hits\":%" PRIu64
		       ",\"seconds\":%g,\"raise\":\"%s/%s\"}", sep,
		       rows[i].param, hits, o->interval, PARAMS_DIR,
		       rows[i].param);
		sep = ",";
	}
	putchar(']');
}

static void json_contexts(const struct reading *r)
{
	size_t i;

	printf(",\"contexts\":[");
	for (i = 0; i < r->nr_ctx; i++) {
		const struct context *c = &r->ctx[i];

		printf("%s{\"pid\":%d,\"fd\":%d,\"context_id\":%" PRIu64
		       ",\"uid\":%u,\"command\":", i ? "," : "", c->pid, c->fd,
		       c->id, c->uid);
		json_string(c->comm);
		printf(",\"buffers\":%" PRIu64 ",\"bytes\":%" PRIu64
		       ",\"peak_bytes\":%" PRIu64 ",\"window_bytes\":%" PRIu64
		       ",\"small_buffers\":%" PRIu64 ",\"small_pages\":%" PRIu64
		       "}", c->buffers, c->bytes, c->peak, c->window,
		       c->small_buffers, c->small_pages);
	}
	putchar(']');
}

static void json_users(const struct reading *r)
{
	size_t i, nr = 0, lim = row_index("limit_hits_max_user_bytes");
	struct user *u = users_of(r, &nr);

	printf(",\"users\":[");
	for (i = 0; i < nr; i++) {
		const char *name = user_name(u[i].uid);

		printf("%s{\"uid\":%u,\"user\":", i ? "," : "", u[i].uid);
		if (name)
			json_string(name);
		else
			fputs("null", stdout);
		printf(",\"contexts\":%u,\"charged_bytes\":%" PRIu64
		       ",\"charged_bytes_max\":%" PRIu64, u[i].contexts,
		       u[i].charged, u[i].charged_max);
		if (r->has_limit[lim])
			printf(",\"max_user_bytes\":%" PRIu64, r->limit[lim]);
		fputs(",\"source\":\"derived from fdinfo\"}", stdout);
	}
	putchar(']');
	free(u);
}

static void print_json(const struct reading *r, const struct reading *prev,
		       const struct options *o, long report)
{
	printf("{\"version\":\"%s\",\"time\":%lld.%03ld", NETBUF_VERSION,
	       (long long)r->when.tv_sec, r->when.tv_nsec / 1000000);
	if (prev)
		printf(",\"report\":%ld,\"interval\":%g", report, o->interval);
	else
		fputs(",\"report\":null,\"interval\":null", stdout);
	json_totals("totals", r, NULL);
	if (prev)
		json_totals("changes", r, prev);
	json_limits(r, prev, o);
	if (!o->totals_only) {
		if (o->pid)
			printf(",\"pid\":%d", o->pid);
		json_contexts(r);
		json_users(r);
	}
	fputs("}\n", stdout);
}

/* -- options and main ---------------------------------------------------- */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: netbuf-stat [-t] [-b] [-j] [-p PID] [-i SECONDS [-c COUNT]]\n"
		"Prints the netbuf module's counters and limits, every open context\n"
		"of the processes this user may inspect, and each user's use against\n"
		"max_user_bytes.\n"
		"  -t, --totals          the module totals only\n"
		"  -b, --bytes           sizes in bytes (default: B, KiB, MiB, GiB)\n"
		"  -j, --json            JSON, one document per report\n"
		"  -p, --pid=PID         only the contexts of process PID\n"
		"  -i, --interval=SECONDS  a report every SECONDS (decimals allowed)\n"
		"                        with the changes since the previous reading;\n"
		"                        a limit hint only while the limit is hit\n"
		"  -c, --count=COUNT     stop after COUNT reports (with -i)\n"
		"  -h, --help            this help\n"
		"  -V, --version         the version\n"
		"Exit status: 0; 1 module not loaded or PID not found; 2 usage.\n"
		"See netbuf-stat(1).\n");
}

/* A usage error: what was wrong, then the usage; exit status 2. */
static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage(stderr);
	return 2;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "totals", no_argument, NULL, 't' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "pid", required_argument, NULL, 'p' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_count = false;
	char *end;
	long v;
	int opt;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((opt = getopt_long(argc, argv, "tbjp:i:c:hV", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 't':
			o->totals_only = true;
			break;
		case 'b':
			o->raw = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'p':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v <= 0 ||
			    v > INT_MAX)
				return bad_usage("-p %s: not a process id", optarg);
			o->pid = (int)v;
			break;
		case 'i':
			errno = 0;
			o->interval = strtod(optarg, &end);
			if (errno || end == optarg || *end ||
			    !(o->interval >= 0.01 && o->interval <= MAX_INTERVAL))
				return bad_usage("-i %s: give the seconds between reports, from 0.01 to 86400",
						 optarg);
			break;
		case 'c':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v <= 0)
				return bad_usage("-c %s: give a number of reports, 1 or more",
						 optarg);
			o->count = v;
			have_count = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("netbuf-stat %s\n", NETBUF_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc)
		return bad_usage("unexpected argument '%s'", argv[optind]);
	if (have_count && !o->interval)
		return bad_usage("-c needs -i: %s", "a count of reports in watch mode");
	if (o->pid && o->totals_only)
		return bad_usage("-p and -t: %s", "-t prints no contexts");
	return -1;
}

static void timespec_add(struct timespec *t, double s)
{
	long long ns = t->tv_nsec + (long long)(s * 1e9);

	t->tv_sec += (time_t)(ns / 1000000000);
	t->tv_nsec = (long)(ns % 1000000000);
}

static void report(const struct reading *r, const struct reading *prev,
		   const struct options *o, long n, bool *hinted)
{
	if (o->json)
		print_json(r, prev, o, n);
	else
		print_human(r, prev, o, n, hinted);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct reading a = { 0 }, b = { 0 }, *cur = &a, *prev = &b, *t;
	bool hinted[NR_ROWS] = { false };
	struct timespec next;
	struct options o;
	char path[64];
	int rc = 1;
	long n;

	rc = parse_options(argc, argv, &o);
	if (rc >= 0)
		return rc;
	rc = 1;
	if (o.pid) {
		snprintf(path, sizeof(path), "/proc/%d", o.pid);
		if (access(path, F_OK) < 0) {
			fprintf(stderr, "%s: -p %d: no such process\n", prog,
				o.pid);
			return 1;
		}
	}
	if (!take_reading(cur, &o))
		goto out;
	if (!o.interval) {
		report(cur, NULL, &o, 0, hinted);
		rc = 0;
		goto out;
	}
	/* Watch: each report covers one interval, timed from the first reading. */
	if (!o.json) {
		printf("netbuf-stat: a report every %g s%s; the first after %g s\n",
		       o.interval, o.count ? "" : " until interrupted",
		       o.interval);
		fflush(stdout);
	}
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (n = 1; !o.count || n <= o.count; n++) {
		timespec_add(&next, o.interval);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next,
				       NULL) == EINTR)
			;
		t = prev;
		prev = cur;
		cur = t;
		if (!take_reading(cur, &o))
			goto out;
		report(cur, prev, &o, n, hinted);
	}
	rc = 0;
out:
	free(a.ctx);
	free(b.ctx);
	return rc;
}
