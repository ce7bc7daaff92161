/*
 * core/arena.h - a bump allocator: many small allocations freed all at once.
 *
 * One arena per document. With IDLE_DEBUG_POOL every allocation is a separate
 * malloc (tracked in a list) so that ASan and valgrind see each one. Freed
 * chunks are kept for reuse up to a bound (see arena.c; idle_release_memory()).
 */
#ifndef IDLE_CORE_ARENA_H
#define IDLE_CORE_ARENA_H

#include <stddef.h>

typedef struct idle_arena_chunk idle_arena_chunk;

typedef struct idle_arena {
	idle_arena_chunk *head; /* current chunk (newest first) */
	size_t used;            /* bytes used in head */
	size_t cap;             /* usable bytes in head */
	size_t total;           /* bytes allocated from the system, for statistics */
} idle_arena;

#define IDLE_ARENA_INIT                                                                            \
	{                                                                                          \
		NULL, 0, 0, 0                                                                      \
	}

void idle_arena_init(idle_arena *a);
/** Frees every allocation; the arena may be reused afterwards. */
void idle_arena_free(idle_arena *a);

/** size bytes aligned for pointers, int64 and double; NULL when out of memory. Not zeroed. */
void *idle_arena_alloc(idle_arena *a, size_t size);
/** size bytes without alignment (for strings). */
void *idle_arena_alloc_bytes(idle_arena *a, size_t size);
/** The same, zeroed. */
void *idle_arena_calloc(idle_arena *a, size_t n, size_t size);
/** A NUL-terminated copy of len bytes of s; NULL when out of memory. */
char *idle_arena_strndup(idle_arena *a, const char *s, size_t len);

#endif
