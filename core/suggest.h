/*
 * core/suggest.h - "did you mean ...?": the closest candidate to a word.
 */
#ifndef IDLE_CORE_SUGGEST_H
#define IDLE_CORE_SUGGEST_H

#include <stddef.h>

#include <idle/diag.h> /* idle_suggest: exact case-insensitive matches count as close */

/* Case-insensitive (ASCII) edit distance with transpositions (OSA), capped at 255. */
unsigned idle_edit_distance(const char *a, size_t alen, const char *b, size_t blen);

/* list (NULL-terminated; may be NULL) as "a, b, c" in buf, cut at size. Returns buf. */
const char *idle_join(const char *const *list, char *buf, size_t size);

#endif
