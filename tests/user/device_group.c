// SPDX-License-Identifier: GPL-2.0
/*
 * Who may open /dev/netbuf, and what the library says to those who may
 * not. The guest has no udev, so the test applies the rule of
 * dist/60-netbuf.rules.in itself: it parses the rule's text (built into
 * this program), checks that it matches the misc device netbuf and sets a
 * GROUP and MODE="0660", and gives the device that mode and a group of its
 * own, as udev would. Then:
 * - a user in the group opens the device and allocates;
 * - a user outside it gets EACCES from open(2), and from the library
 *   status 8 (ERROR_NOT_ENOUGH_MEMORY) with errno EACCES, and
 *   NERR_WkstaNotStarted with errno EACCES from the network-management
 *   functions (NetWkstaGetInfo, NetWkstaUserGetInfo, NetServerGetInfo,
 *   NetWkstaTransportEnum, NetGetJoinInformation);
 * - with mode 0600 (root only) the same user gets the same answers.
 * The device's mode and owner are put back at the end.
 */
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lm_common.h"

/* The rule's text, from the source tree (make runs in its root). */
__asm__(".pushsection .rodata\n"
	".global udev_rule_text\n"
	"udev_rule_text:\n"
	".incbin \"dist/60-netbuf.rules.in\"\n"
	".byte 0\n"
	".popsection\n");
extern const char udev_rule_text[];

#define GROUP_ID	4250	/* the rule's group */
#define MEMBER_UID	4251
#define OTHER_UID	4252

/* The value of key="..." in the rule line, into buf; false if absent. */
static bool rule_value(const char *line, const char *key, char *buf,
		       size_t len)
{
	const char *p = line, *end;
	size_t klen = strlen(key);

	while ((p = strstr(p, key))) {
		bool word = p == line || p[-1] == ' ' || p[-1] == ',';

		p += klen;
		if (!word || p[0] != '=' || p[1] != '"')
			continue;
		p += 2;
		end = strchr(p, '"');
		if (!end || (size_t)(end - p) >= len)
			return false;
		memcpy(buf, p, (size_t)(end - p));
		buf[end - p] = '\0';
		return true;
	}
	return false;
}

/* The one rule line (not a comment); checks its matches and assignments. */
static unsigned int parse_rule(void)
{
	char line[512], v[64];
	const char *p = udev_rule_text, *nl;
	unsigned int mode = 0, rules = 0;
	size_t n;

	for (; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (!n || *p == '#')
			continue;
		REQUIRE(n < sizeof(line));
		memcpy(line, p, n);
		line[n] = '\0';
		rules++;
		CHECK(strstr(line, "SUBSYSTEM==\"misc\"") != NULL);
		CHECK(strstr(line, "KERNEL==\"netbuf\"") != NULL);
		if (CHECK(rule_value(line, "GROUP", v, sizeof(v))))
			EXPECT_EQ(strcmp(v, "@GROUP@"), 0);
		if (CHECK(rule_value(line, "MODE", v, sizeof(v))))
			mode = (unsigned int)strtoul(v, NULL, 8);
		if (!nl)
			break;
	}
	EXPECT_EQ(rules, 1);
	EXPECT_EQ(mode, 0660);
	return mode;
}

static int member(void *arg)
{
	gid_t g = GROUP_ID;
	LPVOID p = NULL;
	int fd;

	(void)arg;
	REQUIRE(setgroups(1, &g) == 0);
	REQUIRE(setresgid(65534, 65534, 65534) == 0);
	REQUIRE(setresuid(MEMBER_UID, MEMBER_UID, MEMBER_UID) == 0);
	fd = open(NETBUF_DEV, O_RDWR | O_CLOEXEC);
	if (!EXPECT_SYS_OK(fd))
		return child_result();
	close(fd);
	if (EXPECT_STATUS(NetApiBufferAllocate(100, &p), NERR_Success))
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
	return child_result();
}

/* status with errno EACCES, the out-pointer left NULL */
#define EXPECT_EACCES(call, want, out) do {				\
	errno = 0;							\
	EXPECT_STATUS(call, want);					\
	EXPECT_EQ(errno, EACCES);					\
	EXPECT_PTR(out, NULL);						\
} while (0)

static int outsider(void *arg)
{
	LPBYTE b = NULL;
	LPWSTR name = NULL;
	NETSETUP_JOIN_STATUS type;
	DWORD read = 0, total = 0;
	LPVOID p = NULL;

	(void)arg;
	/*
	 * One interface up, so that NetWkstaTransportEnum has an entry to
	 * return and must open the device: with none it returns no buffer
	 * and never needs it, as Wine returns none without adapters.
	 */
	REQUIRE(unshare(CLONE_NEWNET) == 0);
	REQUIRE(t_new_dummy("nbgroup0", 4, true) == 0);
	REQUIRE(setgroups(0, NULL) == 0);
	REQUIRE(setresgid(65534, 65534, 65534) == 0);
	REQUIRE(setresuid(OTHER_UID, OTHER_UID, OTHER_UID) == 0);
	EXPECT_SYS_ERR(open(NETBUF_DEV, O_RDWR | O_CLOEXEC), EACCES);
	/* Twice: a failed open is retried on the next call, alike. */
	EXPECT_EACCES(NetApiBufferAllocate(100, &p), ERROR_NOT_ENOUGH_MEMORY,
		      p);
	EXPECT_EACCES(NetApiBufferAllocate(0, &p), ERROR_NOT_ENOUGH_MEMORY, p);
	EXPECT_EACCES(NetApiBufferReallocate(NULL, 10, &p),
		      ERROR_NOT_ENOUGH_MEMORY, p);
	EXPECT_EACCES(NetWkstaGetInfo(NULL, 100, &b), NERR_WkstaNotStarted, b);
	EXPECT_EACCES(NetWkstaUserGetInfo(NULL, 0, &b), NERR_WkstaNotStarted,
		      b);
	EXPECT_EACCES(NetServerGetInfo(NULL, 101, &b), NERR_WkstaNotStarted,
		      b);
	EXPECT_EACCES(NetWkstaTransportEnum(NULL, 0, &b, MAX_PREFERRED_LENGTH,
					    &read, &total, NULL),
		      NERR_WkstaNotStarted, b);
	EXPECT_EACCES(NetGetJoinInformation(NULL, &name, &type),
		      NERR_WkstaNotStarted, name);
	return child_result();
}

int main(int argc, char **argv)
{
	struct stat st;
	unsigned int mode;

	(void)argc;
	t_init(argv[0], 60);
	mode = parse_rule();
	if (geteuid() != 0)
		FATAL("changing the mode of " NETBUF_DEV " needs root");
	REQUIRE(stat(NETBUF_DEV, &st) == 0);
	EXPECT_EQ(st.st_mode & 07777, 0666);	/* the module's own mode */

	/* As the rule would: root:GROUP, its mode. */
	REQUIRE(chown(NETBUF_DEV, 0, GROUP_ID) == 0);
	REQUIRE(chmod(NETBUF_DEV, mode ? mode : 0660) == 0);
	EXPECT_EXIT(run_child(member, NULL), 0);
	EXPECT_EXIT(run_child(outsider, NULL), 0);

	/* Root only. */
	REQUIRE(chmod(NETBUF_DEV, 0600) == 0);
	EXPECT_EXIT(run_child(outsider, NULL), 0);

	REQUIRE(chown(NETBUF_DEV, st.st_uid, st.st_gid) == 0);
	REQUIRE(chmod(NETBUF_DEV, st.st_mode & 07777) == 0);
	EXPECT_NO_BUFFERS();
	return t_done();
}
