/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the tests of the network-management functions (lm*.h): wide
 * strings, produced buffers, the names netbuf reports, a configuration
 * root for NETBUF_SYSROOT and the module's counters.
 */
#ifndef NETBUF_TEST_LM_COMMON_H
#define NETBUF_TEST_LM_COMMON_H

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
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

/* Code unit i of the string s of unit-byte units (2: UTF-16, 4: wchar_t). */
static inline uint32_t lm_unit(const void *s, size_t unit, size_t i)
{
	return unit == 2 ? ((const uint16_t *)s)[i] : ((const uint32_t *)s)[i];
}

static inline size_t lm_units_len(const void *s, size_t unit)
{
	size_t n = 0;

	while (lm_unit(s, unit, n))
		n++;
	return n;
}

/* The first 40 code units of s in hex, each after a space, into buf. */
static inline const char *lm_units_hex(char *buf, size_t size, const void *s,
				       size_t unit)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < 40 && lm_unit(s, unit, i) && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, " %04X",
					(unsigned int)lm_unit(s, unit, i));
	return buf;
}

/*
 * The string got equals want, both of unit-byte code units (2: UTF-16, as
 * char16_t; 4: wchar_t); a failure shows both as hex code units.
 */
static inline bool t_expect_units(const char *file, int line,
				  const char *expr, const void *got,
				  const void *want, size_t unit)
{
	char g[320], w[320];
	size_t n = lm_units_len(want, unit);

	if (got && lm_units_len(got, unit) == n && !memcmp(got, want, n * unit))
		return true;
	t_fail_at(file, line, "%s: expected %s%s, got%s", expr,
		  unit == 2 ? "UTF-16" : "UTF-32",
		  lm_units_hex(w, sizeof(w), want, unit),
		  got ? lm_units_hex(g, sizeof(g), got, unit) : " NULL");
	return false;
}

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

/* An ASCII name as a Windows computer name: to its first dot, upper, 15. */
static inline void lm_netbios(const char *name, char *out)
{
	size_t i;

	for (i = 0; name[i] && name[i] != '.' && i < CNLEN; i++)
		out[i] = (char)toupper((unsigned char)name[i]);
	out[i] = '\0';
}

/*
 * This computer's names as netbuf reports them without Samba or sssd
 * configuration (see lmwksta.h): the host name's NetBIOS form, WORKGROUP.
 */
static inline void lm_names(char *computer, char *workgroup)
{
	struct utsname u;

	REQUIRE(uname(&u) == 0);
	lm_netbios(u.nodename, computer);
	strcpy(workgroup, "WORKGROUP");
}

/* The version every call reports: Windows 10, as Wine's default. */
#define LM_VER_MAJOR	10
#define LM_VER_MINOR	0

/*
 * A root for NETBUF_SYSROOT (made once per process under /tmp) holding
 * etc/samba/smb.conf with the text smb and etc/sssd/sssd.conf with sssd;
 * NULL leaves the file out. Sets NETBUF_SYSROOT to it.
 */
static inline void lm_sysroot_file(const char *root, const char *dir,
				   const char *file, const char *text)
{
	char path[160];
	FILE *f;

	snprintf(path, sizeof(path), "%s/etc", root);
	REQUIRE(mkdir(path, 0755) == 0 || errno == EEXIST);
	snprintf(path, sizeof(path), "%s/etc/%s", root, dir);
	REQUIRE(mkdir(path, 0755) == 0 || errno == EEXIST);
	snprintf(path, sizeof(path), "%s/etc/%s/%s", root, dir, file);
	if (!text) {
		REQUIRE(unlink(path) == 0 || errno == ENOENT);
		return;
	}
	f = fopen(path, "w");
	REQUIRE(f && fputs(text, f) >= 0 && fclose(f) == 0);
}

static inline void lm_sysroot(const char *smb, const char *sssd)
{
	static char root[64];

	if (!root[0]) {
		snprintf(root, sizeof(root), "/tmp/nb-sysroot.%d", (int)getpid());
		REQUIRE(mkdir(root, 0755) == 0 || errno == EEXIST);
	}
	lm_sysroot_file(root, "samba", "smb.conf", smb);
	lm_sysroot_file(root, "sssd", "sssd.conf", sssd);
	REQUIRE(setenv("NETBUF_SYSROOT", root, 1) == 0);
}

/* No buffer of the module is live (the process's context may be open). */
#define EXPECT_NO_BUFFERS() do {					\
	EXPECT_COUNTER(SYSFS_BUFFERS, 0);				\
	EXPECT_COUNTER(SYSFS_BYTES, 0);					\
} while (0)

#endif /* NETBUF_TEST_LM_COMMON_H */
