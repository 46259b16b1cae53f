// SPDX-License-Identifier: GPL-2.0
/*
 * The per-context limits max_buffers and max_bytes, lowered through sysfs:
 * exactly at the limit succeeds, one more is ENOMEM (raw) or
 * ERROR_NOT_ENOUGH_MEMORY (library); growth over the limit fails and leaves
 * the buffer intact; after frees, allocation works again; each context has
 * its own budget; INFO reports the limits. max_user_bytes is shared by all
 * the contexts of one user, counts each context and each buffer's metadata
 * as well as its pages (to the byte), and another user has a budget of its
 * own.
 */
#include <unistd.h>

#include "common.h"

#define WIN_SIZE	(64UL << 20)
#define NR_BUFFERS	10
#define NR_PAGES	16

static uint64_t orig_bytes, orig_buffers, orig_user_bytes;

static void raw_max_buffers(void)
{
	uint64_t off[NR_BUFFERS + 1], extra;
	struct netbuf_info info;
	struct raw_ctx c, d;
	int i;

	param_set(PARAM_MAX_BUFFERS, NR_BUFFERS);
	raw_open(&c, WIN_SIZE);
	if (EXPECT_RC(raw_info(c.fd, &info), 0))
		EXPECT_EQ(info.max_buffers, NR_BUFFERS);

	/* The last one at the limit is a zero-byte buffer: it counts too. */
	for (i = 0; i < NR_BUFFERS; i++)
		if (!EXPECT_RC(raw_alloc(c.fd, i == NR_BUFFERS - 1 ? 0 : 1,
					 &off[i]), 0))
			t_info("buffer %d of %d", i + 1, NR_BUFFERS);
	EXPECT_RC(raw_alloc(c.fd, 1, &extra), -ENOMEM);
	EXPECT_RC(raw_alloc(c.fd, 0, &extra), -ENOMEM);
	if (EXPECT_RC(raw_info(c.fd, &info), 0))
		EXPECT_EQ(info.live_buffers, NR_BUFFERS);

	/* Another context has its own count. */
	raw_open(&d, WIN_SIZE);
	for (i = 0; i < NR_BUFFERS; i++)
		EXPECT_RC(raw_alloc(d.fd, 1, NULL), 0);
	EXPECT_RC(raw_alloc(d.fd, 1, NULL), -ENOMEM);
	raw_close(&d);	/* releases its buffers */

	/* One freed, one more fits, and no more. */
	EXPECT_RC(raw_free(c.fd, off[3]), 0);
	EXPECT_RC(raw_alloc(c.fd, 4096, &off[3]), 0);
	EXPECT_RC(raw_alloc(c.fd, 1, &extra), -ENOMEM);
	for (i = 0; i < NR_BUFFERS; i++)
		EXPECT_RC(raw_free(c.fd, off[i]), 0);
	EXPECT_RC(raw_alloc(c.fd, 1, &extra), 0);
	EXPECT_RC(raw_free(c.fd, extra), 0);
	raw_close(&c);
	param_set(PARAM_MAX_BUFFERS, orig_buffers);
}

static void raw_max_bytes(void)
{
	const uint64_t ps = page_size(), max = NR_PAGES * ps;
	uint64_t a, b, z, nw, size;
	struct netbuf_info info;
	struct raw_ctx c;

	param_set(PARAM_MAX_BYTES, max);
	raw_open(&c, WIN_SIZE);
	if (EXPECT_RC(raw_info(c.fd, &info), 0))
		EXPECT_EQ(info.max_bytes, max);

	/* Exactly the limit, then not one byte more (but zero bytes fit). */
	if (EXPECT_RC(raw_alloc(c.fd, max, &a), 0)) {
		EXPECT_RC(raw_alloc(c.fd, 1, &b), -ENOMEM);
		if (EXPECT_RC(raw_alloc(c.fd, 0, &z), 0))
			EXPECT_RC(raw_free(c.fd, z), 0);
		EXPECT_RC(raw_free(c.fd, a), 0);
	}
	EXPECT_RC(raw_alloc(c.fd, max + 1, &a), -ENOMEM);
	/* Page rounded: max - ps + 1 takes the whole budget. */
	if (EXPECT_RC(raw_alloc(c.fd, max - ps + 1, &a), 0)) {
		EXPECT_RC(raw_alloc(c.fd, 1, &b), -ENOMEM);
		EXPECT_RC(raw_free(c.fd, a), 0);
	}
	/* Two halves, then nothing; one freed, the other half fits again. */
	if (EXPECT_RC(raw_alloc(c.fd, max / 2, &a), 0) &&
	    EXPECT_RC(raw_alloc(c.fd, max / 2, &b), 0)) {
		EXPECT_RC(raw_alloc(c.fd, 1, &z), -ENOMEM);
		EXPECT_RC(raw_free(c.fd, b), 0);
		EXPECT_RC(raw_alloc(c.fd, max / 2, &b), 0);
		EXPECT_RC(raw_free(c.fd, a), 0);
		EXPECT_RC(raw_free(c.fd, b), 0);
	}

	/*
	 * REALLOC: 2 + 4 pages live. To 13 pages would end at 17 > 16: must
	 * fail, whatever is counted in between. To 10 pages ends at 14 and
	 * needs at most 16 even with both copies: must work.
	 */
	if (EXPECT_RC(raw_alloc(c.fd, 2 * ps, &a), 0) &&
	    EXPECT_RC(raw_alloc(c.fd, 4 * ps, &b), 0)) {
		fill_pattern(c.win + a, 2 * ps, 1100);
		EXPECT_RC(raw_realloc(c.fd, a, 13 * ps, &nw), -ENOMEM);
		size = 0;
		EXPECT_RC(raw_size(c.fd, a, &size), 0);
		EXPECT_EQ(size, 2 * ps);
		EXPECT_PATTERN(c.win + a, 2 * ps, 1100);
		if (EXPECT_RC(raw_info(c.fd, &info), 0))
			EXPECT_EQ(info.live_bytes, 6 * ps);
		if (EXPECT_RC(raw_realloc(c.fd, a, 10 * ps, &nw), 0)) {
			EXPECT_PATTERN(c.win + nw, 2 * ps, 1100);
			EXPECT_ZERO(c.win + nw + 2 * ps, 8 * ps);
			a = nw;
		}
		if (EXPECT_RC(raw_info(c.fd, &info), 0))
			EXPECT_EQ(info.live_bytes, 14 * ps);
		EXPECT_RC(raw_free(c.fd, a), 0);
		EXPECT_RC(raw_free(c.fd, b), 0);
	}
	raw_close(&c);
	param_set(PARAM_MAX_BYTES, orig_bytes);
}

/*
 * Another user, while this one has used up its budget, has its own: a
 * context and NR_PAGES pages fit in it, twice that does not.
 */
static int other_user_has_own_budget(void *arg)
{
	const uint64_t ps = page_size();
	struct raw_ctx c;
	uint64_t off;

	(void)arg;
	if (!EXPECT_SYS_OK(setuid(65534)))
		return child_result();
	raw_open(&c, WIN_SIZE);
	EXPECT_RC(raw_alloc(c.fd, NR_PAGES * ps, &off), 0);
	EXPECT_RC(raw_alloc(c.fd, NR_PAGES * ps, NULL), -ENOMEM);
	raw_close(&c);
	return child_result();
}

static void raw_max_user_bytes(void)
{
	const uint64_t ps = page_size();
	const uint64_t ctx_charge = counter_read(SYSFS_CHARGE_CONTEXT);
	const uint64_t buf_charge = counter_read(SYSFS_CHARGE_BUFFER);
	const uint64_t was_meta = param_get(PARAM_SIZE_METADATA);
	uint64_t a, b, n;
	struct raw_ctx c, d;

	/*
	 * This user's only contexts: two, a 13-page and a 3-page buffer;
	 * no metadata pages (their charge: user_budget, meta_budget).
	 */
	param_set(PARAM_SIZE_METADATA, 0);
	param_set(PARAM_MAX_USER_BYTES, 2 * ctx_charge +
		  user_charge((NR_PAGES - 3) * ps) + user_charge(3 * ps));
	raw_open(&c, WIN_SIZE);
	raw_open(&d, WIN_SIZE);

	/* Two contexts of one user split the budget to the byte. */
	EXPECT_RC(raw_alloc(c.fd, (NR_PAGES - 3) * ps, &a), 0);
	EXPECT_RC(raw_alloc(d.fd, 3 * ps + 1, NULL), -ENOMEM);
	EXPECT_RC(raw_alloc(d.fd, 3 * ps, &b), 0);
	EXPECT_RC(raw_alloc(c.fd, 1, NULL), -ENOMEM);
	EXPECT_RC(raw_realloc(d.fd, b, 4 * ps, NULL), -ENOMEM);
	/* No page, but a descriptor: charged, so refused too. */
	EXPECT_RC(raw_alloc(d.fd, 0, NULL), -ENOMEM);
	EXPECT_EXIT(run_child(other_user_has_own_budget, NULL), T_PASS);

	/* Frees, and closing a context, give the budget back. */
	EXPECT_RC(raw_free(c.fd, a), 0);
	EXPECT_RC(raw_alloc(c.fd, (NR_PAGES - 3) * ps, &a), 0);
	raw_close(&d);
	EXPECT_RC(raw_alloc(c.fd, 3 * ps, NULL), 0);
	/* What d's context was charged is left: so many zero-size buffers. */
	for (n = 0; n <= ctx_charge / buf_charge; n++)
		if (raw_alloc(c.fd, 0, NULL) < 0)
			break;
	EXPECT_EQ(n, ctx_charge / buf_charge);
	EXPECT_RC(raw_alloc(c.fd, 0, NULL), -ENOMEM);
	raw_close(&c);
	param_set(PARAM_MAX_USER_BYTES, orig_user_bytes);
	param_set(PARAM_SIZE_METADATA, was_meta);
}

static void library_max_buffers(void)
{
	void *p[NR_BUFFERS], *extra;
	int i;

	param_set(PARAM_MAX_BUFFERS, NR_BUFFERS);
	for (i = 0; i < NR_BUFFERS; i++)
		if (!EXPECT_STATUS(NetApiBufferAllocate(100, &p[i]),
				   NERR_Success))
			p[i] = NULL;
	extra = (void *)&extra;
	EXPECT_STATUS(NetApiBufferAllocate(100, &extra),
		      ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_PTR(extra, NULL);
	extra = (void *)&extra;
	EXPECT_STATUS(NetApiBufferReallocate(NULL, 1, &extra),
		      ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_PTR(extra, NULL);

	if (p[0])
		EXPECT_STATUS(NetApiBufferFree(p[0]), NERR_Success);
	p[0] = NULL;
	EXPECT_STATUS(NetApiBufferAllocate(100, &p[0]), NERR_Success);
	for (i = 0; i < NR_BUFFERS; i++)
		if (p[i])
			EXPECT_STATUS(NetApiBufferFree(p[i]), NERR_Success);
	param_set(PARAM_MAX_BUFFERS, orig_buffers);
}

static void library_max_bytes(void)
{
	const DWORD ps = (DWORD)page_size(), max = NR_PAGES * ps;
	uint8_t *a = NULL, *b = NULL, *q;
	void *x;
	DWORD n;

	param_set(PARAM_MAX_BYTES, max);
	if (EXPECT_STATUS(NetApiBufferAllocate(max, (void **)&a),
			  NERR_Success)) {
		x = (void *)&x;
		EXPECT_STATUS(NetApiBufferAllocate(1, &x),
			      ERROR_NOT_ENOUGH_MEMORY);
		EXPECT_PTR(x, NULL);
		EXPECT_STATUS(NetApiBufferFree(a), NERR_Success);
	}
	x = (void *)&x;
	EXPECT_STATUS(NetApiBufferAllocate(max + 1, &x),
		      ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_PTR(x, NULL);

	/* Reallocate growth over the limit: 8, and p intact. */
	a = b = NULL;
	if (EXPECT_STATUS(NetApiBufferAllocate(2 * ps, (void **)&a),
			  NERR_Success) &&
	    EXPECT_STATUS(NetApiBufferAllocate(4 * ps, (void **)&b),
			  NERR_Success)) {
		fill_pattern(a, 2 * ps, 1200);
		q = (uint8_t *)&q;
		EXPECT_STATUS(NetApiBufferReallocate(a, 13 * ps, (void **)&q),
			      ERROR_NOT_ENOUGH_MEMORY);
		EXPECT_PTR(q, NULL);
		n = 0;
		EXPECT_STATUS(NetApiBufferSize(a, &n), NERR_Success);
		EXPECT_EQ(n, 2 * ps);
		EXPECT_PATTERN(a, 2 * ps, 1200);
		q = NULL;
		if (EXPECT_STATUS(NetApiBufferReallocate(a, 10 * ps,
							 (void **)&q),
				  NERR_Success)) {
			EXPECT_PATTERN(q, 2 * ps, 1200);
			EXPECT_ZERO(q + 2 * ps, 8 * ps);
			a = q;
		}
	}
	if (a)
		EXPECT_STATUS(NetApiBufferFree(a), NERR_Success);
	if (b)
		EXPECT_STATUS(NetApiBufferFree(b), NERR_Success);

	/* After the frees the whole budget is there again. */
	a = NULL;
	if (EXPECT_STATUS(NetApiBufferAllocate(max, (void **)&a),
			  NERR_Success)) {
		EXPECT_ZERO(a, max);
		EXPECT_STATUS(NetApiBufferFree(a), NERR_Success);
	}
	param_set(PARAM_MAX_BYTES, orig_bytes);
}

int main(int argc, char **argv)
{
	uint64_t contexts, buffers;

	(void)argc;
	t_init(argv[0], 60);
	contexts = counter_read(SYSFS_CONTEXTS);
	buffers = counter_read(SYSFS_BUFFERS);
	orig_bytes = param_get(PARAM_MAX_BYTES);
	orig_buffers = param_get(PARAM_MAX_BUFFERS);
	orig_user_bytes = param_get(PARAM_MAX_USER_BYTES);

	raw_max_buffers();
	raw_max_user_bytes();
	raw_max_bytes();
	library_max_buffers();
	library_max_bytes();

	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	/* The library's context stays open until exit. */
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts + 1);
	return t_done();
}
