/*
 * core/buf.c - growable, capped byte buffer.
 */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void idle_buf_init(idle_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : IDLE_BUF_DEFAULT_MAX;
	b->failed = 0;
}

void idle_buf_free(idle_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void idle_buf_reset(idle_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static int buf_fail(idle_buf *b)
{
	idle_buf_free(b);
	b->failed = 1;
	return -1;
}

static int buf_grow(idle_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->failed)
		return -1;
	if (extra > b->max - b->len)
		return buf_fail(b);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (!p)
		return buf_fail(b);
	b->data = p;
	b->cap = cap;
	return 0;
}

int idle_buf_add(idle_buf *b, const void *data, size_t len)
{
	if (buf_grow(b, len))
		return -1;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int idle_buf_addc(idle_buf *b, char c)
{
	return idle_buf_add(b, &c, 1);
}

int idle_buf_adds(idle_buf *b, const char *s)
{
	return idle_buf_add(b, s, strlen(s));
}

int idle_buf_vprintf(idle_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || buf_grow(b, (size_t)n))
		return n < 0 ? buf_fail(b) : -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int idle_buf_printf(idle_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = idle_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

char *idle_buf_detach(idle_buf *b, size_t *len)
{
	char *p;

	if (b->failed)
		return NULL;
	if (!b->data && buf_grow(b, 0))
		return NULL;
	p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}
