// SPDX-License-Identifier: GPL-2.0
/*
 * Run with the module unloaded: netbuf-stat fails with exit status 1 and
 * says that the module is not loaded and how to load it, with -j and in
 * watch mode too; --help and --version need no module.
 */
#include <string.h>

#include "common.h"
#include "stat_tool.h"

int main(int argc, char **argv)
{
	char *args[] = { "netbuf-stat", NULL };
	char out[4096], buf[64];
	int status;

	(void)argc;
	t_init(argv[0], 30);
	status = run_stat_tool(args, out, sizeof(out));
	if (!EXPECT_EXIT(status, 1))
		t_info("netbuf-stat: %s",
		       wait_status_str(status, buf, sizeof(buf)));
	CHECK(strstr(out, "not loaded") != NULL);
	CHECK(strstr(out, "modprobe netbuf") != NULL);
	if (t_failures())
		fputs(out, stdout);

	{
		char *json[] = { "netbuf-stat", "-j", "-i", "1", "-c", "1", NULL };
		char *version[] = { "netbuf-stat", "--version", NULL };
		char *help[] = { "netbuf-stat", "--help", NULL };

		status = run_stat_tool(json, out, sizeof(out));
		EXPECT_EXIT(status, 1);
		CHECK(strstr(out, "not loaded") != NULL);
		status = run_stat_tool(version, out, sizeof(out));
		EXPECT_EXIT(status, 0);
		CHECK(!strcmp(out, "netbuf-stat " NETBUF_VERSION "\n"));
		status = run_stat_tool(help, out, sizeof(out));
		EXPECT_EXIT(status, 0);
		CHECK(strstr(out, "usage: netbuf-stat") != NULL);
		if (t_failures())
			fputs(out, stdout);
	}
	return t_done();
}
