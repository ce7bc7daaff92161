/*
 * core/source.h - a source text (decoded to UTF-8) with its file name and a
 * line map, shared by a document and the diagnostics that point into it.
 *
 * Reference-counted: whoever keeps a pointer holds a reference. Offsets are
 * byte offsets into the decoded text. Line breaks are LF, CRLF and lone CR
 * (as in PowerShell); columns count code points, starting at 1.
 */
#ifndef IDLE_CORE_SOURCE_H
#define IDLE_CORE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

typedef struct idle_source {
	int refs;
	char *name; /* file name for diagnostics */
	char *text; /* NUL-terminated (may also contain NULs) */
	size_t len;
	uint32_t *lines; /* start offset of each line, computed on first use */
	size_t nlines;
	struct idle_span {
		size_t start, end;
	} * masks; /* bytes [start, end) that hold a secret (core/secret.h) */
	size_t nmasks, capmasks;
} idle_source;

/** Takes ownership of text (malloc'ed, NUL-terminated at len); copies name. NULL on OOM (text freed). */
idle_source *idle_source_new(const char *name, char *text, size_t len);
idle_source *idle_source_ref(idle_source *src);
void idle_source_unref(idle_source *src);

/** 1-based line and column of a byte offset (clamped to the text). */
void idle_source_locate(idle_source *src, size_t off, unsigned *line, unsigned *col);
/** The text of a 1-based line without its line break; NULL if out of range. */
const char *idle_source_line(idle_source *src, unsigned line, size_t *len);

#endif
