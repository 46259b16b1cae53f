// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Buffers the kernel produces: one ioctl on the process's context, whose
 * answer is an offset in the window like NETBUF_IOC_ALLOC's. The buffer is
 * then an ordinary live buffer: NetApiBufferSize and NetApiBufferFree work
 * on it as on any other.
 */
#include <errno.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmerr.h"

NET_API_STATUS netbuf_kernel_produce(unsigned long request, void *arg,
				     const __u64 *offset, __u32 *context,
				     void **ptr)
{
	const struct netbuf_view *view;
	bool no_device;

	view = netbuf_ioctl_creating(request, arg, context, &no_device);
	if (view) {
		*ptr = netbuf_pointer_at(view, *offset);
		return NERR_Success;
	}
	if (no_device)
		return errno == ENOMEM ? ERROR_NOT_ENOUGH_MEMORY :
					 NERR_WkstaNotStarted;
	switch (errno) {
	case ENOTTY:		/* a module older than ABI version 2 */
	case EOPNOTSUPP:	/* a 32-bit process: the layouts are 64-bit */
		return ERROR_NOT_SUPPORTED;
	case EINVAL:		/* not from our callers, which check first */
		return ERROR_INVALID_PARAMETER;
	default:		/* ENOMEM, ENXIO (window gone), EINTR */
		return ERROR_NOT_ENOUGH_MEMORY;
	}
}

NET_API_STATUS netbuf_no_device_status(NET_API_STATUS status)
{
	if (status == ERROR_NOT_ENOUGH_MEMORY && errno != ENOMEM)
		return NERR_WkstaNotStarted;
	return status;
}
