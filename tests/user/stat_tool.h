/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/netbuf-stat.c built into a test program: the guest has no tools of
 * its own, so the tests run the tool's main() in a child and read what it
 * prints.
 */
#ifndef NETBUF_TEST_STAT_TOOL_H
#define NETBUF_TEST_STAT_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

int netbuf_stat_main(int argc, char **argv);

/*
 * Runs netbuf-stat with argv (NULL-terminated, argv[0] included) in a
 * child; its stdout and stderr go to out (NUL-terminated, truncated to
 * len). Returns the child's wait status.
 */
int run_stat_tool(char *const argv[], char *out, size_t len);

/*
 * As run_stat_tool(), for a run that must exit (a failure of the test
 * otherwise): its exit status, or -1 when it did not exit.
 */
int stat_tool_exit(char *const argv[], char *out, size_t len);

/*
 * Starts netbuf-stat with argv in a child whose stdout and stderr go to a
 * pipe; *fd is its read end. Returns the child's pid, or -1.
 */
pid_t start_stat_tool(char *const argv[], int *fd);

/*
 * Reads from @fd, appending to @out (NUL-terminated, at most @len with
 * the NUL; *used bytes held), until @marker is in what was read, or to
 * the end of the output when @marker is NULL. Returns whether it was
 * found (for NULL: whether the end was reached).
 */
bool read_stat_output(int fd, char *out, size_t len, size_t *used,
		      const char *marker);

/* waitpid() for the child of start_stat_tool(): its wait status. */
int wait_stat_tool(pid_t pid);

/*
 * A process holding one context for the tests: it becomes @uid (unless
 * -1), opens a context with a window of @win bytes, allocates @sizes and
 * then one buffer per holder_alloc(), until holder_stop().
 */
struct holder {
	pid_t pid;
	int cmd, reply;
};

/* False when the child could not set up (it is reaped then). */
bool holder_start(struct holder *h, int uid, size_t win,
		  const uint64_t *sizes, size_t n);
/* The child's raw_alloc() of @size: 0 or -errno (-EPIPE: child gone). */
int holder_alloc(struct holder *h, uint64_t size);
/* Ends the child; its wait status. */
int holder_stop(struct holder *h);

#endif /* NETBUF_TEST_STAT_TOOL_H */
