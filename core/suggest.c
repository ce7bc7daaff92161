/*
 * core/suggest.c - closest-candidate suggestions for typos.
 */
#include "core/suggest.h"

#include <stdio.h>

#include <string.h>

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

unsigned idle_edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	/* optimal string alignment: Levenshtein plus adjacent transpositions */
	unsigned d[65][65];
	size_t i, j;

	if (alen > 64 || blen > 64)
		return 255;
	for (i = 0; i <= alen; i++)
		d[i][0] = (unsigned)i;
	for (j = 0; j <= blen; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= alen; i++) {
		for (j = 1; j <= blen; j++) {
			unsigned cost = lower(a[i - 1]) != lower(b[j - 1]);
			unsigned best = d[i - 1][j - 1] + cost;

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
			    lower(a[i - 2]) == lower(b[j - 1]) && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[alen][blen] > 255 ? 255 : d[alen][blen];
}

const char *idle_suggest(const char *word, size_t len, const char *const *candidates)
{
	const char *best = NULL;
	unsigned best_d = 255;
	size_t i;

	if (!candidates)
		return NULL;
	for (i = 0; candidates[i]; i++) {
		size_t clen = strlen(candidates[i]);
		unsigned d = idle_edit_distance(word, len, candidates[i], clen);
		/* a typo: at most a third of the longer word, at least 1, at most 3 */
		unsigned limit = (unsigned)((clen > len ? clen : len) / 3);

		if (limit < 1)
			limit = 1;
		if (limit > 3)
			limit = 3;
		if (d <= limit && d < best_d) {
			best = candidates[i];
			best_d = d;
		}
	}
	return best;
}

const char *idle_join(const char *const *list, char *buf, size_t size)
{
	size_t i, o = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	for (i = 0; list && list[i] && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "", list[i]);
	return buf;
}
