// SPDX-License-Identifier: GPL-2.0
/*
 * The raw ioctl ABI of /dev/netbuf (uapi/linux/netbuf.h), without the
 * library: INFO before and after mmap, ENXIO before the window exists,
 * flags and out fields that must be zero, the context field (ABI 3: the
 * context's id from INFO, another context's id is ESTALE and changes
 * nothing, INFO's is an out field), offsets that are not a live
 * buffer's start, huge and zero sizes, page-granular zero-filled buffers
 * with a guard page, REALLOC in place and by moving, ENOTTY for commands
 * that are not ours (another magic, number or direction; other sizes of
 * our structs are abi_grow's), EFAULT for bad argument pointers (including ones inside
 * the window), argument structs inside a live buffer, a full window, and
 * EPERM for every ioctl and mmap from a forked child.
 */
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "common.h"

#define WIN_SIZE	(256UL << 20)
#define U64_MAX		UINT64_MAX

static uint64_t live_buffers(int fd)
{
	struct netbuf_info info;

	if (!EXPECT_RC(raw_info(fd, &info), 0))
		return UINT64_MAX;
	return info.live_buffers;
}

static uint64_t live_bytes(int fd)
{
	struct netbuf_info info;

	if (!EXPECT_RC(raw_info(fd, &info), 0))
		return UINT64_MAX;
	return info.live_bytes;
}

/*
 * cmd with the valid request req, except one field that must be 0 on input
 * (an out field, flags or reserved) set to value: EINVAL, whichever field.
 * Each use changes a copy, so req stays valid for the next field.
 */
#define EXPECT_FIELD_EINVAL(fd, cmd, req, field, value) do {		\
	typeof(req) r_;							\
									\
	memcpy(&r_, &(req), sizeof(r_));				\
	r_.field = (value);						\
	if (!EXPECT_RC(raw_ioctl((fd), (cmd), &r_), -EINVAL))		\
		t_info(#cmd " with " #field " = %#llx",			\
		       (unsigned long long)r_.field);			\
} while (0)

#define NR_BAD	16

/* The id INFO reports for the context of fd (0 if INFO fails). */
static uint32_t context_id(int fd)
{
	struct netbuf_info info;

	if (!EXPECT_RC(raw_info(fd, &info), 0))
		return 0;
	return info.context;
}

/* The usage INFO reports, to show that a request changed nothing. */
static bool same_usage(int fd, const struct netbuf_info *before,
		       const char *after)
{
	struct netbuf_info now;

	if (!EXPECT_RC(raw_info(fd, &now), 0))
		return false;
	if (now.live_buffers == before->live_buffers &&
	    now.live_bytes == before->live_bytes)
		return true;
	FAIL("after %s: %llu buffers, %llu bytes live, expected %llu, %llu",
	     after, (unsigned long long)now.live_buffers,
	     (unsigned long long)now.live_bytes,
	     (unsigned long long)before->live_buffers,
	     (unsigned long long)before->live_bytes);
	return false;
}

/*
 * Offsets that can never be a live buffer's start, for a live one at off,
 * then that of a buffer just allocated and freed (when both worked; *dead,
 * if asked for, is it or UINT64_MAX). Returns how many it put in bad: 11
 * at most, so the caller has room for more.
 */
static size_t non_live_offsets(struct raw_ctx *c, uint64_t off,
			       uint64_t bad[NR_BAD], uint64_t *dead)
{
	const uint64_t ps = page_size();
	uint64_t d;
	size_t i = 0;

	bad[i++] = off + 1;
	bad[i++] = off + 8;
	bad[i++] = off + ps - 1;
	bad[i++] = off + ps;		/* interior page (2-page buffer) */
	bad[i++] = c->size;		/* just past the window */
	bad[i++] = c->size + ps;
	bad[i++] = c->size / 2 + ps;	/* in the window, never allocated */
	bad[i++] = U64_MAX;
	bad[i++] = U64_MAX & ~(ps - 1);
	bad[i++] = 1ULL << 63;
	if (dead)
		*dead = UINT64_MAX;
	if (EXPECT_RC(raw_alloc(c->fd, 1, &d), 0) &&
	    EXPECT_RC(raw_free(c->fd, d), 0)) {
		bad[i++] = d;
		if (dead)
			*dead = d;
	}
	return i;
}

static void info_and_enxio_before_mmap(void)
{
	const uint64_t ps = page_size();
	struct netbuf_info info;
	uint64_t off = 0;
	void *win;
	int fd = dev_open();

	if (EXPECT_RC(raw_info(fd, &info), 0)) {
		EXPECT_EQ(info.abi_version, NETBUF_ABI_VERSION);
		EXPECT_EQ(info.page_size, ps);
		EXPECT_EQ(info.window_size, 0);
		EXPECT_EQ(info.max_bytes, param_get(PARAM_MAX_BYTES));
		EXPECT_EQ(info.max_buffers, param_get(PARAM_MAX_BUFFERS));
		EXPECT_EQ(info.live_bytes, 0);
		EXPECT_EQ(info.live_buffers, 0);
	}
	EXPECT_RC(raw_alloc(fd, 1, &off), -ENXIO);
	EXPECT_RC(raw_alloc(fd, 0, &off), -ENXIO);
	/* Nothing can be live yet: either answer is right. */
	EXPECT_RC2(raw_size(fd, 0, NULL), -EINVAL, -ENXIO);
	EXPECT_RC2(raw_free(fd, 0), -EINVAL, -ENXIO);
	EXPECT_RC2(raw_realloc(fd, 0, 10, NULL), -EINVAL, -ENXIO);

	win = mmap(NULL, WIN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (EXPECT_SYS_OK(win) && EXPECT_RC(raw_info(fd, &info), 0)) {
		EXPECT_EQ(info.window_size, WIN_SIZE);
		EXPECT_EQ(info.live_buffers, 0);
		EXPECT_RC(raw_alloc(fd, 1, &off), 0);
		EXPECT_RC(raw_free(fd, off), 0);
	}
	if (win != MAP_FAILED)
		munmap(win, WIN_SIZE);
	close(fd);
}

static void info_fields(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	struct netbuf_info info;
	uint64_t off[4];
	size_t i;

	/* Every out field (context too) and flags must be 0 on input. */
	memset(&info, 0, sizeof(info));
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_INFO, info, abi_version, 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_INFO, info, page_size, ps);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_INFO, info, window_size, 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_INFO, info, max_bytes, 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_INFO, info, max_buffers, 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_INFO, info, live_bytes, 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_INFO, info, live_buffers, 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_INFO, info, flags, 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_INFO, info, context, 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_INFO, info, context,
			    context_id(c->fd));

	/* Usage: page-rounded bytes, zero-byte buffers count as buffers. */
	EXPECT_RC(raw_alloc(c->fd, 1, &off[0]), 0);
	EXPECT_RC(raw_alloc(c->fd, ps, &off[1]), 0);
	EXPECT_RC(raw_alloc(c->fd, ps + 1, &off[2]), 0);
	EXPECT_RC(raw_alloc(c->fd, 0, &off[3]), 0);
	if (EXPECT_RC(raw_info(c->fd, &info), 0)) {
		EXPECT_EQ(info.live_buffers, 4);
		EXPECT_EQ(info.live_bytes, 4 * ps);
		EXPECT_EQ(info.window_size, c->size);
	}
	for (i = 0; i < 4; i++)
		EXPECT_RC(raw_free(c->fd, off[i]), 0);
	if (EXPECT_RC(raw_info(c->fd, &info), 0)) {
		EXPECT_EQ(info.live_buffers, 0);
		EXPECT_EQ(info.live_bytes, 0);
	}
}

static void alloc_fields(struct raw_ctx *c)
{
	struct netbuf_alloc a;
	uint64_t before = live_buffers(c->fd);

	memset(&a, 0, sizeof(a));
	a.size = 100;
	/* The lowest flag the ABI does not define (1 until ABI 5). */
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_ALLOC, a, flags,
			    NETBUF_ALLOC_FLAGS_VALID + 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_ALLOC, a, flags, 0x80000000u);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_ALLOC, a, offset, 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_ALLOC, a, offset, page_size());
	EXPECT_EQ(live_buffers(c->fd), before);
}

/* Zero-filled whole pages, offsets page aligned in the window, a guard. */
static void alloc_pages(struct raw_ctx *c)
{
	static const uint64_t sizes[] = {
		1, 100, 4095, 4096, 4097, 3 * 4096 + 1, 1 << 20,
	};
	const uint64_t ps = page_size();
	uint64_t off[sizeof(sizes) / sizeof(sizes[0])], got;
	size_t i, n = sizeof(sizes) / sizeof(sizes[0]);

	for (i = 0; i < n; i++) {
		uint64_t span = page_round(sizes[i]);

		off[i] = UINT64_MAX;
		if (!EXPECT_RC(raw_alloc(c->fd, sizes[i], &off[i]), 0))
			continue;
		if (!EXPECT_EQ(off[i] % ps, 0) ||
		    !CHECK(off[i] + span <= c->size)) {
			off[i] = UINT64_MAX;
			continue;
		}
		EXPECT_ZERO(c->win + off[i], span);
		if (off[i] + span < c->size)
			EXPECT_READ(c->win + off[i] + span, SIGBUS);
		fill_pattern(c->win + off[i], span, 200 + (uint32_t)i);
		EXPECT_RC(raw_size(c->fd, off[i], &got), 0);
		EXPECT_EQ(got, sizes[i]);
	}
	/* Writing the slack of one never touched another. */
	for (i = 0; i < n; i++) {
		if (off[i] == UINT64_MAX)
			continue;
		EXPECT_PATTERN(c->win + off[i], page_round(sizes[i]),
			       200 + (uint32_t)i);
		EXPECT_RC(raw_free(c->fd, off[i]), 0);
		/* Unmapped before the pages went back. */
		EXPECT_READ(c->win + off[i], SIGBUS);
		EXPECT_READ(c->win + off[i] + page_round(sizes[i]) - 1, SIGBUS);
	}
}

static void alloc_zero_size(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	uint64_t off[3], big = UINT64_MAX, got;
	size_t i, j;

	EXPECT_RC(raw_alloc(c->fd, 2 * ps, &big), 0);
	for (i = 0; i < 3; i++) {
		off[i] = UINT64_MAX;
		if (!EXPECT_RC(raw_alloc(c->fd, 0, &off[i]), 0))
			continue;
		EXPECT_EQ(off[i] % ps, 0);
		CHECK(off[i] < c->size);
		if (big != UINT64_MAX)
			CHECK(off[i] < big || off[i] >= big + 2 * ps);
		EXPECT_READ(c->win + off[i], SIGBUS);
		EXPECT_RC(raw_size(c->fd, off[i], &got), 0);
		EXPECT_EQ(got, 0);
		for (j = 0; j < i; j++)
			if (off[j] != UINT64_MAX)
				CHECK(off[i] != off[j]);
	}
	EXPECT_EQ(live_bytes(c->fd), big == UINT64_MAX ? 0 : 2 * ps);
	for (i = 0; i < 3; i++)
		if (off[i] != UINT64_MAX)
			EXPECT_RC(raw_free(c->fd, off[i]), 0);
	if (big != UINT64_MAX)
		EXPECT_RC(raw_free(c->fd, big), 0);
}

static void alloc_huge(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	uint64_t max = param_get(PARAM_MAX_BYTES);
	uint64_t sizes[] = {
		U64_MAX, U64_MAX - (ps - 2), U64_MAX - (ps - 1), U64_MAX - ps,
		1ULL << 63, 1ULL << 40, max + 1, page_round(max) + 1,
		0xffffffffULL,
	};
	uint64_t before = live_buffers(c->fd), off;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (page_round(sizes[i]) <= max && page_round(sizes[i]) != 0)
			continue;	/* U32_MAX under a raised limit */
		off = 0x1234;
		if (!EXPECT_RC(raw_alloc(c->fd, sizes[i], &off), -ENOMEM))
			t_info("ALLOC(%#llx) gave offset %#llx",
			       (unsigned long long)sizes[i],
			       (unsigned long long)off);
	}
	EXPECT_EQ(live_buffers(c->fd), before);
}

static void realloc_fields(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	struct netbuf_realloc r;
	uint64_t off, bad[NR_BAD];
	size_t i, n;

	if (!EXPECT_RC(raw_alloc(c->fd, 2 * ps, &off), 0))
		return;
	fill_pattern(c->win + off, 2 * ps, 300);
	memset(&r, 0, sizeof(r));
	r.offset = off;
	r.size = 3 * ps;
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_REALLOC, r, flags,
			    NETBUF_REALLOC_FLAGS_VALID + 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_REALLOC, r, new_offset, off + ps);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_REALLOC, r, new_offset, 1);
	n = non_live_offsets(c, off, bad, NULL);
	for (i = 0; i < n; i++)
		if (!EXPECT_RC(raw_realloc(c->fd, bad[i], ps, NULL), -EINVAL))
			t_info("REALLOC of offset %#llx",
			       (unsigned long long)bad[i]);
	EXPECT_RAW_LIVE(c, off, 2 * ps, 300);
	EXPECT_RC(raw_free(c->fd, off), 0);
}

static void size_fields(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	struct netbuf_size s;
	uint64_t off, bad[NR_BAD];
	size_t i, n;

	if (!EXPECT_RC(raw_alloc(c->fd, 2 * ps, &off), 0))
		return;
	memset(&s, 0, sizeof(s));
	s.offset = off;
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_SIZE, s, flags, 1);
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_SIZE, s, size, 1);
	n = non_live_offsets(c, off, bad, NULL);
	for (i = 0; i < n; i++)
		if (!EXPECT_RC(raw_size(c->fd, bad[i], NULL), -EINVAL))
			t_info("SIZE of offset %#llx",
			       (unsigned long long)bad[i]);
	EXPECT_RC(raw_free(c->fd, off), 0);
}

static void free_fields(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	struct netbuf_free f;
	uint64_t off, dead, bad[NR_BAD], before;
	size_t i, n;

	if (!EXPECT_RC(raw_alloc(c->fd, 2 * ps, &off), 0))
		return;
	fill_pattern(c->win + off, 2 * ps, 310);
	before = live_buffers(c->fd);
	memset(&f, 0, sizeof(f));
	f.offset = off;
	EXPECT_FIELD_EINVAL(c->fd, NETBUF_IOC_FREE, f, flags,
			    NETBUF_FREE_FLAGS_VALID + 1);
	n = non_live_offsets(c, off, bad, &dead);
	if (dead != UINT64_MAX)
		bad[n++] = dead;	/* and again: still refused */
	for (i = 0; i < n; i++)
		if (!EXPECT_RC(raw_free(c->fd, bad[i]), -EINVAL))
			t_info("FREE of offset %#llx",
			       (unsigned long long)bad[i]);
	EXPECT_EQ(live_buffers(c->fd), before);
	EXPECT_RAW_LIVE(c, off, 2 * ps, 310);
	EXPECT_RC(raw_free(c->fd, off), 0);
	EXPECT_RC(raw_free(c->fd, off), -EINVAL);
}

/* REALLOC: what is kept, what reads zero, what moves, what faults. */
static void realloc_behaviour(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	uint64_t off, nw, got;
	uint8_t *b;

	/*
	 * Slack written past the size, then growth in the same page. Above
	 * 2048 bytes (the largest small_max) a buffer has a page of its own;
	 * below, it is a small buffer (netbuf(4)), which another test covers.
	 */
	if (EXPECT_RC(raw_alloc(c->fd, 2100, &off), 0)) {
		b = c->win + off;
		fill_pattern(b, ps, 400);
		if (EXPECT_RC(raw_realloc(c->fd, off, 4000, &nw), 0)) {
			/* Same page count: in place. */
			EXPECT_EQ(nw, off);
			b = c->win + nw;
			EXPECT_PATTERN(b, 2100, 400);
			EXPECT_ZERO(b + 2100, 4000 - 2100);
			off = nw;
		}
		/* Shrink in the page, then regrow: dropped bytes read zero. */
		fill_pattern(b, 4000, 401);
		if (EXPECT_RC(raw_realloc(c->fd, off, 2049, &nw), 0)) {
			EXPECT_EQ(nw, off);
			off = nw;
		}
		if (EXPECT_RC(raw_realloc(c->fd, off, ps, &nw), 0)) {
			EXPECT_EQ(nw, off);
			b = c->win + nw;
			EXPECT_PATTERN(b, 2049, 401);
			EXPECT_ZERO(b + 2049, ps - 2049);
			off = nw;
		}
		EXPECT_RC(raw_free(c->fd, off), 0);
	}

	/* Growth to more pages moves; the old range faults afterwards. */
	if (EXPECT_RC(raw_alloc(c->fd, 2100, &off), 0)) {
		fill_pattern(c->win + off, ps, 402);	/* slack too */
		if (EXPECT_RC(raw_realloc(c->fd, off, 3 * ps + 5, &nw), 0)) {
			CHECK(nw != off);
			CHECK(nw % ps == 0 && nw + 4 * ps <= c->size);
			b = c->win + nw;
			EXPECT_PATTERN(b, 2100, 402);
			EXPECT_ZERO(b + 2100, 4 * ps - 2100);
			if (nw != off)
				EXPECT_READ(c->win + off, SIGBUS);
			EXPECT_RC(raw_size(c->fd, nw, &got), 0);
			EXPECT_EQ(got, 3 * ps + 5);
			if (nw != off)
				EXPECT_RC(raw_size(c->fd, off, NULL), -EINVAL);
			off = nw;
		}
		EXPECT_RC(raw_free(c->fd, off), 0);
	}

	/* Shrink to fewer pages: the tail pages leave. */
	if (EXPECT_RC(raw_alloc(c->fd, 3 * ps, &off), 0)) {
		fill_pattern(c->win + off, 3 * ps, 403);
		if (EXPECT_RC(raw_realloc(c->fd, off, ps - 1, &nw), 0)) {
			EXPECT_READ(c->win + off + ps, SIGBUS);
			EXPECT_READ(c->win + off + 2 * ps, SIGBUS);
			EXPECT_PATTERN(c->win + nw, ps - 1, 403);
			EXPECT_EQ(live_bytes(c->fd), ps);
			off = nw;
		}
		EXPECT_RC(raw_free(c->fd, off), 0);
	}

	/* Size 0 on the raw ABI: stays live with size 0, maps nothing. */
	if (EXPECT_RC(raw_alloc(c->fd, ps, &off), 0)) {
		fill_pattern(c->win + off, ps, 404);
		if (EXPECT_RC(raw_realloc(c->fd, off, 0, &nw), 0)) {
			EXPECT_RC(raw_size(c->fd, nw, &got), 0);
			EXPECT_EQ(got, 0);
			EXPECT_READ(c->win + off, SIGBUS);
			EXPECT_READ(c->win + nw, SIGBUS);
			EXPECT_EQ(live_bytes(c->fd), 0);
			off = nw;
			if (EXPECT_RC(raw_realloc(c->fd, off, 100, &nw), 0)) {
				EXPECT_ZERO(c->win + nw, ps);
				off = nw;
			}
		}
		EXPECT_RC(raw_free(c->fd, off), 0);
	}

	/* A failed REALLOC leaves the buffer live and unchanged. */
	if (EXPECT_RC(raw_alloc(c->fd, ps + 7, &off), 0)) {
		uint64_t huge[] = { U64_MAX, U64_MAX - (ps - 1), 1ULL << 62 };
		size_t i;

		fill_pattern(c->win + off, ps + 7, 405);
		for (i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
			nw = 0x5555;
			EXPECT_RC(raw_realloc(c->fd, off, huge[i], &nw),
				  -ENOMEM);
		}
		EXPECT_RAW_LIVE(c, off, ps + 7, 405);
		EXPECT_EQ(live_bytes(c->fd), 2 * ps);
		EXPECT_RC(raw_free(c->fd, off), 0);
	}
	EXPECT_EQ(live_buffers(c->fd), 0);
}

static void enotty(struct raw_ctx *c)
{
	static const struct {
		unsigned long cmd;
		const char *what;
	} cmds[] = {
		{ _IOWR('N', 0x01, struct netbuf_alloc), "magic 'N'" },
		{ _IOWR(0xe8, 0x01, struct netbuf_alloc), "magic 0xe8" },
		{ _IOWR(0xe6, 0x05, struct netbuf_info), "magic 0xe6" },
		{ _IOWR(NETBUF_IOC_MAGIC, 0x00, struct netbuf_alloc), "nr 0" },
		/* 0x06-0x08: removed in ABI 4, reserved (abi_grow: any size). */
		{ _IOWR(NETBUF_IOC_MAGIC, 0x06, struct netbuf_info), "nr 6" },
		{ _IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC, 0x06, 32),
		  "WKSTA_GET_INFO of ABI 3" },
		{ _IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC, 0x08, 56),
		  "WKSTA_TRANSPORT_ENUM of ABI 3" },
		{ _IOC(_IOC_READ, NETBUF_IOC_MAGIC, 0x07, 32),
		  "SERVER_GET_INFO as _IOR" },
		/* 0x09 is WHATIS since ABI 5: the first free number. */
		{ _IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC, 0x0a, 32),
		  "nr 10" },
		{ _IOWR(NETBUF_IOC_MAGIC, 0xff, struct netbuf_alloc),
		  "nr 255" },
		/* Our numbers in another direction (sizes: abi_grow). */
		{ _IOW(NETBUF_IOC_MAGIC, 0x01, struct netbuf_alloc),
		  "ALLOC as _IOW" },
		{ _IOR(NETBUF_IOC_MAGIC, 0x01, struct netbuf_alloc),
		  "ALLOC as _IOR" },
		{ _IO(NETBUF_IOC_MAGIC, 0x01), "ALLOC as _IO" },
		{ _IOW(NETBUF_IOC_MAGIC, 0x04, struct netbuf_free),
		  "FREE as _IOW" },
		{ _IOR(NETBUF_IOC_MAGIC, 0x05, struct netbuf_info),
		  "INFO as _IOR" },
		{ _IO(NETBUF_IOC_MAGIC, 0x05), "INFO as _IO" },
		{ _IOR(NETBUF_IOC_MAGIC, 0x09, struct netbuf_whatis),
		  "WHATIS as _IOR" },
		{ 0x1234, "raw 0x1234" },
	};
	uint64_t before = live_buffers(c->fd);
	uint64_t arg[32];
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		memset(arg, 0, sizeof(arg));
		arg[0] = 100;	/* a valid ALLOC size, in case */
		if (!EXPECT_RC(raw_ioctl(c->fd, cmds[i].cmd, arg), -ENOTTY))
			t_info("command %#lx (%s)", cmds[i].cmd, cmds[i].what);
	}
	EXPECT_EQ(live_buffers(c->fd), before);
}

/* Every ioctl with this argument pointer: EFAULT, nothing changed. */
static void efault_all(struct raw_ctx *c, void *arg, uint64_t live_off,
		       const char *what)
{
	static const unsigned long cmds[] = {
		NETBUF_IOC_ALLOC, NETBUF_IOC_REALLOC, NETBUF_IOC_SIZE,
		NETBUF_IOC_FREE, NETBUF_IOC_INFO, NETBUF_IOC_WHATIS,
	};
	static const char *const names[] = {
		"ALLOC", "REALLOC", "SIZE", "FREE", "INFO", "WHATIS",
	};
	uint64_t before = live_buffers(c->fd);
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!EXPECT_RC(raw_ioctl(c->fd, cmds[i], arg), -EFAULT))
			t_info("%s with argument %s (%p)", names[i], what, arg);
	EXPECT_EQ(live_buffers(c->fd), before);
	if (live_off != UINT64_MAX)
		EXPECT_RC(raw_size(c->fd, live_off, NULL), 0);
}

static void efault(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	uint64_t live = UINT64_MAX, dead = UINT64_MAX, zero = UINT64_MAX;
	uint64_t before;
	uint8_t *anon;

	anon = mmap(NULL, ps, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(anon != MAP_FAILED);
	munmap(anon, ps);

	EXPECT_RC(raw_alloc(c->fd, ps, &live), 0);
	EXPECT_RC(raw_alloc(c->fd, 0, &zero), 0);
	if (EXPECT_RC(raw_alloc(c->fd, ps, &dead), 0))
		EXPECT_RC(raw_free(c->fd, dead), 0);

	efault_all(c, NULL, live, "NULL");
	efault_all(c, anon, live, "unmapped");
	efault_all(c, (void *)(UINTPTR_MAX & ~(uintptr_t)(ps - 1)), live,
		   "in the kernel half");
	if (dead != UINT64_MAX)
		efault_all(c, c->win + dead, live, "in a freed buffer");
	if (live != UINT64_MAX) {
		efault_all(c, c->win + live + ps, live, "in a guard page");
		/* Starts in the buffer, ends in the guard page. */
		memset(c->win + live, 0, ps);
		efault_all(c, c->win + live + ps - 8, live,
			   "across the end of a buffer");
	}
	if (zero != UINT64_MAX)
		efault_all(c, c->win + zero, live, "in a zero-byte buffer");

	/*
	 * A read-only struct: copied in, but the result cannot be copied
	 * out. ALLOC must roll the allocation back.
	 */
	anon = mmap(NULL, ps, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(anon != MAP_FAILED);
	((struct netbuf_alloc *)anon)->size = 5000;
	REQUIRE(mprotect(anon, ps, PROT_READ) == 0);
	before = live_buffers(c->fd);
	EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_ALLOC, anon), -EFAULT);
	EXPECT_EQ(live_buffers(c->fd), before);
	EXPECT_EQ(((struct netbuf_alloc *)anon)->offset, 0);
	/* The rest of the page is zero: a valid INFO request. */
	EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_INFO, anon + 1024), -EFAULT);
	munmap(anon, ps);

	if (live != UINT64_MAX)
		EXPECT_RC(raw_free(c->fd, live), 0);
	if (zero != UINT64_MAX)
		EXPECT_RC(raw_free(c->fd, zero), 0);
}

/*
 * The argument struct inside a live buffer of the window, whose page table
 * entry was just dropped: copying it in faults into netbuf itself. The
 * module copies in before it locks, so this must simply work.
 */
static void arg_in_window(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	uint64_t host, off = UINT64_MAX;
	struct netbuf_alloc *a;
	struct netbuf_size *s;
	struct netbuf_info *info;
	struct netbuf_realloc *r;
	struct netbuf_free *f;
	uint8_t *b;

	if (!EXPECT_RC(raw_alloc(c->fd, ps, &host), 0))
		return;
	b = c->win + host;
	fill_pattern(b, ps, 500);

	a = (struct netbuf_alloc *)(b + 256);
	memset(a, 0, sizeof(*a));
	a->size = 5000;
	EXPECT_SYS_OK(madvise(c->win, c->size, MADV_DONTNEED));
	if (EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_ALLOC, a), 0)) {
		off = a->offset;
		CHECK(off != host);
	}

	s = (struct netbuf_size *)(b + 512);
	memset(s, 0, sizeof(*s));
	s->offset = off;
	EXPECT_SYS_OK(madvise(c->win, c->size, MADV_DONTNEED));
	if (EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_SIZE, s), 0))
		EXPECT_EQ(s->size, 5000);

	info = (struct netbuf_info *)(b + 1024);
	memset(info, 0, sizeof(*info));
	EXPECT_SYS_OK(madvise(c->win, c->size, MADV_DONTNEED));
	if (EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_INFO, info), 0))
		EXPECT_EQ(info->live_buffers, 2);

	r = (struct netbuf_realloc *)(b + 2048);
	memset(r, 0, sizeof(*r));
	r->offset = off;
	r->size = 5 * ps;
	EXPECT_SYS_OK(madvise(c->win, c->size, MADV_DONTNEED));
	if (EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_REALLOC, r), 0))
		off = r->new_offset;

	f = (struct netbuf_free *)(b + 3072);
	memset(f, 0, sizeof(*f));
	f->offset = off;
	EXPECT_SYS_OK(madvise(c->win, c->size, MADV_DONTNEED));
	EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_FREE, f), 0);

	/* The host buffer kept everything around the structs. */
	EXPECT_PATTERN(b, 256, 500);
	EXPECT_RC(raw_free(c->fd, host), 0);
	EXPECT_EQ(live_buffers(c->fd), 0);
}

/*
 * A window with room for a few buffers: ENOMEM when full, usable again.
 * Its top quarter is the small region (netbuf(4)): one-page buffers fill
 * the 12 pages below it.
 */
static void window_full(void)
{
	const uint64_t ps = page_size();
	const size_t pages = 16, below = pages - pages / 4;
	uint64_t off[17], extra;
	struct raw_ctx c;
	size_t i, j, n = 0;
	int rc = 0;

	raw_open(&c, pages * ps);
	EXPECT_RC(raw_alloc(c.fd, pages * ps + 1, &extra), -ENOMEM);
	EXPECT_RC(raw_alloc(c.fd, below * ps, &extra), -ENOMEM);
	for (i = 0; i <= pages; i++) {
		rc = raw_alloc(c.fd, ps, &off[n]);
		if (rc)
			break;
		if (!CHECK(off[n] % ps == 0 && off[n] + ps <= c.size))
			break;
		for (j = 0; j < n; j++)
			CHECK(off[j] != off[n]);
		c.win[off[n]] = (uint8_t)(n + 1);
		n++;
	}
	EXPECT_RC(rc, -ENOMEM);
	/* Each one-page buffer takes its page and the guard page after it. */
	EXPECT_EQ(n, below / 2);
	t_info("a %zu-page window held %zu one-page buffers", pages, n);
	EXPECT_RC(raw_alloc(c.fd, ps, &extra), -ENOMEM);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(c.win[off[i]], i + 1);
		EXPECT_RC(raw_free(c.fd, off[i]), 0);
	}
	/* Every range is free again: the allocator must wrap around. */
	if (EXPECT_RC(raw_alloc(c.fd, ps, &extra), 0)) {
		EXPECT_ZERO(c.win + extra, ps);
		EXPECT_RC(raw_free(c.fd, extra), 0);
	}
	raw_close(&c);
}

struct eperm_arg {
	struct raw_ctx *c;
	int unmapped_fd;
	uint64_t off;
};

/* In a forked child: the inherited contexts refuse everything. */
static int eperm_child(void *p)
{
	struct eperm_arg *e = p;
	struct netbuf_info info;
	int fds[2] = { e->c->fd, e->unmapped_fd };
	size_t i;

	for (i = 0; i < 2; i++) {
		EXPECT_RC(raw_info(fds[i], &info), -EPERM);
		EXPECT_RC(raw_alloc(fds[i], 100, NULL), -EPERM);
		EXPECT_RC(raw_alloc(fds[i], 0, NULL), -EPERM);
		EXPECT_RC(raw_size(fds[i], e->off, NULL), -EPERM);
		EXPECT_RC(raw_realloc(fds[i], e->off, 3 * page_size(), NULL),
			  -EPERM);
		EXPECT_RC(raw_free(fds[i], e->off), -EPERM);
	}
	/* A context the parent never mapped: mmap refused for the mm. */
	EXPECT_SYS_ERR(mmap(NULL, WIN_SIZE, PROT_READ | PROT_WRITE,
			    MAP_SHARED, e->unmapped_fd, 0), EPERM);
	/* One the parent mapped: refused too (EPERM; EBUSY taken). */
	EXPECT_SYS_ERR2(mmap(NULL, WIN_SIZE, PROT_READ | PROT_WRITE,
			     MAP_SHARED, e->c->fd, 0), EPERM, EBUSY);
	/* The parent's window is not in the child. */
	EXPECT_READ(e->c->win + e->off, SIGSEGV);
	return child_result();
}

static void eperm_from_child(struct raw_ctx *c)
{
	struct eperm_arg e = { .c = c };
	struct raw_ctx second = { .fd = -1 };
	void *win;
	int status;

	if (!EXPECT_RC(raw_alloc(c->fd, 2 * page_size(), &e.off), 0))
		return;
	fill_pattern(c->win + e.off, 2 * page_size(), 600);
	e.unmapped_fd = dev_open();

	status = run_child(eperm_child, &e);
	EXPECT_EXIT(status, T_PASS);

	EXPECT_RAW_LIVE(c, e.off, 2 * page_size(), 600);
	EXPECT_EQ(live_buffers(c->fd), 1);
	/* The child's refused mmap did not take the window. */
	win = mmap(NULL, WIN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		   e.unmapped_fd, 0);
	second.fd = e.unmapped_fd;
	if (EXPECT_SYS_OK(win)) {
		uint64_t off;

		second.win = win;
		second.size = WIN_SIZE;
		if (EXPECT_RC(raw_alloc(second.fd, 10, &off), 0)) {
			EXPECT_ZERO(second.win + off, page_size());
			EXPECT_RC(raw_free(second.fd, off), 0);
		}
	}
	raw_close(&second);
	EXPECT_RC(raw_free(c->fd, e.off), 0);
}

/*
 * ABI 3: INFO reports the context's id, never 0 and unique among the open
 * contexts; every other request naming another context (by its id, or by
 * any value that is not this one's) fails with ESTALE and changes nothing;
 * naming its own id, or 0, works. Every argument that is otherwise valid.
 */
static void context_field(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	uint32_t id = context_id(c->fd), other_id, closed_id, ids[3];
	struct netbuf_realloc r;
	struct netbuf_alloc a;
	struct netbuf_size s;
	struct netbuf_free f;
	struct netbuf_info before;
	struct raw_ctx other;
	uint64_t off, buffers, wrong[3];
	size_t i;
	int fd;

	CHECK(id != 0);
	raw_open(&other, 16UL << 20);
	other_id = context_id(other.fd);
	CHECK(other_id != 0);
	CHECK(other_id != id);
	/* Closed: its id names nothing open, and is not handed out at once. */
	fd = dev_open();
	closed_id = context_id(fd);
	close(fd);
	for (i = 0; i < 3; i++) {
		fd = dev_open();
		ids[i] = context_id(fd);
		close(fd);
		CHECK(ids[i] != 0 && ids[i] != id && ids[i] != other_id &&
		      ids[i] != closed_id);
	}
	wrong[0] = other_id;
	wrong[1] = closed_id;
	wrong[2] = id ^ 0x80000000u;

	if (!EXPECT_RC(raw_alloc(c->fd, 2 * ps, &off), 0))
		goto out;
	fill_pattern(c->win + off, 2 * ps, 700);
	buffers = counter_read(SYSFS_BUFFERS);
	EXPECT_RC(raw_info(c->fd, &before), 0);
	for (i = 0; i < 3; i++) {
		memset(&a, 0, sizeof(a));
		a.size = 100;
		a.context = (uint32_t)wrong[i];
		EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_ALLOC, &a), -ESTALE);
		EXPECT_EQ(a.offset, 0);
		memset(&r, 0, sizeof(r));
		r.offset = off;
		r.size = 5 * ps;
		r.context = (uint32_t)wrong[i];
		EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_REALLOC, &r), -ESTALE);
		EXPECT_EQ(r.new_offset, 0);
		memset(&s, 0, sizeof(s));
		s.offset = off;
		s.context = (uint32_t)wrong[i];
		EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_SIZE, &s), -ESTALE);
		EXPECT_EQ(s.size, 0);
		memset(&f, 0, sizeof(f));
		f.offset = off;
		f.context = (uint32_t)wrong[i];
		EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_FREE, &f), -ESTALE);
		same_usage(c->fd, &before, "requests naming another context");
	}
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	EXPECT_RAW_LIVE(c, off, 2 * ps, 700);
	/* The other context was not touched either. */
	EXPECT_EQ(live_buffers(other.fd), 0);

	/* Its own id: every request works. */
	memset(&s, 0, sizeof(s));
	s.offset = off;
	s.context = id;
	if (EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_SIZE, &s), 0))
		EXPECT_EQ(s.size, 2 * ps);
	memset(&r, 0, sizeof(r));
	r.offset = off;
	r.size = 3 * ps;
	r.context = id;
	if (EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_REALLOC, &r), 0))
		off = r.new_offset;
	EXPECT_PATTERN(c->win + off, 2 * ps, 700);
	memset(&f, 0, sizeof(f));
	f.offset = off;
	f.context = id;
	EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_FREE, &f), 0);
	memset(&a, 0, sizeof(a));
	a.size = 100;
	a.context = id;
	if (EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_ALLOC, &a), 0)) {
		EXPECT_ZERO(c->win + a.offset, 100);
		EXPECT_RC(raw_free(c->fd, a.offset), 0);
	}
	/* And the other context with its own id. */
	memset(&a, 0, sizeof(a));
	a.size = 1;
	a.context = other_id;
	if (EXPECT_RC(raw_ioctl(other.fd, NETBUF_IOC_ALLOC, &a), 0))
		EXPECT_RC(raw_free(other.fd, a.offset), 0);
	/* The id does not change while the context lives. */
	EXPECT_EQ(context_id(c->fd), id);
out:
	raw_close(&other);
}

int main(int argc, char **argv)
{
	struct raw_ctx c;
	uint64_t contexts, buffers;

	(void)argc;
	t_init(argv[0], 180);
	contexts = counter_read(SYSFS_CONTEXTS);
	buffers = counter_read(SYSFS_BUFFERS);

	info_and_enxio_before_mmap();
	raw_open(&c, WIN_SIZE);
	info_fields(&c);
	alloc_fields(&c);
	alloc_pages(&c);
	alloc_zero_size(&c);
	alloc_huge(&c);
	realloc_fields(&c);
	size_fields(&c);
	free_fields(&c);
	context_field(&c);
	realloc_behaviour(&c);
	enotty(&c);
	efault(&c);
	arg_in_window(&c);
	eperm_from_child(&c);
	EXPECT_EQ(live_buffers(c.fd), 0);
	raw_close(&c);
	window_full();

	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	return t_done();
}
