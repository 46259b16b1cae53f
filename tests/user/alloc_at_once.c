// SPDX-License-Identifier: GPL-2.0
/*
 * ALLOC maps a buffer at once (netbuf(4)): its pages are in the page
 * tables when the ioctl returns, so the first read and write of every page
 * take no page fault, through a raw context and through the library. The
 * process's minor-fault count (getrusage) is compared around the touches.
 * To show that the count sees such faults, the same pages are touched
 * again after MADV_DONTNEED dropped their entries: then every page faults
 * once, through the module's fault handler.
 */
#include <sys/mman.h>
#include <sys/resource.h>

#include "common.h"

#define PAGES	64

static long minflt(void)
{
	struct rusage ru;

	REQUIRE(getrusage(RUSAGE_SELF, &ru) == 0);
	return ru.ru_minflt;
}

/* Reads then writes one byte of each page; returns the minor faults. */
static long touch(volatile uint8_t *p, size_t pages)
{
	long before = minflt();
	size_t i;

	for (i = 0; i < pages; i++) {
		(void)p[i * page_size()];
		p[i * page_size() + 1] = (uint8_t)i;
	}
	return minflt() - before;
}

int main(int argc, char **argv)
{
	const size_t ps = page_size();
	struct raw_ctx c;
	uint64_t off;
	LPVOID p;
	long n;

	(void)argc;
	t_init(argv[0], 60);
	/* Warm up what the loop itself touches (code, stack, rusage). */
	touch((uint8_t[8192]){ 0 }, 1);
	EXPECT_EQ(touch((uint8_t[8192]){ 0 }, 1), 0);

	raw_open(&c, 16UL << 20);
	REQUIRE(raw_alloc(c.fd, PAGES * ps, &off) == 0);
	n = touch(c.win + off, PAGES);
	if (!EXPECT_EQ(n, 0))
		t_info("a fresh %d-page buffer took %ld faults", PAGES, n);
	EXPECT_EQ(c.win[off + (PAGES - 1) * ps + 1], PAGES - 1);

	/* The measure sees faults: without the entries each page faults. */
	EXPECT_SYS_OK(madvise(c.win + off, PAGES * ps, MADV_DONTNEED));
	n = touch(c.win + off, PAGES);
	EXPECT_EQ(n, PAGES);
	EXPECT_RC(raw_free(c.fd, off), 0);
	raw_close(&c);

	/* Through the library (its first call opens and maps first). */
	REQUIRE(NetApiBufferAllocate(1, &p) == NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	REQUIRE(NetApiBufferAllocate((DWORD)(PAGES * ps), &p) == NERR_Success);
	n = touch(p, PAGES);
	if (!EXPECT_EQ(n, 0))
		t_info("a fresh %d-page library buffer took %ld faults",
		       PAGES, n);
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	return t_done();
}
