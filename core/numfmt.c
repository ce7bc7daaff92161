/*
 * core/numfmt.c - locale-independent number parsing and printing.
 */
#include "core/numfmt.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t get_c_locale(void)
{
	pthread_once(&c_locale_once, make_c_locale);
	return c_locale;
}

double idle_strtod(const char *s, char **end)
{
	locale_t loc = get_c_locale();

	return loc ? strtod_l(s, end, loc) : strtod(s, end);
}

/* "%.*e"-style digits with the C locale, whatever the thread's locale. */
static int fmt_c(char *buf, size_t size, const char *fmt, int prec, double d)
{
	locale_t loc = get_c_locale(), old = (locale_t)0;
	int n;

	if (loc)
		old = uselocale(loc);
	n = snprintf(buf, size, fmt, prec, d);
	if (loc)
		uselocale(old);
	return n;
}

/* The fewest significant digits (1..17) that round-trip, in "%.*e" form. */
static int shortest_e(char *buf, size_t size, double d)
{
	int prec;

	for (prec = 0; prec < 17; prec++) {
		fmt_c(buf, size, "%.*e", prec, d);
		if (idle_strtod(buf, NULL) == d)
			return prec + 1;
	}
	return 17;
}

/* Splits "-d.ddde+XX" into sign, digit string and decimal exponent. */
static void split_e(const char *e, int *neg, char *digits, int *exp10)
{
	const char *p = e;
	int n = 0;

	*neg = *p == '-';
	if (*neg)
		p++;
	while (*p && *p != 'e') {
		if (*p != '.')
			digits[n++] = *p;
		p++;
	}
	digits[n] = '\0';
	*exp10 = *p == 'e' ? atoi(p + 1) : 0;
	while (n > 1 && digits[n - 1] == '0') /* drop trailing zeros */
		digits[--n] = '\0';
}

/* Writes digits with exponent exp10 (value = 0.d1d2d3... * 10^(exp10+1)) in plain notation. */
static size_t plain(char *out, int neg, const char *digits, int exp10)
{
	size_t o = 0, nd = strlen(digits);
	int i;

	if (neg)
		out[o++] = '-';
	if (exp10 < 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (i = -1; i > exp10; i--)
			out[o++] = '0';
		memcpy(out + o, digits, nd);
		o += nd;
	} else {
		for (i = 0; i <= exp10; i++)
			out[o++] = (size_t)i < nd ? digits[i] : '0';
		if ((size_t)exp10 + 1 < nd) {
			out[o++] = '.';
			memcpy(out + o, digits + exp10 + 1, nd - (size_t)exp10 - 1);
			o += nd - (size_t)exp10 - 1;
		}
	}
	out[o] = '\0';
	return o;
}

int idle_fmt_double_json(char *buf, size_t size, double d)
{
	char e[IDLE_NUMFMT_MAX], digits[24], tmp[400];
	int neg, exp10;

	if (isnan(d) || isinf(d))
		return -1;
	if (d == 0) {
		snprintf(buf, size, "%s", signbit(d) ? "-0.0" : "0.0");
		return 0;
	}
	shortest_e(e, sizeof(e), d);
	split_e(e, &neg, digits, &exp10);
	if (exp10 >= -4 && exp10 < 15) {
		plain(tmp, neg, digits, exp10);
		if (!strchr(tmp, '.'))
			strcat(tmp, ".0");
		snprintf(buf, size, "%s", tmp);
	} else if (digits[1]) {
		snprintf(buf, size, "%s%c.%se%c%d", neg ? "-" : "", digits[0], digits + 1,
		         exp10 < 0 ? '-' : '+', abs(exp10));
	} else {
		snprintf(buf, size, "%s%ce%c%d", neg ? "-" : "", digits[0], exp10 < 0 ? '-' : '+',
		         abs(exp10));
	}
	return 0;
}

void idle_fmt_double_ps(char *buf, size_t size, double d)
{
	char e[IDLE_NUMFMT_MAX], digits[24], tmp[400];
	int neg, exp10;

	if (isnan(d)) {
		snprintf(buf, size, "NaN");
		return;
	}
	if (isinf(d)) {
		snprintf(buf, size, "%s", d < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (d == 0) {
		snprintf(buf, size, "%s", signbit(d) ? "-0" : "0");
		return;
	}
	shortest_e(e, sizeof(e), d);
	split_e(e, &neg, digits, &exp10);
	if (exp10 >= -4 && exp10 < 15) {
		plain(tmp, neg, digits, exp10);
		snprintf(buf, size, "%s", tmp);
	} else {
		snprintf(buf, size, "%s%c%s%sE%c%02d", neg ? "-" : "", digits[0],
		         digits[1] ? "." : "", digits + 1, exp10 < 0 ? '-' : '+', abs(exp10));
	}
}
