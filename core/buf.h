/*
 * core/buf.h - a growable byte buffer, always NUL-terminated, with a hard
 * size cap (like curl's dynbuf). On any failure the buffer is freed and
 * further appends fail too, so callers may check once at the end.
 */
#ifndef IDLE_CORE_BUF_H
#define IDLE_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct idle_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* hard cap on len */
	int failed; /* an append failed: out of memory or over the cap */
} idle_buf;

#define IDLE_BUF_DEFAULT_MAX ((size_t)1 << 31)
#define IDLE_BUF_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0, IDLE_BUF_DEFAULT_MAX, 0                                                \
	}

void idle_buf_init(idle_buf *b, size_t max);
void idle_buf_free(idle_buf *b);
/** Empties the buffer, keeping its memory. */
void idle_buf_reset(idle_buf *b);
/** 0, or -1 when out of memory / over the cap (the buffer is then freed). */
int idle_buf_add(idle_buf *b, const void *data, size_t len);
int idle_buf_addc(idle_buf *b, char c);
int idle_buf_adds(idle_buf *b, const char *s);
int idle_buf_printf(idle_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int idle_buf_vprintf(idle_buf *b, const char *fmt, va_list ap);
/** Hands the NUL-terminated data to the caller (free()) and resets the buffer; NULL on failure. */
char *idle_buf_detach(idle_buf *b, size_t *len);

#endif
