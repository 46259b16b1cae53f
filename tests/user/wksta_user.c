// SPDX-License-Identifier: GPL-2.0
/*
 * NetWkstaUserGetInfo at levels 0, 1 and 1101 and NetGetJoinInformation,
 * built by the library with NetApiBufferAllocate: the effective user's
 * name from the password database (its number without an entry), the
 * computer name as logon domain and server, one buffer per call holding
 * every string, freed whole; the workgroup with NetSetupWorkgroupName; and
 * the statuses of Wine's run_wkstausergetinfo_tests and
 * run_wkstajoininfo_tests. A child with another uid, named in a line the
 * test adds to /etc/passwd in a private mount namespace (the guest's own
 * names root only), gets that name.
 */
#include <pwd.h>
#include <unistd.h>

#include "lm_common.h"

#define TEST_UID	4242
#define TEST_USER	"nbuser"

static char computer[65], workgroup[65];

static void expected_user(char *name, size_t len)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw)
		snprintf(name, len, "%s", pw->pw_name);
	else
		snprintf(name, len, "%u", (unsigned int)geteuid());
}

static void levels(const char *user)
{
	WKSTA_USER_INFO_0 *u0;
	WKSTA_USER_INFO_1 *u1;
	WKSTA_USER_INFO_1101 *u1101;
	size_t bytes;
	DWORD size;

	REQUIRE(NetWkstaUserGetInfo(NULL, 0, (LPBYTE *)&u0) == NERR_Success);
	EXPECT_WSTR(u0->wkui0_username, user);
	EXPECT_STATUS(NetApiBufferSize(u0, &size), NERR_Success);
	bytes = sizeof(*u0);
	EXPECT_INSIDE(u0, size, sizeof(*u0), u0->wkui0_username, &bytes);
	CHECK(size >= bytes);

	REQUIRE(NetWkstaUserGetInfo(NULL, 1, (LPBYTE *)&u1) == NERR_Success);
	EXPECT_WSTR(u1->wkui1_username, user);
	EXPECT_WSTR(u1->wkui1_logon_domain, computer);
	EXPECT_WSTR(u1->wkui1_oth_domains, "");
	EXPECT_WSTR(u1->wkui1_logon_server, computer);
	EXPECT_STATUS(NetApiBufferSize(u1, &size), NERR_Success);
	bytes = sizeof(*u1);
	EXPECT_INSIDE(u1, size, sizeof(*u1), u1->wkui1_username, &bytes);
	EXPECT_INSIDE(u1, size, sizeof(*u1), u1->wkui1_logon_domain, &bytes);
	EXPECT_INSIDE(u1, size, sizeof(*u1), u1->wkui1_oth_domains, &bytes);
	EXPECT_INSIDE(u1, size, sizeof(*u1), u1->wkui1_logon_server, &bytes);
	CHECK(size >= bytes);

	REQUIRE(NetWkstaUserGetInfo(NULL, 1101, (LPBYTE *)&u1101) ==
		NERR_Success);
	EXPECT_WSTR(u1101->wkui1101_oth_domains, "");
	EXPECT_STATUS(NetApiBufferSize(u1101, &size), NERR_Success);
	bytes = sizeof(*u1101);
	EXPECT_INSIDE(u1101, size, sizeof(*u1101), u1101->wkui1101_oth_domains,
		      &bytes);
	CHECK(size >= bytes);

	EXPECT_COUNTER(SYSFS_BUFFERS, 3);
	EXPECT_STATUS(NetApiBufferFree(u0), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(u1), NERR_Success);
	EXPECT_STATUS(NetApiBufferFree(u1101), NERR_Success);
	EXPECT_NO_BUFFERS();
}

static void statuses(void)
{
	NETSETUP_JOIN_STATUS type = (NETSETUP_JOIN_STATUS)0xdada;
	LPWSTR name = NULL;
	LPBYTE buf;

	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaUserGetInfo(NULL, 10000, &buf),
				  ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaUserGetInfo(NULL, 2, &buf),
				  ERROR_INVALID_LEVEL);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaUserGetInfo(NULL, 0, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaUserGetInfo(L"x", 0, &buf),
				  ERROR_INVALID_PARAMETER);

	EXPECT_STATUS_KEEPS_ERRNO(NetGetJoinInformation(NULL, NULL, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetGetJoinInformation(NULL, &name, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetGetJoinInformation(NULL, NULL, &type),
				  ERROR_INVALID_PARAMETER);
	EXPECT_EQ(type, 0xdada);
	EXPECT_STATUS_KEEPS_ERRNO(NetGetJoinInformation(L"\\\\far-away-nb",
							&name, &type),
				  ERROR_BAD_NETPATH);
	EXPECT_EQ(type, 0xdada);
	EXPECT_NO_BUFFERS();

	EXPECT_STATUS(NetGetJoinInformation(NULL, &name, &type), NERR_Success);
	EXPECT_EQ(type, NetSetupWorkgroupName);
	EXPECT_WSTR(name, workgroup);
	EXPECT_COUNTER(SYSFS_BUFFERS, 1);
	EXPECT_STATUS(NetApiBufferFree(name), NERR_Success);
	EXPECT_NO_BUFFERS();
}

static int other_user(void *arg)
{
	char line[128];

	(void)arg;
	/* The guest's database names root only: add our user, privately. */
	snprintf(line, sizeof(line), TEST_USER ":x:%d:%d::/:/bin/sh\n",
		 TEST_UID, TEST_UID);
	t_private_file("/etc/passwd", line, access("/etc/passwd", F_OK) == 0);
	if (!getpwuid(TEST_UID))
		FATAL("user %d not found after adding it to /etc/passwd",
		      TEST_UID);
	if (setresuid(TEST_UID, TEST_UID, TEST_UID) < 0)
		FATAL("setresuid(%d): %s", TEST_UID, errno_name(errno));
	levels(TEST_USER);
	return child_result();
}

int main(int argc, char **argv)
{
	char user[300];

	(void)argc;
	t_init(argv[0], 120);
	lm_names(computer, workgroup);
	expected_user(user, sizeof(user));
	t_info("user %s, computer %s, workgroup %s", user, computer, workgroup);
	levels(user);
	statuses();
	/* Another user: always run (the test needs root, as in the guest). */
	EXPECT_EXIT(run_child(other_user, NULL), 0);
	return t_done();
}
