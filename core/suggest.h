/*
 * core/suggest.h - "did you mean ...?": the closest candidate to a word.
 */
#ifndef IDLE_CORE_SUGGEST_H
#define IDLE_CORE_SUGGEST_H

#include <stddef.h>

/*
 * The candidate closest to word (case-insensitive edit distance), or NULL
 * when none is close enough to be a likely typo. candidates is
 * NULL-terminated; exact case-insensitive matches count as close.
 */
const char *idle_suggest(const char *word, size_t len, const char *const *candidates);

/* Case-insensitive (ASCII) edit distance with transpositions (OSA), capped at 255. */
unsigned idle_edit_distance(const char *a, size_t alen, const char *b, size_t blen);

/* list (NULL-terminated; may be NULL) as "a, b, c" in buf, cut at size. Returns buf. */
const char *idle_join(const char *const *list, char *buf, size_t size);

#endif
