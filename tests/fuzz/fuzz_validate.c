/*
 * tests/fuzz/fuzz_validate.c - fuzz target: validation of any document that
 * parses. Validation must not crash, must agree with its diagnostics, and
 * must be deterministic (a second run reports the same).
 */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz_common.h"

static idle_host *host;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	idle_diags *d = idle_diags_new(), *d2 = idle_diags_new();
	idle_doc *doc = NULL;

	if (!host && idle_host_new(&host))
		abort();
	if (idle_doc_parse(&doc, "fuzz.psd1", (const char *)data, size, IDLE_FORMAT_PSD1, NULL,
	                   d) == 0) {
		size_t parsed = idle_diags_count(d); /* the parser's warnings come first */
		int rc = idle_validate(host, doc, NULL, d);
		idle_validate_options o = IDLE_VALIDATE_OPTIONS_INIT;

		if ((rc == IDLE_EINVALID) != (idle_diags_error_count(d) > 0))
			abort();
		fuzz_check_diags(rc == IDLE_EINVALID ? IDLE_EPARSE : rc, d);
		if (idle_validate(host, doc, NULL, d2) != rc ||
		    idle_diags_count(d2) != idle_diags_count(d) - parsed)
			abort();
		o.flags = IDLE_VALIDATE_SCHEMA_ONLY;
		idle_diags_clear(d2);
		if (idle_validate(host, doc, &o, d2) == IDLE_EINVALID && rc == 0)
			abort(); /* the schema-only level is a subset of the full one */
	}
	idle_doc_free(doc);
	idle_diags_free(d);
	idle_diags_free(d2);
	return 0;
}
