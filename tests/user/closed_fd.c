// SPDX-License-Identifier: GPL-2.0
/*
 * A closed or reused descriptor never aliases buffers. Daemons close every
 * descriptor, and a later open may take the library's number.
 *
 * closed   The program closes the library's descriptor (found through
 *          /proc/self/fd). NetApiBufferAllocate works again, on a fresh
 *          context; the old buffers get 87 from Free, Size and Reallocate
 *          (to n and to 0) but stay mapped with their data; no new pointer
 *          equals an old one.
 * reused   The program closes the library's descriptor (again, or on
 *          its first context), opens
 *          /dev/netbuf raw at the same number and maps a window there:
 *          the library's requests name its own context, so they are
 *          refused there (ESTALE) and it moves to a fresh context. No new
 *          pointer equals an old live buffer, writing through the new
 *          buffers changes no old one, and the program's raw context holds
 *          nothing of the library's and keeps working.
 * released A lost context's buffers are released when its window is
 *          unmapped; every context goes with the process.
 * daemon   A child closes every descriptor from 3 on, as daemons do: the
 *          same as closed.
 * threads  Threads allocate, fill, check and free while the program closes
 *          the library's descriptor again and again: every allocation
 *          works, no buffer's data changes, and a free is refused (87)
 *          only for a buffer whose context was lost after it was made.
 * Each scenario runs in a child, so that the parent can check that the
 * lost contexts and their buffers left with it.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "common.h"

#define NR		12
#define MAX_OLD		(4 * NR)
#define RAW_WIN		(16UL << 20)

/*
 * The buffers allocated so far, each holding its pattern; those from
 * mapped on are still mapped (the others' window was unmapped).
 */
struct old {
	uint8_t *p[MAX_OLD];
	DWORD size[MAX_OLD];
	uint32_t seed[MAX_OLD];
	int n, mapped;
};

static DWORD size_of(int i)
{
	return i == 3 ? 0 : (DWORD)(1 + (i % 3) * 4096);
}

/*
 * The one descriptor of this process naming /dev/netbuf; -1 if there is
 * none and none_ok, else fatal.
 */
static int find_library_fd(bool none_ok)
{
	char target[PATH_MAX];
	struct dirent *d;
	int fd, found = -1, n = 0;
	ssize_t len;
	DIR *dir;

	dir = opendir("/proc/self/fd");
	if (!dir)
		FATAL("opendir /proc/self/fd: %s", errno_name(errno));
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		fd = atoi(d->d_name);
		len = readlinkat(dirfd(dir), d->d_name, target,
				 sizeof(target) - 1);
		if (len < 0 || fd == dirfd(dir))
			continue;
		target[len] = '\0';
		if (!strcmp(target, NETBUF_DEV)) {
			found = fd;
			n++;
		}
	}
	closedir(dir);
	if (n == 0 && none_ok)
		return -1;
	if (n != 1)
		FATAL("expected one descriptor of %s, found %d", NETBUF_DEV, n);
	return found;
}

static int library_fd(void)
{
	return find_library_fd(false);
}

/* Allocates NR buffers, each filled with its pattern, into o. */
static void allocate(struct old *o, uint32_t seed)
{
	int i;
	void *p;

	for (i = 0; i < NR && o->n < MAX_OLD; i++) {
		p = NULL;
		if (!EXPECT_STATUS(NetApiBufferAllocate(size_of(i), &p),
				   NERR_Success))
			continue;
		o->p[o->n] = p;
		o->size[o->n] = size_of(i);
		o->seed[o->n] = seed + (uint32_t)i;
		fill_pattern(p, o->size[o->n], o->seed[o->n]);
		o->n++;
	}
}

/* p is no old pointer (and no new pointer lies in an old buffer). */
static void not_old(const struct old *o, const uint8_t *p, DWORD size)
{
	uint64_t span = page_round(size ? size : 1);
	int i;

	for (i = 0; i < o->n; i++)
		if (p < o->p[i] + page_round(o->size[i] ? o->size[i] : 1) &&
		    o->p[i] < p + span)
			FAIL("new buffer %p (%u bytes) overlaps old buffer %d at %p (%u bytes)",
			     (const void *)p, size, i, (void *)o->p[i],
			     o->size[i]);
}

/* Buffers from o->p[from] to o->p[to - 1], lost: 87, data intact. */
static void lost(const struct old *o, int from, int to, const char *when)
{
	int i, bad = 0;

	for (i = from; i < to && i < o->n; i++) {
		if (!EXPECT_NOT_LIVE(o->p[i], 100))
			bad++;
		if (!EXPECT_PATTERN(o->p[i], o->size[i], o->seed[i]))
			bad++;
	}
	if (bad)
		t_info("%d checks of the old buffers failed %s", bad, when);
}

/*
 * NR new buffers: each works, equals and overlaps no old one, and writing
 * all of them changes no old one. They join o.
 */
static void new_buffers_work(struct old *o, uint32_t seed, const char *when)
{
	struct old fresh = { .n = 0, .mapped = 0 };
	DWORD n;
	int i, first = o->n;

	allocate(&fresh, seed);
	if (!EXPECT_EQ(fresh.n, NR))
		t_info("allocation failed %s", when);
	for (i = 0; i < fresh.n; i++) {
		not_old(o, fresh.p[i], fresh.size[i]);
		n = 0;
		EXPECT_STATUS(NetApiBufferSize(fresh.p[i], &n), NERR_Success);
		EXPECT_EQ(n, fresh.size[i]);
	}
	for (i = o->mapped; i < first; i++)
		if (!EXPECT_PATTERN(o->p[i], o->size[i], o->seed[i]))
			t_info("old buffer %d changed by new buffers %s", i,
			       when);
	for (i = 0; i < fresh.n; i++) {
		EXPECT_PATTERN(fresh.p[i], fresh.size[i], fresh.seed[i]);
		o->p[o->n] = fresh.p[i];
		o->size[o->n] = fresh.size[i];
		o->seed[o->n] = fresh.seed[i];
		o->n++;
	}
}

/*
 * Closes the library's descriptor, opens a raw context at its number with
 * a window, and checks that the library moves to a fresh context: its new
 * buffers alias none of o (o->p[0] to o->p[lost_to - 1] are lost) and the
 * program's context gets nothing of the library's.
 */
static void reuse_number(struct old *o, int lost_to, uint32_t seed)
{
	struct raw_ctx raw = { .fd = -1 };
	struct netbuf_info info;
	uint64_t contexts, off;
	int fd, raw_fd;

	fd = library_fd();
	REQUIRE(close(fd) == 0);
	raw_fd = dev_open();
	if (raw_fd != fd) {
		REQUIRE(dup2(raw_fd, fd) == fd);
		close(raw_fd);
	}
	raw.fd = fd;
	raw.win = mmap(NULL, RAW_WIN, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       0);
	REQUIRE(raw.win != MAP_FAILED);
	raw.size = RAW_WIN;
	new_buffers_work(o, seed, "after the number was reused");
	lost(o, 0, lost_to, "after the number was reused");
	/* Nothing of the library's went into the program's context. */
	if (EXPECT_RC(raw_info(raw.fd, &info), 0)) {
		EXPECT_EQ(info.live_buffers, 0);
		EXPECT_EQ(info.window_size, RAW_WIN);
	}
	if (EXPECT_RC(raw_alloc(raw.fd, 10, &off), 0)) {
		EXPECT_ZERO(raw.win + off, 10);
		EXPECT_RC(raw_free(raw.fd, off), 0);
	}
	contexts = counter_read(SYSFS_CONTEXTS);
	raw_close(&raw);
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts - 1);
}

/* closed, then reused, then released. */
static int closed_reused_released(void *arg)
{
	struct old o = { .n = 0 };
	uint64_t contexts = counter_read(SYSFS_CONTEXTS);
	uint64_t buffers;
	uintptr_t lo, hi;
	int fd;

	(void)arg;
	allocate(&o, 100);
	REQUIRE(o.n == NR);
	fd = library_fd();
	REQUIRE(close(fd) == 0);
	new_buffers_work(&o, 200, "after the close");
	lost(&o, 0, NR, "after the close");
	/* The old context lives on in its window, the new one beside it. */
	EXPECT_COUNTER(SYSFS_CONTEXTS, contexts + 2);

	reuse_number(&o, 2 * NR, 300);
	EXPECT_COUNTER(SYSFS_CONTEXTS, contexts + 3);

	/* released: unmapping the first lost window frees its buffers. */
	buffers = counter_read(SYSFS_BUFFERS);
	if (EXPECT_EQ(maps_count(o.p[0], 1, &lo, &hi), 1)) {
		EXPECT_SYS_OK(munmap((void *)lo, hi - lo));
		EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts + 2);
		EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers - NR);
		EXPECT_READ(o.p[0], SIGSEGV);
		EXPECT_NOT_LIVE(o.p[0], 100);
		o.mapped = NR;
	}
	/* The library still works, and never there. */
	new_buffers_work(&o, 400, "after a lost window was unmapped");
	lost(&o, NR, 2 * NR, "at the end");
	return child_result();
}

/* reused, on the library's first context. */
static int reused(void *arg)
{
	struct old o = { .n = 0 };

	(void)arg;
	allocate(&o, 800);
	REQUIRE(o.n == NR);
	reuse_number(&o, NR, 900);
	return child_result();
}

/* Closes every descriptor from 3 on, as daemons do. */
static void close_from_3(void)
{
	long max = sysconf(_SC_OPEN_MAX);
	int fd;

	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		close(fd);
}

static int daemon_like(void *arg)
{
	struct old o = { .n = 0 };

	(void)arg;
	allocate(&o, 500);
	REQUIRE(o.n == NR);
	close_from_3();
	new_buffers_work(&o, 600, "after closing every descriptor");
	lost(&o, 0, NR, "after closing every descriptor");
	/* Twice: the new context's descriptor goes the same way. */
	close_from_3();
	new_buffers_work(&o, 700, "after closing every descriptor again");
	lost(&o, 0, 2 * NR, "after closing every descriptor again");
	return child_result();
}

#define NR_THREADS	4
#define ROUNDS		400
#define RING		8
#define NR_CLOSES	6

/*
 * Odd while a close is under way, bumped before and after each: a buffer
 * whose allocation began at an odd value, or before a later bump, may have
 * been made in the context that the close took away, and so be lost.
 */
static atomic_uint generation;
static atomic_bool stop;

struct ring {
	uint8_t *p;
	DWORD size;
	uint32_t seed;
	unsigned int gen;
};

static void *worker(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg, gen;
	struct ring r[RING] = { { 0 } };
	uint64_t rng = 0x9e3779b97f4a7c15ULL * (id + 1);
	NET_API_STATUS st;
	int i, k;

	for (i = 0; i < ROUNDS || !atomic_load(&stop); i++) {
		k = i % RING;
		if (r[k].p) {
			EXPECT_PATTERN(r[k].p, r[k].size, r[k].seed);
			st = NetApiBufferFree(r[k].p);
			gen = atomic_load(&generation);
			if (st != NERR_Success &&
			    !(st == ERROR_INVALID_PARAMETER &&
			      (gen != r[k].gen || gen % 2)))
				FAIL("thread %u: NetApiBufferFree(%p) = %s, generation %u then %u",
				     id, (void *)r[k].p, status_name(st),
				     r[k].gen, gen);
			r[k].p = NULL;
		}
		r[k].size = (DWORD)(1 + rng_below(&rng, 3 * 4096));
		r[k].seed = (id << 16) + (uint32_t)i;
		r[k].gen = atomic_load(&generation);
		st = NetApiBufferAllocate(r[k].size, (void **)&r[k].p);
		if (st != NERR_Success) {
			FAIL("thread %u: NetApiBufferAllocate(%u) = %s (%s)",
			     id, r[k].size, status_name(st), errno_name(errno));
			r[k].p = NULL;
			continue;
		}
		fill_pattern(r[k].p, r[k].size, r[k].seed);
	}
	for (k = 0; k < RING; k++)
		if (r[k].p)
			EXPECT_PATTERN(r[k].p, r[k].size, r[k].seed);
	return NULL;
}

static int threads_lose_descriptor(void *arg)
{
	pthread_t t[NR_THREADS];
	void *p = NULL;
	int i, fd, waited;

	(void)arg;
	/* The library's context exists before the threads start. */
	REQUIRE(NetApiBufferAllocate(1, &p) == NERR_Success);
	for (i = 0; i < NR_THREADS; i++)
		REQUIRE(pthread_create(&t[i], NULL, worker,
				       (void *)(uintptr_t)i) == 0);
	for (i = 0; i < NR_CLOSES; i++) {
		sleep_ms(10);
		/* Wait for the threads to have opened a fresh context. */
		for (waited = 0; (fd = find_library_fd(true)) < 0 &&
				 waited < 5000; waited++)
			sleep_ms(1);
		if (fd < 0) {
			FAIL("no context reopened 5 s after close %d", i);
			break;
		}
		atomic_fetch_add(&generation, 1);
		close(fd);
		atomic_fetch_add(&generation, 1);
	}
	atomic_store(&stop, true);
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(t[i], NULL);
	return child_result();
}

int main(int argc, char **argv)
{
	static int (*const scenarios[])(void *) = {
		closed_reused_released, reused, daemon_like,
		threads_lose_descriptor,
	};
	uint64_t contexts, buffers;
	size_t i;

	(void)argc;
	t_init(argv[0], 180);
	contexts = counter_read(SYSFS_CONTEXTS);
	buffers = counter_read(SYSFS_BUFFERS);

	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		EXPECT_EXIT(run_child(scenarios[i], NULL), T_PASS);
		/* The lost contexts went with the process. */
		EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);
		EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers);
	}
	return t_done();
}
