// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NetWkstaUserGetInfo: the calling user, which only user space knows (the
 * password database), in one buffer built with NetApiBufferAllocate: the
 * structure, then its strings. One NetApiBufferFree releases it.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "internal_lm.h"
#include "lmapibuf.h"
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

/* Places @s after the structure, at *@at, and returns where it went. */
static LMSTR put(wchar_t **at, const char *s)
{
	LMSTR start = *at;

	*at = netbuf_wcs_put(*at, s);
	return start;
}

NETBUF_EXPORT NET_API_STATUS NetWkstaUserGetInfo(LMSTR reserved, DWORD level,
						 LPBYTE *bufptr)
{
	struct netbuf_names names;
	char user[NAME_MAX_BYTES];
	NET_API_STATUS st;
	size_t head, size;
	int saved_errno = errno;
	void *buf;
	wchar_t *at;

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

	netbuf_local_names(&names);
	user_name(user, sizeof(user));
	errno = saved_errno;
	if (level == 0)
		size = head + netbuf_wcs_bytes(user);
	else if (level == 1)
		size = head + netbuf_wcs_bytes(user) +
		       2 * netbuf_wcs_bytes(names.computer) + netbuf_wcs_bytes("");
	else
		size = head + netbuf_wcs_bytes("");
	st = netbuf_api_allocate((DWORD)size, &buf);
	if (st != NERR_Success) {
		*bufptr = NULL;
		return netbuf_no_device_status(st);
	}
	at = (wchar_t *)((char *)buf + head);
	if (level == 0) {
		WKSTA_USER_INFO_0 *ui = buf;

		ui->wkui0_username = put(&at, user);
	} else if (level == 1) {
		WKSTA_USER_INFO_1 *ui = buf;

		/* A local account: this computer logged the user on. */
		ui->wkui1_username = put(&at, user);
		ui->wkui1_logon_domain = put(&at, names.computer);
		ui->wkui1_oth_domains = put(&at, "");
		ui->wkui1_logon_server = put(&at, names.computer);
	} else {
		WKSTA_USER_INFO_1101 *ui = buf;

		ui->wkui1101_oth_domains = put(&at, "");
	}
	*bufptr = buf;
	return NERR_Success;
}
