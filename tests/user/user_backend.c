// SPDX-License-Identifier: GPL-2.0
/*
 * The choice of backend and what the user-space backend adds to the
 * contract tests. Each part runs in a fresh image of this program (the
 * backend is chosen once per process) with its own environment:
 * - NETBUF_BACKEND=user: netbuf_backend() says USER with a reason; double,
 *   interior and foreign frees are 87 with errno kept, also after a stray
 *   write across many small buffers (the table is not beside them); a freed
 *   large buffer faults (SIGSEGV), a freed small one reads zeros; freed
 *   buffers are quarantined (the next allocations do not reuse them, so a
 *   double free stays 87); threads allocate and free while the main thread
 *   forks: each child inherits the live buffers as copies it may use,
 *   resize and free, and the parent's stay as they were;
 * - NETBUF_USER_MAX_BYTES=1M: the limit gives 8 (ENOMEM), Reallocate over
 *   it leaves the buffer live, and freeing makes room again; a value that
 *   is no number gives NONE and 8 with EINVAL;
 * - NETBUF_BACKEND=bogus: NONE, allocations 8 with EINVAL, the reason
 *   names the value;
 * - NETBUF_BACKEND=kernel: with /dev/netbuf, KERNEL; without it, today's
 *   answers (8 and 2138 with errno ENOENT) and NONE with errno ENOENT and a
 *   reason naming NETBUF_BACKEND=kernel and what to do;
 * - no NETBUF_BACKEND (auto): KERNEL with the device, USER without.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lm_common.h"
#include "netbufext.h"

#define NR_SMALL	64
#define NR_THREADS	4
#define NR_FORKS	20

static bool have_device(void)
{
	return access(NETBUF_DEV, F_OK) == 0;
}

/* netbuf_backend() says @want, with a reason starting with @prefix. */
static void expect_backend(enum netbuf_backend want, const char *prefix,
			   const char *also)
{
	char why[512] = "";
	enum netbuf_backend got;

	got = netbuf_backend(why, sizeof(why));
	t_info("netbuf_backend: %s", why);
	EXPECT_EQ(got, want);
	if (strncmp(why, prefix, strlen(prefix)))
		FAIL("reason \"%s\" does not start with \"%s\"", why, prefix);
	if (also && !strstr(why, also))
		FAIL("reason \"%s\" does not say \"%s\"", why, also);
	/* And NULL is fine. */
	EXPECT_EQ(netbuf_backend(NULL, 0), want);
}

/* An allocation that must fail with 8, errno @err. */
static void expect_no_memory(DWORD n, int err)
{
	void *p = &p;
	NET_API_STATUS st;

	errno = 0;
	st = NetApiBufferAllocate(n, &p);
	EXPECT_EQ(errno, err);
	EXPECT_STATUS(st, ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_PTR(p, NULL);
}

/* ---- NETBUF_BACKEND=user ------------------------------------------------ */

static void bad_frees(void)
{
	uint8_t *small = NULL, *large = NULL, *heap = malloc(64);
	int local = 0;

	REQUIRE(EXPECT_STATUS(NetApiBufferAllocate(100, (void **)&small),
			      NERR_Success));
	REQUIRE(EXPECT_STATUS(NetApiBufferAllocate(3 * 4096, (void **)&large),
			      NERR_Success));
	fill_pattern(small, 100, 1);
	fill_pattern(large, 3 * 4096, 2);
	EXPECT_NOT_LIVE(small + 1, 10);
	EXPECT_NOT_LIVE(small + 16, 10);
	EXPECT_NOT_LIVE(small + 99, 10);
	EXPECT_NOT_LIVE(large + 16, 10);
	EXPECT_NOT_LIVE(large + 4096, 10);
	EXPECT_NOT_LIVE(large + 3 * 4096, 10);	/* the guard page */
	EXPECT_NOT_LIVE(heap, 10);
	EXPECT_NOT_LIVE(&local, 10);
	EXPECT_NOT_LIVE((void *)(uintptr_t)0xdeadbeef, 10);
	EXPECT_NOT_LIVE((void *)(uintptr_t)bad_frees, 10);
	/* Far into the small buffers' arena, where no chunk is in use. */
	EXPECT_NOT_LIVE(small + (64 << 16), 10);
	EXPECT_LIVE(small, 100, 1);
	EXPECT_LIVE(large, 3 * 4096, 2);

	EXPECT_STATUS(NetApiBufferFree(small), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(large), NERR_Success);
	EXPECT_NOT_LIVE(small, 10);
	EXPECT_NOT_LIVE(large, 10);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferFree(small),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferFree(large),
				  ERROR_INVALID_PARAMETER);
	/* What the man page promises after free. */
	EXPECT_READ(large, SIGSEGV);
	EXPECT_READ(large + 2 * 4096, SIGSEGV);
	EXPECT_READ(small, 0);
	EXPECT_ZERO(small, 100);
	free(heap);
}

/* A stray write across many small buffers cannot reach the table. */
static void stray_write(void)
{
	uint8_t *p[NR_SMALL], *lo = NULL, *hi = NULL;
	int i, n = 0;

	for (i = 0; i < NR_SMALL; i++) {
		p[i] = NULL;
		if (!EXPECT_STATUS(NetApiBufferAllocate(48, (void **)&p[i]),
				   NERR_Success))
			continue;
		n++;
		if (!lo || p[i] < lo)
			lo = p[i];
		if (!hi || p[i] > hi)
			hi = p[i];
	}
	REQUIRE(n == NR_SMALL);
	/* Fresh slots of one class follow each other in one chunk. */
	if (CHECK(hi - lo == (NR_SMALL - 1) * 48))
		memset(lo, 0xa5, (size_t)(hi - lo) + 48 + 16);
	for (i = 0; i < NR_SMALL; i++) {
		DWORD size = 0;

		EXPECT_STATUS(NetApiBufferSize(p[i], &size), NERR_Success);
		EXPECT_EQ(size, 48);
	}
	for (i = 0; i < NR_SMALL; i++)
		EXPECT_STATUS(NetApiBufferFree(p[i]), NERR_Success);
	for (i = 0; i < NR_SMALL; i++)
		EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferFree(p[i]),
					  ERROR_INVALID_PARAMETER);
}

/* Freed buffers wait before they are handed out again. */
static void quarantine(DWORD n, int later)
{
	void *old = NULL, *q[64];
	int i;

	REQUIRE(later <= 64);
	REQUIRE(EXPECT_STATUS(NetApiBufferAllocate(n, &old), NERR_Success));
	EXPECT_STATUS(NetApiBufferFree(old), NERR_Success);
	for (i = 0; i < later; i++) {
		q[i] = NULL;
		EXPECT_STATUS(NetApiBufferAllocate(n, &q[i]), NERR_Success);
		if (q[i] == old)
			FAIL("allocation %d of %u bytes reused a buffer freed "
			     "just before", i, n);
		EXPECT_ZERO(q[i], n);
	}
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferFree(old),
				  ERROR_INVALID_PARAMETER);
	for (i = 0; i < later; i++)
		EXPECT_STATUS(NetApiBufferFree(q[i]), NERR_Success);
}

static atomic_bool stop;

static void *churn(void *arg)
{
	uint64_t rng = (uintptr_t)arg * 0x9e3779b97f4a7c15ULL | 1;
	uint8_t *p, *q;
	DWORD n;

	while (!atomic_load(&stop)) {
		n = (DWORD)rng_below(&rng, 3 * 4096);
		p = NULL;
		if (!EXPECT_STATUS(NetApiBufferAllocate(n, (void **)&p),
				   NERR_Success))
			break;
		fill_pattern(p, n, n);
		q = NULL;
		if (!EXPECT_STATUS(NetApiBufferReallocate(p, n + 100,
							  (void **)&q),
				   NERR_Success))
			break;
		if (!EXPECT_PATTERN(q, n, n) || !EXPECT_ZERO(q + n, 100))
			break;
		EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	}
	return NULL;
}

/* The child's copies are its own buffers: use, resize, free. */
static int fork_child(void *arg)
{
	uint8_t **kept = arg, *q = NULL;
	void *own = NULL;

	EXPECT_LIVE(kept[0], 100, 11);
	EXPECT_LIVE(kept[1], 5000, 12);
	fill_pattern(kept[0], 100, 21);
	EXPECT_STATUS(NetApiBufferReallocate(kept[1], 9000, (void **)&q),
		      NERR_Success);
	EXPECT_PATTERN(q, 5000, 12);
	EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(kept[0]), NERR_Success);
	EXPECT_STATUS(NetApiBufferAllocate(64, &own), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(own), NERR_Success);
	return child_result();
}

static void threads_and_fork(void)
{
	pthread_t t[NR_THREADS];
	uint8_t *kept[2] = { NULL, NULL };
	int i, status;

	REQUIRE(EXPECT_STATUS(NetApiBufferAllocate(100, (void **)&kept[0]),
			      NERR_Success));
	REQUIRE(EXPECT_STATUS(NetApiBufferAllocate(5000, (void **)&kept[1]),
			      NERR_Success));
	fill_pattern(kept[0], 100, 11);
	fill_pattern(kept[1], 5000, 12);
	for (i = 0; i < NR_THREADS; i++)
		REQUIRE(pthread_create(&t[i], NULL, churn,
				       (void *)(uintptr_t)(i + 1)) == 0);
	for (i = 0; i < NR_FORKS; i++) {
		status = run_child(fork_child, kept);
		if (!EXPECT_EXIT(status, 0))
			break;
	}
	atomic_store(&stop, true);
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(t[i], NULL);
	/* The children changed their copies, not these. */
	EXPECT_LIVE(kept[0], 100, 11);
	EXPECT_LIVE(kept[1], 5000, 12);
	EXPECT_STATUS(NetApiBufferFree(kept[0]), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(kept[1]), NERR_Success);
}

static int role_user(void)
{
	expect_backend(NETBUF_BACKEND_USER, "user:", "NETBUF_BACKEND=user");
	bad_frees();
	stray_write();
	quarantine(40, 64);
	quarantine(3 * 4096, 16);
	threads_and_fork();
	EXPECT_EQ(netbuf_user_live_buffers(), 0);
	return t_failures() ? T_FAIL : T_PASS;
}

/* ---- NETBUF_USER_MAX_BYTES ---------------------------------------------- */

static int role_limit(void)
{
	uint8_t *p = NULL, *q = (uint8_t *)&q;
	void *r = NULL;

	REQUIRE(EXPECT_STATUS(NetApiBufferAllocate(1 << 20, (void **)&p),
			      NERR_Success));
	fill_pattern(p, 1 << 20, 3);
	expect_no_memory(1, ENOMEM);
	expect_no_memory(0xffffffffu, ENOMEM);
	EXPECT_STATUS(NetApiBufferReallocate(p, 2 << 20, (void **)&q),
		      ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_PTR(q, NULL);
	EXPECT_LIVE(p, 1 << 20, 3);
	/* Shrinking within its pages needs nothing more. */
	EXPECT_STATUS(NetApiBufferReallocate(p, (1 << 20) - 100,
					     (void **)&q), NERR_Success);
	EXPECT_PTR(q, p);
	EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	EXPECT_STATUS(NetApiBufferAllocate(1 << 19, &r), NERR_Success);
	EXPECT_STATUS(NetApiBufferAllocate(100, (void **)&q), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(r), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	return t_failures() ? T_FAIL : T_PASS;
}

/* ---- Invalid settings --------------------------------------------------- */

static int role_invalid(const char *names)
{
	void *p = NULL;

	expect_no_memory(10, EINVAL);
	EXPECT_STATUS(NetApiBufferFree(NULL), NERR_Success);
	EXPECT_NOT_LIVE(&p, 10);
	expect_backend(NETBUF_BACKEND_NONE, "none:", names);
	EXPECT_EQ(errno, EINVAL);
	return t_failures() ? T_FAIL : T_PASS;
}

/* ---- NETBUF_BACKEND=kernel, and auto ------------------------------------- */

static int role_kernel(void)
{
	LPBYTE b = (LPBYTE)&b;
	void *p = NULL;

	if (have_device()) {
		expect_backend(NETBUF_BACKEND_KERNEL, "kernel:", NULL);
		EXPECT_STATUS(NetApiBufferAllocate(10, &p), NERR_Success);
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
		return t_failures() ? T_FAIL : T_PASS;
	}
	/* Today's answers without the device, errno the open's. */
	expect_no_memory(10, ENOENT);
	errno = 0;
	EXPECT_STATUS(NetWkstaGetInfo(NULL, 100, &b), NERR_WkstaNotStarted);
	EXPECT_EQ(errno, ENOENT);
	EXPECT_PTR(b, NULL);
	EXPECT_NOT_LIVE(&p, 10);
	expect_backend(NETBUF_BACKEND_NONE,
		       "none: NETBUF_BACKEND=kernel, but /dev/netbuf cannot be used",
		       "modprobe netbuf");
	EXPECT_EQ(errno, ENOENT);
	return t_failures() ? T_FAIL : T_PASS;
}

static int role_auto(void)
{
	LPWKSTA_INFO_100 wi = NULL;
	void *p = NULL;

	if (have_device())
		expect_backend(NETBUF_BACKEND_KERNEL, "kernel:", NULL);
	else
		expect_backend(NETBUF_BACKEND_USER, "user:",
			       "/dev/netbuf cannot be used");
	EXPECT_STATUS(NetApiBufferAllocate(10, &p), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	/* The functions whose data the library produces work on either. */
	if (EXPECT_STATUS(NetWkstaGetInfo(NULL, 100, (LPBYTE *)&wi),
			  NERR_Success)) {
		CHECK(wi->wki100_computername[0] != 0);
		EXPECT_STATUS(NetApiBufferFree(wi), NERR_Success);
	}
	return t_failures() ? T_FAIL : T_PASS;
}

/* ---- The parent: one image per part ------------------------------------- */

/* Runs this program as @role with NAME=VALUE pairs set (VALUE NULL: unset). */
static void run_role(const char *role, const char *const *env)
{
	char status_str[64];
	int status;
	pid_t pid;

	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		unsetenv("NETBUF_BACKEND");
		unsetenv("NETBUF_USER_MAX_BYTES");
		for (; env && env[0]; env += 2)
			setenv(env[0], env[1], 1);
		execl("/proc/self/exe", "user_backend", role, (char *)NULL);
		_exit(126);
	}
	status = wait_child(pid);
	t_info("part %s: %s", role,
	       wait_status_str(status, status_str, sizeof(status_str)));
	if (!EXPECT_EXIT(status, 0))
		t_info("in part %s", role);
}

int main(int argc, char **argv)
{
	static const char *const user[] = { "NETBUF_BACKEND", "user", NULL };
	static const char *const limit[] = {
		"NETBUF_BACKEND", "user", "NETBUF_USER_MAX_BYTES", "1M", NULL };
	static const char *const bogus[] = { "NETBUF_BACKEND", "bogus", NULL };
	static const char *const bad_limit[] = {
		"NETBUF_BACKEND", "user", "NETBUF_USER_MAX_BYTES", "lots",
		NULL };
	static const char *const kernel[] = { "NETBUF_BACKEND", "kernel", NULL };

	t_init(argv[0], 120);
	if (argc == 2) {
		if (!strcmp(argv[1], "user"))
			return role_user();
		if (!strcmp(argv[1], "limit"))
			return role_limit();
		if (!strcmp(argv[1], "bogus"))
			return role_invalid("NETBUF_BACKEND=bogus");
		if (!strcmp(argv[1], "bad-limit"))
			return role_invalid("NETBUF_USER_MAX_BYTES=lots");
		if (!strcmp(argv[1], "kernel"))
			return role_kernel();
		if (!strcmp(argv[1], "auto"))
			return role_auto();
		FATAL("unknown part %s", argv[1]);
	}
	t_info("/dev/netbuf %s", have_device() ? "present" : "absent");
	run_role("user", user);
	run_role("limit", limit);
	run_role("bogus", bogus);
	run_role("bad-limit", bad_limit);
	run_role("kernel", kernel);
	run_role("auto", NULL);
	return t_done();
}
