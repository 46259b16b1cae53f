// SPDX-License-Identifier: GPL-2.0
/*
 * Guard mode: with NETBUF_GUARD=1 a 48-byte buffer ends at the end of its
 * window page, so a one-byte overflow (p[48]) faults, and NETBUF_REPORT=1
 * reports it as a buffer-overflow at offset 48 of the 48-byte buffer with
 * its allocation site; without guard mode the same write lands in the
 * slot's slack and the child lives. With NETBUF_GUARD=underflow the buffer
 * starts at its page's start and p[-1] is a buffer-underflow at offset -1.
 * Each reporting child dies by the signal of the same child without
 * reporting.
 */
#include "report_common.h"

#define GUARDED	48

static SITE_FN uint8_t *guard_alloc_site(void)
{
	void *p = NULL;

	if (NetApiBufferAllocate(GUARDED, &p))
		exit(3);
	return p;
}

static SITE_FN void guard_touch(volatile uint8_t *p)
{
	child_say("target", (uintptr_t)p);
	*p = 1;
}

static int child(const char *name)
{
	uint8_t *first, *p;

	/*
	 * Not the window's first buffer: the byte before that one is
	 * outside the window, where faults are not netbuf's to report.
	 */
	if (NetApiBufferAllocate(2 * 4096, (void **)&first))
		return 3;
	p = guard_alloc_site();

	child_say("page_offset", page_offset_of(p));
	p[0] = 1;
	p[GUARDED - 1] = 1;
	if (!strcmp(name, "overflow"))
		guard_touch(p + GUARDED);
	else if (!strcmp(name, "underflow"))
		guard_touch(p - 1);
	else
		return 2;
	NetApiBufferFree(p);
	return 0;
}

static void check(const char *self, const char *name, const char *guard,
		  const char *type, int offset)
{
	struct report_run plain, r;
	uint64_t target;
	char want[128];

	report_run(self, name, NULL, guard, &plain);
	if (!CHECK(WIFSIGNALED(plain.status)))
		return;
	report_run(self, name, "1", guard, &r);
	target = report_value(&r, "target");
	EXPECT_SIGNAL(&r, WTERMSIG(plain.status));
	EXPECT_FIRST(&r, type, target);
	snprintf(want, sizeof(want),
		 "netbuf: offset %d in a %d-byte buffer at %#" PRIx64 " (",
		 offset, GUARDED, target - offset);
	EXPECT_LINE(&r, want, offset < 0 ? "1 byte before its start)" :
		    "0 bytes after its end)");
	snprintf(want, sizeof(want), "netbuf: size %d\n", GUARDED);
	CHECK(strstr(r.err, want) != NULL);
	EXPECT_LINE(&r, "netbuf: allocated by ", ": guard_alloc_site+0x");
	CHECK(report_count(&r, "netbuf: freed by ") == 0);
	snprintf(want, sizeof(want), "netbuf: SUMMARY: %s at offset %d of a %d-byte buffer\n",
		 type, offset, GUARDED);
	CHECK(strstr(r.err, want) != NULL);
}

int main(int argc, char **argv)
{
	struct report_run r;
	uint64_t ps = page_size();

	if (argc == 3 && !strcmp(argv[1], "--child"))
		return child(argv[2]);
	t_init(argv[0], 120);
	require_abi5();

	/* Without guard mode the overflow stays in the slot: no fault. */
	report_run(argv[0], "overflow", "1", NULL, &r);
	EXPECT_EXIT(r.status, 0);
	CHECK(report_count(&r, "netbuf: ") == 0);

	check(argv[0], "overflow", "1", "buffer-overflow", GUARDED);
	report_run(argv[0], "overflow", NULL, "end", &r);
	EXPECT_EQ(report_value(&r, "page_offset"), ps - GUARDED);
	check(argv[0], "underflow", "underflow", "buffer-underflow", -1);
	report_run(argv[0], "underflow", NULL, "start", &r);
	EXPECT_EQ(report_value(&r, "page_offset"), 0);
	return t_done();
}
