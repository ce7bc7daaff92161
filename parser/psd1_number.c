/*
 * parser/psd1_number.c - PowerShell numeric literals: scanning and typing.
 *
 * The scanner follows ScanNumberHelper: an optional sign, a body (decimal,
 * 0x hex, 0b binary, reals with '.' or an exponent), at most one type suffix
 * (two when the first is 'u'), an optional multiplier, and then a character
 * that ends a number. The value follows TryGetNumberValue: integers are
 * arbitrary-precision until typed; reals are doubles (or System.Decimal with
 * 'd'), rounded half-to-even when an integer suffix asks for an integer.
 */
#include "parser/psd1_number.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/numfmt.h"
#include "core/utf8.h"
#include "parser/psd1_lex.h"

/* Suffix flags, as in the PowerShell tokenizer. */
enum {
	SUF_NONE = 0,
	SUF_SBYTE = 1,    /* y */
	SUF_SHORT = 2,    /* s */
	SUF_LONG = 4,     /* l */
	SUF_UNSIGNED = 8, /* u */
	SUF_DECIMAL = 16, /* d */
	SUF_BIG = 32      /* n */
};

enum { FMT_DEC, FMT_HEX, FMT_BIN };

/* ---- a small arbitrary-precision integer ------------------------------------ */

#define BN_LIMBS                                                                                   \
	128 /* 4096 bits: more than any literal of PSD1_NUMBER_MAX_DIGITS hex/dec digits needs */

typedef struct bn {
	int neg;
	int n; /* limbs in use; 0 means zero */
	uint32_t d[BN_LIMBS + 2];
} bn;

static void bn_zero(bn *a)
{
	a->neg = 0;
	a->n = 0;
}

static int bn_mul_add(bn *a, uint32_t m, uint32_t add)
{
	uint64_t carry = add;
	int i;

	for (i = 0; i < a->n; i++) {
		uint64_t t = (uint64_t)a->d[i] * m + carry;

		a->d[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry) {
		if (a->n >= BN_LIMBS)
			return -1;
		a->d[a->n++] = (uint32_t)carry;
	}
	return 0;
}

static int bn_shl(bn *a, unsigned bits)
{
	while (bits >= 16) {
		if (bn_mul_add(a, 1u << 16, 0))
			return -1;
		bits -= 16;
	}
	return bits ? bn_mul_add(a, 1u << bits, 0) : 0;
}

static int bn_bits(const bn *a)
{
	int b;

	if (!a->n)
		return 0;
	b = 32 * (a->n - 1);
	for (uint32_t top = a->d[a->n - 1]; top; top >>= 1)
		b++;
	return b;
}

/* a = 2^bits - a (a < 2^bits), i.e. the magnitude of a two's complement negative. */
static void bn_twos(bn *a, int bits)
{
	int limbs = (bits + 31) / 32, i;
	uint64_t borrow = 0;

	for (i = a->n; i < limbs; i++)
		a->d[i] = 0;
	a->n = limbs;
	/* 2^bits - a = (~a + 1) within 'bits' bits */
	for (i = 0; i < limbs; i++) {
		uint64_t t = (uint64_t)0 - a->d[i] - borrow;

		a->d[i] = (uint32_t)t;
		borrow = (t >> 32) ? 1 : 0;
	}
	if (bits % 32)
		a->d[limbs - 1] &= (1u << (bits % 32)) - 1;
	while (a->n && !a->d[a->n - 1])
		a->n--;
}

/* The magnitude as uint64 if it fits. */
static int bn_u64(const bn *a, uint64_t *out)
{
	if (a->n > 2)
		return 0;
	*out = a->n == 0 ? 0 : a->n == 1 ? a->d[0] : ((uint64_t)a->d[1] << 32 | a->d[0]);
	return 1;
}

/* Signed value within [lo, hi]? (lo <= 0 <= hi) */
static int bn_in(const bn *a, int64_t lo, uint64_t hi, int64_t *val)
{
	uint64_t m;

	if (!bn_u64(a, &m))
		return 0;
	if (a->neg) {
		if (m > (uint64_t)0 - (uint64_t)lo || (lo == 0 && m))
			return 0;
		*val = m ? (int64_t)((uint64_t)0 - m) : 0;
		return 1;
	}
	if (m > hi)
		return 0;
	*val = (int64_t)m;
	return 1;
}

/* Decimal digits of a (with '-'), into buf of at least 1300 bytes. */
static void bn_to_dec(const bn *a, char *buf)
{
	bn t = *a;
	char tmp[1300];
	size_t n = 0, i, o = 0;

	if (!t.n) {
		strcpy(buf, "0");
		return;
	}
	while (t.n) {
		uint64_t rem = 0;
		int k;

		for (k = t.n - 1; k >= 0; k--) {
			uint64_t cur = (rem << 32) | t.d[k];

			t.d[k] = (uint32_t)(cur / 1000000000u);
			rem = cur % 1000000000u;
		}
		while (t.n && !t.d[t.n - 1])
			t.n--;
		for (k = 0; k < 9 && (t.n || rem); k++) {
			tmp[n++] = (char)('0' + rem % 10);
			rem /= 10;
		}
	}
	if (a->neg)
		buf[o++] = '-';
	for (i = n; i-- > 0;)
		buf[o++] = tmp[i];
	buf[o] = '\0';
}

/* ---- System.Decimal ---------------------------------------------------------- */

__extension__ typedef unsigned __int128 u128;

#define DEC_MAX_SCALE 28

static u128 dec_max(void)
{
	return ((u128)1 << 96) - 1;
}

typedef struct dec {
	int neg;
	u128 m; /* mantissa < 2^96 */
	int scale;
} dec;

/* m / 10, rounded half to even; sticky tells whether digits below were non-zero. */
static u128 div10_round(u128 m, int sticky)
{
	u128 q = m / 10;
	unsigned r = (unsigned)(m % 10);

	if (r > 5 || (r == 5 && (sticky || (q & 1))))
		q++;
	return q;
}

/* Brings mantissa under 2^96 and scale under 29 by dropping digits; -1 on overflow. */
static int dec_normalize(dec *x)
{
	while (x->scale > DEC_MAX_SCALE || x->m > dec_max()) {
		if (x->scale == 0)
			return -1;
		x->m = div10_round(x->m, 0);
		x->scale--;
	}
	return 0;
}

/*
 * .NET decimal.Parse(Float, invariant) of [sign] digits [. digits] [e [sign] digits].
 * Keeps the literal's scale (1.50 stays 1.50).
 */
static int dec_parse(const char *s, dec *out)
{
	int exp = 0, eneg = 0, nfrac = 0, in_frac = 0, sticky = 0, round_digit = -1;
	u128 m = 0;
	int digits = 0; /* significant digits kept in m */
	int extra_int = 0;

	memset(out, 0, sizeof(*out));
	if (*s == '-' || *s == '+')
		out->neg = *s++ == '-';
	for (; *s && *s != 'e' && *s != 'E'; s++) {
		if (*s == '.') {
			in_frac = 1;
			continue;
		}
		if (digits < 30) {
			if (m || *s != '0')
				digits++;
			m = m * 10 + (unsigned)(*s - '0');
			if (in_frac)
				nfrac++;
		} else {
			/* beyond what a decimal can hold: remember how to round */
			if (round_digit < 0)
				round_digit = *s - '0';
			else if (*s != '0')
				sticky = 1;
			if (!in_frac)
				extra_int++;
		}
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			eneg = *s++ == '-';
		for (; *s; s++) {
			if (exp < 100000)
				exp = exp * 10 + (*s - '0');
		}
		if (eneg)
			exp = -exp;
	}
	if (round_digit > 5 || (round_digit == 5 && (sticky || (m & 1))))
		m++;
	exp += extra_int;
	/* value = m * 10^(exp - nfrac) */
	exp -= nfrac;
	if (exp >= 0) {
		while (m && exp-- > 0) {
			if (m > dec_max() / 10)
				return m ? -1 : 0;
			m *= 10;
		}
		out->m = m;
		out->scale = 0;
	} else {
		out->m = m;
		out->scale = -exp;
		if (out->scale > 1000) {
			out->m = 0;
			out->scale = DEC_MAX_SCALE;
		}
	}
	return dec_normalize(out);
}

/* Multiplies by 2^shift, dropping scale digits if the mantissa overflows. */
static int dec_shl(dec *x, unsigned shift)
{
	while (shift--) {
		if (x->m >> 126) {
			x->m = div10_round(x->m, 0);
			if (--x->scale < 0)
				return -1;
		}
		x->m <<= 1;
	}
	return dec_normalize(x);
}

static void dec_to_string(const dec *x, char *buf)
{
	char digits[64];
	size_t n = 0, o = 0, i;
	u128 m = x->m;

	do {
		digits[n++] = (char)('0' + (unsigned)(m % 10));
		m /= 10;
	} while (m);
	while ((int)n <= x->scale)
		digits[n++] = '0';
	if (x->neg && x->m)
		buf[o++] = '-';
	for (i = n; i-- > 0;) {
		buf[o++] = digits[i];
		if ((int)i == x->scale && i)
			buf[o++] = '.';
	}
	buf[o] = '\0';
}

/* ---- scanning ------------------------------------------------------------------ */

typedef struct scan {
	size_t tlen;
	int format;
	int real;
	int suffix;
	unsigned shift; /* multiplier = 2^shift */
	int too_long;
	char text[PSD1_NUMBER_MAX_DIGITS +
	          8]; /* sign, digits, '.', exponent: ASCII, as .NET parses it */
} scan;

static void put(scan *sc, char c)
{
	if (sc->tlen < PSD1_NUMBER_MAX_DIGITS)
		sc->text[sc->tlen++] = c;
	else
		sc->too_long = 1;
}

static int32_t cp_at(const char *s, size_t len, size_t pos, size_t *next)
{
	int32_t cp;

	if (pos >= len) {
		*next = pos;
		return PSD1_EOF;
	}
	if ((unsigned char)s[pos] < 0x80) {
		*next = pos + 1;
		return (unsigned char)s[pos];
	}
	*next = pos;
	cp = idle_utf8_next(s, len, next);
	return cp < 0 ? 0xFFFD : cp;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static char at(const char *s, size_t len, size_t i)
{
	return i < len ? s[i] : '\0';
}

/* Digits after a '.' (none needed) and an optional exponent (digits needed). */
static size_t after_dot(const char *s, size_t len, size_t i, scan *sc, int *not_number)
{
	size_t next;

	while (is_digit(at(s, len, i)))
		put(sc, s[i++]);
	if (at(s, len, i) == 'e' || at(s, len, i) == 'E') {
		int32_t cp;
		int n = 0;

		put(sc, 'e');
		i++;
		cp = cp_at(s, len, i, &next);
		if (cp == '+' || idle_psd1__is_dash(cp)) {
			put(sc, cp == '+' ? '+' : '-');
			i = next;
		}
		while (is_digit(at(s, len, i))) {
			put(sc, s[i++]);
			n++;
		}
		if (!n)
			*not_number = 1;
	}
	return i;
}

static int scan_number(const char *s, size_t len, size_t pos, int ternary, scan *sc, size_t *end)
{
	size_t i = pos, next;
	int not_number = 0;
	int32_t cp = cp_at(s, len, i, &next);
	char c;

	memset(sc, 0, offsetof(scan, text));
	sc->format = FMT_DEC;
	if (cp == '+' || idle_psd1__is_dash(cp)) {
		put(sc, cp == '+' ? '+' : '-');
		i = next;
	}
	c = at(s, len, i);
	if (c == '.') {
		put(sc, '.');
		i = after_dot(s, len, i + 1, sc, &not_number);
		sc->real = 1;
	} else if (c == '0' && (at(s, len, i + 1) == 'x' || at(s, len, i + 1) == 'X')) {
		i += 2;
		sc->format = FMT_HEX;
		while (is_hex(at(s, len, i)))
			put(sc, s[i++]);
	} else if (c == '0' && (at(s, len, i + 1) == 'b' || at(s, len, i + 1) == 'B')) {
		size_t before = sc->tlen;

		i += 2;
		sc->format = FMT_BIN;
		while (at(s, len, i) == '0' || at(s, len, i) == '1')
			put(sc, s[i++]);
		if (sc->tlen == 0 && before == 0)
			not_number = 1;
	} else {
		while (is_digit(at(s, len, i)))
			put(sc, s[i++]);
		c = at(s, len, i);
		if (c == '.' && at(s, len, i + 1) != '.') {
			put(sc, '.');
			i = after_dot(s, len, i + 1, sc, &not_number);
			sc->real = 1;
		} else if (c == 'e' || c == 'E') {
			i = after_dot(s, len, i, sc, &not_number);
			sc->real = 1;
		}
	}
	/* type suffix: u, s, l, d, y, n; after 'u' one of l, s, y may follow */
	c = at(s, len, i);
	if (strchr("usldynUSLDYN", c) && c) {
		char lc = (char)(c | 0x20);

		i++;
		sc->suffix = lc == 'u'   ? SUF_UNSIGNED
		             : lc == 's' ? SUF_SHORT
		             : lc == 'l' ? SUF_LONG
		             : lc == 'd' ? SUF_DECIMAL
		             : lc == 'y' ? SUF_SBYTE
		                         : SUF_BIG;
		c = at(s, len, i);
		if (strchr("usldynUSLDYN", c) && c) {
			lc = (char)(c | 0x20);
			i++;
			if (sc->suffix == SUF_UNSIGNED && (lc == 'l' || lc == 's' || lc == 'y'))
				sc->suffix |= lc == 'l'   ? SUF_LONG
				              : lc == 's' ? SUF_SHORT
				                          : SUF_SBYTE;
			else
				not_number = 1;
		}
	}
	/* multiplier: kb mb gb tb pb */
	c = at(s, len, i);
	if (c && strchr("kmgtpKMGTP", c)) {
		char lc = (char)(c | 0x20);

		sc->shift = lc == 'k' ? 10 : lc == 'm' ? 20 : lc == 'g' ? 30 : lc == 't' ? 40 : 50;
		i++;
		if (at(s, len, i) == 'b' || at(s, len, i) == 'B')
			i++;
		else
			not_number = 1;
	}
	cp = cp_at(s, len, i, &next);
	if (!idle_psd1__ends_number(cp, ternary))
		not_number = 1;
	sc->text[sc->tlen] = '\0';
	*end = i;
	if (not_number) {
		/* the whole generic word is what PowerShell sees */
		while (i < len) {
			cp = cp_at(s, len, i, &next);
			if (idle_psd1__ends_token(cp))
				break;
			i = next;
		}
		*end = i;
		return PSD1_NUM_NOT_A_NUMBER;
	}
	return PSD1_NUM_OK;
}

/* ---- typing -------------------------------------------------------------------- */

static int set_literal(idle_arena *a, idle_value *out, const char *lit)
{
	out->x = idle_arena_strndup(a, lit, strlen(lit));
	return out->x ? 0 : -1;
}

/* An integer of type t holding b (already range-checked). */
static int make_int(idle_arena *a, idle_value *out, idle_numtype t, const bn *b)
{
	int64_t v;
	char buf[1300];

	if (bn_in(b, INT64_MIN, INT64_MAX, &v)) {
		idle_val_int(out, v);
		out->ntype = (uint8_t)t;
		return 0;
	}
	bn_to_dec(b, buf);
	idle_val_init(out, IDLE_NUMBER);
	out->ntype = (uint8_t)t;
	out->u.d = idle_strtod(buf, NULL);
	return set_literal(a, out, buf);
}

static int make_decimal(idle_arena *a, idle_value *out, const dec *x)
{
	char buf[64];

	dec_to_string(x, buf);
	idle_val_init(out, IDLE_NUMBER);
	out->ntype = IDLE_NT_DECIMAL;
	out->u.d = idle_strtod(buf, NULL);
	return set_literal(a, out, buf);
}

/* A Decimal (scale 0) holding b, which has at most 96 bits. */
static int make_decimal_bn(idle_arena *a, idle_value *out, const bn *b)
{
	dec x;
	int k;

	memset(&x, 0, sizeof(x));
	x.neg = b->neg;
	for (k = b->n - 1; k >= 0; k--)
		x.m = (x.m << 32) | b->d[k];
	return make_decimal(a, out, &x);
}

/* Types an integer by its suffix (the switch at the end of TryGetNumberValue). */
static int type_integer(const scan *sc, bn *b, idle_arena *a, idle_value *out, const char **why)
{
	int64_t v;
	int s = sc->suffix;

#define FITS(lo, hi) bn_in(b, (lo), (hi), &v)
	switch (s) {
	case SUF_SBYTE:
		if (FITS(INT8_MIN, INT8_MAX))
			return make_int(a, out, IDLE_NT_SBYTE, b);
		*why = "out of range for SByte (y)";
		return PSD1_NUM_BAD;
	case SUF_UNSIGNED | SUF_SBYTE:
		if (FITS(0, UINT8_MAX))
			return make_int(a, out, IDLE_NT_BYTE, b);
		*why = "out of range for Byte (uy)";
		return PSD1_NUM_BAD;
	case SUF_SHORT:
		if (FITS(INT16_MIN, INT16_MAX))
			return make_int(a, out, IDLE_NT_INT16, b);
		*why = "out of range for Int16 (s)";
		return PSD1_NUM_BAD;
	case SUF_UNSIGNED | SUF_SHORT:
		if (FITS(0, UINT16_MAX))
			return make_int(a, out, IDLE_NT_UINT16, b);
		*why = "out of range for UInt16 (us)";
		return PSD1_NUM_BAD;
	case SUF_LONG:
		if (FITS(INT64_MIN, INT64_MAX))
			return make_int(a, out, IDLE_NT_INT64, b);
		*why = "out of range for Int64 (l)";
		return PSD1_NUM_BAD;
	case SUF_UNSIGNED | SUF_LONG:
		if (!b->neg && bn_bits(b) <= 64)
			return make_int(a, out, IDLE_NT_UINT64, b);
		*why = "out of range for UInt64 (ul)";
		return PSD1_NUM_BAD;
	case SUF_UNSIGNED:
		if (FITS(0, UINT32_MAX))
			return make_int(a, out, IDLE_NT_UINT32, b);
		if (!b->neg && bn_bits(b) <= 64)
			return make_int(a, out, IDLE_NT_UINT64, b);
		*why = "out of range for UInt32 and UInt64 (u)";
		return PSD1_NUM_BAD;
	case SUF_DECIMAL:
		if (bn_bits(b) <= 96)
			return make_decimal_bn(a, out, b);
		*why = "out of range for Decimal (d)";
		return PSD1_NUM_BAD;
	case SUF_BIG:
		return make_int(a, out, IDLE_NT_BIGINT, b);
	case SUF_NONE:
		if (FITS(INT32_MIN, INT32_MAX))
			return make_int(a, out, IDLE_NT_INT32, b);
		if (FITS(INT64_MIN, INT64_MAX))
			return make_int(a, out, IDLE_NT_INT64, b);
		if (sc->format == FMT_DEC) {
			if (bn_bits(b) <= 96) {
				return make_decimal_bn(a, out, b);
			} else {
				char buf[1300];
				double d;

				bn_to_dec(b, buf);
				d = idle_strtod(buf, NULL);
				if (isinf(d)) {
					*why = "too large for Double";
					return PSD1_NUM_BAD;
				}
				idle_val_double(out, d);
				return 0;
			}
		}
		*why =
		    "too large for Int64; add a suffix such as 'n' (BigInteger) or 'u' (unsigned)";
		return PSD1_NUM_BAD;
	default:
		*why = "invalid combination of type suffixes";
		return PSD1_NUM_BAD;
	}
#undef FITS
}

/* Hex: the sign-bit rule (8 digits for Int32, 16 for Int64, 4 with 's', 2 with 'y'). */
static int hex_value(scan *sc, bn *b)
{
	const char *h = sc->text;
	size_t n = sc->tlen, i, expected;
	int neg = 0, twos = 0;

	if (*h == '-' || *h == '+') {
		neg = *h == '-';
		h++;
		n--;
	}
	if (!(sc->suffix & SUF_UNSIGNED)) {
		expected = sc->suffix == SUF_SBYTE   ? 2
		           : sc->suffix == SUF_SHORT ? 4
		           : sc->suffix == SUF_LONG  ? 16
		           : n + 1 < 16              ? 8
		                                     : 16;
		/* PowerShell keeps a leading '0' (a positive number) unless the
		 * digits fill exactly the type's width. */
		twos = n == expected && n > 0;
	}
	bn_zero(b);
	for (i = 0; i < n; i++) {
		char c = h[i];
		unsigned v = is_digit(c) ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);

		if (bn_mul_add(b, 16, v))
			return -1;
	}
	if (twos && n && strchr("89abcdefABCDEF", h[0])) {
		bn_twos(b, (int)(4 * n));
		b->neg = 1;
	}
	/* a 16-character hex string (as PowerShell counts it) is a 64-bit literal */
	if ((twos ? n : n + 1) == 16 && (sc->suffix == SUF_NONE || sc->suffix == SUF_UNSIGNED))
		sc->suffix |= SUF_LONG;
	if (neg && b->n)
		b->neg = !b->neg;
	return 0;
}

/* Binary: a leading 1 is a sign bit at 8, 16, 32, 64, 96 or >= 128 digits. */
static int bin_value(scan *sc, bn *b, const char **why)
{
	const char *d = sc->text;
	size_t n = sc->tlen, i;
	int neg = 0;

	if (*d == '-' || *d == '+') {
		neg = *d == '-';
		d++;
		n--;
	}
	if (n == 0) {
		*why = "no binary digits after 0b";
		return PSD1_NUM_BAD;
	}
	bn_zero(b);
	for (i = 0; i < n; i++)
		if (bn_mul_add(b, 2, (unsigned)(d[i] - '0')))
			return -1;
	if (!(sc->suffix & SUF_UNSIGNED) && d[0] == '1' &&
	    (n == 8 || n == 16 || n == 32 || n == 64 || n == 96 || n >= 128)) {
		bn_twos(b, (int)n);
		b->neg = 1;
	}
	if (n == 64 && (sc->suffix == SUF_NONE || sc->suffix == SUF_UNSIGNED))
		sc->suffix |= SUF_LONG;
	if (neg && b->n)
		b->neg = !b->neg;
	return 0;
}

static int dec_int_value(const scan *sc, bn *b)
{
	const char *d = sc->text;

	bn_zero(b);
	if (*d == '-' || *d == '+')
		b->neg = *d++ == '-';
	for (; *d; d++)
		if (bn_mul_add(b, 10, (unsigned)(*d - '0')))
			return -1;
	if (!b->n)
		b->neg = 0;
	return 0;
}

/* The exact integer value of a (finite, integral) double. */
static int bn_from_double(bn *b, double d)
{
	int e;
	double m = frexp(fabs(d), &e); /* d = m * 2^e, 0.5 <= m < 1 */
	uint64_t mant = (uint64_t)ldexp(m, 53);

	bn_zero(b);
	b->neg = d < 0;
	if (d == 0)
		return 0;
	b->d[0] = (uint32_t)mant;
	b->d[1] = (uint32_t)(mant >> 32);
	b->n = b->d[1] ? 2 : 1;
	e -= 53;
	if (e > 0)
		return bn_shl(b, (unsigned)e);
	/* e < 0 cannot leave a fraction: d is integral */
	while (e < 0) {
		uint64_t v = ((uint64_t)b->d[1] << 32 | b->d[0]) >> 1;

		b->d[0] = (uint32_t)v;
		b->d[1] = (uint32_t)(v >> 32);
		b->n = b->d[1] ? 2 : b->d[0] ? 1 : 0;
		e++;
	}
	return 0;
}

static int real_value(scan *sc, idle_arena *a, idle_value *out, const char **why)
{
	double d;

	if (sc->suffix == SUF_DECIMAL) {
		dec x;

		if (dec_parse(sc->text, &x) || dec_shl(&x, sc->shift)) {
			*why = "out of range for Decimal (d)";
			return PSD1_NUM_BAD;
		}
		return make_decimal(a, out, &x);
	}
	d = idle_strtod(sc->text, NULL);
	if (d == 0 && sc->text[0] == '-')
		d = -0.0;
	d = ldexp(d, (int)sc->shift);
	if (sc->suffix == SUF_NONE) {
		idle_val_double(out, d);
		return 0;
	}
	if (isnan(d) || isinf(d)) {
		*why = "too large for an integer type";
		return PSD1_NUM_BAD;
	}
	{
		bn b;

		if (bn_from_double(&b, rint(d)))
			return -1;
		return type_integer(sc, &b, a, out, why);
	}
}

int idle_psd1__number(const char *s, size_t len, size_t pos, int ternary, size_t *end,
                      idle_arena *a, idle_value *out, const char **why)
{
	scan sc;
	bn b;
	int r;

	*why = "";
	r = scan_number(s, len, pos, ternary, &sc, end);
	if (r != PSD1_NUM_OK)
		return r;
	if (sc.too_long) {
		*why = "too many digits";
		return PSD1_NUM_BAD;
	}
	if (sc.real)
		r = real_value(&sc, a, out, why);
	else {
		if (sc.format == FMT_HEX)
			r = hex_value(&sc, &b);
		else if (sc.format == FMT_BIN)
			r = bin_value(&sc, &b, why);
		else
			r = dec_int_value(&sc, &b);
		if (r == 0 && sc.shift && bn_shl(&b, sc.shift)) {
			*why = "too many digits";
			return PSD1_NUM_BAD;
		}
		if (r == 0)
			r = type_integer(&sc, &b, a, out, why);
		else if (r < 0) {
			*why = "too many digits";
			r = PSD1_NUM_BAD;
		}
	}
	if (r == 0) {
		out->start = (uint32_t)pos;
		out->end = (uint32_t)*end;
	}
	return r;
}

void idle_psd1__number_string(const idle_value *v, char *buf, size_t size)
{
	if (v->kind == IDLE_INT)
		snprintf(buf, size, "%lld", (long long)v->u.i);
	else if (v->x)
		snprintf(buf, size, "%s", (const char *)v->x);
	else
		idle_fmt_double_ps(buf, size, v->u.d);
}
