// SPDX-License-Identifier: GPL-2.0
/*
 * System calls per operation in steady state, counted with ptrace: a
 * forked child runs the library (warmed up first, so the lazy open and
 * mmap are behind it) and marks each phase with getppid(), which the
 * library never calls; the parent stops it at every system call entry.
 * Allocate, Free and Reallocate (in place and moving) must cost exactly
 * one system call each, Size at most one.
 */
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define K		64
#define NR_PHASES	5
#define HIST		8

static const char *const phase_name[NR_PHASES] = {
	"Allocate", "Size", "Reallocate (in place)", "Reallocate (moving)",
	"Free",
};

struct phase {
	unsigned long count;
	unsigned long nr[HIST], hits[HIST];
};

static void mark(void)
{
	syscall(SYS_getppid);
}

/* The traced child: no printing, no malloc, between the marks. */
static int tracee(void *arg)
{
	void *p[K], *q = NULL;
	NET_API_STATUS bad = 0;
	DWORD n;
	int i;

	(void)arg;
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		_exit(T_SKIP);
	raise(SIGSTOP);

	/* Warm up every path once. */
	bad |= NetApiBufferAllocate(1, &q);
	bad |= NetApiBufferSize(q, &n);
	bad |= NetApiBufferReallocate(q, 200, &q);
	bad |= NetApiBufferReallocate(q, 3 * 4096, &q);
	bad |= NetApiBufferFree(q);

	mark();
	for (i = 0; i < K; i++)
		bad |= NetApiBufferAllocate(100, &p[i]);
	mark();
	for (i = 0; i < K; i++)
		bad |= NetApiBufferSize(p[i], &n);
	mark();
	for (i = 0; i < K; i++)
		bad |= NetApiBufferReallocate(p[i], 200, &p[i]);
	mark();
	for (i = 0; i < K; i++)
		bad |= NetApiBufferReallocate(p[i], 3 * 4096, &p[i]);
	mark();
	for (i = 0; i < K; i++)
		bad |= NetApiBufferFree(p[i]);
	mark();
	_exit(bad ? T_FAIL : T_PASS);
}

static void record(struct phase *ph, unsigned long nr)
{
	int i;

	ph->count++;
	for (i = 0; i < HIST; i++) {
		if (ph->hits[i] && ph->nr[i] != nr)
			continue;
		ph->nr[i] = nr;
		ph->hits[i]++;
		return;
	}
}

static void report(const struct phase *ph, int i, bool exact)
{
	unsigned long want = K;
	int j;

	t_info("%-22s %lu system calls for %d calls", phase_name[i],
	       ph->count, K);
	if (exact ? ph->count == want : ph->count <= want)
		return;
	FAIL("%s: expected %s%lu system calls for %d calls, got %lu",
	     phase_name[i], exact ? "" : "at most ", want, K, ph->count);
	for (j = 0; j < HIST && ph->hits[j]; j++)
		t_info("  system call %lu: %lu times", ph->nr[j], ph->hits[j]);
}

int main(int argc, char **argv)
{
	struct phase phases[NR_PHASES + 2] = { { 0 } };
	struct __ptrace_syscall_info info;
	int status, phase = 0, sig, i;
	pid_t pid;

	(void)argc;
	t_init(argv[0], 120);
	pid = start_child(tracee, NULL);
	status = wait_child(pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("PTRACE_TRACEME refused");
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP)
		FATAL("the child did not stop for tracing");
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
		   (void *)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)) < 0)
		FATAL("PTRACE_SETOPTIONS: %s", errno_name(errno));

	sig = 0;
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)sig) < 0)
			FATAL("PTRACE_SYSCALL: %s", errno_name(errno));
		status = wait_child(pid);
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		sig = 0;
		if (WSTOPSIG(status) != (SIGTRAP | 0x80)) {
			/* A real signal: pass it on. */
			sig = WSTOPSIG(status);
			continue;
		}
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid,
			   (void *)sizeof(info), &info) <= 0) {
			kill(pid, SIGKILL);
			wait_child(pid);
			t_skip("PTRACE_GET_SYSCALL_INFO: %s",
			       errno_name(errno));
		}
		if (info.op != PTRACE_SYSCALL_INFO_ENTRY)
			continue;
		if (info.entry.nr == SYS_getppid)
			phase++;
		else if (phase >= 1 && phase <= NR_PHASES)
			record(&phases[phase], (unsigned long)info.entry.nr);
	}
	EXPECT_EXIT(status, T_PASS);
	EXPECT_EQ(phase, NR_PHASES + 1);

	for (i = 0; i < NR_PHASES; i++)
		report(&phases[i + 1], i, i != 1);
	return t_done();
}
