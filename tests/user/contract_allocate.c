// SPDX-License-Identifier: GPL-2.0
/*
 * NetApiBufferAllocate, every row of the contract (design.md section 2):
 * alignment, exact size, zero fill, unique zero-byte buffers, the NULL
 * out-pointer, failure over a limit, and the full DWORD range.
 */
#include <string.h>

#include "common.h"

#define NR_ZERO 32
#define SYSFS_SMALL_PAGES	"/sys/class/misc/netbuf/small_pages"

/*
 * Up to 2048 bytes (small_max's default), a buffer is small: a slot of a
 * shared page. For the sizes below its class is the size rounded up to 16
 * (1, 15, 16: 16; 17: 32; 100: 112), so 3 shared pages hold all five.
 */
#define SMALL_MAX	2048
#define SMALL_PAGES	3

static const DWORD sizes[] = {
	1, 15, 16, 17, 100, 4095, 4096, 4097, 8191, 8192, 65536,
	1 << 20, (1 << 20) + 1,
};
#define NR_SIZES (sizeof(sizes) / sizeof(sizes[0]))

struct live {
	uint8_t *p;
	DWORD n;
};

/*
 * What a buffer of n bytes holds of the address space: its pages, or on
 * the user backend for a small buffer its slot (others share the page).
 */
static uint64_t extent(DWORD n)
{
	if (t_user_backend() && n <= SMALL_MAX)
		return (n + 15) & ~15U;
	return page_round(n);
}

/* [p, p + extent(n)) of a and b overlap, or a zero-byte start is inside. */
static bool overlap(const struct live *a, const struct live *b)
{
	uintptr_t a0 = (uintptr_t)a->p, b0 = (uintptr_t)b->p;
	uintptr_t a1 = a0 + extent(a->n), b1 = b0 + extent(b->n);

	if (a0 == b0)
		return true;
	if (a->n == 0)
		return a0 >= b0 && a0 < b1;
	if (b->n == 0)
		return b0 >= a0 && b0 < a1;
	return a0 < b1 && b0 < a1;
}

static void nonzero_sizes(void)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	uint64_t bytes = counter_read(SYSFS_BYTES);
	uint64_t small_pages = counter_read(SYSFS_SMALL_PAGES);
	struct live live[NR_SIZES];
	uint64_t total = 0;
	size_t i, j, n = 0;

	for (i = 0; i < NR_SIZES; i++) {
		void *p = NULL;
		DWORD got = 0xdeadbeef;

		if (!EXPECT_STATUS(NetApiBufferAllocate(sizes[i], &p),
				   NERR_Success))
			continue;
		if (!CHECK(p != NULL))
			continue;
		if (!CHECK(((uintptr_t)p & 15) == 0))
			t_info("size %u: pointer %p", sizes[i], p);
		EXPECT_STATUS(NetApiBufferSize(p, &got), NERR_Success);
		EXPECT_EQ(got, sizes[i]);
		/*
		 * The bytes asked for, and the rest of the last page too, or
		 * of the slot (the rest of a shared page is other buffers').
		 */
		EXPECT_ZERO(p, sizes[i]);
		EXPECT_ZERO((uint8_t *)p + sizes[i],
			    sizes[i] <= SMALL_MAX ?
			    (16 - sizes[i] % 16) % 16 :
			    page_round(sizes[i]) - sizes[i]);
		fill_pattern(p, sizes[i], (uint32_t)i + 1);
		live[n].p = p;
		live[n].n = sizes[i];
		if (sizes[i] > SMALL_MAX)
			total += page_round(sizes[i]);
		n++;
	}
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers + n);
	EXPECT_COUNTER(SYSFS_SMALL_PAGES, small_pages + SMALL_PAGES);
	EXPECT_COUNTER(SYSFS_BYTES, bytes + total + SMALL_PAGES * page_size());

	/* All live at once: distinct, disjoint, each still holding its data. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (overlap(&live[i], &live[j]))
				FAIL("buffers %p (%u) and %p (%u) overlap",
				     live[i].p, live[i].n, live[j].p,
				     live[j].n);
	for (i = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < NR_SIZES && sizes[k] != live[i].n; k++)
			;
		EXPECT_PATTERN(live[i].p, live[i].n, (uint32_t)k + 1);
	}
	for (i = 0; i < n; i++)
		EXPECT_STATUS(NetApiBufferFree(live[i].p), NERR_Success);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	/* No small buffer left live: the shared pages went back. */
	EXPECT_COUNTER(SYSFS_SMALL_PAGES, small_pages);
	EXPECT_COUNTER(SYSFS_BYTES, bytes);
}

static void zero_size_unique(void)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	uint64_t bytes = counter_read(SYSFS_BYTES);
	struct live live[NR_ZERO + 1];
	size_t i, j, n = 0;
	void *big = NULL;

	/* A real buffer among them, to check none lands inside it. */
	if (EXPECT_STATUS(NetApiBufferAllocate(3 * 4096, &big), NERR_Success)) {
		live[n].p = big;
		live[n].n = 3 * 4096;
		n++;
	}
	for (i = 0; i < NR_ZERO; i++) {
		void *p = NULL;
		DWORD got = 0xdeadbeef;

		if (!EXPECT_STATUS(NetApiBufferAllocate(0, &p), NERR_Success))
			continue;
		if (!CHECK(p != NULL))
			continue;
		CHECK(((uintptr_t)p & 15) == 0);
		EXPECT_STATUS(NetApiBufferSize(p, &got), NERR_Success);
		EXPECT_EQ(got, 0);
		live[n].p = p;
		live[n].n = 0;
		n++;
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (overlap(&live[i], &live[j]))
				FAIL("zero-byte buffer %p collides with "
				     "%p (%u)",
				     live[j].p, live[i].p, live[i].n);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers + n);
	EXPECT_COUNTER(SYSFS_BYTES, bytes + (big ? 3 * 4096 : 0));
	for (i = 0; i < n; i++)
		EXPECT_STATUS(NetApiBufferFree(live[i].p), NERR_Success);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
}

static void null_out_pointer(void)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);

	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferAllocate(0, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferAllocate(1, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferAllocate(4096, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferAllocate(0xffffffffu, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
}

/*
 * Any DWORD is a valid request: it is either served with exactly that size
 * or refused with ERROR_NOT_ENOUGH_MEMORY and NULL. Never truncated.
 */
static void huge_size(DWORD n)
{
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	void *p = (void *)&buffers;
	NET_API_STATUS st = NetApiBufferAllocate(n, &p);
	DWORD got = 0;

	if (st == ERROR_NOT_ENOUGH_MEMORY) {
		EXPECT_PTR(p, NULL);
		EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
		return;
	}
	if (!EXPECT_STATUS(st, NERR_Success))
		return;
	t_info("Allocate(%#x) was served", n);
	EXPECT_STATUS(NetApiBufferSize(p, &got), NERR_Success);
	EXPECT_EQ(got, n);
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
}

static void over_limit(void)
{
	uint64_t buffers, bytes;
	void *p = (void *)&p, *q = NULL;

	if (t_user_backend()) {
		/* user_backend.c runs it with NETBUF_USER_MAX_BYTES. */
		t_info("over_limit: max_bytes is the module's; not here");
		return;
	}
	param_set(PARAM_MAX_BYTES, 1 << 20);
	buffers = counter_read(SYSFS_BUFFERS);
	bytes = counter_read(SYSFS_BYTES);

	EXPECT_STATUS(NetApiBufferAllocate((1 << 20) + 1, &p),
		      ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_PTR(p, NULL);
	p = (void *)&p;
	EXPECT_STATUS(NetApiBufferAllocate(0xffffffffu, &p),
		      ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_PTR(p, NULL);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER(SYSFS_BYTES, bytes);

	/* A refusal leaves the library usable; the limit itself is served. */
	if (EXPECT_STATUS(NetApiBufferAllocate(1 << 20, &q), NERR_Success)) {
		EXPECT_ZERO(q, 1 << 20);
		EXPECT_STATUS(NetApiBufferFree(q), NERR_Success);
	}
}

int main(int argc, char **argv)
{
	uint64_t buffers;

	(void)argc;
	t_init(argv[0], 120);
	buffers = counter_read(SYSFS_BUFFERS);

	null_out_pointer();	/* first: before the device is even opened */
	nonzero_sizes();
	zero_size_unique();
	huge_size(0xffffffffu);
	huge_size(0xfffff001u);
	huge_size(0x80000001u);
	over_limit();

	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	return t_done();
}
