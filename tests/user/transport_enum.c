// SPDX-License-Identifier: GPL-2.0
/*
 * NetWkstaTransportEnum at level 0 in the test's own network namespace:
 * one WKSTA_TRANSPORT_INFO_0 per interface of /sys/class/net, with its
 * name and hardware address as upper-case hex; one buffer holding the
 * array and every string, freed whole; the resume handle past the end;
 * a prefmaxlen too small for one entry still returning one; and the
 * statuses Windows gives (Wine's dlls/netapi32/tests/wksta.c).
 * Interfaces added at run time are tested by netns_transport.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>

#include "lm_common.h"

#define MAX_IFS	64

struct iface {
	char name[256];
	char addr[80];	/* as netbuf writes it */
	bool seen;
};

static struct iface ifs[MAX_IFS];
static int nifs;

/* /sys/class/net/NAME/address "aa:bb:..." becomes "AABB...". */
static void read_sys_ifaces(void)
{
	struct dirent *d;
	char path[320], line[200];
	DIR *dir = opendir("/sys/class/net");
	FILE *f;
	int i, j;

	REQUIRE(dir);
	while ((d = readdir(dir)) && nifs < MAX_IFS) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(ifs[nifs].name, sizeof(ifs[nifs].name), "%s", d->d_name);
		snprintf(path, sizeof(path), "/sys/class/net/%s/address", d->d_name);
		line[0] = '\0';
		f = fopen(path, "r");
		if (f) {
			if (!fgets(line, sizeof(line), f))
				line[0] = '\0';
			fclose(f);
		}
		for (i = 0, j = 0; line[i] && line[i] != '\n'; i++)
			if (line[i] != ':')
				ifs[nifs].addr[j++] = (char)toupper((unsigned char)line[i]);
		ifs[nifs].addr[j] = '\0';
		nifs++;
	}
	closedir(dir);
	REQUIRE(nifs > 0);
}

static struct iface *find_iface(const wchar_t *name)
{
	wchar_t buf[256];
	int i;

	for (i = 0; i < nifs; i++)
		if (name && !wcscmp(name, lm_wide(ifs[i].name, buf, 256)))
			return &ifs[i];
	return NULL;
}

static void all_at_once(void)
{
	WKSTA_TRANSPORT_INFO_0 *ti = NULL;
	DWORD read = 0, total = 0, resume = 0, size = 0, i;
	size_t head, bytes;
	struct iface *f;

	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&ti,
					    MAX_PREFERRED_LENGTH, &read,
					    &total, &resume), NERR_Success);
	REQUIRE(ti);
	EXPECT_EQ(read, nifs);
	EXPECT_EQ(total, nifs);
	EXPECT_EQ(resume, 0);
	EXPECT_STATUS(NetApiBufferSize(ti, &size), NERR_Success);
	head = read * sizeof(*ti);
	bytes = head;
	for (i = 0; i < read; i++) {
		f = find_iface(ti[i].wkti0_transport_name);
		if (!f) {
			FAIL("transport %u: L\"%ls\" is no interface of /sys/class/net",
			     i, ti[i].wkti0_transport_name);
			continue;
		}
		CHECK(!f->seen);
		f->seen = true;
		EXPECT_WSTR(ti[i].wkti0_transport_address, f->addr);
		EXPECT_EQ(ti[i].wkti0_quality_of_service, 0);
		EXPECT_EQ(ti[i].wkti0_number_of_vcs, 0);
		EXPECT_EQ(ti[i].wkti0_wan_ish, TRUE);
		EXPECT_INSIDE(ti, size, head, ti[i].wkti0_transport_name, &bytes);
		EXPECT_INSIDE(ti, size, head, ti[i].wkti0_transport_address, &bytes);
	}
	CHECK(size >= bytes);
	EXPECT_COUNTER(SYSFS_BUFFERS, 1);
	EXPECT_STATUS(NetApiBufferFree(ti), NERR_Success);
	EXPECT_NO_BUFFERS();
	/* The loopback interface of every namespace is there. */
	f = find_iface(L"lo");
	CHECK(f && f->seen);
	if (f)
		t_info("lo: %s", f->addr);
}

static void resume_and_limits(void)
{
	LPBYTE buf = (LPBYTE)1;
	DWORD read = 99, total = 99, resume = (DWORD)nifs;

	/* From the end on there is nothing: no buffer at all. */
	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, &buf, MAX_PREFERRED_LENGTH,
					    &read, &total, &resume),
		      NERR_Success);
	EXPECT_PTR(buf, NULL);
	EXPECT_EQ(read, 0);
	EXPECT_EQ(total, 0);
	EXPECT_EQ(resume, 0);
	EXPECT_NO_BUFFERS();

	/* prefmaxlen 0 and 1: still one entry, so a caller makes progress. */
	resume = 0;
	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, &buf, 0, &read, &total,
					    &resume),
		      nifs > 1 ? ERROR_MORE_DATA : NERR_Success);
	EXPECT_EQ(read, 1);
	EXPECT_EQ(total, nifs);
	EXPECT_EQ(resume, nifs > 1 ? 1 : 0);
	EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);

	/* No resume handle: from the start, and nothing is stored. */
	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, &buf, 1, &read, &total,
					    NULL),
		      nifs > 1 ? ERROR_MORE_DATA : NERR_Success);
	EXPECT_EQ(read, 1);
	EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
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
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaTransportEnum(NULL, 0, &buf,
							MAX_PREFERRED_LENGTH,
							NULL, &total, NULL),
				  ERROR_INVALID_PARAMETER);
	EXPECT_STATUS_KEEPS_ERRNO(NetWkstaTransportEnum(L"\\\\elsewhere-nb", 0,
							&buf, MAX_PREFERRED_LENGTH,
							&read, &total, NULL),
				  ERROR_BAD_NETPATH);
	EXPECT_PTR(buf, NULL);
	EXPECT_NO_BUFFERS();
	/* Wine's final check. */
	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, &buf, MAX_PREFERRED_LENGTH,
					    &read, &total, NULL), NERR_Success);
	CHECK(buf != NULL);
	CHECK(read > 0);
	CHECK(total > 0);
	EXPECT_STATUS(NetApiBufferFree(buf), NERR_Success);
	EXPECT_NO_BUFFERS();
}

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 120);
	read_sys_ifaces();
	t_info("%d interface(s) in /sys/class/net", nifs);
	all_at_once();
	resume_and_limits();
	statuses();
	return t_done();
}
