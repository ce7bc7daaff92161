/*
 * providers/common/base64.c - base64 encoding and a lenient-on-white-space,
 * strict-on-everything-else decoder.
 */
#include "providers/common/base64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int idle_base64_encode(idle_bytes *out, const void *p, size_t n)
{
	const unsigned char *s = p;
	char q[4];
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		q[0] = alphabet[s[i] >> 2];
		q[1] = alphabet[((s[i] & 3) << 4) | (s[i + 1] >> 4)];
		q[2] = alphabet[((s[i + 1] & 15) << 2) | (s[i + 2] >> 6)];
		q[3] = alphabet[s[i + 2] & 63];
		if (idle_bytes_add(out, q, 4))
			return -1;
	}
	if (i < n) {
		q[0] = alphabet[s[i] >> 2];
		q[1] = alphabet[((s[i] & 3) << 4) | (i + 1 < n ? s[i + 1] >> 4 : 0)];
		q[2] = i + 1 < n ? alphabet[(s[i + 1] & 15) << 2] : '=';
		q[3] = '=';
		if (idle_bytes_add(out, q, 4))
			return -1;
	}
	return 0;
}

static int sextet(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int idle_base64_decode(idle_bytes *out, const char *s, size_t n)
{
	unsigned int acc = 0;
	int have = 0, pad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];
		int v;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			if (have < 2 || ++pad > 2)
				return -2;
			continue;
		}
		if (pad || (v = sextet(c)) < 0)
			return -2; /* data after padding, or not base64 */
		acc = (acc << 6) | (unsigned int)v;
		if (++have == 4) {
			unsigned char b[3] = {(unsigned char)(acc >> 16), (unsigned char)(acc >> 8),
			                      (unsigned char)acc};

			if (idle_bytes_add(out, b, 3))
				return -1;
			acc = 0;
			have = 0;
		}
	}
	if (pad && have + pad != 4)
		return -2;
	if (have == 1)
		return -2;
	if (have == 2) {
		unsigned char b = (unsigned char)(acc >> 4);

		return idle_bytes_add(out, &b, 1);
	}
	if (have == 3) {
		unsigned char b[2] = {(unsigned char)(acc >> 10), (unsigned char)(acc >> 2)};

		return idle_bytes_add(out, b, 2);
	}
	return 0;
}
