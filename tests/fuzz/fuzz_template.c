/*
 * tests/fuzz/fuzz_template.c - fuzz target: the template checker on any
 * string. Every reported span must lie inside the string, problems must be
 * reported only for strings holding "{{" or "}}", and the count must match.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/template.h"
#include "tests/fuzz/fuzz.h"

typedef struct seen {
	size_t len;
	int count;
} seen;

static void on_issue(void *ud, const idle_tmpl_issue *is)
{
	seen *s = ud;

	if (is->start > is->end || is->end > s->len)
		abort();
	if ((is->problem == IDLE_TMPL_PATH || is->problem == IDLE_TMPL_ROOT) && !is->path)
		abort();
	s->count++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	seen s = {size, 0};
	int n = idle_tmpl_check((const char *)data, size, on_issue, &s);

	if (n >= 0 && n != s.count)
		abort();
	if (n > 0 && !idle_tmpl_candidate((const char *)data, size))
		abort();
	return 0;
}
