// SPDX-License-Identifier: GPL-2.0
/*
 * The library never issues the producing ioctls of ABI 2 (numbers 0x06,
 * 0x07 and 0x08 of netbuf's ioctl type: WKSTA_GET_INFO, SERVER_GET_INFO,
 * WKSTA_TRANSPORT_ENUM), which the module no longer needs to have: a child
 * under a seccomp filter that kills it on any of them calls every
 * network-management function, in both character widths, at every level,
 * with data (a dummy interface up), and gets its buffers. A control child
 * issues one such ioctl under the same filter and is killed by SIGSYS, so
 * the filter is known to match.
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
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

/* type << 8 | nr of an ioctl number: its low 16 bits. */
#define TYPE_NR(nr)	((NETBUF_IOC_MAGIC << 8) | (nr))

static void forbid_producers(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[1])),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xffff),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TYPE_NR(0x06), 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TYPE_NR(0x07), 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TYPE_NR(0x08), 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};
	struct sock_fprog prog = {
		.len = sizeof(f) / sizeof(f[0]),
		.filter = f,
	};

	REQUIRE(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
	REQUIRE(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0);
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
	rc = t_new_dummy("nbnoioctl", 3, true);
	if (rc)
		return rc == -ENOENT ? T_SKIP : T_FAIL;
	forbid_producers();
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
	return child_result();
}

/* The control: a producing ioctl under the filter kills the process. */
static int forbidden_ioctl(void *arg)
{
	int fd = dev_open();

	(void)arg;
	forbid_producers();
	ioctl(fd, _IOWR(NETBUF_IOC_MAGIC, 0x06, char[40]), NULL);
	return T_FAIL;	/* not reached */
}

int main(int argc, char **argv)
{
	char what[64];
	int status;

	(void)argc;
	t_init(argv[0], 120);
	status = run_child(forbidden_ioctl, NULL);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSYS)
		FAIL("control: expected the filter to kill with SIGSYS, got %s",
		     wait_status_str(status, what, sizeof(what)));
	status = run_child(every_function, NULL);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("no network namespace with a dummy interface");
	EXPECT_EXIT(status, 0);
	return t_done();
}
