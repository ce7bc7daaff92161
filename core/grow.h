/*
 * core/grow.h - the one way arrays grow inside the library.
 *
 *   if (IDLE_GROW(list->items, list->n + 1, list->cap, 16))
 *           return IDLE_ENOMEM;
 *
 * makes room for `need` elements in a malloc'ed array (capacity doubling from
 * `first`); on failure the array is left as it was.
 */
#ifndef IDLE_CORE_GROW_H
#define IDLE_CORE_GROW_H

#include <stddef.h>

/* 0, or -1 when out of memory. arrp points at the array pointer (any element type). */
int idle_grow(void *arrp, size_t need, size_t *cap, size_t size, size_t first);

#define IDLE_GROW(arr, need, cap, first) idle_grow(&(arr), (need), &(cap), sizeof(*(arr)), (first))

#endif
