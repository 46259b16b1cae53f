// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetApiBufferSize without a system call: the module keeps, for every
 * window page, the start and size of the live buffer that starts on it in
 * metadata the process maps read-only (ABI 5, NETBUF_META_* in the uapi
 * header). One 64-bit load reads an entry: the module writes each with one
 * 64-bit store, so the load sees the old or the new value, never a mix, and
 * a Size racing with a Free gets the size before or the answer after.
 * Anything the entry cannot answer (no entry, another start, an old module
 * without metadata) goes to NETBUF_IOC_SIZE, which stays the truth.
 */
#define _FILE_OFFSET_BITS 64	/* NETBUF_META_OFFSET is above 4 GiB */

#include <stddef.h>
#include <sys/mman.h>

#include <linux/netbuf.h>

#include "internal.h"

const uint64_t *netbuf_meta_map(int fd, uint64_t window_size,
				uint64_t page_size, uint64_t meta_offset)
{
	void *p;

	/* A 32-bit process reads an entry in one load only where it can. */
	if (meta_offset != NETBUF_META_OFFSET ||
	    !__atomic_always_lock_free(sizeof(uint64_t), 0))
		return NULL;
	p = mmap(NULL, netbuf_meta_bytes_of(window_size, page_size), PROT_READ,
		 MAP_SHARED, fd, (off_t)meta_offset);
	return p == MAP_FAILED ? NULL : p;
}

void netbuf_meta_retire(const uint64_t *meta, uint64_t window_size,
			uint64_t page_size)
{
	/*
	 * Zeroes in place of the mapping, in one step: a reader that still
	 * holds the view reads "ask the kernel" (87: the context is lost),
	 * never an unmapped page, and the lost context no longer has this
	 * mapping holding it (unmapping its window then releases it). If the
	 * kernel cannot give the zeroes, the mapping stays: memory held, but
	 * no reader can fault.
	 */
	if (meta)
		mmap((void *)meta, netbuf_meta_bytes_of(window_size, page_size),
		     PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		     MAP_FIXED, -1, 0);
}

bool netbuf_meta_size(const uint64_t *meta, unsigned int page_shift,
		      __u64 offset, __u64 *size)
{
	uint64_t entry;

	if (!meta)
		return false;
	entry = __atomic_load_n(&meta[offset >> page_shift], __ATOMIC_RELAXED);
	if (!(entry & NETBUF_META_VALID) ||
	    (entry & NETBUF_META_START_MASK) !=
	    (offset & ((1ULL << page_shift) - 1)))
		return false;
	*size = entry >> NETBUF_META_SIZE_SHIFT;
	return true;
}
