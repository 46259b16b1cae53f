// SPDX-License-Identifier: GPL-2.0
/*
 * NetWkstaGetInfo at levels 100, 101 and 102 and NetServerGetInfo at 100
 * and 101: what a Windows 10 workstation reports (the host name's NetBIOS
 * form, WORKGROUP without Samba or sssd configuration, version 10.0, type
 * workstation, server and NT, empty lanroot and comment), one buffer
 * holding the structure and every string (NetApiBufferSize at least their
 * sum), one NetApiBufferFree releasing it all (the module's counters back
 * to zero), and the statuses of bad levels, NULL pointers and other
 * servers in Wine's order (buffer pointer, server name, level).
 */
#include "lm_common.h"

static char computer[65], workgroup[65];

/* Size of a live buffer, which must hold at least head bytes. */
static DWORD live_size(void *buf, size_t head)
{
	DWORD size = 0;

	EXPECT_STATUS(NetApiBufferSize(buf, &size), NERR_Success);
	CHECK(size >= head);
	EXPECT_COUNTER(SYSFS_BUFFERS, 1);
	return size;
}

static void free_all(void *buf)
{
	EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
	EXPECT_NO_BUFFERS();
	/* Gone: a second free is refused. */
	EXPECT_STATUS(NetApiBufferFree(buf), ERROR_INVALID_PARAMETER);
}

static void wksta_levels(void)
{
	WKSTA_INFO_100 *i100;
	WKSTA_INFO_101 *i101;
	WKSTA_INFO_102 *i102;
	size_t bytes;
	DWORD size;

	REQUIRE(NetWkstaGetInfo(NULL, 100, (LPBYTE *)&i100) == NERR_Success);
	size = live_size(i100, sizeof(*i100));
	EXPECT_EQ(i100->wki100_platform_id, PLATFORM_ID_NT);
	EXPECT_WSTR(i100->wki100_computername, computer);
	EXPECT_WSTR(i100->wki100_langroup, workgroup);
	EXPECT_EQ(i100->wki100_ver_major, LM_VER_MAJOR);
	EXPECT_EQ(i100->wki100_ver_minor, LM_VER_MINOR);
	bytes = sizeof(*i100);
	EXPECT_INSIDE(i100, size, sizeof(*i100), i100->wki100_computername, &bytes);
	EXPECT_INSIDE(i100, size, sizeof(*i100), i100->wki100_langroup, &bytes);
	CHECK(size >= bytes);
	free_all(i100);

	REQUIRE(NetWkstaGetInfo(NULL, 101, (LPBYTE *)&i101) == NERR_Success);
	size = live_size(i101, sizeof(*i101));
	EXPECT_EQ(i101->wki101_platform_id, PLATFORM_ID_NT);
	EXPECT_WSTR(i101->wki101_computername, computer);
	EXPECT_WSTR(i101->wki101_langroup, workgroup);
	EXPECT_EQ(i101->wki101_ver_major, LM_VER_MAJOR);
	EXPECT_EQ(i101->wki101_ver_minor, LM_VER_MINOR);
	EXPECT_WSTR(i101->wki101_lanroot, "");
	bytes = sizeof(*i101);
	EXPECT_INSIDE(i101, size, sizeof(*i101), i101->wki101_computername, &bytes);
	EXPECT_INSIDE(i101, size, sizeof(*i101), i101->wki101_langroup, &bytes);
	EXPECT_INSIDE(i101, size, sizeof(*i101), i101->wki101_lanroot, &bytes);
	CHECK(size >= bytes);
	free_all(i101);

	REQUIRE(NetWkstaGetInfo(NULL, 102, (LPBYTE *)&i102) == NERR_Success);
	size = live_size(i102, sizeof(*i102));
	EXPECT_EQ(i102->wki102_platform_id, PLATFORM_ID_NT);
	EXPECT_WSTR(i102->wki102_computername, computer);
	EXPECT_WSTR(i102->wki102_langroup, workgroup);
	EXPECT_EQ(i102->wki102_ver_major, LM_VER_MAJOR);
	EXPECT_EQ(i102->wki102_ver_minor, LM_VER_MINOR);
	EXPECT_WSTR(i102->wki102_lanroot, "");
	EXPECT_EQ(i102->wki102_logged_on_users, 1);
	bytes = sizeof(*i102);
	EXPECT_INSIDE(i102, size, sizeof(*i102), i102->wki102_computername, &bytes);
	EXPECT_INSIDE(i102, size, sizeof(*i102), i102->wki102_langroup, &bytes);
	EXPECT_INSIDE(i102, size, sizeof(*i102), i102->wki102_lanroot, &bytes);
	CHECK(size >= bytes);
	free_all(i102);
}

static void server_levels(void)
{
	SERVER_INFO_100 *s100;
	SERVER_INFO_101 *s101;
	size_t bytes;
	DWORD size;

	REQUIRE(NetServerGetInfo(NULL, 100, (LPBYTE *)&s100) == NERR_Success);
	size = live_size(s100, sizeof(*s100));
	EXPECT_EQ(s100->sv100_platform_id, PLATFORM_ID_NT);
	EXPECT_WSTR(s100->sv100_name, computer);
	bytes = sizeof(*s100);
	EXPECT_INSIDE(s100, size, sizeof(*s100), s100->sv100_name, &bytes);
	CHECK(size >= bytes);
	free_all(s100);

	REQUIRE(NetServerGetInfo(NULL, 101, (LPBYTE *)&s101) == NERR_Success);
	size = live_size(s101, sizeof(*s101));
	EXPECT_EQ(s101->sv101_platform_id, PLATFORM_ID_NT);
	EXPECT_WSTR(s101->sv101_name, computer);
	EXPECT_EQ(s101->sv101_version_major, LM_VER_MAJOR);
	EXPECT_EQ(s101->sv101_version_minor, LM_VER_MINOR);
	EXPECT_EQ(s101->sv101_type, SV_TYPE_WORKSTATION | SV_TYPE_SERVER |
				    SV_TYPE_NT);
	EXPECT_WSTR(s101->sv101_comment, "");
	bytes = sizeof(*s101);
	EXPECT_INSIDE(s101, size, sizeof(*s101), s101->sv101_name, &bytes);
	EXPECT_INSIDE(s101, size, sizeof(*s101), s101->sv101_comment, &bytes);
	CHECK(size >= bytes);
	free_all(s101);
}

/* Parameter errors: nothing produced, errno kept, *bufptr as stated. */
static void statuses(void)
{
	static const DWORD bad_wksta[] = { 0, 1, 99, 103, 1101, 10000 };
	static const DWORD bad_server[] = { 0, 1, 102, 402, 10000 };
	static const wchar_t *const local[] = {
		L"", L"\\\\", L"localhost", L"\\\\LocalHost", L"127.0.0.1",
		L"\\\\127.0.0.1", L"::1", L"\\\\::1",
	};
	wchar_t self[80], unc[84], lower[84];
	LPBYTE buf;
	size_t i;

	for (i = 0; i < sizeof(bad_wksta) / sizeof(bad_wksta[0]); i++)
		EXPECT_STATUS_KEEPS_ERRNO(NetWkstaGetInfo(NULL, bad_wksta[i], &buf),
					  ERROR_INVALID_LEVEL);
	for (i = 0; i < sizeof(bad_server) / sizeof(bad_server[0]); i++)
		EXPECT_STATUS_KEEPS_ERRNO(NetServerGetInfo(NULL, bad_server[i], &buf),
					  ERROR_INVALID_LEVEL);
	/* Wine's order: the buffer pointer, then the server, then the level. */
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaGetInfo(NULL, 100, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetServerGetInfo(NULL, 101, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaGetInfo(L"\\\\elsewhere-nb", 99, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetServerGetInfo(L"\\\\elsewhere-nb", 99, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaGetInfo(L"\\\\elsewhere-nb", 99, &buf),
				  ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetServerGetInfo(L"elsewhere-nb", 99, &buf),
				  ERROR_BAD_NETPATH);

	/* Another computer: we cannot reach it (no RPC). */
	buf = (LPBYTE)1;
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaGetInfo(L"\\\\no-such-host-nb", 100, &buf),
				  ERROR_BAD_NETPATH);
	EXPECT_PTR(buf, NULL);
	EXPECT_STATUS_KEEPS_ERRNO(NetServerGetInfo(L"other", 101, &buf),
				  ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaGetInfo(L"\\x", 100, &buf),
				  ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaGetInfo(L"\\\\\\\\", 100, &buf),
				  ERROR_BAD_NETPATH);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaGetInfo(L"127.0.0.2", 100, &buf),
				  ERROR_BAD_NETPATH);
	EXPECT_NO_BUFFERS();

	/* This computer, by any of its spellings, is local. */
	for (i = 0; i < sizeof(local) / sizeof(local[0]); i++) {
		if (!EXPECT_STATUS(NetWkstaGetInfo((LMSTR)local[i], 100, &buf),
				   NERR_Success))
			t_info("server name L\"%ls\"", local[i]);
		else
			EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
	}
	lm_wide(computer, self, 80);
	swprintf(unc, 84, L"\\\\%ls", self);
	for (i = 0; self[i]; i++)
		lower[i] = self[i] >= L'A' && self[i] <= L'Z' ? self[i] + 32 : self[i];
	lower[i] = L'\0';
	EXPECT_STATUS(NetWkstaGetInfo(self, 100, &buf), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
	EXPECT_STATUS(NetWkstaGetInfo(unc, 101, &buf), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
	EXPECT_STATUS(NetServerGetInfo(lower, 100, &buf), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
	EXPECT_NO_BUFFERS();
}

/* Many produced buffers live at once are independent. */
static void many(void)
{
	LPBYTE bufs[64];
	int i;

	for (i = 0; i < 64; i++)
		REQUIRE(NetWkstaGetInfo(NULL, 100 + i % 3, &bufs[i]) ==
			NERR_Success);
	EXPECT_COUNTER(SYSFS_BUFFERS, 64);
	for (i = 0; i < 64; i += 2)
		EXPECT_STATUS(NetApiBufferFree(bufs[i]), NERR_Success);
	for (i = 1; i < 64; i += 2)
		EXPECT_WSTR(((WKSTA_INFO_100 *)bufs[i])->wki100_computername,
			    computer);
	for (i = 1; i < 64; i += 2)
		EXPECT_STATUS(NetApiBufferFree(bufs[i]), NERR_Success);
	EXPECT_NO_BUFFERS();
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 120);
	lm_names(computer, workgroup);
	t_info("computer %s, workgroup %s", computer, workgroup);
	wksta_levels();
	server_levels();
	statuses();
	many();
	return t_done();
}
