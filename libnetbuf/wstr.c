// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * UTF-8 to wchar_t (UTF-32) for the strings the library builds, decoded
 * exactly as the kernel decodes those it produces: an invalid, overlong or
 * truncated sequence or a surrogate becomes U+FFFD, one byte at a time.
 * No locale is involved, so the result does not depend on setlocale().
 */
#include <stdint.h>

#include "internal_lm.h"

static int utf8_next(const char *s, uint32_t *wc)
{
	static const uint32_t min[] = { 0, 0x80, 0x800, 0x10000 };
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	int n, i;

	if (u[0] < 0x80) {
		*wc = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		n = 2;
		c = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 3;
		c = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 4;
		c = u[0] & 0x07;
	} else {
		goto invalid;
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto invalid;
		c = c << 6 | (u[i] & 0x3f);
	}
	if (c < min[n - 1] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto invalid;
	*wc = c;
	return n;
invalid:
	*wc = 0xfffd;
	return 1;
}

size_t netbuf_wcs_bytes(const char *s)
{
	size_t chars = 0;
	uint32_t wc;

	while (*s) {
		s += utf8_next(s, &wc);
		chars++;
	}
	return (chars + 1) * sizeof(wchar_t);
}

wchar_t *netbuf_wcs_put(wchar_t *dst, const char *s)
{
	uint32_t wc;

	while (*s) {
		s += utf8_next(s, &wc);
		*dst++ = (wchar_t)wc;
	}
	*dst++ = L'\0';
	return dst;
}
