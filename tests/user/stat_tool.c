// SPDX-License-Identifier: GPL-2.0
/*
 * netbuf-stat -b prints the module's counters exactly as sysfs has them,
 * each limit beside the hits it counts, and one row per open context with
 * the figures of its fdinfo: this process's two contexts appear with their
 * buffers, bytes, peak and window. A limit hit before the reading is a
 * note pointing to watch mode, not a hint to raise it (a single reading
 * cannot tell whether it is still hit: stat_tool_watch tests the hint).
 * Without -b the sizes are human-readable. -t prints the totals alone; a
 * bad option is exit status 2.
 */
#include <inttypes.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "stat_tool.h"

#define WIN_SIZE	(16UL << 20)
#define OUT_LEN		16384

static char out[OUT_LEN];

/* The value printed in the totals row whose label is @label. */
static bool table_value(const char *label, uint64_t *value)
{
	size_t len = strlen(label);
	const char *p;

	for (p = out; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, label, len) && p[len] == ' ')
			return sscanf(p + len, "%" SCNu64, value) == 1;
	}
	return false;
}

static void expect_row(const char *label, const char *sysfs)
{
	uint64_t got;

	if (!table_value(label, &got)) {
		FAIL("netbuf-stat printed no row \"%s\"", label);
		return;
	}
	t_expect_u64(__FILE__, __LINE__, label, got, counter_read(sysfs));
}

/* The context row of pid and fd: buffers bytes peak window. */
static bool context_row(int fd, uint64_t v[4])
{
	char head[64];
	const char *p;

	snprintf(head, sizeof(head), "%d %d ", (int)getpid(), fd);
	for (p = out; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		char pid_fd[64];
		int a, b;

		while (*p == ' ')
			p++;
		if (sscanf(p, "%d %d", &a, &b) != 2)
			continue;
		snprintf(pid_fd, sizeof(pid_fd), "%d %d ", a, b);
		if (strcmp(pid_fd, head))
			continue;
		return sscanf(p, "%*d %*d %" SCNu64 " %" SCNu64 " %" SCNu64
			      " %" SCNu64, &v[0], &v[1], &v[2], &v[3]) == 4;
	}
	return false;
}

static void expect_context(const struct raw_ctx *c, uint64_t buffers,
			   uint64_t bytes, uint64_t peak)
{
	uint64_t v[4];

	if (!context_row(c->fd, v)) {
		FAIL("netbuf-stat printed no row for pid %d fd %d",
		     (int)getpid(), c->fd);
		return;
	}
	EXPECT_EQ(v[0], buffers);
	EXPECT_EQ(v[1], bytes);
	EXPECT_EQ(v[2], peak);
	EXPECT_EQ(v[3], c->size);
}

static int run(char *const argv[])
{
	return stat_tool_exit(argv, out, sizeof(out));
}

int main(int argc, char **argv)
{
	char *const full[] = { "netbuf-stat", "-b", NULL };
	char *const human[] = { "netbuf-stat", NULL };
	char *const totals[] = { "netbuf-stat", "-t", NULL };
	char *const bad[] = { "netbuf-stat", "-x", NULL };
	const uint64_t ps = page_size();
	uint64_t a, b, z, bad_off, max_bytes;
	struct raw_ctx c, d;

	(void)argc;
	t_init(argv[0], 60);
	raw_open(&c, WIN_SIZE);
	raw_open(&d, 2 * WIN_SIZE);
	REQUIRE(raw_alloc(c.fd, 1, &a) == 0);
	REQUIRE(raw_alloc(c.fd, 3 * ps, &b) == 0);
	REQUIRE(raw_alloc(c.fd, 0, &z) == 0);
	EXPECT_RC(raw_free(c.fd, b), 0);
	REQUIRE(raw_alloc(d.fd, 2 * ps, &a) == 0);

	/* A limit hit, so the hint must name max_bytes. */
	max_bytes = param_get(PARAM_MAX_BYTES);
	param_set(PARAM_MAX_BYTES, 4 * ps);
	EXPECT_RC(raw_alloc(d.fd, 4 * ps, &bad_off), -ENOMEM);

	if (EXPECT_EQ(run(full), 0)) {
		expect_row("contexts", SYSFS_CONTEXTS);
		expect_row("buffers", SYSFS_BUFFERS);
		expect_row("bytes", SYSFS_BYTES);
		expect_row("alloc_failures", SYSFS_ALLOC_FAILURES);
		expect_row("limit_hits", SYSFS_LIMIT_HITS);
		expect_row("max_bytes", SYSFS_LIMIT_HITS_BYTES);
		expect_row("max_buffers", SYSFS_LIMIT_HITS_BUFFERS);
		expect_row("max_user_bytes", SYSFS_LIMIT_HITS_USER_BYTES);
		CHECK(strstr(out, "limit 16384") || ps != 4096);
		CHECK(strstr(out, "note: max_bytes refused ") != NULL);
		CHECK(strstr(out, "'netbuf-stat -i 5' shows whether it still does") !=
		      NULL);
		CHECK(strstr(out, "hint:") == NULL);
		expect_context(&c, 2, ps, 4 * ps);
		expect_context(&d, 1, 2 * ps, 2 * ps);
	}
	param_set(PARAM_MAX_BYTES, max_bytes);
	if (t_failures())
		fputs(out, stdout);

	/* Human-readable: d's 2 pages and window, c's peak of 4 pages. */
	if (EXPECT_EQ(run(human), 0) && ps == 4096) {
		CHECK(strstr(out, "8.0 KiB") != NULL);
		CHECK(strstr(out, "16.0 KiB") != NULL);
		CHECK(strstr(out, "32.0 MiB") != NULL);
		CHECK(strstr(out, "16.0 MiB") != NULL);
		CHECK(strstr(out, " 8192 ") == NULL);
		CHECK(strstr(out, "33554432") == NULL);
	}
	if (t_failures())
		fputs(out, stdout);

	if (EXPECT_EQ(run(totals), 0)) {
		expect_row("buffers", SYSFS_BUFFERS);
		CHECK(strstr(out, "fdinfo") == NULL);
	}
	EXPECT_EQ(run(bad), 2);
	CHECK(strstr(out, "usage: netbuf-stat") != NULL);

	raw_close(&d);
	raw_close(&c);
	return t_done();
}
