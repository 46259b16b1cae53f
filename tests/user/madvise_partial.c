// SPDX-License-Identifier: GPL-2.0
/*
 * netbuf(4): a partial madvise(2) that would change the window's flags
 * fails with EINVAL (the window cannot be split); advice that changes no
 * flag applies to any part and leaves the data as it was. Each advice is
 * given to a part of the window (a middle page and the first page) in a
 * state where it would change a flag (EINVAL) and in one where it changes
 * none (success), the state set by the same advice on the whole window.
 * After each call every buffer holds its bytes and the window is one VMA.
 */
#include <sys/mman.h>

#include "common.h"

#ifndef MADV_KEEPONFORK
#define MADV_WIPEONFORK	18
#define MADV_KEEPONFORK	19
#endif
#ifndef MADV_COLD
#define MADV_COLD	20
#endif

#define NR_BUF	3

static struct raw_ctx c;
static uint64_t off[NR_BUF];

static void intact(const char *what)
{
	int i;

	for (i = 0; i < NR_BUF; i++)
		if (!EXPECT_RAW_LIVE(&c, off[i], 2 * page_size(), 40 + i))
			t_info("after %s", what);
	EXPECT_ONE_VMA(c.win, c.size);
}

/* madvise of a part: the middle page, then the first page. */
static void part(int advice, const char *name, int want)
{
	const size_t ps = page_size();
	void *at[2] = { c.win + c.size / 2, c.win };
	int i;

	for (i = 0; i < 2; i++) {
		errno = 0;
		if (madvise(at[i], ps, advice) == 0 ? want != 0 :
		    errno != want)
			FAIL("madvise(%s) of page %zu: expected %s, got %s",
			     name, (size_t)((uint8_t *)at[i] - c.win) / ps,
			     want ? errno_name(want) : "success",
			     errno ? errno_name(errno) : "success");
	}
	intact(name);
}

static void whole(int advice, const char *name)
{
	if (!EXPECT_SYS_OK(madvise(c.win, c.size, advice)))
		t_info("whole-window madvise(%s)", name);
	intact(name);
}

int main(int argc, char **argv)
{
	int i;

	(void)argc;
	t_init(argv[0], 60);
	raw_open(&c, 64 * page_size());
	for (i = 0; i < NR_BUF; i++) {
		REQUIRE(raw_alloc(c.fd, 2 * page_size(), &off[i]) == 0);
		fill_pattern(c.win + off[i], 2 * page_size(), 40 + i);
	}

	/* No flag: any part. */
	part(MADV_DONTNEED, "MADV_DONTNEED", 0);
	part(MADV_COLD, "MADV_COLD", 0);
	part(MADV_DONTDUMP, "MADV_DONTDUMP", 0);	/* set at mmap */

	/* VM_DONTCOPY: set at mmap. */
	part(MADV_DONTFORK, "MADV_DONTFORK", 0);
	part(MADV_DOFORK, "MADV_DOFORK", EINVAL);
	if (!t_dofork(c.win, c.size)) {	/* refused on 7.2 (VM_SPECIAL) */
		intact("MADV_DOFORK");
		part(MADV_DOFORK, "MADV_DOFORK", 0);
		part(MADV_DONTFORK, "MADV_DONTFORK", EINVAL);
		whole(MADV_DONTFORK, "MADV_DONTFORK");
	}

	/* VM_WIPEONFORK: set at mmap. */
	part(MADV_KEEPONFORK, "MADV_KEEPONFORK", EINVAL);
	whole(MADV_KEEPONFORK, "MADV_KEEPONFORK");
	part(MADV_KEEPONFORK, "MADV_KEEPONFORK", 0);

	/* The read-ahead hints. */
	part(MADV_NORMAL, "MADV_NORMAL", 0);
	part(MADV_RANDOM, "MADV_RANDOM", EINVAL);
	part(MADV_SEQUENTIAL, "MADV_SEQUENTIAL", EINVAL);
	whole(MADV_RANDOM, "MADV_RANDOM");
	part(MADV_RANDOM, "MADV_RANDOM", 0);
	part(MADV_NORMAL, "MADV_NORMAL", EINVAL);
	part(MADV_SEQUENTIAL, "MADV_SEQUENTIAL", EINVAL);
	whole(MADV_NORMAL, "MADV_NORMAL");

	/* Refused on any range: private-only, or a VM_MIXEDMAP mapping. */
	part(MADV_WIPEONFORK, "MADV_WIPEONFORK", EINVAL);
	part(MADV_DODUMP, "MADV_DODUMP", EINVAL);

	for (i = 0; i < NR_BUF; i++)
		EXPECT_RC(raw_free(c.fd, off[i]), 0);
	raw_close(&c);
	return t_done();
}
