/*
 * core/value.c - value constructors, map index and the public accessors.
 */
#include "core/value.h"

#include <string.h>

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

int idle_val_map(idle_arena *a, idle_value *v, const idle_member *members, size_t n)
{
	idle_member *p = NULL;

	if (n) {
		p = idle_arena_alloc(a, n * sizeof(*p));
		if (!p)
			return -1;
		memcpy(p, members, n * sizeof(*p));
	}
	idle_val_init(v, IDLE_MAP);
	v->u.members = p;
	v->n = (uint32_t)n;
	if (n > IDLE_MAP_INDEX_MIN)
		return build_index(a, v);
	return 0;
}

long idle_map_find(const idle_value *map, const char *key, size_t klen)
{
	const idle_mapindex *ix;
	uint32_t i;

	if (!map || map->kind != IDLE_MAP)
		return -1;
	ix = map->x;
	if (ix) {
		uint32_t h = idle_utf8_casehash(key, klen) & ix->mask;

		for (; ix->slots[h]; h = (h + 1) & ix->mask) {
			const idle_member *m = &map->u.members[ix->slots[h] - 1];

			if (!idle_utf8_casecmp(m->key, m->klen, key, klen))
				return (long)ix->slots[h] - 1;
		}
		return -1;
	}
	for (i = 0; i < map->n; i++) {
		const idle_member *m = &map->u.members[i];

		if (!idle_utf8_casecmp(m->key, m->klen, key, klen))
			return (long)i;
	}
	return -1;
}

const idle_value *idle_map_get(const idle_value *map, const char *key, size_t klen)
{
	long i = idle_map_find(map, key, klen);

	return i < 0 ? NULL : &map->u.members[i].val;
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
