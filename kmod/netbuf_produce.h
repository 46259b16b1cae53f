/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The producer API of netbuf: kernel code allocates a buffer in a process's
 * netbuf context, fills it through a kernel mapping of its pages, and hands
 * it over as if the process had allocated it. The process owns it from then
 * on and frees it with one NetApiBufferFree (NETBUF_IOC_FREE).
 *
 * A producer runs in the context of the process that owns the file (an
 * ioctl or a system call of that process), holding a reference to it:
 *
 *	struct netbuf_produce p;
 *	u64 pos, offset;
 *
 *	ret = netbuf_produce_begin(file, size, &p);
 *	if (ret)
 *		return ret;
 *	ret = netbuf_produce_reserve(&p, sizeof(rec), 8, &pos);
 *	if (!ret)
 *		ret = netbuf_produce_write(&p, pos, &rec, sizeof(rec));
 *	...
 *	if (ret) {
 *		netbuf_produce_abort(&p);
 *		return ret;
 *	}
 *	offset = netbuf_produce_commit(&p);
 *
 * Until the commit the buffer is invisible to the process: Free, Size and
 * Reallocate do not find it and its pages are not mapped, so the producer
 * never races with the owner. Abort gives everything back.
 */
#ifndef NETBUF_PRODUCE_H
#define NETBUF_PRODUCE_H

#include <linux/types.h>

struct file;
struct netbuf_buffer;
struct netbuf_ctx;

/**
 * struct netbuf_produce - a buffer being produced
 * @ctx: the context it is produced in
 * @buf: the buffer, hidden until netbuf_produce_commit()
 * @offset: its offset in the context's window
 * @uaddr: the user address of its first byte in the owner's window
 * @size: its size in bytes, as NetApiBufferSize will report it
 * @used: bytes handed out by netbuf_produce_reserve() so far
 *
 * Filled by netbuf_produce_begin(); the producer reads @uaddr and @size
 * and changes nothing.
 */
struct netbuf_produce {
	struct netbuf_ctx *ctx;
	struct netbuf_buffer *buf;
	u64 offset;
	u64 uaddr;
	u64 size;
	u64 used;
};

int netbuf_produce_begin(struct file *file, u64 size, struct netbuf_produce *p);
int netbuf_produce_reserve(struct netbuf_produce *p, u64 len, u64 align,
			   u64 *pos);
int netbuf_produce_write(struct netbuf_produce *p, u64 pos, const void *src,
			 size_t len);
u64 netbuf_produce_commit(struct netbuf_produce *p);
void netbuf_produce_abort(struct netbuf_produce *p);

/* For netbuf's KUnit tests: a context instead of a file. */
int netbuf_ctx_produce_begin(struct netbuf_ctx *ctx, u64 size,
			     struct netbuf_produce *p);

#endif /* NETBUF_PRODUCE_H */
