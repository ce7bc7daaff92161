/*
 * core/path.h - data paths for diagnostics: "Steps[2].With.Provider".
 *
 * A stack of segments (map keys and array indexes) kept while walking a
 * value tree; formatted only when a diagnostic needs it. Keys are borrowed.
 */
#ifndef IDLE_CORE_PATH_H
#define IDLE_CORE_PATH_H

#include <stddef.h>
#include <stdint.h>

typedef struct idle_path_seg {
	const char *key; /* NULL for an index */
	uint32_t klen;
	uint32_t index;
} idle_path_seg;

typedef struct idle_path {
	idle_path_seg *segs;
	size_t n, cap;
} idle_path;

#define IDLE_PATH_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* 0, or -1 when out of memory. */
int idle_path_push_key(idle_path *p, const char *key, size_t klen);
int idle_path_push_index(idle_path *p, size_t index);
void idle_path_pop(idle_path *p);
void idle_path_free(idle_path *p);

/*
 * The path as text (malloc'ed; NULL at the root or when out of memory).
 * Keys that are not plain identifiers are written ['like this']; very long
 * paths keep their beginning and end around "...".
 */
char *idle_path_format(const idle_path *p);

#endif
