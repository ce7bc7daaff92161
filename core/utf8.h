/*
 * core/utf8.h - UTF-8 decoding and encoding, source-file decoding (BOMs,
 * UTF-16/32, invalid bytes), and the Unicode facts PowerShell relies on:
 * simple case folding for case-insensitive keys, letters and digits for
 * bare-word keys.
 */
#ifndef IDLE_CORE_UTF8_H
#define IDLE_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define IDLE_UNICODE_REPLACEMENT 0xFFFDu

/**
 * Decodes the code point at s[*pos] (len bytes in all) and advances *pos.
 * Returns the code point, or -1 for an ill-formed sequence (then *pos
 * advances past its maximal subpart, at least one byte).
 */
int32_t idle_utf8_next(const char *s, size_t len, size_t *pos);

/** Writes cp as UTF-8 into out (4 bytes room); returns the byte count (0 for an invalid cp). */
size_t idle_utf8_encode(char *out, uint32_t cp);

/** 1 if the bytes are well-formed UTF-8. */
int idle_utf8_valid(const char *s, size_t len);

/** Number of code points in s (ill-formed sequences count one each). */
size_t idle_utf8_count(const char *s, size_t len);

/** The simple uppercase mapping of cp (itself when it has none). */
uint32_t idle_unicode_upper(uint32_t cp);
/** .NET char.IsLetter for a BMP code point (0 for anything above U+FFFF). */
int idle_unicode_is_letter(uint32_t cp);
/** .NET char.IsLetterOrDigit for a BMP code point. */
int idle_unicode_is_letter_or_digit(uint32_t cp);
/* .NET's Char.IsWhiteSpace (what PowerShell's Trim() and IsNullOrWhiteSpace use). */
int idle_unicode_is_space(int32_t cp);
/* .NET's String.Trim() on s[*b, *e): moves *b and *e past white space at both ends. */
void idle_utf8_trim(const char *s, size_t *b, size_t *e);

/**
 * Compares two UTF-8 strings case-insensitively (each code point through its
 * simple uppercase mapping, like .NET's OrdinalIgnoreCase). Returns <0, 0, >0.
 */
int idle_utf8_casecmp(const char *a, size_t alen, const char *b, size_t blen);
/**
 * 1 if a and b are equal case-insensitively (idle_utf8_casecmp() == 0). Inline:
 * most comparisons (keys against keyword lists) differ in their first byte.
 */
static inline int idle_utf8_caseeq(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen && blen) {
		unsigned char x = (unsigned char)a[0], y = (unsigned char)b[0];

		/* two ASCII bytes that differ even with the lower-case bit set differ */
		if (x < 0x80 && y < 0x80 && (x | 0x20) != (y | 0x20))
			return 0;
	} else if (alen != blen) {
		return 0;
	}
	/* the same spelling is the common case */
	if (alen == blen && !__builtin_memcmp(a, b, alen))
		return 1;
	return idle_utf8_casecmp(a, alen, b, blen) == 0;
}

/* 1 if k (n bytes) is one of list (NULL-terminated; may be NULL), case-insensitively. */
int idle_utf8_in_list(const char *k, size_t n, const char *const *list);

/** The same against a NUL-terminated b (whose length is only taken when needed). */
static inline int idle_utf8_caseeqz(const char *a, size_t alen, const char *b)
{
	unsigned char x = alen ? (unsigned char)a[0] : 0, y = (unsigned char)b[0];

	if (x < 0x80 && y < 0x80 && (x | 0x20) != (y | 0x20))
		return 0;
	return idle_utf8_casecmp(a, alen, b, __builtin_strlen(b)) == 0;
}

/** A hash that is equal for strings idle_utf8_casecmp() calls equal. */
uint32_t idle_utf8_casehash(const char *s, size_t len);

typedef enum idle_encoding {
	IDLE_ENC_UTF8 = 0,
	IDLE_ENC_UTF8_BOM,
	IDLE_ENC_UTF16LE,
	IDLE_ENC_UTF16BE,
	IDLE_ENC_UTF32LE,
	IDLE_ENC_UTF32BE
} idle_encoding;

typedef struct idle_decoded {
	char *text; /* UTF-8, NUL-terminated (may contain NULs); free() it */
	size_t len;
	idle_encoding encoding; /* what the BOM said */
	size_t replaced;        /* ill-formed sequences replaced by U+FFFD */
	size_t first_bad;       /* offset in text of the first replacement */
} idle_decoded;

/**
 * Decodes a file's bytes the way .NET's StreamReader does for PowerShell:
 * a UTF-8, UTF-16 or UTF-32 BOM is honoured and removed; without one the
 * bytes are UTF-8; every ill-formed sequence becomes U+FFFD.
 * Returns 0, or -1 when out of memory.
 */
int idle_decode_source(idle_decoded *out, const char *bytes, size_t len);

#endif
