/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lmapibuf.h - the Windows NetApiBuffer API on Linux, backed by /dev/netbuf.
 *
 * Buffers are allocated by the kernel module netbuf.ko and mapped into the
 * calling process. The kernel keeps the table of live buffers, so a double
 * free, a pointer into the middle of a buffer, or a pointer that never came
 * from this API is reported with ERROR_INVALID_PARAMETER instead of
 * corrupting memory, and a freed buffer faults when it is touched.
 *
 * Every function is thread-safe and never prints, but not async-signal-safe:
 * the first use (and the first after fork() or a lost descriptor) takes a
 * mutex and allocates, so do not call them from a signal handler. The device
 * is opened on first use (O_CLOEXEC). After fork() the child starts with
 * fresh state: it does not see the parent's buffers (a touch is SIGSEGV) and
 * cannot free, size or resize them (87), ever.
 *
 * If the program closes the library's descriptor (as daemons do) or its
 * number comes to name another file or context, the next call detects it
 * (the kernel refuses a request naming another context) and the library
 * opens a fresh context whose window cannot overlap the old one. Buffers of
 * the lost context get ERROR_INVALID_PARAMETER from every function; they
 * stay mapped and are released when their window is unmapped or the process
 * exits. The library never closes or reuses a descriptor number it lost.
 *
 * Without the device (module not loaded, no permission) the library's own
 * user-space allocator serves instead, with the same statuses but weaker
 * promises (netbuf_backend(3) in netbufext.h). With NETBUF_BACKEND=kernel
 * it does not: allocations return
 * ERROR_NOT_ENOUGH_MEMORY, NetApiBufferFree(NULL) returns NERR_Success, and
 * every other call with a non-NULL pointer returns ERROR_INVALID_PARAMETER,
 * since nothing is live. errno then holds the reason the device could not be
 * opened or mapped (ENOENT: module not loaded; EACCES: permission).
 * Every ERROR_NOT_ENOUGH_MEMORY leaves its reason in errno, the calling
 * thread's own: the way to ask why the last call failed (ENOMEM: memory,
 * window room or a limit of the module; see NetApiBufferAllocate(3)).
 * Parameter errors (ERROR_INVALID_PARAMETER) never change errno.
 */
#ifndef LMAPIBUF_H
#define LMAPIBUF_H

#include "lmcons.h"
#include "lmerr.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Allocates ByteCount bytes (0 to 0xFFFFFFFF), zero-filled, at least 16-byte
 * (in fact page) aligned, and stores the pointer in *Buffer.
 * Returns NERR_Success; ERROR_INVALID_PARAMETER if Buffer is NULL (nothing
 * allocated); ERROR_NOT_ENOUGH_MEMORY with *Buffer set to NULL when memory,
 * a limit of the module, or the device is missing. A zero-byte buffer has a
 * unique non-NULL address that must not be dereferenced.
 */
NET_API_STATUS NET_API_FUNCTION NetApiBufferAllocate(DWORD ByteCount,
						     LPVOID *Buffer);

/*
 * Frees a buffer returned by this API. Returns NERR_Success for NULL (no
 * effect) and for a live buffer (its pages leave the process: a later access
 * raises SIGBUS); ERROR_INVALID_PARAMETER, freeing nothing, for any other
 * pointer (already freed, interior, from malloc, random).
 */
NET_API_STATUS NET_API_FUNCTION NetApiBufferFree(LPVOID Buffer);

/*
 * Resizes OldBuffer to NewByteCount bytes and stores the result in
 * *NewBuffer, which may differ from OldBuffer. The first min(old, new)
 * bytes are kept, growth is zero-filled. OldBuffer NULL: as
 * NetApiBufferAllocate. NewByteCount 0: frees OldBuffer, *NewBuffer = NULL.
 * Returns NERR_Success; ERROR_INVALID_PARAMETER if NewBuffer is NULL or
 * OldBuffer is not live; ERROR_NOT_ENOUGH_MEMORY on lack of memory or a
 * limit. On failure *NewBuffer (if given) is NULL and OldBuffer is unchanged
 * and still live.
 */
NET_API_STATUS NET_API_FUNCTION NetApiBufferReallocate(LPVOID OldBuffer,
						       DWORD NewByteCount,
						       LPVOID *NewBuffer);

/*
 * Stores in *ByteCount the exact size last requested for Buffer.
 * Returns NERR_Success; ERROR_INVALID_PARAMETER, leaving *ByteCount
 * untouched, if Buffer is NULL or not live, or if ByteCount is NULL.
 */
NET_API_STATUS NET_API_FUNCTION NetApiBufferSize(LPVOID Buffer,
						 LPDWORD ByteCount);

#ifdef __cplusplus
}
#endif

#endif /* LMAPIBUF_H */
