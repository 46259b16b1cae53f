// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Name-based UUIDs, version 5 of RFC 9562 (SHA-1 of a namespace UUID and
 * a name): the same name gives the same UUID on every call, boot and
 * machine. NetWkstaTransportEnum names each interface's transport by one.
 */
#include <stdint.h>
#include <string.h>

#include "internal_lm.h"

struct sha1 {
	uint32_t h[5];
	unsigned char block[64];
	uint64_t bytes;
};

static uint32_t rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

static void sha1_block(struct sha1 *c)
{
	uint32_t w[80], a, b, d, e, f, k, t, cc;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)c->block[4 * i] << 24 |
		       (uint32_t)c->block[4 * i + 1] << 16 |
		       (uint32_t)c->block[4 * i + 2] << 8 | c->block[4 * i + 3];
	for (; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = c->h[0];
	b = c->h[1];
	cc = c->h[2];
	d = c->h[3];
	e = c->h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & cc) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ cc ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & cc) | (b & d) | (cc & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ cc ^ d;
			k = 0xca62c1d6;
		}
		t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = cc;
		cc = rol(b, 30);
		b = a;
		a = t;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += cc;
	c->h[3] += d;
	c->h[4] += e;
}

static void sha1_add(struct sha1 *c, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len--) {
		c->block[c->bytes++ % 64] = *p++;
		if (c->bytes % 64 == 0)
			sha1_block(c);
	}
}

static void sha1_end(struct sha1 *c, unsigned char out[20])
{
	uint64_t bits = c->bytes * 8;
	unsigned char len[8];
	int i;

	sha1_add(c, "\x80", 1);
	while (c->bytes % 64 != 56)
		sha1_add(c, "", 1);
	for (i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_add(c, len, 8);
	for (i = 0; i < 20; i++)
		out[i] = (unsigned char)(c->h[i / 4] >> (24 - 8 * (i % 4)));
}

void netbuf_uuid5(const unsigned char ns[16], const void *name, size_t len,
		  char out[37])
{
	struct sha1 c = {
		.h = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
		       0xc3d2e1f0 },
	};
	static const char hex[] = "0123456789ABCDEF";
	unsigned char md[20];
	int i, j = 0;

	sha1_add(&c, ns, 16);
	sha1_add(&c, name, len);
	sha1_end(&c, md);
	md[6] = (md[6] & 0x0f) | 0x50;	/* version 5 */
	md[8] = (md[8] & 0x3f) | 0x80;	/* the RFC's variant */
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[j++] = '-';
		out[j++] = hex[md[i] >> 4];
		out[j++] = hex[md[i] & 15];
	}
	out[j] = '\0';
}
