// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The NetApiBuffer example, as Windows documents it: allocate 1024 bytes,
 * print the size, reallocate to twice the size, free. Then what netbuf does
 * with the misuse that Windows leaves undefined.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "lmapibuf.h"
#include "../tools/module_hint.h"

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

/* The module counts the requests each limit refused. */
static const char *const limits[] = {
	"max_bytes", "max_buffers", "max_user_bytes",
};

#define NR_LIMITS	(sizeof(limits) / sizeof(limits[0]))

static void read_limit_hits(unsigned long long hits[NR_LIMITS])
{
	char path[128];
	size_t i;
	FILE *f;

	for (i = 0; i < NR_LIMITS; i++) {
		hits[i] = 0;
		snprintf(path, sizeof(path),
			 "/sys/class/misc/netbuf/limit_hits_%s", limits[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%llu", &hits[i]) != 1)
			hits[i] = 0;
		fclose(f);
	}
}


/*
 * Why a call returned ERROR_NOT_ENOUGH_MEMORY, and what to do: the
 * library leaves the reason in errno; a limit shows as a new limit hit.
 */
static void explain_failure(const char *call, int err,
			    const unsigned long long before[NR_LIMITS])
{
	unsigned long long after[NR_LIMITS];
	size_t i;

	fprintf(stderr, "%s failed: %s\n", call, strerror(err));
	switch (err) {
	case ENOENT:
		fprintf(stderr, "/dev/netbuf does not exist: the netbuf module is not loaded.\n"
			"Load it: modprobe netbuf (after make install or DKMS), or insmod kmod/netbuf.ko.\n");
		netbuf_explain_not_loaded("netbuf_demo");
		return;
	case EACCES:
	case EPERM:
		fprintf(stderr, "You may not open /dev/netbuf: a udev rule restricts it to a group\n"
			"(ls -l /dev/netbuf shows which); ask to be added to that group.\n");
		return;
	case ENXIO:
	case ENODEV:
		fprintf(stderr, "/dev/netbuf has no driver behind it: load the module again (modprobe netbuf).\n");
		return;
	case ENOMEM:
		break;
	default:
		return;
	}
	read_limit_hits(after);
	for (i = 0; i < NR_LIMITS; i++) {
		if (after[i] != before[i]) {
			fprintf(stderr, "The module's limit %s was reached. Raise it as root:\n"
				"  echo N > /sys/module/netbuf/parameters/%s\n",
				limits[i], limits[i]);
			return;
		}
	}
	fprintf(stderr, "The system or this process's memory cgroup is out of memory\n"
		"(see memory.max of the cgroup; netbuf-stat counts alloc_failures).\n");
}

int main(void)
{
	DWORD size = 1024, got = 0;
	LPVOID buf = NULL, bigger = NULL;
	unsigned long long hits[NR_LIMITS];
	NET_API_STATUS status;
	char local[16];

	read_limit_hits(hits);
	status = NetApiBufferAllocate(size, &buf);
	if (status != NERR_Success) {
		explain_failure("NetApiBufferAllocate", errno, hits);
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
	read_limit_hits(hits);
	status = NetApiBufferAllocate(0xFFFFFFFFu, &buf);
	printf("  allocate 0xFFFFFFFF:      %s\n", status_name(status));
	if (status == NERR_Success)
		NetApiBufferFree(buf);
	else
		explain_failure("  NetApiBufferAllocate(0xFFFFFFFF)", errno, hits);
	return 0;
}
