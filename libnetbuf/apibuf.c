// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetApiBufferAllocate, Free, Reallocate and Size: one ioctl each. Kernel
 * errors become Windows statuses here and nowhere else. A call that returns
 * ERROR_INVALID_PARAMETER leaves errno as it was, even when the kernel was
 * asked; ERROR_NOT_ENOUGH_MEMORY leaves the reason in errno.
 *
 * The exported functions are wrappers of internal ones, which the library
 * itself calls (see internal.h).
 */
#include <errno.h>
#include <stddef.h>

#include <linux/netbuf.h>

#include "lmapibuf.h"
#include "internal.h"

/*
 * The open context and the offset in it that @ptr may be a buffer at;
 * false when no context is open (nothing is live) or @ptr is not in it.
 */
static const struct netbuf_view *view_of(const void *ptr, __u64 *offset)
{
	const struct netbuf_view *view = netbuf_current_view();

	return view && netbuf_offset_of(view, ptr, offset) ? view : NULL;
}

NET_API_STATUS netbuf_api_allocate(DWORD ByteCount, LPVOID *Buffer)
{
	struct netbuf_alloc req = { .size = ByteCount };
	const struct netbuf_view *view;
	bool no_device;

	if (!Buffer)
		return ERROR_INVALID_PARAMETER;
	view = netbuf_ioctl_creating(NETBUF_IOC_ALLOC, &req, &req.context,
				     &no_device);
	if (view) {
		*Buffer = netbuf_pointer_at(view, req.offset);
		return NERR_Success;
	}
	*Buffer = NULL;
	return ERROR_NOT_ENOUGH_MEMORY;
}

NET_API_STATUS netbuf_api_free(LPVOID Buffer)
{
	struct netbuf_free req = { 0 };
	const struct netbuf_view *view;
	int saved_errno = errno;

	if (!Buffer)
		return NERR_Success;
	view = view_of(Buffer, &req.offset);
	if (!view ||
	    netbuf_ioctl(view, NETBUF_IOC_FREE, &req, &req.context) < 0) {
		errno = saved_errno;
		return ERROR_INVALID_PARAMETER;
	}
	return NERR_Success;
}

NETBUF_EXPORT NET_API_STATUS NetApiBufferReallocate(LPVOID OldBuffer,
						    DWORD NewByteCount,
						    LPVOID *NewBuffer)
{
	struct netbuf_realloc req = { .size = NewByteCount };
	const struct netbuf_view *view;
	int saved_errno = errno, ret;

	if (!NewBuffer)
		return ERROR_INVALID_PARAMETER;
	/* Before the NULL case: Reallocate(NULL, 0) allocates nothing. */
	if (NewByteCount == 0) {
		*NewBuffer = NULL;
		return netbuf_api_free(OldBuffer);
	}
	if (!OldBuffer)
		return netbuf_api_allocate(NewByteCount, NewBuffer);
	*NewBuffer = NULL;
	view = view_of(OldBuffer, &req.offset);
	if (!view)
		return ERROR_INVALID_PARAMETER;
	/* A lost context's buffer is not live: 87, as for any other. */
	ret = netbuf_ioctl(view, NETBUF_IOC_REALLOC, &req, &req.context);
	if (ret < 0) {
		if (ret == -1 && errno == ENOMEM)
			return ERROR_NOT_ENOUGH_MEMORY;
		errno = saved_errno;
		return ERROR_INVALID_PARAMETER;
	}
	*NewBuffer = netbuf_pointer_at(view, req.new_offset);
	return NERR_Success;
}

NETBUF_EXPORT NET_API_STATUS NetApiBufferSize(LPVOID Buffer, LPDWORD ByteCount)
{
	struct netbuf_size req = { 0 };
	const struct netbuf_view *view;
	int saved_errno = errno;

	if (!Buffer || !ByteCount)
		return ERROR_INVALID_PARAMETER;
	view = view_of(Buffer, &req.offset);
	if (!view ||
	    (!netbuf_view_size(view, req.offset, &req.size) &&
	     netbuf_ioctl(view, NETBUF_IOC_SIZE, &req, &req.context) < 0) ||
	    req.size > 0xffffffffu) {
		errno = saved_errno;
		return ERROR_INVALID_PARAMETER;
	}
	*ByteCount = (DWORD)req.size;
	return NERR_Success;
}

NETBUF_EXPORT NET_API_STATUS NetApiBufferAllocate(DWORD ByteCount,
						  LPVOID *Buffer)
{
	return netbuf_api_allocate(ByteCount, Buffer);
}

NETBUF_EXPORT NET_API_STATUS NetApiBufferFree(LPVOID Buffer)
{
	return netbuf_api_free(Buffer);
}
