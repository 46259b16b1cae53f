// SPDX-License-Identifier: GPL-2.0
/*
 * examples/netinfo.c, the Windows-style program, run as it is: in a child
 * with its own UTS and network namespaces (host nb-netinfo.lan, smb.conf
 * workgroup nbwg under NETBUF_SYSROOT, one dummy interface up, lo up), its
 * output is what a Windows 10 workstation prints: computer name
 * NB-NETINFO, version 10.0, workgroup NBWG, type workstation, server and
 * NT, the user, and one NetBT transport with the interface's GUID and
 * address (lo is no transport); it frees every buffer and exits 0. "Frees every buffer" is
 * checked when its main returns, before the child exits (exit would free
 * them anyway): the library's context, still open, holds no buffer
 * (fdinfo netbuf-buffers 0, the module's buffers counter 0) after holding
 * some (netbuf-peak-bytes above 0).
 */
int netinfo_main(int argc, char **argv);
#define main netinfo_main
#include "../../examples/netinfo.c"
#undef main

#include <fcntl.h>
#include <pwd.h>
#include <sched.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lm_common.h"

#define OUT	"/tmp/netinfo.out"

/* In the child, after the example's main returned: nothing is live. */
static void expect_all_freed(void)
{
	int fd, n;

	if (t_user_backend()) {
		/* No context: the library's own count of live buffers. */
		EXPECT_COUNTER(SYSFS_BUFFERS, 0);
		return;
	}
	n = netbuf_fds(&fd, 1);
	if (!EXPECT_EQ(n, 1))
		return;
	EXPECT_EQ(fdinfo_value(fd, "netbuf-buffers"), 0);
	CHECK(fdinfo_value(fd, "netbuf-peak-bytes") > 0);
	EXPECT_COUNTER(SYSFS_BUFFERS, 0);
}

static int run(void *arg)
{
	char *argv[] = { "netinfo", NULL };
	char path[64];
	int fd, rc, out;

	(void)arg;
	if (unshare(CLONE_NEWUTS | CLONE_NEWNET) < 0)
		return T_SKIP;
	if (sethostname("nb-netinfo.lan", 14) < 0)
		return T_FAIL;
	lm_sysroot("[global]\n\tworkgroup = nbwg\n", NULL);
	t_link_up("lo", true);
	rc = t_new_dummy("nbnetinfo0", 7, true);
	if (rc == -ENOENT)
		return T_SKIP;
	if (rc)
		return T_FAIL;
	fd = open(OUT, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	out = dup(STDOUT_FILENO);
	if (fd < 0 || out < 0 || dup2(fd, STDOUT_FILENO) < 0)
		return T_FAIL;
	/* The child's stdout has not been used: it becomes wide here. */
	rc = netinfo_main(1, argv);
	fflush(stdout);
	/*
	 * The checks print narrow text, which a wide stdout drops: reopen
	 * it (append, in case it is a file) on the saved descriptor, which
	 * also clears its orientation.
	 */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", out);
	if (!freopen(path, "a", stdout))
		return T_FAIL;
	setvbuf(stdout, NULL, _IOLBF, 0);
	expect_all_freed();
	if (t_failures())
		return T_FAIL;
	return rc;
}

static void expect_line(const char *text, const char *want)
{
	if (!strstr(text, want))
		FAIL("netinfo printed no \"%s\"", want);
}

int main(int argc, char **argv)
{
	static char text[8192];
	char user[300];
	struct passwd *pw;
	int status, fd;
	ssize_t n;

	(void)argc;
	t_init(argv[0], 120);
	status = run_child(run, NULL);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("no UTS or network namespace, or no dummy interface");
	EXPECT_EXIT(status, 0);
	fd = open(OUT, O_RDONLY | O_CLOEXEC);
	REQUIRE(fd >= 0);
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	REQUIRE(n > 0);
	text[n] = '\0';
	pw = getpwuid(geteuid());
	if (pw)
		snprintf(user, sizeof(user), "User:     %s\n", pw->pw_name);
	else
		snprintf(user, sizeof(user), "User:     %u\n", (unsigned int)geteuid());
	expect_line(text, "Platform: 500\n");
	expect_line(text, "Name:     NB-NETINFO\n");
	expect_line(text, "Version:  10.0\n");
	expect_line(text, "Domain:   NBWG\n");
	expect_line(text, "Lan Root: \n");
	expect_line(text, "# Logged On Users: 1\n");
	expect_line(text, "Joined:   NBWG (workgroup)\n");
	expect_line(text, "Server:   NB-NETINFO\n");
	expect_line(text, "Type:     0x00001003 (workstation server NT)\n");
	expect_line(text, "Comment:  \n");
	expect_line(text, user);
	expect_line(text, "Domain:   NB-NETINFO\n");	/* the user's */
	expect_line(text, "Logon Server:  NB-NETINFO\n");
	expect_line(text, "\t\\Device\\NetBT_Tcpip_{5E39B524-B9E6-5173-B6A5-944C4DA01D53} (026E62000007)\n");
	expect_line(text, "Total of 1 transport(s) enumerated\n");
	if (strstr(text, "\tlo"))
		FAIL("netinfo printed lo, which is no transport");
	if (t_failures())
		fputs(text, stdout);
	EXPECT_COUNTER(SYSFS_BUFFERS, 0);
	unlink(OUT);
	return t_done();
}
