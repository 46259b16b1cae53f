// SPDX-License-Identifier: GPL-2.0
/*
 * Lifetime races, each repeated many times. What each may yield:
 *
 * free_vs_fault   A reader touches a buffer while another thread frees it.
 *                 Each read yields the buffer's own bytes or SIGBUS; once
 *                 FREE has returned, every read is SIGBUS. Never zeros,
 *                 never another buffer's bytes.
 * resize_vs_read  Readers read a buffer's kept prefix while it is grown
 *                 (moved), shrunk and grown within its page. A read yields
 *                 the prefix's bytes or SIGBUS (the old range after a move
 *                 or the cut tail after a shrink); a read of the current
 *                 range between resizes never faults.
 * close_vs_ioctl  Threads issue ioctls on a descriptor that another thread
 *                 closes (with or without its window, which is unmapped at
 *                 the same time). Each ioctl succeeds or fails with EBADF
 *                 (closed), ENXIO (window gone) or EINVAL (a buffer another
 *                 thread freed); the context goes away with the last user.
 * exit_mapped     A child with threads inside ioctls and threads writing
 *                 through mapped buffers is killed (SIGKILL) or exits: it
 *                 dies of that, nothing hangs, the module holds nothing.
 * fork_alloc      The process forks while threads allocate, write, resize
 *                 and free: the child sees none of the parent's buffers
 *                 (SIGSEGV), its own allocations work, the parent's data
 *                 is intact.
 * rmmod           All the while, a thread tries to unload the module: every
 *                 attempt is refused (EWOULDBLOCK or EBUSY), since the
 *                 process holds a context throughout.
 *
 * Each case must also have raced, or it proved nothing: at least one
 * SIGBUS and one read of live bytes (free_vs_fault), one read overlapping
 * a resize (resize_vs_read), one ioctl served and one refused after the
 * close (close_vs_ioctl), one kill of a child holding buffers
 * (exit_mapped); every fork_alloc child must fault at the parent's buffer,
 * and rmmod must have been refused at least once.
 *
 * Rounds per case: the first argument or NETBUF_RACE_ROUNDS, else 1000 (200
 * on a kernel with kmemleak, whose sanitizers make each round ~40x
 * slower); the seed of the random delays: the second argument or
 * NETBUF_TEST_SEED. Prints
 *   netbuf-summary races cases=6 rounds=R iterations=I faults=F rmmod_refused=U
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define WIN_SIZE	(256UL << 20)
#define NR_READERS	2

static unsigned int rounds;
static uint64_t seed;
static atomic_ulong iterations, faults, refusals;
/*
 * What each case saw, so that a run that never raced fails: reads of live
 * bytes and faults (free_vs_fault), reads that overlapped a resize
 * (resize_vs_read), ioctls served and refused after the close
 * (close_vs_ioctl), kills of a child holding buffers (exit_mapped).
 */
static atomic_ulong good_reads, overlapped, served, refused_closed, hits;
static atomic_bool stop_rmmod;

static void *spin_rmmod(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop_rmmod)) {
		errno = 0;
		if (syscall(SYS_delete_module, "netbuf", O_NONBLOCK) == 0) {
			FAIL("rmmod succeeded while a context was open");
			return NULL;
		}
		if (errno != EWOULDBLOCK && errno != EBUSY)
			FAIL("rmmod: %s, expected EWOULDBLOCK or EBUSY",
			     errno_name(errno));
		atomic_fetch_add(&refusals, 1);
		sleep_ms(1);
	}
	return NULL;
}

/* ---- free_vs_fault ------------------------------------------------------ */

static struct raw_ctx shared;
/* The buffer under test: offset, its pattern, and whether FREE returned. */
static atomic_ullong cur_off;
static atomic_uint cur_gen;
static atomic_bool cur_freed, readers_stop;
static atomic_uint reads_after_free;

static void *free_reader(void *arg)
{
	uint64_t rng = seed ^ (uintptr_t)arg;
	const size_t ps = page_size();

	rng |= 1;
	while (!atomic_load(&readers_stop)) {
		unsigned int gen = atomic_load(&cur_gen);
		uint64_t off = atomic_load(&cur_off);
		bool freed = atomic_load(&cur_freed);
		size_t i = (size_t)rng_below(&rng, ps);
		uint8_t v;
		int sig;

		if (!gen)
			continue;
		sig = probe_read(shared.win + off + i, &v);
		/* The buffer may have changed while we read: check. */
		if (atomic_load(&cur_gen) != gen)
			continue;
		if (sig) {
			if (sig != SIGBUS)
				FAIL("free_vs_fault: read got %s",
				     probe_name(sig));
			atomic_fetch_add(&faults, 1);
		} else if (freed) {
			FAIL("free_vs_fault: byte %zu of a freed buffer read %u",
			     i, v);
		} else if (v != pattern_byte(gen, i)) {
			FAIL("free_vs_fault: byte %zu read %u, expected %u", i,
			     v, pattern_byte(gen, i));
		} else {
			atomic_fetch_add(&good_reads, 1);
		}
		if (freed)
			atomic_fetch_add(&reads_after_free, 1);
	}
	return NULL;
}

static void free_vs_fault(void)
{
	pthread_t t[NR_READERS];
	uint64_t rng = seed | 1, off;
	unsigned int r, i, waited;

	atomic_store(&readers_stop, false);
	for (i = 0; i < NR_READERS; i++)
		REQUIRE(pthread_create(&t[i], NULL, free_reader,
				       (void *)(uintptr_t)(i + 1)) == 0);
	for (r = 1; r <= rounds; r++) {
		if (!EXPECT_RC(raw_alloc(shared.fd, page_size(), &off), 0))
			break;
		fill_pattern(shared.win + off, page_size(), r);
		/*
		 * No generation while the offset changes: a reader that took
		 * the old generation and the new offset then sees the change
		 * when it checks the generation again.
		 */
		atomic_store(&cur_gen, 0);
		atomic_store(&cur_freed, false);
		atomic_store(&cur_off, off);
		atomic_store(&cur_gen, r);
		sleep_ms((unsigned int)rng_below(&rng, 2));
		EXPECT_RC(raw_free(shared.fd, off), 0);
		atomic_store(&reads_after_free, 0);
		atomic_store(&cur_freed, true);
		/* Let the readers see the freed buffer before the next one. */
		for (waited = 0; atomic_load(&reads_after_free) < NR_READERS &&
		     waited < 2000; waited++)
			usleep(500);
		atomic_fetch_add(&iterations, 1);
		if (t_failures())
			break;
	}
	atomic_store(&readers_stop, true);
	for (i = 0; i < NR_READERS; i++)
		pthread_join(t[i], NULL);
	atomic_store(&cur_gen, 0);
}

/* ---- resize_vs_read ----------------------------------------------------- */

/* The buffer's address and kept length, published under a sequence. */
static atomic_uint resize_seq;	/* odd while a resize is in flight */
static atomic_ullong resize_off, resize_len;

static void *resize_reader(void *arg)
{
	uint64_t rng = seed ^ ((uint64_t)(uintptr_t)arg << 32);

	rng |= 1;
	while (!atomic_load(&readers_stop)) {
		unsigned int seq = atomic_load(&resize_seq);
		uint64_t off = atomic_load(&resize_off);
		uint64_t len = atomic_load(&resize_len);
		size_t i = (size_t)rng_below(&rng, len);
		uint8_t v;
		int sig;

		sig = probe_read(shared.win + off + i, &v);
		if ((seq & 1) || atomic_load(&resize_seq) != seq)
			atomic_fetch_add(&overlapped, 1);
		if (sig) {
			/* Only a resize in flight or since may take it away. */
			if (sig != SIGBUS || ((seq & 1) == 0 &&
					      atomic_load(&resize_seq) == seq))
				FAIL("resize_vs_read: byte %zu of a stable buffer: %s",
				     i, probe_name(sig));
			atomic_fetch_add(&faults, 1);
		} else if (v != pattern_byte(7, i)) {
			FAIL("resize_vs_read: byte %zu read %u, expected %u", i,
			     v, pattern_byte(7, i));
		}
	}
	return NULL;
}

static void resize_vs_read(void)
{
	const uint64_t ps = page_size();
	/* Grow (moves), shrink to one page, grow within it, back to two. */
	const uint64_t sizes[] = { 5 * ps, ps, ps - 100, 2 * ps };
	pthread_t t[NR_READERS];
	uint64_t off, nw, size = 2 * ps;
	unsigned int r, i;

	REQUIRE(raw_alloc(shared.fd, size, &off) == 0);
	fill_pattern(shared.win + off, size, 7);
	atomic_store(&resize_off, off);
	atomic_store(&resize_len, ps - 200);	/* the smallest size kept */
	atomic_store(&readers_stop, false);
	for (i = 0; i < NR_READERS; i++)
		REQUIRE(pthread_create(&t[i], NULL, resize_reader,
				       (void *)(uintptr_t)(i + 1)) == 0);
	for (r = 0; r < rounds; r++) {
		size = sizes[r % 4];
		atomic_fetch_add(&resize_seq, 1);
		if (!EXPECT_RC(raw_realloc(shared.fd, off, size, &nw), 0))
			break;
		/* Growth reads as zero; put the pattern back on it. */
		fill_pattern(shared.win + nw, size, 7);
		off = nw;
		atomic_store(&resize_off, off);
		atomic_fetch_add(&resize_seq, 1);
		atomic_fetch_add(&iterations, 1);
		if (t_failures())
			break;
	}
	atomic_store(&readers_stop, true);
	for (i = 0; i < NR_READERS; i++)
		pthread_join(t[i], NULL);
	EXPECT_RAW_LIVE(&shared, off, size, 7);
	EXPECT_RC(raw_free(shared.fd, off), 0);
}

/* ---- close_vs_ioctl ----------------------------------------------------- */

static atomic_int victim_fd = -1;

static bool allowed_errno(int rc)
{
	return rc == 0 || rc == -EBADF || rc == -ENXIO || rc == -EINVAL;
}

static void *ioctl_thread(void *arg)
{
	uint64_t rng = seed ^ ((uintptr_t)arg << 16), off, size;
	struct netbuf_info info;
	int fd, rc;

	rng |= 1;
	while (!atomic_load(&readers_stop)) {
		fd = atomic_load(&victim_fd);
		rc = raw_alloc(fd, rng_below(&rng, 3 * page_size()), &off);
		if (rc == 0) {
			rc = raw_size(fd, off, &size);
			if (allowed_errno(rc))
				rc = raw_realloc(fd, off, 2 * page_size(), &off);
			if (allowed_errno(rc))
				rc = raw_free(fd, off);
		}
		if (allowed_errno(rc))
			rc = raw_info(fd, &info);
		if (rc == 0)
			atomic_fetch_add(&served, 1);
		else if (rc == -EBADF || rc == -ENXIO)
			atomic_fetch_add(&refused_closed, 1);
		if (!allowed_errno(rc)) {
			FAIL("close_vs_ioctl: an ioctl failed with %s",
			     errno_name(-rc));
			break;
		}
	}
	return NULL;
}

static void close_vs_ioctl(void)
{
	uint64_t rng = seed | 3, contexts = counter_read(SYSFS_CONTEXTS);
	pthread_t t[3];
	struct raw_ctx c;
	unsigned int r, i;
	bool mapped;

	for (r = 0; r < rounds; r++) {
		mapped = r & 1;
		if (mapped) {
			raw_open(&c, 16UL << 20);
		} else {
			c.fd = dev_open();
			c.win = NULL;
		}
		atomic_store(&victim_fd, c.fd);
		atomic_store(&readers_stop, false);
		for (i = 0; i < 3; i++)
			REQUIRE(pthread_create(&t[i], NULL, ioctl_thread,
					       (void *)(uintptr_t)(i + 1)) == 0);
		usleep((useconds_t)rng_below(&rng, 2000));
		/* No open() until the threads stop: the number stays dead. */
		EXPECT_SYS_OK(close(c.fd));
		if (mapped)
			EXPECT_SYS_OK(munmap(c.win, c.size));
		usleep((useconds_t)rng_below(&rng, 500));
		atomic_store(&readers_stop, true);
		for (i = 0; i < 3; i++)
			pthread_join(t[i], NULL);
		if (!EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts))
			break;
		atomic_fetch_add(&iterations, 1);
		if (t_failures())
			break;
	}
}

/* ---- exit_mapped -------------------------------------------------------- */

static void *writer_thread(void *arg)
{
	struct raw_ctx *c = arg;
	uint64_t off, rng = seed | 5;

	for (;;) {
		if (raw_alloc(c->fd, rng_below(&rng, 8) * page_size() + 1,
			      &off) < 0)
			continue;
		memset(c->win + off, 0x5a, page_size() / 2);
		raw_free(c->fd, off);
	}
	return NULL;
}

static int doomed(void *arg)
{
	struct raw_ctx c;
	pthread_t t;
	LPVOID p;
	int i;

	(void)arg;
	raw_open(&c, 64UL << 20);
	for (i = 0; i < 3; i++)
		REQUIRE(pthread_create(&t, NULL, writer_thread, &c) == 0);
	/* And a library context with a live buffer. */
	REQUIRE(NetApiBufferAllocate(20000, &p) == NERR_Success);
	memset(p, 1, 20000);
	for (;;)
		pause();
	return T_FAIL;
}

static void exit_mapped(void)
{
	uint64_t rng = seed | 9;
	uint64_t contexts = counter_read(SYSFS_CONTEXTS);
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	char why[64];
	unsigned int r, nr = rounds / 10 ? rounds / 10 : 1;
	int status, sig;
	pid_t pid;

	for (r = 0; r < nr; r++) {
		pid = start_child(doomed, NULL);
		usleep((useconds_t)rng_below(&rng, 20000));
		if (counter_read(SYSFS_BUFFERS) > buffers)
			atomic_fetch_add(&hits, 1);	/* it held some */
		sig = (r & 1) ? SIGKILL : SIGTERM;
		EXPECT_SYS_OK(kill(pid, sig));
		status = wait_child(pid);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != sig)
			FAIL("exit_mapped: child ended with %s, expected signal %d",
			     wait_status_str(status, why, sizeof(why)), sig);
		if (!EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts) ||
		    !EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers))
			break;
		atomic_fetch_add(&iterations, 1);
	}
}

/* ---- fork_alloc --------------------------------------------------------- */

static uint8_t *parent_buf;
#define PARENT_SIZE	10000

static void *lib_thread(void *arg)
{
	uint64_t rng = seed ^ ((uintptr_t)arg << 8);
	uint8_t *p, *q;
	DWORD n;

	rng |= 1;
	while (!atomic_load(&readers_stop)) {
		n = (DWORD)rng_below(&rng, 40000) + 1;
		if (!EXPECT_STATUS(NetApiBufferAllocate(n, (LPVOID *)&p),
				   NERR_Success))
			break;
		fill_pattern(p, n, n);
		if (!EXPECT_STATUS(NetApiBufferReallocate(p, 2 * n,
							  (LPVOID *)&q),
				   NERR_Success)) {
			NetApiBufferFree(p);
			break;
		}
		EXPECT_PATTERN(q, n, n);
		EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	}
	return NULL;
}

static int forked_child(void *arg)
{
	uint8_t *p;

	(void)arg;
	EXPECT_EQ(probe_read(parent_buf, NULL), SIGSEGV);
	EXPECT_NOT_LIVE(parent_buf, 10);
	if (EXPECT_STATUS(NetApiBufferAllocate(5000, (LPVOID *)&p),
			  NERR_Success)) {
		fill_pattern(p, 5000, 11);
		EXPECT_LIVE(p, 5000, 11);
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	}
	return child_result();
}

static void fork_alloc(void)
{
	unsigned int r, i, nr = rounds / 4 ? rounds / 4 : 1;
	pthread_t t[2];
	char why[64];
	int status;

	REQUIRE(NetApiBufferAllocate(PARENT_SIZE, (LPVOID *)&parent_buf) ==
		NERR_Success);
	fill_pattern(parent_buf, PARENT_SIZE, 13);
	atomic_store(&readers_stop, false);
	for (i = 0; i < 2; i++)
		REQUIRE(pthread_create(&t[i], NULL, lib_thread,
				       (void *)(uintptr_t)(i + 1)) == 0);
	for (r = 0; r < nr; r++) {
		status = run_child(forked_child, NULL);
		if (!EXPECT_EXIT(status, T_PASS)) {
			t_info("fork_alloc: child %s",
			       wait_status_str(status, why, sizeof(why)));
			break;
		}
		atomic_fetch_add(&iterations, 1);
	}
	atomic_store(&readers_stop, true);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	EXPECT_LIVE(parent_buf, PARENT_SIZE, 13);
	EXPECT_STATUS(NetApiBufferFree(parent_buf), NERR_Success);
}

/* ---- main --------------------------------------------------------------- */

/* The case's outcome counter moved: it raced (or the check is void). */
static void expect_raced(const char *name, const char *what,
			 unsigned long before, atomic_ulong *counter)
{
	unsigned long n = atomic_load(counter) - before;

	t_info("%-15s %6lu %s", name, n, what);
	if (!n && !t_failures())
		FAIL("%s: no %s in %u rounds: the case never raced", name,
		     what, rounds);
}

static void run_case(const char *name, void (*fn)(void))
{
	unsigned long before_it = atomic_load(&iterations);
	unsigned long before_f = atomic_load(&faults);
	uint64_t start = now_ms();

	fn();
	t_info("%-15s %6lu iterations, %6lu faults seen, %llu ms", name,
	       atomic_load(&iterations) - before_it,
	       atomic_load(&faults) - before_f,
	       (unsigned long long)(now_ms() - start));
}

int main(int argc, char **argv)
{
	const char *env = getenv("NETBUF_RACE_ROUNDS");
	pthread_t rmmod_thread;
	unsigned long b[2];
	LPVOID hold;

	/* races [ROUNDS [SEED]], e.g. in a guest through make vm-run ARGS=. */
	if (argc > 1)
		env = argv[1];
	if (argc > 2)
		setenv("NETBUF_TEST_SEED", argv[2], 1);
	t_init(argv[0], 840);
	seed = t_seed();
	rounds = access("/sys/kernel/debug/kmemleak", F_OK) == 0 ? 200 : 1000;
	if (env && *env)
		rounds = (unsigned int)strtoul(env, NULL, 0);
	t_info("%u rounds per case; replay: races %u %llu", rounds, rounds,
	       (unsigned long long)seed);

	/* The library's context stays open throughout: rmmod must fail. */
	REQUIRE(NetApiBufferAllocate(1, &hold) == NERR_Success);
	REQUIRE(pthread_create(&rmmod_thread, NULL, spin_rmmod, NULL) == 0);
	raw_open(&shared, WIN_SIZE);

	b[0] = atomic_load(&faults);
	b[1] = atomic_load(&good_reads);
	run_case("free_vs_fault", free_vs_fault);
	expect_raced("free_vs_fault", "SIGBUS", b[0], &faults);
	expect_raced("free_vs_fault", "read of live bytes", b[1], &good_reads);
	b[0] = atomic_load(&overlapped);
	run_case("resize_vs_read", resize_vs_read);
	expect_raced("resize_vs_read", "read during a resize", b[0],
		     &overlapped);
	b[0] = atomic_load(&served);
	b[1] = atomic_load(&refused_closed);
	run_case("close_vs_ioctl", close_vs_ioctl);
	expect_raced("close_vs_ioctl", "ioctl served", b[0], &served);
	expect_raced("close_vs_ioctl", "ioctl refused after the close (EBADF, "
		     "ENXIO)", b[1], &refused_closed);
	b[0] = atomic_load(&hits);
	run_case("exit_mapped", exit_mapped);
	expect_raced("exit_mapped", "kill of a child holding buffers", b[0],
		     &hits);
	/* fork_alloc: every child must see SIGSEGV at the parent's buffer. */
	run_case("fork_alloc", fork_alloc);

	atomic_store(&stop_rmmod, true);
	pthread_join(rmmod_thread, NULL);
	t_info("rmmod        %6lu attempts, all refused",
	       atomic_load(&refusals));
	if (!atomic_load(&refusals))
		FAIL("rmmod was never tried");
	raw_close(&shared);
	EXPECT_STATUS(NetApiBufferFree(hold), NERR_Success);
	printf("netbuf-summary races cases=6 rounds=%u iterations=%lu faults=%lu rmmod_refused=%lu\n",
	       rounds, atomic_load(&iterations), atomic_load(&faults),
	       atomic_load(&refusals));
	return t_done();
}
