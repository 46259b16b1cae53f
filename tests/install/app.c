// SPDX-License-Identifier: GPL-2.0
/*
 * A program as a user writes it after "make install": it includes
 * <lmapibuf.h> and <lm.h> and is built with
 *   cc app.c $(pkg-config --cflags --libs libnetbuf)
 * tests/host-check.sh builds it against an install in a DESTDIR, and the
 * guest runs it with the installed libnetbuf.so.1. Exit 0 when every call
 * did what lmapibuf.h promises, 1 otherwise (77: no /dev/netbuf).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <lm.h>
#include <lmapibuf.h>
#include <linux/netbuf.h>

static int failures;

static void expect(const char *what, NET_API_STATUS got, NET_API_STATUS want)
{
	if (got != want) {
		printf("FAIL %s: status %u, expected %u\n", what, got, want);
		failures++;
	}
}

int main(void)
{
	LPVOID buf = NULL, bigger = NULL;
	NET_API_STATUS status;
	DWORD size = 0;

	status = NetApiBufferAllocate(1024, &buf);
	if (status == ERROR_NOT_ENOUGH_MEMORY && errno == ENOENT) {
		printf("SKIP no /dev/netbuf: the netbuf module is not loaded\n");
		return 77;
	}
	expect("NetApiBufferAllocate(1024)", status, NERR_Success);
	if (status != NERR_Success)
		return 1;
	strcpy(buf, "installed");
	expect("NetApiBufferSize", NetApiBufferSize(buf, &size), NERR_Success);
	if (size != 1024) {
		printf("FAIL NetApiBufferSize: %u, expected 1024\n", size);
		failures++;
	}
	expect("NetApiBufferReallocate(8192)",
	       NetApiBufferReallocate(buf, 8192, &bigger), NERR_Success);
	if (bigger && strcmp(bigger, "installed")) {
		printf("FAIL contents not kept across NetApiBufferReallocate\n");
		failures++;
	}
	expect("NetApiBufferFree", NetApiBufferFree(bigger), NERR_Success);
	expect("NetApiBufferFree again", NetApiBufferFree(bigger),
	       ERROR_INVALID_PARAMETER);
	/* A buffer the kernel produced is freed the same way. */
	status = NetWkstaGetInfo(NULL, 100, (LPBYTE *)&buf);
	expect("NetWkstaGetInfo(100)", status, NERR_Success);
	if (status == NERR_Success) {
		if (((LPWKSTA_INFO_100)buf)->wki100_platform_id != PLATFORM_ID_NT) {
			printf("FAIL NetWkstaGetInfo: platform id not PLATFORM_ID_NT\n");
			failures++;
		}
		expect("NetApiBufferFree(WKSTA_INFO_100)", NetApiBufferFree(buf),
		       NERR_Success);
	}
	printf("%s: installed libnetbuf, ABI %d\n", failures ? "FAIL" : "PASS",
	       NETBUF_ABI_VERSION);
	return failures ? 1 : 0;
}
