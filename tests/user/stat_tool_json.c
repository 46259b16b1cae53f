// SPDX-License-Identifier: GPL-2.0
/*
 * netbuf-stat -j prints one JSON document (RFC 8259), read here with a
 * strict parser (tests/user/json.c) that first proves itself on documents
 * it must accept and must refuse. The document holds the version, the
 * module's totals exactly as sysfs has them, the limits as the parameters
 * have them, no hints (a single reading), this process's two contexts with
 * the figures of their fdinfo and its command name, which this test sets
 * to one with a quote, a backslash, a tab, a control character and a byte
 * that is not UTF-8 (escaped, and replaced by U+FFFD), and the users.
 * The tool runs in a fork of this process, holding copies of its
 * descriptors: each context is listed twice under one context_id.
 * -j -t holds the totals and no contexts; -j -p PID this process's only.
 */
#include <inttypes.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "json.h"
#include "stat_tool.h"

#define WIN_SIZE	(16UL << 20)
#define OUT_LEN		65536
/* At most 15 bytes: the kernel's comm. */
#define ODD_COMM	"j\"s\\o\tn\001\377x"
#define ODD_COMM_UTF8	"j\"s\\o\tn\001\357\277\275x"

static char out[OUT_LEN];

static void parser_self_test(void)
{
	static const char *const good[] = {
		"{}", "[]", "0", "-0", "1.5e+3", "-12.25E-2", "\"\"", "true",
		"false", "null", " \t\r\n{ \"a\" : [ 1 , { } , [ ] ] } \n",
		"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"",
		"\"caf\303\251 \360\237\230\200\"", "18446744073709551615",
	};
	static const char *const bad[] = {
		"", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01",
		"1.", ".5", "1e", "+1", "-", "[1 2]", "\"abc", "\"\\x\"",
		"\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\001\"",
		"\"\377\"", "\"\300\200\"", "\"\355\240\200\"", "tru", "nul",
		"{} {}", "[1]x", "{\"a\":1,\"a\":2}", "NaN", "'a'", "[\"a\"\n",
	};
	static const char pair[] = "{\"s\":\"\\u00e9\\ud83d\\ude00\",\"n\":42}";
	struct json *v;
	char err[128];
	uint64_t u;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		v = json_parse(good[i], strlen(good[i]), err, sizeof(err));
		if (!v)
			FAIL("the parser refuses valid JSON %s: %s", good[i], err);
		json_free(v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = json_parse(bad[i], strlen(bad[i]), err, sizeof(err));
		if (v)
			FAIL("the parser accepts invalid JSON '%s'", bad[i]);
		json_free(v);
	}
	v = json_parse(pair, strlen(pair), err, sizeof(err));
	if (CHECK(v != NULL)) {
		CHECK(!strcmp(json_get(v, "s")->text, "\303\251\360\237\230\200"));
		CHECK(json_u64(json_get(v, "n"), &u) && u == 42);
	}
	json_free(v);
}

static struct json *run_json(char *const argv[])
{
	char err[256], buf[64];
	struct json *doc;
	int status = run_stat_tool(argv, out, sizeof(out));

	if (!EXPECT_EXIT(status, 0)) {
		t_info("netbuf-stat: %s", wait_status_str(status, buf, sizeof(buf)));
		fputs(out, stdout);
		return NULL;
	}
	doc = json_parse(out, strlen(out), err, sizeof(err));
	if (!doc)
		FAIL("netbuf-stat %s is not JSON (%s):\n%s", argv[1], err, out);
	return doc;
}

static void expect_member(const struct json *obj, const char *key,
			  uint64_t want)
{
	uint64_t got;

	if (!json_u64(json_get(obj, key), &got))
		FAIL("no number \"%s\" in:\n%s", key, out);
	else
		t_expect_u64(__FILE__, __LINE__, key, got, want);
}

static const struct json *context_of(const struct json *doc, int fd)
{
	const struct json *e;
	uint64_t pid, f;
	size_t i;

	for (i = 0; (e = json_at(json_get(doc, "contexts"), i)); i++)
		if (json_u64(json_get(e, "pid"), &pid) &&
		    pid == (uint64_t)getpid() &&
		    json_u64(json_get(e, "fd"), &f) && f == (uint64_t)fd)
			return e;
	FAIL("no context of pid %d fd %d in:\n%s", (int)getpid(), fd, out);
	return NULL;
}

static void check_context(const struct json *doc, const struct raw_ctx *c,
			  uint64_t buffers, uint64_t bytes)
{
	const struct json *e = context_of(doc, c->fd), *cmd;

	if (!e)
		return;
	expect_member(e, "buffers", buffers);
	expect_member(e, "bytes", bytes);
	expect_member(e, "window_bytes", c->size);
	expect_member(e, "uid", getuid());
	cmd = json_get(e, "command");
	if (!cmd || cmd->type != JSON_STRING || strcmp(cmd->text, ODD_COMM_UTF8))
		FAIL("command is not \"%s\" decoded:\n%s", ODD_COMM, out);
}

/* How many descriptors listed have context id @id. */
static unsigned int holders_of(const struct json *doc, uint64_t id)
{
	const struct json *e;
	unsigned int n = 0;
	uint64_t v;
	size_t i;

	for (i = 0; (e = json_at(json_get(doc, "contexts"), i)); i++)
		n += json_u64(json_get(e, "context_id"), &v) && v == id;
	return n;
}

/*
 * The tool runs in a fork of this process, which holds copies of both
 * descriptors: each context is listed twice under one id, and the two
 * contexts have different ids.
 */
static void check_shared_id(const struct json *doc, const struct raw_ctx *c,
			    const struct raw_ctx *d)
{
	const struct json *ec = context_of(doc, c->fd);
	const struct json *ed = context_of(doc, d->fd);
	uint64_t idc = 0, idd = 0;

	if (!ec || !ed)
		return;
	CHECK(json_u64(json_get(ec, "context_id"), &idc) && idc != 0);
	CHECK(json_u64(json_get(ed, "context_id"), &idd) && idd != 0);
	CHECK(idc != idd);
	EXPECT_EQ(holders_of(doc, idc), 2);
	EXPECT_EQ(holders_of(doc, idd), 2);
}

int main(int argc, char **argv)
{
	char *const full[] = { "netbuf-stat", "-j", NULL };
	char *const totals[] = { "netbuf-stat", "-j", "-t", NULL };
	const uint64_t ps = page_size();
	const struct json *t, *l, *e;
	char pid[32];
	struct raw_ctx c, d;
	struct json *doc;
	uint64_t v;

	(void)argc;
	t_init(argv[0], 60);
	parser_self_test();
	raw_open(&c, WIN_SIZE);
	raw_open(&d, 2 * WIN_SIZE);
	REQUIRE(raw_alloc(c.fd, ps, NULL) == 0);
	REQUIRE(raw_alloc(c.fd, 3 * ps, NULL) == 0);
	REQUIRE(raw_alloc(d.fd, 0, NULL) == 0);
	REQUIRE(prctl(PR_SET_NAME, ODD_COMM, 0, 0, 0) == 0);

	doc = run_json(full);
	if (doc) {
		e = json_get(doc, "version");
		CHECK(e && e->type == JSON_STRING &&
		      !strcmp(e->text, NETBUF_VERSION));
		CHECK(json_get(doc, "report")->type == JSON_NULL);
		t = json_get(doc, "totals");
		expect_member(t, "contexts", counter_read(SYSFS_CONTEXTS));
		expect_member(t, "buffers", counter_read(SYSFS_BUFFERS));
		expect_member(t, "bytes", counter_read(SYSFS_BYTES));
		expect_member(t, "alloc_failures",
			      counter_read(SYSFS_ALLOC_FAILURES));
		expect_member(t, "limit_hits", counter_read(SYSFS_LIMIT_HITS));
		expect_member(t, "limit_hits_max_user_bytes",
			      counter_read(SYSFS_LIMIT_HITS_USER_BYTES));
		l = json_get(doc, "limits");
		expect_member(l, "max_bytes", param_get(PARAM_MAX_BYTES));
		expect_member(l, "max_buffers", param_get(PARAM_MAX_BUFFERS));
		expect_member(l, "max_user_bytes",
			      param_get(PARAM_MAX_USER_BYTES));
		CHECK(json_get(doc, "changes") == NULL);
		e = json_get(doc, "hints");
		CHECK(e && e->type == JSON_ARRAY && json_count(e) == 0);
		check_context(doc, &c, 2, 4 * ps);
		check_context(doc, &d, 1, 0);
		check_shared_id(doc, &c, &d);
		e = json_get(doc, "users");
		CHECK(e && e->type == JSON_ARRAY && json_count(e) >= 1);
		e = json_at(e, 0);
		CHECK(json_u64(json_get(e, "charged_bytes"), &v) && v > 0);
		json_free(doc);
	}

	doc = run_json(totals);
	if (doc) {
		CHECK(json_get(doc, "totals") != NULL);
		CHECK(json_get(doc, "limits") != NULL);
		CHECK(json_get(doc, "contexts") == NULL);
		CHECK(json_get(doc, "users") == NULL);
		json_free(doc);
	}

	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	{
		char *const only[] = { "netbuf-stat", "-j", "-p", pid, NULL };

		doc = run_json(only);
		if (doc) {
			EXPECT_EQ(json_count(json_get(doc, "contexts")), 2);
			CHECK(json_u64(json_get(doc, "pid"), &v) &&
			      v == (uint64_t)getpid());
			json_free(doc);
		}
	}
	raw_close(&d);
	raw_close(&c);
	return t_done();
}
