/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/netbuf-stat.c built into a test program: the guest has no tools of
 * its own, so the tests run the tool's main() in a child and read what it
 * prints.
 */
#ifndef NETBUF_TEST_STAT_TOOL_H
#define NETBUF_TEST_STAT_TOOL_H

#include <stddef.h>

int netbuf_stat_main(int argc, char **argv);

/*
 * Runs netbuf-stat with argv (NULL-terminated, argv[0] included) in a
 * child; its stdout and stderr go to out (NUL-terminated, truncated to
 * len). Returns the child's wait status.
 */
int run_stat_tool(char *const argv[], char *out, size_t len);

#endif /* NETBUF_TEST_STAT_TOOL_H */
