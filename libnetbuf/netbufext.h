/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * netbufext.h - what libnetbuf offers beyond the Windows API: a few
 * functions for programs that know they run on netbuf. Nothing here is
 * needed to use lmapibuf.h.
 */
#ifndef NETBUFEXT_H
#define NETBUFEXT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What netbuf_backend() answers (netbuf_backend(3)). */
enum netbuf_backend {
	NETBUF_BACKEND_NONE = 0,	/* no backend: allocations fail (8) */
	NETBUF_BACKEND_KERNEL = 1,	/* /dev/netbuf, the netbuf module */
	NETBUF_BACKEND_USER = 2,	/* the library's user-space allocator */
};

/*
 * Which backend serves this process's buffers, chosen now if no call has
 * chosen it yet (NETBUF_BACKEND=auto, the default, then opens /dev/netbuf:
 * the kernel when it opens, else the user backend). NETBUF_BACKEND_NONE
 * when none can: NETBUF_BACKEND=kernel and the device cannot be used, or
 * an invalid NETBUF_BACKEND or NETBUF_USER_MAX_BYTES; errno then says why.
 * If @why is not NULL, one line for a person (what serves, or why nothing
 * does and what to do) is written there, cut to @len bytes with its NUL.
 * Thread-safe; never prints.
 */
enum netbuf_backend netbuf_backend(char *why, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* NETBUFEXT_H */
