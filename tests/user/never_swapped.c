// SPDX-License-Identifier: GPL-2.0
/*
 * netbuf(4): buffer pages are charged to the caller's memory cgroup and
 * never swapped out. A child in a cgroup of its own allocates 32 MiB of
 * buffers holding a pattern, then asks the cgroup to reclaim all it can
 * (memory.reclaim, the path that would page them out under pressure):
 * - memory.current keeps at least the buffers' pages: none was reclaimed;
 * - every page is still mapped (touching each takes no page fault), and
 *   every byte is intact.
 * What it proves: the pages are not on any reclaimable list, so neither
 * memory-cgroup reclaim nor kswapd, which use the same lists, can page
 * them out, whether or not swap is configured (the guest has none).
 */
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common.h"

#define TEST_CGROUP	CGROUP_ROOT "/netbuf-reclaim"
#define BUF		(4UL << 20)
#define NR		8

static long minflt(void)
{
	struct rusage ru;

	REQUIRE(getrusage(RUSAGE_SELF, &ru) == 0);
	return ru.ru_minflt;
}

static int child(void *arg)
{
	uint64_t off[NR], base, held, after;
	struct raw_ctx c;
	long faults;
	char text[32];
	size_t i, p;
	int rc, round;

	(void)arg;
	cgroup_join(TEST_CGROUP);
	raw_open(&c, 64UL << 20);
	REQUIRE(sysfs_read_u64(TEST_CGROUP "/memory.current", &base) == 0);
	for (i = 0; i < NR; i++) {
		REQUIRE(raw_alloc(c.fd, BUF, &off[i]) == 0);
		fill_pattern(c.win + off[i], BUF, 80 + (uint32_t)i);
	}
	REQUIRE(sysfs_read_u64(TEST_CGROUP "/memory.current", &held) == 0);
	CHECK(held >= base + NR * BUF);

	for (round = 0; round < 2; round++) {
		snprintf(text, sizeof(text), "%llu",
			 (unsigned long long)held);
		rc = write_text(TEST_CGROUP "/memory.reclaim", text);
		t_info("memory.reclaim of %llu bytes: %s",
		       (unsigned long long)held, rc ? errno_name(-rc) : "done");
		if (rc && rc != -EAGAIN)
			FAIL("memory.reclaim: %s", errno_name(-rc));
		REQUIRE(sysfs_read_u64(TEST_CGROUP "/memory.current",
				       &after) == 0);
		if (after < base + NR * BUF)
			FAIL("memory.current %llu after reclaim: below the "
			     "%llu bytes of buffers", (unsigned long long)after,
			     (unsigned long long)(NR * BUF));
		faults = minflt();
		for (i = 0; i < NR; i++)
			for (p = 0; p < BUF; p += page_size())
				(void)((volatile uint8_t *)c.win)[off[i] + p];
		faults = minflt() - faults;
		if (!EXPECT_EQ(faults, 0))
			t_info("buffer pages had to be faulted back in");
		for (i = 0; i < NR; i++)
			EXPECT_RAW_LIVE(&c, off[i], BUF, 80 + (uint32_t)i);
	}
	raw_close(&c);
	return child_result();
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 120);
	memcg_create(TEST_CGROUP, "256M");
	if (access(TEST_CGROUP "/memory.reclaim", W_OK) < 0)
		FATAL("no memory.reclaim in " TEST_CGROUP);
	EXPECT_EXIT(run_child(child, NULL), 0);
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, 0);
	if (rmdir(TEST_CGROUP) < 0)
		FAIL("rmdir " TEST_CGROUP ": %s", errno_name(errno));
	return t_done();
}
