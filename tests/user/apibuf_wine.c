// SPDX-License-Identifier: GPL-2.0
/*
 * The conformance blocks of Wine's dlls/netapi32/tests/apibuf.c (normal
 * logic, border reallocation, zero-length buffers, NULL pointers), which
 * Wine also runs on real Windows. Where Windows only promises "at least",
 * netbuf promises exact sizes, so those are checked exactly too.
 */
#include "common.h"

static void normal_logic(void)
{
	DWORD size = 0;
	void *p = NULL;

	if (!EXPECT_STATUS(NetApiBufferAllocate(1024, &p), NERR_Success))
		return;
	EXPECT_STATUS(NetApiBufferSize(p, &size), NERR_Success);
	CHECK(size >= 1024);
	EXPECT_EQ(size, 1024);

	/* The same variable as old and new pointer, as Wine does. */
	if (!EXPECT_STATUS(NetApiBufferReallocate(p, 1500, &p), NERR_Success))
		return;
	CHECK(p != NULL);
	EXPECT_STATUS(NetApiBufferSize(p, &size), NERR_Success);
	CHECK(size >= 1500);
	EXPECT_EQ(size, 1500);

	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);

	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(NULL, &size),
				  ERROR_INVALID_PARAMETER);
}

static void border_reallocation(void)
{
	void *p = NULL;

	EXPECT_STATUS(NetApiBufferReallocate(NULL, 1500, &p), NERR_Success);
	if (!CHECK(p != NULL))
		return;
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);

	p = NULL;
	if (!EXPECT_STATUS(NetApiBufferAllocate(1024, &p), NERR_Success))
		return;
	EXPECT_STATUS(NetApiBufferReallocate(p, 0, &p), NERR_Success);
	EXPECT_PTR(p, NULL);
}

static void zero_length(void)
{
	DWORD size = 0xdeadbeef;
	void *p = NULL;

	if (!EXPECT_STATUS(NetApiBufferAllocate(0, &p), NERR_Success))
		return;
	CHECK(p != NULL);
	EXPECT_STATUS(NetApiBufferSize(p, &size), NERR_Success);
	CHECK(size < 0xffffffffu);
	EXPECT_EQ(size, 0);
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
}

static void null_pointers(void)
{
	/* NT: ERROR_INVALID_PARAMETER, last error untouched. */
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferAllocate(0, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferAllocate(1024, NULL),
				  ERROR_INVALID_PARAMETER);
}

int main(int argc, char **argv)
{
	uint64_t buffers;

	(void)argc;
	t_init(argv[0], 60);
	buffers = counter_read(SYSFS_BUFFERS);
	normal_logic();
	border_reallocation();
	zero_length();
	null_pointers();
	/* Nothing may be left behind by the blocks above. */
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	return t_done();
}
