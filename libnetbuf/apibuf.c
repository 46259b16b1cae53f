// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetApiBufferAllocate, Free and Reallocate: one ioctl each; Size none when
 * the read-only metadata answers (sizemeta.c), else one. Kernel
 * errors become Windows statuses here and nowhere else. A call that returns
 * ERROR_INVALID_PARAMETER leaves errno as it was, even when the kernel was
 * asked; ERROR_NOT_ENOUGH_MEMORY leaves the reason in errno.
 *
 * The exported functions are wrappers of internal ones, which the library
 * itself calls (see internal.h), passing their caller's return address:
 * with reporting on (report.c) the kernel records it as the buffer's
 * allocation or free site. With reporting off the requests are those of
 * 1.2, byte for byte: the structures' first versions, no flags.
 * When the user-space backend serves the process (backend.c), each hands
 * over to userheap.c after its parameter checks.
 */
#include <errno.h>
#include <stddef.h>

#include <linux/netbuf.h>

#include "lmapibuf.h"
#include "internal.h"
#include "userheap.h"

/* @cmd for a struct of @size bytes: the size is the command's (netbuf.h). */
#define CMD_SIZED(cmd, size) \
	(((cmd) & ~((unsigned long)_IOC_SIZEMASK << _IOC_SIZESHIFT)) | \
	 ((unsigned long)(size) << _IOC_SIZESHIFT))
#define IOC_ALLOC_VER0	CMD_SIZED(NETBUF_IOC_ALLOC, NETBUF_ALLOC_SIZE_VER0)
#define IOC_REALLOC_VER0 CMD_SIZED(NETBUF_IOC_REALLOC, NETBUF_REALLOC_SIZE_VER0)
#define IOC_FREE_VER0	CMD_SIZED(NETBUF_IOC_FREE, NETBUF_FREE_SIZE_VER0)

/*
 * The open context and the offset in it that @ptr may be a buffer at;
 * false when no context is open (nothing is live) or @ptr is not in it.
 */
static const struct netbuf_view *view_of(const void *ptr, __u64 *offset)
{
	const struct netbuf_view *view = netbuf_current_view();

	return view && netbuf_offset_of(view, ptr, offset) ? view : NULL;
}

NET_API_STATUS netbuf_api_allocate(DWORD ByteCount, LPVOID *Buffer,
				   uintptr_t site)
{
	struct netbuf_alloc req = { .size = ByteCount };
	unsigned long cmd = IOC_ALLOC_VER0;
	unsigned int mode = netbuf_reporting();
	const struct netbuf_view *view;
	bool no_device;

	if (!Buffer)
		return ERROR_INVALID_PARAMETER;
	if (netbuf_user_serves(true))
		return netbuf_user_allocate(ByteCount, Buffer);
	if (mode) {
		cmd = NETBUF_IOC_ALLOC;
		req.flags = netbuf_report_alloc_flags(mode);
		if (req.flags & NETBUF_ALLOC_SITE)
			req.site = site;
	}
	view = netbuf_ioctl_creating(cmd, &req, &req.context, &no_device);
	if (view) {
		*Buffer = netbuf_pointer_at(view, req.offset);
		return NERR_Success;
	}
	*Buffer = NULL;
	return ERROR_NOT_ENOUGH_MEMORY;
}

NET_API_STATUS netbuf_api_free(LPVOID Buffer, uintptr_t site)
{
	struct netbuf_free req = { 0 };
	unsigned long cmd = IOC_FREE_VER0;
	unsigned int mode = netbuf_reporting();
	const struct netbuf_view *view;
	int saved_errno = errno, ret;

	if (!Buffer)
		return NERR_Success;
	if (netbuf_user_serves(false))
		return netbuf_user_free(Buffer);
	view = view_of(Buffer, &req.offset);
	if (view && mode) {
		cmd = NETBUF_IOC_FREE;
		req.flags = netbuf_report_free_flags(mode);
		if (req.flags & NETBUF_FREE_SITE)
			req.site = site;
	}
	ret = view ? netbuf_ioctl(view, cmd, &req, &req.context) : -1;
	/* No room for the free's record: free it unrecorded all the same. */
	if (ret == -1 && view && req.flags && errno == ENOMEM) {
		req.flags = 0;
		req.site = 0;
		ret = netbuf_ioctl(view, cmd, &req, &req.context);
	}
	if (ret < 0) {
		errno = saved_errno;
		if (mode & NETBUF_REPORT_ERRORS)
			netbuf_report_bad_free(netbuf_current_view(), Buffer,
					       site);
		return ERROR_INVALID_PARAMETER;
	}
	return NERR_Success;
}

static NET_API_STATUS api_reallocate(LPVOID OldBuffer, DWORD NewByteCount,
				     LPVOID *NewBuffer, uintptr_t site)
{
	struct netbuf_realloc req = { .size = NewByteCount };
	unsigned long cmd = IOC_REALLOC_VER0;
	unsigned int mode = netbuf_reporting();
	const struct netbuf_view *view;
	int saved_errno = errno, ret;

	if (!NewBuffer)
		return ERROR_INVALID_PARAMETER;
	/* Before the NULL case: Reallocate(NULL, 0) allocates nothing. */
	if (NewByteCount == 0) {
		*NewBuffer = NULL;
		return netbuf_api_free(OldBuffer, site);
	}
	if (!OldBuffer)
		return netbuf_api_allocate(NewByteCount, NewBuffer, site);
	*NewBuffer = NULL;
	if (netbuf_user_serves(false))
		return netbuf_user_reallocate(OldBuffer, NewByteCount, NewBuffer);
	view = view_of(OldBuffer, &req.offset);
	if (!view)
		return ERROR_INVALID_PARAMETER;
	if (mode) {
		cmd = NETBUF_IOC_REALLOC;
		/* The old buffer's free is recorded with the same site. */
		req.flags = netbuf_report_alloc_flags(mode);
		if (req.flags & NETBUF_REALLOC_SITE)
			req.site = site;
	}
	/* A lost context's buffer is not live: 87, as for any other. */
	ret = netbuf_ioctl(view, cmd, &req, &req.context);
	if (ret < 0) {
		if (ret == -1 && errno == ENOMEM)
			return ERROR_NOT_ENOUGH_MEMORY;
		errno = saved_errno;
		return ERROR_INVALID_PARAMETER;
	}
	*NewBuffer = netbuf_pointer_at(view, req.new_offset);
	return NERR_Success;
}

NETBUF_EXPORT NET_API_STATUS NetApiBufferReallocate(LPVOID OldBuffer,
						    DWORD NewByteCount,
						    LPVOID *NewBuffer)
{
	return api_reallocate(OldBuffer, NewByteCount, NewBuffer,
			      NETBUF_CALLER);
}

NETBUF_EXPORT NET_API_STATUS NetApiBufferSize(LPVOID Buffer, LPDWORD ByteCount)
{
	struct netbuf_size req = { 0 };
	const struct netbuf_view *view;
	int saved_errno = errno;

	if (!Buffer || !ByteCount)
		return ERROR_INVALID_PARAMETER;
	if (netbuf_user_serves(false))
		return netbuf_user_size(Buffer, ByteCount);
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
	return netbuf_api_allocate(ByteCount, Buffer, NETBUF_CALLER);
}

NETBUF_EXPORT NET_API_STATUS NetApiBufferFree(LPVOID Buffer)
{
	return netbuf_api_free(Buffer, NETBUF_CALLER);
}
