// SPDX-License-Identifier: GPL-2.0
/*
 * Two promises of lmapibuf.h about the library's process hygiene:
 * - the device is opened O_CLOEXEC: the library's descriptor has
 *   FD_CLOEXEC, and a program this process executes does not inherit it
 *   (the test executes itself from a raw fork, which runs no fork
 *   handler, and the new image counts its /dev/netbuf descriptors);
 * - it never prints: a child whose stdout and stderr go to a file takes
 *   every error path the library has (parameter errors of each function,
 *   double and foreign frees, a module limit, an invalid level and server,
 *   a cut enumeration, a device it may not open, ENOENT), checks each
 *   status silently, and the file stays empty.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lm_common.h"

#define OUT_FILE	"/tmp/lib_quiet.out"

/* The executed image: exit 0 when no /dev/netbuf descriptor came along. */
static int exec_child(const char *fdstr)
{
	int fd = atoi(fdstr), n;

	n = netbuf_fds(&fd, 0);
	if (n != 0 || fcntl(atoi(fdstr), F_GETFD) != -1)
		return 1;
	return 0;
}

static unsigned int mismatches;
static uint64_t orig_max_bytes;

/* Silent checks: anything printed here would defeat the test. */
static void want(NET_API_STATUS got, NET_API_STATUS expected)
{
	mismatches += got != expected;
}

static int error_paths(void *arg)
{
	LPBYTE b = NULL;
	LPVOID p = NULL, q = NULL;
	NETSETUP_JOIN_STATUS type;
	DWORD n = 0, read = 0, total = 0, resume = 0;
	int out;

	(void)arg;
	/* Two interfaces up, so that a limit of one byte cuts the enumeration. */
	if (unshare(CLONE_NEWNET) < 0 || t_new_dummy("nbquiet0", 5, true) ||
	    t_new_dummy("nbquiet1", 6, true))
		return 103;
	out = open(OUT_FILE, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0 || dup2(out, STDOUT_FILENO) < 0 ||
	    dup2(out, STDERR_FILENO) < 0)
		return 100;

	/* Parameter errors. */
	want(NetApiBufferAllocate(10, NULL), ERROR_INVALID_PARAMETER);
	want(NetApiBufferSize(NULL, &n), ERROR_INVALID_PARAMETER);
	want(NetApiBufferSize((LPVOID)&n, &n), ERROR_INVALID_PARAMETER);
	want(NetApiBufferFree((LPVOID)&n), ERROR_INVALID_PARAMETER);
	want(NetApiBufferReallocate((LPVOID)&n, 10, &q),
	     ERROR_INVALID_PARAMETER);
	want(NetWkstaGetInfo(NULL, 7, &b), ERROR_INVALID_LEVEL);
	want(NetWkstaGetInfo(NULL, 100, NULL), ERROR_INVALID_PARAMETER);
	want(NetWkstaGetInfo(L"\\\\far-away-nb", 100, &b), ERROR_BAD_NETPATH);
	/* A malformed name is another computer too, since 1.2.0. */
	want(NetWkstaGetInfo(L"\\x", 100, &b), ERROR_BAD_NETPATH);
	want(NetServerGetInfo(NULL, 7, &b), ERROR_INVALID_LEVEL);
	want(NetWkstaUserGetInfo(NULL, 2, &b), ERROR_INVALID_LEVEL);
	want(NetWkstaUserGetInfo(L"x", 0, &b), ERROR_INVALID_PARAMETER);
	want(NetGetJoinInformation(NULL, NULL, &type),
	     ERROR_INVALID_PARAMETER);
	want(NetWkstaTransportEnum(NULL, 7, &b, MAX_PREFERRED_LENGTH, &read,
				   &total, NULL), ERROR_INVALID_LEVEL);

	/* Double free, use after free, a cut enumeration. */
	want(NetApiBufferAllocate(100, &p), NERR_Success);
	want(NetApiBufferFree(p), NERR_Success);
	want(NetApiBufferFree(p), ERROR_INVALID_PARAMETER);
	want(NetApiBufferSize(p, &n), ERROR_INVALID_PARAMETER);
	want(NetApiBufferReallocate(p, 10, &q), ERROR_INVALID_PARAMETER);
	want(NetWkstaTransportEnum(NULL, 0, &b, 1, &read, &total, &resume),
	     ERROR_MORE_DATA);
	want(NetApiBufferFree(b), NERR_Success);

	/* A limit of the module: 8 with ENOMEM. */
	if (sysfs_write_u64(PARAM_MAX_BYTES, 4096) < 0)
		return 101;
	errno = 0;
	want(NetApiBufferAllocate(8192, &p), ERROR_NOT_ENOUGH_MEMORY);
	mismatches += errno != ENOMEM;
	if (sysfs_write_u64(PARAM_MAX_BYTES, orig_max_bytes) < 0)
		return 102;
	return mismatches ? 1 : 0;
}

/* After the device is gone from the path: 8 or 2138, errno ENOENT. */
static int no_device(void *arg)
{
	LPBYTE b = NULL;
	LPVOID p = NULL;
	int out;

	(void)arg;
	out = open(OUT_FILE, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (out < 0 || dup2(out, STDOUT_FILENO) < 0 ||
	    dup2(out, STDERR_FILENO) < 0)
		return 100;
	errno = 0;
	want(NetApiBufferAllocate(100, &p), ERROR_NOT_ENOUGH_MEMORY);
	mismatches += errno != ENOENT;
	errno = 0;
	want(NetWkstaGetInfo(NULL, 100, &b), NERR_WkstaNotStarted);
	mismatches += errno != ENOENT;
	return mismatches ? 1 : 0;
}

static void expect_empty(const char *when)
{
	struct stat st;

	if (!EXPECT_SYS_OK(stat(OUT_FILE, &st)))
		return;
	if (st.st_size) {
		char buf[512] = "";
		int fd = open(OUT_FILE, O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			if (read(fd, buf, sizeof(buf) - 1) < 0)
				buf[0] = '\0';
			close(fd);
		}
		FAIL("%s: the library printed %lld bytes: \"%s\"", when,
		     (long long)st.st_size, buf);
	}
}

int main(int argc, char **argv)
{
	char fdstr[16], *args[] = { argv[0], "exec-child", fdstr, NULL };
	struct stat st;
	LPVOID p;
	pid_t pid;
	int fd, status;

	if (argc == 3 && !strcmp(argv[1], "exec-child"))
		return exec_child(argv[2]);
	t_init(argv[0], 60);

	/* O_CLOEXEC: set on the library's descriptor, and honoured. */
	REQUIRE(NetApiBufferAllocate(10, &p) == NERR_Success);
	if (EXPECT_EQ(netbuf_fds(&fd, 1), 1)) {
		EXPECT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
		snprintf(fdstr, sizeof(fdstr), "%d", fd);
		/*
		 * The raw fork system call: the library's fork handler would
		 * replace its descriptor in a child of fork(), hiding whether
		 * exec closes it; posix_spawn() and a bare clone() skip it.
		 */
		pid = (pid_t)syscall(SYS_fork);
		REQUIRE(pid >= 0);
		if (pid == 0) {
			execv("/proc/self/exe", args);
			_exit(99);
		}
		EXPECT_EXIT(wait_child(pid), 0);
	}
	EXPECT_STATUS(NetApiBufferFree(p), NERR_Success);

	/* Never prints. */
	orig_max_bytes = param_get(PARAM_MAX_BYTES);
	EXPECT_EXIT(run_child(error_paths, NULL), 0);
	expect_empty("error paths");
	/* Without the device node (renamed away for the moment). */
	REQUIRE(stat(NETBUF_DEV, &st) == 0);
	REQUIRE(rename(NETBUF_DEV, NETBUF_DEV ".away") == 0);
	status = run_child(no_device, NULL);
	REQUIRE(rename(NETBUF_DEV ".away", NETBUF_DEV) == 0);
	EXPECT_EXIT(status, 0);
	expect_empty("no device");
	unlink(OUT_FILE);
	EXPECT_NO_BUFFERS();
	return t_done();
}
