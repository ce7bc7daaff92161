/*
 * providers/common/bytes.h - a growing byte buffer for providers (responses,
 * decoded streams, request bodies). It may hold secrets: what it drops when it
 * grows, and what it holds when freed, is wiped first.
 */
#ifndef IDLE_PROVIDERS_COMMON_BYTES_H
#define IDLE_PROVIDERS_COMMON_BYTES_H

#include <stdarg.h>
#include <stddef.h>

typedef struct idle_bytes {
	char *p;    /* len bytes and a NUL (NULL while empty) */
	size_t len; /* bytes held */
	size_t cap; /* bytes allocated */
	int failed; /* an append ran out of memory: the content is incomplete */
} idle_bytes;

#define IDLE_BYTES_INIT                                                                            \
	{                                                                                          \
		NULL, 0, 0, 0                                                                      \
	}

/* Appends n bytes (keeps a NUL after them): 0, or -1 when out of memory (failed set). */
int idle_bytes_add(idle_bytes *b, const void *p, size_t n);
/* Appends a NUL-terminated string. */
int idle_bytes_adds(idle_bytes *b, const char *s);
/* Appends formatted text. */
int idle_bytes_printf(idle_bytes *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Drops the content (kept allocated, wiped). */
void idle_bytes_clear(idle_bytes *b);
/* Wipes and frees; b is empty again. */
void idle_bytes_wipe(idle_bytes *b);
/* Takes the content (malloc'ed, NUL-terminated; "" when empty; NULL when out of memory). */
char *idle_bytes_take(idle_bytes *b, size_t *len);

#endif
