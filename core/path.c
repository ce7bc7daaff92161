/*
 * core/path.c - data paths for diagnostics.
 */
#include "core/grow.h"
#include "core/path.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define PATH_SHOW_MAX 160 /* longer paths are shortened in the middle */

static int push(idle_path *p, const char *key, size_t klen, size_t index)
{
	if (IDLE_GROW(p->segs, p->n + 1, p->cap, 16))
		return -1;
	p->segs[p->n].key = key;
	p->segs[p->n].klen = (uint32_t)klen;
	p->segs[p->n].index = (uint32_t)index;
	p->n++;
	return 0;
}

int idle_path_push_key(idle_path *p, const char *key, size_t klen)
{
	return push(p, key ? key : "", key ? klen : 0, 0);
}

int idle_path_push_index(idle_path *p, size_t index)
{
	return push(p, NULL, 0, index);
}

void idle_path_pop(idle_path *p)
{
	if (p->n)
		p->n--;
}

void idle_path_free(idle_path *p)
{
	free(p->segs);
	p->segs = NULL;
	p->n = p->cap = 0;
}

static int plain_key(const char *k, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)k[i];

		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

char *idle_path_format(const idle_path *p)
{
	idle_buf b = IDLE_BUF_INIT;
	size_t i;
	char *s;

	if (!p->n)
		return NULL;
	for (i = 0; i < p->n; i++) {
		const idle_path_seg *g = &p->segs[i];

		if (!g->key)
			idle_buf_printf(&b, "[%u]", g->index);
		else if (!plain_key(g->key, g->klen))
			idle_buf_printf(&b, "['%.*s']", (int)g->klen, g->key);
		else
			idle_buf_printf(&b, "%s%.*s", i ? "." : "", (int)g->klen, g->key);
	}
	s = idle_buf_detach(&b, NULL);
	if (s && strlen(s) > PATH_SHOW_MAX) {
		size_t n = strlen(s), head = PATH_SHOW_MAX / 2 - 10, tail = PATH_SHOW_MAX / 2;

		memmove(s + head + 3, s + n - tail, tail + 1);
		memcpy(s + head, "...", 3);
	}
	return s;
}
