/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the tests of the network-management functions (lm*.h): wide
 * strings, produced buffers and the module's counters.
 */
#ifndef NETBUF_TEST_LM_COMMON_H
#define NETBUF_TEST_LM_COMMON_H

#include <string.h>
#include <sys/utsname.h>
#include <wchar.h>

#include "common.h"
#include "lm.h"

/* An ASCII string as wide characters, for comparisons (up to 255). */
static inline const wchar_t *lm_wide(const char *s, wchar_t *buf, size_t n)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++)
		buf[i] = (unsigned char)s[i];
	buf[i] = L'\0';
	return buf;
}

/* The wide string at w equals the ASCII string want. */
static inline bool t_expect_wstr(const char *file, int line, const char *expr,
				 const wchar_t *w, const char *want)
{
	wchar_t buf[256];

	if (w && !wcscmp(w, lm_wide(want, buf, 256)))
		return true;
	if (!w)
		t_fail_at(file, line, "%s: expected L\"%s\", got NULL", expr,
			  want);
	else
		t_fail_at(file, line, "%s: expected L\"%s\", got L\"%ls\"",
			  expr, want, w);
	return false;
}
#define EXPECT_WSTR(w, want) t_expect_wstr(__FILE__, __LINE__, #w, (w), (want))

/*
 * The string s lies, terminator included, inside [buf, buf + size) and
 * after the first head bytes (the structures): one buffer holds it all.
 * Adds its bytes to *bytes.
 */
static inline bool t_expect_inside(const char *file, int line,
				   const char *expr, const void *buf,
				   DWORD size, size_t head, const wchar_t *s,
				   size_t *bytes)
{
	const char *b = buf, *p = (const char *)s;
	size_t len;

	if (!s || p < b + head || p >= b + size) {
		t_fail_at(file, line, "%s: %p is not in the buffer's strings [%p + %zu, %p + %u)",
			  expr, (const void *)s, buf, head, buf, size);
		return false;
	}
	len = (wcsnlen(s, (b + size - p) / sizeof(wchar_t)) + 1) *
	      sizeof(wchar_t);
	if (p + len > b + size) {
		t_fail_at(file, line, "%s: the string runs past the buffer",
			  expr);
		return false;
	}
	*bytes += len;
	return true;
}
#define EXPECT_INSIDE(buf, size, head, s, bytes) \
	t_expect_inside(__FILE__, __LINE__, #s, (buf), (size), (head), (s), \
			(bytes))

/* This computer's names as netbuf maps them (see lmwksta.h). */
static inline void lm_names(char *computer, char *workgroup)
{
	struct utsname u;

	REQUIRE(uname(&u) == 0);
	strcpy(computer, u.nodename);
	computer[strcspn(computer, ".")] = '\0';
	if (!u.domainname[0] || !strcmp(u.domainname, "(none)"))
		strcpy(workgroup, "WORKGROUP");
	else
		strcpy(workgroup, u.domainname);
}

/* The running kernel's major and minor version. */
static inline void lm_kernel_version(DWORD *major, DWORD *minor)
{
	struct utsname u;
	unsigned int a = 0, b = 0;

	REQUIRE(uname(&u) == 0);
	REQUIRE(sscanf(u.release, "%u.%u", &a, &b) == 2);
	*major = a;
	*minor = b;
}

/* No buffer of the module is live (the process's context may be open). */
#define EXPECT_NO_BUFFERS() do {					\
	EXPECT_COUNTER(SYSFS_BUFFERS, 0);				\
	EXPECT_COUNTER(SYSFS_BYTES, 0);					\
} while (0)

#endif /* NETBUF_TEST_LM_COMMON_H */
