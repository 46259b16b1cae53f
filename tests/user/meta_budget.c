// SPDX-License-Identifier: GPL-2.0
/*
 * Size's metadata pages count against max_user_bytes: one live buffer can
 * keep a whole metadata page (an entry per window page, 512 to a page)
 * alone, so each page is charged whole (charge_meta_page_bytes) while it
 * exists, and a page that does not fit is not made.
 *
 * A user (uid 65534) holds two contexts. What the user is charged is, to
 * the byte, per context: charge_context_bytes, its pages, charge_buffer_bytes
 * per buffer and charge_meta_page_bytes per metadata page (fdinfo
 * netbuf-meta-pages); this stays within max_user_bytes at every step:
 * - in c, one-page buffers kept 2 MiB apart (a spacer allocated after each
 *   and freed: the window is used in order), each with a metadata page of
 *   its own;
 * - d, which never maps its metadata, so holds no metadata page, then
 *   fills the budget with one-page buffers until refused (ENOMEM), one is
 *   freed: room for a buffer, not for a buffer and a metadata page;
 * - one more one-page buffer in c, in the next 2 MiB, succeeds without a
 *   metadata page: c keeps as many, its entry reads 0 (ask the kernel) and
 *   NETBUF_IOC_SIZE answers its size; the earlier ones have their entries.
 */
#define _FILE_OFFSET_BITS 64

#include <inttypes.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

#define UID		65534
#define WIN_C		(128ULL << 20)
#define WIN_D		(16ULL << 20)
#define KEEPS		16
/* Window pages one metadata page describes. */
#define PER_META	(page_size() / sizeof(uint64_t))

static uint64_t ctx_c, buf_c, meta_c, budget;

/* What @fd's context charges its user; every buffer here is one page. */
static uint64_t held(int fd)
{
	return ctx_c + fdinfo_value(fd, "netbuf-bytes") +
	       fdinfo_value(fd, "netbuf-buffers") * buf_c +
	       fdinfo_value(fd, FDINFO_META_PAGES) * meta_c;
}

static bool within(const char *when, struct raw_ctx *c, struct raw_ctx *d)
{
	uint64_t h = held(c->fd) + held(d->fd);

	if (h <= budget)
		return true;
	FAIL("%s: charged %" PRIu64 " bytes (%" PRIu64 " + %" PRIu64
	     " metadata pages), over max_user_bytes %" PRIu64, when, h,
	     fdinfo_value(c->fd, FDINFO_META_PAGES),
	     fdinfo_value(d->fd, FDINFO_META_PAGES), budget);
	return false;
}

static uint64_t entry(const uint64_t *m, uint64_t off)
{
	return __atomic_load_n(&m[off / page_size()], __ATOMIC_RELAXED);
}

static int two_contexts(void *arg)
{
	const uint64_t ps = page_size(), want = ps << NETBUF_META_SIZE_SHIFT |
						NETBUF_META_VALID;
	uint64_t keep[KEEPS], off, first = 0, last, got, pages, room, n;
	const size_t mlen = WIN_C / ps * sizeof(uint64_t);
	struct raw_ctx c, d;
	const uint64_t *m;
	int i, rc;

	(void)arg;
	if (!EXPECT_SYS_OK(setuid(UID)))
		return child_result();
	raw_open(&c, WIN_C);
	raw_open(&d, WIN_D);
	m = mmap(NULL, mlen, PROT_READ, MAP_SHARED, c.fd,
		 (off_t)NETBUF_META_OFFSET);
	if (m == MAP_FAILED)
		FATAL("mmap of the metadata: %s", errno_name(errno));

	for (i = 0; i < KEEPS; i++) {
		if (!EXPECT_RC(raw_alloc(c.fd, ps, &keep[i]), 0))
			FATAL("one-page buffer %d of %d refused", i + 1, KEEPS);
		/* The spacer ends, with its guard page, on the next 2 MiB. */
		off = keep[i] / ps + 2;
		REQUIRE(raw_alloc(c.fd, (PER_META - off % PER_META - 1) * ps,
				  &off) == 0);
		EXPECT_RC(raw_free(c.fd, off), 0);
		within("one-page buffers 2 MiB apart", &c, &d);
	}
	EXPECT_EQ(fdinfo_value(c.fd, FDINFO_META_PAGES), KEEPS);

	/* d takes what is left, one page at a time, until refused. */
	for (n = 0; (rc = raw_alloc(d.fd, ps, &off)) == 0; n++)
		if (!n)
			first = off;
	EXPECT_RC(rc, -ENOMEM);
	within("d filled", &c, &d);
	/* Not mapped, so not kept: d's buffers cost no metadata page. */
	EXPECT_EQ(fdinfo_value(d.fd, FDINFO_META_PAGES), 0);
	EXPECT_RC(raw_free(d.fd, first), 0);
	room = budget - held(c.fd) - held(d.fd);
	t_info("%d buffers 2 MiB apart in c, %" PRIu64 " in d; room for %"
	       PRIu64 " bytes, a buffer charged %" PRIu64 ", a metadata page %"
	       PRIu64, KEEPS, n, room, ps + buf_c, meta_c);
	CHECK(room >= ps + buf_c);

	/* A buffer in the next 2 MiB: it fits, its metadata page may not. */
	pages = fdinfo_value(c.fd, FDINFO_META_PAGES);
	if (!EXPECT_RC(raw_alloc(c.fd, ps, &last), 0))
		FATAL("a one-page buffer refused with room for it");
	CHECK(last / ps / PER_META == keep[KEEPS - 1] / ps / PER_META + 1);
	if (room < ps + buf_c + meta_c) {
		EXPECT_EQ(fdinfo_value(c.fd, FDINFO_META_PAGES), pages);
		EXPECT_EQ(entry(m, last), 0);
	} else {
		t_info("room for its metadata page too: made");
		EXPECT_EQ(fdinfo_value(c.fd, FDINFO_META_PAGES), pages + 1);
		EXPECT_EQ(entry(m, last), want);
	}
	within("one more in c", &c, &d);
	/* Without the entry the kernel answers. */
	if (EXPECT_RC(raw_size(c.fd, last, &got), 0))
		EXPECT_EQ(got, ps);
	for (i = 0; i < KEEPS; i++)
		EXPECT_EQ(entry(m, keep[i]), want);

	munmap((void *)m, mlen);
	raw_close(&c);
	raw_close(&d);
	return child_result();
}

int main(int argc, char **argv)
{
	const uint64_t ps = page_size();
	uint64_t buffers;

	(void)argc;
	t_init(argv[0], 120);
	if (getuid() != 0)
		t_skip("needs root to set max_user_bytes and become uid %d",
		       UID);
	buffers = counter_read(SYSFS_BUFFERS);
	ctx_c = counter_read(SYSFS_CHARGE_CONTEXT);
	buf_c = counter_read(SYSFS_CHARGE_BUFFER);
	meta_c = counter_read(SYSFS_CHARGE_META_PAGE);
	t_info("charged per metadata page %" PRIu64 " bytes, per buffer %"
	       PRIu64, meta_c, buf_c);
	CHECK(meta_c >= ps);
	/*
	 * Two contexts, the spacer (2 MiB of pages and their page array, at
	 * once), the buffers in c with a metadata page each, 64 pages more.
	 */
	budget = 2 * ctx_c + PER_META * (ps + 16) + buf_c +
		 KEEPS * (ps + buf_c + meta_c) + 64 * ps;
	param_set(PARAM_SIZE_METADATA, 1);
	param_set(PARAM_MAX_USER_BYTES, budget);
	EXPECT_EXIT(run_child(two_contexts, NULL), T_PASS);
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers);
	return t_done();
}
