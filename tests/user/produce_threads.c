// SPDX-License-Identifier: GPL-2.0
/*
 * Produced buffers from many threads at once, beside plain allocations:
 * every buffer is whole and right (each thread's conversions run in the
 * library's UTF-8 locale object, made current per thread), every one is
 * freed, the module's counters end at zero (in a network namespace of
 * its own with one dummy interface up). A forked child gets buffers
 * of its own context, and the parent's are untouched by it.
 */
#include <pthread.h>
#include <sched.h>

#include "lm_common.h"

#define THREADS	4
#define ROUNDS	150

static char computer[65], workgroup[65];

static void *producer(void *arg)
{
	WKSTA_INFO_102 *w;
	SERVER_INFO_100 *s;
	WKSTA_TRANSPORT_INFO_0 *t;
	DWORD read, total;
	LPVOID plain;
	int i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		if (EXPECT_STATUS(NetWkstaGetInfo(NULL, 102, (LPBYTE *)&w),
				  NERR_Success)) {
			EXPECT_WSTR(w->wki102_computername, computer);
			EXPECT_WSTR(w->wki102_langroup, workgroup);
			EXPECT_STATUS(NetApiBufferFree(w), NERR_Success);
		}
		if (EXPECT_STATUS(NetApiBufferAllocate(100 + i, &plain),
				  NERR_Success))
			EXPECT_STATUS(NetApiBufferFree(plain), NERR_Success);
		if (EXPECT_STATUS(NetServerGetInfo(NULL, 100, (LPBYTE *)&s),
				  NERR_Success)) {
			EXPECT_WSTR(s->sv100_name, computer);
			EXPECT_STATUS(NetApiBufferFree(s), NERR_Success);
		}
		if (EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&t,
							MAX_PREFERRED_LENGTH,
							&read, &total, NULL),
				  NERR_Success)) {
			EXPECT_EQ(read, 1);
			EXPECT_STATUS(NetApiBufferFree(t), NERR_Success);
		}
		if (t_failures())
			break;
	}
	return NULL;
}

static int child(void *arg)
{
	WKSTA_INFO_100 *mine;

	/* The parent's buffer is not live here. */
	EXPECT_STATUS(NetApiBufferFree(arg), ERROR_INVALID_PARAMETER);
	if (EXPECT_STATUS(NetWkstaGetInfo(NULL, 100, (LPBYTE *)&mine),
			  NERR_Success)) {
		EXPECT_WSTR(mine->wki100_computername, computer);
		EXPECT_STATUS(NetApiBufferFree(mine), NERR_Success);
	}
	return child_result();
}

int main(int argc, char **argv)
{
	pthread_t threads[THREADS];
	WKSTA_INFO_100 *kept;
	int i;

	(void)argc;
	t_init(argv[0], 300);
	lm_names(computer, workgroup);
	/* A namespace with one transport (lo is none). */
	REQUIRE(unshare(CLONE_NEWNET) == 0);
	i = t_new_dummy("nbthreads0", 5, true);
	if (i)
		FATAL("creating a dummy interface: %s", errno_name(-i));
	for (i = 0; i < THREADS; i++)
		REQUIRE(pthread_create(&threads[i], NULL, producer, NULL) == 0);
	for (i = 0; i < THREADS; i++)
		pthread_join(threads[i], NULL);
	EXPECT_NO_BUFFERS();

	REQUIRE(NetWkstaGetInfo(NULL, 100, (LPBYTE *)&kept) == NERR_Success);
	EXPECT_EXIT(run_child(child, kept), 0);
	EXPECT_WSTR(kept->wki100_computername, computer);
	EXPECT_STATUS(NetApiBufferFree(kept), NERR_Success);
	EXPECT_NO_BUFFERS();
	return t_done();
}
