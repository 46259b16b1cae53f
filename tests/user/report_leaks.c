// SPDX-License-Identifier: GPL-2.0
/*
 * The leak report (NETBUF_REPORT=leaks): a child leaves three 100-byte
 * buffers from one function, a 5000-byte one from another, and the buffer
 * of a NetWkstaGetInfo call (its site is the caller of NetWkstaGetInfo),
 * frees everything else (including a buffer reallocated once), and exits.
 * The report lists exactly those three sites, largest first, with their
 * counts and bytes, and a summary; with NETBUF_REPORT=1 there is no leak
 * report, nor when nothing leaked.
 */
#include "lmwksta.h"
#include "report_common.h"


static SITE_FN void leak_three(void)
{
	void *p;
	int i;

	for (i = 0; i < 3; i++)
		if (NetApiBufferAllocate(100, &p))
			exit(3);
}

static SITE_FN void leak_one(void)
{
	void *p;

	if (NetApiBufferAllocate(5000, &p))
		exit(3);
}

static SITE_FN void leak_lm(void)
{
	LPBYTE p;
	DWORD n;

	if (NetWkstaGetInfo(NULL, 100, &p) || NetApiBufferSize(p, &n))
		exit(3);
	child_say("lm_size", n);
}

static SITE_FN void no_leak(void)
{
	void *p, *q;

	if (NetApiBufferAllocate(64, &p) ||
	    NetApiBufferReallocate(p, 9000, &q) || NetApiBufferFree(q))
		exit(3);
}

static int child(const char *name)
{
	no_leak();
	if (!strcmp(name, "leaks")) {
		leak_three();
		leak_one();
		leak_lm();
	} else if (strcmp(name, "none")) {
		return 2;
	}
	no_leak();
	return 0;	/* exit(): the report is an atexit handler */
}

int main(int argc, char **argv)
{
	uint64_t lm_size;
	struct report_run r;
	char want[160];

	if (argc == 3 && !strcmp(argv[1], "--child"))
		return child(argv[2]);
	t_init(argv[0], 120);
	require_abi5();

	report_run(argv[0], "leaks", "leaks", NULL, &r);
	EXPECT_EXIT(r.status, 0);
	lm_size = report_value(&r, "lm_size");
	CHECK(lm_size > 0);
	snprintf(want, sizeof(want),
		 "netbuf: ERROR: leaks: 5 buffers, %" PRIu64 " bytes still live at exit\n",
		 300 + 5000 + lm_size);
	CHECK(strstr(r.err, want) != NULL);
	EXPECT_LINE(&r, "netbuf: 1 buffer, 5000 bytes allocated at 0x", ": leak_one+0x");
	EXPECT_LINE(&r, "netbuf: 3 buffers, 300 bytes allocated at 0x", ": leak_three+0x");
	snprintf(want, sizeof(want), "netbuf: 1 buffer, %" PRIu64 " bytes allocated at 0x", lm_size);
	EXPECT_LINE(&r, want, ": leak_lm+0x");
	/* Exactly three sites, and the summary. */
	EXPECT_EQ(report_count(&r, "netbuf: ") - report_count(&r, "netbuf: ERROR") -
		  report_count(&r, "netbuf: SUMMARY"), 3);
	CHECK(strstr(r.err, "no_leak") == NULL);
	snprintf(want, sizeof(want),
		 "netbuf: SUMMARY: %" PRIu64 " bytes leaked in 5 buffers from 3 sites\n",
		 300 + 5000 + lm_size);
	CHECK(strstr(r.err, want) != NULL);
	/* Largest first: leak_one's 5000 bytes before leak_three's 300. */
	CHECK(strstr(r.err, ": leak_one+") < strstr(r.err, ": leak_three+"));

	report_run(argv[0], "leaks", "1", NULL, &r);
	EXPECT_EXIT(r.status, 0);
	CHECK(report_count(&r, "netbuf: ") == 0);

	report_run(argv[0], "none", "leaks", NULL, &r);
	EXPECT_EXIT(r.status, 0);
	CHECK(report_count(&r, "netbuf: ") == 0);
	return t_done();
}
