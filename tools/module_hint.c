// SPDX-License-Identifier: LGPL-2.1-or-later
/* Why an installed netbuf module is not loaded: see module_hint.h. */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "module_hint.h"

/*
 * Secure Boot: the kernel refuses a module signed with a key the firmware
 * does not trust ("Key was rejected by service", EKEYREJECTED), so the
 * module is installed but never loaded. Says where it lies in @path when
 * depmod lists a netbuf module for the running kernel but none is loaded.
 */
#ifndef MODULES_DIR
#define MODULES_DIR	"/lib/modules"	/* -D for a test: where depmod writes */
#endif

static bool installed_not_loaded(char *path, size_t len)
{
	char dep[PATH_MAX], line[512], *colon, *base;
	struct utsname u;
	bool found = false;
	FILE *f;

	if (access("/sys/module/netbuf", F_OK) == 0 || uname(&u) < 0)
		return false;
	snprintf(dep, sizeof(dep), MODULES_DIR "/%s/modules.dep", u.release);
	f = fopen(dep, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		base = strrchr(line, '/');
		base = base ? base + 1 : line;
		if (!strncmp(base, "netbuf.ko", strlen("netbuf.ko"))) {
			snprintf(path, len, MODULES_DIR "/%s/%s", u.release, line);
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* The firmware's SecureBoot variable: 1 on, 0 off, -1 unknown. */
static int secure_boot(void)
{
	unsigned char var[5];	/* 4 bytes of attributes, then the value */
	size_t n;
	FILE *f;

	f = fopen("/sys/firmware/efi/efivars/"
		  "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c", "rb");
	if (!f)
		return -1;
	n = fread(var, 1, sizeof(var), f);
	fclose(f);
	return n == sizeof(var) ? var[4] == 1 : -1;
}

/* After "not loaded": why an installed module may not be, and what to do. */
void netbuf_explain_not_loaded(const char *prog)
{
	char path[PATH_MAX];
	int sb;

	if (!installed_not_loaded(path, sizeof(path)))
		return;
	sb = secure_boot();
	fprintf(stderr,
		"%s: a netbuf module is installed for this kernel (%s) but not loaded.\n"
		"If 'modprobe netbuf' says \"Key was rejected by service\", Secure Boot%s\n"
		"refuses it: enroll the key DKMS signed it with (mokutil --import\n"
		"/var/lib/dkms/mok.pub, then reboot and confirm it): see \"Secure Boot\"\n"
		"in netbuf(4) (man 4 netbuf).\n",
		prog, path, sb == 1 ? " (on here)" : "");
}
