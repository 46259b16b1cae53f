// SPDX-License-Identifier: GPL-2.0
/*
 * The module-wide counters in /sys/class/misc/netbuf follow every event
 * exactly: contexts, buffers and bytes (page-rounded) move with opens,
 * allocations, resizes, frees and closes; alloc_failures counts the
 * allocations that failed for want of memory (a memory cgroup limit) or of
 * room in the window; limit_hits_max_{bytes,buffers,user_bytes} count the
 * requests each limit refused, and limit_hits is their sum. Requests
 * refused as invalid move nothing.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define WIN_SIZE	(64UL << 20)
#define TEST_CGROUP	CGROUP_ROOT "/netbuf-stats"

enum { CONTEXTS, BUFFERS, BYTES, FAILURES, HITS, HITS_BYTES, HITS_BUFFERS,
	HITS_USER, NR_COUNTERS };

static const char *const counter_path[NR_COUNTERS] = {
	SYSFS_CONTEXTS, SYSFS_BUFFERS, SYSFS_BYTES, SYSFS_ALLOC_FAILURES,
	SYSFS_LIMIT_HITS, SYSFS_LIMIT_HITS_BYTES, SYSFS_LIMIT_HITS_BUFFERS,
	SYSFS_LIMIT_HITS_USER_BYTES,
};

struct counters {
	int64_t v[NR_COUNTERS];
};

/* What the counters read now, and what the checks expect them to read. */
static struct counters want;

static void read_counters(struct counters *c)
{
	int i;

	for (i = 0; i < NR_COUNTERS; i++)
		c->v[i] = (int64_t)counter_read(counter_path[i]);
}

/* Every counter reads what @want says; @what names the step. */
static void expect_counters(const char *what)
{
	struct counters got;
	bool ok = true;
	int i;

	read_counters(&got);
	for (i = 0; i < NR_COUNTERS; i++)
		ok &= t_expect_u64(__FILE__, __LINE__, counter_path[i],
				   (uint64_t)got.v[i], (uint64_t)want.v[i]);
	if (!ok)
		t_info("after: %s", what);
	/* Resynchronise, so one miss does not fail every later step. */
	want = got;
}

static void expect_hit(int which, const char *what)
{
	want.v[which]++;
	want.v[HITS]++;
	expect_counters(what);
}

static void live_totals(void)
{
	const int64_t ps = (int64_t)page_size();
	uint64_t a, b, z, bad;
	struct netbuf_alloc req = { .size = 1, .flags = 0x80000000U };
	struct raw_ctx c;

	raw_open(&c, WIN_SIZE);
	want.v[CONTEXTS]++;
	expect_counters("open and mmap");

	REQUIRE(raw_alloc(c.fd, 1, &a) == 0);
	want.v[BUFFERS]++, want.v[BYTES] += ps;
	expect_counters("alloc 1 byte");
	REQUIRE(raw_alloc(c.fd, ps + 1, &b) == 0);
	want.v[BUFFERS]++, want.v[BYTES] += 2 * ps;
	expect_counters("alloc a page and a byte");
	REQUIRE(raw_alloc(c.fd, 0, &z) == 0);
	want.v[BUFFERS]++;
	expect_counters("alloc 0 bytes");

	EXPECT_RC(raw_realloc(c.fd, a, 4 * ps, &a), 0);
	want.v[BYTES] += 3 * ps;
	expect_counters("grow 1 byte to 4 pages");
	EXPECT_RC(raw_realloc(c.fd, a, 1, &a), 0);
	want.v[BYTES] -= 3 * ps;
	expect_counters("shrink 4 pages to 1 byte");
	EXPECT_RC(raw_free(c.fd, b), 0);
	want.v[BUFFERS]--, want.v[BYTES] -= 2 * ps;
	expect_counters("free 2 pages");

	/* Refused as invalid: not a failure, not a limit. */
	EXPECT_RC(raw_free(c.fd, b), -EINVAL);
	EXPECT_RC(raw_size(c.fd, b, &bad), -EINVAL);
	EXPECT_RC(raw_realloc(c.fd, b, ps, &bad), -EINVAL);
	EXPECT_RC(raw_ioctl(c.fd, NETBUF_IOC_ALLOC, &req), -EINVAL);
	expect_counters("invalid requests");

	/* close releases what is left: a and z. */
	raw_close(&c);
	want.v[CONTEXTS]--, want.v[BUFFERS] -= 2, want.v[BYTES] -= ps;
	expect_counters("close with 2 buffers live");
}

static void limits(void)
{
	const int64_t ps = (int64_t)page_size();
	uint64_t max_bytes = param_get(PARAM_MAX_BYTES);
	uint64_t max_buffers = param_get(PARAM_MAX_BUFFERS);
	uint64_t max_user = param_get(PARAM_MAX_USER_BYTES);
	uint64_t a, bad;
	LPVOID p = NULL, q = NULL;
	struct raw_ctx c;

	raw_open(&c, WIN_SIZE);
	want.v[CONTEXTS]++;
	REQUIRE(raw_alloc(c.fd, 2 * ps, &a) == 0);
	want.v[BUFFERS]++, want.v[BYTES] += 2 * ps;
	expect_counters("alloc 2 pages");

	param_set(PARAM_MAX_BYTES, 4 * (uint64_t)ps);
	EXPECT_RC(raw_alloc(c.fd, 3 * ps, &bad), -ENOMEM);
	expect_hit(HITS_BYTES, "alloc over max_bytes");
	EXPECT_RC(raw_realloc(c.fd, a, 5 * ps, &bad), -ENOMEM);
	expect_hit(HITS_BYTES, "grow over max_bytes");
	/* Exactly at the limit is no hit. */
	EXPECT_RC(raw_realloc(c.fd, a, 4 * ps, &a), 0);
	want.v[BYTES] += 2 * ps;
	expect_counters("grow to exactly max_bytes");
	EXPECT_RC(raw_realloc(c.fd, a, 2 * ps, &a), 0);
	want.v[BYTES] -= 2 * ps;
	param_set(PARAM_MAX_BYTES, max_bytes);

	param_set(PARAM_MAX_BUFFERS, 1);
	EXPECT_RC(raw_alloc(c.fd, 0, &bad), -ENOMEM);
	expect_hit(HITS_BUFFERS, "alloc over max_buffers");
	/* Through the library, which opens a context of its own. */
	EXPECT_STATUS(NetApiBufferAllocate(1, &p), NERR_Success);
	want.v[CONTEXTS]++, want.v[BUFFERS]++, want.v[BYTES] += ps;
	EXPECT_STATUS(NetApiBufferAllocate(1, &q), ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_EQ(errno, ENOMEM);
	expect_hit(HITS_BUFFERS, "NetApiBufferAllocate over max_buffers");
	param_set(PARAM_MAX_BUFFERS, max_buffers);

	/* This user holds 3 pages in two contexts now. */
	param_set(PARAM_MAX_USER_BYTES, 4 * (uint64_t)ps);
	EXPECT_RC(raw_alloc(c.fd, 2 * ps, &bad), -ENOMEM);
	expect_hit(HITS_USER, "alloc over max_user_bytes");
	EXPECT_STATUS(NetApiBufferReallocate(p, 3 * ps, &q),
		      ERROR_NOT_ENOUGH_MEMORY);
	expect_hit(HITS_USER, "NetApiBufferReallocate over max_user_bytes");
	param_set(PARAM_MAX_USER_BYTES, max_user);

	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	want.v[BUFFERS]--, want.v[BYTES] -= ps;
	EXPECT_RC(raw_free(c.fd, a), 0);
	want.v[BUFFERS]--, want.v[BYTES] -= 2 * ps;
	raw_close(&c);
	want.v[CONTEXTS]--;
	expect_counters("frees and close");
}

/*
 * A window of 8 pages: its top quarter is the small region (netbuf(4)),
 * below it fit at most 5 pages and their guard page.
 */
static void window_full(void)
{
	const uint64_t ps = page_size();
	uint64_t a, bad;
	struct raw_ctx c;

	raw_open(&c, 8 * ps);
	want.v[CONTEXTS]++;
	EXPECT_RC(raw_alloc(c.fd, 8 * ps, &bad), -ENOMEM);
	want.v[FAILURES]++;
	expect_counters("alloc larger than the window");
	EXPECT_RC(raw_alloc(c.fd, 6 * ps, &bad), -ENOMEM);
	want.v[FAILURES]++;
	expect_counters("alloc into the small region");
	REQUIRE(raw_alloc(c.fd, 5 * ps, &a) == 0);
	want.v[BUFFERS]++, want.v[BYTES] += 5 * ps;
	EXPECT_RC(raw_alloc(c.fd, ps, &bad), -ENOMEM);
	want.v[FAILURES]++;
	expect_counters("alloc into a full window");
	raw_close(&c);
	want.v[CONTEXTS]--, want.v[BUFFERS]--, want.v[BYTES] -= 5 * ps;
	expect_counters("close");
}

/* In a cgroup that may hold 8 MiB, 64 MiB of buffer pages cannot fit. */
static int memcg_child(void *arg)
{
	struct raw_ctx c;
	uint64_t bad;

	(void)arg;
	cgroup_join(TEST_CGROUP);
	raw_open(&c, WIN_SIZE * 2);
	EXPECT_RC(raw_alloc(c.fd, 64UL << 20, &bad), -ENOMEM);
	raw_close(&c);
	return child_result();
}

static void memcg_failure(void)
{
	char buf[64];
	int status;

	memcg_create(TEST_CGROUP, "8M");

	status = run_child(memcg_child, NULL);
	if (!EXPECT_EXIT(status, 0))
		t_info("child: %s", wait_status_str(status, buf, sizeof(buf)));
	if (rmdir(TEST_CGROUP) < 0)
		FAIL("rmdir " TEST_CGROUP ": %s", errno_name(errno));
	want.v[FAILURES]++;
	expect_counters("64 MiB in a cgroup of 8 MiB");
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 120);
	read_counters(&want);
	if (want.v[HITS] != want.v[HITS_BYTES] + want.v[HITS_BUFFERS] +
	    want.v[HITS_USER])
		FAIL("limit_hits %lld is not the sum of its parts",
		     (long long)want.v[HITS]);
	live_totals();
	limits();
	window_full();
	memcg_failure();
	return t_done();
}
