/*
 * engine/retry.c - back-off delays with deterministic jitter.
 */
#include "engine/retry.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sha256.h"

long idle_retry_delay_ms(const idle_retry *r, const char *seed, int attempt)
{
	double base = rint((double)r->initial_delay_ms * pow(r->backoff, attempt - 1));
	double jitter = 0, delay;

	if (base > r->max_delay_ms)
		base = r->max_delay_ms;
	if (r->jitter > 0) {
		size_t n = strlen(seed) + 24;
		char *s = malloc(n);
		uint8_t h[32];
		uint64_t u = 0;
		int i;

		if (s) {
			snprintf(s, n, "%s|%d", seed, attempt);
			idle_sha256(s, strlen(s), h);
			free(s);
			for (i = 7; i >= 0; i--) /* little-endian */
				u = (u << 8) | h[i];
			jitter = ((double)u / (double)UINT64_MAX * 2 - 1) * r->jitter;
		}
	}
	delay = rint(base * (1 + jitter)); /* rint: half to even, as Math.Round */
	return delay < 0 ? 0 : (long)delay;
}
