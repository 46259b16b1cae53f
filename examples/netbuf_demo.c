// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The NetApiBuffer example, as Windows documents it: allocate 1024 bytes,
 * print the size, reallocate to twice the size, free. Then what netbuf does
 * with the misuse that Windows leaves undefined.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmapibuf.h"

static const char *status_name(NET_API_STATUS status)
{
	switch (status) {
	case NERR_Success:
		return "NERR_Success";
	case ERROR_NOT_ENOUGH_MEMORY:
		return "ERROR_NOT_ENOUGH_MEMORY";
	case ERROR_INVALID_PARAMETER:
		return "ERROR_INVALID_PARAMETER";
	default:
		return "unknown status";
	}
}

static void explain_missing_device(void)
{
	fprintf(stderr,
		"NetApiBufferAllocate failed: /dev/netbuf: %s\n%s", strerror(errno),
		errno == ENOENT ? "Load the module first: insmod kmod/netbuf.ko (or modprobe netbuf).\n" :
		errno == EACCES ? "The device is restricted: ask for its group, or see the udev rule in the README.\n" :
		"Is the memory limit (max_bytes, max_buffers in /sys/module/netbuf/parameters) reached?\n");
}

int main(void)
{
	DWORD size = 1024, got = 0;
	LPVOID buf = NULL, bigger = NULL;
	NET_API_STATUS status;
	char local[16];

	status = NetApiBufferAllocate(size, &buf);
	if (status != NERR_Success) {
		explain_missing_device();
		return 1;
	}
	printf("NetApiBufferAllocate(%u) = %s, buffer at %p\n", size,
	       status_name(status), buf);
	strcpy(buf, "hello from the kernel's pages");

	NetApiBufferSize(buf, &got);
	printf("NetApiBufferSize = %u\n", got);

	status = NetApiBufferReallocate(buf, size * 2, &bigger);
	printf("NetApiBufferReallocate(%u) = %s, buffer at %p\n", size * 2,
	       status_name(status), bigger);
	if (status != NERR_Success)
		return 1;
	NetApiBufferSize(bigger, &got);
	printf("NetApiBufferSize = %u, contents kept: \"%s\"\n", got,
	       (char *)bigger);

	status = NetApiBufferFree(bigger);
	printf("NetApiBufferFree = %s\n", status_name(status));

	printf("\nMisuse that Windows leaves undefined:\n");
	printf("  free it again:            %s\n",
	       status_name(NetApiBufferFree(bigger)));
	printf("  size of a freed buffer:   %s\n",
	       status_name(NetApiBufferSize(bigger, &got)));
	printf("  free a stack pointer:     %s\n",
	       status_name(NetApiBufferFree(local)));
	printf("  allocate into NULL:       %s\n",
	       status_name(NetApiBufferAllocate(16, NULL)));
	status = NetApiBufferAllocate(0xFFFFFFFFu, &buf);
	printf("  allocate 0xFFFFFFFF:      %s%s\n", status_name(status),
	       status == ERROR_NOT_ENOUGH_MEMORY ? " (over max_bytes)" : "");
	if (status == NERR_Success)
		NetApiBufferFree(buf);
	return 0;
}
