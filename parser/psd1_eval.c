/*
 * parser/psd1_eval.c - unary operators on data-file values.
 */
#include "parser/psd1_eval.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/numfmt.h"
#include "parser/psd1.h"
#include "parser/psd1_number.h"

int idle_psd1__truthy(const idle_value *v)
{
	switch (v->kind) {
	case IDLE_NULL:
		return 0;
	case IDLE_BOOL:
	case IDLE_INT:
		return v->u.i != 0;
	case IDLE_NUMBER:
		if (v->x) { /* exact literal: zero if it has no non-zero digit */
			const char *s = v->x;

			for (; *s; s++)
				if (*s >= '1' && *s <= '9')
					return 1;
			return 0;
		}
		return v->u.d != 0;
	case IDLE_STRING:
		return v->n > 0;
	case IDLE_ARRAY:
		return v->n == 0 ? 0 : v->n == 1 ? idle_psd1__truthy(&v->u.items[0]) : 1;
	default:
		return 1;
	}
}

static int is_small_int(int t)
{
	return t == IDLE_NT_INT16 || t == IDLE_NT_SBYTE || t == IDLE_NT_BYTE || t == IDLE_NT_UINT16;
}

static void set_int(idle_value *v, int64_t i, idle_numtype t)
{
	uint32_t s = v->start, e = v->end;

	idle_val_int(v, i);
	v->ntype = (uint8_t)t;
	v->start = s;
	v->end = e;
}

static void set_double(idle_value *v, double d)
{
	uint32_t s = v->start, e = v->end;

	idle_val_double(v, d);
	v->start = s;
	v->end = e;
}

/* A string converted to a number the way PowerShell's arithmetic does. */
static int string_to_number(idle_arena *a, idle_value *v, const char **why)
{
	const char *s = v->u.s;
	size_t b = 0, e = v->n, end;
	idle_value num;
	const char *w;

	while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r'))
		b++;
	while (e > b &&
	       (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r'))
		e--;
	if (b == e) {
		set_int(v, 0, IDLE_NT_INT32);
		return 0;
	}
	if (idle_psd1__number(s, e, b, 0, &end, a, &num, &w) != PSD1_NUM_OK || end != e) {
		*why = "the string cannot be converted to a number";
		return 1;
	}
	num.start = v->start;
	num.end = v->end;
	*v = num;
	return 0;
}

/* Flips the sign of an exact literal ("1.5" <-> "-1.5"). */
static int negate_literal(idle_arena *a, idle_value *v)
{
	const char *lit = v->x;
	size_t n = strlen(lit);
	char *p;

	if (lit[0] == '-') {
		v->x = lit + 1;
	} else {
		p = idle_arena_alloc(a, n + 2);
		if (!p)
			return -1;
		p[0] = '-';
		memcpy(p + 1, lit, n + 1);
		v->x = p;
	}
	v->u.d = -v->u.d;
	return 0;
}

static int negate(idle_arena *a, idle_value *v, const char **why)
{
	int t = v->ntype;

	switch (v->kind) {
	case IDLE_NULL:
		set_int(v, 0, IDLE_NT_INT32);
		return 0;
	case IDLE_BOOL:
		set_int(v, -v->u.i, IDLE_NT_INT32);
		return 0;
	case IDLE_STRING: {
		int r = string_to_number(a, v, why);

		return r ? r : negate(a, v, why);
	}
	case IDLE_INT:
		/* 0 - x: Int32 stays Int32 unless it overflows (then Double); smaller
		 * types widen to Int32; UInt32 widens to Int64 */
		if (t == IDLE_NT_INT32 || t == IDLE_NT_NONE || is_small_int(t)) {
			if (v->u.i == INT32_MIN && t != IDLE_NT_NONE)
				set_double(v, 2147483648.0);
			else
				set_int(v, -v->u.i,
				        t == IDLE_NT_NONE ? IDLE_NT_NONE : IDLE_NT_INT32);
		} else if (t == IDLE_NT_UINT32) {
			set_int(v, -v->u.i, IDLE_NT_INT64);
		} else if (v->u.i == INT64_MIN) {
			set_double(v, 9223372036854775808.0);
		} else {
			set_int(v, -v->u.i,
			        t == IDLE_NT_UINT64 ? IDLE_NT_DECIMAL : (idle_numtype)t);
			if (t == IDLE_NT_UINT64) { /* 0 - UInt64 is computed as Decimal */
				char buf[32];

				snprintf(buf, sizeof(buf), "%lld", (long long)v->u.i);
				v->kind = IDLE_NUMBER;
				v->u.d = (double)v->u.i;
				v->x = idle_arena_strndup(a, buf, strlen(buf));
				return v->x ? 0 : -1;
			}
		}
		return 0;
	case IDLE_NUMBER:
		if (v->x)
			return negate_literal(a, v);
		v->u.d = -v->u.d;
		return 0;
	default:
		*why =
		    "the operator '-' cannot be applied to an array, a hashtable or a script block";
		return 1;
	}
}

static int plus(idle_arena *a, idle_value *v, const char **why)
{
	switch (v->kind) {
	case IDLE_NULL:
		set_int(v, 0, IDLE_NT_INT32);
		return 0;
	case IDLE_BOOL:
		set_int(v, v->u.i, IDLE_NT_INT32);
		return 0;
	case IDLE_STRING:
		return string_to_number(a, v, why);
	case IDLE_INT:
		if (is_small_int(v->ntype))
			v->ntype = IDLE_NT_INT32;
		return 0;
	case IDLE_NUMBER:
		return 0;
	default:
		*why =
		    "the operator '+' cannot be applied to an array, a hashtable or a script block";
		return 1;
	}
}

static int bnot(idle_arena *a, idle_value *v, const char **why)
{
	int t = v->ntype;

	switch (v->kind) {
	case IDLE_NULL:
		set_int(v, -1, IDLE_NT_INT32);
		return 0;
	case IDLE_BOOL:
		set_int(v, ~v->u.i, IDLE_NT_INT32);
		return 0;
	case IDLE_STRING: {
		int r = string_to_number(a, v, why);

		return r ? r : bnot(a, v, why);
	}
	case IDLE_INT:
		if (t == IDLE_NT_UINT32) {
			set_int(v, (int64_t)(~(uint32_t)v->u.i), IDLE_NT_UINT32);
		} else if (t == IDLE_NT_UINT64) {
			uint64_t r = ~(uint64_t)v->u.i;
			char buf[32];

			if (r <= INT64_MAX) {
				set_int(v, (int64_t)r, IDLE_NT_UINT64);
				return 0;
			}
			snprintf(buf, sizeof(buf), "%llu", (unsigned long long)r);
			v->kind = IDLE_NUMBER;
			v->u.d = (double)r;
			v->x = idle_arena_strndup(a, buf, strlen(buf));
			return v->x ? 0 : -1;
		} else if (t == IDLE_NT_INT64 || t == IDLE_NT_BIGINT || v->u.i < INT32_MIN ||
		           v->u.i > INT32_MAX) {
			set_int(v, ~v->u.i, t == IDLE_NT_BIGINT ? IDLE_NT_BIGINT : IDLE_NT_INT64);
		} else {
			set_int(v, ~v->u.i, IDLE_NT_INT32);
		}
		return 0;
	case IDLE_NUMBER: {
		double r = rint(v->u.d);

		if (isnan(r) || fabs(r) >= 9.2233720368547758e18) {
			*why = "the value is too large for -bnot";
			return 1;
		}
		set_int(v, (int64_t)r, fabs(r) <= 2147483647.0 ? IDLE_NT_INT32 : IDLE_NT_INT64);
		return bnot(a, v, why);
	}
	default:
		*why =
		    "the operator '-bnot' cannot be applied to an array, a hashtable or a script "
		    "block";
		return 1;
	}
}

int idle_psd1__unary(idle_arena *a, psd1_unop op, idle_value *v, const char **why)
{
	uint16_t keep = v->flags & (uint16_t) ~(PSD1_VF_CONST | PSD1_VF_NULLVAR);
	int r;

	switch (op) {
	case PSD1_OP_NEG:
		r = negate(a, v, why);
		break;
	case PSD1_OP_PLUS:
		r = plus(a, v, why);
		break;
	case PSD1_OP_BNOT:
		r = bnot(a, v, why);
		break;
	default: {
		int b = !idle_psd1__truthy(v);
		uint32_t s = v->start, e = v->end;

		idle_val_bool(v, b);
		v->start = s;
		v->end = e;
		r = 0;
		break;
	}
	}
	v->flags = keep;
	return r;
}
