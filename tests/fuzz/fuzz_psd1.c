/*
 * tests/fuzz/fuzz_psd1.c - fuzz target: the .psd1 parser and JSON writer.
 * Any input must parse or be rejected with diagnostics; what parses and has
 * a JSON form must survive JSON round trips.
 */
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	idle_parse_options opts = IDLE_PARSE_OPTIONS_INIT;
	idle_diags *d = idle_diags_new();
	idle_doc *doc = NULL;
	char *json = NULL;
	size_t len = 0;
	int rc;

	/* the first byte chooses the options, so both settings get explored */
	if (size && (data[0] & 1))
		opts.flags |= IDLE_PARSE_SKIP_LIMIT_CHECK;
	rc =
	    idle_doc_parse(&doc, "fuzz.psd1", (const char *)data, size, IDLE_FORMAT_PSD1, &opts, d);
	fuzz_check_diags(rc, d);
	if (rc == 0 && idle_doc_to_json(&json, &len, doc, 0, d) == 0)
		fuzz_check_json_fixpoint(json, len);
	idle_free(json);
	idle_doc_free(doc);
	idle_diags_free(d);
	return 0;
}
