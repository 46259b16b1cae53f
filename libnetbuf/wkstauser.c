// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetWkstaUserGetInfo: the calling user, from the password database (the
 * effective uid's name, its number without an entry), logged on by this
 * computer (a local account), in one buffer: the structure, then its
 * strings. One NetApiBufferFree releases it.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmwksta.h"

#define NAME_MAX_BYTES	(4 * UNLEN + 1)

/* The effective user's name, or its number when it has no entry. */
static void user_name(char *name, size_t len)
{
	uid_t uid = geteuid();
	struct passwd pw, *found = NULL;
	size_t buflen = 1024;
	char *buf = NULL, *bigger;
	int err;

	for (;;) {
		bigger = realloc(buf, buflen);
		if (!bigger)
			break;
		buf = bigger;
		err = getpwuid_r(uid, &pw, buf, buflen, &found);
		if (err != ERANGE || buflen >= (1U << 20))
			break;
		buflen *= 2;
	}
	if (found && found->pw_name && found->pw_name[0])
		snprintf(name, len, "%s", found->pw_name);
	else
		snprintf(name, len, "%u", (unsigned int)uid);
	free(buf);
}

struct user_args {
	DWORD level;
	char user[NAME_MAX_BYTES];
	struct netbuf_names names;
};

static void fill_user(struct netbuf_layout *l, const void *arg)
{
	const struct user_args *a = arg;

	if (a->level == 0) {
		WKSTA_USER_INFO_0 *ui = netbuf_layout_rec(l, 0, sizeof(*ui));

		ui->wkui0_username = netbuf_layout_str(l, a->user);
	} else if (a->level == 1) {
		WKSTA_USER_INFO_1 *ui = netbuf_layout_rec(l, 0, sizeof(*ui));

		/* A local account: this computer logged the user on. */
		ui->wkui1_username = netbuf_layout_str(l, a->user);
		ui->wkui1_logon_domain = netbuf_layout_str(l, a->names.computer);
		ui->wkui1_oth_domains = netbuf_layout_str(l, "");
		ui->wkui1_logon_server = netbuf_layout_str(l, a->names.computer);
	} else {
		WKSTA_USER_INFO_1101 *ui = netbuf_layout_rec(l, 0, sizeof(*ui));

		ui->wkui1101_oth_domains = netbuf_layout_str(l, "");
	}
}

static NET_API_STATUS wksta_user_get_info(const void *reserved, DWORD level,
					  LPBYTE *bufptr, unsigned int unit)
{
	struct user_args a = { .level = level };
	int saved_errno = errno;
	size_t head;

	switch (level) {
	case 0:
		head = sizeof(WKSTA_USER_INFO_0);
		break;
	case 1:
		head = sizeof(WKSTA_USER_INFO_1);
		break;
	case 1101:
		head = sizeof(WKSTA_USER_INFO_1101);
		break;
	default:
		return ERROR_INVALID_LEVEL;
	}
	if (reserved || !bufptr)
		return ERROR_INVALID_PARAMETER;

	netbuf_local_names(&a.names);
	user_name(a.user, sizeof(a.user));
	errno = saved_errno;
	return netbuf_produce(head, unit, fill_user, &a, (void **)bufptr);
}

NETBUF_EXPORT NET_API_STATUS NetWkstaUserGetInfo(LMSTR reserved, DWORD level,
						 LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return wksta_user_get_info(reserved, level, bufptr, sizeof(WCHAR));
}

NETBUF_EXPORT NET_API_STATUS NetWkstaUserGetInfo_w16(const char16_t *reserved,
						     DWORD level,
						     LPBYTE *bufptr)
{
	NETBUF_LM_ENTRY();
	return wksta_user_get_info(reserved, level, bufptr, sizeof(char16_t));
}
