/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The user-space backend (userheap.c) and the choice of backend
 * (backend.c): internal to the library.
 */
#ifndef NETBUF_USERHEAP_H
#define NETBUF_USERHEAP_H

#include <stdbool.h>
#include <stdint.h>

#include "lmcons.h"

/*
 * Whether the user backend serves this call. @creating: the call creates a
 * buffer, so the backend is chosen now if no call has chosen it yet (in
 * NETBUF_BACKEND=auto that opens /dev/netbuf); otherwise an undecided
 * process has nothing live anywhere and the kernel path answers (87).
 * True as well when the configuration is invalid (the user backend then
 * refuses every allocation with errno EINVAL).
 */
bool netbuf_user_serves(bool creating);

/*
 * False, with errno EINVAL, when the configuration is invalid: the user
 * backend then refuses every allocation.
 */
bool netbuf_backend_valid(void);

/* The four functions on the user backend, arguments already checked. */
NET_API_STATUS netbuf_user_allocate(DWORD n, LPVOID *out);
NET_API_STATUS netbuf_user_free(LPVOID p);
NET_API_STATUS netbuf_user_reallocate(LPVOID p, DWORD n, LPVOID *out);
NET_API_STATUS netbuf_user_size(LPVOID p, LPDWORD n);

/*
 * Configures the heap once, from NETBUF_USER_MAX_BYTES. Returns 0, or -1
 * with errno EINVAL when the value is not a number of bytes.
 */
int netbuf_user_configure(void);

/* Buffers live on the user backend (the tests' counterpart of sysfs). */
uint64_t netbuf_user_live_buffers(void);

#endif /* NETBUF_USERHEAP_H */
