// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which backend serves the process: NETBUF_BACKEND=kernel (/dev/netbuf
 * only), user (the library's own allocator, userheap.c) or auto (the
 * default: the kernel when the device opens and maps, else user). Chosen
 * once, by the first call that creates a buffer (or by netbuf_backend()),
 * and kept for the life of the process and its forked children: a buffer
 * is always freed by the backend that made it.
 *
 * No lock: concurrent first calls may both look at the device, and the
 * first to publish its answer wins (the other adopts it). In auto mode a
 * thread that found the device may so lose to one that did not: the view
 * it opened then stays unused.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "netbufext.h"
#include "userheap.h"

enum choice {
	UNDECIDED,
	KERNEL,
	USER,
	INVALID,	/* NETBUF_BACKEND or NETBUF_USER_MAX_BYTES unreadable */
};

static _Atomic int chosen = UNDECIDED;
/* Why auto chose the user backend: the errno of the failed open. */
static _Atomic int auto_errno;

/*
 * Whether the device opens and maps; EBADF (another thread closed the new
 * descriptor meanwhile) says nothing about it, so that is tried again.
 */
static bool device_usable(void)
{
	int attempt;

	for (attempt = 0; attempt < 8; attempt++) {
		if (netbuf_open_view())
			return true;
		if (errno != EBADF)
			break;
	}
	return false;
}

static int choose(void)
{
	const char *env = getenv("NETBUF_BACKEND");
	int want, seen = UNDECIDED;

	if (!env || !*env || !strcmp(env, "auto")) {
		if (device_usable()) {
			want = KERNEL;
		} else {
			atomic_store(&auto_errno, errno);
			want = USER;
		}
	} else if (!strcmp(env, "kernel")) {
		want = KERNEL;
	} else if (!strcmp(env, "user")) {
		want = USER;
	} else {
		want = INVALID;
	}
	if (want == USER && netbuf_user_configure() < 0)
		want = INVALID;
	if (!atomic_compare_exchange_strong(&chosen, &seen, want))
		return seen;
	return want;
}

static int current_choice(void)
{
	int c = atomic_load(&chosen);

	return c == UNDECIDED ? choose() : c;
}

bool netbuf_user_serves(bool creating)
{
	int c = creating ? current_choice() : atomic_load(&chosen);

	return c == USER || c == INVALID;
}

bool netbuf_backend_valid(void)
{
	if (atomic_load(&chosen) != INVALID)
		return true;
	errno = EINVAL;
	return false;
}

/* The advice after "/dev/netbuf cannot be opened: <reason>". */
static const char *advice(int err)
{
	switch (err) {
	case ENOENT:
	case ENXIO:
	case ENODEV:
		return "the netbuf module is not loaded: 'modprobe netbuf' "
		       "(if it is installed but refused, see \"Secure Boot\" "
		       "in netbuf(4)), or unset NETBUF_BACKEND to use the "
		       "user-space backend";
	case EACCES:
	case EPERM:
		return "no permission: join the group that owns /dev/netbuf "
		       "(netbuf(4)), or unset NETBUF_BACKEND to use the "
		       "user-space backend";
	default:
		return "see netbuf(4), or unset NETBUF_BACKEND to use the "
		       "user-space backend";
	}
}

static enum netbuf_backend explain_invalid(char *why, size_t len)
{
	const char *env = getenv("NETBUF_BACKEND");

	if (env && *env && strcmp(env, "auto") && strcmp(env, "kernel") &&
	    strcmp(env, "user"))
		snprintf(why, len,
			 "none: NETBUF_BACKEND=%s is not kernel, user or auto; "
			 "every allocation fails with 8 until it is", env);
	else
		snprintf(why, len,
			 "none: NETBUF_USER_MAX_BYTES=%s is not a number of "
			 "bytes; every allocation fails with 8 until it is",
			 getenv("NETBUF_USER_MAX_BYTES") ?: "");
	errno = EINVAL;
	return NETBUF_BACKEND_NONE;
}

NETBUF_EXPORT enum netbuf_backend netbuf_backend(char *why, size_t len)
{
	char scratch[1];
	int err;

	if (!why) {
		why = scratch;
		len = sizeof(scratch);
	}
	switch (current_choice()) {
	case KERNEL:
		if (netbuf_open_view()) {
			snprintf(why, len, "kernel: /dev/netbuf");
			return NETBUF_BACKEND_KERNEL;
		}
		err = errno;
		snprintf(why, len,
			 "none: NETBUF_BACKEND=kernel, but /dev/netbuf cannot "
			 "be used (%s): %s", strerror(err), advice(err));
		errno = err;
		return NETBUF_BACKEND_NONE;
	case USER:
		err = atomic_load(&auto_errno);
		if (err)
			snprintf(why, len,
				 "user: /dev/netbuf cannot be used (%s), so "
				 "the library's own allocator serves "
				 "(NETBUF_BACKEND=auto)", strerror(err));
		else
			snprintf(why, len,
				 "user: the library's own allocator "
				 "(NETBUF_BACKEND=user)");
		return NETBUF_BACKEND_USER;
	default:
		return explain_invalid(why, len);
	}
}
