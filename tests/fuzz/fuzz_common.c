/*
 * tests/fuzz/fuzz_common.c - checks shared by the fuzz targets: diagnostics
 * are consistent with the result, render without crashing, and JSON written
 * by idle reads back to a fixpoint.
 */
#include "tests/fuzz/fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_check_diags(int rc, const idle_diags *d)
{
	FILE *devnull;

	if (rc == 0 && idle_diags_error_count(d) != 0)
		abort(); /* success with errors */
	if (rc == IDLE_EPARSE && idle_diags_error_count(d) == 0)
		abort(); /* rejected without saying why */
	for (size_t i = 0; i < idle_diags_count(d); i++) {
		const idle_diag *x = idle_diags_at(d, i);

		if (!*idle_diag_message(x) || !*idle_diag_code(x))
			abort();
	}
	devnull = fopen("/dev/null", "w");
	if (devnull) {
		idle_diags_render(d, devnull, IDLE_RENDER_CODES);
		fclose(devnull);
	}
}

/* JSON text -> document -> JSON text; NULL when it does not read back. */
static char *cycle(const char *json, size_t len, size_t *outlen)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc = NULL;
	char *out = NULL;

	if (idle_doc_parse(&doc, "cycle.json", json, len, IDLE_FORMAT_JSON, NULL, d) == 0)
		idle_doc_to_json(&out, outlen, doc, 0, d);
	idle_doc_free(doc);
	idle_diags_free(d);
	return out;
}

void fuzz_check_json_fixpoint(const char *json, size_t len)
{
	size_t l2 = 0, l3 = 0;
	char *j2, *j3;

	j2 = cycle(json, len, &l2);
	if (!j2) {
		if (!strstr(json, "\\u0000"))
			abort(); /* idle wrote JSON it cannot read */
		return;
	}
	j3 = cycle(j2, l2, &l3);
	if (!j3 || l2 != l3 || memcmp(j2, j3, l2) != 0)
		abort(); /* reading and writing do not agree */
	idle_free(j2);
	idle_free(j3);
}
