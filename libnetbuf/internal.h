/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal interface between the API functions and the device state. */
#ifndef NETBUF_INTERNAL_H
#define NETBUF_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/types.h>

#include "lmcons.h"
#include "netbufext.h"

#define NETBUF_EXPORT __attribute__((visibility("default")))

/*
 * @max bytes of address space, or less: at most 1/@share of RLIMIT_AS
 * when that is limited (the rest is the program's).
 */
uint64_t netbuf_address_budget(uint64_t max, unsigned int share);

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
/*
 * Replaces the metadata mapping of a retired view by zeroes, so that it
 * no longer holds the lost context; readers keep working (see sizemeta.c).
 */
void netbuf_meta_retire(const uint64_t *meta, uint64_t window_size,
			uint64_t page_size);
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
NET_API_STATUS netbuf_api_allocate(DWORD ByteCount, LPVOID *Buffer,
				   uintptr_t site);
NET_API_STATUS netbuf_api_free(LPVOID Buffer, uintptr_t site);

/* ---- Reports (report.c, netbuf-report(7)) ---- */

/* NETBUF_REPORT_* and NETBUF_GUARD_* of netbufext.h; 0: all off. */
extern _Atomic unsigned int netbuf_report_mode;

static inline unsigned int netbuf_reporting(void)
{
	return atomic_load_explicit(&netbuf_report_mode, memory_order_relaxed);
}

/* The site a call of the program's is recorded with: its return address. */
#define NETBUF_CALLER	((uintptr_t)__builtin_return_address(0))

/*
 * The site of the network-management call in progress on this thread (its
 * caller's return address): the exported lm functions set it, and the
 * buffer netbuf_produce() allocates is recorded with it.
 */
extern __thread uintptr_t netbuf_lm_site
	__attribute__((tls_model("initial-exec")));
#define NETBUF_LM_ENTRY()	(netbuf_lm_site = NETBUF_CALLER)

/*
 * The kernel's flags for a buffer allocated or resized now, for @mode
 * (non-zero): *_SITE and the guards, those the module's ABI has (opening
 * the context if none is open: its ABI decides). ALLOC's and REALLOC's
 * flags have the same values.
 */
__u32 netbuf_report_alloc_flags(unsigned int mode);
/* FREE's: NETBUF_FREE_SITE when the module records sites. */
__u32 netbuf_report_free_flags(unsigned int mode);

/*
 * A window was mapped (@view): with reporting on, installs the fault
 * handler and the leak report, once.
 */
void netbuf_report_opened(const struct netbuf_view *view);

/*
 * NetApiBufferFree(@ptr) from @site was refused: the double-free or
 * invalid-free report on stderr (and abort() with NETBUF_REPORT_HALT).
 * @view is the open context, or NULL. Keeps errno.
 */
void netbuf_report_bad_free(const struct netbuf_view *view, const void *ptr,
			    uintptr_t site);

/* ---- What reports need of the view (device.c) ---- */

/* NETBUF_ABI_VERSION of the module the view's context is on. */
unsigned int netbuf_view_abi(const struct netbuf_view *view);
size_t netbuf_view_page_size(const struct netbuf_view *view);
/* Like netbuf_offset_of() for any byte of the window, aligned or not. */
bool netbuf_window_offset(const struct netbuf_view *view, uintptr_t addr,
			  __u64 *offset);

struct netbuf_whatis;
/*
 * NETBUF_IOC_WHATIS on the view's context: 0, or -1 with errno. Never
 * retires the view, takes no lock: async-signal-safe.
 */
int netbuf_whatis(const struct netbuf_view *view, struct netbuf_whatis *w);

#endif /* NETBUF_INTERNAL_H */
