// SPDX-License-Identifier: GPL-2.0
/*
 * close(fd) while the window is mapped (raw ABI): the mapping keeps the
 * context alive, so its buffers stay readable and writable, even ones
 * never touched before the close (their first fault comes after it), and
 * the module still counts them. The context goes away with the last
 * munmap, taking its buffers with it. A dup()ed descriptor keeps the
 * context usable through ioctls after the first one is closed.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

#define WIN_SIZE	(32UL << 20)

static void closed_then_unmapped(uint64_t contexts, uint64_t buffers,
				 uint64_t bytes)
{
	const uint64_t ps = page_size();
	uint64_t touched, untouched, zero;
	struct raw_ctx c;

	raw_open(&c, WIN_SIZE);
	EXPECT_COUNTER(SYSFS_CONTEXTS, contexts + 1);
	REQUIRE(raw_alloc(c.fd, 3 * ps, &touched) == 0);
	REQUIRE(raw_alloc(c.fd, 2 * ps, &untouched) == 0);
	REQUIRE(raw_alloc(c.fd, 0, &zero) == 0);
	fill_pattern(c.win + touched, 3 * ps, 1400);

	EXPECT_SYS_OK(close(c.fd));
	c.fd = -1;
	EXPECT_COUNTER(SYSFS_CONTEXTS, contexts + 1);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers + 3);
	EXPECT_COUNTER(SYSFS_BYTES, bytes + 5 * ps);

	EXPECT_PATTERN(c.win + touched, 3 * ps, 1400);
	EXPECT_ZERO(c.win + untouched, 2 * ps);	/* first faults: now */
	fill_pattern(c.win + untouched, 2 * ps, 1401);
	EXPECT_PATTERN(c.win + untouched, 2 * ps, 1401);
	fill_pattern(c.win + touched, 3 * ps, 1402);
	EXPECT_PATTERN(c.win + touched, 3 * ps, 1402);
	/* Still no page where there is no buffer. */
	EXPECT_READ(c.win + zero, SIGBUS);
	EXPECT_READ(c.win + touched + 3 * ps, SIGBUS);

	/* Dropping the PTEs and faulting again also works without the fd. */
	EXPECT_SYS_OK(madvise(c.win, c.size, MADV_DONTNEED));
	EXPECT_PATTERN(c.win + untouched, 2 * ps, 1401);

	EXPECT_SYS_OK(munmap(c.win, c.size));
	c.win = NULL;
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER_SETTLES(SYSFS_BYTES, bytes);
}

/* Closed before any buffer: the bare window still holds the context. */
static void empty_window(uint64_t contexts)
{
	struct raw_ctx c;

	raw_open(&c, WIN_SIZE);
	EXPECT_SYS_OK(close(c.fd));
	c.fd = -1;
	EXPECT_COUNTER(SYSFS_CONTEXTS, contexts + 1);
	EXPECT_READ(c.win, SIGBUS);
	raw_close(&c);
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);
}

/* Two descriptors of one context: either one keeps it answering. */
static void dup_fd(uint64_t contexts, uint64_t buffers)
{
	uint64_t off, off2, size;
	struct raw_ctx c;
	int fd2;

	raw_open(&c, WIN_SIZE);
	fd2 = dup(c.fd);
	REQUIRE(fd2 >= 0);
	REQUIRE(raw_alloc(c.fd, 100, &off) == 0);
	fill_pattern(c.win + off, 100, 1410);
	EXPECT_SYS_OK(close(c.fd));
	c.fd = fd2;

	size = 0;
	EXPECT_RC(raw_size(c.fd, off, &size), 0);
	EXPECT_EQ(size, 100);
	if (EXPECT_RC(raw_alloc(c.fd, 7000, &off2), 0)) {
		EXPECT_ZERO(c.win + off2, 7000);
		EXPECT_RC(raw_free(c.fd, off2), 0);
	}
	EXPECT_PATTERN(c.win + off, 100, 1410);
	EXPECT_COUNTER(SYSFS_CONTEXTS, contexts + 1);

	/* Last descriptor closed, then the window: all gone, buffer too. */
	EXPECT_SYS_OK(close(c.fd));
	c.fd = -1;
	EXPECT_PATTERN(c.win + off, 100, 1410);
	raw_close(&c);
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers);
}

int main(int argc, char **argv)
{
	uint64_t contexts, buffers, bytes;

	(void)argc;
	t_init(argv[0], 60);
	contexts = counter_read(SYSFS_CONTEXTS);
	buffers = counter_read(SYSFS_BUFFERS);
	bytes = counter_read(SYSFS_BYTES);

	closed_then_unmapped(contexts, buffers, bytes);
	empty_window(contexts);
	dup_fd(contexts, buffers);
	return t_done();
}
