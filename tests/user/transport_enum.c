// SPDX-License-Identifier: GPL-2.0
/*
 * NetWkstaTransportEnum at level 0, in a network namespace of the test's
 * own holding lo (up), three dummy interfaces that are up and one that is
 * down: exactly the three up ones, in interface order, each named as a
 * Windows NetBT binding "\Device\NetBT_Tcpip_{GUID}" with the version 5
 * UUID of its hardware address (the values below are computed by Python's
 * uuid module, independently of the library), its address as 12
 * upper-case hex digits, quality of service and circuits 0, wan_ish TRUE;
 * one buffer holding the array and every string, freed whole; prefmaxlen
 * and the resume handle; and the statuses of Wine's
 * run_wkstatransportenum_tests in Wine's order. Namespaces, interfaces
 * going up and down, and GUID stability are tested by netns_transport.
 */
#include <sched.h>

#include "lm_common.h"

#define NUP	3

static const char *const up_names[NUP] = { "nbt0", "nbt1", "nbt2" };
/* uuid.uuid5(UUID("e8df98cf-2b18-5db5-bdc0-6e1d58382121"), MAC bytes) */
static const char *const want_names[NUP] = {
	"\\Device\\NetBT_Tcpip_{CD05ED2A-A7F3-5954-B292-B2E300DE327D}",
	"\\Device\\NetBT_Tcpip_{96C4EA92-360E-5CE9-B443-BC8F576CFBE7}",
	"\\Device\\NetBT_Tcpip_{D633F514-CE01-5FEB-97F2-B61E976BA414}",
};
static const char *const want_addrs[NUP] = {
	"026E62000000", "026E62000001", "026E62000002",
};

/* Bytes one entry takes: the structure and its two strings. */
static DWORD entry_bytes(const WKSTA_TRANSPORT_INFO_0 *t)
{
	return sizeof(*t) + (wcslen(t->wkti0_transport_name) + 1 +
			     wcslen(t->wkti0_transport_address) + 1) *
			    sizeof(wchar_t);
}

static void all_at_once(void)
{
	WKSTA_TRANSPORT_INFO_0 *ti = NULL;
	DWORD read = 0, total = 0, resume = 0, size = 0, i;
	size_t head, bytes;

	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&ti,
					    MAX_PREFERRED_LENGTH, &read,
					    &total, &resume), NERR_Success);
	REQUIRE(ti);
	EXPECT_EQ(read, NUP);
	EXPECT_EQ(total, NUP);
	EXPECT_EQ(resume, 0);
	EXPECT_STATUS(NetApiBufferSize(ti, &size), NERR_Success);
	head = read * sizeof(*ti);
	bytes = head;
	for (i = 0; i < read && i < NUP; i++) {
		EXPECT_WSTR(ti[i].wkti0_transport_name, want_names[i]);
		EXPECT_WSTR(ti[i].wkti0_transport_address, want_addrs[i]);
		EXPECT_EQ(ti[i].wkti0_quality_of_service, 0);
		EXPECT_EQ(ti[i].wkti0_number_of_vcs, 0);
		EXPECT_EQ(ti[i].wkti0_wan_ish, TRUE);
		EXPECT_INSIDE(ti, size, head, ti[i].wkti0_transport_name, &bytes);
		EXPECT_INSIDE(ti, size, head, ti[i].wkti0_transport_address, &bytes);
	}
	EXPECT_EQ(size, bytes);
	EXPECT_COUNTER(SYSFS_BUFFERS, 1);
	EXPECT_STATUS(NetApiBufferFree(ti), NERR_Success);
	EXPECT_NO_BUFFERS();
}

static void resume_and_limits(void)
{
	WKSTA_TRANSPORT_INFO_0 *ti, *first;
	DWORD read = 99, total = 99, resume = NUP, calls = 0, seen = 0;
	DWORD limit, size;
	LPBYTE buf = (LPBYTE)1;
	NET_API_STATUS st;

	/* From the end on there is nothing: no buffer at all. */
	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, &buf, MAX_PREFERRED_LENGTH,
					    &read, &total, &resume),
		      NERR_Success);
	EXPECT_PTR(buf, NULL);
	EXPECT_EQ(read, 0);
	EXPECT_EQ(total, 0);
	EXPECT_EQ(resume, 0);
	EXPECT_NO_BUFFERS();

	/* prefmaxlen 0 and 1 fit none: each call still returns one. */
	resume = 0;
	do {
		st = NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&ti, calls % 2,
					   &read, &total, &resume);
		EXPECT_EQ(read, 1);
		EXPECT_EQ(total, NUP - seen);
		if (read == 1 && seen < NUP)
			EXPECT_WSTR(ti->wkti0_transport_name, want_names[seen]);
		seen += read;
		if (st == ERROR_MORE_DATA)
			EXPECT_EQ(resume, seen);
		else
			EXPECT_STATUS(st, NERR_Success);
		if (read)
			EXPECT_STATUS(NetApiBufferFree(ti), NERR_Success);
	} while (st == ERROR_MORE_DATA && ++calls < 10);
	EXPECT_EQ(seen, NUP);
	EXPECT_EQ(resume, 0);

	/* No resume handle: from the start, and nothing is stored. */
	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, &buf, 1, &read, &total,
					    NULL), ERROR_MORE_DATA);
	EXPECT_EQ(read, 1);
	EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);

	/* A limit of exactly the first two entries' bytes gives two. */
	REQUIRE(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&first,
				      MAX_PREFERRED_LENGTH, &read, &total,
				      NULL) == NERR_Success);
	limit = entry_bytes(&first[0]) + entry_bytes(&first[1]);
	EXPECT_STATUS(NetApiBufferFree(first), NERR_Success);
	resume = 0;
	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&ti, limit,
					    &read, &total, &resume),
		      ERROR_MORE_DATA);
	EXPECT_EQ(read, 2);
	EXPECT_EQ(resume, 2);
	EXPECT_STATUS(NetApiBufferSize(ti, &size), NERR_Success);
	EXPECT_EQ(size, limit);
	EXPECT_STATUS(NetApiBufferFree(ti), NERR_Success);
	resume = 0;
	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&ti, limit - 1,
					    &read, &total, &resume),
		      ERROR_MORE_DATA);
	EXPECT_EQ(read, 1);
	EXPECT_STATUS(NetApiBufferFree(ti), NERR_Success);
	EXPECT_NO_BUFFERS();
}

/* The checks of Wine's run_wkstatransportenum_tests, in its order. */
static void statuses(void)
{
	DWORD read = 0, total = 0;
	LPBYTE buf;

	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaTransportEnum(NULL, 1, NULL,
							MAX_PREFERRED_LENGTH,
							NULL, &total, NULL),
				  ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaTransportEnum(NULL, 0, NULL,
							MAX_PREFERRED_LENGTH,
							NULL, &total, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaTransportEnum(NULL, 0, NULL,
							MAX_PREFERRED_LENGTH,
							NULL, NULL, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaTransportEnum(NULL, 0, &buf,
							MAX_PREFERRED_LENGTH,
							&read, NULL, NULL),
				  RPC_X_NULL_REF_POINTER);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaTransportEnum(NULL, 0, NULL,
							MAX_PREFERRED_LENGTH,
							&read, &total, NULL),
				  RPC_X_NULL_REF_POINTER);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaTransportEnum(NULL, 0, &buf,
							MAX_PREFERRED_LENGTH,
							NULL, &total, NULL),
				  ERROR_INVALID_PARAMETER);
	/* Wine's order: the server name before the level and the pointers. */
	buf = (LPBYTE)1;
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaTransportEnum(L"\\\\elsewhere-nb", 1,
							NULL, MAX_PREFERRED_LENGTH,
							NULL, NULL, NULL),
				  ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaTransportEnum(L"\\\\elsewhere-nb", 0,
							&buf, MAX_PREFERRED_LENGTH,
							&read, &total, NULL),
				  ERROR_BAD_NETPATH);
	EXPECT_PTR(buf, (LPBYTE)1);
	EXPECT_NO_BUFFERS();
	/* Wine's final check. */
	EXPECT_STATUS(NetWkstaTransportEnum(L"localhost", 0, &buf,
					    MAX_PREFERRED_LENGTH, &read, &total,
					    NULL), NERR_Success);
	CHECK(buf != NULL);
	EXPECT_EQ(read, NUP);
	EXPECT_EQ(total, NUP);
	EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
	EXPECT_NO_BUFFERS();
}

static int child(void *arg)
{
	int i, ret;

	(void)arg;
	if (unshare(CLONE_NEWNET) < 0) {
		t_info("unshare(CLONE_NEWNET): %s", errno_name(errno));
		return T_SKIP;
	}
	t_link_up("lo", true);
	for (i = 0; i < NUP; i++) {
		ret = t_new_dummy(up_names[i], (unsigned char)i, true);
		if (ret == -ENOENT) {
			t_info("no dummy link type and no dummy.ko");
			return T_SKIP;
		}
		if (ret)
			FATAL("creating %s: %s", up_names[i], errno_name(-ret));
	}
	ret = t_new_dummy("nbtdown", 9, false);
	if (ret)
		FATAL("creating nbtdown: %s", errno_name(-ret));
	all_at_once();
	resume_and_limits();
	statuses();
	return child_result();
}

int main(int argc, char **argv)
{
	(void)argc;
	return t_main_in_child(argv[0], child, "no network namespace with dummy interfaces");
}
