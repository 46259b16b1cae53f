/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A strict JSON parser (RFC 8259) for the tests of netbuf-stat -j: the
 * guest has no python or jq. It refuses what a lenient reader would let
 * through (trailing commas, leading zeros, bare control characters,
 * invalid UTF-8 or escapes, lone surrogates, duplicate keys, trailing
 * text) and keeps the document as a tree the tests read values from.
 */
#ifndef NETBUF_TEST_JSON_H
#define NETBUF_TEST_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING,
		 JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	bool boolean;
	char *text;		/* a number as written; a string decoded, UTF-8 */
	char *key;		/* in an object: this member's name */
	struct json *child;	/* an array's or object's first element */
	struct json *next;	/* the next element of the parent */
};

/*
 * Parses @len bytes at @doc as one JSON text. Returns the tree (free it
 * with json_free()), or NULL with a message naming the offset and what
 * was wrong in @err.
 */
struct json *json_parse(const char *doc, size_t len, char *err,
			size_t errlen);
void json_free(struct json *v);

/* The member @key of object @v, or NULL (also when @v is not an object). */
const struct json *json_get(const struct json *v, const char *key);
/* The @i-th element of array @v, or NULL. */
const struct json *json_at(const struct json *v, size_t i);
size_t json_count(const struct json *v);
/* A number that is a non-negative (or any, json_i64) integer, exactly. */
bool json_u64(const struct json *v, uint64_t *out);
bool json_i64(const struct json *v, int64_t *out);

#endif /* NETBUF_TEST_JSON_H */
