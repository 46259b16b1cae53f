/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal interface of the network-management functions: strings, the
 * local computer's names, and buffers the kernel produces.
 */
#ifndef NETBUF_INTERNAL_LM_H
#define NETBUF_INTERNAL_LM_H

#include <stddef.h>
#include <sys/utsname.h>

#include <linux/types.h>

#include "lmcons.h"

/* wstr.c: UTF-8 to wchar_t (UTF-32), as the kernel converts them. */

/* Bytes of @s as a NUL-terminated wchar_t string. */
size_t netbuf_wcs_bytes(const char *s);
/* Writes @s to @dst as wchar_t, NUL included; returns the end of it. */
wchar_t *netbuf_wcs_put(wchar_t *dst, const char *s);

/* host.c: this computer's names, from the caller's UTS namespace. */
struct netbuf_names {
	char computer[sizeof(((struct utsname *)0)->nodename)];
	char workgroup[sizeof(((struct utsname *)0)->domainname)];
};

/* The names NetWkstaGetInfo reports (the kernel maps them the same way). */
void netbuf_local_names(struct netbuf_names *names);
/*
 * NERR_Success when @server names this computer (NULL, L"", its name or
 * host name, with or without L"\\\\", any case); ERROR_INVALID_NAME for a
 * malformed one; ERROR_BAD_NETPATH for any other computer, since netbuf
 * speaks no RPC. Leaves errno alone.
 */
NET_API_STATUS netbuf_check_server(LPCWSTR server);

/* kproduce.c: buffers the kernel produces. */

/*
 * Runs a producing ioctl (@request, @arg) on the process's context and
 * stores the buffer's address for @offset in *@ptr when it succeeds.
 * Returns NERR_Success; ERROR_NOT_ENOUGH_MEMORY (memory, limits; errno
 * says); NERR_WkstaNotStarted (no usable /dev/netbuf; errno says);
 * ERROR_NOT_SUPPORTED (module without the ioctl, or a 32-bit process).
 * @offset and @context point into @arg: where the kernel writes the
 * offset, and the request's context field.
 */
NET_API_STATUS netbuf_kernel_produce(unsigned long request, void *arg,
				     const __u64 *offset, __u32 *context,
				     void **ptr);

/*
 * What a network-management function returns for a failed
 * NetApiBufferAllocate: without a usable device (errno other than ENOMEM)
 * NERR_WkstaNotStarted, as the kernel-produced functions; else @status.
 */
NET_API_STATUS netbuf_no_device_status(NET_API_STATUS status);

#endif /* NETBUF_INTERNAL_LM_H */
