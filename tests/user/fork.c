// SPDX-License-Identifier: GPL-2.0
/*
 * The fork policy: the child does not get the parent's window (a touch is
 * SIGSEGV), cannot free, size or resize the parent's buffers (87), its own
 * calls work on a fresh context, and no buffer of its lies at a parent
 * pointer. Even when the parent's raw window was
 * marked MADV_DOFORK, and then also MADV_KEEPONFORK (which clears the
 * VM_WIPEONFORK the module sets), the child cannot read or write its pages.
 * The same holds for a child made by the raw fork system call, which skips
 * the library's atfork handler. The parent's data is unchanged afterwards
 * and the parent keeps working.
 */
#include <sys/mman.h>

#include "common.h"

#define RAW_WIN		(16UL << 20)
#define NR_PARENT	3

static const DWORD parent_size[NR_PARENT] = { 1, 5000, 0 };
static uint8_t *parent_buf[NR_PARENT];
static struct raw_ctx raw;
static uint64_t raw_off;
static bool dofork;

static void parent_intact(const char *when)
{
	int i;

	for (i = 0; i < NR_PARENT; i++)
		if (!EXPECT_LIVE(parent_buf[i], parent_size[i],
				 800 + (uint32_t)i))
			t_info("parent buffer %d changed %s", i, when);
	if (!EXPECT_RAW_LIVE(&raw, raw_off, page_size(), 810))
		t_info("parent raw buffer changed %s", when);
}

/*
 * The parent's pointers are not live for the child's library, and never
 * the address of a buffer of the child's (fork_alias checks many).
 */
static void parent_pointers_refused(uint8_t *child_live)
{
	int i;

	for (i = 0; i < NR_PARENT; i++) {
		if (parent_buf[i] == child_live)
			FAIL("the child's buffer is at %p, the parent's buffer %d",
			     (void *)child_live, i);
		EXPECT_NOT_LIVE(parent_buf[i], 100);
	}
}

static void child_own_work(uint8_t **keep)
{
	uint8_t *p = NULL, *q = NULL, *z = NULL;
	DWORD n = 0;

	if (EXPECT_STATUS(NetApiBufferAllocate(100, (void **)&p),
			  NERR_Success)) {
		EXPECT_ZERO(p, 100);
		fill_pattern(p, 100, 820);
		EXPECT_STATUS(NetApiBufferSize(p, &n), NERR_Success);
		EXPECT_EQ(n, 100);
		if (EXPECT_STATUS(NetApiBufferReallocate(p, 3 * 4096,
							 (void **)&q),
				  NERR_Success)) {
			EXPECT_PATTERN(q, 100, 820);
			EXPECT_ZERO(q + 100, 3 * 4096 - 100);
			p = q;
		}
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	}
	if (EXPECT_STATUS(NetApiBufferAllocate(0, (void **)&z), NERR_Success))
		EXPECT_STATUS(NetApiBufferFree(z), NERR_Success);
	/* One left live, for the process exit to release. */
	*keep = NULL;
	if (EXPECT_STATUS(NetApiBufferAllocate(4096, (void **)keep),
			  NERR_Success))
		fill_pattern(*keep, 4096, 821);
}

static int child(void *arg)
{
	uint8_t *keep = NULL;
	int i;

	(void)arg;
	/* Before the child's library has opened anything. */
	parent_pointers_refused(NULL);
	for (i = 0; i < NR_PARENT; i++) {
		EXPECT_READ(parent_buf[i], SIGSEGV);
		EXPECT_WRITE(parent_buf[i], 0xee, SIGSEGV);
	}
	/* The raw window: gone, or (MADV_DOFORK) there without its pages. */
	if (dofork) {
		EXPECT_READ_FAULTS(raw.win + raw_off);
		EXPECT_WRITE_FAULTS(raw.win + raw_off, 0xee);
		EXPECT_WRITE_FAULTS(raw.win + raw_off + 100, 0xee);
	} else {
		EXPECT_READ(raw.win + raw_off, SIGSEGV);
		EXPECT_WRITE(raw.win + raw_off, 0xee, SIGSEGV);
	}

	child_own_work(&keep);
	parent_pointers_refused(keep);
	if (keep)
		EXPECT_PATTERN(keep, 4096, 821);
	return child_result();
}

/*
 * Without the atfork handler the library meets the inherited context on its
 * first call (EPERM from the kernel), drops it and opens its own: here the
 * first call is an allocation, which must then succeed.
 */
static int raw_child_allocating_first(void *arg)
{
	uint8_t *p = NULL, *keep = NULL;
	int i;

	(void)arg;
	if (EXPECT_STATUS(NetApiBufferAllocate(64, (void **)&p),
			  NERR_Success)) {
		EXPECT_ZERO(p, 64);
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	}
	/*
	 * The parent's window range is reserved, inaccessible: the child's
	 * own window cannot lie there, and a touch is SIGSEGV.
	 */
	for (i = 0; i < NR_PARENT; i++) {
		EXPECT_READ(parent_buf[i], SIGSEGV);
		EXPECT_WRITE(parent_buf[i], 0xee, SIGSEGV);
	}
	child_own_work(&keep);
	parent_pointers_refused(keep);
	return child_result();
}

static void parent_keeps_working(void)
{
	uint8_t *p = NULL, *q = NULL;

	if (!EXPECT_STATUS(NetApiBufferAllocate(5000, (void **)&p),
			   NERR_Success))
		return;
	fill_pattern(p, 5000, 830);
	if (EXPECT_STATUS(NetApiBufferReallocate(p, 20000, (void **)&q),
			  NERR_Success)) {
		EXPECT_PATTERN(q, 5000, 830);
		EXPECT_ZERO(q + 5000, 15000);
		p = q;
	}
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
}

int main(int argc, char **argv)
{
	uint64_t contexts, buffers;
	int i, round, status;

	(void)argc;
	t_init(argv[0], 120);
	contexts = counter_read(SYSFS_CONTEXTS);
	buffers = counter_read(SYSFS_BUFFERS);

	for (i = 0; i < NR_PARENT; i++) {
		REQUIRE(NetApiBufferAllocate(parent_size[i],
					     (void **)&parent_buf[i]) == 0);
		fill_pattern(parent_buf[i], parent_size[i], 800 + (uint32_t)i);
	}
	raw_open(&raw, RAW_WIN);
	REQUIRE(raw_alloc(raw.fd, page_size(), &raw_off) == 0);
	fill_pattern(raw.win + raw_off, page_size(), 810);
	EXPECT_COUNTER(SYSFS_CONTEXTS, contexts + 2);

	/* Children that skip the atfork handlers, both orders of first use. */
	EXPECT_EXIT(run_raw_child(child, NULL), T_PASS);
	EXPECT_EXIT(run_raw_child(raw_child_allocating_first, NULL), T_PASS);
	parent_intact("by a raw fork child");
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts + 2);
	parent_keeps_working();

	for (round = 0; round < 3; round++) {
		if (round == 1) {
			errno = 0;
			if (madvise(raw.win, raw.size, MADV_DOFORK) < 0) {
				t_info("MADV_DOFORK refused (%s)",
				       errno_name(errno));
				break;
			}
			dofork = true;
		}
		if (round == 2) {
			errno = 0;
			if (madvise(raw.win, raw.size, MADV_KEEPONFORK) < 0) {
				t_info("MADV_KEEPONFORK refused (%s)",
				       errno_name(errno));
				break;
			}
		}
		status = run_child(child, NULL);
		EXPECT_EXIT(status, T_PASS);
		parent_intact(dofork ? "by a MADV_DOFORK child" :
			      "by a child");
		/* The child's context and its live buffer went with it. */
		EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts + 2);
		EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers + NR_PARENT + 1);
		parent_keeps_working();
	}

	for (i = 0; i < NR_PARENT; i++)
		EXPECT_STATUS(NetApiBufferFree(parent_buf[i]), NERR_Success);
	EXPECT_RC(raw_free(raw.fd, raw_off), 0);
	raw_close(&raw);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	return t_done();
}
