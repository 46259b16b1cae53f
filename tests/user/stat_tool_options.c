// SPDX-License-Identifier: GPL-2.0
/*
 * netbuf-stat's options: --help and -h print the usage with every option
 * (exit 0); --version and -V print the release the Makefile builds; -p PID
 * lists that process's contexts only, and a PID that does not exist is
 * exit status 1 with a message; -b prints sizes in bytes where the default
 * prints KiB and MiB; every malformed option is exit status 2 with a
 * message naming it.
 */
#include <inttypes.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "stat_tool.h"

#define WIN_SIZE	(16UL << 20)
#define OUT_LEN		16384

static char out[OUT_LEN];

static int run(char *const argv[])
{
	return stat_tool_exit(argv, out, sizeof(out));
}

/* Runs argv; it must exit with @want and print @text. */
static void expect_run(char *const argv[], int want, const char *text)
{
	int got = run(argv);

	if (got != want || !strstr(out, text)) {
		FAIL("netbuf-stat %s%s%s: exit %d, wanted %d and \"%s\" in:\n%s",
		     argv[1] ? argv[1] : "", argv[1] && argv[2] ? " " : "",
		     argv[1] && argv[2] ? argv[2] : "", got, want, text, out);
	}
}

/* How many context rows of @pid the output has (pid first in a row). */
static int rows_of(int pid)
{
	const char *p;
	int n = 0, a, b;

	for (p = out; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (sscanf(p, " %d %d", &a, &b) == 2 && a == pid)
			n++;
	return n;
}

static void test_help_version(void)
{
	static const char *const opts[] = { "-t", "-b", "-j", "-p PID",
					    "-i SECONDS", "-c COUNT", "-h",
					    "-V" };
	char *const help[] = { "netbuf-stat", "--help", NULL };
	char *const h[] = { "netbuf-stat", "-h", NULL };
	char *const version[] = { "netbuf-stat", "--version", NULL };
	char *const v[] = { "netbuf-stat", "-V", NULL };
	size_t i;

	expect_run(help, 0, "usage: netbuf-stat");
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (!strstr(out, opts[i]))
			FAIL("--help does not mention %s:\n%s", opts[i], out);
	CHECK(strstr(out, "netbuf-stat(1)") != NULL);
	expect_run(h, 0, "usage: netbuf-stat");
	expect_run(version, 0, "netbuf-stat " NETBUF_VERSION "\n");
	CHECK(!strcmp(out, "netbuf-stat " NETBUF_VERSION "\n"));
	expect_run(v, 0, "netbuf-stat " NETBUF_VERSION "\n");
	/* The release, not a placeholder: digits.digits.digits. */
	{
		unsigned int a, b, c;
		char end;

		CHECK(sscanf(NETBUF_VERSION, "%u.%u.%u%c", &a, &b, &c, &end) == 3);
	}
}

static void test_bad_usage(void)
{
	static const char *const bad[][3] = {
		{ "-x", NULL, "usage:" },
		{ "-i", "0", "-i 0: give the seconds" },
		{ "-i", "abc", "-i abc: give the seconds" },
		{ "-i", "100000", "-i 100000: give the seconds" },
		{ "-c", "3", "-c needs -i" },
		{ "-p", "abc", "-p abc: not a process id" },
		{ "-p", "0", "-p 0: not a process id" },
		{ "-p", "-5", "-p -5: not a process id" },
		{ "extra", NULL, "unexpected argument 'extra'" },
	};
	char *const c0[] = { "netbuf-stat", "-i", "1", "-c", "0", NULL };
	char *const pt[] = { "netbuf-stat", "-t", "-p", "1", NULL };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[] = { "netbuf-stat", (char *)bad[i][0],
				 (char *)bad[i][1], NULL };

		expect_run(argv, 2, bad[i][2]);
		CHECK(strstr(out, "usage: netbuf-stat") != NULL);
	}
	expect_run(c0, 2, "-c 0: give a number of reports");
	expect_run(pt, 2, "-p and -t");
}

/* -p: the holder's context only; a pid that is gone: exit 1. */
static void test_pid(void)
{
	const uint64_t sizes[] = { 3 * page_size() };
	char pidstr[32], gone[32];
	struct holder h;
	pid_t dead;

	if (!holder_start(&h, -1, WIN_SIZE, sizes, 1))
		FATAL("the holder process could not open a context");
	snprintf(pidstr, sizeof(pidstr), "%d", (int)h.pid);
	{
		char *const argv[] = { "netbuf-stat", "-b", "-p", pidstr, NULL };
		char head[64];

		expect_run(argv, 0, "contexts of process");
		snprintf(head, sizeof(head), "contexts of process %d", (int)h.pid);
		CHECK(strstr(out, head) != NULL);
		EXPECT_EQ(rows_of((int)h.pid), 1);
		EXPECT_EQ(rows_of((int)getpid()), 0);
		snprintf(head, sizeof(head), " %d ", (int)(3 * page_size()));
		CHECK(strstr(out, head) != NULL);
	}
	{
		char *const argv[] = { "netbuf-stat", "-b", NULL };

		expect_run(argv, 0, "contexts by process");
		EXPECT_EQ(rows_of((int)h.pid), 1);
		EXPECT_EQ(rows_of((int)getpid()), 0);
	}
	EXPECT_EXIT(holder_stop(&h), 0);

	/* A reaped child's pid names no process (until reused: unlikely). */
	dead = fork();
	if (dead == 0)
		_exit(0);
	REQUIRE(dead > 0);
	wait_stat_tool(dead);
	snprintf(gone, sizeof(gone), "%d", (int)dead);
	{
		char *const argv[] = { "netbuf-stat", "-p", gone, NULL };
		char msg[64];

		snprintf(msg, sizeof(msg), "-p %d: no such process", (int)dead);
		expect_run(argv, 1, msg);
	}
}

/* Sizes: KiB and MiB by default, bytes with -b. */
static void test_sizes(const struct raw_ctx *own)
{
	char *const human[] = { "netbuf-stat", NULL };
	char *const bytes[] = { "netbuf-stat", "-b", NULL };
	char want[64];

	if (page_size() != 4096)
		return;
	expect_run(human, 0, "contexts by process");
	snprintf(want, sizeof(want), "%d %4d %10d %14s %14s %14s", (int)getpid(),
		 own->fd, 1, "4.0 KiB", "4.0 KiB", "16.0 MiB");
	if (!strstr(out, want))
		FAIL("no row \"%s\" in:\n%s", want, out);
	expect_run(bytes, 0, "contexts by process");
	snprintf(want, sizeof(want), "%d %4d %10d %14d %14d %14lu",
		 (int)getpid(), own->fd, 1, 4096, 4096, WIN_SIZE);
	if (!strstr(out, want))
		FAIL("no row \"%s\" in:\n%s", want, out);
}

int main(int argc, char **argv)
{
	struct raw_ctx c;

	(void)argc;
	t_init(argv[0], 60);
	test_help_version();
	test_bad_usage();
	/* Before this process opens a context the holder would inherit. */
	test_pid();
	raw_open(&c, WIN_SIZE);
	REQUIRE(raw_alloc(c.fd, page_size(), NULL) == 0);
	test_sizes(&c);
	raw_close(&c);
	return t_done();
}
