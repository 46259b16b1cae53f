/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the user-space tests of netbuf.
 *
 * Every test is one small program: exit 0 pass, 1 fail, 77 skip. A failing
 * check prints what it expected, what it got and the call (file:line), and
 * the program goes on where that is safe; t_done() turns the count of
 * failures into the exit status.
 */
#ifndef NETBUF_TEST_COMMON_H
#define NETBUF_TEST_COMMON_H

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <linux/netbuf.h>

#include "lmapibuf.h"

#define T_PASS	0
#define T_FAIL	1
#define T_SKIP	77

/* Paths inside the test guest. */
#define NETBUF_DEV		"/dev/netbuf"
#define SYSFS_CONTEXTS		"/sys/class/misc/netbuf/contexts"
#define SYSFS_BUFFERS		"/sys/class/misc/netbuf/buffers"
#define SYSFS_BYTES		"/sys/class/misc/netbuf/bytes"
#define SYSFS_ALLOC_FAILURES	"/sys/class/misc/netbuf/alloc_failures"
#define SYSFS_LIMIT_HITS	"/sys/class/misc/netbuf/limit_hits"
#define SYSFS_LIMIT_HITS_BYTES	"/sys/class/misc/netbuf/limit_hits_max_bytes"
#define SYSFS_LIMIT_HITS_BUFFERS "/sys/class/misc/netbuf/limit_hits_max_buffers"
#define SYSFS_LIMIT_HITS_USER_BYTES \
	"/sys/class/misc/netbuf/limit_hits_max_user_bytes"
/* What max_user_bytes is charged per buffer (beyond its pages), per context. */
#define SYSFS_CHARGE_BUFFER	"/sys/class/misc/netbuf/charge_buffer_bytes"
#define SYSFS_CHARGE_CONTEXT	"/sys/class/misc/netbuf/charge_context_bytes"
#define PARAM_MAX_BYTES		"/sys/module/netbuf/parameters/max_bytes"
#define PARAM_MAX_BUFFERS	"/sys/module/netbuf/parameters/max_buffers"
#define PARAM_MAX_USER_BYTES	"/sys/module/netbuf/parameters/max_user_bytes"

/*
 * Small buffers (issue 15): up to small_max bytes they share pages in size
 * classes; each has a window page of its own (and a guard page after it)
 * that maps the shared page holding its slot.
 */
#define PARAM_SMALL_MAX		"/sys/module/netbuf/parameters/small_max"
#define SMALL_MAX_DEFAULT	2048
#define SYSFS_SMALL_BUFFERS	"/sys/class/misc/netbuf/small_buffers"
#define SYSFS_SMALL_PAGES	"/sys/class/misc/netbuf/small_pages"
#define SYSFS_SMALL_QUARANTINED	"/sys/class/misc/netbuf/small_quarantined"
#define SYSFS_SMALL_OVERWRITES	"/sys/class/misc/netbuf/small_overwrites"
#define FDINFO_SMALL_BUFFERS	"netbuf-small-buffers"
#define FDINFO_SMALL_PAGES	"netbuf-small-pages"
#define FDINFO_SMALL_QUARANTINED "netbuf-small-quarantined"
#define FDINFO_SMALL_OVERWRITES	"netbuf-small-overwrites"
/* What max_user_bytes is charged per small buffer and per shared page. */
/* ABI 5: sites and the history of freed buffers (netbuf(4)). */
#define SYSFS_SITES_RECORDED	"/sys/class/misc/netbuf/sites_recorded"
#define SYSFS_SITES_LIVE	"/sys/class/misc/netbuf/sites_live"
#define SYSFS_FREED_HISTORY	"/sys/class/misc/netbuf/freed_history"
#define SYSFS_CHARGE_SITE	"/sys/class/misc/netbuf/charge_site_bytes"
#define SYSFS_CHARGE_HISTORY	"/sys/class/misc/netbuf/charge_history_bytes"
#define PARAM_HISTORY_LEN	"/sys/module/netbuf/parameters/history_len"
#define HISTORY_LEN_DEFAULT	1024
#define FDINFO_SITES_RECORDED	"netbuf-sites-recorded"
#define FDINFO_SITES_LIVE	"netbuf-sites-live"
#define FDINFO_FREED_HISTORY	"netbuf-freed-history"
#define SYSFS_CHARGE_SMALL_BUFFER "/sys/class/misc/netbuf/charge_small_buffer_bytes"
#define SYSFS_CHARGE_SMALL_PAGE	"/sys/class/misc/netbuf/charge_small_page_bytes"
/*
 * Size's metadata pages: each charged to max_user_bytes while it exists;
 * size_metadata=0 makes no new ones (the tests of other charges set it).
 */
#define SYSFS_CHARGE_META_PAGE	"/sys/class/misc/netbuf/charge_meta_page_bytes"
#define PARAM_SIZE_METADATA	"/sys/module/netbuf/parameters/size_metadata"
#define FDINFO_META_PAGES	"netbuf-meta-pages"
/* A context's FIFO quarantine of freed slots holds this many, at most. */
#define SMALL_QUARANTINE_SLOTS	512
#define SMALL_QUARANTINE_BYTES	65536

/* Put in errno before a call that must leave errno alone. */
#define ERRNO_SENTINEL	0x5e17

/* How long a module-wide counter may take to settle after an exit. */
#define SETTLE_MS	3000

#define T_PRINTF(a, b)	__attribute__((format(printf, a, b)))
#define T_NORETURN	__attribute__((noreturn))

/* ---- Reporting ---------------------------------------------------------- */

/*
 * Names the test, makes stdout line-buffered, installs the fault probe and
 * an alarm that fails the test after timeout_s seconds.
 */
void t_init(const char *name, unsigned int timeout_s);
/* Restores module parameters, prints PASS/FAIL, returns the exit status. */
int t_done(void);
/*
 * Prints the reason and exits 77 (restoring module parameters); after a
 * recorded failure it prints FAIL and exits 1 instead: a skip never hides a
 * failure.
 */
T_NORETURN T_PRINTF(1, 2) void t_skip(const char *fmt, ...);
/* Informational line, "# ..." on stdout. */
T_PRINTF(1, 2) void t_info(const char *fmt, ...);
/* Records one failure with its location. Thread-safe. */
T_PRINTF(3, 4) void t_fail_at(const char *file, int line, const char *fmt, ...);
/* Records a failure and exits 1 at once: for broken preconditions. */
T_NORETURN T_PRINTF(3, 4) void t_fatal_at(const char *file, int line,
					   const char *fmt, ...);
/* Failures recorded so far in this process. */
int t_failures(void);

#define FAIL(...)	t_fail_at(__FILE__, __LINE__, __VA_ARGS__)
#define FATAL(...)	t_fatal_at(__FILE__, __LINE__, __VA_ARGS__)

bool t_check(const char *file, int line, const char *cond, bool ok);

/* Soft check: records a failure naming the condition; yields the result. */
#define CHECK(cond)	t_check(__FILE__, __LINE__, #cond, (cond))
/* Hard check: the rest of the test makes no sense without it. */
#define REQUIRE(cond) \
	do { if (!(cond)) FATAL("required %s", #cond); } while (0)

bool t_expect_u64(const char *file, int line, const char *expr,
		  uint64_t got, uint64_t want);
bool t_expect_ptr(const char *file, int line, const char *expr,
		  const void *got, const void *want);
bool t_expect_status(const char *file, int line, const char *expr,
		     NET_API_STATUS got, NET_API_STATUS want);
bool t_expect_errno_kept(const char *file, int line, const char *expr,
			 int got);
bool t_expect_sys(const char *file, int line, const char *expr, long ret,
		  int err, int want1, int want2);
bool t_expect_rc(const char *file, int line, const char *expr, int got,
		 int want1, int want2);

/* Integer equality (compared and printed as 64-bit). */
#define EXPECT_EQ(expr, want) \
	t_expect_u64(__FILE__, __LINE__, #expr, (uint64_t)(expr), \
		     (uint64_t)(want))
#define EXPECT_PTR(expr, want) \
	t_expect_ptr(__FILE__, __LINE__, #expr, (expr), (want))

/* A NET_API_STATUS, printed by name. */
#define EXPECT_STATUS(call, want) \
	t_expect_status(__FILE__, __LINE__, #call, (call), (want))

/*
 * A NET_API_STATUS with errno set to ERRNO_SENTINEL before the call and
 * checked unchanged after it (the contract for parameter errors).
 * T_STATUS_KEEPS_ERRNO is the same check reported at file:line under the
 * name expr, for helpers that check on their caller's behalf.
 */
#define T_STATUS_KEEPS_ERRNO(file, line, expr, call, want) ({		\
	NET_API_STATUS st_;						\
	int e_;								\
	errno = ERRNO_SENTINEL;						\
	st_ = (call);							\
	e_ = errno;							\
	t_expect_status((file), (line), (expr), st_, (want)) &		\
	t_expect_errno_kept((file), (line), (expr), e_);		\
})
#define EXPECT_STATUS_KEEPS_ERRNO(call, want) \
	T_STATUS_KEEPS_ERRNO(__FILE__, __LINE__, #call, (call), (want))

/* A system call returning -1 on error (or MAP_FAILED). */
#define EXPECT_SYS_OK(call) ({						\
	long r_;							\
	errno = 0;							\
	r_ = (long)(call);						\
	t_expect_sys(__FILE__, __LINE__, #call, r_, errno, 0, 0);	\
})
#define EXPECT_SYS_ERR(call, err) ({					\
	long r_;							\
	errno = 0;							\
	r_ = (long)(call);						\
	t_expect_sys(__FILE__, __LINE__, #call, r_, errno, (err), (err)); \
})
#define EXPECT_SYS_ERR2(call, err1, err2) ({				\
	long r_;							\
	errno = 0;							\
	r_ = (long)(call);						\
	t_expect_sys(__FILE__, __LINE__, #call, r_, errno, (err1), (err2)); \
})

/* A 0-or-negative-errno result, as returned by the raw_* helpers. */
#define EXPECT_RC(expr, want) \
	t_expect_rc(__FILE__, __LINE__, #expr, (expr), (want), (want))
#define EXPECT_RC2(expr, want1, want2) \
	t_expect_rc(__FILE__, __LINE__, #expr, (expr), (want1), (want2))

/* "EINVAL", "ENOTTY", ... */
const char *errno_name(int err);
/* "NERR_Success", "ERROR_INVALID_PARAMETER", ... */
const char *status_name(NET_API_STATUS status);

/* ---- Memory probes ------------------------------------------------------ */

/*
 * Touch one byte and report 0 if the access worked, or the signal it raised
 * (SIGSEGV or SIGBUS). No fork: a SIGSEGV/SIGBUS handler siglongjmps back.
 * A fault outside a probe still kills the program with its signal.
 * Thread-safe (the jump buffer is per thread).
 */
int probe_read(const void *addr, uint8_t *value);
int probe_write(void *addr, uint8_t value);
/* "no fault", "SIGSEGV", "SIGBUS". */
const char *probe_name(int sig);

bool t_expect_probe(const char *file, int line, const char *what,
		    const void *addr, int got, int want1, int want2);

/* A read of addr raises sig (or does not fault for sig == 0). */
#define EXPECT_READ(addr, sig) \
	t_expect_probe(__FILE__, __LINE__, "read " #addr, (addr), \
		       probe_read((addr), NULL), (sig), (sig))
#define EXPECT_WRITE(addr, value, sig) \
	t_expect_probe(__FILE__, __LINE__, "write " #addr, (addr), \
		       probe_write((addr), (value)), (sig), (sig))
/* Either SIGBUS or SIGSEGV. */
#define EXPECT_READ_FAULTS(addr) \
	t_expect_probe(__FILE__, __LINE__, "read " #addr, (addr), \
		       probe_read((addr), NULL), SIGBUS, SIGSEGV)
#define EXPECT_WRITE_FAULTS(addr, value) \
	t_expect_probe(__FILE__, __LINE__, "write " #addr, (addr), \
		       probe_write((addr), (value)), SIGBUS, SIGSEGV)

/* ---- Data patterns ------------------------------------------------------ */

/* A byte stream, never zero, that differs with seed and with position. */
uint8_t pattern_byte(uint32_t seed, size_t i);
void fill_pattern(void *p, size_t len, uint32_t seed);
/* Offset of the first byte that differs, or SIZE_MAX. */
size_t find_pattern_mismatch(const void *p, size_t len, uint32_t seed);
size_t find_nonzero(const void *p, size_t len);

/* Both probe every page first: a page that faults is a failure, not a crash. */
bool t_expect_pattern(const char *file, int line, const char *expr,
		      const void *p, size_t len, uint32_t seed);
bool t_expect_zero(const char *file, int line, const char *expr,
		   const void *p, size_t len);

#define EXPECT_PATTERN(p, len, seed) \
	t_expect_pattern(__FILE__, __LINE__, #p, (p), (len), (seed))
#define EXPECT_ZERO(p, len) \
	t_expect_zero(__FILE__, __LINE__, #p, (p), (len))

/* ---- Library buffers ---------------------------------------------------- */

/*
 * The user-space backend serves this test (netbuf_backend(3)): told by the
 * environment alone (NETBUF_BACKEND=user, or no NETBUF_BACKEND=kernel and
 * no /dev/netbuf), so that asking opens nothing. Then the module's counters
 * are the library's: SYSFS_BUFFERS reads the user backend's live buffers,
 * and EXPECT_COUNTER passes the others (pages, bytes, contexts: the
 * kernel's own) unchecked, saying so once.
 */
bool t_user_backend(void);
/* userheap.c's count of live buffers (hidden: the tests link libnetbuf.a). */
uint64_t netbuf_user_live_buffers(void);
/*
 * The signal a read of a freed n-byte buffer raises: SIGBUS on the kernel
 * backend; on the user backend SIGSEGV for a buffer of more than 2048 bytes
 * (pages of its own, unmapped) and none for a smaller one (a quarantined,
 * zeroed slot: the user backend does not promise a fault there).
 */
int t_freed_signal(uint64_t n);

/*
 * p is a live buffer of exactly size bytes holding pattern seed. Stops at
 * the first check that fails: after a refused Size the rest says nothing.
 */
bool t_expect_live(const char *file, int line, const char *expr, void *p,
		   DWORD size, uint32_t seed);
#define EXPECT_LIVE(p, size, seed) \
	t_expect_live(__FILE__, __LINE__, #p, (p), (size), (seed))

/*
 * p is not a live buffer of this process (never was, freed, or another
 * process's), so every call refuses it alike: NetApiBufferFree,
 * NetApiBufferSize (the count left as it was) and NetApiBufferReallocate
 * to n bytes and to 0 (the out-pointer set to NULL) all return
 * ERROR_INVALID_PARAMETER and keep errno. Every check runs even after one
 * failed; yields whether all passed.
 */
bool t_expect_not_live(const char *file, int line, const char *expr,
		       void *p, DWORD n);
#define EXPECT_NOT_LIVE(p, n) \
	t_expect_not_live(__FILE__, __LINE__, #p, (p), (n))

/* ---- Pages, randomness -------------------------------------------------- */

size_t page_size(void);
/* Bytes in the whole pages that hold n bytes. */
uint64_t page_round(uint64_t n);

/* Seed from NETBUF_TEST_SEED, or from the clock; printed once. */
uint64_t t_seed(void);
/* xorshift64*: state must be non-zero. */
uint64_t rng_next(uint64_t *state);
/* Uniform-enough value in [0, bound). */
uint64_t rng_below(uint64_t *state, uint64_t bound);

/* Monotonic milliseconds. */
uint64_t now_ms(void);
void sleep_ms(unsigned int ms);

/* ---- sysfs -------------------------------------------------------------- */

/* Read or write one decimal integer. Return 0 or -errno. */
int sysfs_read_u64(const char *path, uint64_t *value);
int sysfs_write_u64(const char *path, uint64_t value);

/*
 * Write text to a file (sysfs, debugfs, cgroupfs), or read its first line
 * without the newline into buf. Return 0 or -errno.
 */
int write_text(const char *path, const char *text);
int read_text(const char *path, char *buf, size_t len);

/* Value of a counter; records a failure and returns UINT64_MAX if absent. */
uint64_t counter_read(const char *path);
/*
 * Wait up to timeout_ms for a counter to read want; returns the last value
 * read (want on success).
 */
uint64_t counter_wait(const char *path, uint64_t want, unsigned int timeout_ms);

bool t_expect_counter(const char *file, int line, const char *path,
		      uint64_t got, uint64_t want);
#define EXPECT_COUNTER(path, want) \
	t_expect_counter(__FILE__, __LINE__, path, counter_read(path), (want))
/* For counters that drop asynchronously (exit, close, munmap). */
#define EXPECT_COUNTER_SETTLES(path, want) \
	t_expect_counter(__FILE__, __LINE__, path, \
			 counter_wait(path, (want), SETTLE_MS), (want))

/*
 * Set a module parameter, remembering the first value seen so that t_done,
 * t_skip and FATAL put it back (the harness does too). Any error writing it
 * fails the test (FATAL): the tests run as root in the guest.
 */
void param_set(const char *path, uint64_t value);
uint64_t param_get(const char *path);

/*
 * What max_user_bytes is charged for a buffer of size bytes: its pages,
 * charge_buffer_bytes, and from two pages on its array of page pointers
 * (two pointers a page). Fatal if the module does not say.
 */
uint64_t user_charge(uint64_t size);

/* ---- Small buffers ------------------------------------------------------ */

/*
 * The slot size of a small buffer of n bytes (1 <= n <= 2048): 16, 32, 48,
 * 64, then four classes per doubling (80, 96, 112, 128, 160, ...); 0 for
 * n == 0 or n > 2048.
 */
uint64_t small_class(uint64_t n);
/* Where p lies in its window page, and that page's start. */
size_t page_offset_of(const void *p);
uint8_t *window_page_of(const void *p);
/*
 * The page frame behind addr, from /proc/self/pagemap (the tests run as
 * root, which sees frame numbers); 0 when no page is mapped there. Fatal
 * without pagemap.
 */
uint64_t pfn_of(const void *addr);
/* One shared page of a class, full: the live buffer in each slot. */
#define SMALL_SLOTS_MAX	256	/* a 4 KiB page of 16-byte slots */
struct small_page {
	DWORD n;		/* bytes of each buffer */
	uint64_t cls;		/* slot size */
	size_t nr_slots;	/* page size / cls */
	uint64_t pfn;
	uint8_t *slot[SMALL_SLOTS_MAX];
	uint32_t seed;		/* slot i holds pattern seed + i */
};
/*
 * Allocates n-byte buffers (through the library) until the slots of one
 * shared page are all live, keeps those, frees the others. Slot i is at
 * page offset i * cls. Fatal when no page fills.
 */
void small_page_fill(struct small_page *sp, DWORD n);
/* Frees the buffers still in sp. */
void small_page_free(struct small_page *sp);
/* Writes n bytes of pattern seed + i to the buffer of each slot i. */
void small_page_write(struct small_page *sp, uint32_t seed);
/* The pattern small_page_write() gave slot i. */
uint32_t small_page_seed(const struct small_page *sp, size_t i);
/*
 * Every buffer still in sp is live, holds its pattern and is still on
 * the page; after names the step in the messages.
 */
bool t_expect_small_page(const char *file, int line,
			 const struct small_page *sp, const char *after);
#define EXPECT_SMALL_PAGE(sp, after) \
	t_expect_small_page(__FILE__, __LINE__, (sp), (after))
/* The kernel has the sanitizers of the debug build (kmemleak, KASAN, ...). */
bool t_sanitized_kernel(void);
/*
 * The module packs small buffers (small_max is SMALL_MAX_DEFAULT); fatal
 * when it has no small_max at all: the tests of issue 15 never skip.
 */
void require_small_buffers(void);

/* The value of key in /proc/meminfo, in kB; 0 when there is none. */
uint64_t meminfo_kb(const char *key);

/* ---- cgroup v2 ---------------------------------------------------------- */

#define CGROUP_ROOT	"/sys/fs/cgroup"

/*
 * Creates the group path under CGROUP_ROOT with the memory controller and
 * memory.max set to max (e.g. "32M"). Fatal on any error, a missing or
 * read-only cgroup2 mount included (the guest mounts one at boot).
 */
void memcg_create(const char *path, const char *max);
/* Moves the calling process into the group path; fatal on error. */
void cgroup_join(const char *path);
/*
 * The value of key in a flat-keyed file of the group path (memory.events,
 * memory.stat); fails the test and returns UINT64_MAX when there is none.
 */
uint64_t cgroup_key(const char *path, const char *file, const char *key);
/*
 * Runs fn(NULL) in a child (which joins the memory cgroup path itself) and
 * expects it to pass, the cgroup's OOM path never to have run (no kill,
 * not even an invocation that found nothing to kill: memory.events oom and
 * oom_kill unchanged), and every buffer to be gone afterwards. what names
 * the step in the messages.
 */
void run_in_memcg(const char *path, const char *what, int (*fn)(void *));

/*
 * The value of "key:\t<value>" in /proc/self/fdinfo/fd; fatal when the file
 * cannot be read or has no such line (the guest mounts /proc).
 */
uint64_t fdinfo_value(int fd, const char *key);

/* ---- The device, raw ---------------------------------------------------- */

/* open(/dev/netbuf, O_RDWR | O_CLOEXEC); fails the test if impossible. */
int dev_open(void);

struct raw_ctx {
	int fd;
	uint8_t *win;
	size_t size;
};

/* Opens a context and maps a window of size bytes; fatal on error. */
void raw_open(struct raw_ctx *ctx, size_t size);
/* Unmaps and closes, checking both (either may be already gone: -1/NULL). */
void raw_close(struct raw_ctx *ctx);

/* Raw ioctls: 0 or -errno, no retry on EINTR. */
int raw_ioctl(int fd, unsigned long cmd, void *arg);
int raw_alloc(int fd, uint64_t size, uint64_t *offset);
int raw_realloc(int fd, uint64_t offset, uint64_t size, uint64_t *new_offset);
int raw_size(int fd, uint64_t offset, uint64_t *size);
int raw_free(int fd, uint64_t offset);
int raw_info(int fd, struct netbuf_info *info);

/*
 * The commands ABI 4 removed, as ABI 3 defined them (_IOWR, the sizes of
 * their structs then): WKSTA_GET_INFO, SERVER_GET_INFO and
 * WKSTA_TRANSPORT_ENUM, numbers 0x06-0x08, reserved since: ENOTTY.
 */
#define NR_REMOVED_CMDS	3
extern const unsigned long removed_cmds[NR_REMOVED_CMDS];

/*
 * The buffer at off in ctx is live with exactly size bytes holding pattern
 * seed; like EXPECT_LIVE, stops at the first check that fails.
 */
bool t_expect_raw_live(const char *file, int line, const struct raw_ctx *ctx,
		       uint64_t off, uint64_t size, uint32_t seed);
#define EXPECT_RAW_LIVE(ctx, off, size, seed) \
	t_expect_raw_live(__FILE__, __LINE__, (ctx), (off), (size), (seed))

/*
 * Number of VMAs of this process that intersect [start, start + len), from
 * /proc/self/maps; -1 if it cannot be read. *lo and *hi receive the start
 * of the first and the end of the last.
 */
int maps_count(const void *start, size_t len, uintptr_t *lo, uintptr_t *hi);
/* The window is exactly one VMA from win to win + size. */
bool t_expect_one_vma(const char *file, int line, const void *win,
		      size_t size);
#define EXPECT_ONE_VMA(win, size) \
	t_expect_one_vma(__FILE__, __LINE__, (win), (size))

/* ---- Child processes ---------------------------------------------------- */

/*
 * fork(); the child resets its failure count, arms the test's alarm, runs
 * fn(arg) and _exits with its return value. Returns the child's pid in the
 * parent; fatal if fork fails.
 */
pid_t start_child(int (*fn)(void *), void *arg);
/* waitpid, restarted on EINTR; returns the wait status (-1: fatal). */
int wait_child(pid_t pid);
/* start_child + wait_child. */
int run_child(int (*fn)(void *), void *arg);
/*
 * run_child with the raw fork system call: the child runs without the
 * pthread_atfork handlers, as after _Fork() or a bare clone().
 */
int run_raw_child(int (*fn)(void *), void *arg);
/* What a child function returns: T_FAIL if any check failed, else T_PASS. */
int child_result(void);
/* "exit 0", "signal 7 (SIGBUS)", ... into buf. */
const char *wait_status_str(int status, char *buf, size_t len);

/* The child exited normally with code want. */
bool t_expect_exit(const char *file, int line, const char *what, int status,
		   int want);
#define EXPECT_EXIT(status, want) \
	t_expect_exit(__FILE__, __LINE__, #status, (status), (want))

/*
 * The whole of a test whose checks run in a child (one that unshares
 * namespaces, say): t_init(argv0, 120), run_child(child, NULL), skip
 * saying skip_why if the child returned T_SKIP, else expect it to exit 0.
 * Returns t_done()'s exit code, for main to return.
 */
int t_main_in_child(const char *argv0, int (*child)(void *),
		    const char *skip_why);

/* Byte barrier between two processes over a pipe pair. */
void sync_signal(int fd);
void sync_wait(int fd);

/* ---- Private files ------------------------------------------------------ */

/*
 * Moves the calling process into a mount namespace of its own (propagation
 * private) and bind-mounts over path a file holding path's own text (keep)
 * or nothing, followed by extra: e.g. a password database with one more
 * user, seen by this process and its children only. Needs root; fatal on
 * any error. Call it in a child (start_child) so the test's own view stays.
 */
void t_private_file(const char *path, const char *extra, bool keep);

/*
 * The descriptors of this process open on /dev/netbuf (from /proc/self/fd):
 * returns how many, the first max of them in fds; -1 without /proc.
 */
int netbuf_fds(int *fds, int max);

/*
 * The pairs of the small region of the library's window (netbuf(4),
 * small_max: its top quarter, a window page and a guard page per small
 * buffer), from the window size INFO reports; opens the library's
 * context if it has none. 2M in the 64-bit library's 64 GiB window, 16K
 * in the 32-bit one's 512 MiB: the small buffers one process holds.
 */
uint64_t lib_small_pairs(void);

/*
 * madvise(MADV_DOFORK) over a whole window, whose answer depends on the
 * kernel: 6.1 and 6.12 accept it (the window is then copied into a child,
 * without its pages), kernels that refuse it on VM_SPECIAL mappings (7.2;
 * mm/madvise.c) give EINVAL. Records a failure for an answer that is not
 * the one known for this kernel (success or EINVAL in between); returns 0
 * or the errno.
 */
int t_dofork(void *win, size_t len);

/* ---- Network interfaces ----------------------------------------------- */

/*
 * Creates a dummy interface over rtnetlink in the caller's network
 * namespace: hardware address 02:6e:62:00:00:@last, up or not. Stock
 * kernels build dummy as a module: without the link type, the module the
 * harness packed (/lib/dummy.ko) is loaded. Returns 0, -ENOENT when there
 * is neither, or another -errno.
 */
int t_new_dummy(const char *name, unsigned char last, bool up);
/* Deletes interface name over rtnetlink: 0 or -errno. */
int t_del_link(const char *name);
/* Sets interface name up or down (SIOCSIFFLAGS); fatal on error. */
void t_link_up(const char *name, bool up);

#endif /* NETBUF_TEST_COMMON_H */
