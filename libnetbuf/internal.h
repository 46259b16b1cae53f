/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal interface between the API functions and the device state. */
#ifndef NETBUF_INTERNAL_H
#define NETBUF_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/types.h>

#define NETBUF_EXPORT __attribute__((visibility("default")))

/*
 * Opens /dev/netbuf and maps its window on first use. Returns true when the
 * device is ready; false with errno set to the reason otherwise.
 */
bool netbuf_ready(void);

/*
 * Translates a pointer into the window offset the kernel knows it by.
 * Never opens the device: without it nothing is live. Returns false for
 * a pointer outside the window or not page aligned.
 */
bool netbuf_offset_of(const void *ptr, __u64 *offset);

/* The pointer of a window offset returned by the kernel. */
void *netbuf_pointer_at(__u64 offset);

/*
 * ioctl on the context, restarted on EINTR. Returns 0, or -1 with errno
 * set. EPERM means the process inherited the context without running the
 * atfork handler: it is dropped, and the next netbuf_ready() opens anew.
 */
int netbuf_ioctl(unsigned long request, void *arg);

#endif /* NETBUF_INTERNAL_H */
