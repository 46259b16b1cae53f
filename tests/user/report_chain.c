// SPDX-License-Identifier: GPL-2.0
/*
 * The report's fault handler and the program's own: a program that
 * installed a SIGSEGV/SIGBUS handler before its first netbuf call still
 * gets every fault outside the window, with no report; a fault in the
 * window is reported once and then reaches the program's handler, which
 * recovers (siglongjmp) and the program goes on. A program with no
 * handler of its own that faults outside the window dies by SIGSEGV with
 * no report. netbuf_set_report() switches reporting on from the program
 * itself, and refuses unknown flags with EINVAL.
 */
#include <setjmp.h>

#include "netbufext.h"
#include "report_common.h"

static sigjmp_buf jump;
static volatile sig_atomic_t caught;

static void own_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	caught = sig;
	siglongjmp(jump, 1);
}

/* An address outside the window, which no mapping holds. */
static volatile uintptr_t outside_addr = 16;

static __attribute__((noinline)) void touch(volatile uint8_t *p)
{
	*p = 1;
}

static int child(const char *name)
{
	struct sigaction sa = { .sa_sigaction = own_handler,
				.sa_flags = SA_SIGINFO };
	uint8_t *p;

	if (!strcmp(name, "outside")) {
		if (NetApiBufferAllocate(16, (void **)&p))
			return 3;
		touch((uint8_t *)outside_addr);
		return 4;
	}
	if (strcmp(name, "chain"))
		return 2;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	if (netbuf_set_report(NETBUF_REPORT_ERRORS) ||
	    NetApiBufferAllocate(48, (void **)&p) || NetApiBufferFree(p))
		return 3;
	if (!sigsetjmp(jump, 1))
		touch((uint8_t *)outside_addr);
	child_say("outside", caught);
	caught = 0;
	if (!sigsetjmp(jump, 1)) {
		child_say("target", (uintptr_t)p);
		touch(p);
	}
	child_say("window", caught);
	return 0;
}

int main(int argc, char **argv)
{
	struct report_run r;
	uint64_t sig;

	if (argc == 3 && !strcmp(argv[1], "--child"))
		return child(argv[2]);
	t_init(argv[0], 120);
	require_abi5();

	report_run(argv[0], "chain", NULL, NULL, &r);
	EXPECT_EXIT(r.status, 0);
	EXPECT_EQ(report_value(&r, "outside"), SIGSEGV);
	sig = report_value(&r, "window");
	CHECK(sig == SIGBUS || sig == SIGSEGV);
	EXPECT_FIRST(&r, "use-after-free", report_value(&r, "target"));
	EXPECT_EQ(report_count(&r, "netbuf: ERROR"), 1);
	/* The outside fault came before the report: nothing said for it. */
	CHECK(strstr(r.err, "# outside") < strstr(r.err, "netbuf: "));

	report_run(argv[0], "outside", "1", NULL, &r);
	EXPECT_SIGNAL(&r, SIGSEGV);
	EXPECT_EQ(report_count(&r, "netbuf: "), 0);

	errno = ERRNO_SENTINEL;
	EXPECT_EQ(netbuf_set_report(1U << 20), -1);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(netbuf_set_report(NETBUF_GUARD_END | NETBUF_GUARD_START), -1);
	EXPECT_EQ(netbuf_set_report(NETBUF_REPORT_HALT), -1);
	EXPECT_EQ(netbuf_set_report(0), 0);
	return t_done();
}
