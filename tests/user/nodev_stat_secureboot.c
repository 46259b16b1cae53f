// SPDX-License-Identifier: GPL-2.0
/*
 * Run with the module unloaded, on a machine where depmod lists a netbuf
 * module for the running kernel (as DKMS leaves it): netbuf-stat says the
 * module is installed but not loaded, and points to Secure Boot's "Key was
 * rejected by service" and to enrolling DKMS's key. The guest has no
 * /lib/modules; the test writes a modules.dep there and removes it again.
 */
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common.h"
#include "stat_tool.h"

int main(int argc, char **argv)
{
	char *args[] = { "netbuf-stat", NULL };
	char out[4096], buf[64], dir[128], dep[192];
	struct utsname u;
	bool made_root;
	int status;
	FILE *f;

	(void)argc;
	t_init(argv[0], 30);
	if (uname(&u) < 0)
		t_skip("uname: %s", strerror(errno));
	snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	snprintf(dep, sizeof(dep), "%s/modules.dep", dir);
	if (access(dep, F_OK) == 0)
		t_skip("%s exists: not the test guest", dep);
	made_root = mkdir("/lib/modules", 0755) == 0;
	if (mkdir(dir, 0755) < 0)
		t_skip("mkdir %s: %s", dir, strerror(errno));
	f = fopen(dep, "w");
	if (!f)
		t_skip("cannot write %s: %s", dep, strerror(errno));
	fputs("kernel/drivers/net/dummy.ko:\nupdates/dkms/netbuf.ko.xz:\n", f);
	fclose(f);

	status = run_stat_tool(args, out, sizeof(out));
	unlink(dep);
	rmdir(dir);
	if (made_root)
		rmdir("/lib/modules");

	if (!EXPECT_EXIT(status, 1))
		t_info("netbuf-stat: %s",
		       wait_status_str(status, buf, sizeof(buf)));
	CHECK(strstr(out, "not loaded") != NULL);
	CHECK(strstr(out, "updates/dkms/netbuf.ko.xz") != NULL);
	CHECK(strstr(out, "Key was rejected by service") != NULL);
	CHECK(strstr(out, "mokutil --import") != NULL);
	CHECK(strstr(out, "netbuf(4)") != NULL);
	if (t_failures())
		fputs(out, stdout);
	return t_done();
}
