// SPDX-License-Identifier: GPL-2.0
/* tools/netbuf-stat.c with its main() renamed, and ways to run it. */
#define _FILE_OFFSET_BITS 64	/* NETBUF_META_OFFSET is above 4 GiB */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "stat_tool.h"

#define main netbuf_stat_main
#include "../../tools/netbuf-stat.c"
#undef main

pid_t start_stat_tool(char *const argv[], int *fd)
{
	int pipefd[2], argc = 0, rc;
	pid_t pid;

	while (argv[argc])
		argc++;
	if (pipe(pipefd) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		rc = netbuf_stat_main(argc, (char **)argv);
		fflush(NULL);
		_exit(rc);	/* not the test's atexit handlers */
	}
	close(pipefd[1]);
	*fd = pipefd[0];
	return pid;
}

bool read_stat_output(int fd, char *out, size_t len, size_t *used,
		      const char *marker)
{
	char scratch[512];
	ssize_t n;

	for (;;) {
		if (marker && len && strstr(out, marker))
			return true;
		if (*used + 1 < len)
			n = read(fd, out + *used, len - 1 - *used);
		else
			n = read(fd, scratch, sizeof(scratch));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return !marker;
		if (*used + 1 < len) {
			*used += (size_t)n;
			out[*used] = '\0';
		}
	}
}

int wait_stat_tool(pid_t pid)
{
	int status = -1;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

int run_stat_tool(char *const argv[], char *out, size_t len)
{
	size_t used = 0;
	pid_t pid;
	int fd;

	if (len)
		out[0] = '\0';
	pid = start_stat_tool(argv, &fd);
	if (pid < 0)
		return -1;
	/* Read to the end, keeping what fits. */
	read_stat_output(fd, out, len, &used, NULL);
	close(fd);
	return wait_stat_tool(pid);
}

int stat_tool_exit(char *const argv[], char *out, size_t len)
{
	int status = run_stat_tool(argv, out, len);
	char buf[64];

	if (!WIFEXITED(status))
		FAIL("netbuf-stat %s ended with %s", argv[1] ? argv[1] : "",
		     wait_status_str(status, buf, sizeof(buf)));
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * The holder's loop: answers each size sent with raw_alloc()'s result. It
 * maps its context's Size metadata as the library's first Size does, so
 * that metadata pages exist for the tool to count.
 */
static void holder_serve(int cmd, int reply, int uid, size_t win,
			 const uint64_t *sizes, size_t n)
{
	struct raw_ctx c;
	uint64_t size;
	int rc = 0;
	size_t i;

	if (uid >= 0 && (setgid((gid_t)uid) < 0 || setuid((uid_t)uid) < 0))
		_exit(3);
	raw_open(&c, win);
	if (mmap(NULL, netbuf_meta_bytes_of(win, page_size()), PROT_READ,
		 MAP_SHARED, c.fd, (off_t)NETBUF_META_OFFSET) == MAP_FAILED)
		_exit(5);
	for (i = 0; i < n && !rc; i++)
		rc = raw_alloc(c.fd, sizes[i], NULL);
	if (write(reply, &rc, sizeof(rc)) != sizeof(rc))
		_exit(4);
	while (read(cmd, &size, sizeof(size)) == sizeof(size)) {
		rc = raw_alloc(c.fd, size, NULL);
		if (write(reply, &rc, sizeof(rc)) != sizeof(rc))
			_exit(4);
	}
	_exit(0);	/* the parent closed its end */
}

bool holder_start(struct holder *h, int uid, size_t win,
		  const uint64_t *sizes, size_t n)
{
	int to[2], from[2], rc = -1;

	if (pipe(to) < 0)
		return false;
	if (pipe(from) < 0) {
		close(to[0]);
		close(to[1]);
		return false;
	}
	fflush(NULL);
	h->pid = fork();
	if (h->pid == 0) {
		close(to[1]);
		close(from[0]);
		holder_serve(to[0], from[1], uid, win, sizes, n);
	}
	close(to[0]);
	close(from[1]);
	h->cmd = to[1];
	h->reply = from[0];
	if (h->pid < 0 || read(h->reply, &rc, sizeof(rc)) != sizeof(rc) ||
	    rc) {
		holder_stop(h);
		return false;
	}
	return true;
}

int holder_alloc(struct holder *h, uint64_t size)
{
	int rc = -EPIPE;

	if (write(h->cmd, &size, sizeof(size)) != sizeof(size) ||
	    read(h->reply, &rc, sizeof(rc)) != sizeof(rc))
		return -EPIPE;
	return rc;
}

int holder_stop(struct holder *h)
{
	int status = -1;

	if (h->cmd >= 0)
		close(h->cmd);
	if (h->reply >= 0)
		close(h->reply);
	h->cmd = h->reply = -1;
	if (h->pid > 0)
		status = wait_stat_tool(h->pid);
	h->pid = -1;
	return status;
}
