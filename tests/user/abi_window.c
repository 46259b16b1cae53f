// SPDX-License-Identifier: GPL-2.0
/*
 * Attacks on the mapping window, each with its written expected result:
 * MAP_PRIVATE, a non-zero offset and a second window are refused; partial
 * munmap and mprotect are refused (EINVAL), mremap in every form fails and
 * leaves the window in place; whole-window mprotect, munmap and
 * MADV_DONTNEED work and are harmless; MADV_REMOVE fails; a forked child
 * does not get the window, and after MADV_DOFORK cannot reach its pages.
 * The window is never executable: mmap with PROT_EXEC is refused (EPERM,
 * as for a file on a noexec mount) and so is mprotect adding PROT_EXEC
 * (EACCES), whole or partial, and the window works on after both.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

#define WIN_SIZE	(64UL << 20)
#define NR_BUF		3

static struct raw_ctx c;
static uint64_t buf_off[NR_BUF];
static const uint64_t buf_size[NR_BUF] = { 4096, 3 * 4096 + 100, 1 };

static void make_buffers(void)
{
	int i;

	for (i = 0; i < NR_BUF; i++) {
		REQUIRE(raw_alloc(c.fd, buf_size[i], &buf_off[i]) == 0);
		fill_pattern(c.win + buf_off[i], buf_size[i],
			     700 + (uint32_t)i);
	}
}

/*
 * One VMA exactly over the window, every buffer live, intact, writable.
 * A window that was split or moved cannot be tested any further.
 */
static bool window_ok(const char *after)
{
	bool ok = true;
	uint64_t size;
	int i;

	if (!EXPECT_ONE_VMA(c.win, c.size))
		FATAL("the window was split or moved by %s: cannot go on",
		      after);
	for (i = 0; i < NR_BUF; i++) {
		uint8_t *b = c.win + buf_off[i];

		if (!EXPECT_READ(b, 0) ||
		    !EXPECT_READ(b + buf_size[i] - 1, 0)) {
			ok = false;
			continue;
		}
		size = 0;
		ok &= EXPECT_RC(raw_size(c.fd, buf_off[i], &size), 0) &&
		      EXPECT_EQ(size, buf_size[i]);
		ok &= EXPECT_PATTERN(b, buf_size[i], 700 + (uint32_t)i);
		ok &= EXPECT_WRITE(b, pattern_byte(700 + (uint32_t)i, 0), 0);
	}
	if (!ok)
		t_info("the window was damaged by %s", after);
	return ok;
}

static void *map(int fd, size_t len, int flags, off_t offset)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, offset);
}

static void mmap_refusals(void)
{
	const size_t ps = page_size();
	int fd = dev_open(), fd2;
	void *w;

	EXPECT_SYS_ERR(map(fd, WIN_SIZE, MAP_PRIVATE, 0), EINVAL);
	EXPECT_SYS_ERR(mmap(NULL, WIN_SIZE, PROT_READ, MAP_PRIVATE, fd, 0),
		       EINVAL);
	EXPECT_SYS_ERR(map(fd, WIN_SIZE, MAP_SHARED, (off_t)ps), EINVAL);
	EXPECT_SYS_ERR(map(fd, WIN_SIZE, MAP_SHARED, 1L << 30), EINVAL);
	EXPECT_SYS_ERR(mmap(NULL, WIN_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
			    MAP_SHARED, fd, 0), EPERM);
	EXPECT_SYS_ERR(mmap(NULL, WIN_SIZE, PROT_READ | PROT_EXEC, MAP_SHARED,
			    fd, 0), EPERM);
	EXPECT_SYS_ERR(mmap(NULL, WIN_SIZE, PROT_EXEC, MAP_SHARED, fd, 0),
		       EPERM);

	/* None of the refusals took the window. */
	w = map(fd, WIN_SIZE, MAP_SHARED, 0);
	if (!EXPECT_SYS_OK(w)) {
		close(fd);
		return;
	}
	EXPECT_SYS_ERR(map(fd, WIN_SIZE, MAP_SHARED, 0), EBUSY);
	EXPECT_SYS_ERR(map(fd, ps, MAP_SHARED, 0), EBUSY);
	fd2 = dup(fd);
	EXPECT_SYS_ERR(map(fd2, WIN_SIZE, MAP_SHARED, 0), EBUSY);
	EXPECT_SYS_OK(munmap(w, WIN_SIZE));
	close(fd2);
	close(fd);
}

/*
 * munmap of the whole window: allocation stops (ENXIO: its offset could
 * never be reached) until the window is mapped again, at its first size,
 * where the buffers still live are found intact at their offsets.
 */
static void unmap_and_remap(void)
{
	const size_t ps = page_size();
	struct netbuf_info info;
	struct raw_ctx ctx;
	uint64_t off, dead;
	uint8_t *w;

	raw_open(&ctx, WIN_SIZE);
	if (!EXPECT_RC(raw_alloc(ctx.fd, 2 * ps, &off), 0)) {
		raw_close(&ctx);
		return;
	}
	fill_pattern(ctx.win + off, 2 * ps, 510);
	EXPECT_SYS_OK(munmap(ctx.win, WIN_SIZE));
	EXPECT_RC(raw_alloc(ctx.fd, ps, &dead), -ENXIO);
	if (EXPECT_RC(raw_info(ctx.fd, &info), 0))
		EXPECT_EQ(info.window_size, 0);
	EXPECT_SYS_ERR(map(ctx.fd, WIN_SIZE / 2, MAP_SHARED, 0), EINVAL);
	EXPECT_SYS_ERR(map(ctx.fd, WIN_SIZE * 2, MAP_SHARED, 0), EINVAL);
	w = map(ctx.fd, WIN_SIZE, MAP_SHARED, 0);
	if (!EXPECT_SYS_OK(w)) {
		ctx.win = NULL;
		raw_close(&ctx);
		return;
	}
	ctx.win = w;
	if (EXPECT_RC(raw_info(ctx.fd, &info), 0))
		EXPECT_EQ(info.window_size, WIN_SIZE);
	EXPECT_SYS_ERR(map(ctx.fd, WIN_SIZE, MAP_SHARED, 0), EBUSY);
	EXPECT_RAW_LIVE(&ctx, off, 2 * ps, 510);
	EXPECT_RC(raw_alloc(ctx.fd, ps, &dead), 0);
	EXPECT_RC(raw_free(ctx.fd, dead), 0);
	EXPECT_RC(raw_free(ctx.fd, off), 0);
	raw_close(&ctx);
}

static void partial_munmap(void)
{
	const size_t ps = page_size();
	const size_t half = c.size / 2;

	EXPECT_SYS_ERR(munmap(c.win, ps), EINVAL);
	EXPECT_SYS_ERR(munmap(c.win + c.size - ps, ps), EINVAL);
	EXPECT_SYS_ERR(munmap(c.win + half, ps), EINVAL);
	EXPECT_SYS_ERR(munmap(c.win + buf_off[1], ps), EINVAL);
	EXPECT_SYS_ERR(munmap(c.win, half), EINVAL);
	EXPECT_SYS_ERR(munmap(c.win + half, half), EINVAL);
	window_ok("partial munmap");
}

static void partial_mprotect(void)
{
	const size_t ps = page_size();

	EXPECT_SYS_ERR(mprotect(c.win + c.size / 2, ps, PROT_READ), EINVAL);
	EXPECT_SYS_ERR(mprotect(c.win, ps, PROT_NONE), EINVAL);
	EXPECT_SYS_ERR(mprotect(c.win + buf_off[1], ps, PROT_READ), EINVAL);
	EXPECT_SYS_ERR(mprotect(c.win + ps, c.size - ps, PROT_READ), EINVAL);
	window_ok("partial mprotect");
}

static void whole_mprotect(void)
{
	uint8_t *b = c.win + buf_off[0];

	if (!EXPECT_SYS_OK(mprotect(c.win, c.size, PROT_READ)))
		return;
	EXPECT_READ(b, 0);
	EXPECT_WRITE(b, 1, SIGSEGV);
	EXPECT_ONE_VMA(c.win, c.size);
	EXPECT_SYS_OK(mprotect(c.win, c.size, PROT_READ | PROT_WRITE));
	window_ok("whole-window mprotect");
}

/* Code written into a buffer can never run from the window. */
static void exec_refused(void)
{
	const size_t ps = page_size();

	EXPECT_SYS_ERR(mprotect(c.win, c.size,
				PROT_READ | PROT_WRITE | PROT_EXEC), EACCES);
	EXPECT_SYS_ERR(mprotect(c.win, c.size, PROT_READ | PROT_EXEC), EACCES);
	EXPECT_SYS_ERR(mprotect(c.win, c.size, PROT_EXEC), EACCES);
	/* A part: the exec check comes before any split. */
	EXPECT_SYS_ERR(mprotect(c.win + buf_off[0], ps,
				PROT_READ | PROT_EXEC), EACCES);
	window_ok("mprotect with PROT_EXEC");
}

/*
 * mremap must fail with the one errno netbuf(4) names for its form: EFAULT
 * for a growth (VM_DONTEXPAND; old size 0, a duplicate, grows from
 * nothing), EINVAL for a shrink or a move. If it succeeded, the window is
 * gone from under us.
 */
static bool mremap_refused(void *ret, int err, int want, const char *what)
{
	if (ret == MAP_FAILED) {
		if (err == want)
			return true;
		FAIL("mremap %s: expected -1 (%s), got -1 (%s)", what,
		     errno_name(want), errno_name(err));
		return true;
	}
	FAIL("mremap %s: expected -1 (%s), got %p", what, errno_name(want),
	     ret);
	return false;
}

static bool mremap_attacks(void)
{
	const size_t ps = page_size();
	void *r, *spot;

	errno = 0;
	r = mremap(c.win, c.size, c.size + ps, 0);
	if (!mremap_refused(r, errno, EFAULT, "grow in place"))
		return false;
	errno = 0;
	r = mremap(c.win, c.size, c.size + ps, MREMAP_MAYMOVE);
	if (!mremap_refused(r, errno, EFAULT, "grow, may move"))
		return false;
	errno = 0;
	r = mremap(c.win, c.size, c.size - ps, 0);
	if (!mremap_refused(r, errno, EINVAL, "shrink"))
		return false;
	errno = 0;
	r = mremap(c.win, c.size, c.size / 2, MREMAP_MAYMOVE);
	if (!mremap_refused(r, errno, EINVAL, "shrink, may move"))
		return false;

	/* A move to a fixed spot (that the kernel unmaps first). */
	spot = mmap(NULL, c.size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	REQUIRE(spot != MAP_FAILED);
	errno = 0;
	r = mremap(c.win, c.size, c.size, MREMAP_MAYMOVE | MREMAP_FIXED, spot);
	if (!mremap_refused(r, errno, EINVAL, "move"))
		return false;
	munmap(spot, c.size);	/* whatever is left of the reservation */

	/* old_size 0 on a shared mapping would make a second mapping. */
	errno = 0;
	r = mremap(c.win, 0, c.size, MREMAP_MAYMOVE);
	if (!mremap_refused(r, errno, EFAULT, "duplicate (old size 0)"))
		return false;
	errno = 0;
	r = mremap(c.win, c.size, c.size, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
	if (!mremap_refused(r, errno, EINVAL, "move, don't unmap"))
		return false;
	window_ok("mremap");
	return true;
}

static void madvise_attacks(void)
{
	EXPECT_SYS_OK(madvise(c.win, c.size, MADV_DONTNEED));
	window_ok("MADV_DONTNEED");	/* data re-faults from the buffers */

	errno = 0;
	if (madvise(c.win, c.size, MADV_REMOVE) == 0)
		FAIL("madvise(MADV_REMOVE) of the window: expected failure, "
		     "got success");
	else
		t_info("MADV_REMOVE refused with %s", errno_name(errno));
	window_ok("MADV_REMOVE");
}

/* In a forked child: the parent's window pages are out of reach. */
static int child_no_window(void *arg)
{
	bool dofork = *(bool *)arg;
	int i;

	for (i = 0; i < NR_BUF; i++) {
		uint8_t *b = c.win + buf_off[i];

		if (dofork) {
			/* The VMA may be there, its pages may not. */
			EXPECT_READ_FAULTS(b);
			EXPECT_WRITE_FAULTS(b, 0xee);
			EXPECT_WRITE_FAULTS(b + buf_size[i] - 1, 0xee);
		} else {
			EXPECT_READ(b, SIGSEGV);
			EXPECT_WRITE(b, 0xee, SIGSEGV);
		}
	}
	if (!dofork)
		EXPECT_EQ(maps_count(c.win, c.size, NULL, NULL) > 0, 0);
	return child_result();
}

static void fork_attacks(void)
{
	bool dofork = false;
	int status;

	status = run_child(child_no_window, &dofork);
	EXPECT_EXIT(status, T_PASS);
	window_ok("fork");

	errno = 0;
	if (madvise(c.win, c.size, MADV_DOFORK) < 0) {
		t_info("MADV_DOFORK refused with %s: nothing to inherit",
		       errno_name(errno));
		return;
	}
	dofork = true;
	status = run_child(child_no_window, &dofork);
	EXPECT_EXIT(status, T_PASS);
	window_ok("MADV_DOFORK and fork");
}

int main(int argc, char **argv)
{
	uint64_t contexts, buffers;

	(void)argc;
	t_init(argv[0], 120);
	contexts = counter_read(SYSFS_CONTEXTS);
	buffers = counter_read(SYSFS_BUFFERS);

	mmap_refusals();
	unmap_and_remap();
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);

	raw_open(&c, WIN_SIZE);
	make_buffers();
	window_ok("nothing");
	partial_munmap();
	partial_mprotect();
	whole_mprotect();
	exec_refused();
	madvise_attacks();
	fork_attacks();
	if (!mremap_attacks())
		FATAL("the window moved or changed size: cannot go on");

	/* Whole-window munmap works; the context goes with the file. */
	raw_close(&c);
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	return t_done();
}
