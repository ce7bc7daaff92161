/*
 * core/source.c - source texts and their line maps.
 */
#include "core/source.h"

#include "core/grow.h"

#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

idle_source *idle_source_new(const char *name, char *text, size_t len)
{
	idle_source *s = calloc(1, sizeof(*s));

	if (!s || !(s->name = strdup(name ? name : ""))) {
		free(s);
		free(text);
		return NULL;
	}
	s->refs = 1;
	s->text = text;
	s->len = len;
	return s;
}

idle_source *idle_source_ref(idle_source *src)
{
	if (src)
		src->refs++;
	return src;
}

void idle_source_unref(idle_source *src)
{
	if (!src || --src->refs > 0)
		return;
	free(src->name);
	free(src->text);
	free(src->lines);
	free(src->masks);
	free(src);
}

static int build_lines(idle_source *s)
{
	size_t cap = 0, n = 0, i;
	uint32_t *lines = NULL;

	if (IDLE_GROW(lines, 1, cap, 64))
		return -1;
	lines[n++] = 0;
	for (i = 0; i < s->len; i++) {
		char c = s->text[i];

		if (c != '\n' && c != '\r')
			continue;
		if (c == '\r' && i + 1 < s->len && s->text[i + 1] == '\n')
			i++;
		if (IDLE_GROW(lines, n + 1, cap, 64)) {
			free(lines);
			return -1;
		}
		lines[n++] = (uint32_t)(i + 1);
	}
	s->lines = lines;
	s->nlines = n;
	return 0;
}

void idle_source_locate(idle_source *src, size_t off, unsigned *line, unsigned *col)
{
	size_t lo = 0, hi;

	if (off > src->len)
		off = src->len;
	if (!src->lines && build_lines(src)) {
		*line = 0;
		*col = 0;
		return;
	}
	hi = src->nlines;
	while (hi - lo > 1) { /* last line start <= off */
		size_t mid = (lo + hi) / 2;

		if (src->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (unsigned)(lo + 1);
	*col = (unsigned)(idle_utf8_count(src->text + src->lines[lo], off - src->lines[lo]) + 1);
}

const char *idle_source_line(idle_source *src, unsigned line, size_t *len)
{
	size_t start, end;

	if (!src->lines && build_lines(src))
		return NULL;
	if (line == 0 || line > src->nlines)
		return NULL;
	start = src->lines[line - 1];
	end = start;
	while (end < src->len && src->text[end] != '\n' && src->text[end] != '\r')
		end++;
	*len = end - start;
	return src->text + start;
}
