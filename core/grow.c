/*
 * core/grow.c - growing arrays.
 */
#include "core/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int idle_grow(void *arrp, size_t need, size_t *cap, size_t size, size_t first)
{
	size_t c = *cap ? *cap : (first ? first : 1);
	void *old, *p;

	if (need <= *cap)
		return 0;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size)
			return -1;
		c *= 2;
	}
	memcpy(&old, arrp, sizeof(old)); /* the pointer, whatever its element type */
	p = realloc(old, c * size);
	if (!p)
		return -1;
	memcpy(arrp, &p, sizeof(p));
	*cap = c;
	return 0;
}
