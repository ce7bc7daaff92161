/*
 * core/arena.c - bump allocator with growing chunks, and a small process-wide
 * cache of freed chunks.
 *
 * Chunks grow from 4 KiB to 1 MiB. When an arena is freed its standard-size
 * chunks go into a cache (at most IDLE_ARENA_CACHE_MAX bytes in all) instead
 * of back to the system, so that parsing many documents in one process - a
 * whole repository of workflows, or a request, a providers file and a
 * workflow for one run - does not fault fresh pages in for every one.
 * idle_release_memory() empties the cache.
 */
#include "core/arena.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <idle/common.h>

#define ARENA_ALIGN          8u /* enough for every type idle stores (pointers, int64, double) */
#define ARENA_MIN_CHUNK      (4u * 1024u)
#define ARENA_MAX_CHUNK      (1024u * 1024u)
#define ARENA_CLASSES        9 /* 4 KiB << 0 .. 8 */
#define IDLE_ARENA_CACHE_MAX ((size_t)64 << 20)

struct idle_arena_chunk {
	idle_arena_chunk *next;
	size_t size;
	/* payload follows, aligned */
};

#define CHUNK_HEADER (((sizeof(idle_arena_chunk) + 15) / 16) * 16)

void idle_arena_init(idle_arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->cap = 0;
	a->total = 0;
}

#ifdef IDLE_DEBUG_POOL

/* Every allocation is a malloc of its own, so that ASan and valgrind see each one. */
static void *chunk_alloc(idle_arena *a, size_t size)
{
	idle_arena_chunk *c;

	if (size > SIZE_MAX - CHUNK_HEADER)
		return NULL;
	c = malloc(CHUNK_HEADER + (size ? size : 1));
	if (!c)
		return NULL;
	c->next = a->head;
	c->size = size;
	a->head = c;
	a->total += size;
	return (char *)c + CHUNK_HEADER;
}

void *idle_arena_alloc(idle_arena *a, size_t size)
{
	return chunk_alloc(a, size);
}

void *idle_arena_alloc_bytes(idle_arena *a, size_t size)
{
	return chunk_alloc(a, size);
}

void idle_arena_free(idle_arena *a)
{
	idle_arena_chunk *c = a->head;

	while (c) {
		idle_arena_chunk *next = c->next;

		free(c);
		c = next;
	}
	idle_arena_init(a);
}

void idle_release_memory(void)
{
}

#else

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static idle_arena_chunk *cache[ARENA_CLASSES];
static size_t cache_bytes;

static int size_class(size_t size)
{
	int k;

	for (k = 0; k < ARENA_CLASSES; k++)
		if (size == (size_t)ARENA_MIN_CHUNK << k)
			return k;
	return -1;
}

static idle_arena_chunk *new_chunk(size_t size)
{
	int k = size_class(size);
	idle_arena_chunk *c = NULL;

	if (k >= 0) {
		pthread_mutex_lock(&cache_lock);
		c = cache[k];
		if (c) {
			cache[k] = c->next;
			cache_bytes -= size;
		}
		pthread_mutex_unlock(&cache_lock);
	}
	if (!c) {
		c = malloc(CHUNK_HEADER + size);
		if (!c)
			return NULL;
	}
	c->size = size;
	return c;
}

void idle_arena_free(idle_arena *a)
{
	idle_arena_chunk *c = a->head;

	while (c) {
		idle_arena_chunk *next = c->next;
		int k = size_class(c->size);

		pthread_mutex_lock(&cache_lock);
		if (k >= 0 && cache_bytes + c->size <= IDLE_ARENA_CACHE_MAX) {
			c->next = cache[k];
			cache[k] = c;
			cache_bytes += c->size;
			c = NULL;
		}
		pthread_mutex_unlock(&cache_lock);
		free(c);
		c = next;
	}
	idle_arena_init(a);
}

void idle_release_memory(void)
{
	int k;

	pthread_mutex_lock(&cache_lock);
	for (k = 0; k < ARENA_CLASSES; k++) {
		while (cache[k]) {
			idle_arena_chunk *c = cache[k];

			cache[k] = c->next;
			free(c);
		}
	}
	cache_bytes = 0;
	pthread_mutex_unlock(&cache_lock);
}

/* A fresh chunk able to hold need bytes; the current one stays in the list. */
static void *grow(idle_arena *a, size_t need)
{
	idle_arena_chunk *c;
	size_t chunk;

	if (need > ARENA_MAX_CHUNK / 4) {
		/* A large request gets a chunk of its own; the current one keeps filling. */
		c = malloc(CHUNK_HEADER + need);
		if (!c)
			return NULL;
		c->size = need;
		if (a->head) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = NULL;
			a->head = c;
			a->cap = need;
			a->used = need;
		}
		a->total += need;
		return (char *)c + CHUNK_HEADER;
	}
	/* Each chunk doubles the previous one, up to a ceiling. */
	chunk = a->cap ? a->cap * 2 : ARENA_MIN_CHUNK;
	if (chunk > ARENA_MAX_CHUNK)
		chunk = ARENA_MAX_CHUNK;
	while (chunk < need)
		chunk *= 2;
	c = new_chunk(chunk);
	if (!c)
		return NULL;
	c->next = a->head;
	a->head = c;
	a->cap = chunk;
	a->used = need;
	a->total += chunk;
	return (char *)c + CHUNK_HEADER;
}

void *idle_arena_alloc(idle_arena *a, size_t size)
{
	size_t off = (a->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

	if (size > SIZE_MAX / 2)
		return NULL;
	if (!size)
		size = 1;
	if (a->head && off <= a->cap && a->cap - off >= size) {
		a->used = off + size;
		return (char *)a->head + CHUNK_HEADER + off;
	}
	return grow(a, (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1));
}

void *idle_arena_alloc_bytes(idle_arena *a, size_t size)
{
	if (size > SIZE_MAX / 2)
		return NULL;
	if (!size)
		size = 1;
	if (a->head && a->cap - a->used >= size) {
		void *p = (char *)a->head + CHUNK_HEADER + a->used;

		a->used += size;
		return p;
	}
	return grow(a, size);
}

#endif

void *idle_arena_calloc(idle_arena *a, size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = idle_arena_alloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

char *idle_arena_strndup(idle_arena *a, const char *s, size_t len)
{
	char *p = idle_arena_alloc_bytes(a, len + 1);

	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
