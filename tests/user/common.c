// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the user-space tests of netbuf: reporting, fault probes,
 * data patterns, sysfs counters and parameters, raw access to the device,
 * child processes.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static const char *test_name = "test";
static unsigned int test_timeout;
static atomic_int failures;
static pid_t main_pid;

/* ---- Reporting ---------------------------------------------------------- */

static void on_alarm(int sig)
{
	static const char msg[] = "FAIL timeout: the test ran out of time\n";
	ssize_t n;

	(void)sig;
	n = write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	(void)n;
	_exit(T_FAIL);
}

static void probe_install(void);
static void params_restore(void);

void t_init(const char *name, unsigned int timeout_s)
{
	const char *slash = strrchr(name, '/');

	test_name = slash ? slash + 1 : name;
	test_timeout = timeout_s;
	main_pid = getpid();
	setvbuf(stdout, NULL, _IOLBF, 0);
	probe_install();
	signal(SIGALRM, on_alarm);
	alarm(timeout_s);
}

int t_failures(void)
{
	return atomic_load(&failures);
}

int t_done(void)
{
	int n = t_failures();

	params_restore();
	if (n) {
		printf("FAIL %s: %d check(s) failed\n", test_name, n);
		return T_FAIL;
	}
	printf("PASS %s\n", test_name);
	return T_PASS;
}

void t_skip(const char *fmt, ...)
{
	int n = t_failures();
	va_list ap;

	params_restore();
	/* A skip must not hide the failures recorded before it. */
	if (n)
		printf("FAIL %s: %d check(s) failed before it skipped: ",
		       test_name, n);
	else
		printf("SKIP %s: ", test_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(n ? T_FAIL : T_SKIP);
}

void t_info(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("# %s\n", buf);
}

static void vreport(const char *file, int line, const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* One printf per line so that threads and processes do not mix. */
	printf("FAIL %s:%d: %s%s\n", file, line, buf,
	       getpid() == main_pid ? "" : " (in child)");
}

void t_fail_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	atomic_fetch_add(&failures, 1);
	va_start(ap, fmt);
	vreport(file, line, fmt, ap);
	va_end(ap);
}

void t_fatal_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	atomic_fetch_add(&failures, 1);
	va_start(ap, fmt);
	vreport(file, line, fmt, ap);
	va_end(ap);
	if (getpid() == main_pid) {
		params_restore();
		printf("FAIL %s: stopped at a broken precondition\n",
		       test_name);
	}
	fflush(stdout);
	exit(T_FAIL);
}

bool t_check(const char *file, int line, const char *cond, bool ok)
{
	if (!ok)
		t_fail_at(file, line, "expected %s", cond);
	return ok;
}

const char *errno_name(int err)
{
	static __thread char buf[32];

	switch (err) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case ENXIO: return "ENXIO";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENFILE: return "ENFILE";
	case EMFILE: return "EMFILE";
	case ENOTTY: return "ENOTTY";
	case ENOSPC: return "ENOSPC";
	case EROFS: return "EROFS";
	case ERANGE: return "ERANGE";
	case ENOSYS: return "ENOSYS";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EOVERFLOW: return "EOVERFLOW";
	case ESTALE: return "ESTALE";
	case ERRNO_SENTINEL: return "ERRNO_SENTINEL";
	default:
		snprintf(buf, sizeof(buf), "errno %d", err);
		return buf;
	}
}

const char *status_name(NET_API_STATUS status)
{
	static __thread char buf[32];

	switch (status) {
	case NERR_Success: return "NERR_Success (0)";
	case ERROR_NOT_ENOUGH_MEMORY: return "ERROR_NOT_ENOUGH_MEMORY (8)";
	case ERROR_INVALID_PARAMETER: return "ERROR_INVALID_PARAMETER (87)";
	default:
		snprintf(buf, sizeof(buf), "status %" PRIu32, status);
		return buf;
	}
}

bool t_expect_u64(const char *file, int line, const char *expr,
		  uint64_t got, uint64_t want)
{
	if (got == want)
		return true;
	t_fail_at(file, line, "%s: expected %" PRId64 " (0x%" PRIx64
		  "), got %" PRId64 " (0x%" PRIx64 ")", expr, (int64_t)want,
		  want, (int64_t)got, got);
	return false;
}

bool t_expect_ptr(const char *file, int line, const char *expr,
		  const void *got, const void *want)
{
	if (got == want)
		return true;
	t_fail_at(file, line, "%s: expected %p, got %p", expr, want, got);
	return false;
}

bool t_expect_status(const char *file, int line, const char *expr,
		     NET_API_STATUS got, NET_API_STATUS want)
{
	char wbuf[40];

	if (got == want)
		return true;
	snprintf(wbuf, sizeof(wbuf), "%s", status_name(want));
	t_fail_at(file, line, "%s: expected %s, got %s", expr, wbuf,
		  status_name(got));
	return false;
}

bool t_expect_errno_kept(const char *file, int line, const char *expr,
			 int got)
{
	if (got == ERRNO_SENTINEL)
		return true;
	t_fail_at(file, line, "%s: errno must stay %d (sentinel), got %s",
		  expr, ERRNO_SENTINEL, errno_name(got));
	return false;
}

static void want_str(char *buf, size_t len, int want1, int want2)
{
	if (want1 == want2)
		snprintf(buf, len, "%s", errno_name(want1));
	else
		snprintf(buf, len, "%s or %s", errno_name(want1),
			 errno_name(want2));
}

bool t_expect_sys(const char *file, int line, const char *expr, long ret,
		  int err, int want1, int want2)
{
	char wbuf[64];

	if (want1 == 0) {
		if (ret != -1)
			return true;
		t_fail_at(file, line, "%s: expected success, got -1 (%s)",
			  expr, errno_name(err));
		return false;
	}
	if (ret == -1 && (err == want1 || err == want2))
		return true;
	want_str(wbuf, sizeof(wbuf), want1, want2);
	if (ret == -1)
		t_fail_at(file, line, "%s: expected -1 (%s), got -1 (%s)",
			  expr, wbuf, errno_name(err));
	else
		t_fail_at(file, line, "%s: expected -1 (%s), got %ld (success)",
			  expr, wbuf, ret);
	return false;
}

bool t_expect_rc(const char *file, int line, const char *expr, int got,
		 int want1, int want2)
{
	char wbuf[64];

	if (got == want1 || got == want2)
		return true;
	if (want1 == 0 && want2 == 0)
		snprintf(wbuf, sizeof(wbuf), "0 (success)");
	else
		want_str(wbuf, sizeof(wbuf), -want1, -want2);
	if (got == 0)
		t_fail_at(file, line, "%s: expected %s, got 0 (success)",
			  expr, wbuf);
	else
		t_fail_at(file, line, "%s: expected %s, got %s", expr, wbuf,
			  errno_name(-got));
	return false;
}

/* ---- Memory probes ------------------------------------------------------ */

static __thread sigjmp_buf probe_env;
static __thread volatile sig_atomic_t probe_armed;

static void probe_handler(int sig, siginfo_t *info, void *uctx)
{
	(void)info;
	(void)uctx;
	if (probe_armed) {
		probe_armed = 0;
		siglongjmp(probe_env, sig);
	}
	/* Not a probe: die of this signal when the access is retried. */
	signal(sig, SIG_DFL);
}

static void probe_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = probe_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/*
 * The signal mask is not saved by sigsetjmp (that would cost a system call
 * per probe); after a fault the signal, blocked while its handler ran, is
 * unblocked here.
 */
static int probe_caught(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	return sig;
}

int probe_read(const void *addr, uint8_t *value)
{
	volatile uint8_t v = 0;
	int sig;

	sig = sigsetjmp(probe_env, 0);
	if (sig)
		return probe_caught(sig);
	probe_armed = 1;
	v = *(const volatile uint8_t *)addr;
	probe_armed = 0;
	if (value)
		*value = v;
	return 0;
}

int probe_write(void *addr, uint8_t value)
{
	int sig;

	sig = sigsetjmp(probe_env, 0);
	if (sig)
		return probe_caught(sig);
	probe_armed = 1;
	*(volatile uint8_t *)addr = value;
	probe_armed = 0;
	return 0;
}

const char *probe_name(int sig)
{
	switch (sig) {
	case 0: return "no fault";
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	default: return "another signal";
	}
}

bool t_expect_probe(const char *file, int line, const char *what,
		    const void *addr, int got, int want1, int want2)
{
	if (got == want1 || got == want2)
		return true;
	if (want1 == want2)
		t_fail_at(file, line, "%s (%p): expected %s, got %s", what,
			  addr, probe_name(want1), probe_name(got));
	else
		t_fail_at(file, line, "%s (%p): expected %s or %s, got %s",
			  what, addr, probe_name(want1), probe_name(want2),
			  probe_name(got));
	return false;
}

/* ---- Data patterns ------------------------------------------------------ */

uint8_t pattern_byte(uint32_t seed, size_t i)
{
	uint32_t x = seed * 0x9e3779b1u + (uint32_t)i * 0x85ebca77u +
		     (uint32_t)(i >> 16);

	x ^= x >> 15;
	x ^= x >> 7;
	return (uint8_t)x ? (uint8_t)x : 0x5a;
}

void fill_pattern(void *p, size_t len, uint32_t seed)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = pattern_byte(seed, i);
}

size_t find_pattern_mismatch(const void *p, size_t len, uint32_t seed)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != pattern_byte(seed, i))
			return i;
	return SIZE_MAX;
}

size_t find_nonzero(const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return i;
	return SIZE_MAX;
}

/*
 * Probes the first byte of every page of [p, p + len): a check of a buffer
 * that lost its pages reports a failure instead of killing the test.
 */
static bool readable(const char *file, int line, const char *expr,
		     const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i, step;
	int sig;

	for (i = 0; i < len; i += step) {
		sig = probe_read(b + i, NULL);
		if (sig) {
			t_fail_at(file, line, "%s (%p): byte %zu of %zu: "
				  "expected data, got %s", expr, p, i, len,
				  probe_name(sig));
			return false;
		}
		step = page_size() - ((uintptr_t)(b + i) & (page_size() - 1));
	}
	return true;
}

bool t_expect_pattern(const char *file, int line, const char *expr,
		      const void *p, size_t len, uint32_t seed)
{
	size_t i;

	if (!readable(file, line, expr, p, len))
		return false;
	i = find_pattern_mismatch(p, len, seed);
	if (i == SIZE_MAX)
		return true;
	t_fail_at(file, line, "%s (%p): byte %zu of %zu: expected 0x%02x "
		  "(pattern %" PRIu32 "), got 0x%02x", expr, p, i, len,
		  pattern_byte(seed, i), seed, ((const uint8_t *)p)[i]);
	return false;
}

bool t_expect_zero(const char *file, int line, const char *expr,
		   const void *p, size_t len)
{
	size_t i;

	if (!readable(file, line, expr, p, len))
		return false;
	i = find_nonzero(p, len);
	if (i == SIZE_MAX)
		return true;
	t_fail_at(file, line,
		  "%s (%p): byte %zu of %zu: expected 0, got 0x%02x", expr, p,
		  i, len, ((const uint8_t *)p)[i]);
	return false;
}

/* ---- Library buffers ---------------------------------------------------- */

/* What NetApiBufferSize finds in the count; a refusal must leave it. */
#define UNTOUCHED_COUNT	0xa5a5a5a5u

bool t_expect_live(const char *file, int line, const char *expr, void *p,
		   DWORD size, uint32_t seed)
{
	DWORD got = 0xdeadbeef;	/* a success must overwrite it */
	char what[128];

	snprintf(what, sizeof(what), "NetApiBufferSize(%s = %p, &n)", expr, p);
	if (!t_expect_status(file, line, what, NetApiBufferSize(p, &got),
			     NERR_Success))
		return false;
	snprintf(what, sizeof(what), "size of %s (%p)", expr, p);
	return t_expect_u64(file, line, what, got, size) &&
	       t_expect_pattern(file, line, expr, p, size, seed);
}

bool t_expect_not_live(const char *file, int line, const char *expr,
		       void *p, DWORD n)
{
	/* To 0 as well: on a live buffer that frees it. */
	const DWORD new_size[] = { n, 0 };
	char call[128], out[160];
	DWORD count;
	bool ok = true;
	size_t i;
	void *q;

	snprintf(call, sizeof(call), "NetApiBufferFree(%s = %p)", expr, p);
	ok &= T_STATUS_KEEPS_ERRNO(file, line, call, NetApiBufferFree(p),
				   ERROR_INVALID_PARAMETER);

	count = UNTOUCHED_COUNT;
	snprintf(call, sizeof(call), "NetApiBufferSize(%s = %p, &n)", expr, p);
	snprintf(out, sizeof(out), "n after %s", call);
	ok &= T_STATUS_KEEPS_ERRNO(file, line, call,
				   NetApiBufferSize(p, &count),
				   ERROR_INVALID_PARAMETER);
	ok &= t_expect_u64(file, line, out, count, UNTOUCHED_COUNT);

	for (i = 0; i < sizeof(new_size) / sizeof(new_size[0]); i++) {
		DWORD m = new_size[i];

		q = (void *)&q;
		snprintf(call, sizeof(call),
			 "NetApiBufferReallocate(%s = %p, %u, &q)", expr, p, m);
		snprintf(out, sizeof(out), "q after %s", call);
		ok &= T_STATUS_KEEPS_ERRNO(file, line, call,
					   NetApiBufferReallocate(p, m, &q),
					   ERROR_INVALID_PARAMETER);
		ok &= t_expect_ptr(file, line, out, q, NULL);
	}
	return ok;
}

/* ---- Pages, randomness, time -------------------------------------------- */

size_t page_size(void)
{
	static size_t ps;

	if (!ps)
		ps = (size_t)sysconf(_SC_PAGESIZE);
	return ps;
}

uint64_t page_round(uint64_t n)
{
	uint64_t ps = page_size();

	return (n + ps - 1) / ps * ps;
}

uint64_t t_seed(void)
{
	static uint64_t seed;
	const char *env;

	if (seed)
		return seed;
	env = getenv("NETBUF_TEST_SEED");
	if (env && *env)
		seed = strtoull(env, NULL, 0);
	if (!seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)ts.tv_nsec ^
		       ((uint64_t)getpid() << 40);
	}
	if (!seed)
		seed = 1;
	t_info("seed %" PRIu64 " (set NETBUF_TEST_SEED to repeat)", seed);
	return seed;
}

uint64_t rng_next(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

uint64_t rng_below(uint64_t *state, uint64_t bound)
{
	return bound ? rng_next(state) % bound : 0;
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ---- sysfs -------------------------------------------------------------- */

int sysfs_read_u64(const char *path, uint64_t *value)
{
	char buf[64], *end;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	errno = 0;
	*value = strtoull(buf, &end, 10);
	if (errno || end == buf)
		return -EINVAL;
	return 0;
}

int sysfs_write_u64(const char *path, uint64_t value)
{
	char buf[32];
	ssize_t n;
	int fd, len, err;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%" PRIu64 "\n", value);
	n = write(fd, buf, (size_t)len);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	return n == len ? 0 : -EIO;
}

int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

int read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

bool t_user_backend(void)
{
	static int user = -1;
	const char *env;

	if (user < 0) {
		env = getenv("NETBUF_BACKEND");
		if (env && !strcmp(env, "user"))
			user = 1;
		else if (env && !strcmp(env, "kernel"))
			user = 0;
		else
			user = access(NETBUF_DEV, F_OK) != 0;
		if (user)
			t_info("backend: user (the library's own allocator)");
	}
	return user;
}

int t_freed_signal(uint64_t n)
{
	if (!t_user_backend())
		return SIGBUS;
	return n > 2048 ? SIGSEGV : 0;
}

/* A counter the user backend has no equivalent of. */
static bool kernel_only_counter(const char *path)
{
	return t_user_backend() && strcmp(path, SYSFS_BUFFERS) != 0;
}

bool t_expect_counter(const char *file, int line, const char *path,
		      uint64_t got, uint64_t want)
{
	static atomic_bool told;

	if (kernel_only_counter(path)) {
		if (!atomic_exchange(&told, true))
			t_info("the module's counters other than %s are not "
			       "checked on the user backend", SYSFS_BUFFERS);
		return true;
	}
	return t_expect_u64(file, line, path, got, want);
}

uint64_t counter_read(const char *path)
{
	uint64_t v;
	int rc;

	if (t_user_backend())
		return kernel_only_counter(path) ? 0 :
		       netbuf_user_live_buffers();
	rc = sysfs_read_u64(path, &v);

	if (rc < 0) {
		FAIL("read %s: %s", path, errno_name(-rc));
		return UINT64_MAX;
	}
	return v;
}

uint64_t counter_wait(const char *path, uint64_t want, unsigned int timeout_ms)
{
	uint64_t start = now_ms(), v = UINT64_MAX;

	if (t_user_backend())
		return counter_read(path);

	for (;;) {
		if (sysfs_read_u64(path, &v) == 0 && v == want)
			return v;
		if (now_ms() - start >= timeout_ms)
			break;
		sleep_ms(10);
	}
	if (sysfs_read_u64(path, &v) < 0)
		v = UINT64_MAX;
	return v;
}

#define MAX_PARAMS 4

static struct {
	const char *path;
	uint64_t orig;
} params[MAX_PARAMS];
static int nparams;

uint64_t param_get(const char *path)
{
	uint64_t v;
	int rc = sysfs_read_u64(path, &v);

	if (rc < 0)
		FATAL("read %s: %s", path, errno_name(-rc));
	return v;
}

void param_set(const char *path, uint64_t value)
{
	int i, rc;

	for (i = 0; i < nparams && strcmp(params[i].path, path); i++)
		;
	if (i == nparams) {
		if (nparams == MAX_PARAMS)
			FATAL("too many parameters changed");
		params[i].path = path;
		params[i].orig = param_get(path);
		nparams++;
	}
	rc = sysfs_write_u64(path, value);
	/* The tests run as root in the guest: no write refused is a skip. */
	if (rc < 0)
		FATAL("write %" PRIu64 " to %s: %s", value, path,
		      errno_name(-rc));
	if (param_get(path) != value)
		FATAL("%s does not read back %" PRIu64, path, value);
}

static void params_restore(void)
{
	int i;

	if (getpid() != main_pid)
		return;
	for (i = nparams - 1; i >= 0; i--)
		sysfs_write_u64(params[i].path, params[i].orig);
	nparams = 0;
}

uint64_t user_charge(uint64_t size)
{
	uint64_t pages = page_round(size) / page_size(), meta;
	int rc = sysfs_read_u64(SYSFS_CHARGE_BUFFER, &meta);

	if (rc < 0)
		FATAL("read " SYSFS_CHARGE_BUFFER ": %s", errno_name(-rc));
	/* Two kernel pointers per page: the guests' kernels are 64-bit. */
	return pages * page_size() + meta +
	       (pages > 1 ? pages * 2 * sizeof(uint64_t) : 0);
}

uint64_t meminfo_kb(const char *key)
{
	size_t len = strlen(key);
	unsigned long long v;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':' &&
		    sscanf(line + len + 1, "%llu", &v) == 1) {
			fclose(f);
			return v;
		}
	fclose(f);
	return 0;
}

/* ---- Small buffers ------------------------------------------------------ */

uint64_t small_class(uint64_t n)
{
	uint64_t low = 64, step;

	if (n == 0 || n > 2048)
		return 0;
	if (n <= 64)
		return (n + 15) & ~(uint64_t)15;
	while (2 * low < n)
		low *= 2;
	step = low / 4;
	return (n + step - 1) / step * step;
}

size_t page_offset_of(const void *p)
{
	return (uintptr_t)p & (page_size() - 1);
}

uint8_t *window_page_of(const void *p)
{
	return (uint8_t *)((uintptr_t)p & ~(uintptr_t)(page_size() - 1));
}

uint64_t pfn_of(const void *addr)
{
	static int fd = -1;
	uint64_t entry = 0;
	off_t pos = (off_t)((uintptr_t)addr / page_size() * sizeof(entry));

	if (fd < 0)
		fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		FATAL("open /proc/self/pagemap: %s", errno_name(errno));
	if (pread(fd, &entry, sizeof(entry), pos) != (ssize_t)sizeof(entry))
		FATAL("read /proc/self/pagemap at %p: %s", addr,
		      errno_name(errno));
	/* Bit 63: present; bits 0-54: the frame. */
	if (!(entry >> 63))
		return 0;
	return entry & ((1ULL << 55) - 1);
}

void small_page_fill(struct small_page *sp, DWORD n)
{
	const size_t ps = page_size();
	size_t max, nr = 0, i, best = 0, off;
	uint8_t **all;
	uint64_t *pfn;

	memset(sp, 0, sizeof(*sp));
	sp->n = n;
	sp->cls = small_class(n);
	REQUIRE(sp->cls != 0 && ps / sp->cls <= SMALL_SLOTS_MAX);
	sp->nr_slots = ps / sp->cls;
	max = 4 * sp->nr_slots;
	all = calloc(max, sizeof(*all));
	pfn = calloc(max, sizeof(*pfn));
	REQUIRE(all && pfn);
	while (nr < max && !sp->pfn) {
		size_t same = 0;

		if (NetApiBufferAllocate(n, (void **)&all[nr]) != NERR_Success)
			FATAL("Allocate(%u) refused after %zu", n, nr);
		pfn[nr] = pfn_of(all[nr]);
		if (!pfn[nr])
			FATAL("no page behind the live %u-byte buffer %p", n,
			      (void *)all[nr]);
		for (i = 0; i <= nr; i++)
			same += pfn[i] == pfn[nr];
		if (same > best)
			best = same;
		if (same == sp->nr_slots)
			sp->pfn = pfn[nr];
		nr++;
	}
	if (!sp->pfn)
		FATAL("%zu buffers of %u bytes (class %" PRIu64 ", %zu slots a "
		      "page): at most %zu share a page", nr, n, sp->cls,
		      sp->nr_slots, best);
	for (i = 0; i < nr; i++) {
		if (pfn[i] != sp->pfn) {
			REQUIRE(NetApiBufferFree(all[i]) == NERR_Success);
			continue;
		}
		off = page_offset_of(all[i]);
		if (off % sp->cls || sp->slot[off / sp->cls])
			FATAL("the %u-byte buffer %p is at page offset %zu: "
			      "not a slot of its own of class %" PRIu64, n,
			      (void *)all[i], off, sp->cls);
		sp->slot[off / sp->cls] = all[i];
	}
	free(all);
	free(pfn);
}

void small_page_free(struct small_page *sp)
{
	size_t i;

	for (i = 0; i < sp->nr_slots; i++) {
		if (!sp->slot[i])
			continue;
		if (NetApiBufferFree(sp->slot[i]) != NERR_Success)
			FAIL("Free of the live buffer in slot %zu (%p)", i,
			     (void *)sp->slot[i]);
		sp->slot[i] = NULL;
	}
}

void small_page_write(struct small_page *sp, uint32_t seed)
{
	size_t i;

	sp->seed = seed;
	for (i = 0; i < sp->nr_slots; i++)
		if (sp->slot[i])
			fill_pattern(sp->slot[i], sp->n, small_page_seed(sp, i));
}

uint32_t small_page_seed(const struct small_page *sp, size_t i)
{
	return sp->seed + (uint32_t)i;
}

bool t_expect_small_page(const char *file, int line,
			 const struct small_page *sp, const char *after)
{
	char what[48];
	bool ok = true;
	size_t i;

	for (i = 0; i < sp->nr_slots; i++) {
		if (!sp->slot[i])
			continue;
		snprintf(what, sizeof(what), "slot %zu of class %" PRIu64, i,
			 sp->cls);
		if (!t_expect_live(file, line, what, sp->slot[i], sp->n,
				   small_page_seed(sp, i)) ||
		    !t_expect_u64(file, line, what, pfn_of(sp->slot[i]),
				  sp->pfn)) {
			t_info("after %s", after);
			ok = false;
		}
	}
	return ok;
}

bool t_sanitized_kernel(void)
{
	return access("/sys/kernel/debug/kmemleak", F_OK) == 0;
}

void require_small_buffers(void)
{
	uint64_t v;
	int rc = sysfs_read_u64(PARAM_SMALL_MAX, &v);

	if (rc < 0)
		FATAL("read " PARAM_SMALL_MAX ": %s (a module without small "
		      "buffers?)", errno_name(-rc));
	if (v != SMALL_MAX_DEFAULT)
		param_set(PARAM_SMALL_MAX, SMALL_MAX_DEFAULT);
}

/* ---- cgroup v2 ---------------------------------------------------------- */

void memcg_create(const char *path, const char *max)
{
	char file[256];
	int rc;

	/* guest-init.sh mounts it and fails the run when it cannot. */
	if (access(CGROUP_ROOT "/cgroup.subtree_control", W_OK) < 0)
		FATAL("no writable cgroup2 at " CGROUP_ROOT ": %s",
		      errno_name(errno));
	rc = write_text(CGROUP_ROOT "/cgroup.subtree_control", "+memory");
	if (rc < 0)
		FATAL("enable the memory controller: %s", errno_name(-rc));
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		FATAL("mkdir %s: %s", path, errno_name(errno));
	snprintf(file, sizeof(file), "%s/memory.max", path);
	rc = write_text(file, max);
	if (rc < 0)
		FATAL("set %s to %s: %s", file, max, errno_name(-rc));
}

void cgroup_join(const char *path)
{
	char file[256], pid[32];
	int rc;

	snprintf(file, sizeof(file), "%s/cgroup.procs", path);
	snprintf(pid, sizeof(pid), "%d\n", getpid());
	rc = write_text(file, pid);
	if (rc < 0)
		FATAL("cannot join %s: %s", path, errno_name(-rc));
}

uint64_t cgroup_key(const char *path, const char *file, const char *key)
{
	char name[256], line[128];
	unsigned long long v;
	size_t klen = strlen(key);
	FILE *f;

	snprintf(name, sizeof(name), "%s/%s", path, file);
	f = fopen(name, "re");
	if (!f) {
		FAIL("open %s: %s", name, errno_name(errno));
		return UINT64_MAX;
	}
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ' ' &&
		    sscanf(line + klen, "%llu", &v) == 1) {
			fclose(f);
			return v;
		}
	fclose(f);
	FAIL("no %s in %s", key, name);
	return UINT64_MAX;
}

void run_in_memcg(const char *path, const char *what, int (*fn)(void *))
{
	uint64_t kills = cgroup_key(path, "memory.events", "oom_kill");
	uint64_t ooms = cgroup_key(path, "memory.events", "oom");
	char why[64];
	int status;

	status = run_child(fn, NULL);
	if (!EXPECT_EXIT(status, T_PASS))
		t_info("%s: child %s", what,
		       wait_status_str(status, why, sizeof(why)));
	if (!EXPECT_EQ(cgroup_key(path, "memory.events", "oom_kill"), kills))
		t_info("%s: the OOM killer ran", what);
	if (!EXPECT_EQ(cgroup_key(path, "memory.events", "oom"), ooms))
		t_info("%s: the memcg OOM path ran", what);
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, 0);
}

uint64_t fdinfo_value(int fd, const char *key)
{
	char path[64], line[256];
	unsigned long long v;
	size_t klen = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		FATAL("open %s: %s", path, errno_name(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':' &&
		    sscanf(line + klen + 1, "%llu", &v) == 1) {
			fclose(f);
			return v;
		}
	fclose(f);
	FATAL("%s has no line \"%s:\"", path, key);
}

/* ---- The device, raw ---------------------------------------------------- */

int dev_open(void)
{
	int fd = open(NETBUF_DEV, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		FATAL("open " NETBUF_DEV ": %s (is the module loaded?)",
		      errno_name(errno));
	return fd;
}

void raw_open(struct raw_ctx *ctx, size_t size)
{
	void *p;

	ctx->fd = dev_open();
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, ctx->fd, 0);
	if (p == MAP_FAILED)
		FATAL("mmap of a %zu-byte window: %s", size, errno_name(errno));
	ctx->win = p;
	ctx->size = size;
}

void raw_close(struct raw_ctx *ctx)
{
	if (ctx->win && munmap(ctx->win, ctx->size) < 0)
		FAIL("munmap of the window: %s", errno_name(errno));
	if (ctx->fd >= 0 && close(ctx->fd) < 0)
		FAIL("close of the context: %s", errno_name(errno));
	ctx->win = NULL;
	ctx->fd = -1;
}

int raw_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

int raw_alloc(int fd, uint64_t size, uint64_t *offset)
{
	struct netbuf_alloc req = { .size = size };
	int rc = raw_ioctl(fd, NETBUF_IOC_ALLOC, &req);

	if (rc == 0 && offset)
		*offset = req.offset;
	return rc;
}

int raw_realloc(int fd, uint64_t offset, uint64_t size, uint64_t *new_offset)
{
	struct netbuf_realloc req = { .offset = offset, .size = size };
	int rc = raw_ioctl(fd, NETBUF_IOC_REALLOC, &req);

	if (rc == 0 && new_offset)
		*new_offset = req.new_offset;
	return rc;
}

int raw_size(int fd, uint64_t offset, uint64_t *size)
{
	struct netbuf_size req = { .offset = offset };
	int rc = raw_ioctl(fd, NETBUF_IOC_SIZE, &req);

	if (rc == 0 && size)
		*size = req.size;
	return rc;
}

int raw_free(int fd, uint64_t offset)
{
	struct netbuf_free req = { .offset = offset };

	return raw_ioctl(fd, NETBUF_IOC_FREE, &req);
}

int raw_info(int fd, struct netbuf_info *info)
{
	memset(info, 0, sizeof(*info));
	return raw_ioctl(fd, NETBUF_IOC_INFO, info);
}

const unsigned long removed_cmds[NR_REMOVED_CMDS] = {
	_IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC, 0x06, 32),
	_IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC, 0x07, 32),
	_IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC, 0x08, 56),
};

bool t_expect_raw_live(const char *file, int line, const struct raw_ctx *ctx,
		       uint64_t off, uint64_t size, uint32_t seed)
{
	uint64_t got = UINT64_MAX;
	char what[64];

	snprintf(what, sizeof(what), "SIZE of offset %#" PRIx64, off);
	if (!t_expect_rc(file, line, what, raw_size(ctx->fd, off, &got), 0, 0))
		return false;
	snprintf(what, sizeof(what), "size of the buffer at %#" PRIx64, off);
	if (!t_expect_u64(file, line, what, got, size))
		return false;
	snprintf(what, sizeof(what), "the buffer at %#" PRIx64, off);
	return t_expect_pattern(file, line, what, ctx->win + off, size, seed);
}

int maps_count(const void *start, size_t len, uintptr_t *lo, uintptr_t *hi)
{
	uintptr_t s = (uintptr_t)start, e = s + len;
	unsigned long a, b;
	char line[512];
	FILE *f;
	int n = 0;

	f = fopen("/proc/self/maps", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx", &a, &b) != 2)
			continue;
		if (a >= e || b <= s)
			continue;
		if (n == 0 && lo)
			*lo = a;
		if (hi)
			*hi = b;
		n++;
	}
	fclose(f);
	return n;
}

bool t_expect_one_vma(const char *file, int line, const void *win,
		      size_t size)
{
	uintptr_t lo = 0, hi = 0;
	int n = maps_count(win, size, &lo, &hi);

	if (n < 0) {
		/* No /proc: the check proved nothing, which is a failure. */
		t_fail_at(file, line, "window %p: expected one VMA, got no "
			  "readable /proc/self/maps", win);
		return false;
	}
	if (n == 1 && lo == (uintptr_t)win && hi == (uintptr_t)win + size)
		return true;
	t_fail_at(file, line, "window %p-%p: expected one VMA exactly over it, "
		  "got %d VMA(s) spanning %#lx-%#lx", win,
		  (const void *)((const char *)win + size), n,
		  (unsigned long)lo, (unsigned long)hi);
	return false;
}

/* ---- Child processes ---------------------------------------------------- */

static pid_t raw_fork(void)
{
	return (pid_t)syscall(SYS_fork);
}

static pid_t start_child_by(pid_t (*do_fork)(void), int (*fn)(void *),
			    void *arg)
{
	pid_t pid;
	int rc;

	fflush(NULL);
	pid = do_fork();
	if (pid < 0)
		FATAL("fork: %s", errno_name(errno));
	if (pid == 0) {
		atomic_store(&failures, 0);
		alarm(test_timeout);
		rc = fn(arg);
		fflush(NULL);
		_exit(rc);
	}
	return pid;
}

pid_t start_child(int (*fn)(void *), void *arg)
{
	return start_child_by(fork, fn, arg);
}

int wait_child(pid_t pid)
{
	int status;
	pid_t r;

	do
		r = waitpid(pid, &status, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		FATAL("waitpid(%d): %s", (int)pid, errno_name(errno));
	return status;
}

int run_child(int (*fn)(void *), void *arg)
{
	return wait_child(start_child(fn, arg));
}

int run_raw_child(int (*fn)(void *), void *arg)
{
	return wait_child(start_child_by(raw_fork, fn, arg));
}

int child_result(void)
{
	return t_failures() ? T_FAIL : T_PASS;
}

const char *wait_status_str(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "wait status %#x", status);
	return buf;
}

bool t_expect_exit(const char *file, int line, const char *what, int status,
		   int want)
{
	char buf[64];

	if (WIFEXITED(status) && WEXITSTATUS(status) == want)
		return true;
	t_fail_at(file, line, "%s: expected the child to exit %d, got %s",
		  what, want, wait_status_str(status, buf, sizeof(buf)));
	return false;
}

int t_main_in_child(const char *argv0, int (*child)(void *),
		    const char *skip_why)
{
	int status;

	t_init(argv0, 120);
	status = run_child(child, NULL);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("%s", skip_why);
	EXPECT_EXIT(status, 0);
	return t_done();
}

void sync_signal(int fd)
{
	char c = 'x';

	while (write(fd, &c, 1) != 1)
		if (errno != EINTR)
			FATAL("barrier write: %s", errno_name(errno));
}

void sync_wait(int fd)
{
	ssize_t n;
	char c;

	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		FATAL("barrier read: %s", n == 0 ? "peer gone" :
		      errno_name(errno));
}

/* ---- Private files (issue 20's helpers) ---------------------------------- */

#include <sched.h>
#include <sys/mount.h>

void t_private_file(const char *path, const char *extra, bool keep)
{
	char tmp[64], buf[4096];
	ssize_t n;
	int in, out;

	if (geteuid() != 0)
		FATAL("replacing %s needs root (euid %u)", path,
		      (unsigned int)geteuid());
	if (unshare(CLONE_NEWNS) < 0)
		FATAL("unshare(CLONE_NEWNS): %s", errno_name(errno));
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		FATAL("mount --make-rprivate /: %s", errno_name(errno));
	snprintf(tmp, sizeof(tmp), "/tmp/nb-private.%d", (int)getpid());
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0)
		FATAL("create %s: %s", tmp, errno_name(errno));
	in = keep ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (keep && in < 0)
		FATAL("open %s: %s", path, errno_name(errno));
	while (in >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			FATAL("write %s: %s", tmp, errno_name(errno));
	if (in >= 0)
		close(in);
	n = (ssize_t)strlen(extra);
	if (write(out, extra, (size_t)n) != n || close(out) < 0)
		FATAL("write %s: %s", tmp, errno_name(errno));
	if (mount(tmp, path, NULL, MS_BIND, NULL) < 0)
		FATAL("bind %s over %s: %s", tmp, path, errno_name(errno));
	unlink(tmp);
}

#include <dirent.h>

int netbuf_fds(int *fds, int max)
{
	char path[64], target[64];
	struct dirent *d;
	ssize_t n;
	DIR *dir;
	int count = 0, fd;

	dir = opendir("/proc/self/fd");
	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		fd = atoi(d->d_name);
		if (d->d_name[0] == '.' || fd == dirfd(dir))
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		if (strcmp(target, NETBUF_DEV))
			continue;
		if (count < max)
			fds[count] = fd;
		count++;
	}
	closedir(dir);
	return count;
}

uint64_t lib_small_pairs(void)
{
	struct netbuf_info info = { 0 };
	void *p = NULL;
	int fd = -1;

	REQUIRE(NetApiBufferAllocate(1, &p) == NERR_Success);
	REQUIRE(netbuf_fds(&fd, 1) == 1);
	REQUIRE(raw_info(fd, &info) == 0);
	REQUIRE(NetApiBufferFree(p) == NERR_Success);
	return info.window_size / info.page_size / 8;
}

#include <sys/utsname.h>

int t_dofork(void *win, size_t len)
{
	unsigned int major = 0, minor = 0, v;
	struct utsname u;
	int err;

	REQUIRE(uname(&u) == 0);
	REQUIRE(sscanf(u.release, "%u.%u", &major, &minor) == 2);
	v = major * 1000 + minor;
	errno = 0;
	err = madvise(win, len, MADV_DOFORK) < 0 ? errno : 0;
	/* Known answers: 6.1 and 6.12 allow it; 7.2 refuses VM_SPECIAL. */
	if (v <= 6012 && err)
		FAIL("MADV_DOFORK of the window on %s: expected success, got %s",
		     u.release, errno_name(err));
	else if (v >= 7002 && err != EINVAL)
		FAIL("MADV_DOFORK of the window on %s: expected EINVAL, got %s",
		     u.release, err ? errno_name(err) : "success");
	else if (err && err != EINVAL)
		FAIL("MADV_DOFORK of the window: expected success or EINVAL, "
		     "got %s", errno_name(err));
	if (err)
		t_info("MADV_DOFORK refused (%s) on %s: the window is never "
		       "copied", errno_name(err), u.release);
	return err;
}

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#define DUMMY_KO	"/lib/dummy.ko"

struct nlreq {
	struct nlmsghdr nh;
	struct ifinfomsg ifi;
	char attrs[256];
};

static struct rtattr *add_attr(struct nlreq *r, unsigned short type,
			       const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

/* Sends @r to rtnetlink: 0 or -errno from the kernel's answer. */
static int nl_talk(struct nlreq *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char answer[512];
	struct nlmsghdr *nh = (struct nlmsghdr *)answer;
	ssize_t n;
	int fd, ret;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	ret = -EIO;
	if (sendto(fd, r, r->nh.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		ret = -errno;
	} else {
		n = recv(fd, answer, sizeof(answer), 0);
		if (n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) &&
		    nh->nlmsg_type == NLMSG_ERROR)
			ret = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
	}
	close(fd);
	return ret;
}

/* A link request of @type for interface @name. */
static void link_request(struct nlreq *r, unsigned short type,
			 unsigned short flags, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->nh.nlmsg_len = NLMSG_LENGTH(sizeof(r->ifi));
	r->nh.nlmsg_type = type;
	r->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->nh.nlmsg_seq = 1;
	r->ifi.ifi_family = AF_UNSPEC;
	add_attr(r, IFLA_IFNAME, name, strlen(name) + 1);
}

/* RTM_NEWLINK of kind dummy. */
static int newlink_dummy(const char *name, unsigned char last, bool up)
{
	unsigned char mac[6] = { 0x02, 0x6e, 0x62, 0, 0, last };
	struct rtattr *info;
	struct nlreq r;

	link_request(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, name);
	r.ifi.ifi_flags = up ? IFF_UP : 0;
	r.ifi.ifi_change = IFF_UP;
	add_attr(&r, IFLA_ADDRESS, mac, sizeof(mac));
	info = add_attr(&r, IFLA_LINKINFO, NULL, 0);
	add_attr(&r, IFLA_INFO_KIND, "dummy", 5);
	info->rta_len = (unsigned short)((char *)&r + r.nh.nlmsg_len - (char *)info);
	return nl_talk(&r);
}

int t_del_link(const char *name)
{
	struct nlreq r;

	link_request(&r, RTM_DELLINK, 0, name);
	return nl_talk(&r);
}

/* The kernel has no dummy link type: load the module the harness packed. */
static int load_dummy(void)
{
	int fd = open(DUMMY_KO, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	/* numdummies=0: no dummy0 in the first namespace. */
	ret = syscall(SYS_finit_module, fd, "numdummies=0", 0) ? -errno : 0;
	close(fd);
	return ret == -EEXIST ? 0 : ret;
}

int t_new_dummy(const char *name, unsigned char last, bool up)
{
	int ret = newlink_dummy(name, last, up);

	if (ret != -EOPNOTSUPP)
		return ret;
	ret = load_dummy();
	return ret ? ret : newlink_dummy(name, last, up);
}

void t_link_up(const char *name, bool up)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	REQUIRE(fd >= 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		FATAL("SIOCGIFFLAGS %s: %s", name, errno_name(errno));
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		FATAL("SIOCSIFFLAGS %s: %s", name, errno_name(errno));
	close(fd);
}
