/*
 * providers/common/bytes.c - a growing byte buffer that wipes what it drops.
 */
#include "providers/common/bytes.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int idle_bytes_add(idle_bytes *b, const void *p, size_t n)
{
	if (b->failed)
		return -1;
	if (n >= b->cap - b->len) { /* also when empty: cap 0 */
		size_t cap = b->len + n < 128 ? 256 : 2 * (b->len + n + 1);
		char *q = n > SIZE_MAX / 4 - b->len ? NULL : malloc(cap);

		if (!q) {
			b->failed = 1;
			return -1;
		}
		if (b->len)
			memcpy(q, b->p, b->len);
		if (b->p)
			explicit_bzero(b->p, b->cap);
		free(b->p);
		b->p = q;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int idle_bytes_adds(idle_bytes *b, const char *s)
{
	return idle_bytes_add(b, s, strlen(s));
}

int idle_bytes_printf(idle_bytes *b, const char *fmt, ...)
{
	char small[256], *big = NULL;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return b->failed = 1, -1;
	if ((size_t)n < sizeof(small))
		return idle_bytes_add(b, small, (size_t)n);
	if (!(big = malloc((size_t)n + 1)))
		return b->failed = 1, -1;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = idle_bytes_add(b, big, (size_t)n);
	explicit_bzero(big, (size_t)n);
	free(big);
	return rc;
}

void idle_bytes_clear(idle_bytes *b)
{
	if (b->p)
		explicit_bzero(b->p, b->len);
	b->len = 0;
	b->failed = 0;
	if (b->p)
		b->p[0] = '\0';
}

void idle_bytes_wipe(idle_bytes *b)
{
	if (b->p)
		explicit_bzero(b->p, b->cap);
	free(b->p);
	memset(b, 0, sizeof(*b));
}

char *idle_bytes_take(idle_bytes *b, size_t *len)
{
	char *p = b->failed ? NULL : b->p ? b->p : strdup("");

	if (len)
		*len = p ? b->len : 0;
	if (b->failed)
		idle_bytes_wipe(b);
	else
		memset(b, 0, sizeof(*b));
	return p;
}
