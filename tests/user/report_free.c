// SPDX-License-Identifier: GPL-2.0
/*
 * Bad-free reports (NETBUF_REPORT=1): a double free names the call site
 * of the second free, the first free's site and the allocation's, and the
 * call still returns 87 with errno kept and the program goes on; a free
 * of a pointer 16 bytes inside a live buffer, and of a malloc() pointer,
 * are invalid-frees; with NETBUF_REPORT=1,halt the double free aborts
 * (SIGABRT) after its report. Without reporting, nothing is printed.
 */
#include "report_common.h"

/* The site is the caller's own return address, not its caller's. */
#define NO_TAIL_CALL()	__asm__ volatile("" ::: "memory")

static SITE_FN void *free_alloc_site(void)
{
	void *p = NULL;

	if (NetApiBufferAllocate(48, &p))
		exit(3);
	return p;
}

static SITE_FN NET_API_STATUS free_first_site(void *p)
{
	NET_API_STATUS st = NetApiBufferFree(p);

	NO_TAIL_CALL();
	return st;
}

static SITE_FN NET_API_STATUS free_second_site(void *p)
{
	NET_API_STATUS st = NetApiBufferFree(p);

	NO_TAIL_CALL();
	return st;
}

/* The refused call's status and whether errno survived it. */
static void refused(void *p)
{
	NET_API_STATUS st;
	int e;

	child_say("target", (uintptr_t)p);
	errno = ERRNO_SENTINEL;
	st = free_second_site(p);
	e = errno;
	child_say("status", st);
	child_say("errno_kept", e == ERRNO_SENTINEL);
}

static int child(const char *name)
{
	uint8_t *p = free_alloc_site();
	void *m;

	if (!strcmp(name, "double") || !strcmp(name, "halt")) {
		if (free_first_site(p))
			return 4;
		refused(p);
	} else if (!strcmp(name, "interior")) {
		refused(p + 16);
		if (free_first_site(p))
			return 4;
	} else if (!strcmp(name, "foreign")) {
		m = malloc(64);
		refused(m);
		free(m);
	} else {
		return 2;
	}
	child_say("went_on", 1);
	return 0;
}

static void check_refused(const struct report_run *r, const char *type)
{
	EXPECT_FIRST(r, type, report_value(r, "target"));
	EXPECT_EQ(report_value(r, "status"), ERROR_INVALID_PARAMETER);
	EXPECT_EQ(report_value(r, "errno_kept"), 1);
	EXPECT_LINE(r, "netbuf: NetApiBufferFree in thread ",
		    ": free_second_site+0x");
}

int main(int argc, char **argv)
{
	struct report_run r;
	char want[128];

	if (argc == 3 && !strcmp(argv[1], "--child"))
		return child(argv[2]);
	t_init(argv[0], 120);
	require_abi5();

	report_run(argv[0], "double", NULL, NULL, &r);
	EXPECT_EXIT(r.status, 0);
	CHECK(report_count(&r, "netbuf: ") == 0);
	EXPECT_EQ(report_value(&r, "status"), ERROR_INVALID_PARAMETER);

	report_run(argv[0], "double", "1", NULL, &r);
	EXPECT_EXIT(r.status, 0);
	check_refused(&r, "double-free");
	snprintf(want, sizeof(want), "netbuf: offset 0 in a 48-byte freed buffer at %#" PRIx64 "\n",
		 report_value(&r, "target"));
	CHECK(strstr(r.err, want) != NULL);
	EXPECT_LINE(&r, "netbuf: freed by ", ": free_first_site+0x");
	EXPECT_LINE(&r, "netbuf: allocated by ", ": free_alloc_site+0x");
	EXPECT_LINE(&r, "netbuf: SUMMARY: double-free at offset 0 of a 48-byte buffer; NetApiBufferFree returned ERROR_INVALID_PARAMETER (87)", NULL);
	EXPECT_EQ(report_value(&r, "went_on"), 1);

	report_run(argv[0], "interior", "1", NULL, &r);
	EXPECT_EXIT(r.status, 0);
	check_refused(&r, "invalid-free");
	snprintf(want, sizeof(want), "netbuf: offset 16 in a 48-byte live buffer at %#" PRIx64 "\n",
		 report_value(&r, "target") - 16);
	CHECK(strstr(r.err, want) != NULL);
	EXPECT_LINE(&r, "netbuf: allocated by ", ": free_alloc_site+0x");
	CHECK(report_count(&r, "netbuf: freed by ") == 0);

	report_run(argv[0], "foreign", "1", NULL, &r);
	EXPECT_EXIT(r.status, 0);
	check_refused(&r, "invalid-free");
	EXPECT_LINE(&r, "netbuf: the address is not in netbuf's window", NULL);

	report_run(argv[0], "halt", "1,halt", NULL, &r);
	EXPECT_SIGNAL(&r, SIGABRT);
	EXPECT_FIRST(&r, "double-free", report_value(&r, "target"));
	EXPECT_LINE(&r, "netbuf: SUMMARY: double-free", "; aborting (NETBUF_REPORT=halt)");
	EXPECT_EQ(report_value(&r, "went_on"), 0);
	return t_done();
}
