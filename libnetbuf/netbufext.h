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

/* netbuf_set_report() flags (netbuf-report(7)); NETBUF_REPORT says the same. */
#define NETBUF_REPORT_ERRORS	(1U << 0)	/* fault and bad-free reports */
#define NETBUF_REPORT_LEAKS	(1U << 1)	/* and the leak report at exit */
#define NETBUF_REPORT_HALT	(1U << 2)	/* abort() after a bad-free report */
#define NETBUF_GUARD_END	(1U << 3)	/* buffers end at a page's end */
#define NETBUF_GUARD_START	(1U << 4)	/* buffers start at a page's start */

/*
 * Replaces the reporting and guard settings of the process (those that
 * NETBUF_REPORT and NETBUF_GUARD gave it) with @flags, for the calls made
 * from now on: sites are recorded, and guards placed, for buffers
 * allocated afterwards. NETBUF_REPORT_ERRORS installs the SIGSEGV/SIGBUS
 * handler (chaining to the program's) once a window is mapped;
 * NETBUF_REPORT_LEAKS implies NETBUF_REPORT_ERRORS, NETBUF_REPORT_HALT
 * needs it. 0 turns everything off. Returns 0, or -1 with errno EINVAL
 * (an unknown flag, both guards, or HALT without ERRORS). Thread-safe;
 * not async-signal-safe.
 */
int netbuf_set_report(unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif /* NETBUFEXT_H */
