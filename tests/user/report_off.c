// SPDX-License-Identifier: GPL-2.0
/*
 * Reporting off (the default) records nothing: after allocations,
 * reallocations that move, frees, a refused double free and a
 * NetWkstaGetInfo buffer, the context's fdinfo counts no recorded site
 * and no freed history, and nothing is printed. Switched on with
 * netbuf_set_report(), the same calls are recorded (the counters work);
 * switched off again, the counts stop growing.
 */
#include "lmwksta.h"
#include "netbufext.h"
#include "report_common.h"

#define FDINFO_SITES	"netbuf-sites-recorded"
#define FDINFO_HISTORY	"netbuf-freed-history"

static void calls(void)
{
	void *p, *q;
	LPBYTE w;

	REQUIRE(NetApiBufferAllocate(48, &p) == 0);
	REQUIRE(NetApiBufferReallocate(p, 3 * 4096, &q) == 0);
	REQUIRE(NetApiBufferFree(q) == 0);
	REQUIRE(NetApiBufferAllocate(5000, &p) == 0);
	REQUIRE(NetApiBufferFree(p) == 0);
	REQUIRE(NetWkstaGetInfo(NULL, 100, &w) == 0);
	REQUIRE(NetApiBufferFree(w) == 0);
}

int main(int argc, char **argv)
{
	uint64_t sites, history;
	void *p;
	int fd;

	(void)argc;
	t_init(argv[0], 120);
	require_abi5();
	REQUIRE(getenv("NETBUF_REPORT") == NULL);
	calls();
	REQUIRE(NetApiBufferAllocate(16, &p) == 0);
	REQUIRE(NetApiBufferFree(p) == 0);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferFree(p), ERROR_INVALID_PARAMETER);
	REQUIRE(netbuf_fds(&fd, 1) == 1);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SITES), 0);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_HISTORY), 0);

	REQUIRE(netbuf_set_report(NETBUF_REPORT_ERRORS) == 0);
	calls();
	sites = fdinfo_value(fd, FDINFO_SITES);
	history = fdinfo_value(fd, FDINFO_HISTORY);
	CHECK(sites >= 5);
	CHECK(history >= 3);

	REQUIRE(netbuf_set_report(0) == 0);
	calls();
	EXPECT_EQ(fdinfo_value(fd, FDINFO_SITES), sites);
	EXPECT_EQ(fdinfo_value(fd, FDINFO_HISTORY), history);
	return t_done();
}
