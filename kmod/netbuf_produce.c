// SPDX-License-Identifier: GPL-2.0
/*
 * The producer API: kernel code fills a buffer of a process's context and
 * hands it over as if the process had allocated it (see netbuf_produce.h).
 * The buffer is reserved hidden, written page by page through
 * kmap_local_page(), and published at the end, or given back whole.
 */
#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "netbuf_internal.h"

/**
 * netbuf_ctx_produce_begin() - start producing a buffer in a context
 * @ctx: the context
 * @size: bytes of the buffer, 1 or more; NetApiBufferSize reports them
 * @p: filled in for the calls below
 *
 * The buffer is zero-filled, charged to the context's limits and counted
 * like any other, and hidden from the process until netbuf_produce_commit().
 *
 * Context: process context of the owner; takes the context lock.
 * Return: 0; -EINVAL for a size of 0; -ENOMEM (memory, limits, no room);
 * -ENXIO (the window is not mapped); -EINTR (fatal signal).
 */
int netbuf_ctx_produce_begin(struct netbuf_ctx *ctx, u64 size,
			     struct netbuf_produce *p)
{
	int ret;

	if (!size)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	ret = netbuf_ctx_reserve(ctx, size, &p->buf, &p->offset);
	if (ret)
		return ret;
	p->ctx = ctx;
	p->size = size;
	mutex_lock(&ctx->lock);
	p->uaddr = ctx->window_start + p->offset;
	mutex_unlock(&ctx->lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_ctx_produce_begin);

/**
 * netbuf_produce_begin() - start producing a buffer for a process
 * @file: an open file of /dev/netbuf, of the calling process
 * @size: bytes of the buffer, 1 or more; NetApiBufferSize reports them
 * @p: filled in for the calls below
 *
 * A producer that writes pointers into the buffer writes user addresses
 * of the owner's window (@p->uaddr plus a position), in the layout of the
 * caller's ABI (in_compat_syscall() tells a 32-bit one).
 *
 * Context: process context of the process that opened @file; the caller
 * holds a reference to @file until it commits or aborts.
 * Return: as netbuf_ctx_produce_begin(); -EBADF if @file is not a netbuf
 * file; -EPERM if the caller is not the process that opened it.
 */
int netbuf_produce_begin(struct file *file, u64 size, struct netbuf_produce *p)
{
	struct netbuf_ctx *ctx = netbuf_file_ctx(file);

	if (!ctx)
		return -EBADF;
	if (current->mm != ctx->mm)
		return -EPERM;
	return netbuf_ctx_produce_begin(ctx, size, p);
}
EXPORT_SYMBOL_GPL(netbuf_produce_begin);

/**
 * netbuf_produce_reserve() - carve the next bytes of the buffer
 * @p: a buffer being produced
 * @len: bytes wanted
 * @align: their alignment, a power of two
 * @pos: out: their position from the start of the buffer
 *
 * Hands out the buffer from its start, in order, so a producer places its
 * structures first and their strings after them.
 *
 * Return: 0, or -ENOSPC when they do not fit in the buffer's size.
 */
int netbuf_produce_reserve(struct netbuf_produce *p, u64 len, u64 align,
			   u64 *pos)
{
	u64 start = ALIGN(p->used, align);

	if (start < p->used || start > p->size || len > p->size - start)
		return -ENOSPC;
	*pos = start;
	p->used = start + len;
	return 0;
}
EXPORT_SYMBOL_GPL(netbuf_produce_reserve);

/**
 * netbuf_produce_write() - copy bytes into the buffer
 * @p: a buffer being produced
 * @pos: position from the start of the buffer
 * @src: kernel memory to copy
 * @len: bytes to copy
 *
 * Return: 0, or -ENOSPC when [@pos, @pos + @len) is not inside the buffer.
 */
int netbuf_produce_write(struct netbuf_produce *p, u64 pos, const void *src,
			 size_t len)
{
	size_t off, n;
	void *page;

	if (pos > p->size || len > p->size - pos)
		return -ENOSPC;
	while (len) {
		off = pos & (PAGE_SIZE - 1);
		n = min_t(size_t, len, PAGE_SIZE - off);
		page = kmap_local_page(p->buf->pages[pos >> PAGE_SHIFT]);
		memcpy(page + off, src, n);
		kunmap_local(page);
		pos += n;
		src = (const u8 *)src + n;
		len -= n;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(netbuf_produce_write);

/**
 * netbuf_produce_commit() - hand the buffer to the process
 * @p: a buffer being produced; unusable afterwards
 *
 * From here on the buffer is an ordinary live buffer of the process, which
 * frees it with NetApiBufferFree. Cannot fail: anything that can is done
 * before. A producer that cannot tell the process the offset (a failed
 * copy_to_user) frees it again with the context's free.
 *
 * Return: the buffer's offset in the window.
 */
u64 netbuf_produce_commit(struct netbuf_produce *p)
{
	netbuf_ctx_publish(p->ctx, p->buf);
	p->buf = NULL;
	return p->offset;
}
EXPORT_SYMBOL_GPL(netbuf_produce_commit);

/**
 * netbuf_produce_abort() - give the buffer back
 * @p: a buffer being produced; unusable afterwards
 *
 * Everything netbuf_produce_begin() took is released: pages, descriptor,
 * window range, and the charges to the limits. The process never saw it.
 */
void netbuf_produce_abort(struct netbuf_produce *p)
{
	netbuf_ctx_unreserve(p->ctx, p->buf);
	p->buf = NULL;
}
EXPORT_SYMBOL_GPL(netbuf_produce_abort);
