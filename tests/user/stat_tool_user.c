// SPDX-License-Identifier: GPL-2.0
/*
 * netbuf-stat's use by user: the module publishes no per-user figure, so
 * the tool derives what each user is charged against max_user_bytes from
 * the fdinfo of the user's contexts and the charges in sysfs. A process of
 * uid 65534 holds one context with a one-page buffer, a zero-size buffer
 * and a 100-byte small buffer: the tool's figure (table with -b, and JSON)
 * must be exactly the context's, two descriptors', one page's, one small
 * buffer's, one shared page's and its metadata pages' (fdinfo
 * netbuf-meta-pages, at least one) charges, with the limit and the share of
 * it beside. Then the kernel agrees: with max_user_bytes set to that
 * figure another 100-byte buffer (one small-buffer charge, its page is
 * there) is refused, with the figure plus that charge it fits, and then
 * no more.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "json.h"
#include "stat_tool.h"

#define UID		65534
#define WIN_SIZE	(16UL << 20)
#define SMALL		100
#define OUT_LEN		65536

static char out[OUT_LEN];

static int run(char *const argv[])
{
	return stat_tool_exit(argv, out, sizeof(out));
}

/* The row of uid @uid in the table of users: contexts and charged. */
static bool user_row(unsigned int uid, unsigned int *contexts,
		     uint64_t *charged, uint64_t *limit)
{
	const char *p = strstr(out, "use by user");

	for (; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		unsigned int u;

		if (sscanf(p, " %u %*s %u %" SCNu64 " %" SCNu64, &u, contexts,
			   charged, limit) == 4 && u == uid)
			return true;
	}
	return false;
}

static void check_table(uint64_t want, uint64_t max_user)
{
	char *const argv[] = { "netbuf-stat", "-b", NULL };
	uint64_t charged = 0, limit = 0;
	unsigned int contexts = 0;

	if (!EXPECT_EQ(run(argv), 0))
		return;
	CHECK(strstr(out, "the module publishes no per-user figure") != NULL);
	if (!user_row(UID, &contexts, &charged, &limit)) {
		FAIL("no row for uid %d in:\n%s", UID, out);
		return;
	}
	EXPECT_EQ(contexts, 1);
	EXPECT_EQ(charged, want);
	EXPECT_EQ(limit, max_user);
	CHECK(strstr(out, "up to") == NULL);	/* no page arrays here */
}

static void check_json(uint64_t want, uint64_t max_user)
{
	char *const argv[] = { "netbuf-stat", "-j", NULL };
	const struct json *users, *u, *e;
	struct json *doc;
	char err[256];
	uint64_t v;
	size_t i;

	if (!EXPECT_EQ(run(argv), 0))
		return;
	doc = json_parse(out, strlen(out), err, sizeof(err));
	if (!doc) {
		FAIL("netbuf-stat -j is not JSON (%s):\n%s", err, out);
		return;
	}
	users = json_get(doc, "users");
	for (i = 0, u = NULL; (e = json_at(users, i)); i++)
		if (json_u64(json_get(e, "uid"), &v) && v == UID)
			u = e;
	if (!u) {
		FAIL("no user %d in the JSON:\n%s", UID, out);
	} else {
		CHECK(json_u64(json_get(u, "charged_bytes"), &v) && v == want);
		CHECK(json_u64(json_get(u, "charged_bytes_max"), &v) &&
		      v == want);
		CHECK(json_u64(json_get(u, "max_user_bytes"), &v) &&
		      v == max_user);
		CHECK(json_u64(json_get(u, "contexts"), &v) && v == 1);
		e = json_get(u, "source");
		CHECK(e && e->type == JSON_STRING &&
		      !strcmp(e->text, "derived from fdinfo"));
	}
	json_free(doc);
}

/* netbuf-meta-pages of the context @pid holds (its only one). */
static uint64_t meta_pages_of(pid_t pid)
{
	char dir[64], path[400], line[256];
	unsigned long long v = 0;
	bool found = false;
	struct dirent *d;
	DIR *dp;
	FILE *f;

	snprintf(dir, sizeof(dir), "/proc/%d/fdinfo", (int)pid);
	dp = opendir(dir);
	if (!dp)
		FATAL("opendir %s: %s", dir, errno_name(errno));
	while (!found && (d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, FDINFO_META_PAGES ": %llu", &v) == 1) {
				found = true;
				break;
			}
		fclose(f);
	}
	closedir(dp);
	if (!found)
		FATAL("%s: no context with a line \"" FDINFO_META_PAGES ":\"",
		      dir);
	return v;
}

int main(int argc, char **argv)
{
	const uint64_t ps = page_size();
	const uint64_t sizes[] = { ps, 0, SMALL };
	uint64_t ctx_c, buf_c, sbuf_c, spage_c, meta_c, meta, want, max_user;
	struct holder h;

	(void)argc;
	t_init(argv[0], 60);
	if (param_get(PARAM_SMALL_MAX) < SMALL)
		t_skip("small buffers are off (small_max < %d)", SMALL);
	ctx_c = counter_read(SYSFS_CHARGE_CONTEXT);
	buf_c = counter_read(SYSFS_CHARGE_BUFFER);
	sbuf_c = counter_read(SYSFS_CHARGE_SMALL_BUFFER);
	spage_c = counter_read(SYSFS_CHARGE_SMALL_PAGE);
	meta_c = counter_read(SYSFS_CHARGE_META_PAGE);
	max_user = param_get(PARAM_MAX_USER_BYTES);
	param_set(PARAM_SIZE_METADATA, 1);

	if (!holder_start(&h, UID, WIN_SIZE, sizes, 3))
		FATAL("uid %d could not open a context and allocate", UID);
	/* Metadata pages are charged too: the tool must count them. */
	meta = meta_pages_of(h.pid);
	CHECK(meta >= 1);
	want = ctx_c + ps + 2 * buf_c + sbuf_c + spage_c + meta * meta_c;
	t_info("holder: %" PRIu64 " metadata page(s) of %" PRIu64 " bytes",
	       meta, meta_c);
	check_table(want, max_user);
	check_json(want, max_user);
	if (t_failures())
		fputs(out, stdout);

	/* The kernel's own figure: refused at it, one small buffer above. */
	param_set(PARAM_MAX_USER_BYTES, want);
	EXPECT_RC(holder_alloc(&h, SMALL), -ENOMEM);
	param_set(PARAM_MAX_USER_BYTES, want + sbuf_c);
	EXPECT_RC(holder_alloc(&h, SMALL), 0);
	EXPECT_RC(holder_alloc(&h, SMALL), -ENOMEM);
	param_set(PARAM_MAX_USER_BYTES, max_user);
	EXPECT_EXIT(holder_stop(&h), 0);
	return t_done();
}
