// SPDX-License-Identifier: GPL-2.0
/*
 * NetApiBufferSize, every row of the contract: the exact requested size
 * (also after each kind of reallocation), and ERROR_INVALID_PARAMETER with
 * the count untouched and errno unchanged for NULL, non-live pointers and
 * a NULL count.
 */
#include <stdlib.h>

#include "common.h"

#define UNTOUCHED	0xa5a5a5a5u

static int static_var;

static void exact(void *p, DWORD want)
{
	DWORD n = UNTOUCHED;

	if (EXPECT_STATUS(NetApiBufferSize(p, &n), NERR_Success))
		EXPECT_EQ(n, want);
}

/* Size(q, &n) for a q that is not live. */
static void rejected(const void *q, const char *what)
{
	DWORD n = UNTOUCHED;

	if (!EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize((void *)q, &n),
				       ERROR_INVALID_PARAMETER) ||
	    !EXPECT_EQ(n, UNTOUCHED))
		t_info("Size(%s %p)", what, q);
}

static void sizes(void)
{
	static const DWORD n[] = {
		0, 1, 2, 15, 16, 4095, 4096, 4097, 65535, 65536,
		1 << 20, (1 << 20) + 3,
	};
	void *p[sizeof(n) / sizeof(n[0])];
	size_t i;

	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		p[i] = NULL;
		if (EXPECT_STATUS(NetApiBufferAllocate(n[i], &p[i]),
				  NERR_Success))
			exact(p[i], n[i]);
	}
	/* Still exact with all of them live. */
	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		if (p[i])
			exact(p[i], n[i]);
	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		if (p[i])
			EXPECT_STATUS(NetApiBufferFree(p[i]), NERR_Success);
}

/* The size last requested, whatever the reallocation did to the pages. */
static void after_reallocate(void)
{
	static const DWORD steps[] = {
		10, 100, 4000, 4096, 4097, 3, 5, 20000, 8192, 8191, 1,
	};
	void *p = NULL, *q;
	size_t i;

	if (!EXPECT_STATUS(NetApiBufferAllocate(1, &p), NERR_Success))
		return;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		q = NULL;
		if (!EXPECT_STATUS(NetApiBufferReallocate(p, steps[i], &q),
				   NERR_Success))
			break;
		p = q;
		exact(p, steps[i]);
	}
	q = (void *)&q;
	EXPECT_STATUS(NetApiBufferReallocate(p, 0, &q), NERR_Success);
	EXPECT_PTR(q, NULL);
	rejected(p, "reallocated to 0");
}

static void not_live(void)
{
	const size_t ps = page_size();
	uint8_t *p = NULL, *dead = NULL;
	char *heap = malloc(32);
	int local = 0;
	DWORD n;

	rejected(NULL, "NULL");
	if (!EXPECT_STATUS(NetApiBufferAllocate(2 * ps, (void **)&p),
			   NERR_Success))
		return;
	if (EXPECT_STATUS(NetApiBufferAllocate(7, (void **)&dead),
			  NERR_Success))
		EXPECT_STATUS(NetApiBufferFree(dead), NERR_Success);

	if (dead)
		rejected(dead, "freed");
	rejected(p + 1, "interior");
	rejected(p + ps, "interior page");
	rejected(p + 2 * ps, "guard page");
	rejected(heap, "malloc");
	rejected(&local, "stack");
	rejected(&static_var, "static");
	rejected((void *)(uintptr_t)0xdeadbeef, "random");
	rejected((void *)UINTPTR_MAX, "all ones");

	/* No place to store the count. */
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(p, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(NULL, NULL),
				  ERROR_INVALID_PARAMETER);
	if (dead)
		EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(dead, NULL),
					  ERROR_INVALID_PARAMETER);
	n = UNTOUCHED;
	EXPECT_STATUS(NetApiBufferSize(p, &n), NERR_Success);
	EXPECT_EQ(n, 2 * ps);
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	free(heap);
}

int main(int argc, char **argv)
{
	uint64_t buffers;
	int local = 0;

	(void)argc;
	t_init(argv[0], 60);
	buffers = counter_read(SYSFS_BUFFERS);

	/* Before the device is opened nothing is live. */
	rejected(&local, "stack, before first use");
	rejected(NULL, "NULL, before first use");
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(&local, NULL),
				  ERROR_INVALID_PARAMETER);

	sizes();
	after_reallocate();
	not_live();

	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	return t_done();
}
