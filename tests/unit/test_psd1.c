/*
 * tests/unit/test_psd1.c - the .psd1 parser: number typing, spans, error
 * classes and codes, data paths, limits and options, through the public API
 * and the number scanner directly.
 */
#include "tests/unit/testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/value.h"
#include "parser/psd1.h"
#include "parser/psd1_number.h"

typedef struct numcase {
	const char *text;
	int result; /* PSD1_NUM_* */
	idle_numtype type;
	const char *printed; /* PowerShell's [string] of the value */
} numcase;

static const numcase numbers[] = {
    {"0", PSD1_NUM_OK, IDLE_NT_INT32, "0"},
    {"2147483647", PSD1_NUM_OK, IDLE_NT_INT32, "2147483647"},
    {"2147483648", PSD1_NUM_OK, IDLE_NT_INT64, "2147483648"},
    {"-2147483648", PSD1_NUM_OK, IDLE_NT_INT32, "-2147483648"},
    {"9223372036854775808", PSD1_NUM_OK, IDLE_NT_DECIMAL, "9223372036854775808"},
    {"79228162514264337593543950336", PSD1_NUM_OK, IDLE_NT_DOUBLE, "7.922816251426434E+28"},
    {"1gb", PSD1_NUM_OK, IDLE_NT_INT32, "1073741824"},
    {"2gb", PSD1_NUM_OK, IDLE_NT_INT64, "2147483648"},
    {"0xFFFFFFFF", PSD1_NUM_OK, IDLE_NT_INT32, "-1"},
    {"0x80000000", PSD1_NUM_OK, IDLE_NT_INT32, "-2147483648"},
    {"0xFFFF", PSD1_NUM_OK, IDLE_NT_INT32, "65535"},
    {"0x100000000", PSD1_NUM_OK, IDLE_NT_INT64, "4294967296"},
    {"0x0FFFFFFFF", PSD1_NUM_OK, IDLE_NT_INT64, "4294967295"},
    {"0xFFFFFFFFFFFFFFFF", PSD1_NUM_OK, IDLE_NT_INT64, "-1"},
    {"0x000000000000001", PSD1_NUM_OK, IDLE_NT_INT64, "1"}, /* 15 digits: 64-bit literal */
    {"0xFFy", PSD1_NUM_OK, IDLE_NT_SBYTE, "-1"},
    {"0xFFFFs", PSD1_NUM_OK, IDLE_NT_INT16, "-1"},
    {"0x1d", PSD1_NUM_OK, IDLE_NT_INT32, "29"},
    {"0x", PSD1_NUM_OK, IDLE_NT_INT32, "0"},
    {"-0x12", PSD1_NUM_OK, IDLE_NT_INT32, "-18"},
    {"-0xFFFFFFFF", PSD1_NUM_OK, IDLE_NT_INT32, "1"},
    {"0b11111111", PSD1_NUM_OK, IDLE_NT_INT32, "-1"},
    {"0b11111111u", PSD1_NUM_OK, IDLE_NT_UINT32, "255"},
    {"0b1111111", PSD1_NUM_OK, IDLE_NT_INT32, "127"},
    {"1.5", PSD1_NUM_OK, IDLE_NT_DOUBLE, "1.5"},
    {"1e3", PSD1_NUM_OK, IDLE_NT_DOUBLE, "1000"},
    {".5", PSD1_NUM_OK, IDLE_NT_DOUBLE, "0.5"},
    {"5.", PSD1_NUM_OK, IDLE_NT_DOUBLE, "5"},
    {"-0.0", PSD1_NUM_OK, IDLE_NT_DOUBLE, "-0"},
    {"1e400", PSD1_NUM_OK, IDLE_NT_DOUBLE, "Infinity"},
    {"1.50d", PSD1_NUM_OK, IDLE_NT_DECIMAL, "1.50"},
    {"100d", PSD1_NUM_OK, IDLE_NT_DECIMAL, "100"},
    {"1.5kb", PSD1_NUM_OK, IDLE_NT_DOUBLE, "1536"},
    {"10l", PSD1_NUM_OK, IDLE_NT_INT64, "10"},
    {"10u", PSD1_NUM_OK, IDLE_NT_UINT32, "10"},
    {"10uy", PSD1_NUM_OK, IDLE_NT_BYTE, "10"},
    {"10y", PSD1_NUM_OK, IDLE_NT_SBYTE, "10"},
    {"10s", PSD1_NUM_OK, IDLE_NT_INT16, "10"},
    {"10us", PSD1_NUM_OK, IDLE_NT_UINT16, "10"},
    {"10ul", PSD1_NUM_OK, IDLE_NT_UINT64, "10"},
    {"10n", PSD1_NUM_OK, IDLE_NT_BIGINT, "10"},
    {"4294967296u", PSD1_NUM_OK, IDLE_NT_UINT64, "4294967296"},
    {"18446744073709551615ul", PSD1_NUM_OK, IDLE_NT_UINT64, "18446744073709551615"},
    {"2.5l", PSD1_NUM_OK, IDLE_NT_INT64, "2"},
    {"3.5l", PSD1_NUM_OK, IDLE_NT_INT64, "4"},
    {"3.72y", PSD1_NUM_OK, IDLE_NT_SBYTE, "4"},
    {"-3.72y", PSD1_NUM_OK, IDLE_NT_SBYTE, "-4"},
    {"1lkb", PSD1_NUM_OK, IDLE_NT_INT64, "1024"},
    {"08", PSD1_NUM_OK, IDLE_NT_INT32, "8"},
    {"\xE2\x80\x93"
     "5",
     PSD1_NUM_OK, IDLE_NT_INT32, "-5"},
    {"12345678901234567890123n", PSD1_NUM_OK, IDLE_NT_BIGINT, "12345678901234567890123"},
    {"1.2345678901234567890123456789012d", PSD1_NUM_OK, IDLE_NT_DECIMAL,
     "1.2345678901234567890123456789"},
    {"1kbl", PSD1_NUM_NOT_A_NUMBER, IDLE_NT_NONE, NULL},
    {"1k", PSD1_NUM_NOT_A_NUMBER, IDLE_NT_NONE, NULL},
    {"1_000", PSD1_NUM_NOT_A_NUMBER, IDLE_NT_NONE, NULL},
    {"1e", PSD1_NUM_NOT_A_NUMBER, IDLE_NT_NONE, NULL},
    {"0b", PSD1_NUM_NOT_A_NUMBER, IDLE_NT_NONE, NULL},
    {"1ud", PSD1_NUM_NOT_A_NUMBER, IDLE_NT_NONE, NULL},
    {"256uy", PSD1_NUM_BAD, IDLE_NT_NONE, NULL},
    {"0xFFFFy", PSD1_NUM_BAD, IDLE_NT_NONE, NULL},
    {"1e400d", PSD1_NUM_BAD, IDLE_NT_NONE, NULL},
    {"0x10000000000000000", PSD1_NUM_BAD, IDLE_NT_NONE, NULL},
    {"-1u", PSD1_NUM_BAD, IDLE_NT_NONE, NULL},
    {"1e400l", PSD1_NUM_BAD, IDLE_NT_NONE, NULL},
};

static void number_typing(void **state)
{
	idle_arena a = IDLE_ARENA_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		const numcase *c = &numbers[i];
		size_t len = strlen(c->text), end = 0;
		const char *why;
		idle_value v;
		char buf[64];
		int r;

		memset(&v, 0, sizeof(v));
		r = idle_psd1__number(c->text, len, 0, 0, &end, &a, &v, &why);
		if (r != c->result)
			fail_msg("%s: result %d, expected %d", c->text, r, c->result);
		if (r == PSD1_NUM_BAD)
			assert_true(why && *why);
		if (r != PSD1_NUM_OK)
			continue;
		assert_int_equal(end, len);
		if (v.ntype != c->type)
			fail_msg("%s: type %s, expected %s", c->text, idle_numtype_name(v.ntype),
			         idle_numtype_name(c->type));
		idle_psd1__number_string(&v, buf, sizeof(buf));
		if (strcmp(buf, c->printed))
			fail_msg("%s: printed %s, expected %s", c->text, buf, c->printed);
	}
	idle_arena_free(&a);
}

static void number_end_and_ternary(void **state)
{
	idle_arena a = IDLE_ARENA_INIT;
	idle_value v;
	const char *why;
	size_t end;

	(void)state;
	/* numbers end at operators and token ends */
	assert_int_equal(idle_psd1__number("12+3", 4, 0, 0, &end, &a, &v, &why), PSD1_NUM_OK);
	assert_int_equal(end, 2);
	assert_int_equal(idle_psd1__number("1..3", 4, 0, 0, &end, &a, &v, &why), PSD1_NUM_OK);
	assert_int_equal(end, 1);
	assert_int_equal(idle_psd1__number("7;", 2, 0, 0, &end, &a, &v, &why), PSD1_NUM_OK);
	assert_int_equal(end, 1);
	/* '?' ends a number only inside a ternary */
	assert_int_equal(idle_psd1__number("1?", 2, 0, 0, &end, &a, &v, &why),
	                 PSD1_NUM_NOT_A_NUMBER);
	assert_int_equal(end, 2);
	assert_int_equal(idle_psd1__number("1?", 2, 0, 1, &end, &a, &v, &why), PSD1_NUM_OK);
	assert_int_equal(end, 1);
	idle_arena_free(&a);
}

/* Line and column of a map entry's value. */
static void locate(const idle_doc *doc, const char *key, unsigned *line, unsigned *col)
{
	const idle_value *v = idle_value_get(idle_doc_root(doc), key);

	assert_non_null(v);
	assert_int_equal(idle_doc_locate(doc, v, line, col), 0);
}

static void spans_of_values(void **state)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc = parse_text("w.psd1",
	                           "@{\n"
	                           "  Name = 'x'\n"
	                           "  Steps = @(\n"
	                           "    @{ Type = \"T\"; With = @{ N = 42 } }\n"
	                           "  )\n"
	                           "}\n",
	                           d);
	const idle_value *steps, *with;
	unsigned line, col;

	(void)state;
	assert_non_null(doc);
	assert_int_equal(idle_diags_count(d), 0);
	locate(doc, "name", &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 10);
	steps = idle_value_get(idle_doc_root(doc), "STEPS");
	assert_int_equal(idle_value_kind(steps), IDLE_ARRAY);
	assert_int_equal(idle_doc_locate(doc, steps, &line, &col), 0);
	assert_int_equal(line, 3);
	assert_int_equal(col, 11);
	with = idle_value_get(idle_value_at(steps, 0), "with");
	assert_int_equal(idle_doc_locate(doc, idle_value_get(with, "n"), &line, &col), 0);
	assert_int_equal(line, 4);
	assert_int_equal(col, 34);
	assert_int_equal(idle_value_int(idle_value_get(with, "N")), 42);
	assert_string_equal(idle_doc_name(doc), "w.psd1");
	idle_doc_free(doc);
	idle_diags_free(d);
}

static void error_classes(void **state)
{
	static const struct {
		const char *text, *code;
		size_t count;
		const char *path;
	} t[] = {
	    {"@{a = 'x", "psd1-syntax", 1, "a"},
	    {"@{a = b; c = $d}", "psd1-data", 2, "a"},
	    {"@{a = [int]1}", "psd1-unsupported", 1, "a"},
	    {"", "psd1-root", 1, NULL},
	    {"@{a=@(@{b=foo})}", "psd1-data", 1, "a[0].b"},
	    /* a syntax error anywhere hides the data errors before it */
	    {"@{a = b; c = (1;2)}", "psd1-syntax", 1, "c"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		idle_diags *d = idle_diags_new();
		idle_doc *doc = parse_text("t.psd1", t[i].text, d);
		const char *path;

		assert_null(doc);
		assert_string_equal(first_code(d), t[i].code);
		assert_int_equal(idle_diags_count(d), t[i].count);
		path = idle_diag_path(idle_diags_at(d, 0));
		if (t[i].path)
			assert_string_equal(path, t[i].path);
		else
			assert_null(path);
		idle_diags_free(d);
	}
}

static char *repeat_list(size_t n, const char *extra)
{
	size_t cap = n * 8 + 64 + strlen(extra), len = 0, i;
	char *s = malloc(cap);

	len += (size_t)snprintf(s, cap, "@{a = 1");
	for (i = 1; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, ",1");
	snprintf(s + len, cap - len, "%s}", extra);
	return s;
}

static void visit_limit_counts_like_powershell(void **state)
{
	idle_diags *d = idle_diags_new();
	/* key 'a' (1) + 4996 numbers + "x$true" (nested expression + variable: 2) = 4999 */
	char *ok = repeat_list(4996, ",\"x$true\"");
	char *over = repeat_list(4997, ",\"x$true\"");
	idle_doc *doc;

	(void)state;
	doc = parse_text("ok.psd1", ok, d);
	assert_non_null(doc);
	idle_doc_free(doc);
	doc = parse_text("over.psd1", over, d);
	assert_null(doc);
	assert_string_equal(first_code(d), "psd1-limit");
	free(ok);
	free(over);
	idle_diags_free(d);
}

static void options_skip_limit_and_depth(void **state)
{
	idle_parse_options opts;
	idle_diags *d = idle_diags_new();
	char *big = repeat_list(6000, "");
	const char *deep = "@{a=@(@(@(@(1))))}";
	idle_doc *doc = NULL;

	(void)state;
	assert_int_equal(idle_parse_options_init(&opts, 99), IDLE_EARG);
	assert_int_equal(idle_parse_options_init(&opts, IDLE_PARSE_OPTIONS_VERSION), 0);
	opts.flags = IDLE_PARSE_SKIP_LIMIT_CHECK;
	assert_int_equal(
	    idle_doc_parse(&doc, "big.psd1", big, strlen(big), IDLE_FORMAT_PSD1, &opts, d), 0);
	assert_int_equal(idle_value_count(idle_value_get(idle_doc_root(doc), "a")), 6000);
	idle_doc_free(doc);
	opts.flags = 0;
	opts.max_depth = 4;
	assert_int_equal(
	    idle_doc_parse(&doc, "deep.psd1", deep, strlen(deep), IDLE_FORMAT_PSD1, &opts, d),
	    IDLE_EPARSE);
	assert_string_equal(first_code(d), "psd1-limit");
	idle_diags_clear(d);
	opts.max_depth = 5;
	assert_int_equal(
	    idle_doc_parse(&doc, "deep.psd1", deep, strlen(deep), IDLE_FORMAT_PSD1, &opts, d), 0);
	idle_doc_free(doc);
	free(big);
	idle_diags_free(d);
}

static void values_and_kinds(void **state)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc =
	    parse_text("k.psd1",
	               "@{ n = $null; b = $TRUE; i = 7; x = 1.25; dec = 1.50d; s = 'q'; "
	               "sb = { 1 }; big = 18446744073709551615ul }",
	               d);
	const idle_value *r, *v;
	size_t len;

	(void)state;
	assert_non_null(doc);
	r = idle_doc_root(doc);
	assert_int_equal(idle_value_kind(idle_value_get(r, "n")), IDLE_NULL);
	assert_true(idle_value_bool(idle_value_get(r, "b")));
	assert_int_equal(idle_value_int(idle_value_get(r, "i")), 7);
	assert_true(idle_value_number(idle_value_get(r, "x")) == 1.25);
	v = idle_value_get(r, "dec");
	assert_int_equal(idle_value_numtype(v), IDLE_NT_DECIMAL);
	assert_string_equal(idle_value_literal(v), "1.50");
	assert_string_equal(idle_value_string(idle_value_get(r, "s"), &len), "q");
	v = idle_value_get(r, "sb");
	assert_int_equal(idle_value_kind(v), IDLE_SCRIPTBLOCK);
	assert_string_equal(idle_value_string(v, NULL), "{ 1 }");
	v = idle_value_get(r, "big");
	assert_int_equal(idle_value_kind(v), IDLE_NUMBER);
	assert_string_equal(idle_value_literal(v), "18446744073709551615");
	assert_string_equal(idle_kind_name(IDLE_SCRIPTBLOCK), "scriptblock");
	assert_string_equal(idle_numtype_name(IDLE_NT_UINT64), "UInt64");
	idle_doc_free(doc);
	idle_diags_free(d);
}

static void many_keys_use_the_hash_set(void **state)
{
	idle_diags *d = idle_diags_new();
	char *text = malloc(64 * 1000), *p = text;
	idle_doc *doc;
	int i;

	(void)state;
	p += sprintf(p, "@{\n");
	for (i = 0; i < 400; i++)
		p += sprintf(p, "K%d = @{ x%d = 1 }\n", i, i);
	p += sprintf(p, "k399 = 2\n}");
	doc = parse_text("dup.psd1", text, d);
	assert_null(doc);
	assert_string_equal(first_code(d), "psd1-syntax");
	assert_int_equal(idle_diag_line(idle_diags_at(d, 0)), 402);
	idle_diags_free(d);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(number_typing),
	    cmocka_unit_test(number_end_and_ternary),
	    cmocka_unit_test(spans_of_values),
	    cmocka_unit_test(error_classes),
	    cmocka_unit_test(visit_limit_counts_like_powershell),
	    cmocka_unit_test(options_skip_limit_and_depth),
	    cmocka_unit_test(values_and_kinds),
	    cmocka_unit_test(many_keys_use_the_hash_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
