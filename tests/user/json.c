// SPDX-License-Identifier: GPL-2.0
/* A strict JSON parser for the tests: see json.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define MAX_DEPTH	64

struct parser {
	const unsigned char *s, *end, *p;
	char *err;
	size_t errlen;
	bool failed;
};

static void fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->failed)
		return;
	ps->failed = true;
	n = snprintf(ps->err, ps->errlen, "at byte %zu: ",
		     (size_t)(ps->p - ps->s));
	if (n < 0 || (size_t)n >= ps->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
				   *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static struct json *new_value(struct parser *ps, enum json_type type)
{
	struct json *v = calloc(1, sizeof(*v));

	if (!v)
		fail(ps, "out of memory");
	else
		v->type = type;
	return v;
}

static bool literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n))
		return false;
	ps->p += n;
	return true;
}

/* Appends code point @cp as UTF-8 at *@o. */
static void put_utf8(char **o, unsigned long cp)
{
	unsigned char *q = (unsigned char *)*o;

	if (cp < 0x80) {
		*q++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*q++ = (unsigned char)(0xc0 | cp >> 6);
		*q++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*q++ = (unsigned char)(0xe0 | cp >> 12);
		*q++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*q++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		*q++ = (unsigned char)(0xf0 | cp >> 18);
		*q++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		*q++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*q++ = (unsigned char)(0x80 | (cp & 0x3f));
	}
	*o = (char *)q;
}

static bool hex4(struct parser *ps, unsigned long *cp)
{
	int i;

	*cp = 0;
	for (i = 0; i < 4; i++, ps->p++) {
		int c = ps->p < ps->end ? *ps->p : -1;

		*cp <<= 4;
		if (c >= '0' && c <= '9')
			*cp |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*cp |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*cp |= (unsigned long)(c - 'A' + 10);
		else
			return false;
	}
	return true;
}

/* The length of the valid UTF-8 sequence at @p (RFC 3629), or 0. */
static int utf8_len(const unsigned char *p, const unsigned char *end)
{
	int len = *p < 0x80 ? 1 : *p < 0xc2 ? 0 : *p < 0xe0 ? 2 :
		  *p < 0xf0 ? 3 : *p < 0xf5 ? 4 : 0;
	int i;

	if (!len || end - p < len)
		return 0;
	for (i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((*p == 0xe0 && p[1] < 0xa0) || (*p == 0xed && p[1] >= 0xa0) ||
	    (*p == 0xf0 && p[1] < 0x90) || (*p == 0xf4 && p[1] >= 0x90))
		return 0;
	return len;
}

/* A string at ps->p (its opening quote), decoded; NULL on failure. */
static char *parse_string(struct parser *ps)
{
	char *out = malloc((size_t)(ps->end - ps->p) + 1), *o = out;
	unsigned long cp, lo;
	int len;

	if (!out) {
		fail(ps, "out of memory");
		return NULL;
	}
	ps->p++;
	for (;;) {
		if (ps->p >= ps->end) {
			fail(ps, "unterminated string");
			break;
		}
		if (*ps->p == '"') {
			ps->p++;
			*o = '\0';
			return out;
		}
		if (*ps->p < 0x20) {
			fail(ps, "control character 0x%02x in a string", *ps->p);
			break;
		}
		if (*ps->p != '\\') {
			len = utf8_len(ps->p, ps->end);
			if (!len) {
				fail(ps, "invalid UTF-8 byte 0x%02x", *ps->p);
				break;
			}
			memcpy(o, ps->p, (size_t)len);
			o += len;
			ps->p += len;
			continue;
		}
		ps->p++;
		if (ps->p >= ps->end) {
			fail(ps, "unterminated escape");
			break;
		}
		switch (*ps->p++) {
		case '"': *o++ = '"'; continue;
		case '\\': *o++ = '\\'; continue;
		case '/': *o++ = '/'; continue;
		case 'b': *o++ = '\b'; continue;
		case 'f': *o++ = '\f'; continue;
		case 'n': *o++ = '\n'; continue;
		case 'r': *o++ = '\r'; continue;
		case 't': *o++ = '\t'; continue;
		case 'u':
			break;
		default:
			ps->p--;
			fail(ps, "invalid escape \\%c", *ps->p);
			free(out);
			return NULL;
		}
		if (!hex4(ps, &cp)) {
			fail(ps, "\\u needs four hex digits");
			break;
		}
		if (cp >= 0xdc00 && cp <= 0xdfff) {
			fail(ps, "lone low surrogate \\u%04lx", cp);
			break;
		}
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (!literal(ps, "\\u") || !hex4(ps, &lo) ||
			    lo < 0xdc00 || lo > 0xdfff) {
				fail(ps, "high surrogate \\u%04lx without its low half", cp);
				break;
			}
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		/* \u0000 would cut the C string: the tests never need it. */
		if (!cp) {
			fail(ps, "\\u0000 in a string");
			break;
		}
		put_utf8(&o, cp);
	}
	free(out);
	return NULL;
}

static bool is_digit(const struct parser *ps)
{
	return ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9';
}

/* number = [ minus ] int [ frac ] [ exp ]; int = zero / ( digit1-9 *DIGIT ) */
static struct json *parse_number(struct parser *ps)
{
	const unsigned char *start = ps->p;
	struct json *v;

	if (*ps->p == '-')
		ps->p++;
	if (!is_digit(ps)) {
		fail(ps, "a number needs a digit");
		return NULL;
	}
	if (*ps->p == '0') {
		ps->p++;
		if (is_digit(ps)) {
			fail(ps, "leading zero in a number");
			return NULL;
		}
	}
	while (is_digit(ps))
		ps->p++;
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (!is_digit(ps)) {
			fail(ps, "a fraction needs a digit");
			return NULL;
		}
		while (is_digit(ps))
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (!is_digit(ps)) {
			fail(ps, "an exponent needs a digit");
			return NULL;
		}
		while (is_digit(ps))
			ps->p++;
	}
	v = new_value(ps, JSON_NUMBER);
	if (v) {
		v->text = strndup((const char *)start, (size_t)(ps->p - start));
		if (!v->text) {
			free(v);
			fail(ps, "out of memory");
			return NULL;
		}
	}
	return v;
}

static struct json *parse_value(struct parser *ps, int depth);

/* An array or object at ps->p; @close is ']' or '}'. */
static struct json *parse_container(struct parser *ps, int depth, char close)
{
	struct json *v = new_value(ps, close == ']' ? JSON_ARRAY : JSON_OBJECT);
	struct json **tail = v ? &v->child : NULL, *e, *seen;
	char *key = NULL;

	if (!v)
		return NULL;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return v;
	}
	for (;;) {
		skip_ws(ps);
		if (close == '}') {
			if (ps->p >= ps->end || *ps->p != '"') {
				fail(ps, "an object member needs a string key");
				break;
			}
			key = parse_string(ps);
			if (!key)
				break;
			for (seen = v->child; seen; seen = seen->next)
				if (!strcmp(seen->key, key))
					break;
			if (seen) {
				fail(ps, "duplicate key \"%s\"", key);
				break;
			}
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				fail(ps, "':' expected after a key");
				break;
			}
			ps->p++;
		}
		e = parse_value(ps, depth + 1);
		if (!e)
			break;
		e->key = key;
		key = NULL;
		*tail = e;
		tail = &e->next;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_ws(ps);
			if (ps->p < ps->end && *ps->p == close) {
				fail(ps, "trailing comma");
				break;
			}
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			return v;
		}
		fail(ps, "',' or '%c' expected", close);
		break;
	}
	free(key);
	json_free(v);
	return NULL;
}

static struct json *parse_value(struct parser *ps, int depth)
{
	struct json *v;

	skip_ws(ps);
	if (depth > MAX_DEPTH) {
		fail(ps, "nested deeper than %d", MAX_DEPTH);
		return NULL;
	}
	if (ps->p >= ps->end) {
		fail(ps, "a value expected, found the end");
		return NULL;
	}
	switch (*ps->p) {
	case '{':
		return parse_container(ps, depth, '}');
	case '[':
		return parse_container(ps, depth, ']');
	case '"':
		v = new_value(ps, JSON_STRING);
		if (v && !(v->text = parse_string(ps))) {
			free(v);
			v = NULL;
		}
		return v;
	case 't':
	case 'f':
		if (literal(ps, "true") || literal(ps, "false")) {
			v = new_value(ps, JSON_BOOL);
			if (v)
				v->boolean = ps->p[-1] == 'e' && ps->p[-2] == 'u';
			return v;
		}
		break;
	case 'n':
		if (literal(ps, "null"))
			return new_value(ps, JSON_NULL);
		break;
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps);
	}
	fail(ps, "unexpected character '%c'", *ps->p);
	return NULL;
}

struct json *json_parse(const char *doc, size_t len, char *err,
			size_t errlen)
{
	struct parser ps = {
		.s = (const unsigned char *)doc,
		.end = (const unsigned char *)doc + len,
		.p = (const unsigned char *)doc,
		.err = err, .errlen = errlen,
	};
	struct json *v;

	if (errlen)
		err[0] = '\0';
	v = parse_value(&ps, 0);
	if (!v)
		return NULL;
	skip_ws(&ps);
	if (ps.p != ps.end) {
		fail(&ps, "text after the JSON value");
		json_free(v);
		return NULL;
	}
	return v;
}

void json_free(struct json *v)
{
	while (v) {
		struct json *next = v->next;

		json_free(v->child);
		free(v->text);
		free(v->key);
		free(v);
		v = next;
	}
}

const struct json *json_get(const struct json *v, const char *key)
{
	const struct json *e;

	if (!v || v->type != JSON_OBJECT)
		return NULL;
	for (e = v->child; e; e = e->next)
		if (!strcmp(e->key, key))
			return e;
	return NULL;
}

const struct json *json_at(const struct json *v, size_t i)
{
	const struct json *e;

	if (!v || v->type != JSON_ARRAY)
		return NULL;
	for (e = v->child; e && i; e = e->next)
		i--;
	return e;
}

size_t json_count(const struct json *v)
{
	const struct json *e;
	size_t n = 0;

	if (v && (v->type == JSON_ARRAY || v->type == JSON_OBJECT))
		for (e = v->child; e; e = e->next)
			n++;
	return n;
}

/* The text of @v when it is a number written as an integer, else NULL. */
static const char *integer_text(const struct json *v)
{
	if (!v || v->type != JSON_NUMBER || strpbrk(v->text, ".eE"))
		return NULL;
	errno = 0;
	return v->text;
}

bool json_i64(const struct json *v, int64_t *out)
{
	const char *text = integer_text(v);
	char *end;

	if (!text)
		return false;
	*out = strtoll(text, &end, 10);
	return !errno && !*end;
}

bool json_u64(const struct json *v, uint64_t *out)
{
	const char *text = integer_text(v);
	char *end;

	if (!text || *text == '-')
		return false;
	*out = strtoull(text, &end, 10);
	return !errno && !*end;
}
