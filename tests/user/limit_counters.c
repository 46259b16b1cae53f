// SPDX-License-Identifier: GPL-2.0
/*
 * The module's failure counters (netbuf(4), Statistics):
 * - alloc_failures counts growths that found no room in the window (and
 *   allocations), not limit_hits; the buffer stays as it was;
 * - a request refused by a limit counts once in limit_hits, under the
 *   first limit it exceeds in the order max_bytes, max_buffers,
 *   max_user_bytes: a request over all three counts as max_bytes, over the
 *   last two as max_buffers, over the last only as max_user_bytes; a
 *   refused growth likewise; alloc_failures does not move.
 */
#include <string.h>

#include "common.h"

struct counts {
	uint64_t failures, hits, bytes, buffers, user;
};

static void counts_read(struct counts *c)
{
	c->failures = counter_read(SYSFS_ALLOC_FAILURES);
	c->hits = counter_read(SYSFS_LIMIT_HITS);
	c->bytes = counter_read(SYSFS_LIMIT_HITS_BYTES);
	c->buffers = counter_read(SYSFS_LIMIT_HITS_BUFFERS);
	c->user = counter_read(SYSFS_LIMIT_HITS_USER_BYTES);
}

/* Each counter moved by exactly what is given since *was. */
static void expect_moved(const char *what, const struct counts *was,
			 int failures, int bytes, int buffers, int user)
{
	struct counts now;

	counts_read(&now);
	if (!EXPECT_EQ(now.failures - was->failures, failures) |
	    !EXPECT_EQ(now.hits - was->hits, bytes + buffers + user) |
	    !EXPECT_EQ(now.bytes - was->bytes, bytes) |
	    !EXPECT_EQ(now.buffers - was->buffers, buffers) |
	    !EXPECT_EQ(now.user - was->user, user))
		t_info("after %s", what);
}

static void growth_without_room(void)
{
	const uint64_t ps = page_size();
	struct raw_ctx c;
	struct counts was;
	uint64_t a, b, nw = 0;

	/* 8 pages: a at 0-1 (+ guard), b at 3 (+ guard); 4 pages free. */
	raw_open(&c, 8 * ps);
	REQUIRE(raw_alloc(c.fd, 2 * ps, &a) == 0);
	REQUIRE(raw_alloc(c.fd, ps, &b) == 0);
	fill_pattern(c.win + a, 2 * ps, 71);
	counts_read(&was);
	/* 6 pages + guard fit nowhere while b lives. */
	EXPECT_RC(raw_realloc(c.fd, a, 6 * ps, &nw), -ENOMEM);
	expect_moved("REALLOC with no room", &was, 1, 0, 0, 0);
	EXPECT_RAW_LIVE(&c, a, 2 * ps, 71);
	counts_read(&was);
	EXPECT_RC(raw_alloc(c.fd, 5 * ps, &nw), -ENOMEM);
	expect_moved("ALLOC with no room", &was, 1, 0, 0, 0);
	EXPECT_RC(raw_free(c.fd, a), 0);
	EXPECT_RC(raw_free(c.fd, b), 0);
	raw_close(&c);
}

static void first_limit_counts(void)
{
	const uint64_t ps = page_size();
	struct raw_ctx c;
	struct counts was;
	uint64_t a, nw;

	raw_open(&c, 64 * ps);
	REQUIRE(raw_alloc(c.fd, 4 * ps, &a) == 0);
	/* Full on all three: 4 pages, 1 buffer, 4 pages for the user. */
	param_set(PARAM_MAX_BYTES, 4 * ps);
	param_set(PARAM_MAX_BUFFERS, 1);
	param_set(PARAM_MAX_USER_BYTES, 4 * ps);

	counts_read(&was);
	EXPECT_RC(raw_alloc(c.fd, ps, NULL), -ENOMEM);
	expect_moved("ALLOC over all three limits", &was, 0, 1, 0, 0);
	counts_read(&was);
	EXPECT_RC(raw_realloc(c.fd, a, 5 * ps, &nw), -ENOMEM);
	expect_moved("REALLOC over max_bytes and max_user_bytes", &was, 0, 1,
		     0, 0);

	param_set(PARAM_MAX_BYTES, 64 * ps);
	counts_read(&was);
	EXPECT_RC(raw_alloc(c.fd, ps, NULL), -ENOMEM);
	expect_moved("ALLOC over max_buffers and max_user_bytes", &was, 0, 0,
		     1, 0);

	param_set(PARAM_MAX_BUFFERS, 16);
	counts_read(&was);
	EXPECT_RC(raw_alloc(c.fd, ps, NULL), -ENOMEM);
	expect_moved("ALLOC over max_user_bytes", &was, 0, 0, 0, 1);
	counts_read(&was);
	EXPECT_RC(raw_realloc(c.fd, a, 5 * ps, &nw), -ENOMEM);
	expect_moved("REALLOC over max_user_bytes", &was, 0, 0, 0, 1);

	EXPECT_RC(raw_free(c.fd, a), 0);
	raw_close(&c);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 60);
	growth_without_room();
	first_limit_counts();
	return t_done();
}
