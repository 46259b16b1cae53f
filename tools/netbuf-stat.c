// SPDX-License-Identifier: GPL-2.0
/*
 * netbuf-stat: what the netbuf module holds, as a table. The module-wide
 * counters come from /sys/class/misc/netbuf, the limits from
 * /sys/module/netbuf/parameters, and each open context's figures from
 * /proc/<pid>/fdinfo/<fd> (only the processes this user may inspect).
 *
 * Exit status: 0, 1 when the module is not loaded or its counters cannot
 * be read, 2 on a usage error.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "module_hint.h"

#define SYSFS_DIR	"/sys/class/misc/netbuf"
#define PARAMS_DIR	"/sys/module/netbuf/parameters"
#define DEVICE		"/dev/netbuf"

struct row {
	const char *name;	/* file in SYSFS_DIR */
	const char *label;	/* as printed, indented under its sum */
	const char *param;	/* the limit it counts, or NULL */
	const char *meaning;
};

static const struct row rows[] = {
	{ "contexts", "contexts", NULL, "open contexts (opens of " DEVICE ")" },
	{ "buffers", "buffers", NULL, "live buffers" },
	{ "bytes", "bytes", NULL, "page-rounded bytes of live buffers" },
	{ "alloc_failures", "alloc_failures", NULL,
	  "allocations short of memory or of window room" },
	{ "limit_hits", "limit_hits", NULL, "allocations refused by a limit:" },
	{ "limit_hits_max_bytes", "  max_bytes", "max_bytes",
	  "  bytes per context, limit" },
	{ "limit_hits_max_buffers", "  max_buffers", "max_buffers",
	  "  buffers per context, limit" },
	{ "limit_hits_max_user_bytes", "  max_user_bytes", "max_user_bytes",
	  "  bytes per user, limit" },
};

#define NR_ROWS (sizeof(rows) / sizeof(rows[0]))


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

static int print_totals(void)
{
	uint64_t value[NR_ROWS], limit;
	size_t i;

	for (i = 0; i < NR_ROWS; i++) {
		if (read_u64(SYSFS_DIR, rows[i].name, &value[i]))
			continue;
		if (errno == ENOENT && access(SYSFS_DIR, F_OK) < 0) {
			fprintf(stderr,
				"netbuf-stat: %s does not exist: the netbuf module is not loaded.\n"
				"Load it with 'modprobe netbuf' (after make install or DKMS) or\n"
				"'insmod kmod/netbuf.ko' in the source tree.\n",
				SYSFS_DIR);
			netbuf_explain_not_loaded("netbuf-stat");
		} else if (errno == ENOENT) {
			fprintf(stderr,
				"netbuf-stat: %s/%s does not exist: the loaded netbuf module is\n"
				"older than this tool; reload the installed one (rmmod netbuf; modprobe netbuf).\n",
				SYSFS_DIR, rows[i].name);
		} else {
			fprintf(stderr, "netbuf-stat: %s/%s: %s\n", SYSFS_DIR,
				rows[i].name, strerror(errno));
		}
		return 1;
	}

	printf("module totals (%s)\n", SYSFS_DIR);
	printf("  %-18s %14s  %s\n", "counter", "value", "meaning");
	for (i = 0; i < NR_ROWS; i++) {
		printf("  %-18s %14" PRIu64 "  %s", rows[i].label, value[i],
		       rows[i].meaning);
		if (rows[i].param && read_u64(PARAMS_DIR, rows[i].param, &limit))
			printf(" %" PRIu64, limit);
		putchar('\n');
	}
	for (i = 0; i < NR_ROWS; i++) {
		if (rows[i].param && value[i])
			printf("hint: %s was reached; raise it with\n"
			       "  echo N > %s/%s   (or options netbuf %s=N in /etc/modprobe.d/)\n",
			       rows[i].param, PARAMS_DIR, rows[i].param,
			       rows[i].param);
	}
	return 0;
}

/* The value of "key:\t<value>" in an fdinfo file, or 0. */
static uint64_t fdinfo_value(const char *text, const char *key)
{
	size_t len = strlen(key);
	const char *p;

	for (p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, len) && p[len] == ':')
			return strtoull(p + len + 1, NULL, 10);
	return 0;
}

/* One line per descriptor of @pid that is /dev/netbuf. */
static void print_process(const char *pid, int *rows_printed)
{
	char path[PATH_MAX], target[PATH_MAX], text[1024], comm[64] = "?";
	struct dirent *de;
	size_t n;
	ssize_t len;
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

		snprintf(path, sizeof(path), "/proc/%s/comm", pid);
		f = fopen(path, "re");
		if (f) {
			if (fgets(comm, sizeof(comm), f))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(f);
		}
		if (!(*rows_printed)++)
			printf("  %7s %4s %10s %14s %14s %14s  %s\n", "pid",
			       "fd", "buffers", "bytes", "peak-bytes",
			       "window-bytes", "command");
		printf("  %7s %4s %10" PRIu64 " %14" PRIu64 " %14" PRIu64
		       " %14" PRIu64 "  %s\n", pid, de->d_name,
		       fdinfo_value(text, "netbuf-buffers"),
		       fdinfo_value(text, "netbuf-bytes"),
		       fdinfo_value(text, "netbuf-peak-bytes"),
		       fdinfo_value(text, "netbuf-window-bytes"), comm);
	}
	closedir(fds);
}

static void print_contexts(void)
{
	int rows_printed = 0;
	struct dirent *de;
	DIR *proc;

	printf("\ncontexts by process (/proc/<pid>/fdinfo/<fd>)\n");
	proc = opendir("/proc");
	if (!proc) {
		printf("  /proc: %s\n", strerror(errno));
		return;
	}
	while ((de = readdir(proc)))
		if (isdigit((unsigned char)de->d_name[0]))
			print_process(de->d_name, &rows_printed);
	closedir(proc);
	if (!rows_printed)
		printf("  none%s\n", geteuid() ?
		       " that this user may inspect (root sees all)" : "");
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: netbuf-stat [-t]\n"
		"Prints the netbuf module's counters and limits, then every open\n"
		"context of the processes this user may inspect.\n"
		"  -t  the module totals only\n");
}

int main(int argc, char **argv)
{
	bool totals_only = false;
	int opt;

	while ((opt = getopt(argc, argv, "th")) != -1) {
		switch (opt) {
		case 't':
			totals_only = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (print_totals())
		return 1;
	if (!totals_only)
		print_contexts();
	return 0;
}
