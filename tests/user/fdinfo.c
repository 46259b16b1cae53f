// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/self/fdinfo/<fd> of a context follows its allocations and frees
 * exactly: netbuf-buffers, netbuf-bytes (page-rounded), netbuf-peak-bytes
 * (the highest bytes ever held) and netbuf-window-bytes (0 once unmapped).
 * A refused allocation leaves all of them as they were: one over
 * max_bytes, and one charged to the limits and then refused because its
 * pages do not fit in a memory cgroup (the peak is what was really held).
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

#define WIN_SIZE	(16UL << 20)
#define TEST_CGROUP	CGROUP_ROOT "/netbuf-fdinfo"
#define CG_LIMIT	"8M"
/* Far more than CG_LIMIT, well under max_bytes and the window. */
#define TOO_BIG		(12UL << 20)

static void expect_fdinfo(int fd, uint64_t buffers, uint64_t bytes,
			  uint64_t peak, uint64_t window)
{
	EXPECT_EQ(fdinfo_value(fd, "netbuf-buffers"), buffers);
	EXPECT_EQ(fdinfo_value(fd, "netbuf-bytes"), bytes);
	EXPECT_EQ(fdinfo_value(fd, "netbuf-peak-bytes"), peak);
	EXPECT_EQ(fdinfo_value(fd, "netbuf-window-bytes"), window);
}

/*
 * In a memory cgroup: an allocation that passes every limit of the module,
 * is charged, and fails for want of memory, never shows in the peak.
 */
static int refused_in_cgroup(void *arg)
{
	const uint64_t ps = page_size();
	uint64_t a, big;
	struct raw_ctx c;

	(void)arg;
	cgroup_join(TEST_CGROUP);
	raw_open(&c, WIN_SIZE);
	REQUIRE(raw_alloc(c.fd, ps, &a) == 0);
	expect_fdinfo(c.fd, 1, ps, ps, WIN_SIZE);
	EXPECT_RC(raw_alloc(c.fd, TOO_BIG, &big), -ENOMEM);
	expect_fdinfo(c.fd, 1, ps, ps, WIN_SIZE);
	EXPECT_RC(raw_realloc(c.fd, a, TOO_BIG, &big), -ENOMEM);
	expect_fdinfo(c.fd, 1, ps, ps, WIN_SIZE);
	raw_close(&c);
	return child_result();
}

int main(int argc, char **argv)
{
	const uint64_t ps = page_size();
	uint64_t a, b, z, max_bytes;
	struct raw_ctx c;

	(void)argc;
	t_init(argv[0], 60);
	max_bytes = param_get(PARAM_MAX_BYTES);
	raw_open(&c, WIN_SIZE);
	expect_fdinfo(c.fd, 0, 0, 0, WIN_SIZE);

	REQUIRE(raw_alloc(c.fd, 1, &a) == 0);
	REQUIRE(raw_alloc(c.fd, ps + 1, &b) == 0);
	REQUIRE(raw_alloc(c.fd, 0, &z) == 0);
	expect_fdinfo(c.fd, 3, 3 * ps, 3 * ps, WIN_SIZE);

	EXPECT_RC(raw_free(c.fd, b), 0);
	expect_fdinfo(c.fd, 2, ps, 3 * ps, WIN_SIZE);
	EXPECT_RC(raw_realloc(c.fd, a, 4 * ps, &a), 0);
	expect_fdinfo(c.fd, 2, 4 * ps, 4 * ps, WIN_SIZE);
	EXPECT_RC(raw_realloc(c.fd, a, 1, &a), 0);
	expect_fdinfo(c.fd, 2, ps, 4 * ps, WIN_SIZE);

	/* Over max_bytes: refused, nothing counted, the peak unchanged. */
	param_set(PARAM_MAX_BYTES, 4 * ps);
	EXPECT_RC(raw_alloc(c.fd, 4 * ps, NULL), -ENOMEM);
	EXPECT_RC(raw_realloc(c.fd, a, 5 * ps, NULL), -ENOMEM);
	expect_fdinfo(c.fd, 2, ps, 4 * ps, WIN_SIZE);
	/*
	 * Exactly at the limit, and past the old peak once it is raised. a
	 * is a small buffer (netbuf(4)) again: moving into pages, it needs
	 * room for all of them while its shared page is still held.
	 */
	EXPECT_RC(raw_realloc(c.fd, a, 4 * ps, NULL), -ENOMEM);
	expect_fdinfo(c.fd, 2, ps, 4 * ps, WIN_SIZE);
	EXPECT_RC(raw_realloc(c.fd, a, 3 * ps, &a), 0);
	expect_fdinfo(c.fd, 2, 3 * ps, 4 * ps, WIN_SIZE);
	param_set(PARAM_MAX_BYTES, max_bytes);
	EXPECT_RC(raw_alloc(c.fd, 2 * ps, &b), 0);
	expect_fdinfo(c.fd, 3, 5 * ps, 5 * ps, WIN_SIZE);
	EXPECT_RC(raw_free(c.fd, b), 0);
	EXPECT_RC(raw_realloc(c.fd, a, 1, &a), 0);
	expect_fdinfo(c.fd, 2, ps, 5 * ps, WIN_SIZE);

	/* Unmapped, the window reads 0; the buffers stay until close. */
	EXPECT_SYS_OK(munmap(c.win, WIN_SIZE));
	c.win = NULL;
	expect_fdinfo(c.fd, 2, ps, 5 * ps, 0);
	raw_close(&c);

	memcg_create(TEST_CGROUP, CG_LIMIT);
	write_text(TEST_CGROUP "/memory.swap.max", "0");
	EXPECT_EXIT(run_child(refused_in_cgroup, NULL), T_PASS);
	if (rmdir(TEST_CGROUP) < 0)
		FAIL("rmdir " TEST_CGROUP ": %s", errno_name(errno));
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, 0);
	return t_done();
}
