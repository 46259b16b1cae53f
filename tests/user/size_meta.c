// SPDX-License-Identifier: GPL-2.0
/*
 * NetApiBufferSize from the read-only metadata (ABI 5): the entries the
 * module writes for page-backed, small and size-0 buffers, and none for
 * guard pages, later pages, freed buffers; the mapping can be neither
 * written, made writable, moved, split nor seen by a forked child; the
 * library answers every kind of pointer as the contract says, live starts
 * with no system call at all once the first Size has mapped the metadata
 * (one mmap; counted with ptrace, and the buffers allocated before it
 * have their entries), and a Size racing with Free and Reallocate in
 * another thread gets a valid answer only. The module keeps metadata
 * only while it is mapped: none before, its pages gone after.
 */
#define _FILE_OFFSET_BITS 64

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define WIN		(16ULL << 20)
#define K		64
#define RACE_ROUNDS	4000

struct meta {
	struct raw_ctx c;
	const uint64_t *m;
	size_t bytes;
};

static uint64_t entry_at(const struct meta *t, uint64_t off)
{
	return __atomic_load_n(&t->m[off / page_size()], __ATOMIC_RELAXED);
}

static uint64_t want_entry(uint64_t off, uint64_t size)
{
	return size << NETBUF_META_SIZE_SHIFT | (off & (page_size() - 1)) |
	       NETBUF_META_VALID;
}

static void *meta_mmap(int fd, size_t len, int prot, int flags)
{
	return mmap(NULL, len, prot, flags, fd, (off_t)NETBUF_META_OFFSET);
}

static void meta_open(struct meta *t)
{
	struct netbuf_info in = { 0 };
	void *p;

	raw_open(&t->c, WIN);
	REQUIRE(raw_info(t->c.fd, &in) == 0);
	if (in.meta_offset != NETBUF_META_OFFSET)
		FATAL("INFO: meta_offset %llu, want %llu: module without metadata",
		      (unsigned long long)in.meta_offset,
		      (unsigned long long)NETBUF_META_OFFSET);
	t->bytes = netbuf_meta_bytes_of(WIN, page_size());
	p = meta_mmap(t->c.fd, t->bytes, PROT_READ, MAP_SHARED);
	if (p == MAP_FAILED)
		FATAL("mmap of the metadata: %s", errno_name(errno));
	t->m = p;
}

/* A buffer placed to end at its guard page starts inside its page. */
static void guard_end(struct meta *t)
{
	const uint64_t ps = page_size();
	struct netbuf_alloc a = { .size = 100,
				  .flags = NETBUF_ALLOC_GUARD_END };
	struct netbuf_realloc r = { .size = 110,
				    .flags = NETBUF_REALLOC_GUARD_END };

	REQUIRE(raw_ioctl(t->c.fd, NETBUF_IOC_ALLOC, &a) == 0);
	EXPECT_EQ(a.offset & (ps - 1), ps - 112);
	EXPECT_EQ(entry_at(t, a.offset), want_entry(a.offset, 100));
	/* Same 16-byte rounding: in place, the entry rewritten. */
	r.offset = a.offset;
	REQUIRE(raw_ioctl(t->c.fd, NETBUF_IOC_REALLOC, &r) == 0);
	EXPECT_EQ(r.new_offset, a.offset);
	EXPECT_EQ(entry_at(t, a.offset), want_entry(a.offset, 110));
	EXPECT_EQ(raw_free(t->c.fd, a.offset), 0);
	EXPECT_EQ(entry_at(t, a.offset), 0);
}

/* What the module writes, and clears, for each kind of buffer. */
static void entries(struct meta *t)
{
	const uint64_t ps = page_size();
	uint64_t pg, pg2, zero, small, moved;

	REQUIRE(raw_alloc(t->c.fd, 5000, &pg) == 0);
	REQUIRE(raw_alloc(t->c.fd, 0, &zero) == 0);
	REQUIRE(raw_alloc(t->c.fd, 100, &small) == 0);
	EXPECT_EQ(entry_at(t, pg), want_entry(pg, 5000));
	EXPECT_EQ(entry_at(t, pg + ps), 0);		/* second page */
	EXPECT_EQ(entry_at(t, pg + 2 * ps), 0);		/* guard page */
	EXPECT_EQ(entry_at(t, zero), want_entry(zero, 0));
	EXPECT_EQ(entry_at(t, small), want_entry(small, 100));
	EXPECT_EQ(entry_at(t, small + ps), 0);
	CHECK(fdinfo_value(t->c.fd, "netbuf-meta-pages") >= 1);

	/* In place, then moving: the old start's entry goes. */
	REQUIRE(raw_realloc(t->c.fd, pg, 6000, &pg2) == 0);
	EXPECT_EQ(pg2, pg);
	EXPECT_EQ(entry_at(t, pg), want_entry(pg, 6000));
	REQUIRE(raw_realloc(t->c.fd, pg, 5 * ps, &moved) == 0);
	CHECK(moved != pg);
	EXPECT_EQ(entry_at(t, pg), 0);
	EXPECT_EQ(entry_at(t, moved), want_entry(moved, 5 * ps));
	REQUIRE(raw_realloc(t->c.fd, small, 110, &pg2) == 0);
	EXPECT_EQ(entry_at(t, small), want_entry(small, 110));

	guard_end(t);

	/* madvise() drops the pages of the mapping; faults bring them back. */
	EXPECT_SYS_OK(madvise((void *)t->m, t->bytes, MADV_DONTNEED));
	EXPECT_EQ(entry_at(t, moved), want_entry(moved, 5 * ps));

	EXPECT_EQ(raw_free(t->c.fd, moved), 0);
	EXPECT_EQ(raw_free(t->c.fd, zero), 0);
	EXPECT_EQ(raw_free(t->c.fd, small), 0);
	EXPECT_EQ(entry_at(t, moved), 0);
	EXPECT_EQ(entry_at(t, zero), 0);
	EXPECT_EQ(entry_at(t, small), 0);
	/* Empty pages go back, but for one kept against churn. */
	CHECK(fdinfo_value(t->c.fd, "netbuf-meta-pages") <= 1);
}

/*
 * Buffers allocated before the metadata is mapped: no page, no entry yet;
 * the mapping brings the entries of every live buffer; unmapping it gives
 * its pages back; mapping it again writes them again.
 */
static void only_while_mapped(void)
{
	const uint64_t ps = page_size();
	uint64_t pg, zero, small, gone, later, unmapped = 0;
	struct meta t;
	int round;

	raw_open(&t.c, WIN);
	t.bytes = netbuf_meta_bytes_of(WIN, ps);
	REQUIRE(raw_alloc(t.c.fd, 5000, &pg) == 0);
	REQUIRE(raw_alloc(t.c.fd, 0, &zero) == 0);
	REQUIRE(raw_alloc(t.c.fd, 100, &small) == 0);
	REQUIRE(raw_alloc(t.c.fd, ps, &gone) == 0);
	EXPECT_EQ(raw_free(t.c.fd, gone), 0);
	EXPECT_EQ(fdinfo_value(t.c.fd, "netbuf-meta-pages"), 0);
	for (round = 0; round < 2; round++) {
		t.m = meta_mmap(t.c.fd, t.bytes, PROT_READ, MAP_SHARED);
		if (t.m == MAP_FAILED)
			FATAL("mmap of the metadata: %s", errno_name(errno));
		CHECK(fdinfo_value(t.c.fd, "netbuf-meta-pages") >= 1);
		EXPECT_EQ(entry_at(&t, pg), want_entry(pg, 5000));
		EXPECT_EQ(entry_at(&t, pg + ps), 0);
		EXPECT_EQ(entry_at(&t, zero), want_entry(zero, 0));
		EXPECT_EQ(entry_at(&t, small), want_entry(small, 100));
		EXPECT_EQ(entry_at(&t, gone), 0);
		if (unmapped)
			EXPECT_EQ(entry_at(&t, unmapped),
				  want_entry(unmapped, 3 * ps));
		/* Kept while mapped. */
		REQUIRE(raw_alloc(t.c.fd, 2 * ps, &later) == 0);
		EXPECT_EQ(entry_at(&t, later), want_entry(later, 2 * ps));
		EXPECT_EQ(raw_free(t.c.fd, later), 0);
		EXPECT_EQ(entry_at(&t, later), 0);
		EXPECT_SYS_OK(munmap((void *)t.m, t.bytes));
		EXPECT_EQ(fdinfo_value(t.c.fd, "netbuf-meta-pages"), 0);
		/* Not mapped: a new buffer makes no page. */
		if (!unmapped)
			REQUIRE(raw_alloc(t.c.fd, 3 * ps, &unmapped) == 0);
		EXPECT_EQ(fdinfo_value(t.c.fd, "netbuf-meta-pages"), 0);
	}
	raw_close(&t.c);
}

static int child_reads(void *arg)
{
	const uint64_t *m = arg;

	return t_expect_probe(__FILE__, __LINE__, "child read", m,
			      probe_read(m, NULL), SIGBUS, SIGSEGV) ?
	       T_PASS : T_FAIL;
}

/* Read-only for good, one VMA that cannot move, nothing in a child. */
static void protection(struct meta *t)
{
	const size_t ps = page_size();
	void *m = (void *)t->m, *p;
	struct raw_ctx fresh;

	EXPECT_WRITE_FAULTS(m, 1);
	EXPECT_SYS_ERR(mprotect(m, t->bytes, PROT_READ | PROT_WRITE), EACCES);
	EXPECT_SYS_ERR(mprotect(m, t->bytes, PROT_READ | PROT_EXEC), EACCES);
	EXPECT_PTR(mremap(m, t->bytes, 2 * t->bytes, MREMAP_MAYMOVE),
		  MAP_FAILED);
	EXPECT_PTR(mremap(m, t->bytes, ps, 0), MAP_FAILED);
	EXPECT_SYS_ERR(munmap(m, ps), EINVAL);
	EXPECT_WRITE_FAULTS(m, 1);

	EXPECT_PTR(meta_mmap(t->c.fd, t->bytes, PROT_READ, MAP_SHARED),
		  MAP_FAILED);
	EXPECT_EQ(errno, EBUSY);
	EXPECT_PTR(meta_mmap(t->c.fd, t->bytes, PROT_READ | PROT_WRITE,
			    MAP_SHARED), MAP_FAILED);
	EXPECT_EQ(errno, EPERM);
	EXPECT_PTR(meta_mmap(t->c.fd, t->bytes, PROT_READ, MAP_PRIVATE),
		  MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);

	/* The child gets no copy; with MADV_DOFORK, a copy that faults. */
	EXPECT_EXIT(run_child(child_reads, m), T_PASS);
	if (madvise(m, t->bytes, MADV_DOFORK) == 0) {
		EXPECT_SYS_OK(madvise(m, t->bytes, MADV_KEEPONFORK));
		EXPECT_EXIT(run_child(child_reads, m), T_PASS);
	} else {
		/* 7.2 refuses it (as for the window): nothing to inherit. */
		t_info("MADV_DOFORK refused with %s: nothing to inherit",
		       errno_name(errno));
	}

	/* Mapped again after munmap, at its one size only. */
	EXPECT_SYS_OK(munmap(m, t->bytes));
	EXPECT_PTR(meta_mmap(t->c.fd, t->bytes + ps, PROT_READ, MAP_SHARED),
		  MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);
	p = meta_mmap(t->c.fd, t->bytes, PROT_READ, MAP_SHARED);
	REQUIRE(p != MAP_FAILED);
	t->m = p;

	/* Before the window there is nothing to size it by. */
	fresh.fd = dev_open();
	EXPECT_PTR(meta_mmap(fresh.fd, t->bytes, PROT_READ, MAP_SHARED),
		  MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);
	close(fresh.fd);
}

/* Every kind of pointer the contract names, through the library. */
static void contract(void)
{
	static const DWORD sizes[] = { 0, 1, 16, 100, 2048, 2049, 4096, 5000,
				       1 << 20 };
	char stack[32], *heap = malloc(64);
	DWORD n, i;
	void *p;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		REQUIRE(NetApiBufferAllocate(sizes[i], &p) == NERR_Success);
		n = 7;
		EXPECT_STATUS(NetApiBufferSize(p, &n), NERR_Success);
		EXPECT_EQ(n, sizes[i]);
		n = 7;
		EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize((char *)p + 16, &n),
					  ERROR_INVALID_PARAMETER);
		EXPECT_STATUS_KEEPS_ERRNO(
			NetApiBufferSize((char *)p + page_size(), &n),
			ERROR_INVALID_PARAMETER);
		EXPECT_STATUS_KEEPS_ERRNO(
			NetApiBufferSize((char *)p + page_round(sizes[i]) +
					 page_size(), &n),
			ERROR_INVALID_PARAMETER);
		EXPECT_STATUS(NetApiBufferSize(p, NULL),
			      ERROR_INVALID_PARAMETER);
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
		EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(p, &n),
					  ERROR_INVALID_PARAMETER);
		EXPECT_EQ(n, 7);
	}
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(stack, &n),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(heap, &n),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(NULL, &n),
				  ERROR_INVALID_PARAMETER);
	EXPECT_EQ(n, 7);
	free(heap);
}

static void mark(void)
{
	syscall(SYS_getppid);
}

/*
 * Traced: the first Size (it maps the metadata) between the first two
 * marks, then K Sizes of each kind of live buffer, all allocated before
 * the metadata was mapped, between the second and the third.
 */
static int tracee(void *arg)
{
	static const DWORD sizes[] = { 0, 100, 5000 };
	NET_API_STATUS bad = 0;
	void *p[3][K];
	DWORD n;
	int i, k;

	(void)arg;
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		_exit(T_SKIP);
	raise(SIGSTOP);
	for (k = 0; k < 3; k++)
		for (i = 0; i < K; i++)
			bad |= NetApiBufferAllocate(sizes[k], &p[k][i]);
	mark();
	bad |= NetApiBufferSize(p[2][K - 1], &n) || n != sizes[2];
	mark();
	for (k = 0; k < 3; k++)
		for (i = 0; i < K; i++)
			bad |= NetApiBufferSize(p[k][i], &n) ||
			       n != sizes[k];
	mark();
	_exit(bad ? T_FAIL : T_PASS);
}

static void no_system_calls(void)
{
	struct __ptrace_syscall_info info;
	unsigned long calls = 0, last = 0, first = 0, first_nr = 0;
	int status, marks = 0, sig = 0;
	pid_t pid = start_child(tracee, NULL);

	status = wait_child(pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("PTRACE_TRACEME refused");
	REQUIRE(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	REQUIRE(ptrace(PTRACE_SETOPTIONS, pid, NULL,
		       (void *)(PTRACE_O_TRACESYSGOOD |
				PTRACE_O_EXITKILL)) == 0);
	for (;;) {
		REQUIRE(ptrace(PTRACE_SYSCALL, pid, NULL,
			       (void *)(long)sig) == 0);
		status = wait_child(pid);
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		sig = WSTOPSIG(status) == (SIGTRAP | 0x80) ? 0 :
							      WSTOPSIG(status);
		if (sig || ptrace(PTRACE_GET_SYSCALL_INFO, pid,
				  (void *)sizeof(info), &info) <= 0 ||
		    info.op != PTRACE_SYSCALL_INFO_ENTRY)
			continue;
		if (info.entry.nr == SYS_getppid)
			marks++;
		else if (marks == 1 && ++first)
			first_nr = (unsigned long)info.entry.nr;
		else if (marks == 2 && ++calls)
			last = (unsigned long)info.entry.nr;
	}
	EXPECT_EXIT(status, T_PASS);
	EXPECT_EQ(marks, 3);
	t_info("the first Size: %lu system call(s) (the last number %lu)",
	       first, first_nr);
	/* mmap of the metadata: one call, mmap or mmap2 for 32-bit. */
	EXPECT_EQ(first, 1);
	t_info("Size of %d live buffers: %lu system calls", 3 * K, calls);
	if (calls)
		FAIL("Size made %lu system calls (the last number %lu), want 0",
		     calls, last);
}

/* ---- Size racing with Free and Reallocate ------------------------------ */

struct race {
	_Atomic(void *) p;
	atomic_bool stop;
	DWORD a, b;
	unsigned long bad, reads;
};

static void *sizer(void *arg)
{
	struct race *r = arg;
	NET_API_STATUS st;
	DWORD n;
	void *p;

	while (!atomic_load(&r->stop)) {
		p = atomic_load(&r->p);
		if (!p)
			continue;
		n = 7;
		st = NetApiBufferSize(p, &n);
		r->reads++;
		if (!(st == NERR_Success && (n == r->a || n == r->b)) &&
		    !(st == ERROR_INVALID_PARAMETER && n == 7))
			r->bad++;
	}
	return NULL;
}

static void race(DWORD a, DWORD b)
{
	struct race r = { .a = a, .b = b };
	pthread_t th;
	void *p;
	int i;

	REQUIRE(pthread_create(&th, NULL, sizer, &r) == 0);
	for (i = 0; i < RACE_ROUNDS; i++) {
		REQUIRE(NetApiBufferAllocate(a, &p) == NERR_Success);
		atomic_store(&r.p, p);
		/* Sizes of one class or page count: resized in place. */
		if (a != b) {
			REQUIRE(NetApiBufferReallocate(p, b, &p) == 0);
			REQUIRE(NetApiBufferReallocate(p, a, &p) == 0);
			REQUIRE(p == atomic_load(&r.p));
		}
		REQUIRE(NetApiBufferFree(p) == NERR_Success);
	}
	atomic_store(&r.stop, true);
	pthread_join(th, NULL);
	t_info("Size racing with Free, %u and %u bytes: %lu answers", a, b,
	       r.reads);
	if (r.bad)
		FAIL("%lu of %lu Sizes racing with Free got neither a size "
		     "nor 87", r.bad, r.reads);
}

int main(int argc, char **argv)
{
	struct meta t;

	(void)argc;
	t_init(argv[0], 300);
	meta_open(&t);
	entries(&t);
	protection(&t);
	EXPECT_SYS_OK(munmap((void *)t.m, t.bytes));
	raw_close(&t.c);
	only_while_mapped();
	contract();
	no_system_calls();
	race(5000, 6000);
	race(100, 110);
	race(0, 0);
	return t_done();
}
