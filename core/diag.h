/*
 * core/diag.h - building diagnostics inside the library. Every error site is
 * one call: idle_diags_add(list, sev, code, src, start, end, fmt, ...).
 */
#ifndef IDLE_CORE_DIAG_H
#define IDLE_CORE_DIAG_H

#include <idle/diag.h>

#include "core/source.h"

/* A span end for "no location": the diagnostic names only the file (or nothing). */
#define IDLE_NOLOC ((size_t)-1)

struct idle_diag {
	idle_severity sev;
	char *code;
	char *message;
	char *file;
	char *path;
	char *hint;
	unsigned line, col;
	idle_source *src; /* referenced, for the source line; NULL without location */
	size_t start, end;
	char *note; /* a related location: "'@{' opened here" */
	unsigned note_line, note_col;
	size_t note_start;
};

struct idle_diags {
	idle_diag **items;
	size_t n, cap;
	size_t errors;
	int oom; /* an entry could not be recorded */
};

/**
 * Appends a diagnostic. src may be NULL (no file); start == IDLE_NOLOC gives
 * a file-level diagnostic. Returns the entry so that a path, hint or note can
 * be attached, or NULL when out of memory (the setters accept NULL).
 */
idle_diag *idle_diags_add(idle_diags *ds, idle_severity sev, const char *code, idle_source *src,
                          size_t start, size_t end, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
idle_diag *idle_diags_vadd(idle_diags *ds, idle_severity sev, const char *code, idle_source *src,
                           size_t start, size_t end, const char *fmt, va_list ap);
/** Moves every entry of src to the end of dst (dst may be NULL: they are dropped). 0 or -1 on OOM. */
int idle_diags_move(idle_diags *dst, idle_diags *src);
void idle_diag_set_path(idle_diag *d, const char *path);
/* Masks anew the secrets of src in entries [from, n) about src (after more masks were recorded). */
void idle_diags__remask(idle_diags *ds, size_t from, idle_source *src);
void idle_diag_set_hint(idle_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void idle_diag_set_note(idle_diag *d, size_t start, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
