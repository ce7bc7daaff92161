/*
 * engine/redact.c - Copy-IdleRedactedObject over value trees.
 */
#include "engine/redact.h"

#include <string.h>

#include "core/secret.h"
#include "core/utf8.h"

int idle_redact_key(const char *key, size_t len)
{
	return idle_secret_key(key, len);
}

static void marker(idle_value *v, const idle_value *at)
{
	idle_val_string_ref(v, IDLE_REDACTED, sizeof(IDLE_REDACTED) - 1);
	v->start = at->start;
	v->end = at->end;
}

int idle_redact(idle_arena *a, const idle_value *in, idle_value *out, size_t *count)
{
	size_t local = 0;
	size_t *n = count ? count : &local;
	uint32_t i;

	*out = *in;
	switch (in->kind) {
	case IDLE_SCRIPTBLOCK:
		marker(out, in);
		(*n)++;
		return 0;
	case IDLE_ARRAY: {
		idle_value *items = NULL;

		for (i = 0; i < in->n; i++) {
			idle_value r;
			size_t c = *n;

			if (idle_redact(a, &in->u.items[i], &r, n))
				return -1;
			if (*n != c && !items) {
				items = idle_arena_alloc(a, in->n * sizeof(*items));
				if (!items)
					return -1;
				memcpy(items, in->u.items, in->n * sizeof(*items));
			}
			if (items)
				items[i] = r;
		}
		if (items)
			out->u.items = items;
		return 0;
	}
	case IDLE_MAP: {
		idle_member *m = NULL;

		for (i = 0; i < in->n; i++) {
			const idle_member *e = &in->u.members[i];
			idle_value r;
			size_t c = *n;

			if (idle_redact_key(e->key, e->klen)) {
				marker(&r, &e->val);
				(*n)++;
			} else if (idle_redact(a, &e->val, &r, n)) {
				return -1;
			}
			if (*n != c && !m) {
				m = idle_arena_alloc(a, in->n * sizeof(*m));
				if (!m)
					return -1;
				memcpy(m, in->u.members, in->n * sizeof(*m));
			}
			if (m)
				m[i].val = r;
		}
		if (m)
			out->u.members = m;
		return 0;
	}
	default:
		return 0;
	}
}
