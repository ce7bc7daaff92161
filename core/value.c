/*
 * core/value.c - value constructors, map index and the public accessors.
 */
#include "core/value.h"

#include <stdio.h>
#include <string.h>

#include "core/numfmt.h"
#include "core/utf8.h"

struct idle_mapindex {
	uint32_t mask;     /* slots - 1 (slots is a power of two) */
	uint32_t slots[1]; /* entry index + 1; 0 = empty */
};

void idle_val_init(idle_value *v, idle_kind kind)
{
	memset(v, 0, sizeof(*v));
	v->kind = (uint8_t)kind;
	v->start = IDLE_NOSPAN;
	v->end = IDLE_NOSPAN;
}

void idle_val_bool(idle_value *v, int b)
{
	idle_val_init(v, IDLE_BOOL);
	v->u.i = b != 0;
}

void idle_val_int(idle_value *v, int64_t i)
{
	idle_val_init(v, IDLE_INT);
	v->u.i = i;
}

void idle_val_double(idle_value *v, double d)
{
	idle_val_init(v, IDLE_NUMBER);
	v->ntype = IDLE_NT_DOUBLE;
	v->u.d = d;
}

int idle_val_string(idle_arena *a, idle_value *v, const char *s, size_t len)
{
	char *p = idle_arena_strndup(a, s, len);

	if (!p)
		return -1;
	idle_val_init(v, IDLE_STRING);
	v->u.s = p;
	v->n = (uint32_t)len;
	return 0;
}

void idle_val_string_ref(idle_value *v, const char *s, size_t len)
{
	idle_val_init(v, IDLE_STRING);
	v->u.s = s;
	v->n = (uint32_t)len;
}

int idle_val_array(idle_arena *a, idle_value *v, const idle_value *items, size_t n)
{
	idle_value *p = NULL;

	if (n) {
		p = idle_arena_alloc(a, n * sizeof(*p));
		if (!p)
			return -1;
		memcpy(p, items, n * sizeof(*p));
	}
	idle_val_init(v, IDLE_ARRAY);
	v->u.items = p;
	v->n = (uint32_t)n;
	return 0;
}

static int build_index(idle_arena *a, idle_value *v)
{
	uint32_t slots = 16, i;
	idle_mapindex *ix;

	while (slots < 2 * v->n)
		slots *= 2;
	ix = idle_arena_calloc(a, 1, sizeof(*ix) + (slots - 1) * sizeof(uint32_t));
	if (!ix)
		return -1;
	ix->mask = slots - 1;
	for (i = 0; i < v->n; i++) {
		const idle_member *m = &v->u.members[i];
		uint32_t h = idle_utf8_casehash(m->key, m->klen) & ix->mask;

		while (ix->slots[h])
			h = (h + 1) & ix->mask;
		ix->slots[h] = i + 1;
	}
	v->x = ix;
	return 0;
}

/* Notes on m whether its key is ASCII (map lookups then compare lengths first). */
static void mark_ascii(idle_member *m)
{
	uint32_t i;

	m->kflags &= ~IDLE_KEY_ASCII;
	for (i = 0; i < m->klen; i++)
		if ((unsigned char)m->key[i] >= 0x80)
			return;
	m->kflags |= IDLE_KEY_ASCII;
}

void idle_val_cstr(idle_value *v, const char *s)
{
	if (s)
		idle_val_string_ref(v, s, strlen(s));
	else
		idle_val_init(v, IDLE_NULL);
}

void idle_member_init(idle_member *m, const char *key, const idle_value *v)
{
	memset(m, 0, sizeof(*m));
	m->key = key;
	m->klen = (uint32_t)strlen(key);
	m->kstart = m->kend = IDLE_NOSPAN;
	m->val = *v;
}

int idle_val_blank(const idle_value *v)
{
	size_t b, e;

	if (!v || v->kind == IDLE_NULL)
		return 1;
	if (v->kind != IDLE_STRING)
		return 0;
	b = 0;
	e = v->n;
	idle_utf8_trim(v->u.s, &b, &e);
	return b == e;
}

int idle_val_map_adopt(idle_arena *a, idle_value *v, idle_member *members, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mark_ascii(&members[i]);
	idle_val_init(v, IDLE_MAP);
	v->u.members = n ? members : NULL;
	v->n = (uint32_t)n;
	if (n > IDLE_MAP_INDEX_MIN)
		return build_index(a, v);
	return 0;
}

int idle_val_map(idle_arena *a, idle_value *v, const idle_member *members, size_t n)
{
	idle_member *p = NULL;

	if (n) {
		p = idle_arena_alloc(a, n * sizeof(*p));
		if (!p)
			return -1;
		memcpy(p, members, n * sizeof(*p));
	}
	return idle_val_map_adopt(a, v, p, n);
}

long idle_map_find(const idle_value *map, const char *key, size_t klen)
{
	const idle_mapindex *ix;
	uint32_t i;
	int ascii;

	if (!map || map->kind != IDLE_MAP)
		return -1;
	ix = map->x;
	if (ix) {
		uint32_t h = idle_utf8_casehash(key, klen) & ix->mask;

		for (; ix->slots[h]; h = (h + 1) & ix->mask) {
			const idle_member *m = &map->u.members[ix->slots[h] - 1];

			if (idle_utf8_caseeq(m->key, m->klen, key, klen))
				return (long)ix->slots[h] - 1;
		}
		return -1;
	}
	/* an ASCII key equals (case-insensitively) only an ASCII key of its length */
	for (i = 0; i < klen; i++)
		if ((unsigned char)key[i] >= 0x80)
			break;
	ascii = i == klen;
	for (i = 0; i < map->n; i++) {
		const idle_member *m = &map->u.members[i];

		if (ascii && (m->kflags & IDLE_KEY_ASCII) && m->klen != klen)
			continue;
		if (idle_utf8_caseeq(m->key, m->klen, key, klen))
			return (long)i;
	}
	return -1;
}

const idle_value *idle_map_get(const idle_value *map, const char *key, size_t klen)
{
	long i = idle_map_find(map, key, klen);

	return i < 0 ? NULL : &map->u.members[i].val;
}

int idle_val_map_set(idle_arena *a, idle_value *out, const idle_value *map, const char *key,
                     size_t klen, const idle_value *val)
{
	uint32_t n = map && map->kind == IDLE_MAP ? map->n : 0;
	long at = n ? idle_map_find(map, key, klen) : -1;
	idle_member *m = idle_arena_alloc(a, (n + 1) * sizeof(*m));
	size_t count = n;

	if (!m)
		return -1;
	if (n)
		memcpy(m, map->u.members, n * sizeof(*m));
	if (at < 0) {
		memset(&m[n], 0, sizeof(*m));
		m[n].key = key;
		m[n].klen = (uint32_t)klen;
		m[n].kstart = m[n].kend = IDLE_NOSPAN;
		mark_ascii(&m[n]);
		at = n;
		count++;
	}
	m[at].val = *val;
	idle_val_init(out, IDLE_MAP);
	out->u.members = m;
	out->n = (uint32_t)count;
	if (map && map->kind == IDLE_MAP) {
		out->start = map->start;
		out->end = map->end;
	}
	return count > IDLE_MAP_INDEX_MIN ? build_index(a, out) : 0;
}

int idle_val_copy(idle_arena *a, idle_value *out, const idle_value *in)
{
	uint32_t i;

	*out = *in;
	out->start = out->end = IDLE_NOSPAN;
	switch (in->kind) {
	case IDLE_STRING:
	case IDLE_SCRIPTBLOCK:
		out->u.s = idle_arena_strndup(a, in->u.s, in->n);
		return out->u.s ? 0 : -1;
	case IDLE_NUMBER:
		if (in->x) {
			out->x = idle_arena_strndup(a, in->x, strlen(in->x));
			return out->x ? 0 : -1;
		}
		return 0;
	case IDLE_ARRAY: {
		idle_value *items = in->n ? idle_arena_alloc(a, in->n * sizeof(*items)) : NULL;

		if (in->n && !items)
			return -1;
		for (i = 0; i < in->n; i++)
			if (idle_val_copy(a, &items[i], &in->u.items[i]))
				return -1;
		out->u.items = items;
		return 0;
	}
	case IDLE_MAP: {
		idle_member *m = in->n ? idle_arena_alloc(a, in->n * sizeof(*m)) : NULL;

		if (in->n && !m)
			return -1;
		for (i = 0; i < in->n; i++) {
			m[i] = in->u.members[i];
			m[i].kstart = m[i].kend = IDLE_NOSPAN;
			m[i].key =
			    idle_arena_strndup(a, in->u.members[i].key, in->u.members[i].klen);
			if (!m[i].key || idle_val_copy(a, &m[i].val, &in->u.members[i].val))
				return -1;
		}
		out->u.members = m;
		out->x = NULL;
		return in->n > IDLE_MAP_INDEX_MIN ? build_index(a, out) : 0;
	}
	default:
		return 0;
	}
}

static void scalar_text(idle_buf *b, const idle_value *v)
{
	char num[IDLE_NUMFMT_MAX];

	switch (v->kind) {
	case IDLE_BOOL:
		idle_buf_adds(b, v->u.i ? "True" : "False");
		break;
	case IDLE_INT:
		idle_buf_printf(b, "%lld", (long long)v->u.i);
		break;
	case IDLE_NUMBER:
		if (v->x) {
			idle_buf_adds(b, v->x);
		} else {
			idle_fmt_double_ps(num, sizeof(num), v->u.d);
			idle_buf_adds(b, num);
		}
		break;
	case IDLE_STRING:
	case IDLE_SCRIPTBLOCK:
		idle_buf_add(b, v->u.s, v->n);
		break;
	case IDLE_ARRAY:
		idle_buf_adds(b, "System.Object[]");
		break;
	case IDLE_MAP:
		idle_buf_adds(b, "System.Collections.Hashtable");
		break;
	default:
		break;
	}
}

void idle_val_text(idle_buf *b, const idle_value *v)
{
	uint32_t i;

	if (!v || v->kind != IDLE_ARRAY) {
		if (v)
			scalar_text(b, v);
		return;
	}
	/* elements one level deep; null elements leave an empty slot */
	for (i = 0; i < v->n; i++) {
		if (i)
			idle_buf_addc(b, ' ');
		scalar_text(b, &v->u.items[i]);
	}
}

int idle_val_text_equal(const idle_value *a, const idle_value *b)
{
	idle_buf x = IDLE_BUF_INIT, y = IDLE_BUF_INIT;
	int eq;

	/* the common case without allocating: two strings */
	if (a && b && a->kind == IDLE_STRING && b->kind == IDLE_STRING)
		return idle_utf8_caseeq(a->u.s, a->n, b->u.s, b->n);
	idle_val_text(&x, a);
	idle_val_text(&y, b);
	idle_buf_addc(&x, 0);
	idle_buf_addc(&y, 0);
	eq = !x.failed && !y.failed && idle_utf8_caseeq(x.data, x.len - 1, y.data, y.len - 1);
	idle_buf_free(&x);
	idle_buf_free(&y);
	return eq;
}

const char *idle_val_describe(const idle_value *v)
{
	static const char *const names[] = {"null",        "a boolean",     "an integer",
	                                    "a number",    "a string",      "an array",
	                                    "a hashtable", "a script block"};

	return v && v->kind < sizeof(names) / sizeof(names[0]) ? names[v->kind] : "a value";
}

/* ------------------------------------------------------------------------ */
/* Public accessors                                                         */

const char *idle_value_describe(const idle_value *v)
{
	return idle_val_describe(v);
}

int idle_value_text_equal(const idle_value *a, const idle_value *b)
{
	return a && b && idle_val_text_equal(a, b);
}

idle_kind idle_value_kind(const idle_value *v)
{
	return v ? (idle_kind)v->kind : IDLE_NULL;
}

const char *idle_kind_name(idle_kind kind)
{
	static const char *const names[] = {"null",   "bool",  "int", "number",
	                                    "string", "array", "map", "scriptblock"};

	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

idle_numtype idle_value_numtype(const idle_value *v)
{
	return v ? (idle_numtype)v->ntype : IDLE_NT_NONE;
}

const char *idle_numtype_name(idle_numtype t)
{
	static const char *const names[] = {"",       "Int32",   "Int64",  "Int16",
	                                    "SByte",  "Byte",    "UInt16", "UInt32",
	                                    "UInt64", "Decimal", "Double", "BigInteger"};

	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "";
}

int idle_value_bool(const idle_value *v)
{
	return v && v->kind == IDLE_BOOL && v->u.i;
}

int64_t idle_value_int(const idle_value *v)
{
	return v && v->kind == IDLE_INT ? v->u.i : 0;
}

double idle_value_number(const idle_value *v)
{
	if (!v)
		return 0;
	if (v->kind == IDLE_INT)
		return (double)v->u.i;
	return v->kind == IDLE_NUMBER ? v->u.d : 0;
}

const char *idle_value_literal(const idle_value *v)
{
	return v && v->kind == IDLE_NUMBER ? v->x : NULL;
}

const char *idle_value_string(const idle_value *v, size_t *len)
{
	if (!v || (v->kind != IDLE_STRING && v->kind != IDLE_SCRIPTBLOCK))
		return NULL;
	if (len)
		*len = v->n;
	return v->u.s;
}

size_t idle_value_count(const idle_value *v)
{
	return v && (v->kind == IDLE_ARRAY || v->kind == IDLE_MAP) ? v->n : 0;
}

const idle_value *idle_value_at(const idle_value *v, size_t i)
{
	if (!v || i >= v->n)
		return NULL;
	if (v->kind == IDLE_ARRAY)
		return &v->u.items[i];
	if (v->kind == IDLE_MAP)
		return &v->u.members[i].val;
	return NULL;
}

const char *idle_value_key_at(const idle_value *v, size_t i, size_t *len)
{
	if (!v || v->kind != IDLE_MAP || i >= v->n)
		return NULL;
	if (len)
		*len = v->u.members[i].klen;
	return v->u.members[i].key;
}

const idle_value *idle_value_get(const idle_value *map, const char *key)
{
	return idle_map_get(map, key, strlen(key));
}
