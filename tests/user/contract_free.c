// SPDX-License-Identifier: GPL-2.0
/*
 * NetApiBufferFree, every row of the contract: NULL is a no-op, a live
 * buffer is freed and its pages leave the process (a later access faults),
 * and anything else (freed, interior, malloc, stack, static, random) is
 * ERROR_INVALID_PARAMETER with errno untouched and nothing freed.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "common.h"

#define NR_BYSTANDERS	4
#define NR_RANDOM	64

static const DWORD bystander_size[NR_BYSTANDERS] = { 1, 5000, 0, 3 * 4096 };
static void *bystander[NR_BYSTANDERS];
static int static_var;

static bool is_bystander(const void *p)
{
	int i;

	for (i = 0; i < NR_BYSTANDERS; i++)
		if (bystander[i] == p)
			return true;
	return false;
}

static void bystanders_intact(const char *after)
{
	int i;

	for (i = 0; i < NR_BYSTANDERS; i++) {
		if (!bystander[i])
			continue;
		if (!EXPECT_LIVE(bystander[i], bystander_size[i],
				 100 + (uint32_t)i))
			t_info("bystander %d damaged after %s", i, after);
	}
}

/* Free(q) for a q that is not a live buffer's start. */
static void free_rejected(const void *q, const char *what)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	uint64_t bytes = counter_read(SYSFS_BYTES);

	if (!EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferFree((void *)q),
				       ERROR_INVALID_PARAMETER))
		t_info("rejected pointer was %s (%p)", what, q);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER(SYSFS_BYTES, bytes);
}

static void before_first_use(void)
{
	int local = 0;

	/* Nothing is live before the device is opened. */
	free_rejected(&local, "stack, before any allocation");
	EXPECT_STATUS(NetApiBufferFree(NULL), NERR_Success);
}

static void make_bystanders(void)
{
	int i;

	for (i = 0; i < NR_BYSTANDERS; i++) {
		if (!EXPECT_STATUS(NetApiBufferAllocate(bystander_size[i],
							&bystander[i]),
				   NERR_Success)) {
			bystander[i] = NULL;
			continue;
		}
		fill_pattern(bystander[i], bystander_size[i],
			     100 + (uint32_t)i);
	}
}

static void free_null(void)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);

	EXPECT_STATUS(NetApiBufferFree(NULL), NERR_Success);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	bystanders_intact("Free(NULL)");
}

static void free_foreign(void)
{
	const size_t ps = page_size();
	char *heap = malloc(100);
	void *aligned = aligned_alloc(ps, ps);
	void *anon = mmap(NULL, ps, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int local = 0;

	free_rejected(heap, "malloc");
	free_rejected(aligned, "page-aligned malloc");
	if (anon != MAP_FAILED)
		free_rejected(anon, "anonymous mmap");
	free_rejected(&local, "stack");
	free_rejected(&static_var, "static");
	free_rejected("literal", "string literal");
	free_rejected((void *)(uintptr_t)free_foreign, "function");
	free_rejected((void *)1, "1");
	free_rejected((void *)(uintptr_t)0xdeadbeef, "0xdeadbeef");
	free_rejected((void *)UINTPTR_MAX, "all ones");
	free_rejected((void *)(UINTPTR_MAX & ~(uintptr_t)(ps - 1)),
		      "last page");
	bystanders_intact("foreign pointers");
	free(heap);
	free(aligned);
	if (anon != MAP_FAILED)
		munmap(anon, ps);
}

static void free_interior(void)
{
	const size_t ps = page_size();
	uint8_t *p = NULL;
	DWORD n = 0;

	if (!EXPECT_STATUS(NetApiBufferAllocate(2 * ps, (void **)&p),
			   NERR_Success))
		return;
	fill_pattern(p, 2 * ps, 7);
	free_rejected(p + 1, "start + 1");
	free_rejected(p + 16, "start + 16");
	free_rejected(p + ps - 1, "end of the first page");
	free_rejected(p + ps, "second page (page aligned)");
	free_rejected(p + 2 * ps - 1, "last byte");
	free_rejected(p + 2 * ps, "guard page");
	EXPECT_STATUS(NetApiBufferSize(p, &n), NERR_Success);
	EXPECT_EQ(n, 2 * ps);
	EXPECT_PATTERN(p, 2 * ps, 7);
	bystanders_intact("interior pointers");
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
}

/* Random addresses: anywhere, and page-aligned ones near live buffers. */
static void free_random(void)
{
	const size_t ps = page_size();
	uint64_t rng = t_seed() | 1;
	uint8_t *near = bystander[3] ? bystander[3] : bystander[1];
	int i;

	for (i = 0; i < NR_RANDOM; i++) {
		void *q;

		if (i % 2 || !near)
			q = (void *)(uintptr_t)rng_next(&rng);
		else
			q = near + ((int64_t)rng_below(&rng, 2001) - 1000) *
				   (int64_t)ps;
		if (!q || is_bystander(q))
			continue;
		free_rejected(q, "random");
	}
	bystanders_intact("random pointers");
}

static void free_live_then_again(void)
{
	const size_t ps = page_size();
	uint64_t buffers, bytes;
	uint8_t *p = NULL, *z = NULL;
	DWORD n = 0xdeadbeef;

	if (!EXPECT_STATUS(NetApiBufferAllocate(2 * ps + 10, (void **)&p),
			   NERR_Success))
		return;
	fill_pattern(p, 2 * ps + 10, 9);
	buffers = counter_read(SYSFS_BUFFERS);
	bytes = counter_read(SYSFS_BYTES);

	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers - 1);
	EXPECT_COUNTER(SYSFS_BYTES, bytes - 3 * ps);
	/* The pages left the process (SIGSEGV on the user backend). */
	EXPECT_READ(p, t_freed_signal(2 * ps + 10));
	EXPECT_READ(p + ps, t_freed_signal(2 * ps + 10));
	EXPECT_READ(p + 2 * ps, t_freed_signal(2 * ps + 10));
	EXPECT_WRITE(p, 1, t_freed_signal(2 * ps + 10));
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(p, &n),
				  ERROR_INVALID_PARAMETER);
	EXPECT_EQ(n, 0xdeadbeef);

	/* Double free. */
	free_rejected(p, "freed buffer");
	free_rejected(p, "freed buffer, third time");
	bystanders_intact("double free");

	/* The same for a zero-byte buffer. */
	if (EXPECT_STATUS(NetApiBufferAllocate(0, (void **)&z), NERR_Success)) {
		buffers = counter_read(SYSFS_BUFFERS);
		EXPECT_STATUS(NetApiBufferFree(z), NERR_Success);
		EXPECT_COUNTER(SYSFS_BUFFERS, buffers - 1);
		free_rejected(z, "freed zero-byte buffer");
	}
}

int main(int argc, char **argv)
{
	uint64_t buffers, bytes;
	int i;

	(void)argc;
	t_init(argv[0], 120);
	buffers = counter_read(SYSFS_BUFFERS);
	bytes = counter_read(SYSFS_BYTES);

	before_first_use();
	make_bystanders();
	free_null();
	free_foreign();
	free_interior();
	free_random();
	free_live_then_again();

	for (i = 0; i < NR_BYSTANDERS; i++)
		if (bystander[i])
			EXPECT_STATUS(NetApiBufferFree(bystander[i]),
				      NERR_Success);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER(SYSFS_BYTES, bytes);
	return t_done();
}
