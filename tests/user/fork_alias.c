// SPDX-License-Identifier: GPL-2.0
/*
 * After fork, a pointer of the parent never names a buffer of the child.
 * The child allocates as many buffers as the parent holds, of the same
 * sizes: without a reservation of the parent's window range, the child's
 * new window lands where the parent's was and its buffers sit exactly at
 * the parent's pointers (NetApiBufferFree(parent_ptr) then freed the
 * child's buffer). Checked: every parent pointer gets 87 from Free, Size
 * and Reallocate (to n and to 0), before and after the child allocated; a
 * touch is SIGSEGV; no buffer of the child equals a parent pointer. The
 * same in a grandchild, for the parent's and the child's pointers, and in
 * children made by the raw fork system call (no atfork handler), whose
 * library meets the inherited context on its first call. The parent's
 * buffers are intact afterwards and every context goes with its process.
 */
#include "common.h"

#define NR	48

struct set {
	uint8_t *p[NR];
	DWORD size[NR];
	uint32_t seed;
	const char *whose;
};

static struct set parent = { .seed = 1000, .whose = "parent" };
static struct set child_set = { .seed = 2000, .whose = "child" };
static struct set grandchild_set = { .seed = 3000, .whose = "grandchild" };

static DWORD size_of(int i)
{
	/* Mostly one or two pages, a few larger, two of zero bytes. */
	if (i == 5 || i == 30)
		return 0;
	return (DWORD)(1 + (i % 3) * 4096 + (i % 7 == 0 ? 5 * 4096 : 0));
}

/* Another process's pointers: 87 from every call, SIGSEGV on a touch. */
static void foreign(const struct set *s, const char *when)
{
	int i, bad = 0;

	for (i = 0; i < NR; i++) {
		if (!EXPECT_NOT_LIVE(s->p[i], 100))
			bad++;
		if (!s->size[i])
			continue;	/* maps no page in its own process */
		if (!EXPECT_READ(s->p[i], SIGSEGV) ||
		    !EXPECT_WRITE(s->p[i], 0xee, SIGSEGV))
			bad++;
	}
	if (bad)
		t_info("%d of the %s's pointers misbehaved %s", bad, s->whose,
		       when);
}

/* Allocates s in this process; none may equal a pointer of the others. */
static void allocate(struct set *s, const struct set *const *others,
		     int nothers)
{
	int i, j, k;

	for (i = 0; i < NR; i++) {
		s->size[i] = size_of(i);
		s->p[i] = NULL;
		if (!EXPECT_STATUS(NetApiBufferAllocate(s->size[i],
							(void **)&s->p[i]),
				   NERR_Success))
			continue;
		fill_pattern(s->p[i], s->size[i], s->seed + (uint32_t)i);
		for (j = 0; j < nothers; j++)
			for (k = 0; k < NR; k++)
				if (s->p[i] == others[j]->p[k])
					FAIL("%s buffer %d is at %p, where the %s's buffer %d is",
					     s->whose, i, (void *)s->p[i],
					     others[j]->whose, k);
	}
}

static void intact(const struct set *s, const char *when)
{
	int i, bad = 0;

	for (i = 0; i < NR; i++)
		if (s->p[i] && !EXPECT_LIVE(s->p[i], s->size[i],
					    s->seed + (uint32_t)i))
			bad++;
	if (bad)
		t_info("%d of the %s's buffers changed %s", bad, s->whose,
		       when);
}

static void free_all(struct set *s)
{
	int i;

	for (i = 0; i < NR; i++)
		if (s->p[i])
			EXPECT_STATUS(NetApiBufferFree(s->p[i]), NERR_Success);
}

static int grandchild(void *arg)
{
	const struct set *others[] = { &parent, &child_set };

	(void)arg;
	foreign(&parent, "in the grandchild, before it allocated");
	foreign(&child_set, "in the grandchild, before it allocated");
	allocate(&grandchild_set, others, 2);
	foreign(&parent, "in the grandchild, after it allocated");
	foreign(&child_set, "in the grandchild, after it allocated");
	intact(&grandchild_set, "in the grandchild");
	free_all(&grandchild_set);
	return child_result();
}

static int child(void *arg)
{
	const struct set *others[] = { &parent };

	(void)arg;
	foreign(&parent, "in the child, before it allocated");
	allocate(&child_set, others, 1);
	foreign(&parent, "in the child, after it allocated");
	intact(&child_set, "in the child");
	EXPECT_EXIT(run_child(grandchild, NULL), T_PASS);
	EXPECT_EXIT(run_raw_child(grandchild, NULL), T_PASS);
	intact(&child_set, "in the child, after its children");
	free_all(&child_set);
	foreign(&parent, "in the child, at its end");
	return child_result();
}

/* A raw child whose first call allocates (the inherited view then). */
static int raw_child_allocating_first(void *arg)
{
	const struct set *others[] = { &parent };

	(void)arg;
	allocate(&child_set, others, 1);
	foreign(&parent, "in the raw child, after it allocated");
	intact(&child_set, "in the raw child");
	free_all(&child_set);
	return child_result();
}

int main(int argc, char **argv)
{
	uint64_t contexts, buffers;

	(void)argc;
	t_init(argv[0], 240);
	contexts = counter_read(SYSFS_CONTEXTS);
	buffers = counter_read(SYSFS_BUFFERS);

	allocate(&parent, NULL, 0);
	EXPECT_COUNTER(SYSFS_CONTEXTS, contexts + 1);

	EXPECT_EXIT(run_child(child, NULL), T_PASS);
	intact(&parent, "by a child");
	EXPECT_EXIT(run_raw_child(child, NULL), T_PASS);
	intact(&parent, "by a raw child");
	EXPECT_EXIT(run_raw_child(raw_child_allocating_first, NULL), T_PASS);
	intact(&parent, "by a raw child allocating first");
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts + 1);
	EXPECT_COUNTER_SETTLES(SYSFS_BUFFERS, buffers + NR);

	free_all(&parent);
	EXPECT_COUNTER(SYSFS_BUFFERS, buffers);
	return t_done();
}
