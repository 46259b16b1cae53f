// SPDX-License-Identifier: GPL-2.0
/*
 * netbuf-stat -i: watch mode reports the changes between readings. Started
 * with -b -i 1 -c 3, once it announces itself (its first reading is
 * taken) this process allocates a two-page buffer and makes max_bytes
 * refuse one allocation. Across the three reports the bytes change by
 * exactly +2 pages and the max_bytes hits by exactly 1; the report whose
 * change holds the hit prints the hint to raise max_bytes, every report
 * after it does not, and the next one says the hint is cleared. Then
 * -j -i 0.3 -c 3 prints three lines, each a JSON document (strict parser),
 * numbered 1 to 3, whose "changes" are the differences of "totals".
 */
#include <inttypes.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "json.h"
#include "stat_tool.h"

#define WIN_SIZE	(16UL << 20)
#define OUT_LEN		65536
#define REPORTS		3

static char out[OUT_LEN];

/* The change column of row @label in the report starting at @p. */
static bool change_of(const char *p, const char *end, const char *label,
		      int64_t *chg)
{
	size_t len = strlen(label);

	for (; p && p < end; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, label, len) && p[len] == ' ')
			return sscanf(p + len, " %*u %" SCNd64, chg) == 1;
	}
	return false;
}

static void watch_human(void)
{
	char *const argv[] = { "netbuf-stat", "-b", "-i", "1", "-c", "3",
			       NULL };
	const char *rep[REPORTS + 1];
	int64_t bytes = 0, hits = 0, b, h;
	uint64_t off, max_bytes, ps = page_size();
	struct raw_ctx c;
	int fd, i, hit_in = -1;
	size_t used = 0;
	pid_t pid;
	char head[32];

	raw_open(&c, WIN_SIZE);
	out[0] = '\0';
	pid = start_stat_tool(argv, &fd);
	REQUIRE(pid > 0);
	if (!read_stat_output(fd, out, sizeof(out), &used, "a report every 1 s"))
		FAIL("watch mode did not announce itself:\n%s", out);
	/* After its first reading: both changes fall in one of the reports. */
	EXPECT_RC(raw_alloc(c.fd, 2 * ps, &off), 0);
	max_bytes = param_get(PARAM_MAX_BYTES);
	param_set(PARAM_MAX_BYTES, 2 * ps);
	EXPECT_RC(raw_alloc(c.fd, ps, NULL), -ENOMEM);
	param_set(PARAM_MAX_BYTES, max_bytes);
	read_stat_output(fd, out, sizeof(out), &used, NULL);
	close(fd);
	EXPECT_EXIT(wait_stat_tool(pid), 0);

	for (i = 0; i < REPORTS; i++) {
		snprintf(head, sizeof(head), ", report %d of %d,", i + 1,
			 REPORTS);
		rep[i] = strstr(out, head);
		if (!rep[i]) {
			FAIL("no report %d in:\n%s", i + 1, out);
			goto out;
		}
	}
	rep[REPORTS] = out + strlen(out);
	CHECK(strstr(rep[REPORTS - 1], ", report 4") == NULL);
	for (i = 0; i < REPORTS; i++) {
		if (!change_of(rep[i], rep[i + 1], "bytes", &b) ||
		    !change_of(rep[i], rep[i + 1], "max_bytes", &h)) {
			FAIL("report %d has no change column:\n%s", i + 1, out);
			goto out;
		}
		bytes += b;
		hits += h;
		if (h)
			hit_in = i;
	}
	EXPECT_EQ(bytes, (int64_t)(2 * ps));
	EXPECT_EQ(hits, 1);
	for (i = 0; i < REPORTS; i++) {
		const char *hint = strstr(rep[i], "hint: max_bytes refused 1 allocation in the last 1 s");
		const char *cleared = strstr(rep[i], "cleared: max_bytes refused nothing in the last 1 s");
		bool hinted = hint && hint < rep[i + 1];
		bool cleared_here = cleared && cleared < rep[i + 1];

		if (hinted != (i == hit_in))
			FAIL("report %d: hint %s, the hit was in report %d:\n%s",
			     i + 1, hinted ? "printed" : "missing", hit_in + 1,
			     out);
		if (cleared_here != (i == hit_in + 1))
			FAIL("report %d: \"cleared\" %s, the hit was in report %d:\n%s",
			     i + 1, cleared_here ? "printed" : "missing",
			     hit_in + 1, out);
	}
	CHECK(strstr(out, "/sys/module/netbuf/parameters/max_bytes") != NULL);
out:
	EXPECT_RC(raw_free(c.fd, off), 0);
	raw_close(&c);
}

/* One JSON document per line; "changes" the difference of "totals". */
static void watch_json(void)
{
	char *const argv[] = { "netbuf-stat", "-j", "-i", "0.3", "-c", "3",
			       NULL };
	struct json *doc[REPORTS] = { NULL };
	char err[256], *line = out, *nl;
	const struct json *e;
	int status, i;
	uint64_t n;

	status = run_stat_tool(argv, out, sizeof(out));
	if (!EXPECT_EXIT(status, 0))
		return;
	for (i = 0; i < REPORTS; i++, line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl) {
			FAIL("line %d missing:\n%s", i + 1, out);
			goto out;
		}
		doc[i] = json_parse(line, (size_t)(nl - line), err, sizeof(err));
		if (!doc[i]) {
			FAIL("line %d is not JSON (%s):\n%s", i + 1, err, out);
			goto out;
		}
		CHECK(json_u64(json_get(doc[i], "report"), &n) &&
		      n == (uint64_t)i + 1);
		e = json_get(doc[i], "hints");
		CHECK(e && e->type == JSON_ARRAY);
	}
	CHECK(*line == '\0');
	for (i = 1; i < REPORTS; i++) {
		const struct json *t0 = json_get(doc[i - 1], "totals");
		const struct json *t1 = json_get(doc[i], "totals");

		for (e = json_get(doc[i], "changes")->child; e; e = e->next) {
			uint64_t a, b;
			int64_t d;

			if (!json_u64(json_get(t0, e->key), &a) ||
			    !json_u64(json_get(t1, e->key), &b) ||
			    !json_i64(e, &d) || (int64_t)(b - a) != d)
				FAIL("report %d: change of %s is not the "
				     "difference of the totals:\n%s", i + 1,
				     e->key, out);
		}
	}
out:
	for (i = 0; i < REPORTS; i++)
		json_free(doc[i]);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 60);
	watch_human();
	watch_json();
	return t_done();
}
