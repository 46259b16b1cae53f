// SPDX-License-Identifier: GPL-2.0
/*
 * Memory limits of a cgroup v2. A child process joins a cgroup whose
 * memory.max is 32 MiB (this test stays outside it) and allocates 1 MiB
 * buffers until the module refuses one:
 * - the refusal is clean: ENOMEM from the ioctl, status 8 with errno
 *   ENOMEM from the library, a resize that does not fit leaves the buffer
 *   intact and the same size; nothing is OOM-killed (the module allocates
 *   with __GFP_RETRY_MAYFAIL) and memory.events counts no oom_kill;
 * - the pages are charged to the cgroup: memory.current grows by at least
 *   what was allocated, and falls back when it is freed;
 * - most of the limit is usable (at least 3/4 of it), none beyond it: what
 *   was in use before plus what fit is at most memory.max, and
 *   memory.peak (where the kernel has it) never passed memory.max;
 * - afterwards allocation works again.
 * Then the module's own limit inside the cgroup: max_bytes set to 8 MiB
 * holds exactly at its boundary (8 MiB fits, one more page is refused and
 * counted as a max_bytes hit, not as a memory failure).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define TEST_CGROUP	CGROUP_ROOT "/netbuf-memcg"
#define LIMIT		(32ULL << 20)
#define CHUNK		(1ULL << 20)
#define WIN_SIZE	(256UL << 20)
/* One more than can fit: the loop stops there at the latest. */
#define MAX_CHUNKS	(LIMIT / CHUNK + 1)

static uint64_t cg_read(const char *file)
{
	char path[128];
	uint64_t v = UINT64_MAX;

	snprintf(path, sizeof(path), TEST_CGROUP "/%s", file);
	if (sysfs_read_u64(path, &v) < 0)
		FAIL("read %s: %s", path, errno_name(errno));
	return v;
}

static int fill_child(void *arg)
{
	uint64_t off[MAX_CHUNKS], base, grown, bad, size;
	unsigned int n = 0, i;
	struct raw_ctx c;
	LPVOID p = NULL;

	(void)arg;
	cgroup_join(TEST_CGROUP);
	raw_open(&c, WIN_SIZE);
	base = cg_read("memory.current");
	for (n = 0; n < MAX_CHUNKS; n++) {
		int rc = raw_alloc(c.fd, CHUNK, &off[n]);

		if (rc == -ENOMEM)
			break;
		if (!EXPECT_RC(rc, 0))
			return child_result();
		fill_pattern(c.win + off[n], CHUNK, 100 + n);
	}
	t_info("%u MiB fit in a cgroup of %llu MiB (%llu KiB in use before)",
	       n, LIMIT >> 20, (unsigned long long)base >> 10);
	if (base + n * CHUNK > LIMIT)
		FAIL("%u MiB fit after %llu KiB in use, in a cgroup of %llu "
		     "MiB: expected at most %llu MiB", n,
		     (unsigned long long)base >> 10, LIMIT >> 20,
		     (unsigned long long)((LIMIT - base) / CHUNK));
	if (cg_read("memory.current") > LIMIT)
		FAIL("memory.current %llu over memory.max %llu",
		     (unsigned long long)cg_read("memory.current"), LIMIT);
	if (access(TEST_CGROUP "/memory.peak", F_OK) == 0 &&
	    cg_read("memory.peak") > LIMIT)
		FAIL("memory.peak %llu over memory.max %llu",
		     (unsigned long long)cg_read("memory.peak"), LIMIT);
	if (n * CHUNK < LIMIT * 3 / 4)
		FAIL("only %u MiB of a %llu MiB limit fit", n, LIMIT >> 20);
	/* Charged to this cgroup. */
	if (cg_read("memory.current") < base + n * CHUNK)
		FAIL("memory.current %llu < %llu before + %u MiB allocated",
		     (unsigned long long)cg_read("memory.current"),
		     (unsigned long long)base, n);

	/* The library refuses alike, errno saying why. */
	errno = 0;
	EXPECT_STATUS(NetApiBufferAllocate((DWORD)CHUNK, &p),
		      ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_EQ(errno, ENOMEM);
	EXPECT_PTR(p, NULL);

	/* Growth that does not fit leaves the buffer as it was. */
	EXPECT_RC(raw_realloc(c.fd, off[0], 8 * CHUNK, &grown), -ENOMEM);
	EXPECT_RAW_LIVE(&c, off[0], CHUNK, 100);
	EXPECT_RC(raw_alloc(c.fd, CHUNK, &bad), -ENOMEM);

	/* Everything intact; freed, the charge goes. */
	for (i = 0; i < n; i++) {
		EXPECT_RAW_LIVE(&c, off[i], CHUNK, 100 + i);
		EXPECT_RC(raw_free(c.fd, off[i]), 0);
	}
	if (cg_read("memory.current") > base + CHUNK)
		FAIL("memory.current %llu after freeing all, %llu before",
		     (unsigned long long)cg_read("memory.current"),
		     (unsigned long long)base);

	/* And it works again. */
	if (EXPECT_RC(raw_alloc(c.fd, 4 * CHUNK, &off[0]), 0)) {
		EXPECT_RC(raw_size(c.fd, off[0], &size), 0);
		EXPECT_EQ(size, 4 * CHUNK);
		EXPECT_RC(raw_free(c.fd, off[0]), 0);
	}
	raw_close(&c);
	return child_result();
}

/* max_bytes below memory.max: the module's limit refuses first, exactly. */
static int boundary_child(void *arg)
{
	uint64_t a, b, hits = counter_read(SYSFS_LIMIT_HITS_BYTES);
	uint64_t failures = counter_read(SYSFS_ALLOC_FAILURES);
	struct raw_ctx c;

	(void)arg;
	cgroup_join(TEST_CGROUP);
	raw_open(&c, WIN_SIZE);
	EXPECT_RC(raw_alloc(c.fd, 6 * CHUNK, &a), 0);
	EXPECT_RC(raw_alloc(c.fd, 2 * CHUNK, &b), 0);	/* exactly 8 MiB */
	EXPECT_RC(raw_alloc(c.fd, 1, NULL), -ENOMEM);
	EXPECT_RC(raw_realloc(c.fd, b, 2 * CHUNK + 1, NULL), -ENOMEM);
	EXPECT_COUNTER(SYSFS_LIMIT_HITS_BYTES, hits + 2);
	EXPECT_COUNTER(SYSFS_ALLOC_FAILURES, failures);
	EXPECT_RC(raw_free(c.fd, b), 0);
	EXPECT_RC(raw_alloc(c.fd, 2 * CHUNK, &b), 0);
	raw_close(&c);
	return child_result();
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 300);
	memcg_create(TEST_CGROUP, "32M");
	/* No swap either way: the limit is the limit. */
	write_text(TEST_CGROUP "/memory.swap.max", "0");

	run_in_memcg(TEST_CGROUP, "fill", fill_child);
	param_set(PARAM_MAX_BYTES, 8 * CHUNK);
	run_in_memcg(TEST_CGROUP, "max_bytes boundary", boundary_child);

	if (rmdir(TEST_CGROUP) < 0)
		FAIL("rmdir " TEST_CGROUP ": %s", errno_name(errno));
	return t_done();
}
