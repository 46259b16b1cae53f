// SPDX-License-Identifier: GPL-2.0
/*
 * A program that defines its own NetApiBufferAllocate and NetApiBufferFree,
 * as a program linked with another NetApi implementation (Samba's
 * libnetapi exports them) does, and calls the functions of libnetbuf.so
 * that allocate or free internally. The library's internal calls must bind
 * inside the library: these two are never called by it. Runs on a host
 * without /dev/netbuf (the internal calls are made before the device is
 * needed, and they fail there as documented) and in a guest with it.
 * tests/host-check.sh builds it with -rdynamic, so that these definitions
 * are in the dynamic symbol table where an internal call through the PLT
 * would find them. Exit 0 when the library never called them, 1 otherwise.
 */
#include <stdint.h>
#include <stdio.h>

#include <lm.h>
#include <lmapibuf.h>
#include <lmjoin.h>
#include <lmwksta.h>

/* What the impostors return: no function of libnetbuf returns these. */
#define FAKE_ALLOCATE	4242u
#define FAKE_FREE	4243u

static unsigned int allocate_calls, free_calls;
static int failures;

NET_API_STATUS NetApiBufferAllocate(DWORD ByteCount, LPVOID *Buffer)
{
	(void)ByteCount;
	allocate_calls++;
	if (Buffer)
		*Buffer = NULL;
	return FAKE_ALLOCATE;
}

NET_API_STATUS NetApiBufferFree(LPVOID Buffer)
{
	(void)Buffer;
	free_calls++;
	return FAKE_FREE;
}

/* The call returned one of @want1, @want2, and called neither impostor. */
static void expect(const char *what, NET_API_STATUS got,
		   NET_API_STATUS want1, NET_API_STATUS want2)
{
	if (got != want1 && got != want2) {
		if (want1 == want2)
			printf("FAIL %s: status %u, expected %u\n", what, got,
			       want1);
		else
			printf("FAIL %s: status %u, expected %u or %u\n",
			       what, got, want1, want2);
		failures++;
	}
	if (allocate_calls || free_calls) {
		printf("FAIL %s: the library called the program's NetApiBufferAllocate %u times, NetApiBufferFree %u times\n",
		       what, allocate_calls, free_calls);
		failures++;
	}
	allocate_calls = free_calls = 0;
}

int main(void)
{
	/* Page aligned, never a buffer: the library's Free refuses it. */
	LPVOID stranger = (LPVOID)(uintptr_t)0x10000, out = NULL;
	NETSETUP_JOIN_STATUS type;
	LPWSTR name = NULL;
	LPBYTE info = NULL;

	/* NewByteCount 0 frees through the library's own Free: 87. */
	expect("NetApiBufferReallocate(stranger, 0)",
	       NetApiBufferReallocate(stranger, 0, &out),
	       ERROR_INVALID_PARAMETER, ERROR_INVALID_PARAMETER);
	/* OldBuffer NULL allocates: 8 without the device, 0 with it. */
	expect("NetApiBufferReallocate(NULL, 16)",
	       NetApiBufferReallocate(NULL, 16, &out),
	       ERROR_NOT_ENOUGH_MEMORY, NERR_Success);
	expect("NetGetJoinInformation",
	       NetGetJoinInformation(NULL, &name, &type),
	       NERR_WkstaNotStarted, NERR_Success);
	expect("NetWkstaUserGetInfo(0)",
	       NetWkstaUserGetInfo(NULL, 0, &info),
	       NERR_WkstaNotStarted, NERR_Success);
	/* Buffers a device gave are left to the exit: Free is the fake. */
	if (!failures)
		printf("PASS interpose\n");
	return failures ? 1 : 0;
}
