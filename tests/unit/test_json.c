/*
 * tests/unit/test_json.c - the JSON bridge: reading (spans, exact integers,
 * duplicates, errors) and writing (ConvertTo-Json layout, escapes, numbers,
 * values without a JSON form), and psd1 -> JSON -> value round trips.
 */
#include "tests/unit/testutil.h"

#include <stdlib.h>

static char *to_json(const idle_doc *doc, unsigned flags)
{
	char *out = NULL;
	idle_diags *d = idle_diags_new();

	assert_int_equal(idle_doc_to_json(&out, NULL, doc, flags, d), 0);
	idle_diags_free(d);
	return out;
}

static void read_exact_numbers(void **state)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc = parse_text("r.json",
	                           "{\"a\": 9007199254740993, \"b\": -5, \"c\": 1.5e2, "
	                           "\"d\": 123456789012345678901234567890, \"e\": 0}",
	                           d);
	const idle_value *r;

	(void)state;
	assert_non_null(doc);
	r = idle_doc_root(doc);
	assert_int_equal(idle_value_kind(idle_value_get(r, "a")), IDLE_INT);
	assert_true(idle_value_int(idle_value_get(r, "a")) == 9007199254740993LL);
	assert_int_equal(idle_value_numtype(idle_value_get(r, "a")), IDLE_NT_INT64);
	assert_int_equal(idle_value_int(idle_value_get(r, "b")), -5);
	assert_int_equal(idle_value_numtype(idle_value_get(r, "b")), IDLE_NT_INT32);
	assert_true(idle_value_number(idle_value_get(r, "c")) == 150.0);
	assert_string_equal(idle_value_literal(idle_value_get(r, "d")),
	                    "123456789012345678901234567890");
	idle_doc_free(doc);
	idle_diags_free(d);
}

static void read_spans_and_case(void **state)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc =
	    parse_text("s.json", "{\n  \"Intent\": {\n    \"Dept\": [1, \"x\"]\n  }\n}", d);
	const idle_value *dept;
	unsigned line, col;

	(void)state;
	assert_non_null(doc);
	dept = idle_value_get(idle_value_get(idle_doc_root(doc), "intent"), "DEPT");
	assert_non_null(dept);
	assert_int_equal(idle_doc_locate(doc, dept, &line, &col), 0);
	assert_int_equal(line, 3);
	assert_int_equal(col, 13);
	assert_int_equal(idle_doc_locate(doc, idle_value_at(dept, 1), &line, &col), 0);
	assert_int_equal(col, 17);
	idle_doc_free(doc);
	idle_diags_free(d);
}

static void read_errors(void **state)
{
	static const struct {
		const char *text, *code;
		unsigned line, col;
	} t[] = {
	    {"{\"a\": 1,}", "json-syntax", 1, 9},
	    {"", "json-syntax", 1, 1},
	    {"{\"a\": 1} x", "json-syntax", 1, 10},
	    {"{\"Name\": 1,\n \"name\": 2}", "json-duplicate-key", 2, 2},
	    {"[\"a\\u0000b\"]", "json-unsupported", 1, 2},
	    /* cut short: the end, not the start of the last token */
	    {"{\"a\": \"xy", "json-syntax", 1, 10},
	    {"{\"a\": [1,", "json-syntax", 1, 10},
	    {"{\"a\": x, \"b\": 1", "json-syntax", 1, 7},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		idle_diags *d = idle_diags_new();

		assert_null(parse_text("e.json", t[i].text, d));
		assert_string_equal(first_code(d), t[i].code);
		assert_int_equal(idle_diag_line(idle_diags_at(d, 0)), t[i].line);
		assert_int_equal(idle_diag_column(idle_diags_at(d, 0)), t[i].col);
		idle_diags_free(d);
	}
}

/* Many keys go through a hash set: every duplicate is still found, with its first key. */
static void many_keys(void **state)
{
	size_t n = 100000, i, cap = n * 24 + 64, len = 0;
	char *text = malloc(cap);
	idle_diags *d = idle_diags_new();
	const idle_diag *x;

	(void)state;
	assert_non_null(text);
	len += (size_t)sprintf(text + len, "{\"k0\": 0");
	for (i = 1; i < n; i++)
		len += (size_t)sprintf(text + len, ", \"k%zu\": %zu", i, i);
	/* two duplicates at the end: of a key in the middle, in other case, and of the first */
	len += (size_t)sprintf(text + len, ", \"K50000\": 1, \"k0\": 2}");
	assert_null(parse_text("many.json", text, d));
	assert_int_equal(idle_diags_error_count(d), 2);
	x = idle_diags_at(d, 0);
	assert_string_equal(idle_diag_code(x), "json-duplicate-key");
	assert_non_null(strstr(idle_diag_message(x), "\"K50000\""));
	assert_non_null(strstr(idle_diag_message(idle_diags_at(d, 1)), "\"k0\""));
	idle_diags_clear(d);
	text[len - 26] = '}'; /* without them: valid, every key kept */
	text[len - 25] = '\0';
	{
		idle_doc *doc = parse_text("many.json", text, d);

		assert_non_null(doc);
		assert_int_equal(idle_value_count(idle_doc_root(doc)), n);
		idle_doc_free(doc);
	}
	free(text);
	idle_diags_free(d);
}

static void write_layout(void **state)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc = parse_text("l.psd1",
	                           "@{ b = @(); a = @{}; c = @(1, @{ x = 'q\"\\\\' }, $null); "
	                           "d = \"t`tn`n\xC3\xA9`u{1}\"; e = 1.0; f = 1e21; g = $false }",
	                           d);
	char *out;

	(void)state;
	assert_non_null(doc);
	out = to_json(doc, 0);
	assert_string_equal(out, "{\n"
	                         "  \"b\": [],\n"
	                         "  \"a\": {},\n"
	                         "  \"c\": [\n"
	                         "    1,\n"
	                         "    {\n"
	                         "      \"x\": \"q\\\"\\\\\\\\\"\n"
	                         "    },\n"
	                         "    null\n"
	                         "  ],\n"
	                         "  \"d\": \"t\\tn\\n\xC3\xA9\\u0001\",\n"
	                         "  \"e\": 1.0,\n"
	                         "  \"f\": 1e+21,\n"
	                         "  \"g\": false\n"
	                         "}");
	idle_free(out);
	out = to_json(doc, IDLE_JSON_COMPACT);
	assert_string_equal(out,
	                    "{\"b\":[],\"a\":{},\"c\":[1,{\"x\":\"q\\\"\\\\\\\\\"},null],"
	                    "\"d\":\"t\\tn\\n\xC3\xA9\\u0001\",\"e\":1.0,\"f\":1e+21,\"g\":false}");
	idle_free(out);
	idle_doc_free(doc);
	idle_diags_free(d);
}

static void write_no_json_form(void **state)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc = parse_text("n.psd1", "@{ ok = 1; s = @( { x }, 1e400 ) }", d);
	char *out = NULL;

	(void)state;
	assert_non_null(doc);
	assert_int_equal(idle_doc_to_json(&out, NULL, doc, 0, d), IDLE_EINVALID);
	assert_null(out);
	assert_int_equal(idle_diags_error_count(d), 2);
	assert_string_equal(idle_diag_path(idle_diags_at(d, 0)), "s[0]");
	assert_string_equal(idle_diag_path(idle_diags_at(d, 1)), "s[1]");
	assert_int_equal(idle_diag_column(idle_diags_at(d, 1)), 26);
	idle_doc_free(doc);
	idle_diags_free(d);
}

/* psd1 -> JSON -> value -> JSON gives the same text. */
static void roundtrip(void **state)
{
	static const char *const docs[] = {
	    "@{ a = 1; b = -2.5; c = 'x`y'; d = @(1, @(2, 3), @{}); e = $true; f = $null }",
	    "@{ 'k e y' = \"`ttab\"; big = 18446744073709551615ul; neg = -0.0 }",
	    "@{ s = @\"\n$true `t\n\"@; u = '\xE2\x82\xAC'; n = 2147483648 }",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		idle_diags *d = idle_diags_new();
		idle_doc *a = parse_text("a.psd1", docs[i], d), *b;
		char *ja, *jb;

		assert_non_null(a);
		ja = to_json(a, 0);
		b = parse_text("b.json", ja, d);
		assert_non_null(b);
		jb = to_json(b, 0);
		assert_string_equal(ja, jb);
		idle_free(ja);
		idle_free(jb);
		idle_doc_free(a);
		idle_doc_free(b);
		idle_diags_free(d);
	}
}

static void load_errors(void **state)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc = NULL;

	(void)state;
	assert_int_equal(idle_doc_load(&doc, "/nonexistent/x.psd1", IDLE_FORMAT_AUTO, NULL, d),
	                 IDLE_EIO);
	assert_string_equal(idle_diag_file(idle_diags_at(d, 0)), "/nonexistent/x.psd1");
	assert_string_equal(idle_diag_code(idle_diags_at(d, 0)), "io");
	assert_int_equal(idle_doc_load(&doc, "/", IDLE_FORMAT_AUTO, NULL, d), IDLE_EIO);
	assert_non_null(strstr(idle_diag_message(idle_diags_at(d, 1)), "directory"));
	assert_int_equal(idle_doc_parse(NULL, "x", "", 0, IDLE_FORMAT_AUTO, NULL, d), IDLE_EARG);
	idle_diags_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(read_exact_numbers), cmocka_unit_test(read_spans_and_case),
	    cmocka_unit_test(read_errors),        cmocka_unit_test(write_layout),
	    cmocka_unit_test(write_no_json_form), cmocka_unit_test(roundtrip),
	    cmocka_unit_test(load_errors),        cmocka_unit_test(many_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
