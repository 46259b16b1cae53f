// SPDX-License-Identifier: GPL-2.0
/*
 * UTF-16 mode, built with -DNETBUF_WCHAR16 (and, as lm_utf16_short, with
 * -fshort-wchar alone, which chooses the mode by itself): WCHAR is 2
 * bytes, and every string of every function is UTF-16 (a character past
 * U+FFFF a surrogate pair), in one buffer sized for it exactly, because
 * lmcons.h binds the Windows names to the library's _w16 entry points. A
 * child with its own UTS and network namespaces (host name with an e
 * acute and an emoji, one dummy interface) compares the strings with u""
 * literals; server names are UTF-16 too.
 */
#include <sched.h>
#include <uchar.h>

#include "lm_common.h"

_Static_assert(sizeof(WCHAR) == 2, "UTF-16 mode: WCHAR is 2 bytes");

/* nb-, U+00E9, -, U+1F600; the computer name is upper case. */
static const char host[] = "nb-\xc3\xa9-\xf0\x9f\x98\x80.lan";
static const char16_t computer_u[] = u"NB-\u00c9-\U0001F600";

static size_t u16len(const char16_t *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

#define EXPECT_U16(got, want) \
	t_expect_units(__FILE__, __LINE__, #got, (got), (want), 2)

/* Bytes of the strings, terminators included. */
static DWORD u16bytes(const WCHAR *s)
{
	return (DWORD)(u16len(s) + 1) * 2;
}

static DWORD size_of(void *buf)
{
	DWORD size = 0;

	EXPECT_STATUS(NetApiBufferSize(buf, &size), NERR_Success);
	return size;
}

static void info(void)
{
	NETSETUP_JOIN_STATUS type;
	WKSTA_USER_INFO_0 *u0;
	SERVER_INFO_101 *s;
	WKSTA_INFO_102 *w;
	LPWSTR name;

	if (EXPECT_STATUS(NetWkstaGetInfo(NULL, 102, (LPBYTE *)&w),
			  NERR_Success)) {
		EXPECT_U16(w->wki102_computername, computer_u);
		EXPECT_U16(w->wki102_langroup, u"WORKGROUP");
		EXPECT_U16(w->wki102_lanroot, u"");
		EXPECT_EQ(w->wki102_ver_major, LM_VER_MAJOR);
		EXPECT_EQ(size_of(w), sizeof(*w) + u16bytes(computer_u) +
				      u16bytes(u"WORKGROUP") + 2);
		EXPECT_STATUS(NetApiBufferFree(w), NERR_Success);
	}
	if (EXPECT_STATUS(NetServerGetInfo((LMSTR)u"\\\\LOCALHOST", 101,
					   (LPBYTE *)&s), NERR_Success)) {
		EXPECT_U16(s->sv101_name, computer_u);
		EXPECT_U16(s->sv101_comment, u"");
		EXPECT_STATUS(NetApiBufferFree(s), NERR_Success);
	}
	if (EXPECT_STATUS(NetGetJoinInformation(u"", &name, &type),
			  NERR_Success)) {
		EXPECT_U16(name, u"WORKGROUP");
		EXPECT_EQ(type, NetSetupWorkgroupName);
		EXPECT_EQ(size_of(name), u16bytes(u"WORKGROUP"));
		EXPECT_STATUS(NetApiBufferFree(name), NERR_Success);
	}
	if (EXPECT_STATUS(NetWkstaUserGetInfo(NULL, 0, (LPBYTE *)&u0),
			  NERR_Success)) {
		EXPECT_U16(u0->wkui0_username, u"root");
		EXPECT_STATUS(NetApiBufferFree(u0), NERR_Success);
	}
	/* The computer name in UTF-16, any case, is local. */
	if (EXPECT_STATUS(NetWkstaGetInfo((LMSTR)u"\\\\nb-\u00e9-\U0001F600",
					  100, (LPBYTE *)&w), NERR_Success))
		NetApiBufferFree(w);
	EXPECT_STATUS(NetWkstaGetInfo((LMSTR)u"\\\\nb-elsewhere", 100,
				      (LPBYTE *)&w), ERROR_BAD_NETPATH);
#if __SIZEOF_WCHAR_T__ == 2
	/* -fshort-wchar: L"" literals are UTF-16 as well. */
	EXPECT_STATUS(NetWkstaGetInfo((LMSTR)L"localhost", 100, (LPBYTE *)&w),
		      NERR_Success);
	EXPECT_U16(w->wki102_langroup, (const char16_t *)L"WORKGROUP");
	NetApiBufferFree(w);
#endif
	EXPECT_NO_BUFFERS();
}

static void transports(void)
{
	WKSTA_TRANSPORT_INFO_0 *t;
	DWORD read = 0, total = 0;

	if (!EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&t,
						 MAX_PREFERRED_LENGTH, &read,
						 &total, NULL), NERR_Success))
		return;
	EXPECT_EQ(read, 1);
	EXPECT_U16(t->wkti0_transport_name,
		   u"\\Device\\NetBT_Tcpip_{5E39B524-B9E6-5173-B6A5-944C4DA01D53}");
	EXPECT_U16(t->wkti0_transport_address, u"026E62000007");
	EXPECT_EQ(size_of(t), sizeof(*t) + u16bytes(t->wkti0_transport_name) +
			      u16bytes(t->wkti0_transport_address));
	EXPECT_STATUS(NetApiBufferFree(t), NERR_Success);
}

static int child(void *arg)
{
	int rc;

	(void)arg;
	if (unshare(CLONE_NEWUTS | CLONE_NEWNET) < 0) {
		t_info("unshare: %s", errno_name(errno));
		return T_SKIP;
	}
	REQUIRE(sethostname(host, sizeof(host) - 1) == 0);
	lm_sysroot(NULL, NULL);
	/* The guest's password database names root only. */
	REQUIRE(geteuid() == 0);
	info();
	rc = t_new_dummy("nbutf16", 7, true);
	if (rc == -ENOENT)
		t_info("no dummy interface: transports not checked");
	else if (rc)
		FATAL("creating nbutf16: %s", errno_name(-rc));
	else
		transports();
	return child_result();
}

int main(int argc, char **argv)
{
	(void)argc;
	return t_main_in_child(argv[0], child, "no UTS or network namespace");
}
