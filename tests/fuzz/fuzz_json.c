/*
 * tests/fuzz/fuzz_json.c - fuzz target: the JSON bridge (cJSON plus the span
 * walk) and the writer, with the round-trip fixpoint as oracle.
 */
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc = NULL;
	char *json = NULL;
	size_t len = 0;
	int rc;

	rc = idle_doc_parse(&doc, "fuzz.json", (const char *)data, size, IDLE_FORMAT_JSON, NULL, d);
	fuzz_check_diags(rc, d);
	if (rc == 0 && idle_doc_to_json(&json, &len, doc, IDLE_JSON_COMPACT, d) == 0)
		fuzz_check_json_fixpoint(json, len);
	idle_free(json);
	idle_doc_free(doc);
	idle_diags_free(d);
	return 0;
}
