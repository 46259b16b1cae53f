// SPDX-License-Identifier: GPL-2.0
/*
 * Fault reports (NETBUF_REPORT=1): a child touches a freed 48-byte buffer
 * (allocated by the main thread, freed by another) and a freed 3-page one,
 * and a byte of the window that no buffer ever had. Each report's
 * first line names the bug and the address, then the offset, the size,
 * both sites named after this program's own functions (from its ELF
 * symbol table: the test is static) and both threads; and the child dies
 * by the same signal as without reporting.
 */
#include <pthread.h>

#include "report_common.h"


static SITE_FN void *fault_alloc_site(DWORD n)
{
	void *p = NULL;

	if (NetApiBufferAllocate(n, &p))
		exit(3);
	return p;
}

static SITE_FN void fault_free_site(void *p)
{
	if (NetApiBufferFree(p))
		exit(4);
}

static void *freer(void *p)
{
	child_say("freer", (uint64_t)child_tid());
	fault_free_site(p);
	return NULL;
}

static SITE_FN void fault_touch(volatile uint8_t *p)
{
	child_say("target", (uintptr_t)p);
	*p = 1;
}

/* Allocated by this thread, freed by another, then touched at @at. */
static int child_uaf(DWORD n, size_t at)
{
	uint8_t *p = fault_alloc_site(n);
	pthread_t t;

	child_say("main", (uint64_t)child_tid());
	if (pthread_create(&t, NULL, freer, p) || pthread_join(t, NULL))
		return 5;
	fault_touch(p + at);
	return 0;
}

static int child_wild(void)
{
	uintptr_t lo, hi;
	uint8_t *p = fault_alloc_site(16);

	/*
	 * The window is one VMA. A quarter into it lies in the page-backed
	 * region, far above the few buffers this process has, and far
	 * below the small region (the top quarter): never a buffer there.
	 */
	if (maps_count(p, 1, &lo, &hi) != 1)
		return 6;
	fault_touch((uint8_t *)lo + (hi - lo) / 4 + 40);
	return 0;
}

static int child(const char *name)
{
	if (!strcmp(name, "uaf"))
		return child_uaf(48, 8);
	if (!strcmp(name, "uaf_page"))
		return child_uaf(3 * 4096, 5000);
	if (!strcmp(name, "wild"))
		return child_wild();
	return 2;
}

/* The same case without reporting: the signal the report must keep. */
static int plain_signal(const char *self, const char *name)
{
	struct report_run r;

	report_run(self, name, NULL, NULL, &r);
	if (!WIFSIGNALED(r.status) || (WTERMSIG(r.status) != SIGBUS &&
				       WTERMSIG(r.status) != SIGSEGV)) {
		FAIL("child %s without reporting did not die by SIGBUS or SIGSEGV", name);
		return SIGBUS;
	}
	return WTERMSIG(r.status);
}

static void check_uaf(const char *self, const char *name, DWORD n,
		      size_t at)
{
	char want[128], tid[64];
	int sig = plain_signal(self, name);
	struct report_run r;
	uint64_t target;

	report_run(self, name, "1", NULL, &r);
	target = report_value(&r, "target");
	EXPECT_SIGNAL(&r, sig);
	EXPECT_FIRST(&r, "use-after-free", target);
	snprintf(want, sizeof(want), "netbuf: offset %zu in a %u-byte freed buffer at %#" PRIx64 "\n",
		 at, n, target - at);
	CHECK(strstr(r.err, want) != NULL);
	snprintf(want, sizeof(want), "netbuf: size %u\n", n);
	CHECK(strstr(r.err, want) != NULL);
	snprintf(tid, sizeof(tid), "thread %" PRIu64 " (main) at 0x",
		 report_value(&r, "main"));
	EXPECT_LINE(&r, "netbuf: allocated by ", tid);
	EXPECT_LINE(&r, "netbuf: allocated by ", ": fault_alloc_site+0x");
	snprintf(tid, sizeof(tid), "thread %" PRIu64 " at 0x",
		 report_value(&r, "freer"));
	EXPECT_LINE(&r, "netbuf: freed by ", tid);
	EXPECT_LINE(&r, "netbuf: freed by ", ": fault_free_site+0x");
	EXPECT_LINE(&r, "netbuf: freed by ", " us ago");
	EXPECT_LINE(&r, "netbuf: WRITE (SIG", ": fault_touch+0x");
	snprintf(want, sizeof(want),
		 "netbuf: SUMMARY: use-after-free at offset %zu of a %u-byte buffer\n",
		 at, n);
	CHECK(strstr(r.err, want) != NULL);
}

int main(int argc, char **argv)
{
	struct report_run r;
	int sig;

	if (argc == 3 && !strcmp(argv[1], "--child"))
		return child(argv[2]);
	t_init(argv[0], 120);
	require_abi5();
	check_uaf(argv[0], "uaf", 48, 8);
	check_uaf(argv[0], "uaf_page", 3 * 4096, 5000);

	sig = plain_signal(argv[0], "wild");
	report_run(argv[0], "wild", "1", NULL, &r);
	EXPECT_SIGNAL(&r, sig);
	EXPECT_FIRST(&r, "wild-access", report_value(&r, "target"));
	EXPECT_LINE(&r, "netbuf: no buffer known at offset ", NULL);
	EXPECT_LINE(&r, "netbuf: SUMMARY: wild-access", NULL);
	return t_done();
}
