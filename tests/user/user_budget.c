// SPDX-License-Identifier: GPL-2.0
/*
 * max_user_bytes bounds every byte an unprivileged user can make the
 * module keep, zero-size buffers included: each context and each buffer
 * is charged what its metadata costs (charge_context_bytes and
 * charge_buffer_bytes in sysfs) on top of its pages, and each of Size's
 * metadata pages (charge_meta_page_bytes) while it exists.
 *
 * - A user (uid 65534) with a budget of 3 contexts, 3 metadata pages (one
 *   per context, which maps its metadata as the library's first Size
 *   does: its buffers start in the first 2 MiB of its window), 40
 *   descriptors and half of one more opens 3 contexts and gets exactly 40
 *   zero-size
 *   buffers across them, no more (ENOMEM, each refusal counted in
 *   limit_hits_max_user_bytes); a fourth context is refused the same way;
 *   one freed, one more fits. The same again in a second process: closing
 *   gave everything back, and the module's counters return to where they
 *   were.
 * - With max_user_bytes at one page, the same user opening up to 8
 *   contexts and allocating zero-size buffers in each until refused holds
 *   at most one page of charges; the SUnreclaim growth is logged.
 */
#define _FILE_OFFSET_BITS 64	/* NETBUF_META_OFFSET is above 4 GiB */

#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

#define UID		65534
#define WIN_SIZE	(64UL << 20)
#define NR_CTX		3
#define NR_DESC		40
#define MEASURE_CTX	8
/* A cap for the old module, where nothing else stops the loop. */
#define MEASURE_CAP	20000
/* Below what any real descriptor costs: the bound if the module is silent. */
#define MIN_DESC_COST	64

static uint64_t buf_charge, ctx_charge, meta_charge;

/*
 * A context with its window and its Size metadata mapped (the module keeps
 * metadata pages only while they are), or -errno: the budget may refuse
 * the open.
 */
static int try_open(struct raw_ctx *c)
{
	void *p;

	c->fd = open(NETBUF_DEV, O_RDWR | O_CLOEXEC);
	if (c->fd < 0)
		return -errno;
	p = mmap(NULL, WIN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
	if (p == MAP_FAILED)
		FATAL("mmap of a window: %s", errno_name(errno));
	c->win = p;
	c->size = WIN_SIZE;
	if (mmap(NULL, netbuf_meta_bytes_of(WIN_SIZE, page_size()), PROT_READ,
		 MAP_SHARED, c->fd, (off_t)NETBUF_META_OFFSET) == MAP_FAILED)
		FATAL("mmap of the metadata: %s", errno_name(errno));
	return 0;
}

static bool become_user(void)
{
	return EXPECT_SYS_OK(setuid(UID));
}

static int exact_budget(void *arg)
{
	uint64_t hits = counter_read(SYSFS_LIMIT_HITS_USER_BYTES);
	const uint64_t want = NR_DESC;
	uint64_t n = 0, off, first = 0;
	struct raw_ctx c[NR_CTX + 1];
	int i, rc = 0;

	(void)arg;
	if (!become_user())
		return child_result();
	for (i = 0; i < NR_CTX; i++)
		if (!EXPECT_RC(try_open(&c[i]), 0))
			FATAL("context %d of %d refused", i + 1, NR_CTX);
	/* Round robin over the contexts; the cap stops an unbounded module. */
	while (n <= want) {
		rc = raw_alloc(c[n % NR_CTX].fd, 0, &off);
		if (rc)
			break;
		if (!n)
			first = off;
		n++;
	}
	EXPECT_RC(rc, -ENOMEM);
	if (n > want)
		FAIL("%" PRIu64 " zero-size buffers fit in a budget for %" PRIu64
		     " (max_user_bytes over charge_buffer_bytes, after %d contexts)",
		     n, want, NR_CTX);
	EXPECT_EQ(n, want);
	EXPECT_COUNTER(SYSFS_LIMIT_HITS_USER_BYTES, hits + 1);
	for (i = 0; i < NR_CTX; i++)
		EXPECT_EQ(fdinfo_value(c[i].fd, FDINFO_META_PAGES), 1);

	/* Half a descriptor is left: no context, no page either. */
	EXPECT_RC(try_open(&c[NR_CTX]), -ENOMEM);
	EXPECT_COUNTER(SYSFS_LIMIT_HITS_USER_BYTES, hits + 2);
	EXPECT_RC(raw_alloc(c[1].fd, 1, NULL), -ENOMEM);
	/* One freed, one fits, and no more. */
	EXPECT_RC(raw_free(c[0].fd, first), 0);
	EXPECT_RC(raw_alloc(c[2].fd, 0, NULL), 0);
	EXPECT_RC(raw_alloc(c[2].fd, 0, NULL), -ENOMEM);
	EXPECT_COUNTER(SYSFS_LIMIT_HITS_USER_BYTES, hits + 4);
	for (i = 0; i < NR_CTX; i++)
		raw_close(&c[i]);
	return child_result();
}

/* max_user_bytes is one page: what can this user pin? */
static int one_page_budget(void *arg)
{
	uint64_t before = meminfo_kb("SUnreclaim"), after, n = 0, bound;
	uint64_t limit = *(uint64_t *)arg;
	struct raw_ctx c[MEASURE_CTX];
	int nctx, i;

	if (!become_user())
		return child_result();
	for (nctx = 0; nctx < MEASURE_CTX; nctx++) {
		if (try_open(&c[nctx]) < 0)
			break;
		for (i = 0; i < MEASURE_CAP; i++)
			if (raw_alloc(c[nctx].fd, 0, NULL) < 0)
				break;
		n += (uint64_t)i;
	}
	after = meminfo_kb("SUnreclaim");
	t_info("max_user_bytes %" PRIu64 ": %d context(s), %" PRIu64
	       " zero-size buffers, SUnreclaim %+" PRId64 " kB (%" PRIu64
	       " -> %" PRIu64 ")", limit, nctx, n,
	       (int64_t)(after - before), before, after);
	bound = nctx * ctx_charge + n * buf_charge;
	if (bound > limit)
		FAIL("%d context(s) and %" PRIu64 " descriptors held, charged "
		     "%" PRIu64 " bytes, over max_user_bytes %" PRIu64,
		     nctx, n, bound, limit);
	for (i = 0; i < nctx; i++)
		raw_close(&c[i]);
	return child_result();
}

static uint64_t charge_read(const char *path, uint64_t fallback)
{
	uint64_t v;

	if (sysfs_read_u64(path, &v) == 0)
		return v;
	FAIL("%s: missing (the module charges no metadata?)", path);
	return fallback;
}

int main(int argc, char **argv)
{
	uint64_t contexts, buffers, limit;

	(void)argc;
	t_init(argv[0], 300);
	if (getuid() != 0)
		t_skip("needs root to set max_user_bytes and become uid %d",
		       UID);
	contexts = counter_read(SYSFS_CONTEXTS);
	buffers = counter_read(SYSFS_BUFFERS);
	buf_charge = charge_read(SYSFS_CHARGE_BUFFER, MIN_DESC_COST);
	ctx_charge = charge_read(SYSFS_CHARGE_CONTEXT, 0);
	meta_charge = charge_read(SYSFS_CHARGE_META_PAGE, 0);
	t_info("charged per buffer %" PRIu64 " bytes, per context %" PRIu64
	       ", per metadata page %" PRIu64, buf_charge, ctx_charge,
	       meta_charge);
	/* Metadata on: its pages are part of what this test counts. */
	param_set(PARAM_SIZE_METADATA, 1);
	if (buf_charge < MIN_DESC_COST)
		FAIL("charge_buffer_bytes %" PRIu64 " is less than a descriptor",
		     buf_charge);

	param_set(PARAM_MAX_USER_BYTES, NR_CTX * (ctx_charge + meta_charge) +
		  NR_DESC * buf_charge + buf_charge / 2);
	EXPECT_EXIT(run_child(exact_budget, NULL), T_PASS);
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);
	/* Everything came back: the same again. */
	EXPECT_EXIT(run_child(exact_budget, NULL), T_PASS);
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);

	limit = page_size();
	param_set(PARAM_MAX_USER_BYTES, limit);
	EXPECT_EXIT(run_child(one_page_budget, &limit), T_PASS);
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers);
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);
	return t_done();
}
