// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded fuzzer. Several threads run a given number of random operations
 * against the device and the library at the same time, each thread with its
 * own role and its own PRNG stream derived from the seed:
 *
 *   ioctl  raw contexts of its own: valid and invalid ioctls (sizes 0,
 *          U32_MAX, U64_MAX, page boundaries; live, interior, guard, freed
 *          and out-of-window offsets; flags and reserved bits; unknown
 *          numbers, wrong size or direction bits; bad, read-only, truncated
 *          and in-window argument pointers; WHATIS checked against
 *          the model, allocation sites recorded at random)
 *   lib    NetApiBuffer* with valid and invalid pointers
 *   data   writes and verifies its library buffers through resizes
 *   chaos  munmap/mremap/mprotect/madvise/MAP_FIXED on the library's
 *          window and on its own raw windows, close while mapped, reopen,
 *          fork (the child exits at once or checks it gets nothing)
 *
 * A raw context's model knows the small region too (the top quarter of
 * its window, one pair of a window page and a guard per small buffer):
 * a small request gets a slot while a pair is free, else pages below the
 * region; a resize within the slot's class stays, any other moves.
 *
 * Library sizes mix tiny ones, the edges of the small buffers' classes
 * (netbuf(4), small_max), page and multi-page sizes: a small buffer's
 * checks cover its slot (16-byte aligned, inside its window page, zero
 * when new, slack writable to the slot's end) and the guard page after
 * its window page.
 *
 * Every buffer is owned by one thread, filled with its own pattern and
 * verified before it is resized or freed. A raw context is owned by one
 * thread too, which therefore knows its whole table and predicts the exact
 * result of every ioctl on it (success, or which errno the ABI gives for
 * that case); library statuses are checked against lmapibuf.h's table.
 *
 * Parameters: --ops N --seed S --threads T, or the environment variables
 * netbuf_fuzz_ops, netbuf_fuzz_seed, netbuf_fuzz_threads (the guest gets
 * kernel command-line words as environment). A failure names the thread,
 * its operation number and parameters, and the command line that replays
 * the run; each thread's sequence of choices depends on the seed only.
 * The last line is "netbuf-summary fuzz ops=... failures=...".
 */
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define MAX_THREADS	64
#define LIB_MAX		24	/* library buffers one thread holds */
#define RAW_MAX		16	/* buffers in one raw context */
#define NR_RAW		2	/* raw contexts per thread */
#define DEAD_MAX	8	/* freed pointers or offsets remembered */
#define SHOWN_MAX	40	/* failures printed in full */
#define STOP_AFTER	200	/* failures before the threads give up */
#define FULL_CHECK	(64u << 10)	/* larger buffers are sampled */

#define U64_MAX		UINT64_MAX
#define OK		1ULL		/* in an errno set: success */
/* In an errno set: -err. ESTALE (116) takes bit 63, unused by errno 63. */
#define E(err)		((err) == ESTALE ? 1ULL << 63 : \
			 (err) < 63 ? 1ULL << ((err) & 63) : 0)

enum role { ROLE_IOCTL, ROLE_LIB, ROLE_DATA, ROLE_CHAOS, NR_ROLES };

static const char *const role_name[] = { "ioctl", "lib", "data", "chaos" };

/*
 * Each thread's share of the operations, by role: window and process
 * changes cost most (they flush other CPUs' TLBs), so the chaos thread
 * gets fewer and finishes with the others.
 */
static const unsigned int role_share[NR_ROLES] = { 30, 30, 28, 12 };

enum op {
	/* raw contexts */
	R_ALLOC, R_REALLOC, R_SIZE, R_FREE, R_INFO, R_BADOFF, R_BADFIELD,
	R_BADCMD, R_BADPTR, R_ROARG, R_ARG_IN_BUF, R_VERIFY, R_SLACK,
	R_REOPEN, R_CLOSE_MAPPED, R_GROW, R_WHATIS,
	/* raw windows */
	W_MUNMAP, W_REMAP, W_MMAP_BAD, W_MPROTECT, W_PARTIAL, W_MADVISE,
	W_MREMAP,
	/* the library */
	L_ALLOC, L_ALLOC_HUGE, L_FREE, L_REALLOC, L_SIZE, L_BADPTR, L_NULLOUT,
	L_VERIFY, L_SLACK,
	/* the library's window, processes */
	LW_MADVISE, LW_PARTIAL, LW_MREMAP, LW_FORK,
	NR_OPS
};

static const char *const op_name[NR_OPS] = {
	"R_ALLOC", "R_REALLOC", "R_SIZE", "R_FREE", "R_INFO", "R_BADOFF",
	"R_BADFIELD", "R_BADCMD", "R_BADPTR", "R_ROARG", "R_ARG_IN_BUF",
	"R_VERIFY", "R_SLACK", "R_REOPEN", "R_CLOSE_MAPPED", "R_GROW",
	"R_WHATIS",
	"W_MUNMAP", "W_REMAP", "W_MMAP_BAD", "W_MPROTECT", "W_PARTIAL",
	"W_MADVISE", "W_MREMAP",
	"L_ALLOC", "L_ALLOC_HUGE", "L_FREE", "L_REALLOC", "L_SIZE",
	"L_BADPTR", "L_NULLOUT", "L_VERIFY", "L_SLACK",
	"LW_MADVISE", "LW_PARTIAL", "LW_MREMAP", "LW_FORK",
};

/* Relative weights of the operations, per role. */
static const unsigned int weights[NR_ROLES][NR_OPS] = {
	[ROLE_IOCTL] = {
		[R_ALLOC] = 12, [R_REALLOC] = 6, [R_SIZE] = 80,
		[R_FREE] = 8, [R_INFO] = 40, [R_BADOFF] = 120,
		[R_BADFIELD] = 120, [R_BADCMD] = 120, [R_BADPTR] = 80,
		[R_ROARG] = 2, [R_ARG_IN_BUF] = 2, [R_VERIFY] = 60,
		[R_SLACK] = 10, [R_REOPEN] = 1, [R_CLOSE_MAPPED] = 1,
		[R_GROW] = 20, [W_MUNMAP] = 1, [W_REMAP] = 3, [L_ALLOC] = 3, [L_FREE] = 2,
		[R_WHATIS] = 60,
	},
	[ROLE_LIB] = {
		[L_ALLOC] = 18, [L_ALLOC_HUGE] = 15, [L_FREE] = 12,
		[L_REALLOC] = 10, [L_SIZE] = 150, [L_BADPTR] = 200,
		[L_NULLOUT] = 80, [L_VERIFY] = 150, [L_SLACK] = 10,
	},
	[ROLE_DATA] = {
		[L_ALLOC] = 12, [L_FREE] = 8, [L_REALLOC] = 12,
		[L_SIZE] = 120, [L_VERIFY] = 400, [L_SLACK] = 40,
		[R_ALLOC] = 10, [R_REALLOC] = 5, [R_FREE] = 7,
		[R_VERIFY] = 100, [R_SLACK] = 10, [R_WHATIS] = 20,
	},
	[ROLE_CHAOS] = {
		[R_ALLOC] = 20, [R_REALLOC] = 8, [R_FREE] = 12,
		[R_VERIFY] = 200, [R_INFO] = 80, [R_SIZE] = 80,
		[R_REOPEN] = 3, [R_CLOSE_MAPPED] = 2,
		[W_MUNMAP] = 8, [W_REMAP] = 12, [W_MMAP_BAD] = 10,
		[W_MPROTECT] = 10, [W_PARTIAL] = 10, [W_MADVISE] = 10,
		[W_MREMAP] = 5,
		[L_ALLOC] = 8, [L_FREE] = 6, [L_VERIFY] = 150, [L_SIZE] = 80,
		[LW_MADVISE] = 10, [LW_PARTIAL] = 10, [LW_MREMAP] = 3,
		[LW_FORK] = 2,
	},
};

struct lbuf {
	uint8_t *p;
	DWORD size;
	uint32_t seed;		/* 0: all zero */
	uint64_t made;		/* lib_allocs before the call that placed it */
};

/*
 * Bytes [0, plen) hold pattern seed, [plen, size) are zero; site: the
 * allocation site recorded with it (ABI 5, NETBUF_*_SITE), 0 for none.
 */
struct rbuf {
	uint64_t off, size, plen;
	uint32_t seed;
	uint64_t site;
};

/*
 * A raw context of one thread. It lives while its descriptor is open or
 * its window mapped; the table is exactly the kernel's.
 */
/*
 * The flags of a raw window that madvise can change, tracked from each
 * whole-window advice that succeeded: a partial advice that would change
 * one must fail with EINVAL (netbuf(4)), one that changes none succeeds.
 */
#define VMF_DONTCOPY	1u	/* VM_DONTCOPY: MADV_DONTFORK / DOFORK */
#define VMF_WIPE	2u	/* VM_WIPEONFORK: MADV_KEEPONFORK clears */
#define VMF_RAND	4u	/* VM_RAND_READ: MADV_RANDOM */
#define VMF_SEQ		8u	/* VM_SEQ_READ: MADV_SEQUENTIAL */
#define VMF_MAPPED	(VMF_DONTCOPY | VMF_WIPE)	/* as mmap sets them */

struct rctx {
	int fd;			/* -1: closed */
	uint8_t *win;		/* NULL: not mapped */
	uint64_t pages;		/* window size fixed by the first mmap */
	int prot;
	unsigned int vmflags;	/* VMF_*: the window's flags we can see */
	struct rbuf b[RAW_MAX];
	int n;
	uint64_t dead[DEAD_MAX];
	unsigned int ndead;
};

struct fz {
	pthread_t thread;
	int id;
	enum role role;
	uint64_t rng;
	uint64_t op, nops;
	/* The operation running, for the failure report. */
	enum op cur;
	uint64_t arg[3];
	struct lbuf lib[LIB_MAX];
	int nlib;
	struct lbuf ldead[DEAD_MAX];
	unsigned int nldead;
	struct rctx rc[NR_RAW];
	/* [rw page][unmapped hole][read-only page][PROT_NONE page] */
	uint8_t *scratch;
	unsigned long ioctls, lib_calls, vm_ops, forks, reopens;
	unsigned int wtotal;
	/* --profile: operations and nanoseconds per kind */
	uint64_t prof_n[NR_OPS], prof_ns[NR_OPS];
};

static uint64_t opt_seed, opt_ops;
static unsigned int opt_threads = 4;
static bool opt_profile;
static struct fz fzs[MAX_THREADS];
static pthread_barrier_t start_line;
static pthread_mutex_t fork_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int nfail, stop;
static size_t ps;
static uint64_t max_bytes;
/* Library buffers of 1 to small_max bytes are small: a slot of a class. */
static uint64_t small_max;
/* The library's window, from /proc/self/maps. */
static uint8_t *lib_win;
static size_t lib_win_size;
/* The library's next-fit cursor went past half the window (see below). */
static atomic_int lib_far;
/*
 * Library calls that may have taken a pair of the small region: its
 * cursor goes round (xa_alloc_cyclic) after the region's pairs, only
 * 16,384 in the 32-bit library's 512 MiB window, and a freed small
 * buffer's window page may then hold another thread's new buffer.
 */
static atomic_uint_fast64_t lib_allocs;

/* ---- Reporting ---------------------------------------------------------- */

static void replay_hint(void)
{
	printf("# replay: fuzz --seed %" PRIu64 " --ops %" PRIu64
	       " --threads %u (or make fuzz OPS=%" PRIu64 " SEED=%" PRIu64
	       " THREADS=%u)\n", opt_seed, opt_ops, opt_threads, opt_ops,
	       opt_seed, opt_threads);
}

T_PRINTF(3, 4)
static void fz_fail(struct fz *w, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n = atomic_fetch_add(&nfail, 1);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < SHOWN_MAX)
		t_fail_at(__FILE__, line, "seed %" PRIu64 " thread %d (%s) op %"
			  PRIu64 " %s(%#" PRIx64 ", %#" PRIx64 ", %#" PRIx64
			  "): %s", opt_seed, w->id, role_name[w->role], w->op,
			  op_name[w->cur], w->arg[0], w->arg[1], w->arg[2],
			  msg);
	if (n == 0)
		replay_hint();
	if (n + 1 >= STOP_AFTER)
		atomic_store(&stop, 1);
}

#define FZ_FAIL(w, ...)	fz_fail((w), __LINE__, __VA_ARGS__)

static const char *rc_str(int rc, char *buf, size_t len)
{
	if (rc == 0)
		return "success";
	snprintf(buf, len, "%s", errno_name(-rc));
	return buf;
}

/* A 0-or--errno result is in the set of allowed outcomes. */
static bool want_rc(struct fz *w, int line, const char *call, int rc,
		    uint64_t allowed)
{
	char buf[32], set[160] = "";
	size_t len = 0;
	int e;

	if (rc == 0 ? (allowed & OK) : (allowed & E(-rc)) != 0)
		return true;
	for (e = 0; e < 64; e++) {
		if (!(allowed & (1ULL << e)))
			continue;
		len += (size_t)snprintf(set + len, sizeof(set) - len, "%s%s",
					len ? " or " : "",
					e == 63 ? errno_name(ESTALE) :
					e ? errno_name(e) : "success");
		if (len >= sizeof(set))
			break;
	}
	fz_fail(w, line, "%s: expected %s, got %s", call, set,
		rc_str(rc, buf, sizeof(buf)));
	return false;
}

#define WANT_RC(w, call, rc, allowed) \
	want_rc((w), __LINE__, (call), (rc), (allowed))

static bool want_status(struct fz *w, int line, const char *call,
			NET_API_STATUS got, NET_API_STATUS want)
{
	if (got == want)
		return true;
	fz_fail(w, line, "%s: expected %s, got %s (%u)", call,
		status_name(want), status_name(got), got);
	return false;
}

#define WANT_STATUS(w, call, got, want) \
	want_status((w), __LINE__, (call), (got), (want))

/* ---- Randomness, patterns ----------------------------------------------- */

static uint64_t rnd(struct fz *w, uint64_t bound)
{
	return rng_below(&w->rng, bound);
}

static bool chance(struct fz *w, unsigned int one_in)
{
	return rnd(w, one_in) == 0;
}

static uint32_t new_seed(struct fz *w)
{
	return (uint32_t)rng_next(&w->rng) | 1;
}

static uint64_t pat_word(uint32_t seed, uint64_t i)
{
	uint64_t x;

	if (!seed)
		return 0;
	x = (uint64_t)seed * 0x9e3779b97f4a7c15ULL ^ i * 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 31;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 29);
}

static uint8_t pat_byte(uint32_t seed, uint64_t i)
{
	return (uint8_t)(pat_word(seed, i / 8) >> (8 * (i % 8)));
}

/* Bytes [0, len) of the pattern; page-aligned p, so words are aligned. */
static void pat_fill(uint8_t *p, uint64_t len, uint32_t seed)
{
	uint64_t i, w;

	for (i = 0; i + 8 <= len; i += 8) {
		w = pat_word(seed, i / 8);
		memcpy(p + i, &w, 8);
	}
	for (; i < len; i++)
		p[i] = pat_byte(seed, i);
}

/* The first byte in [from, to) that differs from the pattern, or -1. */
static int64_t pat_diff(const uint8_t *p, uint64_t from, uint64_t to,
			uint32_t seed)
{
	uint64_t i = from, w;

	for (; i < to && (i & 7); i++)
		if (p[i] != pat_byte(seed, i))
			return (int64_t)i;
	for (; i + 8 <= to; i += 8) {
		memcpy(&w, p + i, 8);
		if (w != pat_word(seed, i / 8))
			break;
	}
	for (; i < to; i++)
		if (p[i] != pat_byte(seed, i))
			return (int64_t)i;
	return -1;
}

/*
 * Bytes [from, to) of p hold the pattern (seed 0: zeros). Small ranges are
 * checked whole; large ones at their ends and at every page's ends. Every
 * page is probed first, so a missing page is a failure, not a crash.
 */
static bool pat_check(struct fz *w, int line, const char *what, uint8_t *p,
		      uint64_t from, uint64_t to, uint32_t seed)
{
	uint64_t pg, a, b;
	uintptr_t page;
	int64_t bad = -1;
	int sig;

	if (from >= to)
		return true;
	/* Every page the range touches (a small buffer's p is not aligned). */
	for (page = (uintptr_t)(p + from) & ~(uintptr_t)(ps - 1);
	     page < (uintptr_t)(p + to); page += ps) {
		a = page > (uintptr_t)(p + from) ? page - (uintptr_t)p : from;
		sig = probe_read(p + a, NULL);
		if (sig) {
			fz_fail(w, line, "%s %p: byte %#" PRIx64
				" of [%#" PRIx64 ", %#" PRIx64 "): %s", what,
				(void *)p, a, from, to, probe_name(sig));
			return false;
		}
	}
	if (to - from <= FULL_CHECK) {
		bad = pat_diff(p, from, to, seed);
	} else {
		for (pg = from & ~(uint64_t)(ps - 1); pg < to && bad < 0;
		     pg += ps) {
			a = pg > from ? pg : from;
			b = pg + ps < to ? pg + ps : to;
			bad = pat_diff(p, a, a + 16 < b ? a + 16 : b, seed);
			if (bad < 0 && b > a + 16)
				bad = pat_diff(p, b - 16, b, seed);
		}
	}
	if (bad < 0)
		return true;
	fz_fail(w, line, "%s %p: byte %#" PRIx64 " of [%#" PRIx64 ", %#"
		PRIx64 "): expected %#04x (pattern %#x), got %#04x", what,
		(void *)p, (uint64_t)bad, from, to,
		pat_byte(seed, (uint64_t)bad), seed, p[bad]);
	return false;
}

/* An access to addr must raise SIGBUS: no page behind it. */
static void want_sigbus(struct fz *w, int line, const void *addr,
			const char *what)
{
	int sig = probe_read(addr, NULL);

	if (sig != SIGBUS)
		fz_fail(w, line, "%s %p: expected SIGBUS, got %s", what, addr,
			probe_name(sig));
}

#define WANT_SIGBUS(w, addr, what) want_sigbus((w), __LINE__, (addr), (what))

#define PAT_CHECK(w, what, p, from, to, seed) \
	pat_check((w), __LINE__, (what), (p), (from), (to), (seed))

static uint64_t npages_of(uint64_t size)
{
	return (size / ps) + !!(size % ps);
}

/* ---- Raw contexts ------------------------------------------------------- */

static int xioctl(struct fz *w, int fd, unsigned long cmd, void *arg)
{
	w->ioctls++;
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

static bool rc_alive(const struct rctx *c)
{
	return c->fd >= 0 || c->win;
}

static bool rc_readable(const struct rctx *c)
{
	return c->win && (c->prot & PROT_READ);
}

static bool rc_writable(const struct rctx *c)
{
	return c->win && (c->prot & PROT_WRITE);
}

static int rc_find(const struct rctx *c, uint64_t off)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->b[i].off == off)
			return i;
	return -1;
}

/*
 * The small region of a window (netbuf(4), small_max): its top quarter,
 * in pairs of a window page for one small buffer and its guard page.
 * Page-backed buffers are placed below it; a small request gets pages
 * when every pair is taken.
 */
static uint64_t rc_pairs(const struct rctx *c)
{
	return c->pages / 8;
}

/* The first window page of the region: the end of the page-backed part. */
static uint64_t rc_page_end(const struct rctx *c)
{
	return c->pages - 2 * rc_pairs(c);
}

static bool raw_small(uint64_t size)
{
	return size && size <= small_max;
}

static bool rb_small(const struct rctx *c, const struct rbuf *b)
{
	return rc_pairs(c) && b->off / ps >= rc_page_end(c);
}

/* Small buffers live: pairs taken. */
static uint64_t rc_small_live(const struct rctx *c)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < c->n; i++)
		n += rb_small(c, &c->b[i]);
	return n;
}

/* The window pages [*s, *e) a buffer keeps from any other: pages + guard. */
static void rb_span(const struct rctx *c, const struct rbuf *b, uint64_t *s,
		    uint64_t *e)
{
	*s = b->off / ps;
	*e = *s + (rb_small(c, b) ? 1 : npages_of(b->size)) + 1;
}

/* The bytes of b's own mapping: its slot when small, else its pages. */
static uint64_t rb_extent(const struct rctx *c, const struct rbuf *b)
{
	return rb_small(c, b) ? small_class(b->size) : npages_of(b->size) * ps;
}

/* Past the last byte of b's own window pages: its guard page. */
static uint64_t rb_guard(const struct rctx *c, const struct rbuf *b)
{
	uint64_t s, e;

	rb_span(c, b, &s, &e);
	return (e - 1) * ps;
}

/*
 * Whether the page-backed part of the window has span free pages in a
 * row. The kernel's next-fit search wraps round it, so it finds room if
 * any exists: buffers occupy their pages and the guard page after them.
 */
static bool rc_room(const struct rctx *c, uint64_t span)
{
	uint64_t starts[RAW_MAX], ends[RAW_MAX], pos = 0, t;
	int i, j, n = 0;

	for (i = 0; i < c->n; i++) {
		if (rb_small(c, &c->b[i]))
			continue;
		rb_span(c, &c->b[i], &starts[n], &ends[n]);
		n++;
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && starts[j - 1] > starts[j]; j--) {
			t = starts[j];
			starts[j] = starts[j - 1];
			starts[j - 1] = t;
			t = ends[j];
			ends[j] = ends[j - 1];
			ends[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		if (pos + span <= starts[i])
			return true;
		if (ends[i] > pos)
			pos = ends[i];
	}
	return pos + span <= rc_page_end(c);
}

/* The result ALLOC or a moving REALLOC of npages must have. */
static int rc_expect_place(const struct rctx *c, uint64_t npages)
{
	if (!c->win)
		return -ENXIO;
	if (npages >= c->pages || !rc_room(c, npages + 1))
		return -ENOMEM;
	return 0;
}

/* Whether a new buffer of size bytes gets a slot in the small region. */
static bool rc_gets_slot(const struct rctx *c, uint64_t size)
{
	return c->win && raw_small(size) && rc_small_live(c) < rc_pairs(c);
}

/* The result ALLOC of size bytes must have: a slot, else pages. */
static int rc_expect_alloc(const struct rctx *c, uint64_t size)
{
	return rc_gets_slot(c, size) ? 0 :
	       rc_expect_place(c, npages_of(size));
}

/*
 * Whether b (just placed) is where it must be: in a pair of the small
 * region, 16-byte aligned, its slot inside its window page, when small is
 * set; else page aligned, with its pages and guard below the region. Its
 * window pages overlap no live buffer's (a moved one's old place is still
 * live while it moves). A failure otherwise.
 */
static bool rc_placed(struct fz *w, int line, const struct rctx *c,
		      const struct rbuf *b, bool small)
{
	uint64_t s, e, s2, e2, pg = b->off / ps;
	bool ok;
	int i;

	if (small)
		ok = rb_small(c, b) && pg < c->pages &&
		     (pg - rc_page_end(c)) % 2 == 0 && b->off % 16 == 0 &&
		     b->off % ps + small_class(b->size) <= ps;
	else
		ok = b->off % ps == 0 &&
		     pg + npages_of(b->size) < rc_page_end(c);
	if (!ok) {
		fz_fail(w, line, "a %s buffer of %" PRIu64 " bytes placed at %#"
			PRIx64 " in a %" PRIu64 "-page window (region from "
			"page %" PRIu64 ")", small ? "small" : "page-backed",
			b->size, b->off, c->pages, rc_page_end(c));
		return false;
	}
	rb_span(c, b, &s, &e);
	for (i = 0; i < c->n; i++) {
		if (&c->b[i] == b)
			continue;
		rb_span(c, &c->b[i], &s2, &e2);
		if (s < e2 && s2 < e) {
			fz_fail(w, line, "a buffer at %#" PRIx64 " overlaps the "
				"buffer at %#" PRIx64, b->off, c->b[i].off);
			return false;
		}
	}
	return true;
}

/* The context is gone (descriptor closed, window unmapped). */
static void rc_forget(struct rctx *c)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static void rc_add_dead(struct rctx *c, uint64_t off)
{
	c->dead[c->ndead++ % DEAD_MAX] = off;
}

static void rc_drop(struct rctx *c, int i)
{
	rc_add_dead(c, c->b[i].off);
	c->b[i] = c->b[--c->n];
}

/* The buffer holds its pattern (when the window can be read). */
static bool rc_check_buf(struct fz *w, int line, struct rctx *c, int i)
{
	struct rbuf *b = &c->b[i];

	if (!rc_readable(c))
		return true;
	return pat_check(w, line, "raw buffer", c->win + b->off, 0, b->plen,
			 b->seed) &&
	       pat_check(w, line, "raw buffer's zero part", c->win + b->off,
			 b->plen, b->size, 0);
}

/* Every page of [p, p + len) takes a write; a failure otherwise. */
static bool writable(struct fz *w, int line, uint8_t *p, uint64_t len)
{
	uint64_t i;
	int sig;

	for (i = 0; i < len; i += ps) {
		uint8_t v;

		sig = probe_read(p + i, &v);
		if (!sig)
			sig = probe_write(p + i, v);
		if (sig) {
			fz_fail(w, line, "buffer %p: a write to byte %#" PRIx64
				" raised %s", (void *)p, i, probe_name(sig));
			return false;
		}
	}
	return true;
}

static void rc_refill(struct fz *w, struct rctx *c, int i)
{
	struct rbuf *b = &c->b[i];

	if (!rc_writable(c) || !writable(w, __LINE__, c->win + b->off,
					 b->size))
		return;
	b->seed = new_seed(w);
	b->plen = b->size;
	pat_fill(c->win + b->off, b->size, b->seed);
}

/* Take back a buffer the kernel placed wrongly; its contents are unknown. */
static void rc_discard(struct fz *w, struct rctx *c, uint64_t off)
{
	struct netbuf_free f = { .offset = off };

	xioctl(w, c->fd, NETBUF_IOC_FREE, &f);
}

static uint8_t *map_window(int fd, uint64_t pages, int prot, int flags,
			   off_t off, int *err)
{
	void *p = mmap(NULL, pages * ps, prot, flags, fd, off);

	*err = p == MAP_FAILED ? errno : 0;
	return p == MAP_FAILED ? NULL : p;
}

static void rc_open(struct fz *w, struct rctx *c)
{
	int err;

	memset(c, 0, sizeof(*c));
	c->fd = open(NETBUF_DEV, O_RDWR | O_CLOEXEC);
	if (c->fd < 0) {
		FZ_FAIL(w, "open " NETBUF_DEV ": %s", errno_name(errno));
		return;
	}
	c->pages = 4 + rnd(w, 61);
	c->prot = PROT_READ | PROT_WRITE;
	w->vm_ops++;
	c->win = map_window(c->fd, c->pages, c->prot, MAP_SHARED, 0, &err);
	c->vmflags = VMF_MAPPED;
	if (!c->win)
		FZ_FAIL(w, "mmap of a %" PRIu64 "-page window: %s", c->pages,
			errno_name(err));
}

/* Verify what can be read, then unmap and close in a random order. */
static void rc_close(struct fz *w, struct rctx *c)
{
	int i;

	for (i = 0; i < c->n; i++)
		rc_check_buf(w, __LINE__, c, i);
	if (c->fd >= 0 && chance(w, 2)) {
		close(c->fd);
		c->fd = -1;
		/* The window keeps the context: the data is still there. */
		for (i = 0; i < c->n; i++)
			rc_check_buf(w, __LINE__, c, i);
	}
	if (c->win) {
		w->vm_ops++;
		if (munmap(c->win, c->pages * ps) < 0)
			FZ_FAIL(w, "munmap of a whole raw window: %s",
				errno_name(errno));
	}
	if (c->fd >= 0)
		close(c->fd);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

/* A raw context of this thread with an open descriptor, opened if need be. */
static struct rctx *rc_pick(struct fz *w)
{
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];

	if (c->fd < 0) {
		if (rc_alive(c))
			rc_close(w, c);
		rc_open(w, c);
		w->reopens++;
	}
	return c->fd >= 0 ? c : NULL;
}

/* Sizes at the edges of the small buffers' classes, and past the last. */
static DWORD class_edge(struct fz *w)
{
	uint64_t cls = 16 * (1 + rnd(w, 4)), low;

	if (chance(w, 2)) {
		/* 80 to 2048: four classes per doubling from 64 on */
		low = 64ULL << rnd(w, 5);
		cls = low + low / 4 * (1 + rnd(w, 4));
	}
	return (DWORD)(cls + rnd(w, 3) - 1);	/* cls - 1, cls, cls + 1 */
}

/* Sizes for raw buffers: boundaries, small, a window's worth, huge. */
static uint64_t rand_raw_size(struct fz *w, const struct rctx *c)
{
	static const uint64_t huge[] = {
		U64_MAX, U64_MAX - 1, 1ULL << 63, 0xffffffffULL,
		0x100000000ULL, 1ULL << 40,
	};

	switch (rnd(w, 12)) {
	case 0:
		return 0;
	case 1:
		return ps * (1 + rnd(w, 3)) + rnd(w, 3) - 1;
	case 2:
		return c->pages * ps - rnd(w, 2 * ps);
	case 3:
		if (chance(w, 2))
			return huge[rnd(w, sizeof(huge) / sizeof(huge[0]))];
		return U64_MAX - rnd(w, 2 * ps);	/* rounding overflows */
	case 4:
		return 1 + rnd(w, 8 * ps);
	case 5:
		return class_edge(w);
	case 6:
		return 1 + rnd(w, 64);
	default:
		return 1 + rnd(w, 2 * ps);
	}
}

static void r_alloc(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	struct netbuf_alloc a = { 0 };
	struct rbuf b;
	uint64_t size;
	int want, rc, i;
	bool small;

	if (!c)
		return;
	if (c->n == RAW_MAX) {
		i = (int)rnd(w, (uint64_t)c->n);
		rc_check_buf(w, __LINE__, c, i);
		WANT_RC(w, "FREE of a live buffer", xioctl(w, c->fd,
			NETBUF_IOC_FREE, &(struct netbuf_free){ .offset =
			c->b[i].off }), OK);
		rc_drop(c, i);
	}
	size = rand_raw_size(w, c);
	w->arg[0] = size;
	small = rc_gets_slot(c, size);
	want = rc_expect_alloc(c, size);
	a.size = size;
	/* A site now and then; GUARD_START where it places as without. */
	if (chance(w, 3)) {
		a.flags = NETBUF_ALLOC_SITE;
		a.site = rng_next(&w->rng);
	}
	if (!raw_small(size) && chance(w, 4))
		a.flags |= NETBUF_ALLOC_GUARD_START;
	w->arg[2] = a.flags;
	rc = xioctl(w, c->fd, NETBUF_IOC_ALLOC, &a);
	w->arg[1] = a.offset;
	if (!WANT_RC(w, "ALLOC", rc, want ? E(-want) : OK) || rc)
		return;
	b = (struct rbuf){ .off = a.offset, .size = size, .site = a.site };
	if (!rc_placed(w, __LINE__, c, &b, small)) {
		rc_discard(w, c, a.offset);
		return;
	}
	c->b[c->n++] = b;
	/* plen 0: all zero until written */
	/* Its pages or its slot, zeroed; the guard page after them faults. */
	if (rc_readable(c)) {
		PAT_CHECK(w, "new raw buffer", c->win + a.offset, 0,
			  rb_extent(c, &b), 0);
		if (chance(w, 8))
			WANT_SIGBUS(w, c->win + rb_guard(c, &b),
				    "the guard page after a raw buffer");
	}
	rc_refill(w, c, c->n - 1);
}

static void r_realloc(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	struct netbuf_realloc r = { 0 };
	uint64_t size, np, oldnp, keep, pat;
	struct rbuf *b, moved;
	bool same, small;
	int want, rc, i;

	if (!c || !c->n)
		return;
	i = (int)rnd(w, (uint64_t)c->n);
	b = &c->b[i];
	rc_check_buf(w, __LINE__, c, i);
	size = rand_raw_size(w, c);
	np = npages_of(size);
	oldnp = npages_of(b->size);
	w->arg[0] = b->off;
	w->arg[1] = size;
	if (rb_small(c, b) && raw_small(size) &&
	    small_class(size) == small_class(b->size)) {
		small = same = true;		/* within its slot */
	} else if (rb_small(c, b) || (rc_pairs(c) && raw_small(size))) {
		/*
		 * It moves: into a free pair of the region if small, else
		 * to pages; a page-backed one with no pair free, or no
		 * window to move in, shrinks in place.
		 */
		small = rc_gets_slot(c, size);
		same = !rb_small(c, b) && !small && np <= oldnp;
	} else {
		small = false;
		same = np <= oldnp;
	}
	want = same || small ? 0 : rc_expect_place(c, np);
	r.offset = b->off;
	r.size = size;
	if (chance(w, 3)) {
		r.flags = NETBUF_REALLOC_SITE;
		r.site = rng_next(&w->rng);
	}
	rc = xioctl(w, c->fd, NETBUF_IOC_REALLOC, &r);
	w->arg[2] = r.new_offset;
	if (!WANT_RC(w, "REALLOC", rc, want ? E(-want) : OK))
		return;
	if (rc) {
		rc_check_buf(w, __LINE__, c, i);	/* unchanged */
		return;
	}
	moved = (struct rbuf){ .off = r.new_offset, .size = size };
	if (same != (r.new_offset == b->off) ||
	    (!same && !rc_placed(w, __LINE__, c, &moved, small))) {
		FZ_FAIL(w, "REALLOC %" PRIu64 " -> %" PRIu64 " bytes moved %#"
			PRIx64 " to %#" PRIx64 " (expected %s)", b->size, size,
			b->off, (uint64_t)r.new_offset,
			same ? "in place" : small ? "a slot" : "pages");
		if (r.new_offset != b->off)
			rc_discard(w, c, r.new_offset);
		rc_drop(c, i);
		return;
	}
	keep = b->size < size ? b->size : size;
	pat = b->plen < keep ? b->plen : keep;
	if (rc_readable(c)) {
		uint8_t *p = c->win + r.new_offset;

		PAT_CHECK(w, "kept part", p, 0, pat, b->seed);
		PAT_CHECK(w, "growth", p, pat, size, 0);
		/* Pages dropped or left behind fault. */
		if (np < oldnp)
			WANT_SIGBUS(w, p + np * ps, "a dropped page");
		if (r.new_offset != b->off && chance(w, 4))
			WANT_SIGBUS(w, c->win + b->off,
				    "the old range of a moved buffer");
	}
	if (r.new_offset != b->off)
		rc_add_dead(c, b->off);
	b->off = r.new_offset;
	b->size = size;
	b->plen = pat;
	/* The new site, or the old one moved along. */
	if (r.flags & NETBUF_REALLOC_SITE)
		b->site = r.site;
	rc_refill(w, c, i);
}

static void r_size(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	struct netbuf_size s = { 0 };
	int i, rc;

	if (!c || !c->n)
		return;
	i = (int)rnd(w, (uint64_t)c->n);
	s.offset = c->b[i].off;
	w->arg[0] = s.offset;
	rc = xioctl(w, c->fd, NETBUF_IOC_SIZE, &s);
	if (WANT_RC(w, "SIZE of a live buffer", rc, OK) &&
	    s.size != c->b[i].size)
		FZ_FAIL(w, "SIZE says %" PRIu64 ", expected %" PRIu64,
			(uint64_t)s.size, c->b[i].size);
}

static void r_free(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	struct netbuf_free f = { 0 };
	uint64_t off;
	int i;

	if (!c || !c->n)
		return;
	i = (int)rnd(w, (uint64_t)c->n);
	off = c->b[i].off;
	w->arg[0] = off;
	rc_check_buf(w, __LINE__, c, i);
	f.offset = off;
	if (chance(w, 3)) {
		f.flags = NETBUF_FREE_SITE;	/* into the history */
		f.site = rng_next(&w->rng);
	}
	w->arg[1] = f.flags;
	WANT_RC(w, "FREE of a live buffer",
		xioctl(w, c->fd, NETBUF_IOC_FREE, &f), OK);
	rc_drop(c, i);
	if (rc_readable(c) && chance(w, 4))
		WANT_SIGBUS(w, c->win + off, "a freed raw buffer");
}

static void r_info(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	struct netbuf_info info;
	uint64_t bytes = 0;
	int i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		if (!rb_small(c, &c->b[i]))
			bytes += npages_of(c->b[i].size) * ps;
	/* Shared pages count whole, however many slots hold them. */
	bytes += fdinfo_value(c->fd, FDINFO_SMALL_PAGES) * ps;
	memset(&info, 0, sizeof(info));
	if (!WANT_RC(w, "INFO", xioctl(w, c->fd, NETBUF_IOC_INFO, &info), OK))
		return;
	if (info.abi_version != NETBUF_ABI_VERSION || info.page_size != ps ||
	    info.window_size != (c->win ? c->pages * ps : 0) ||
	    info.live_buffers != (uint64_t)c->n || info.live_bytes != bytes ||
	    info.max_bytes != max_bytes)
		FZ_FAIL(w, "INFO: abi %" PRIu64 " page %" PRIu64 " window %"
			PRIu64 " buffers %" PRIu64 " bytes %" PRIu64
			"; expected window %" PRIu64 " buffers %d bytes %"
			PRIu64, (uint64_t)info.abi_version,
			(uint64_t)info.page_size, (uint64_t)info.window_size,
			(uint64_t)info.live_buffers, (uint64_t)info.live_bytes,
			c->win ? c->pages * ps : 0, c->n, bytes);
}

/* An offset that is no live buffer's start in c. */
static uint64_t bad_offset(struct fz *w, const struct rctx *c)
{
	uint64_t off;
	int i;

	for (;;) {
		switch (rnd(w, 8)) {
		case 0:
			if (c->ndead) {
				off = c->dead[rnd(w, c->ndead < DEAD_MAX ?
						   c->ndead : DEAD_MAX)];
				break;
			}
			/* fall through */
		case 1:
			if (c->n) {
				i = (int)rnd(w, (uint64_t)c->n);
				/* interior byte, interior page or guard */
				off = c->b[i].off + 1 + rnd(w, rb_guard(c,
					&c->b[i]) + ps - c->b[i].off - 1);
				break;
			}
			/* fall through */
		case 2:
			off = rnd(w, c->pages) * ps;	/* maybe free */
			break;
		case 3:
			off = (c->pages + rnd(w, 4)) * ps;	/* past it */
			break;
		case 4:
			off = U64_MAX - rnd(w, 2) * (ps - 1);
			break;
		case 5:
			off = 1ULL << (12 + rnd(w, 52));
			break;
		default:
			off = rng_next(&w->rng);
			break;
		}
		if (rc_find(c, off) < 0)
			return off;
	}
}

/* SIZE, FREE and REALLOC of offsets that are not a live buffer's start. */
static void r_badoff(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	uint64_t off;
	int rc;

	if (!c)
		return;
	off = bad_offset(w, c);
	w->arg[0] = off;
	switch (rnd(w, 3)) {
	case 0: {
		struct netbuf_size s = { .offset = off };

		rc = xioctl(w, c->fd, NETBUF_IOC_SIZE, &s);
		WANT_RC(w, "SIZE of a non-live offset", rc, E(EINVAL));
		if (s.size)
			FZ_FAIL(w, "a refused SIZE wrote size %" PRIu64,
				(uint64_t)s.size);
		break;
	}
	case 1:
		rc = xioctl(w, c->fd, NETBUF_IOC_FREE,
			    &(struct netbuf_free){ .offset = off });
		WANT_RC(w, "FREE of a non-live offset", rc, E(EINVAL));
		break;
	default: {
		struct netbuf_realloc r = { .offset = off,
					    .size = rand_raw_size(w, c) };

		w->arg[1] = r.size;
		rc = xioctl(w, c->fd, NETBUF_IOC_REALLOC, &r);
		WANT_RC(w, "REALLOC of a non-live offset", rc, E(EINVAL));
		break;
	}
	}
}

/*
 * Any field that must be 0 on input, set: EINVAL, whatever else is wrong.
 * The context field of the four buffer requests is an input (ABI 3): a
 * value that is not the context's id is ESTALE, and changes nothing.
 */
static void r_badfield(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	union {
		struct netbuf_alloc a;
		struct netbuf_realloc r;
		struct netbuf_size s;
		struct netbuf_free f;
		struct netbuf_info i;
		uint64_t q[8];
	} u;
	uint32_t bits = (uint32_t)rng_next(&w->rng) | 1U << rnd(w, 32);
	uint64_t val = rng_next(&w->rng) | 1ULL << rnd(w, 64);
	struct netbuf_info info;
	unsigned long cmd;
	int which = (int)rnd(w, 3);
	uint64_t want = E(EINVAL);

	if (!c)
		return;
	memset(&info, 0, sizeof(info));
	if (ioctl(c->fd, NETBUF_IOC_INFO, &info) < 0)
		return;		/* the context is gone (closed) */
	/* Another context's id, never this one's. */
	while (bits == info.context)
		bits = (uint32_t)rng_next(&w->rng) | 1U << rnd(w, 32);
	/* As flags, one the ABI does not define (ABI 5 defines 0x7). */
	if (!(bits & ~7U))
		bits |= 0x80000000U;
	memset(&u, 0, sizeof(u));
	switch (rnd(w, 5)) {
	case 0:
		cmd = NETBUF_IOC_ALLOC;
		u.a.size = rand_raw_size(w, c);
		if (which == 0)
			u.a.flags = bits;
		else if (which == 1) {
			u.a.context = bits;
			want = E(ESTALE);
		} else
			u.a.offset = val;
		break;
	case 1:
		cmd = NETBUF_IOC_REALLOC;
		u.r.offset = c->n ? c->b[rnd(w, (uint64_t)c->n)].off : 0;
		u.r.size = rand_raw_size(w, c);
		if (which == 0)
			u.r.flags = bits;
		else if (which == 1) {
			u.r.context = bits;
			want = E(ESTALE);
		} else
			u.r.new_offset = val;
		break;
	case 2:
		cmd = NETBUF_IOC_SIZE;
		u.s.offset = c->n ? c->b[rnd(w, (uint64_t)c->n)].off : 0;
		if (which == 0)
			u.s.flags = bits;
		else if (which == 1) {
			u.s.context = bits;
			want = E(ESTALE);
		} else
			u.s.size = val;
		break;
	case 3:
		cmd = NETBUF_IOC_FREE;
		u.f.offset = c->n ? c->b[rnd(w, (uint64_t)c->n)].off : 0;
		if (which == 2)
			which = (int)rnd(w, 2);
		if (which == 0) {
			u.f.flags = bits;
		} else {
			u.f.context = bits;
			want = E(ESTALE);
		}
		break;
	default:
		cmd = NETBUF_IOC_INFO;
		if (which == 0)
			u.i.flags = bits;
		else if (which == 1)
			u.i.context = bits;	/* an out field: EINVAL */
		else
			u.q[rnd(w, 7)] = val;
		break;
	}
	w->arg[0] = cmd;
	w->arg[1] = (uint64_t)which;
	w->arg[2] = which == 2 ? val : bits;
	WANT_RC(w, want == E(ESTALE) ? "ioctl naming another context" :
		"ioctl with a field that must be 0 set",
		xioctl(w, c->fd, cmd, &u), want);
}

static const unsigned long valid_cmds[] = {
	NETBUF_IOC_ALLOC, NETBUF_IOC_REALLOC, NETBUF_IOC_SIZE,
	NETBUF_IOC_FREE, NETBUF_IOC_INFO, NETBUF_IOC_WHATIS,
};
#define NR_CMDS	(sizeof(valid_cmds) / sizeof(valid_cmds[0]))

/* Sizes of the argument of each command, in the order of valid_cmds. */
static const size_t cmd_sizes[NR_CMDS] = {
	sizeof(struct netbuf_alloc), sizeof(struct netbuf_realloc),
	sizeof(struct netbuf_size), sizeof(struct netbuf_free),
	sizeof(struct netbuf_info), sizeof(struct netbuf_whatis),
};

/*
 * Whether the module serves @cmd: our type, a number it knows, its
 * direction; any size (shorter is EINVAL, longer is checked: r_grow).
 */
static bool served(unsigned long cmd)
{
	size_t k;

	for (k = 0; k < NR_CMDS; k++)
		if (_IOC_TYPE(cmd) == NETBUF_IOC_MAGIC &&
		    _IOC_NR(cmd) == _IOC_NR(valid_cmds[k]) &&
		    _IOC_DIR(cmd) == _IOC_DIR(valid_cmds[k]))
			return true;
	return false;
}

/*
 * Commands that are not ours: other numbers under our magic (the removed
 * 0x06-0x08 among them), ours with another direction, and a few other
 * magics that no generic VFS ioctl uses.
 */
static void r_badcmd(struct fz *w)
{
	static const unsigned long others[] = {
		_IOWR('N', 0x01, struct netbuf_alloc),
		_IOWR(0xe6, 0x05, struct netbuf_info),
		_IOWR(0xe8, 0x01, struct netbuf_alloc), 0x1234, 0xe701,
		_IO(0xe8, 0),
	};
	struct rctx *c = rc_pick(w);
	uint64_t arg[16];
	unsigned long cmd;
	size_t k;

	if (!c)
		return;
	do {
		k = rnd(w, NR_CMDS);
		switch (rnd(w, 5)) {
		case 0:		/* ours with another direction */
			cmd = _IOC(rnd(w, 4), NETBUF_IOC_MAGIC,
				   _IOC_NR(valid_cmds[k]), chance(w, 2) ?
				   cmd_sizes[k] : rnd(w, 1 << 14));
			break;
		case 1:		/* a number ABI 4 removed */
			cmd = chance(w, 2) ? removed_cmds[rnd(w, NR_REMOVED_CMDS)] :
			      _IOC(rnd(w, 4), NETBUF_IOC_MAGIC, 6 + rnd(w, 3),
				   rnd(w, 1 << 14));
			break;
		case 2:		/* anything under our magic */
			cmd = _IOC(rnd(w, 4), NETBUF_IOC_MAGIC, rnd(w, 256),
				   rnd(w, 1 << 14));
			break;
		case 3:		/* an unknown number, right shape */
			cmd = _IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC,
				   6 + rnd(w, 250), cmd_sizes[k]);
			break;
		default:
			cmd = others[rnd(w, sizeof(others) /
					    sizeof(others[0]))];
			break;
		}
	} while (served(cmd));
	memset(arg, 0, sizeof(arg));
	arg[0] = 1 + rnd(w, ps);	/* a valid ALLOC, were it one */
	w->arg[0] = cmd;
	WANT_RC(w, "an ioctl that is not ours",
		xioctl(w, c->fd, cmd, chance(w, 4) ? NULL : arg), E(ENOTTY));
}

/*
 * WHATIS (ABI 5) against the model: a byte of a live buffer's own
 * mapping is LIVE, its guard page GUARD, both with its start, size and
 * recorded site; NEXT_LIVE from any offset names the model's next buffer
 * (or NONE past the last); past the window is NONE. Freed offsets are
 * not checked: another thread's context is not ours, but ours may reuse
 * a range, and the history is bounded.
 */
static void r_whatis(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	struct netbuf_whatis q = { 0 };
	const struct rbuf *b = NULL, *want = NULL;
	uint32_t kind = NETBUF_WHATIS_LIVE;
	int i, rc;

	if (!c)
		return;
	switch (c->n ? rnd(w, 4) : 3) {
	case 0:
		b = &c->b[rnd(w, (uint64_t)c->n)];
		q.offset = b->off + (b->size ? rnd(w, b->size) : 0);
		want = b;
		break;
	case 1:
		b = &c->b[rnd(w, (uint64_t)c->n)];
		if (!b->size)
			return;	/* its one page is its own, its guard too */
		q.offset = rb_guard(c, b) + rnd(w, ps);
		want = b;
		kind = NETBUF_WHATIS_GUARD;
		break;
	case 2:
		q.offset = rnd(w, c->pages * ps);
		q.flags = NETBUF_WHATIS_NEXT_LIVE;
		for (i = 0; i < c->n; i++)
			if (c->b[i].off >= q.offset &&
			    (!want || c->b[i].off < want->off))
				want = &c->b[i];
		kind = want ? NETBUF_WHATIS_LIVE : NETBUF_WHATIS_NONE;
		break;
	default:
		q.offset = c->pages * ps + rnd(w, 1ULL << 40);
		kind = NETBUF_WHATIS_NONE;
		break;
	}
	w->arg[0] = q.offset;
	w->arg[1] = q.flags;
	rc = xioctl(w, c->fd, NETBUF_IOC_WHATIS, &q);
	if (!WANT_RC(w, "WHATIS", rc, OK))
		return;
	if (q.kind != kind || (want && (q.start != want->off ||
					q.size != want->size ||
					q.alloc_site != want->site)) ||
	    (!want && (q.start || q.size || q.alloc_site)))
		FZ_FAIL(w, "WHATIS %#" PRIx64 " (flags %u): kind %u start %#"
			PRIx64 " size %" PRIu64 " site %#" PRIx64
			", expected kind %u start %#" PRIx64 " size %" PRIu64
			" site %#" PRIx64, (uint64_t)q.offset, q.flags, q.kind,
			(uint64_t)q.start, (uint64_t)q.size,
			(uint64_t)q.alloc_site, kind, want ? want->off : 0,
			want ? want->size : 0, want ? want->site : 0);
}

/*
 * The structs' growth (ABI 4), on INFO: the caller's struct may be of any
 * size from the first version's; a longer one with a zero tail is served
 * (and its tail stays zero), a non-zero byte in the tail is E2BIG and
 * nothing is written, a size below the first version's is EINVAL.
 */
static void r_grow(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	uint8_t arg[NETBUF_INFO_SIZE_VER0 + 256];
	struct netbuf_info info;
	size_t size, bad = SIZE_MAX, i;
	unsigned long cmd;
	uint64_t want;
	int rc;

	if (!c)
		return;
	switch (rnd(w, 3)) {
	case 0:
		size = rnd(w, NETBUF_INFO_SIZE_VER0);
		want = E(EINVAL);
		break;
	case 1:
		size = sizeof(info) + 1 + rnd(w, sizeof(arg) - sizeof(info));
		bad = sizeof(info) + rnd(w, size - sizeof(info));
		want = E(E2BIG);
		break;
	default:
		size = sizeof(info) + rnd(w, sizeof(arg) - sizeof(info) + 1);
		want = OK;
		break;
	}
	memset(arg, 0, sizeof(arg));
	if (bad != SIZE_MAX)
		arg[bad] = (uint8_t)(1 + rnd(w, 255));
	cmd = _IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC,
		   _IOC_NR(NETBUF_IOC_INFO), size);
	w->arg[0] = cmd;
	w->arg[1] = bad;
	rc = xioctl(w, c->fd, cmd, arg);
	if (!WANT_RC(w, "INFO with a struct of another size", rc, want))
		return;
	memcpy(&info, arg, sizeof(info));
	if (rc == 0 && (info.abi_version != NETBUF_ABI_VERSION ||
			info.page_size != ps))
		FZ_FAIL(w, "INFO of %zu bytes: abi %" PRIu64 " page %" PRIu64,
			size, (uint64_t)info.abi_version,
			(uint64_t)info.page_size);
	if (rc != 0 && find_nonzero(arg, sizeof(info)) != SIZE_MAX)
		FZ_FAIL(w, "INFO of %zu bytes failed but wrote its answer",
			size);
	for (i = sizeof(info); i < sizeof(arg); i++)
		if (i != bad && arg[i]) {
			FZ_FAIL(w, "INFO of %zu bytes wrote byte %zu", size, i);
			break;
		}
}

/*
 * An argument pointer the kernel cannot copy the whole struct from: NULL,
 * unmapped, PROT_NONE, kernel or non-canonical, a struct cut short by an
 * unmapped page, or in the raw window: a guard page, a freed range, a
 * zero-byte buffer, anywhere in a window that is not readable.
 */
static void *bad_pointer(struct fz *w, struct rctx *c, size_t size)
{
	static const uintptr_t kernel[] = {
#if UINTPTR_MAX == UINT64_MAX
		0xffffffff81000000UL, 0xffff888000000000UL,
		0xfffffffffffff000UL, 0x0000800000000000UL,
		0x8000000000000000UL,
#else
		/* Past a 32-bit process's last page on a 64-bit kernel. */
		0xffffe000UL, 0xfffff000UL, 0xfffffff0UL,
#endif
	};
	int i;

	for (;;) {
		switch (rnd(w, 8)) {
		case 0:
			return NULL;
		case 1:
			return w->scratch + ps + rnd(w, ps);	/* hole */
		case 2:
			return w->scratch + 3 * ps + rnd(w, ps); /* PROT_NONE */
		case 3:
			return (void *)kernel[rnd(w, sizeof(kernel) /
						    sizeof(kernel[0]))];
		case 4:		/* cut short by the hole */
			return w->scratch + ps - 1 - rnd(w, size - 1);
		case 5:		/* a guard page or a zero-byte buffer */
			if (!c->win || !c->n)
				break;
			i = (int)rnd(w, (uint64_t)c->n);
			if (!c->b[i].size)
				return c->win + c->b[i].off +
				       rnd(w, ps - size);
			return c->win + rb_guard(c, &c->b[i]) +
			       rnd(w, ps - size);
		case 6:		/* a freed range, if not taken again */
			if (!c->win || !c->ndead)
				break;
			{
				uint64_t off = c->dead[rnd(w,
					c->ndead < DEAD_MAX ? c->ndead :
							      DEAD_MAX)];
				uint8_t *p = c->win + off;
				bool taken = false;
				uint64_t s, e;

				for (i = 0; i < c->n; i++) {
					rb_span(c, &c->b[i], &s, &e);
					taken |= off / ps >= s && off / ps < e;
				}
				if (!taken && off < c->pages * ps)
					return p;
			}
			break;
		default:	/* a window that cannot be read */
			if (c->win && !(c->prot & PROT_READ))
				return c->win + rnd(w, c->pages * ps - size);
			break;
		}
	}
}

static void r_badptr(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	size_t k;
	void *p;

	if (!c)
		return;
	k = rnd(w, NR_CMDS);
	p = bad_pointer(w, c, cmd_sizes[k]);
	w->arg[0] = valid_cmds[k];
	w->arg[1] = (uintptr_t)p;
	WANT_RC(w, "ioctl with a bad argument pointer",
		xioctl(w, c->fd, valid_cmds[k], p), E(EFAULT));
}

/*
 * A valid struct on a read-only page: it can be copied in but no result
 * can be copied out. ALLOC takes its buffer back, REALLOC refuses before
 * changing anything, FREE needs no copy out and works.
 */
static void r_roarg(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	uint8_t *ro = w->scratch + 2 * ps;
	size_t k = rnd(w, NR_CMDS);
	uint64_t allowed = E(EFAULT), size;
	void *arg = ro + rnd(w, (ps - sizeof(struct netbuf_whatis)) / 8) * 8;
	int i = -1, rc, want;

	if (!c)
		return;
	if (mprotect(ro, ps, PROT_READ | PROT_WRITE) < 0) {
		FZ_FAIL(w, "mprotect of the scratch page: %s",
			errno_name(errno));
		return;
	}
	memset(arg, 0, sizeof(struct netbuf_whatis));
	if (c->n && !chance(w, 4))
		i = (int)rnd(w, (uint64_t)c->n);
	switch (k) {
	case 0:
		size = rand_raw_size(w, c);
		((struct netbuf_alloc *)arg)->size = size;
		want = rc_expect_alloc(c, size);
		if (want)
			allowed = E(-want);
		break;
	case 1:
		((struct netbuf_realloc *)arg)->offset = i >= 0 ?
			c->b[i].off : bad_offset(w, c);
		((struct netbuf_realloc *)arg)->size = rand_raw_size(w, c);
		break;
	case 2:
		((struct netbuf_size *)arg)->offset = i >= 0 ?
			c->b[i].off : bad_offset(w, c);
		if (i < 0)
			allowed = E(EINVAL);
		break;
	case 3:
		((struct netbuf_free *)arg)->offset = i >= 0 ?
			c->b[i].off : bad_offset(w, c);
		allowed = i >= 0 ? OK : E(EINVAL);
		break;
	default:
		break;
	}
	mprotect(ro, ps, PROT_READ);
	w->arg[0] = valid_cmds[k];
	w->arg[1] = *(uint64_t *)arg;
	rc = xioctl(w, c->fd, valid_cmds[k], arg);
	WANT_RC(w, "ioctl with a read-only argument", rc, allowed);
	if (k == 3 && i >= 0 && rc == 0)
		rc_drop(c, i);
}

/*
 * The argument inside a live buffer whose page table entries were just
 * dropped: copying it in faults into netbuf's own handler.
 */
static void r_arg_in_buf(struct fz *w)
{
	struct rctx *c = rc_pick(w);
	struct netbuf_size *s;
	int i, j;

	if (!c || !rc_writable(c) || !c->n)
		return;
	i = (int)rnd(w, (uint64_t)c->n);
	j = (int)rnd(w, (uint64_t)c->n);
	if (c->b[i].size < sizeof(*s))
		return;
	rc_check_buf(w, __LINE__, c, i);
	s = (struct netbuf_size *)(c->win + c->b[i].off +
		rnd(w, (c->b[i].size - sizeof(*s)) / 8 + 1) * 8);
	memset(s, 0, sizeof(*s));
	s->offset = c->b[j].off;
	w->arg[0] = c->b[i].off;
	w->arg[1] = c->b[j].off;
	w->vm_ops++;
	madvise(c->win, c->pages * ps, MADV_DONTNEED);
	if (WANT_RC(w, "SIZE with its argument in a buffer",
		    xioctl(w, c->fd, NETBUF_IOC_SIZE, s), OK) &&
	    s->size != c->b[j].size)
		FZ_FAIL(w, "SIZE says %" PRIu64 ", expected %" PRIu64,
			(uint64_t)s->size, c->b[j].size);
	rc_refill(w, c, i);
}

static void r_verify(struct fz *w)
{
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];
	int i;

	if (!c->n)
		return;
	i = (int)rnd(w, (uint64_t)c->n);
	w->arg[0] = c->b[i].off;
	if (rc_check_buf(w, __LINE__, c, i) && chance(w, 2))
		rc_refill(w, c, i);
}

/* Bytes past the size in the last page: a regrow must zero them. */
static void r_slack(struct fz *w)
{
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];
	struct rbuf *b;
	uint64_t end;

	if (!c->n || !rc_writable(c))
		return;
	b = &c->b[rnd(w, (uint64_t)c->n)];
	end = rb_extent(c, b);
	w->arg[0] = b->off;
	if (end > b->size)
		memset(c->win + b->off + b->size, 0xa5, end - b->size);
}

static void r_reopen(struct fz *w)
{
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];

	if (rc_alive(c))
		rc_close(w, c);
	rc_open(w, c);
	w->reopens++;
}

/* Close the descriptor, keep the window: the buffers stay readable. */
static void r_close_mapped(struct fz *w)
{
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];
	int i;

	if (c->fd < 0 || !c->win)
		return;
	close(c->fd);
	c->fd = -1;
	for (i = 0; i < c->n; i++)
		rc_check_buf(w, __LINE__, c, i);
}

/* ---- Raw windows -------------------------------------------------------- */

static void w_munmap(struct fz *w)
{
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];

	if (!c->win)
		return;
	w->vm_ops++;
	if (munmap(c->win, c->pages * ps) < 0) {
		FZ_FAIL(w, "munmap of a whole raw window: %s",
			errno_name(errno));
		return;
	}
	c->win = NULL;
	if (c->fd < 0)		/* the context is gone */
		rc_forget(c);
}

static void w_remap(struct fz *w)
{
	static const int prots[] = {
		PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE, PROT_READ,
		PROT_NONE,
	};
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];
	int err, i, prot = prots[rnd(w, 4)];

	if (c->fd < 0 || c->win)
		return;
	w->vm_ops++;
	c->win = map_window(c->fd, c->pages, prot, MAP_SHARED, 0, &err);
	if (!c->win) {
		FZ_FAIL(w, "mmap of the window again at its first size: %s",
			errno_name(err));
		return;
	}
	c->prot = prot;
	c->vmflags = VMF_MAPPED;
	/* Live buffers kept their offsets and contents. */
	for (i = 0; i < c->n; i++)
		rc_check_buf(w, __LINE__, c, i);
}

/* mmap requests the context refuses, whatever its window's state. */
static void w_mmap_bad(struct fz *w)
{
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];
	uint64_t pages = c->pages;
	int err, want, flags = MAP_SHARED;
	off_t off = 0;
	uint8_t *p;

	if (c->fd < 0)
		return;
	switch (rnd(w, 3)) {
	case 0:
		flags = MAP_PRIVATE;
		want = EINVAL;
		break;
	case 1:
		off = (off_t)(ps * (1 + rnd(w, 4)));
		want = EINVAL;
		break;
	default:	/* a second window, or one of another size */
		pages = c->win ? c->pages : c->pages + 1 + rnd(w, 4);
		want = c->win ? EBUSY : EINVAL;
		break;
	}
	w->arg[0] = (uint64_t)flags;
	w->arg[1] = (uint64_t)off;
	w->arg[2] = pages;
	w->vm_ops++;
	p = map_window(c->fd, pages, PROT_READ | PROT_WRITE, flags, off, &err);
	if (p) {
		FZ_FAIL(w, "a refused mmap succeeded");
		munmap(p, pages * ps);
	} else if (err != want) {
		FZ_FAIL(w, "mmap: expected %s, got %s", errno_name(want),
			errno_name(err));
	}
}

static void w_mprotect(struct fz *w)
{
	static const int prots[] = {
		PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE, PROT_READ,
		PROT_NONE,
	};
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];
	int prot = prots[rnd(w, 4)], i;

	if (!c->win)
		return;
	w->arg[0] = (uint64_t)prot;
	w->vm_ops++;
	if (mprotect(c->win, c->pages * ps, prot) < 0) {
		FZ_FAIL(w, "mprotect of a whole raw window: %s",
			errno_name(errno));
		return;
	}
	c->prot = prot;
	if (!(prot & PROT_READ)) {
		if (probe_read(c->win, NULL) != SIGSEGV)
			FZ_FAIL(w, "a PROT_NONE window did not raise SIGSEGV");
		return;
	}
	for (i = 0; i < c->n; i++)
		rc_check_buf(w, __LINE__, c, i);
	if (!(prot & PROT_WRITE) && c->n && c->b[0].size &&
	    probe_write(c->win + c->b[0].off, 1) != SIGSEGV)
		FZ_FAIL(w, "a write to a read-only window did not fault");
}

/* Splits are refused: partial munmap, mprotect, mremap, MAP_FIXED. */
static int partial(struct fz *w, uint8_t *win, uint64_t pages, int cur_prot,
		   bool *changed)
{
	uint64_t first = rnd(w, pages), n = 1 + rnd(w, pages - first);
	uint8_t *p = win + first * ps;
	int prot, ret;

	if (first == 0 && n == pages)
		n--, first++;	/* never the whole window */
	if (!n)
		return 0;
	p = win + first * ps;
	w->arg[0] = first;
	w->arg[1] = n;
	w->vm_ops++;
	*changed = true;
	switch (rnd(w, 4)) {
	case 0:
		w->arg[2] = 0;
		ret = munmap(p, n * ps);
		break;
	case 1:
		/* Not the window's protection; no PROT_EXEC (noexec). */
		do
			prot = (int[]){ PROT_READ | PROT_WRITE, PROT_READ,
					PROT_NONE }[rnd(w, 3)];
		while (prot == cur_prot);
		w->arg[2] = 1;
		ret = mprotect(p, n * ps, prot);
		break;
	case 2:
		w->arg[2] = 2;
		ret = mremap(win, pages * ps, first * ps, 0) == MAP_FAILED ?
		      -1 : 0;
		if (!first)
			*changed = false;	/* size 0: EINVAL anyway */
		break;
	default:
		w->arg[2] = 3;
		ret = mmap(p, n * ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
			   MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0;
		break;
	}
	if (ret == 0)
		return 0;
	return errno;
}

static void w_partial(struct fz *w)
{
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];
	bool changed = false;
	int err, i;

	if (!c->win || c->pages < 2)
		return;
	err = partial(w, c->win, c->pages, c->prot, &changed);
	if (changed && !err) {
		FZ_FAIL(w, "a partial change of a raw window succeeded");
		/* Nothing can be trusted about this window any more. */
		munmap(c->win, c->pages * ps);
		c->win = NULL;
		c->n = 0;
		return;
	}
	if (changed && err != EINVAL && err != ENOMEM)
		FZ_FAIL(w, "a partial change of a raw window: expected EINVAL, "
			"got %s", errno_name(err));
	for (i = 0; i < c->n; i++)
		rc_check_buf(w, __LINE__, c, i);
}

/* Advice that must leave the data alone (never MADV_HWPOISON and kin). */
static const int advice[] = {
	MADV_DONTNEED, MADV_DONTNEED, MADV_WILLNEED, MADV_NORMAL,
	MADV_RANDOM, MADV_SEQUENTIAL, MADV_DONTFORK, MADV_DOFORK,
	MADV_DONTDUMP, MADV_DODUMP, MADV_REMOVE, MADV_FREE, 18 /* WIPEONFORK */,
	19 /* KEEPONFORK */, 20 /* COLD */, 21 /* PAGEOUT */,
	22 /* POPULATE_READ */, 23 /* POPULATE_WRITE */, MADV_HUGEPAGE,
	MADV_NOHUGEPAGE, MADV_MERGEABLE, MADV_UNMERGEABLE, 25 /* COLLAPSE */,
};
#define NR_ADVICE (sizeof(advice) / sizeof(advice[0]))

/*
 * The flags advice would leave on a window whose tracked flags are f, or -1
 * when the advice is refused whatever the range (MADV_WIPEONFORK: only for
 * private anonymous memory; MADV_DODUMP: not on a VM_MIXEDMAP mapping), or
 * -2 when the fuzzer does not track what it changes (any answer, the data
 * stays).
 */
static bool dofork_refused;	/* set once in main() by t_dofork() */

static int advice_flags(int adv, unsigned int f)
{
	switch (adv) {
	case MADV_DONTNEED:
	case 20:		/* MADV_COLD */
	case MADV_DONTDUMP:	/* VM_DONTDUMP is set at mmap */
		return (int)f;
	case MADV_DONTFORK:
		return (int)(f | VMF_DONTCOPY);
	case MADV_DOFORK:	/* refused on VM_SPECIAL by some kernels */
		return dofork_refused ? -1 : (int)(f & ~VMF_DONTCOPY);
	case 19:		/* MADV_KEEPONFORK */
		return (int)(f & ~VMF_WIPE);
	case MADV_NORMAL:
		return (int)(f & ~(VMF_RAND | VMF_SEQ));
	case MADV_RANDOM:
		return (int)((f & ~VMF_SEQ) | VMF_RAND);
	case MADV_SEQUENTIAL:
		return (int)((f & ~VMF_RAND) | VMF_SEQ);
	case 18:		/* MADV_WIPEONFORK */
	case MADV_DODUMP:
		return -1;
	default:
		return -2;
	}
}

static void w_madvise(struct fz *w)
{
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];
	int adv = advice[rnd(w, NR_ADVICE)], i, ret, err, want, after;
	uint64_t first = 0, n;
	bool part = false;

	if (!c->win)
		return;
	n = c->pages;
	if (chance(w, 3)) {	/* a part: refused, or harmless */
		first = rnd(w, c->pages);
		n = 1 + rnd(w, c->pages - first);
		part = n < c->pages;
	}
	w->arg[0] = (uint64_t)adv;
	w->arg[1] = first;
	w->arg[2] = n;
	w->vm_ops++;
	after = advice_flags(adv, c->vmflags);
	errno = 0;
	ret = madvise(c->win + first * ps, n * ps, adv);
	err = ret < 0 ? errno : 0;
	if (after == -1)
		want = EINVAL;
	else if (after == -2)
		want = -1;	/* not tracked: any answer */
	else if (part && (unsigned int)after != c->vmflags)
		want = EINVAL;	/* would change a flag of a part */
	else
		want = 0;
	if (want >= 0 && err != want)
		FZ_FAIL(w, "madvise(%d) of %s %" PRIu64 "-page window (flags "
			"%#x): expected %s, got %s", adv, part ? "a part of a" :
			"a whole", c->pages, c->vmflags,
			want ? errno_name(want) : "success",
			err ? errno_name(err) : "success");
	if (after >= 0 && !err)
		c->vmflags = (unsigned int)after;
	for (i = 0; i < c->n; i++)
		rc_check_buf(w, __LINE__, c, i);
}

/*
 * The window must not move, grow, shrink or be duplicated: growing it is
 * EFAULT (VM_DONTEXPAND), shrinking or moving it EINVAL.
 */
static int try_mremap(struct fz *w, uint8_t *win, uint64_t pages,
		      bool may_move)
{
	size_t len = pages * ps;
	int want = EINVAL;
	void *p, *to;

	w->vm_ops++;
	/* A 32-bit process has no room set aside for a move's target. */
	if (UINTPTR_MAX != UINT64_MAX)
		may_move = false;
	switch (rnd(w, may_move ? 4 : 3)) {
	case 0:
		w->arg[2] = 0;
		want = EFAULT;
		p = mremap(win, len, len + ps * (1 + rnd(w, 4)),
			   MREMAP_MAYMOVE);
		break;
	case 1:
		w->arg[2] = 1;
		p = mremap(win, len, len - ps * (1 + rnd(w, pages - 1)), 0);
		break;
	case 2:		/* old size 0 duplicates a shared mapping */
		w->arg[2] = 2;
		want = EFAULT;
		p = mremap(win, 0, len, MREMAP_MAYMOVE);
		break;
	default:
		/*
		 * Moved, so that the window's own mremap hook refuses it. The
		 * kernel unmaps the target first: it lies far below where mmap
		 * places anything, one slot per thread, so nothing is there.
		 */
		w->arg[2] = 3;
		to = (void *)(uintptr_t)(0x100000000000ULL +
					 ((uint64_t)w->id << 30));
		p = mremap(win, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, to);
		break;
	}
	if (p == MAP_FAILED) {
		if (errno != want)
			FZ_FAIL(w, "mremap of a window: expected %s, got %s",
				errno_name(want), errno_name(errno));
		return 0;
	}
	FZ_FAIL(w, "mremap of a window succeeded (now at %p)", p);
	return -1;
}

static void w_mremap(struct fz *w)
{
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];
	int i;

	if (!c->win || c->pages < 2)
		return;
	if (try_mremap(w, c->win, c->pages, true) < 0) {
		c->win = NULL;	/* lost track of it: leave it be */
		c->n = 0;
		return;
	}
	for (i = 0; i < c->n; i++)
		rc_check_buf(w, __LINE__, c, i);
}

/* ---- The library -------------------------------------------------------- */

/* Tiny, class edges, small, page and multi-page sizes, large. */
static DWORD lib_size(struct fz *w)
{
	switch (rnd(w, 32)) {
	case 0:
		return 0;
	case 1:
	case 2:
		return (DWORD)(ps * (1 + rnd(w, 3)) + rnd(w, 3) - 1);
	case 3:
		if (chance(w, 32))
			return (DWORD)(1 + rnd(w, 1 << 20));
		return (DWORD)(1 + rnd(w, 64 << 10));
	case 4:
	case 5:
	case 6:
	case 7:
		return (DWORD)(1 + rnd(w, 64));
	case 8:
	case 9:
	case 10:
	case 11:
		return class_edge(w);
	default:
		return (DWORD)(1 + rnd(w, 2048));
	}
}

static bool lib_small(DWORD n)
{
	return n && n <= small_max;
}

/*
 * The bytes a library buffer of n bytes may use: its slot when small (the
 * rest of its window page belongs to its neighbours), else its pages.
 */
static uint64_t lib_extent(DWORD n)
{
	return lib_small(n) ? small_class(n) : npages_of(n) * ps;
}

/* Where a new or moved buffer of n bytes may be: a failure otherwise. */
static bool lib_placed(struct fz *w, int line, const char *call,
		       const uint8_t *p, DWORD n)
{
	bool ok = p && p >= lib_win && p + n <= lib_win + lib_win_size;

	if (ok && lib_small(n))
		ok = (uintptr_t)p % 16 == 0 &&
		     page_offset_of(p) + small_class(n) <= ps;
	else if (ok)
		ok = (uintptr_t)p % ps == 0;
	if (!ok)
		fz_fail(w, line, "%s of %u bytes gave %p", call, n,
			(const void *)p);
	return ok;
}

/*
 * Page-backed buffers only: small ones live in a region of their own at
 * the top of the window, whose pages go round the whole region before
 * any is reused.
 */
static void lib_note_far(const void *p, DWORD n)
{
	if (!lib_small(n) && (const uint8_t *)p > lib_win + lib_win_size / 2)
		atomic_store(&lib_far, 1);
}

static bool lib_check(struct fz *w, int line, int i)
{
	struct lbuf *b = &w->lib[i];
	DWORD got = 0xdeadbeef;

	w->lib_calls++;
	if (!want_status(w, line, "NetApiBufferSize of a live buffer",
			 NetApiBufferSize(b->p, &got), NERR_Success))
		return false;
	if (got != b->size) {
		fz_fail(w, line, "NetApiBufferSize(%p) = %u, expected %u",
			(void *)b->p, got, b->size);
		return false;
	}
	return pat_check(w, line, "library buffer", b->p, 0, b->size, b->seed);
}

/*
 * Whether the window page of a buffer placed when lib_allocs was made has
 * surely not been handed out again: the cursor has not gone round the
 * region since (netbuf(4), small_max). In one round it allocates or skips
 * each pair; it skips only pairs live when the round began, at most every
 * thread's LIB_MAX; LIB_SLACK covers the rest (the first buffer, the top
 * 64 pages of case 2 of lib_bad_pointer()).
 */
#define LIB_SLACK	64
static bool lib_unreused(uint64_t made)
{
	uint64_t pairs = lib_win_size / ps / 8;
	uint64_t used = atomic_load(&lib_allocs) - made;

	return used + (uint64_t)opt_threads * LIB_MAX + LIB_SLACK < pairs;
}

static void lib_drop(struct fz *w, int i)
{
	w->ldead[w->nldead++ % DEAD_MAX] = w->lib[i];
	w->lib[i] = w->lib[--w->nlib];
}

static void l_free(struct fz *w)
{
	uint8_t *p;
	int i;

	if (!w->nlib)
		return;
	i = (int)rnd(w, (uint64_t)w->nlib);
	p = w->lib[i].p;
	w->arg[0] = (uintptr_t)p;
	lib_check(w, __LINE__, i);
	w->lib_calls++;
	WANT_STATUS(w, "NetApiBufferFree of a live buffer",
		    NetApiBufferFree(p), NERR_Success);
	lib_drop(w, i);
	if (chance(w, 8))
		WANT_SIGBUS(w, p, "a freed library buffer");
}

static void l_alloc(struct fz *w)
{
	DWORD n = lib_size(w);
	NET_API_STATUS st;
	uint8_t *p = (uint8_t *)&p;
	uint64_t made;
	int e;

	if (w->nlib == LIB_MAX)
		l_free(w);
	w->arg[0] = n;
	w->lib_calls++;
	errno = 0;
	made = atomic_fetch_add(&lib_allocs, 1);
	st = NetApiBufferAllocate(n, (void **)&p);
	e = errno;
	w->arg[1] = (uintptr_t)p;
	if (!WANT_STATUS(w, "NetApiBufferAllocate", st, NERR_Success)) {
		t_info("errno %s", errno_name(e));
		return;
	}
	if (!lib_placed(w, __LINE__, "NetApiBufferAllocate", p, n))
		return;
	lib_note_far(p, n);
	w->lib[w->nlib] = (struct lbuf){ .p = p, .size = n, .made = made };
	PAT_CHECK(w, "new library buffer", p, 0, lib_extent(n), 0);
	if (n && chance(w, 16))
		WANT_SIGBUS(w, window_page_of(p + n - 1) + ps,
			    "the guard page after a library buffer");
	w->lib[w->nlib].seed = new_seed(w);
	pat_fill(p, n, w->lib[w->nlib].seed);
	w->nlib++;
}

/* Over the per-context limit: 8, *Buffer NULL, errno ENOMEM. */
static void l_alloc_huge(struct fz *w)
{
	static const DWORD huge[] = {
		0xffffffffu, 0xfffff001u, 0x80000000u, 0x40000001u,
	};
	DWORD n = huge[rnd(w, 4)];
	NET_API_STATUS st;
	void *p = &p;

	if (page_round(n) <= max_bytes)
		return;		/* a raised limit: it would succeed */
	w->arg[0] = n;
	w->lib_calls++;
	errno = 0;
	st = NetApiBufferAllocate(n, &p);
	if (WANT_STATUS(w, "NetApiBufferAllocate over max_bytes", st,
			ERROR_NOT_ENOUGH_MEMORY) && (p || errno != ENOMEM))
		FZ_FAIL(w, "a refused allocation left %p, errno %s", p,
			errno_name(errno));
	if (st == NERR_Success)
		NetApiBufferFree(p);
}

static void l_realloc(struct fz *w)
{
	DWORD n, keep;
	NET_API_STATUS st;
	uint64_t made;
	struct lbuf *b;
	uint8_t *q = (uint8_t *)&q;
	int i;

	if (!w->nlib) {
		/* From NULL: an allocation. */
		n = lib_size(w);
		w->arg[0] = 0;
		w->arg[1] = n;
		w->lib_calls++;
		made = atomic_fetch_add(&lib_allocs, 1);
		st = NetApiBufferReallocate(NULL, n, (void **)&q);
		if (!WANT_STATUS(w, "NetApiBufferReallocate(NULL, n)", st,
				 NERR_Success))
			return;
		if (!n) {
			if (q)
				FZ_FAIL(w, "Reallocate(NULL, 0) gave %p",
					(void *)q);
			return;
		}
		w->lib[w->nlib++] = (struct lbuf){ .p = q, .size = n,
						   .made = made };
		PAT_CHECK(w, "new library buffer", q, 0, n, 0);
		return;
	}
	i = (int)rnd(w, (uint64_t)w->nlib);
	b = &w->lib[i];
	n = chance(w, 8) ? 0 : lib_size(w);
	w->arg[0] = (uintptr_t)b->p;
	w->arg[1] = n;
	lib_check(w, __LINE__, i);
	w->lib_calls++;
	made = atomic_fetch_add(&lib_allocs, 1);
	st = NetApiBufferReallocate(b->p, n, (void **)&q);
	w->arg[2] = (uintptr_t)q;
	if (!WANT_STATUS(w, "NetApiBufferReallocate of a live buffer", st,
			 NERR_Success)) {
		lib_check(w, __LINE__, i);	/* still live, unchanged */
		return;
	}
	if (!n) {		/* freed */
		if (q)
			FZ_FAIL(w, "Reallocate(p, 0) gave %p", (void *)q);
		lib_drop(w, i);
		return;
	}
	if (!lib_placed(w, __LINE__, "Reallocate", q, n)) {
		w->lib[i] = w->lib[--w->nlib];
		return;
	}
	lib_note_far(q, n);
	keep = b->size < n ? b->size : n;
	PAT_CHECK(w, "kept part", q, 0, keep, b->seed);
	PAT_CHECK(w, "growth", q, keep, n, 0);
	if (q != b->p) {
		w->ldead[w->nldead++ % DEAD_MAX] = *b;
		b->made = made;
		if (chance(w, 8))
			WANT_SIGBUS(w, b->p, "the old place of a moved buffer");
	}
	b->p = q;
	b->size = n;
	b->seed = new_seed(w);
	pat_fill(q, n, b->seed);
}

static void l_size(struct fz *w)
{
	int i;

	if (!w->nlib)
		return;
	i = (int)rnd(w, (uint64_t)w->nlib);
	w->arg[0] = (uintptr_t)w->lib[i].p;
	lib_check(w, __LINE__, i);
}

/* A pointer that is no live buffer's start in any thread. */
static uint8_t *lib_bad_pointer(struct fz *w, void *heap)
{
	static const uintptr_t odd[] = {
#if UINTPTR_MAX == UINT64_MAX
		0xffff888000000000UL,
#else
		0xc0000123UL,
#endif
		1, 0xfff, UINTPTR_MAX, UINTPTR_MAX & ~(uintptr_t)0xfff,
	};
	struct lbuf *b;

	for (;;) {
		switch (rnd(w, 7)) {
		case 0:		/* interior byte, or interior page */
			if (!w->nlib)
				break;
			b = &w->lib[rnd(w, (uint64_t)w->nlib)];
			if (npages_of(b->size) >= 2 && chance(w, 2))
				return b->p + ps * (1 + rnd(w,
					npages_of(b->size) - 1));
			return b->p + 1 + rnd(w, ps - 1);
		case 1:		/* freed: not reused for long */
			if (!w->nldead || atomic_load(&lib_far))
				break;
			b = &w->ldead[rnd(w, w->nldead < DEAD_MAX ?
					 w->nldead : DEAD_MAX)];
			if (!lib_unreused(b->made))
				break;
			return b->p;
		case 2:		/* never reached by the allocator yet */
			if (atomic_load(&lib_far) || !lib_unreused(0))
				break;
			return lib_win + lib_win_size - ps * (1 + rnd(w, 64));
		case 3:
			return heap;
		case 4:
			return (uint8_t *)w->arg;	/* data, not heap */
		case 5:		/* just outside the window */
			return chance(w, 2) ? lib_win - ps :
					      lib_win + lib_win_size;
		default:
			return (uint8_t *)odd[rnd(w, sizeof(odd) /
						     sizeof(odd[0]))];
		}
	}
}

/* Free, Size and Reallocate all refuse it alike: 87, errno kept. */
static void l_badptr(struct fz *w)
{
	uint8_t *heap = malloc(64), *p = lib_bad_pointer(w, heap);
	NET_API_STATUS st;
	DWORD cnt = 0xa5a5a5a5u;
	void *q = &q;
	int e;

	w->arg[0] = (uintptr_t)p;
	w->lib_calls++;
	errno = ERRNO_SENTINEL;
	switch (rnd(w, 4)) {
	case 0:
		st = NetApiBufferFree(p);
		break;
	case 1:
		st = NetApiBufferSize(p, &cnt);
		break;
	case 2:
		w->arg[1] = 1 + rnd(w, 100);
		w->arg[2] = 1;
		st = NetApiBufferReallocate(p, (DWORD)w->arg[1], &q);
		break;
	default:
		w->arg[2] = 1;
		st = NetApiBufferReallocate(p, 0, &q);
		break;
	}
	e = errno;
	/* Reallocate sets *NewBuffer to NULL; Free and Size touch nothing. */
	if (WANT_STATUS(w, "a call with a pointer that is not live", st,
			ERROR_INVALID_PARAMETER) &&
	    (e != ERRNO_SENTINEL || cnt != 0xa5a5a5a5u ||
	     q != (w->arg[2] ? NULL : (void *)&q)))
		FZ_FAIL(w, "a refused call changed errno (%s), the count (%#x) "
			"or the out-pointer (%p)", errno_name(e), cnt, q);
	free(heap);
}

/* NULL out-pointers: 87, nothing done, errno kept. */
static void l_nullout(struct fz *w)
{
	int i = w->nlib ? (int)rnd(w, (uint64_t)w->nlib) : -1;
	uint8_t *p = i >= 0 ? w->lib[i].p : NULL;
	NET_API_STATUS st;
	DWORD n = lib_size(w);
	int k = (int)rnd(w, 3), e;

	w->arg[0] = (uint64_t)k;
	w->arg[1] = (uintptr_t)p;
	w->lib_calls++;
	errno = ERRNO_SENTINEL;
	if (k == 0)
		st = NetApiBufferAllocate(n, NULL);
	else if (k == 1)
		st = NetApiBufferSize(p, NULL);
	else
		st = NetApiBufferReallocate(p, n, NULL);
	e = errno;
	if (WANT_STATUS(w, "a call with a NULL out-pointer", st,
			ERROR_INVALID_PARAMETER) && e != ERRNO_SENTINEL)
		FZ_FAIL(w, "a refused call changed errno to %s", errno_name(e));
	if (i >= 0)
		lib_check(w, __LINE__, i);	/* unchanged */
}

static void l_verify(struct fz *w)
{
	int i;

	if (!w->nlib)
		return;
	i = (int)rnd(w, (uint64_t)w->nlib);
	w->arg[0] = (uintptr_t)w->lib[i].p;
	/* The data always; the size (a system call) now and then. */
	if ((chance(w, 4) ? lib_check(w, __LINE__, i) :
	     PAT_CHECK(w, "library buffer", w->lib[i].p, 0, w->lib[i].size,
		       w->lib[i].seed)) && chance(w, 2)) {
		w->lib[i].seed = new_seed(w);
		pat_fill(w->lib[i].p, w->lib[i].size, w->lib[i].seed);
	}
}

static void l_slack(struct fz *w)
{
	struct lbuf *b;
	uint64_t end;

	if (!w->nlib)
		return;
	b = &w->lib[rnd(w, (uint64_t)w->nlib)];
	end = lib_extent(b->size);
	w->arg[0] = (uintptr_t)b->p;
	if (end > b->size)
		memset(b->p + b->size, 0x5a, end - b->size);
}

/* ---- The library's window and processes --------------------------------- */

/* Any advice over the whole window: the data stays. */
static void lw_madvise(struct fz *w)
{
	int adv = advice[rnd(w, NR_ADVICE)];

	w->arg[0] = (uint64_t)adv;
	w->vm_ops++;
	madvise(lib_win, lib_win_size, adv);
	if (adv == MADV_DOFORK || adv == 19) {
		/* Back to the library's defaults; forks cope either way. */
		w->vm_ops++;
		madvise(lib_win, lib_win_size, adv == 19 ? 18 : MADV_DONTFORK);
	}
	if (w->nlib)
		lib_check(w, __LINE__, (int)rnd(w, (uint64_t)w->nlib));
}

static void lw_partial(struct fz *w)
{
	bool changed = false;
	int err;

	/* Only the first 1024 pages: whole-window sized loops are slow. */
	err = partial(w, lib_win, lib_win_size / ps < 1024 ? lib_win_size / ps :
		      1024, PROT_READ | PROT_WRITE, &changed);
	if (changed && !err)
		FATAL("seed %" PRIu64 " thread %d op %" PRIu64 ": a partial "
		      "change of the library's window succeeded (%#" PRIx64
		      " pages at page %#" PRIx64 ", kind %" PRIu64 ")",
		      opt_seed, w->id, w->op, w->arg[1], w->arg[0], w->arg[2]);
	if (changed && err != EINVAL && err != ENOMEM)
		FZ_FAIL(w, "a partial change of the library's window: expected "
			"EINVAL, got %s", errno_name(err));
	if (w->nlib)
		lib_check(w, __LINE__, (int)rnd(w, (uint64_t)w->nlib));
}

static void lw_mremap(struct fz *w)
{
	/* Not moved: moving a 64 GiB window's page tables is slow. */
	if (try_mremap(w, lib_win, lib_win_size / ps, false) < 0)
		FATAL("seed %" PRIu64 ": the library's window moved",
		      opt_seed);
	if (w->nlib)
		lib_check(w, __LINE__, (int)rnd(w, (uint64_t)w->nlib));
}

/*
 * The child reports with write(2): another thread of the parent may have
 * held the stdio lock when it forked.
 */
T_PRINTF(1, 2)
static int child_fail(const char *fmt, ...)
{
	char buf[384];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "FAIL fuzz child %d (seed %" PRIu64
		     "): ", (int)getpid(), opt_seed);
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
		_exit(T_FAIL);
	return 1;
}

/*
 * In the child: the parent's buffers and contexts give it nothing. With
 * the atfork handlers (full) it also gets a context of its own; after a
 * raw fork only calls that allocate nothing in user space are safe.
 */
static int child_checks(uint8_t *lib_p, int raw_fd, uint8_t *raw_p, bool full)
{
	struct netbuf_info info;
	DWORD cnt = 7;
	void *q;
	int bad = 0;

	alarm(60);
	if (lib_p && !probe_read(lib_p, NULL))
		bad += child_fail("the parent's buffer %p reads",
				  (void *)lib_p);
	if (raw_p && !probe_read(raw_p, NULL))
		bad += child_fail("the parent's raw window %p reads",
				  (void *)raw_p);
	if (raw_fd >= 0) {
		memset(&info, 0, sizeof(info));
		if (ioctl(raw_fd, NETBUF_IOC_INFO, &info) == 0 ||
		    errno != EPERM)
			bad += child_fail("INFO on the parent's context: %s",
					  errno_name(errno));
		if (ioctl(raw_fd, NETBUF_IOC_ALLOC,
			  &(struct netbuf_alloc){ .size = 1 }) == 0 ||
		    errno != EPERM)
			bad += child_fail("ALLOC on the parent's context: %s",
					  errno_name(errno));
	}
	if (lib_p &&
	    (NetApiBufferFree(lib_p) != ERROR_INVALID_PARAMETER ||
	     NetApiBufferSize(lib_p, &cnt) != ERROR_INVALID_PARAMETER ||
	     cnt != 7))
		bad += child_fail("the parent's buffer %p is live in the child",
				  (void *)lib_p);
	if (full &&
	    (NetApiBufferAllocate(100, &q) != NERR_Success ||
	     NetApiBufferSize(q, &cnt) != NERR_Success || cnt != 100 ||
	     NetApiBufferFree(q) != NERR_Success))
		bad += child_fail("the child's own buffer (errno %s)",
				  errno_name(errno));
	return bad ? T_FAIL : T_PASS;
}

static void lw_fork(struct fz *w)
{
	uint8_t *lib_p = w->nlib ? w->lib[rnd(w, (uint64_t)w->nlib)].p : NULL;
	struct rctx *c = &w->rc[rnd(w, NR_RAW)];
	uint8_t *raw_p = c->win && c->n ? c->win + c->b[0].off : NULL;
	int kind = (int)rnd(w, 4), status;
	bool raw = kind >= 2, quick = kind % 2 == 0;
	char buf[64];
	pid_t pid;

	if (raw_p && !c->b[0].size)
		raw_p = NULL;
	w->arg[0] = (uint64_t)kind;
	w->forks++;
	/* One fork at a time: a raw fork must not copy an atfork lock held. */
	pthread_mutex_lock(&fork_lock);
	fflush(stdout);
	pid = raw ? (pid_t)syscall(SYS_fork) : fork();
	if (pid == 0) {
		if (quick)
			_exit(T_PASS);
		_exit(child_checks(lib_p, c->fd, raw_p, !raw));
	}
	pthread_mutex_unlock(&fork_lock);
	if (pid < 0) {
		FZ_FAIL(w, "fork: %s", errno_name(errno));
		return;
	}
	w->arg[1] = (uint64_t)pid;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			FZ_FAIL(w, "waitpid: %s", errno_name(errno));
			return;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != T_PASS)
		FZ_FAIL(w, "child: %s", wait_status_str(status, buf,
							sizeof(buf)));
	if (w->nlib)
		lib_check(w, __LINE__, (int)rnd(w, (uint64_t)w->nlib));
}

/* ---- Threads ------------------------------------------------------------ */

static void (*const handlers[NR_OPS])(struct fz *w) = {
	[R_ALLOC] = r_alloc, [R_REALLOC] = r_realloc, [R_SIZE] = r_size,
	[R_FREE] = r_free, [R_INFO] = r_info, [R_BADOFF] = r_badoff,
	[R_BADFIELD] = r_badfield, [R_BADCMD] = r_badcmd,
	[R_BADPTR] = r_badptr, [R_ROARG] = r_roarg,
	[R_ARG_IN_BUF] = r_arg_in_buf, [R_VERIFY] = r_verify,
	[R_SLACK] = r_slack, [R_REOPEN] = r_reopen,
	[R_CLOSE_MAPPED] = r_close_mapped, [R_GROW] = r_grow,
	[R_WHATIS] = r_whatis,
	[W_MUNMAP] = w_munmap, [W_REMAP] = w_remap, [W_MMAP_BAD] = w_mmap_bad,
	[W_MPROTECT] = w_mprotect, [W_PARTIAL] = w_partial,
	[W_MADVISE] = w_madvise, [W_MREMAP] = w_mremap,
	[L_ALLOC] = l_alloc, [L_ALLOC_HUGE] = l_alloc_huge, [L_FREE] = l_free,
	[L_REALLOC] = l_realloc, [L_SIZE] = l_size, [L_BADPTR] = l_badptr,
	[L_NULLOUT] = l_nullout, [L_VERIFY] = l_verify, [L_SLACK] = l_slack,
	[LW_MADVISE] = lw_madvise, [LW_PARTIAL] = lw_partial,
	[LW_MREMAP] = lw_mremap, [LW_FORK] = lw_fork,
};

static enum op pick_op(struct fz *w)
{
	const unsigned int *wt = weights[w->role];
	uint64_t x = rnd(w, w->wtotal);
	int i;

	for (i = 0; i < NR_OPS - 1; i++) {
		if (x < wt[i])
			break;
		x -= wt[i];
	}
	return (enum op)i;
}

/* Everything this thread holds, verified, then freed or closed. */
static void cleanup(struct fz *w)
{
	int i;

	memset(w->arg, 0, sizeof(w->arg));
	while (w->nlib) {
		w->cur = L_FREE;
		lib_check(w, __LINE__, 0);
		if (NetApiBufferFree(w->lib[0].p) != NERR_Success)
			FZ_FAIL(w, "Free of a live buffer at the end");
		w->lib[0] = w->lib[--w->nlib];
	}
	for (i = 0; i < NR_RAW; i++) {
		w->cur = R_REOPEN;
		if (rc_alive(&w->rc[i]))
			rc_close(w, &w->rc[i]);
	}
}

static void *fuzz_thread(void *arg)
{
	struct fz *w = arg;
	uint64_t tenth = w->nops / 10 ? w->nops / 10 : 1;
	int i;

	for (i = 0; i < NR_OPS; i++)
		w->wtotal += weights[w->role][i];
	pthread_barrier_wait(&start_line);
	for (w->op = 0; w->op < w->nops && !atomic_load(&stop); w->op++) {
		w->cur = pick_op(w);
		memset(w->arg, 0, sizeof(w->arg));
		if (opt_profile) {
			struct timespec a, b;

			clock_gettime(CLOCK_MONOTONIC, &a);
			handlers[w->cur](w);
			clock_gettime(CLOCK_MONOTONIC, &b);
			w->prof_n[w->cur]++;
			w->prof_ns[w->cur] +=
				(uint64_t)(b.tv_sec - a.tv_sec) * 1000000000 +
				(uint64_t)b.tv_nsec - (uint64_t)a.tv_nsec;
		} else {
			handlers[w->cur](w);
		}
		if (w->id == 0 && (w->op + 1) % tenth == 0)
			t_info("thread 0: %" PRIu64 " of %" PRIu64
			       " operations", w->op + 1, w->nops);
	}
	cleanup(w);
	return NULL;
}

/* The library's window: the mapping that holds its first buffer. */
static void find_library_window(void)
{
	uintptr_t lo = 0, hi = 0;
	void *p;

	atomic_fetch_add(&lib_allocs, 1);
	if (NetApiBufferAllocate(1, &p) != NERR_Success)
		FATAL("NetApiBufferAllocate(1): %s (is the module loaded?)",
		      errno_name(errno));
	if (maps_count(p, 1, &lo, &hi) != 1)
		FATAL("no mapping holds the library's buffer %p", p);
	lib_win = (uint8_t *)lo;
	lib_win_size = hi - lo;
	REQUIRE(NetApiBufferFree(p) == NERR_Success);
	t_info("library window %p, %zu MiB", (void *)lib_win,
	       lib_win_size >> 20);
}

static uint64_t num_arg(const char *name, const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		FATAL("%s: not a number: '%s'", name, s);
	return v;
}

static void parse_args(int argc, char **argv)
{
	const char *env;
	int i;

	opt_ops = 20000;
	if ((env = getenv("netbuf_fuzz_ops")) && *env)
		opt_ops = num_arg("netbuf_fuzz_ops", env);
	if ((env = getenv("netbuf_fuzz_threads")) && *env)
		opt_threads = (unsigned int)num_arg("netbuf_fuzz_threads", env);
	if ((env = getenv("netbuf_fuzz_seed")) && *env)
		opt_seed = num_arg("netbuf_fuzz_seed", env);
	for (i = 1; i < argc; i++) {
		if (i + 1 < argc && !strcmp(argv[i], "--ops"))
			opt_ops = num_arg("--ops", argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "--seed"))
			opt_seed = num_arg("--seed", argv[++i]);
		else if (!strcmp(argv[i], "--profile"))
			opt_profile = true;
		else if (i + 1 < argc && !strcmp(argv[i], "--threads"))
			opt_threads = (unsigned int)num_arg("--threads",
							    argv[++i]);
		else
			FATAL("usage: fuzz [--ops N] [--seed S] [--threads T]"
			      " [--profile]"
			      " (unknown '%s')", argv[i]);
	}
	if (opt_threads < 1 || opt_threads > MAX_THREADS)
		FATAL("--threads must be 1 to %d", MAX_THREADS);
	if (!opt_seed)
		opt_seed = t_seed();
}

int main(int argc, char **argv)
{
	unsigned long ioctls = 0, lib_calls = 0, vm_ops = 0, forks = 0;
	unsigned long reopens = 0;
	uint64_t buffers, ops = 0, start, shares = 0, assigned = 0;
	const char *tmo = getenv("netbuf_test_timeout");
	unsigned int timeout = tmo ? (unsigned int)strtoul(tmo, NULL, 10) : 0;
	unsigned int i;
	int rc, shown, failed;

	/* Under the harness, fail with a message just before it kills us. */
	t_init(argv[0], timeout > 10 ? timeout - 5 : timeout);
	parse_args(argc, argv);
	ps = page_size();
	max_bytes = param_get(PARAM_MAX_BYTES);
	small_max = param_get(PARAM_SMALL_MAX);
	if (small_max > SMALL_MAX_DEFAULT)
		small_max = SMALL_MAX_DEFAULT;	/* the largest class */
	printf("# fuzz: seed %" PRIu64 ", %" PRIu64 " operations, %u threads\n",
	       opt_seed, opt_ops, opt_threads);
	replay_hint();
	find_library_window();
	{
		/* What the kernel answers MADV_DOFORK on a raw window. */
		struct raw_ctx probe;

		raw_open(&probe, 4 * ps);
		dofork_refused = t_dofork(probe.win, probe.size) != 0;
		raw_close(&probe);
	}
	buffers = counter_read(SYSFS_BUFFERS);

	for (i = 0; i < opt_threads; i++)
		shares += role_share[i % NR_ROLES];
	pthread_barrier_init(&start_line, NULL, opt_threads);
	for (i = 0; i < opt_threads; i++) {
		struct fz *w = &fzs[i];
		uint8_t *s;
		int j;

		w->id = (int)i;
		w->role = (enum role)(i % NR_ROLES);
		/* splitmix-style: distinct non-zero streams per thread */
		w->rng = (opt_seed + (i + 1) * 0x9e3779b97f4a7c15ULL) *
			 0xbf58476d1ce4e5b9ULL | 1;
		w->nops = opt_ops * role_share[w->role] / shares;
		assigned += w->nops;
		for (j = 0; j < NR_RAW; j++)
			w->rc[j].fd = -1;
		s = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		REQUIRE(s != MAP_FAILED);
		REQUIRE(munmap(s + ps, ps) == 0);
		REQUIRE(mprotect(s + 2 * ps, ps, PROT_READ) == 0);
		REQUIRE(mprotect(s + 3 * ps, ps, PROT_NONE) == 0);
		w->scratch = s;
	}
	fzs[0].nops += opt_ops - assigned;	/* what division left over */
	start = now_ms();
	for (i = 0; i < opt_threads; i++) {
		rc = pthread_create(&fzs[i].thread, NULL, fuzz_thread, &fzs[i]);
		if (rc)
			FATAL("pthread_create: %s", errno_name(rc));
	}
	for (i = 0; i < opt_threads; i++) {
		struct fz *w = &fzs[i];

		pthread_join(w->thread, NULL);
		ops += w->op;
		ioctls += w->ioctls;
		lib_calls += w->lib_calls;
		vm_ops += w->vm_ops;
		forks += w->forks;
		reopens += w->reopens;
	}
	t_info("%" PRIu64 " operations in %.1f s", ops,
	       (double)(now_ms() - start) / 1000);
	for (i = 0; opt_profile && i < NR_OPS; i++) {
		uint64_t n = 0, ns = 0;
		unsigned int j;

		for (j = 0; j < opt_threads; j++) {
			n += fzs[j].prof_n[i];
			ns += fzs[j].prof_ns[i];
		}
		if (n)
			t_info("%-14s %8" PRIu64 " ops %8.1f us each %6.2f s",
			       op_name[i], n, (double)ns / (double)n / 1000,
			       (double)ns / 1e9);
	}
	if (ops < opt_ops)
		FAIL("stopped after %" PRIu64 " of %" PRIu64 " operations: "
		     "too many failures", ops, opt_ops);
	shown = atomic_load(&nfail);
	if (shown > SHOWN_MAX)
		FAIL("%d more failures not shown", shown - SHOWN_MAX);
	/* Everything was freed or closed: nothing of ours is left. */
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers);
	if (t_failures())
		replay_hint();
	/* Every failed check, shown or not; not the lines about them. */
	failed = t_failures() + nfail -
		 (shown < SHOWN_MAX ? shown : SHOWN_MAX) - (shown > SHOWN_MAX);
	printf("netbuf-summary fuzz ops=%" PRIu64 " seed=%" PRIu64
	       " threads=%u ioctls=%lu lib_calls=%lu vm_ops=%lu forks=%lu"
	       " reopens=%lu failures=%d\n", ops, opt_seed, opt_threads,
	       ioctls, lib_calls, vm_ops, forks, reopens, failed);
	return t_done();
}
