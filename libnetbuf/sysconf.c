// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The configuration files the network-management functions read (Samba's
 * smb.conf, sssd.conf), found under the root NETBUF_SYSROOT names ("/"
 * when unset or empty), so that a test, a container image or a chroot
 * can be described without being entered. Both files are INI files as
 * Samba and sssd read them: "[section]" lines, "name = value" lines,
 * comments starting with '#' or ';'; section and parameter names compare
 * without case and, as Samba's do, without spaces ("netbios name" is
 * "netbiosname"). Values lose the blanks around them.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal_lm.h"

FILE *netbuf_sysroot_fopen(const char *path)
{
	const char *root = getenv("NETBUF_SYSROOT");
	char full[4096];
	int saved_errno = errno;
	FILE *f;

	if (!root || !root[0])
		root = "/";
	if (snprintf(full, sizeof(full), "%s/%s", root, path) >=
	    (int)sizeof(full))
		return NULL;
	f = fopen(full, "re");
	errno = saved_errno;
	return f;
}

bool netbuf_same_key(const char *a, const char *b)
{
	for (;;) {
		while (isblank((unsigned char)*a))
			a++;
		while (isblank((unsigned char)*b))
			b++;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

/* @s without the blanks (and line end) around it, in place. */
static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

void netbuf_ini_walk(const char *path,
		     bool (*fn)(const char *section, const char *key,
				const char *value, void *arg),
		     void *arg)
{
	char line[1024], section[256] = "", *s, *eq, *end;
	FILE *f = netbuf_sysroot_fopen(path);
	int saved_errno = errno;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		s = trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			end = strchr(s, ']');
			if (end) {
				*end = '\0';
				snprintf(section, sizeof(section), "%s",
					 trim(s + 1));
			}
			continue;
		}
		eq = strchr(s, '=');
		if (!eq)
			continue;
		*eq = '\0';
		if (!fn(section, trim(s), trim(eq + 1), arg))
			break;
	}
	fclose(f);
	errno = saved_errno;
}

struct ini_lookup {
	const char *section;
	const char *key;
	char *value;
	size_t len;
	bool found;
};

static bool lookup_one(const char *section, const char *key,
		       const char *value, void *arg)
{
	struct ini_lookup *l = arg;

	/* The last one counts, as in Samba and sssd. */
	if (netbuf_same_key(section, l->section) &&
	    netbuf_same_key(key, l->key)) {
		snprintf(l->value, l->len, "%s", value);
		l->found = true;
	}
	return true;
}

bool netbuf_ini_get(const char *path, const char *section, const char *key,
		    char *value, size_t len)
{
	struct ini_lookup l = {
		.section = section, .key = key, .value = value, .len = len,
	};

	netbuf_ini_walk(path, lookup_one, &l);
	return l.found && value[0];
}
