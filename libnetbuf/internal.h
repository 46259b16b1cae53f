/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal interface between the API functions and the device state. */
#ifndef NETBUF_INTERNAL_H
#define NETBUF_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/types.h>

#define NETBUF_EXPORT __attribute__((visibility("default")))

/* One open context of the process: its descriptor and window. Immutable. */
struct netbuf_view;

/*
 * The process's context, opening /dev/netbuf and mapping its window on
 * first use. NULL with errno set to the reason when the device cannot be
 * used.
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

/* The pointer of a window offset returned by the kernel. */
void *netbuf_pointer_at(const struct netbuf_view *view, __u64 offset);

/*
 * ioctl on the context, restarted on EINTR. Returns 0, or -1 with errno
 * set. EPERM means the process inherited the context without running the
 * atfork handler: the view is dropped and the next netbuf_open_view()
 * opens a context of the process's own.
 */
int netbuf_ioctl(const struct netbuf_view *view, unsigned long request,
		 void *arg);

#endif /* NETBUF_INTERNAL_H */
