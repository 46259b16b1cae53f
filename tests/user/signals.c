// SPDX-License-Identifier: GPL-2.0
/*
 * Signals during allocation. netbuf(4) gives EINTR only when a fatal
 * signal arrives while pages are being allocated, and the library retries
 * an ioctl that fails with EINTR; so no other signal may fail a call:
 * - a storm of SIGUSR1 (a handler without SA_RESTART, so that a sleeping
 *   call would come back EINTR) hits the thread while it allocates 16 MiB
 *   buffers through a raw context and through the library: every call
 *   succeeds, and signals did land during the calls;
 * - a fatal signal (SIGKILL) ends a process in the middle of allocating
 *   large buffers at once: it dies of it within seconds and the module's
 *   counters return to where they were.
 * An EINTR itself cannot reach user space (the process it would be
 * returned to is dying), so it is not observed here.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define BIG	(16UL << 20)
#define ROUNDS	40

static atomic_bool storm_stop;
static atomic_ulong delivered;
static pthread_t target;

static void on_usr1(int sig)
{
	(void)sig;
	atomic_fetch_add(&delivered, 1);
}

static void *storm(void *arg)
{
	(void)arg;
	while (!atomic_load(&storm_stop)) {
		pthread_kill(target, SIGUSR1);
		usleep(50);
	}
	return NULL;
}

static void allocate_under_storm(void)
{
	struct sigaction sa;
	struct raw_ctx c;
	pthread_t t;
	uint64_t off;
	unsigned long before;
	int i, rc;
	LPVOID p;
	NET_API_STATUS st;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;	/* no SA_RESTART */
	REQUIRE(sigaction(SIGUSR1, &sa, NULL) == 0);
	raw_open(&c, 64UL << 20);
	target = pthread_self();
	REQUIRE(pthread_create(&t, NULL, storm, NULL) == 0);
	before = atomic_load(&delivered);
	for (i = 0; i < ROUNDS; i++) {
		rc = raw_alloc(c.fd, BIG, &off);
		if (!EXPECT_RC(rc, 0))
			break;
		c.win[off + BIG - 1] = 1;
		EXPECT_RC(raw_free(c.fd, off), 0);
		errno = 0;
		st = NetApiBufferAllocate((DWORD)BIG, &p);
		if (!EXPECT_STATUS(st, NERR_Success)) {
			t_info("errno %s", errno_name(errno));
			break;
		}
		((uint8_t *)p)[BIG - 1] = 1;
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	}
	atomic_store(&storm_stop, true);
	pthread_join(t, NULL);
	t_info("%lu signals during %d rounds", atomic_load(&delivered) - before,
	       ROUNDS);
	if (atomic_load(&delivered) - before < (unsigned long)ROUNDS)
		FAIL("only %lu signals landed in %d rounds: the storm proved "
		     "nothing", atomic_load(&delivered) - before, ROUNDS);
	raw_close(&c);
	signal(SIGUSR1, SIG_DFL);
}

static int allocate_forever(void *arg)
{
	struct raw_ctx c;
	uint64_t off;

	(void)arg;
	raw_open(&c, 1UL << 30);
	for (;;) {
		if (raw_alloc(c.fd, 256UL << 20, &off) == 0)
			raw_free(c.fd, off);
	}
	return T_FAIL;
}

static void killed_while_allocating(void)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	uint64_t contexts = counter_read(SYSFS_CONTEXTS);
	char why[64];
	int status, r;
	uint64_t t0;
	pid_t pid;

	for (r = 0; r < 5; r++) {
		pid = start_child(allocate_forever, NULL);
		sleep_ms(200 + 100 * (unsigned int)r);
		t0 = now_ms();
		EXPECT_SYS_OK(kill(pid, SIGKILL));
		status = wait_child(pid);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
			FAIL("expected death by SIGKILL, got %s",
			     wait_status_str(status, why, sizeof(why)));
		if (now_ms() - t0 > 10000)
			FAIL("SIGKILL took %llu ms to end an allocation",
			     (unsigned long long)(now_ms() - t0));
		EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers);
		EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 240);
	allocate_under_storm();
	killed_while_allocating();
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, 0);
	return t_done();
}
