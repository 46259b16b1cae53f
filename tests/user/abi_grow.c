// SPDX-License-Identifier: GPL-2.0
/*
 * ABI 4: the structures grow at their end (uapi/linux/netbuf.h, "ABI
 * growth" in netbuf(4)). For every ioctl the size of the caller's struct
 * is the one in its command: the first version's size (NETBUF_*_SIZE_VER0,
 * so far the only older one) works; a longer struct whose extra bytes are
 * all 0 works the same and its extra bytes stay 0; a non-zero byte
 * anywhere past the module's struct is E2BIG and changes nothing; a size
 * below the first version's is EINVAL; the same number with another
 * direction is ENOTTY; a longer struct is still validated field by field
 * (flags, out fields: EINVAL); a longer struct that runs into an unmapped
 * page is EFAULT. The numbers of the producing ioctls ABI 4 removed
 * (0x06-0x08) are ENOTTY at any size and change nothing.
 */
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

#define WIN_SIZE	(16UL << 20)
/* The largest size a command can carry (14 bits). */
#define IOC_SIZE_MAX	((1U << _IOC_SIZEBITS) - 1)

static uint8_t arg_buf[IOC_SIZE_MAX + 1];

/*
 * Issues ioctl number @nr with @req (@ksize bytes, our struct) as a struct
 * of @usize bytes: zero-filled past @ksize, but for a byte of 0x5a at
 * @poison when it is not SIZE_MAX. The answer is copied back to @req up
 * to the shorter size; the bytes past @ksize must come back unchanged.
 */
static int grown(int fd, unsigned int nr, void *req, size_t ksize,
		 size_t usize, size_t poison)
{
	unsigned long cmd = _IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC, nr,
				 usize);
	size_t i;
	int rc;

	memset(arg_buf, 0, usize);
	memcpy(arg_buf, req, ksize < usize ? ksize : usize);
	if (poison != SIZE_MAX)
		arg_buf[poison] = 0x5a;
	rc = raw_ioctl(fd, cmd, arg_buf);
	memcpy(req, arg_buf, ksize < usize ? ksize : usize);
	for (i = ksize; i < usize; i++)
		if (arg_buf[i] != (i == poison ? 0x5a : 0)) {
			FAIL("nr %u, size %zu: byte %zu past the struct became %#x",
			     nr, usize, i, arg_buf[i]);
			break;
		}
	return rc;
}

static uint64_t live_buffers(int fd)
{
	struct netbuf_info info;

	if (!EXPECT_RC(raw_info(fd, &info), 0))
		return UINT64_MAX;
	return info.live_buffers;
}

/* Sizes of a newer caller's struct of @ksize bytes. */
static size_t longer(size_t ksize, int i)
{
	static const size_t extra[] = { 1, 4, 8, 100, 4096 };

	return i < 5 ? ksize + extra[i] : IOC_SIZE_MAX;
}
#define NR_LONGER	6

/* Every ioctl at its first version's size and longer, zero tail. */
static void longer_structs_work(struct raw_ctx *c)
{
	const uint64_t ps = page_size();
	struct netbuf_realloc r;
	struct netbuf_alloc a;
	struct netbuf_size s;
	struct netbuf_free f;
	struct netbuf_info in;
	size_t usize;
	int i;

	for (i = -1; i < NR_LONGER; i++) {
		usize = i < 0 ? NETBUF_ALLOC_SIZE_VER0 : longer(sizeof(a), i);
		memset(&a, 0, sizeof(a));
		a.size = 100 + i;
		if (!EXPECT_RC(grown(c->fd, 1, &a, sizeof(a), usize, SIZE_MAX),
			       0)) {
			t_info("ALLOC as a struct of %zu bytes", usize);
			continue;
		}
		fill_pattern(c->win + a.offset, a.size, 10 + i);

		usize = i < 0 ? NETBUF_SIZE_SIZE_VER0 : longer(sizeof(s), i);
		memset(&s, 0, sizeof(s));
		s.offset = a.offset;
		EXPECT_RC(grown(c->fd, 3, &s, sizeof(s), usize, SIZE_MAX), 0);
		EXPECT_EQ(s.size, 100 + i);

		usize = i < 0 ? NETBUF_REALLOC_SIZE_VER0 : longer(sizeof(r), i);
		memset(&r, 0, sizeof(r));
		r.offset = a.offset;
		r.size = 2 * ps + 1;	/* more pages: it moves */
		if (EXPECT_RC(grown(c->fd, 2, &r, sizeof(r), usize, SIZE_MAX),
			      0)) {
			CHECK(r.new_offset != a.offset);
			EXPECT_PATTERN(c->win + r.new_offset, 100 + i, 10 + i);
			EXPECT_ZERO(c->win + r.new_offset + 100 + i,
				    2 * ps + 1 - (100 + i));
			a.offset = r.new_offset;
		}

		usize = i < 0 ? NETBUF_INFO_SIZE_VER0 : longer(sizeof(in), i);
		memset(&in, 0, sizeof(in));
		EXPECT_RC(grown(c->fd, 5, &in, sizeof(in), usize, SIZE_MAX), 0);
		EXPECT_EQ(in.abi_version, NETBUF_ABI_VERSION);
		EXPECT_EQ(in.page_size, ps);
		EXPECT_EQ(in.window_size, WIN_SIZE);
		EXPECT_EQ(in.live_buffers, 1);
		CHECK(in.context != 0);

		usize = i < 0 ? NETBUF_FREE_SIZE_VER0 : longer(sizeof(f), i);
		memset(&f, 0, sizeof(f));
		f.offset = a.offset;
		EXPECT_RC(grown(c->fd, 4, &f, sizeof(f), usize, SIZE_MAX), 0);
		EXPECT_RC(raw_size(c->fd, a.offset, NULL), -EINVAL);
	}
	EXPECT_EQ(live_buffers(c->fd), 0);
}

/* A non-zero byte past our struct: E2BIG, nothing done, nothing written. */
static void nonzero_tail_e2big(struct raw_ctx *c)
{
	struct netbuf_alloc a;
	struct netbuf_info in;
	struct netbuf_size s;
	uint64_t off;
	size_t usize;
	int i;

	REQUIRE(raw_alloc(c->fd, 10, &off) == 0);
	fill_pattern(c->win + off, 10, 0);
	for (i = 0; i < NR_LONGER; i++) {
		usize = longer(sizeof(a), i);
		memset(&a, 0, sizeof(a));
		a.size = 100;
		EXPECT_RC(grown(c->fd, 1, &a, sizeof(a), usize, sizeof(a)),
			  -E2BIG);
		EXPECT_RC(grown(c->fd, 1, &a, sizeof(a), usize, usize - 1),
			  -E2BIG);
		EXPECT_EQ(a.offset, 0);

		usize = longer(sizeof(s), i);
		memset(&s, 0, sizeof(s));
		s.offset = off;
		EXPECT_RC(grown(c->fd, 3, &s, sizeof(s), usize,
				sizeof(s) + (usize - sizeof(s)) / 2), -E2BIG);
		EXPECT_EQ(s.size, 0);

		usize = longer(sizeof(in), i);
		memset(&in, 0, sizeof(in));
		EXPECT_RC(grown(c->fd, 5, &in, sizeof(in), usize, usize - 1),
			  -E2BIG);
		EXPECT_EQ(in.abi_version, 0);
	}
	/* FREE and REALLOC too: the buffer is still there, unchanged. */
	{
		struct netbuf_realloc r = { .offset = off, .size = 3 * page_size() };
		struct netbuf_free f = { .offset = off };

		EXPECT_RC(grown(c->fd, 2, &r, sizeof(r), sizeof(r) + 8,
				sizeof(r) + 3), -E2BIG);
		EXPECT_EQ(r.new_offset, 0);
		EXPECT_RC(grown(c->fd, 4, &f, sizeof(f), sizeof(f) + 8,
				sizeof(f)), -E2BIG);
	}
	EXPECT_EQ(live_buffers(c->fd), 1);
	EXPECT_RAW_LIVE(c, off, 10, 0);
	EXPECT_RC(raw_free(c->fd, off), 0);
}

/* Below the first version's size: EINVAL, nothing done or written. */
static void too_short_einval(struct raw_ctx *c)
{
	static const struct {
		unsigned int nr;
		size_t ver0;
	} cmds[] = {
		{ 1, NETBUF_ALLOC_SIZE_VER0 }, { 2, NETBUF_REALLOC_SIZE_VER0 },
		{ 3, NETBUF_SIZE_SIZE_VER0 }, { 4, NETBUF_FREE_SIZE_VER0 },
		{ 5, NETBUF_INFO_SIZE_VER0 },
	};
	uint64_t req[16], off;
	size_t i, usize;

	REQUIRE(raw_alloc(c->fd, 10, &off) == 0);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		for (usize = 0; usize < cmds[i].ver0; usize += 4) {
			memset(req, 0, sizeof(req));
			req[0] = cmds[i].nr == 1 ? 100 : off;
			if (!EXPECT_RC(grown(c->fd, cmds[i].nr, req, sizeof(req),
					     usize, SIZE_MAX), -EINVAL))
				t_info("nr %u as a struct of %zu bytes",
				       cmds[i].nr, usize);
			/* Nothing was written back (req[1]: ALLOC's offset...). */
			EXPECT_EQ(req[1], 0);
		}
		memset(req, 0, sizeof(req));
		req[0] = off;
		EXPECT_RC(grown(c->fd, cmds[i].nr, req, sizeof(req),
				cmds[i].ver0 - 1, SIZE_MAX), -EINVAL);
	}
	EXPECT_EQ(live_buffers(c->fd), 1);
	EXPECT_RC(raw_size(c->fd, off, NULL), 0);
	EXPECT_RC(raw_free(c->fd, off), 0);
}

/* Fields are validated in a longer struct as in ours. */
static void longer_still_validated(struct raw_ctx *c)
{
	/* The lowest flag ALLOC does not define. */
	struct netbuf_alloc a = { .size = 100,
				  .flags = NETBUF_ALLOC_FLAGS_VALID + 1 };
	struct netbuf_info in = { .abi_version = 1 };
	struct netbuf_size s = { .size = 1 };

	EXPECT_RC(grown(c->fd, 1, &a, sizeof(a), sizeof(a) + 16, SIZE_MAX),
		  -EINVAL);
	a.flags = 0;
	a.offset = page_size();
	EXPECT_RC(grown(c->fd, 1, &a, sizeof(a), sizeof(a) + 16, SIZE_MAX),
		  -EINVAL);
	EXPECT_RC(grown(c->fd, 5, &in, sizeof(in), sizeof(in) + 16, SIZE_MAX),
		  -EINVAL);
	EXPECT_RC(grown(c->fd, 3, &s, sizeof(s), sizeof(s) + 16, SIZE_MAX),
		  -EINVAL);
	EXPECT_EQ(live_buffers(c->fd), 0);
}

/* Our numbers with another direction, and numbers that serve nothing. */
static void not_ours_enotty(struct raw_ctx *c)
{
	static const unsigned int dirs[] = {
		_IOC_NONE, _IOC_READ, _IOC_WRITE,
	};
	static const size_t sizes[] = { 0, 16, 24, 32, 56, 64, 4096 };
	unsigned int nr, d;
	uint64_t before = live_buffers(c->fd);
	size_t i;

	/* 1-5, and WHATIS (9, ABI 5). */
	for (nr = 1; nr <= 9; nr = nr == 5 ? 9 : nr + 1)
		for (d = 0; d < 3; d++)
			for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
				memset(arg_buf, 0, sizes[i] + 8);
				arg_buf[0] = 100;	/* a valid ALLOC size */
				if (!EXPECT_RC(raw_ioctl(c->fd,
					_IOC(dirs[d], NETBUF_IOC_MAGIC, nr,
					     sizes[i]), arg_buf), -ENOTTY))
					t_info("nr %u, direction %u, size %zu",
					       nr, dirs[d], sizes[i]);
			}
	/* Numbers 0 and 10 onwards, and the removed 6-8, at any size. */
	for (nr = 0; nr < 256; nr = nr == 0 ? 6 : nr == 8 ? 10 : nr + 1) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			memset(arg_buf, 0, sizes[i] + 8);
			arg_buf[0] = 100;
			if (!EXPECT_RC(raw_ioctl(c->fd,
				_IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC,
				     nr, sizes[i]), arg_buf), -ENOTTY))
				t_info("nr %u, size %zu", nr, sizes[i]);
		}
	}
	EXPECT_EQ(live_buffers(c->fd), before);
}

/*
 * The removed producing ioctls, as an ABI 3 caller issues them (its
 * structs zeroed but for a level): ENOTTY, the argument left as it was,
 * no buffer made, even before the window is mapped.
 */
static void removed_numbers(struct raw_ctx *c)
{
	uint8_t want[64];
	uint64_t buffers = counter_read(SYSFS_BUFFERS);
	size_t i;
	int fd = dev_open();

	for (i = 0; i < NR_REMOVED_CMDS; i++) {
		memset(arg_buf, 0, 64);
		arg_buf[16] = i == 2 ? 0 : 100;		/* level */
		memcpy(want, arg_buf, sizeof(want));
		EXPECT_RC(raw_ioctl(c->fd, removed_cmds[i], arg_buf), -ENOTTY);
		EXPECT_RC(raw_ioctl(fd, removed_cmds[i], arg_buf), -ENOTTY);
		/* No pointer is read: a bad one changes nothing. */
		EXPECT_RC(raw_ioctl(c->fd, removed_cmds[i], NULL), -ENOTTY);
		if (memcmp(arg_buf, want, sizeof(want)))
			FAIL("removed command %#lx wrote to its argument",
			     removed_cmds[i]);
	}
	close(fd);
	EXPECT_EQ(live_buffers(c->fd), 0);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
}

/* A longer struct whose tail reaches an unmapped page: EFAULT. */
static void tail_faults(struct raw_ctx *c)
{
	const size_t ps = page_size();
	uint8_t *two = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct netbuf_alloc *a;

	REQUIRE(two != MAP_FAILED);
	REQUIRE(munmap(two + ps, ps) == 0);
	a = (void *)(two + ps - sizeof(*a));
	memset(a, 0, sizeof(*a));
	a->size = 100;
	EXPECT_RC(raw_ioctl(c->fd, _IOC(_IOC_READ | _IOC_WRITE,
					NETBUF_IOC_MAGIC, 1, sizeof(*a) + 8),
			    a), -EFAULT);
	EXPECT_EQ(a->offset, 0);
	munmap(two, ps);
	EXPECT_EQ(live_buffers(c->fd), 0);
}

int main(int argc, char **argv)
{
	struct raw_ctx c;

	(void)argc;
	t_init(argv[0], 120);
	/* The sizes the header names are the structs' sizes today. */
	EXPECT_EQ(sizeof(struct netbuf_alloc), NETBUF_ALLOC_SIZE_VER1);
	EXPECT_EQ(sizeof(struct netbuf_realloc), NETBUF_REALLOC_SIZE_VER1);
	EXPECT_EQ(sizeof(struct netbuf_size), NETBUF_SIZE_SIZE_VER0);
	EXPECT_EQ(sizeof(struct netbuf_free), NETBUF_FREE_SIZE_VER1);
	EXPECT_EQ(sizeof(struct netbuf_whatis), NETBUF_WHATIS_SIZE_VER0);
	EXPECT_EQ(sizeof(struct netbuf_info), NETBUF_INFO_SIZE_VER0);
	raw_open(&c, WIN_SIZE);
	longer_structs_work(&c);
	nonzero_tail_e2big(&c);
	too_short_einval(&c);
	longer_still_validated(&c);
	not_ours_enotty(&c);
	removed_numbers(&c);
	tail_faults(&c);
	raw_close(&c);
	return t_done();
}
