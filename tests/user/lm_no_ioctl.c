// SPDX-License-Identifier: GPL-2.0
/*
 * The library never issues the producing ioctls of ABI 2 (numbers 0x06,
 * 0x07 and 0x08 of netbuf's ioctl type: WKSTA_GET_INFO, SERVER_GET_INFO,
 * WKSTA_TRANSPORT_ENUM), which the module need not have: linked with
 * -Wl,--wrap=ioctl, the test sees every ioctl the library makes and
 * answers those numbers ENOTTY, as a module without them does. Every
 * network-management function, in both character widths, at every level,
 * with data (a dummy interface up), gets its buffers; the wrapper saw the
 * library's ALLOC requests (so it does see the library's calls) and not
 * one producing request.
 */
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <uchar.h>

#include "lm_common.h"

/* The UTF-16 entry points, which lmcons.h names only in UTF-16 mode. */
NET_API_STATUS NetWkstaGetInfo_w16(const char16_t *, DWORD, LPBYTE *);
NET_API_STATUS NetServerGetInfo_w16(const char16_t *, DWORD, LPBYTE *);
NET_API_STATUS NetWkstaTransportEnum_w16(const char16_t *, DWORD, LPBYTE *,
					 DWORD, LPDWORD, LPDWORD, LPDWORD);
NET_API_STATUS NetWkstaUserGetInfo_w16(const char16_t *, DWORD, LPBYTE *);
NET_API_STATUS NetGetJoinInformation_w16(const char16_t *, char16_t **,
					 PNETSETUP_JOIN_STATUS);

static atomic_uint allocs, producers;

int __real_ioctl(int fd, unsigned long request, ...);
int __wrap_ioctl(int fd, unsigned long request, ...);

/* Every ioctl of the program, the library's included (--wrap=ioctl). */
int __wrap_ioctl(int fd, unsigned long request, ...)
{
	unsigned int nr = _IOC_NR(request);
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (_IOC_TYPE(request) == NETBUF_IOC_MAGIC) {
		if (nr >= 0x06 && nr <= 0x08) {
			producers++;
			errno = ENOTTY;
			return -1;
		}
		/* Any size: with reporting off the library sends ALLOC's first. */
		if (nr == _IOC_NR(NETBUF_IOC_ALLOC))
			allocs++;
	}
	return __real_ioctl(fd, request, arg);
}

/* The call @st produced a buffer at *@buf; it is freed. */
static void got(NET_API_STATUS st, void *buf)
{
	void *p;

	memcpy(&p, buf, sizeof(p));
	if (EXPECT_STATUS(st, NERR_Success))
		EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);
}

static int every_function(void *arg)
{
	static const DWORD wksta[] = { 100, 101, 102 }, user[] = { 0, 1, 1101 };
	NETSETUP_JOIN_STATUS type;
	DWORD read, total, i;
	char16_t *name16;
	LPWSTR name;
	LPBYTE buf;
	int rc;

	(void)arg;
	if (unshare(CLONE_NEWNET) < 0)
		return T_SKIP;
	producers = allocs = 0;
	rc = t_new_dummy("nbnoioctl", 3, true);
	if (rc)
		return rc == -ENOENT ? T_SKIP : T_FAIL;
	for (i = 0; i < 3; i++) {
		got(NetWkstaGetInfo(NULL, wksta[i], &buf), &buf);
		got(NetWkstaGetInfo_w16(NULL, wksta[i], &buf), &buf);
		got(NetWkstaUserGetInfo(NULL, user[i], &buf), &buf);
		got(NetWkstaUserGetInfo_w16(NULL, user[i], &buf), &buf);
	}
	for (i = 100; i <= 101; i++) {
		got(NetServerGetInfo(NULL, i, &buf), &buf);
		got(NetServerGetInfo_w16(NULL, i, &buf), &buf);
	}
	got(NetWkstaTransportEnum(NULL, 0, &buf, MAX_PREFERRED_LENGTH, &read,
				  &total, NULL), &buf);
	EXPECT_EQ(read, 1);
	got(NetWkstaTransportEnum_w16(NULL, 0, &buf, MAX_PREFERRED_LENGTH,
				      &read, &total, NULL), &buf);
	EXPECT_EQ(read, 1);
	got(NetGetJoinInformation(NULL, &name, &type), &name);
	got(NetGetJoinInformation_w16(NULL, &name16, &type), &name16);
	EXPECT_NO_BUFFERS();
	/* 12 + 4 + 2 + 2 buffers, each one ALLOC, and no producing ioctl. */
	EXPECT_EQ(allocs, 20);
	EXPECT_EQ(producers, 0);
	return child_result();
}

int main(int argc, char **argv)
{
	int status, fd;

	(void)argc;
	t_init(argv[0], 120);
	/* The control: the wrapper sees a producing request and refuses it. */
	fd = dev_open();
	EXPECT_EQ(ioctl(fd, _IOWR(NETBUF_IOC_MAGIC, 0x07, char[40]), NULL), -1);
	EXPECT_EQ(errno, ENOTTY);
	EXPECT_EQ(producers, 1);
	close(fd);
	status = run_child(every_function, NULL);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("no network namespace with a dummy interface");
	EXPECT_EXIT(status, 0);
	return t_done();
}
