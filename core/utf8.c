/*
 * core/utf8.c - UTF-8, source decoding, case folding and character classes.
 */
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>

#include "core/unicode_tables.h"

int32_t idle_utf8_next(const char *str, size_t len, size_t *pos)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = *pos;
	unsigned c = s[i], need, lo = 0x80, hi = 0xBF;
	uint32_t cp;

	if (c < 0x80) {
		*pos = i + 1;
		return (int32_t)c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		cp = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		cp = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		*pos = i + 1;
		return -1;
	}
	i++;
	while (need--) {
		if (i >= len || s[i] < lo || s[i] > hi) {
			*pos = i; /* the maximal subpart ends here */
			return -1;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
		i++;
	}
	*pos = i;
	return (int32_t)cp;
}

size_t idle_utf8_encode(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

int idle_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (idle_utf8_next(s, len, &i) < 0)
			return 0;
	}
	return 1;
}

size_t idle_utf8_count(const char *s, size_t len)
{
	size_t i = 0, n = 0;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80)
			i++;
		else
			idle_utf8_next(s, len, &i);
		n++;
	}
	return n;
}

uint32_t idle_unicode_upper(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(idle_upper_runs) / sizeof(idle_upper_runs[0]);

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const int32_t *r = idle_upper_runs[mid];

		if ((int32_t)cp < r[0])
			hi = mid;
		else if ((int32_t)cp > r[1])
			lo = mid + 1;
		else
			return ((int32_t)cp - r[0]) % r[2] == 0 ? (uint32_t)((int32_t)cp + r[3])
			                                        : cp;
	}
	return cp;
}

static int in_ranges(const uint16_t (*r)[2], size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	if (cp > 0xFFFF)
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < r[mid][0])
			hi = mid;
		else if (cp > r[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int idle_unicode_is_letter(uint32_t cp)
{
	return in_ranges(idle_letter_ranges,
	                 sizeof(idle_letter_ranges) / sizeof(idle_letter_ranges[0]), cp);
}

int idle_unicode_is_letter_or_digit(uint32_t cp)
{
	return idle_unicode_is_letter(cp) ||
	       in_ranges(idle_digit_ranges,
	                 sizeof(idle_digit_ranges) / sizeof(idle_digit_ranges[0]), cp);
}

/* The next code point of s, uppercased; ill-formed bytes compare as themselves + 0x110000. */
static uint32_t next_upper(const char *s, size_t len, size_t *i)
{
	unsigned char c = (unsigned char)s[*i];
	size_t start = *i;
	int32_t cp;

	if (c < 0x80) {
		(*i)++;
		return (c >= 'a' && c <= 'z') ? (uint32_t)c - 32 : c;
	}
	cp = idle_utf8_next(s, len, i);
	if (cp < 0)
		return 0x110000u + (unsigned char)s[start];
	return idle_unicode_upper((uint32_t)cp);
}

int idle_utf8_casecmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	while (i < alen && j < blen) {
		uint32_t ca = next_upper(a, alen, &i);
		uint32_t cb = next_upper(b, blen, &j);

		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	if (i < alen)
		return 1;
	if (j < blen)
		return -1;
	return 0;
}

uint32_t idle_utf8_casehash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i = 0;

	while (i < len) {
		unsigned char b = (unsigned char)s[i];
		uint32_t c;

		if (b < 0x80) { /* ASCII without a call */
			i++;
			h = (h ^ (uint32_t)((b >= 'a' && b <= 'z') ? b - 32 : b)) * 16777619u;
			continue;
		}
		c = next_upper(s, len, &i);
		h = (h ^ (c & 0xFF)) * 16777619u;
		if (c > 0xFF)
			h = (h ^ (c >> 8)) * 16777619u;
	}
	return h;
}

/* ------------------------------------------------------------------------ */
/* Source decoding                                                          */

typedef struct dec {
	char *out;
	size_t len;
	size_t cap;
	idle_decoded *res;
} dec;

static int dec_room(dec *d, size_t n)
{
	if (d->len + n + 1 > d->cap) {
		size_t cap = d->cap ? d->cap : 256;
		char *p;

		while (cap < d->len + n + 1)
			cap *= 2;
		p = realloc(d->out, cap);
		if (!p)
			return -1;
		d->out = p;
		d->cap = cap;
	}
	return 0;
}

static int dec_put(dec *d, uint32_t cp)
{
	if (dec_room(d, 4))
		return -1;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		if (d->res->replaced++ == 0)
			d->res->first_bad = d->len;
		cp = IDLE_UNICODE_REPLACEMENT;
	}
	d->len += idle_utf8_encode(d->out + d->len, cp);
	return 0;
}

static int decode_utf8(dec *d, const unsigned char *s, size_t len)
{
	size_t i = 0, start = 0;

	if (dec_room(d, len))
		return -1;
	while (i < len) {
		size_t k;

		/* ASCII eight bytes at a time, then well-formed sequences one by one */
		while (i + 8 <= len) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		while (i < len && s[i] < 0x80)
			i++;
		if (i >= len)
			break;
		k = i;
		if (idle_utf8_next((const char *)s, len, &k) >= 0) {
			i = k;
			continue;
		}
		/* an ill-formed sequence: copy what came before it, then U+FFFD (which
		 * can be longer than what it replaces, so room is checked each time) */
		if (dec_room(d, i - start))
			return -1;
		memcpy(d->out + d->len, s + start, i - start);
		d->len += i - start;
		if (dec_put(d, 0xD800)) /* a surrogate: becomes U+FFFD and is counted */
			return -1;
		i = start = k;
	}
	if (dec_room(d, len - start))
		return -1;
	memcpy(d->out + d->len, s + start, len - start);
	d->len += len - start;
	return 0;
}

static int decode_utf16(dec *d, const unsigned char *s, size_t len, int be)
{
	size_t i = 0;

	while (i + 1 < len) {
		uint32_t u =
		    be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);

		i += 2;
		if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
			uint32_t l = be ? (uint32_t)(s[i] << 8 | s[i + 1])
			                : (uint32_t)(s[i + 1] << 8 | s[i]);

			if (l >= 0xDC00 && l <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
				i += 2;
			}
		}
		if (dec_put(d, u))
			return -1;
	}
	if (i < len && dec_put(d, 0xD800))
		return -1;
	return 0;
}

static int decode_utf32(dec *d, const unsigned char *s, size_t len, int be)
{
	size_t i = 0;

	while (i + 3 < len) {
		uint32_t u = be ? ((uint32_t)s[i] << 24 | (uint32_t)s[i + 1] << 16 |
		                   (uint32_t)s[i + 2] << 8 | s[i + 3])
		                : ((uint32_t)s[i + 3] << 24 | (uint32_t)s[i + 2] << 16 |
		                   (uint32_t)s[i + 1] << 8 | s[i]);

		i += 4;
		if (dec_put(d, u))
			return -1;
	}
	if (i < len && dec_put(d, 0xD800))
		return -1;
	return 0;
}

int idle_decode_source(idle_decoded *out, const char *bytes, size_t len)
{
	const unsigned char *s = (const unsigned char *)bytes;
	dec d = {NULL, 0, 0, out};
	int r;

	memset(out, 0, sizeof(*out));
	if (len >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0) {
		out->encoding = IDLE_ENC_UTF32LE;
		r = decode_utf32(&d, s + 4, len - 4, 0);
	} else if (len >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF) {
		out->encoding = IDLE_ENC_UTF32BE;
		r = decode_utf32(&d, s + 4, len - 4, 1);
	} else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
		out->encoding = IDLE_ENC_UTF16LE;
		r = decode_utf16(&d, s + 2, len - 2, 0);
	} else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		out->encoding = IDLE_ENC_UTF16BE;
		r = decode_utf16(&d, s + 2, len - 2, 1);
	} else if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		out->encoding = IDLE_ENC_UTF8_BOM;
		r = decode_utf8(&d, s + 3, len - 3);
	} else {
		out->encoding = IDLE_ENC_UTF8;
		r = decode_utf8(&d, s, len);
	}
	if (r == 0)
		r = dec_room(&d, 0);
	if (r) {
		free(d.out);
		return -1;
	}
	d.out[d.len] = '\0';
	out->text = d.out;
	out->len = d.len;
	return 0;
}

int idle_utf8_in_list(const char *k, size_t n, const char *const *list)
{
	size_t i;

	for (i = 0; list && list[i]; i++)
		if (idle_utf8_caseeqz(k, n, list[i]))
			return 1;
	return 0;
}

int idle_unicode_is_space(int32_t cp)
{
	return cp == ' ' || (cp >= 9 && cp <= 13) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000;
}

void idle_utf8_trim(const char *s, size_t *b, size_t *e)
{
	while (*b < *e) {
		size_t n = *b;

		if (!idle_unicode_is_space(idle_utf8_next(s, *e, &n)))
			break;
		*b = n;
	}
	while (*e > *b) {
		size_t p = *e - 1, n;

		while (p > *b && ((unsigned char)s[p] & 0xC0) == 0x80)
			p--;
		n = p;
		if (!idle_unicode_is_space(idle_utf8_next(s, *e, &n)))
			break;
		*e = p;
	}
}
