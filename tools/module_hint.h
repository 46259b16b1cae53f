/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Why the netbuf module may be installed but not loaded (Secure Boot
 * refusing its signature), told to the user: shared by netbuf-stat and
 * the demo, which both meet a missing /dev/netbuf first.
 */
#ifndef NETBUF_MODULE_HINT_H
#define NETBUF_MODULE_HINT_H

/*
 * When depmod lists a netbuf module for the running kernel but none is
 * loaded, prints on stderr where it lies, that Secure Boot may refuse it
 * and how to enroll DKMS's key; prints nothing otherwise. @prog names the
 * program in the message.
 */
void netbuf_explain_not_loaded(const char *prog);

#endif /* NETBUF_MODULE_HINT_H */
