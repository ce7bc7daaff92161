/*
 * engine/builder.c - building values (maps and lists) for steps, providers
 * and hosts, and idle_store: memory for values that lives until freed.
 */
#include "engine/builder.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/utf8.h"
#include "core/value.h"

struct idle_builder {
	idle_bhome *home;
	idle_builder *next; /* the home's unfinished builders */
	idle_builder **prev;
	idle_member *m;
	idle_value *items;
	size_t n, cap;
	uint32_t *slots; /* a map of many keys: member index + 1 by key hash (0: free) */
	size_t nslots;
	int list;
	const idle_value *out; /* once done */
};

static void unlink_builder(idle_builder *b)
{
	if (!b->prev)
		return;
	*b->prev = b->next;
	if (b->next)
		b->next->prev = b->prev;
	b->prev = NULL;
	b->next = NULL;
	free(b->m);
	free(b->items);
	free(b->slots);
	b->m = NULL;
	b->items = NULL;
	b->slots = NULL;
}

void idle_bhome__free(idle_bhome *home)
{
	while (home->open)
		unlink_builder(home->open);
}

idle_builder *idle_builder__new(idle_bhome *home, int list)
{
	idle_builder *b = idle_arena_calloc(home->arena, 1, sizeof(*b));

	if (!b) {
		*home->oom = 1;
		return NULL;
	}
	b->home = home;
	b->list = list;
	b->next = home->open;
	if (b->next)
		b->next->prev = &b->next;
	b->prev = &home->open;
	home->open = b;
	return b;
}

static const char *keep_key(idle_bhome *h, const char *key)
{
	return h->intern ? h->intern(h->intern_ud, key)
	                 : idle_arena_strndup(h->arena, key, strlen(key));
}

#define LINEAR_KEYS 16 /* up to this many keys a map's builder compares them one by one */

/* The slot of key in b's hash set: its member's, or the free one where it would go. */
static uint32_t *slot_of(idle_builder *b, const char *key)
{
	size_t h = idle_utf8_casehash(key, strlen(key)) & (b->nslots - 1);

	while (b->slots[h] &&
	       !idle_utf8_caseeqz(b->m[b->slots[h] - 1].key, b->m[b->slots[h] - 1].klen, key))
		h = (h + 1) & (b->nslots - 1);
	return &b->slots[h];
}

/* Grows the hash set to hold twice the members (0, or -1 when out of memory). */
static int rehash(idle_builder *b)
{
	size_t n = b->nslots ? b->nslots * 2 : 64, i;
	uint32_t *old = b->slots;

	b->slots = calloc(n, sizeof(*b->slots));
	if (!b->slots) {
		b->slots = old;
		return -1;
	}
	free(old);
	b->nslots = n;
	for (i = 0; i < b->n; i++)
		*slot_of(b, b->m[i].key) = (uint32_t)i + 1;
	return 0;
}

/* The member of key already in map builder b, or NULL. */
static idle_member *member_of(idle_builder *b, const char *key)
{
	size_t i;
	uint32_t *slot;

	if (!b->slots) {
		for (i = 0; i < b->n; i++)
			if (idle_utf8_caseeqz(b->m[i].key, b->m[i].klen, key))
				return &b->m[i];
		return NULL;
	}
	slot = slot_of(b, key);
	return *slot ? &b->m[*slot - 1] : NULL;
}

static void add(idle_builder *b, const char *key, const idle_value *v)
{
	idle_member *had;

	if (!b || b->out)
		return;
	if (!b->list && (had = member_of(b, key))) {
		had->val = *v; /* a key set again replaces its value */
		return;
	}
	if (b->list ? IDLE_GROW(b->items, b->n + 1, b->cap, 8)
	            : IDLE_GROW(b->m, b->n + 1, b->cap, 8))
		goto oom;
	if (b->list) {
		b->items[b->n++] = *v;
		return;
	}
	key = keep_key(b->home, key);
	if (!key)
		goto oom;
	idle_member_init(&b->m[b->n++], key, v);
	if ((b->n > LINEAR_KEYS && !b->slots) || (b->slots && 2 * b->n > b->nslots)) {
		if (rehash(b))
			goto oom;
	} else if (b->slots) {
		*slot_of(b, key) = (uint32_t)b->n;
	}
	return;
oom:
	*b->home->oom = 1;
}

void idle_build_str(idle_builder *b, const char *key, const char *s)
{
	idle_value v;

	if (!b)
		return;
	if (!s)
		idle_val_init(&v, IDLE_NULL);
	else if (idle_val_string(b->home->arena, &v, s, strlen(s)))
		*b->home->oom = 1;
	add(b, key, &v);
}

void idle_build_int(idle_builder *b, const char *key, int64_t i)
{
	idle_value v;

	idle_val_int(&v, i);
	add(b, key, &v);
}

void idle_build_number(idle_builder *b, const char *key, double d)
{
	idle_value v;

	idle_val_double(&v, d);
	add(b, key, &v);
}

void idle_build_bool(idle_builder *b, const char *key, int val)
{
	idle_value v;

	idle_val_bool(&v, val);
	add(b, key, &v);
}

void idle_build_value(idle_builder *b, const char *key, const idle_value *val)
{
	idle_value v;

	if (val)
		v = *val;
	else
		idle_val_init(&v, IDLE_NULL);
	add(b, key, &v);
}

const idle_value *idle_build_done(idle_builder *b)
{
	idle_arena *a;
	idle_value *out;
	int rc;

	if (!b)
		return NULL;
	if (b->out)
		return b->out; /* done already */
	a = b->home->arena;
	out = idle_arena_alloc(a, sizeof(*out));
	if (!out) {
		*b->home->oom = 1;
		return NULL;
	}
	rc = b->list ? idle_val_array(a, out, b->items, b->n) : idle_val_map(a, out, b->m, b->n);
	if (rc) {
		*b->home->oom = 1;
		idle_val_init(out, b->list ? IDLE_ARRAY : IDLE_MAP);
	}
	unlink_builder(b);
	b->out = out;
	return out;
}

/* ---- stores ---------------------------------------------------------------------------- */

struct idle_store {
	idle_arena arena;
	int oom;
	idle_bhome home;
};

idle_store *idle_store_new(void)
{
	idle_store *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	idle_arena_init(&s->arena);
	s->home.arena = &s->arena;
	s->home.oom = &s->oom;
	return s;
}

void idle_store_free(idle_store *s)
{
	if (!s)
		return;
	idle_bhome__free(&s->home);
	idle_arena_free(&s->arena);
	free(s);
}

const char *idle_store_strdup(idle_store *s, const char *str)
{
	return s && str ? idle_arena_strndup(&s->arena, str, strlen(str)) : NULL;
}

const idle_value *idle_store_copy(idle_store *s, const idle_value *v)
{
	idle_value *out;

	if (!s || !v || !(out = idle_arena_alloc(&s->arena, sizeof(*out))))
		return NULL;
	return idle_val_copy(&s->arena, out, v) ? NULL : out;
}

idle_builder *idle_store_builder(idle_store *s, int list)
{
	return s ? idle_builder__new(&s->home, list) : NULL;
}

int idle_text_caseeq(const char *a, const char *b)
{
	return a && b && idle_utf8_caseeqz(a, strlen(a), b);
}

void idle_text_trim(const char **s, size_t *n)
{
	size_t b = 0, e = *n;

	idle_utf8_trim(*s, &b, &e);
	*s += b;
	*n = e - b;
}

int idle_value_blank(const idle_value *v)
{
	return idle_val_blank(v);
}
