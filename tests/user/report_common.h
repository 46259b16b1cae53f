/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report tests (issue 17, netbuf-report(7)): each program runs itself
 * again as "PROG --child CASE" with NETBUF_REPORT and NETBUF_GUARD in the
 * child's environment (the library reads them when it is loaded), captures
 * the child's stderr, and checks the report's lines and how the child
 * ended. A child says what the parent cannot know (addresses, thread ids)
 * in lines "# key value" on stderr before the report.
 */
#ifndef NETBUF_REPORT_COMMON_H
#define NETBUF_REPORT_COMMON_H

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define REPORT_OUT_MAX	16384

/*
 * A function whose name a report must show: never inlined, cloned, or
 * folded into another function of identical code (-fipa-icf), which
 * would give both one name.
 */
#define SITE_FN	__attribute__((noipa))

struct report_run {
	const char *name;
	int status;
	char err[REPORT_OUT_MAX];
};

/* The child's "# key value" line's value, as a number; 0 when none. */
static inline uint64_t report_value(const struct report_run *r,
				    const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "# %s ", key);
	p = strstr(r->err, pat);
	return p ? strtoull(p + strlen(pat), NULL, 0) : 0;
}

/*
 * Runs "self --child name" with NETBUF_REPORT=report and NETBUF_GUARD=guard
 * (NULL: unset) and waits for it; its stderr is in r->err, and shown.
 */
static inline void report_run(const char *self, const char *name,
			      const char *report, const char *guard,
			      struct report_run *r)
{
	char *argv[] = { (char *)self, (char *)"--child", (char *)name, NULL };
	const char *p, *end;
	size_t len = 0;
	ssize_t n;
	int fd[2];
	pid_t pid;

	r->name = name;
	REQUIRE(pipe(fd) == 0);
	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		dup2(fd[1], STDERR_FILENO);
		close(fd[0]);
		close(fd[1]);
		unsetenv("NETBUF_REPORT");
		unsetenv("NETBUF_GUARD");
		if (report)
			setenv("NETBUF_REPORT", report, 1);
		if (guard)
			setenv("NETBUF_GUARD", guard, 1);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(fd[1]);
	while (len < sizeof(r->err) - 1) {
		n = read(fd[0], r->err + len, sizeof(r->err) - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	r->err[len] = '\0';
	close(fd[0]);
	r->status = wait_child(pid);
	t_info("child %s (NETBUF_REPORT=%s NETBUF_GUARD=%s), stderr:",
	       name, report ? report : "", guard ? guard : "");
	for (p = r->err; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, '\n');
		t_info("  %.*s", (int)(end - p), p);
	}
}

/*
 * The first line of r's stderr that starts with prefix and holds needle
 * (NULL: any), else a failure naming both.
 */
static inline bool report_expect_line(const char *file, int line,
				      const struct report_run *r,
				      const char *prefix, const char *needle)
{
	const char *p = r->err, *end;
	size_t plen = strlen(prefix);
	char buf[512];

	for (; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, '\n');
		if ((size_t)(end - p) >= sizeof(buf) ||
		    strncmp(p, prefix, plen))
			continue;
		memcpy(buf, p, end - p);
		buf[end - p] = '\0';
		if (!needle || strstr(buf, needle))
			return true;
	}
	t_fail_at(file, line, "child %s: no line \"%s...\"%s%s%s", r->name,
		  prefix, needle ? " holding \"" : "", needle ? needle : "",
		  needle ? "\"" : "");
	return false;
}
#define EXPECT_LINE(r, prefix, needle) \
	report_expect_line(__FILE__, __LINE__, (r), (prefix), (needle))

/* Lines of r's stderr that start with prefix. */
static inline int report_count(const struct report_run *r, const char *prefix)
{
	const char *p = r->err;
	int n = 0;

	for (; *p; p = strchrnul(p, '\n'), p += !!*p)
		n += !strncmp(p, prefix, strlen(prefix));
	return n;
}

/* The report's first line is exactly "netbuf: ERROR: type on address addr". */
static inline bool report_expect_first(const char *file, int line,
				       const struct report_run *r,
				       const char *type, uint64_t addr)
{
	char want[128];
	const char *p = strstr(r->err, "netbuf: ");
	size_t len;

	snprintf(want, sizeof(want), "netbuf: ERROR: %s on address %#" PRIx64,
		 type, addr);
	len = strlen(want);
	if (p && !strncmp(p, want, len) && (p[len] == '\n'))
		return true;
	t_fail_at(file, line, "child %s: report's first line is not \"%s\"",
		  r->name, want);
	return false;
}
#define EXPECT_FIRST(r, type, addr) \
	report_expect_first(__FILE__, __LINE__, (r), (type), (addr))

/* The child was killed by signal sig. */
static inline bool report_expect_signal(const char *file, int line,
					const struct report_run *r, int sig)
{
	char got[64];

	if (WIFSIGNALED(r->status) && WTERMSIG(r->status) == sig)
		return true;
	t_fail_at(file, line, "child %s ended with %s, want signal %d",
		  r->name, wait_status_str(r->status, got, sizeof(got)), sig);
	return false;
}
#define EXPECT_SIGNAL(r, sig) \
	report_expect_signal(__FILE__, __LINE__, (r), (sig))

/* In a child: "# key value" on stderr, before the report. */
static inline void child_say(const char *key, uint64_t value)
{
	fprintf(stderr, "# %s %#" PRIx64 "\n", key, value);
	fflush(stderr);
}

static inline pid_t child_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* ABI 5 (sites, WHATIS, guards) or the test cannot say anything. */
static inline void require_abi5(void)
{
	struct netbuf_info info = { 0 };
	int fd = dev_open();

	REQUIRE(raw_info(fd, &info) == 0);
	close(fd);
	if (info.abi_version < 5)
		FATAL("the module has ABI %" PRIu64 ", reports need 5",
		      (uint64_t)info.abi_version);
}

#endif /* NETBUF_REPORT_COMMON_H */
