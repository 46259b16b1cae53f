// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The strings of the network-management functions, converted by the C
 * library in the C.UTF-8 locale (a locale object of the library's own,
 * made current for the conversion only, so the caller's setlocale() does
 * not matter): UTF-8 to 4-byte units (UTF-32, mbrtoc32) or to 2-byte
 * units (UTF-16, mbrtoc16), and back (c32rtomb, c16rtomb) for the server
 * names callers pass; and upper case (towupper) for NetBIOS names. A
 * byte the decoder refuses, or a sequence cut short at the end, becomes
 * U+FFFD, and decoding goes on at the next byte.
 * Without the C.UTF-8 locale (not installed) the "C" locale decodes:
 * ASCII passes, every other byte becomes U+FFFD.
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdatomic.h>
#include <string.h>
#include <uchar.h>
#include <wctype.h>

#include "internal_lm.h"

#define REPLACEMENT	0xfffd

/*
 * The library's locale object, made on first use. Lock-free (no
 * pthread_once, whose wake-up is a futex call every time): threads that
 * race each make one, and the losers free theirs.
 */
static _Atomic(locale_t) utf8;

static locale_t utf8_locale(void)
{
	locale_t loc = atomic_load_explicit(&utf8, memory_order_acquire);
	locale_t none = (locale_t)0;

	if (loc)
		return loc;
	loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (!loc)
		loc = newlocale(LC_CTYPE_MASK, "C", (locale_t)0);
	if (!loc)
		return LC_GLOBAL_LOCALE;
	if (atomic_compare_exchange_strong(&utf8, &none, loc))
		return loc;
	freelocale(loc);
	return none;
}

/*
 * The UTF-8 locale made current for a conversion, and what to restore
 * after it: the thread's locale, and errno (the conversions set EILSEQ).
 */
struct utf8_scope {
	locale_t old;
	int saved_errno;
};

static void utf8_enter(struct utf8_scope *sc)
{
	sc->saved_errno = errno;
	sc->old = uselocale(utf8_locale());
}

static void utf8_leave(const struct utf8_scope *sc)
{
	uselocale(sc->old);
	errno = sc->saved_errno;
}

/* Stores unit @c at index @i of @dst (when there is one) in @unit bytes. */
static void store(void *dst, size_t i, char32_t c, unsigned int unit)
{
	if (!dst)
		return;
	if (unit == 2)
		((char16_t *)dst)[i] = (char16_t)c;
	else
		((char32_t *)dst)[i] = c;
}

/*
 * Decodes @s into @dst (NULL: only counts) in @unit-byte units, NUL
 * included; returns the number of units. Runs in the UTF-8 locale.
 */
static size_t decode(void *dst, const char *s, unsigned int unit)
{
	size_t left = strlen(s), n = 0, r;
	bool low_due = false;
	mbstate_t st;
	char16_t c16;
	char32_t c32;

	memset(&st, 0, sizeof(st));
	/* A character past U+FFFF at the end still owes its low surrogate. */
	while (left || low_due) {
		if (unit == 2) {
			r = mbrtoc16(&c16, s, left ? left : 1, &st);
			c32 = c16;
			low_due = r < (size_t)-3 && c16 >= 0xd800 && c16 < 0xdc00;
		} else {
			r = mbrtoc32(&c32, s, left, &st);
		}
		if (r == (size_t)-3) {		/* the low surrogate of a pair */
			store(dst, n++, c32, unit);
			continue;
		}
		if (r == (size_t)-1 || r == (size_t)-2) {
			memset(&st, 0, sizeof(st));
			c32 = REPLACEMENT;
			r = 1;
		}
		store(dst, n++, c32, unit);
		s += r;
		left -= r;
	}
	store(dst, n++, 0, unit);
	return n;
}

size_t netbuf_wstr_bytes(const char *s, unsigned int unit)
{
	struct utf8_scope sc;
	size_t n;

	utf8_enter(&sc);
	n = decode(NULL, s, unit);
	utf8_leave(&sc);
	return n * unit;
}

void *netbuf_wstr_put(void *dst, const char *s, unsigned int unit)
{
	struct utf8_scope sc;
	size_t n;

	utf8_enter(&sc);
	n = decode(dst, s, unit);
	utf8_leave(&sc);
	return (char *)dst + n * unit;
}

bool netbuf_wstr_to_utf8(const void *w, unsigned int unit, char *out,
			 size_t len)
{
	struct utf8_scope sc;
	char mb[MB_LEN_MAX];
	size_t used = 0, r, i;
	bool fits = true;
	mbstate_t st;
	char32_t c;

	utf8_enter(&sc);
	memset(&st, 0, sizeof(st));
	for (i = 0;; i++) {
		c = unit == 2 ? ((const char16_t *)w)[i] :
				((const char32_t *)w)[i];
		if (!c)
			break;
		r = unit == 2 ? c16rtomb(mb, (char16_t)c, &st) :
				c32rtomb(mb, c, &st);
		if (r == (size_t)-1) {
			/* A lone surrogate or no character: matches nothing. */
			memset(&st, 0, sizeof(st));
			mb[0] = '\x7f';
			r = 1;
		}
		if (used + r >= len) {
			fits = false;
			break;
		}
		memcpy(out + used, mb, r);
		used += r;
	}
	out[used] = '\0';
	utf8_leave(&sc);
	return fits;
}

void netbuf_utf8_upper(const char *in, size_t max_chars, char *out,
		       size_t len)
{
	struct utf8_scope sc;
	size_t left = strlen(in), used = 0, chars = 0, r;
	char mb[MB_LEN_MAX];
	mbstate_t st, ost;
	wchar_t wc;

	utf8_enter(&sc);
	memset(&st, 0, sizeof(st));
	memset(&ost, 0, sizeof(ost));
	while (left && chars < max_chars) {
		r = mbrtowc(&wc, in, left, &st);
		if (r == (size_t)-1 || r == (size_t)-2) {
			memset(&st, 0, sizeof(st));
			wc = REPLACEMENT;
			r = 1;
		}
		in += r;
		left -= r;
		r = wcrtomb(mb, (wchar_t)towupper((wint_t)wc), &ost);
		if (r == (size_t)-1 || used + r >= len)
			break;
		memcpy(out + used, mb, r);
		used += r;
		chars++;
	}
	out[used] = '\0';
	utf8_leave(&sc);
}
