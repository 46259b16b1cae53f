// SPDX-License-Identifier: GPL-2.0
/*
 * The contract without the device (run with the module not loaded):
 * allocations fail with ERROR_NOT_ENOUGH_MEMORY, a NULL pointer and errno
 * ENOENT, Free(NULL) succeeds, and every call with a non-NULL pointer is
 * ERROR_INVALID_PARAMETER with errno unchanged, since nothing is live.
 */
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

/* Allocation-like calls: 8, out-pointer NULL, errno the reason (ENOENT). */
static void no_memory(NET_API_STATUS st, void *out, int err, const char *call)
{
	if (!EXPECT_STATUS(st, ERROR_NOT_ENOUGH_MEMORY) ||
	    !EXPECT_PTR(out, NULL) || !EXPECT_EQ(err, ENOENT))
		t_info("in %s (errno %s)", call, errno_name(err));
}

static void allocations(void)
{
	NET_API_STATUS st;
	void *p;
	int i;

	/* Twice each: a failed open is retried, and fails the same way. */
	for (i = 0; i < 2; i++) {
		p = (void *)&p;
		errno = ERRNO_SENTINEL;
		st = NetApiBufferAllocate(10, &p);
		no_memory(st, p, errno, "Allocate(10, &p)");

		p = (void *)&p;
		errno = ERRNO_SENTINEL;
		st = NetApiBufferAllocate(0, &p);
		no_memory(st, p, errno, "Allocate(0, &p)");

		p = (void *)&p;
		errno = ERRNO_SENTINEL;
		st = NetApiBufferReallocate(NULL, 10, &p);
		no_memory(st, p, errno, "Reallocate(NULL, 10, &p)");
	}

	/*
	 * Reallocate(NULL, 0, &q) allocates nothing: its own row says
	 * success with q NULL; ERROR_NOT_ENOUGH_MEMORY with q NULL is taken
	 * too, as "Reallocate from NULL" without the device.
	 */
	p = (void *)&p;
	st = NetApiBufferReallocate(NULL, 0, &p);
	if (st != ERROR_NOT_ENOUGH_MEMORY)
		EXPECT_STATUS(st, NERR_Success);
	EXPECT_PTR(p, NULL);
}

static void parameter_errors(void)
{
	char *heap = malloc(16);
	void *ptrs[] = { heap, &heap, (void *)(uintptr_t)0x10000,
			 (void *)(uintptr_t)0xdeadbeef };
	DWORD n;
	size_t i;

	EXPECT_STATUS(NetApiBufferFree(NULL), NERR_Success);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferAllocate(10, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferReallocate(NULL, 10, NULL),
				  ERROR_INVALID_PARAMETER);
	n = 0xa5a5a5a5u;
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(NULL, &n),
				  ERROR_INVALID_PARAMETER);
	EXPECT_EQ(n, 0xa5a5a5a5u);

	for (i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++) {
		void *p = ptrs[i];

		EXPECT_NOT_LIVE(p, 10);
		/* And with nowhere to store the result. */
		EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(p, NULL),
					  ERROR_INVALID_PARAMETER);
		EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferReallocate(p, 10, NULL),
					  ERROR_INVALID_PARAMETER);
	}
	/* malloc memory is untouched by all that. */
	heap[0] = 1;
	free(heap);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 60);
	if (access(NETBUF_DEV, F_OK) == 0)
		t_skip(NETBUF_DEV " exists: this test needs the module "
		       "unloaded");

	parameter_errors();	/* first: before any open was tried */
	allocations();
	parameter_errors();	/* and after the failed opens */
	return t_done();
}
