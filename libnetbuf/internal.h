/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal interface between the API functions and the device state. */
#ifndef NETBUF_INTERNAL_H
#define NETBUF_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/types.h>

#include "lmcons.h"

#define NETBUF_EXPORT __attribute__((visibility("default")))

/* One open context of the process: its descriptor and window. Immutable. */
struct netbuf_view;

/*
 * The process's context, opening /dev/netbuf and mapping its window on
 * first use. NULL with errno set to the reason when the device cannot be
 * used; EBADF when another thread closed the new descriptor meanwhile
 * (worth another attempt).
 */
const struct netbuf_view *netbuf_open_view(void);

/* The context if one is open, else NULL: without one nothing is live. */
const struct netbuf_view *netbuf_current_view(void);

/*
 * Translates a pointer into the window offset the kernel knows it by.
 * Returns false for a pointer outside the window or not page aligned.
 */
bool netbuf_offset_of(const struct netbuf_view *view, const void *ptr,
		      __u64 *offset);

/*
 * The size of the live buffer at @offset from the window's read-only
 * metadata, without a system call; false when the metadata cannot say
 * (then ask NETBUF_IOC_SIZE).
 */
bool netbuf_view_size(const struct netbuf_view *view, __u64 offset,
		      __u64 *size);

/*
 * sizemeta.c: maps the metadata of the window of @fd (NULL when the module
 * has none, @meta_offset 0, or it cannot be mapped), and reads one entry.
 */
const uint64_t *netbuf_meta_map(int fd, uint64_t window_size,
				uint64_t page_size, uint64_t meta_offset);
bool netbuf_meta_size(const uint64_t *meta, unsigned int page_shift,
		      __u64 offset, __u64 *size);

/* The pointer of a window offset returned by the kernel. */
void *netbuf_pointer_at(const struct netbuf_view *view, __u64 offset);

/* netbuf_ioctl(): the descriptor no longer names the view's context. */
#define NETBUF_IOCTL_LOST	(-2)

/*
 * ioctl on the context, restarted on EINTR, with the context's id written
 * to *@context (the request's field, so that the kernel answers ESTALE if
 * the descriptor names another context). Returns 0, or -1 with errno set.
 * When the error says that the descriptor no longer names the context
 * (EBADF: closed; ESTALE: another context; ENOTTY: another file; EPERM:
 * inherited without the atfork handler), the view is retired and the
 * return is NETBUF_IOCTL_LOST, errno the reason: the context's buffers are
 * lost (87), and the next netbuf_open_view() opens a fresh context whose
 * window cannot overlap the old one.
 */
int netbuf_ioctl(const struct netbuf_view *view, unsigned long request,
		 void *arg, __u32 *context);

/*
 * A request that creates a buffer (ALLOC, a producing ioctl) on the
 * process's context, opened on first use: when the context turns out lost
 * (NETBUF_IOCTL_LOST), or another thread closed the descriptor being
 * opened, it is tried again on a fresh one, a few times at most.
 * Returns the view that served it, or NULL with errno set; *@no_device
 * then says whether it was the device that could not be opened.
 */
const struct netbuf_view *netbuf_ioctl_creating(unsigned long request,
						void *arg, __u32 *context,
						bool *no_device);

/*
 * The implementations of the exported functions, which are thin wrappers:
 * calls inside the library bind here, so a program or library defining a
 * function of the same name cannot take them over.
 */
NET_API_STATUS netbuf_api_allocate(DWORD ByteCount, LPVOID *Buffer);
NET_API_STATUS netbuf_api_free(LPVOID Buffer);

#endif /* NETBUF_INTERNAL_H */
