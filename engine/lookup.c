/*
 * engine/lookup.c - data path resolution (Get-IdleValueByPath,
 * Test-IdlePathExists).
 */
#include "engine/lookup.h"

#include <string.h>

/* Splits off the segment at *pos; returns its length (0 for an empty one). */
static size_t next_segment(const char *path, size_t len, size_t *pos, const char **seg)
{
	const char *dot;
	size_t n;

	*seg = path + *pos;
	dot = memchr(*seg, '.', len - *pos);
	n = dot ? (size_t)(dot - *seg) : len - *pos;
	*pos += n + (dot ? 1 : 0);
	return n;
}

static int has_empty_segment(const char *path, size_t len)
{
	size_t i;

	if (!len || path[0] == '.' || path[len - 1] == '.')
		return 1;
	for (i = 1; i < len; i++)
		if (path[i] == '.' && path[i - 1] == '.')
			return 1;
	return 0;
}

/* One step of Get-IdlePropertyValue: a key of a map, or member-access enumeration. */
static int step(const idle_scope *s, const idle_value *cur, const char *seg, size_t n,
                const idle_value **out)
{
	const idle_value *first;
	idle_value *items;
	uint32_t i, k = 0;

	*out = NULL;
	if (cur->kind == IDLE_MAP) {
		*out = idle_map_get(cur, seg, n);
		return 0;
	}
	if (cur->kind != IDLE_ARRAY || !cur->n)
		return 0;
	/* the first element decides whether the member exists at all */
	first = &cur->u.items[0];
	if (first->kind != IDLE_MAP || !idle_map_get(first, seg, n))
		return 0;
	items = idle_arena_alloc(s->arena, cur->n * sizeof(*items));
	if (!items)
		return -1;
	for (i = 0; i < cur->n; i++) {
		const idle_value *e = &cur->u.items[i], *m;

		if (e->kind == IDLE_NULL)
			continue; /* null elements are skipped */
		m = e->kind == IDLE_MAP ? idle_map_get(e, seg, n) : NULL;
		if (m)
			items[k] = *m;
		else
			idle_val_init(&items[k], IDLE_NULL);
		k++;
	}
	{
		idle_value *list = idle_arena_alloc(s->arena, sizeof(*list));

		if (!list)
			return -1;
		idle_val_init(list, IDLE_ARRAY);
		list->u.items = items;
		list->n = k;
		*out = list;
	}
	return 0;
}

int idle_lookup(const idle_scope *s, const char *path, size_t len, const idle_value **out)
{
	const idle_value *cur;
	const char *seg;
	size_t pos = 0, n;

	*out = NULL;
	if (has_empty_segment(path, len))
		return IDLE_LOOKUP_EMPTY_SEGMENT;
	n = next_segment(path, len, &pos, &seg);
	cur = s->root(s->ud, seg, n);
	while (cur && cur->kind != IDLE_NULL && pos < len) {
		n = next_segment(path, len, &pos, &seg);
		if (step(s, cur, seg, n, &cur) < 0)
			return -1;
	}
	*out = cur && cur->kind != IDLE_NULL ? cur : NULL;
	if (cur && pos < len)
		*out = NULL; /* a null part-way */
	return 0;
}

int idle_lookup_exists(const idle_scope *s, const char *path, size_t len)
{
	const idle_value *cur;
	const char *seg;
	size_t pos = 0, n;

	if (has_empty_segment(path, len))
		return 0;
	n = next_segment(path, len, &pos, &seg);
	cur = s->root(s->ud, seg, n);
	while (cur && pos < len) {
		n = next_segment(path, len, &pos, &seg);
		cur = cur->kind == IDLE_MAP ? idle_map_get(cur, seg, n) : NULL;
	}
	return cur != NULL;
}
