// SPDX-License-Identifier: GPL-2.0
/* tools/netbuf-stat.c with its main() renamed, and a way to run it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stat_tool.h"

#define main netbuf_stat_main
#include "../../tools/netbuf-stat.c"
#undef main

int run_stat_tool(char *const argv[], char *out, size_t len)
{
	int pipefd[2], argc = 0, status = -1, rc;
	char scratch[512];
	size_t used = 0;
	ssize_t n;
	pid_t pid;

	while (argv[argc])
		argc++;
	if (pipe(pipefd) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
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
	/* Read to the end, keeping what fits. */
	for (;;) {
		if (used + 1 < len)
			n = read(pipefd[0], out + used, len - 1 - used);
		else
			n = read(pipefd[0], scratch, sizeof(scratch));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (used + 1 < len)
			used += (size_t)n;
	}
	if (len)
		out[used] = '\0';
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}
