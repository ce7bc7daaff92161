/*
 * tests/unit/test_core.c - arena, buffer, UTF-8 and case folding, source
 * decoding and line maps, data paths, number formatting, values, diagnostics.
 */
#include "tests/unit/testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/numfmt.h"
#include "core/path.h"
#include "core/secret.h"
#include "core/source.h"
#include "core/utf8.h"
#include "core/value.h"

static void arena_alignment_and_growth(void **state)
{
	idle_arena a = IDLE_ARENA_INIT;
	char *first = NULL;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		char *p = idle_arena_alloc(&a, (size_t)(i % 37) + 1);

		assert_non_null(p);
		assert_int_equal(((uintptr_t)p) % 8, 0);
		memset(p, 0xAB, (size_t)(i % 37) + 1);
		if (!first)
			first = p;
	}
	/* a large block and a block bigger than the current chunk */
	assert_non_null(idle_arena_alloc(&a, 3u << 20));
	assert_non_null(idle_arena_alloc(&a, 12000));
	assert_int_equal((unsigned char)first[0], 0xAB);
	assert_true(a.total >= 3u << 20);
	idle_arena_free(&a);
	assert_null(a.head);
}

static void arena_strndup_and_calloc(void **state)
{
	idle_arena a = IDLE_ARENA_INIT;
	char *s;
	int *z;

	(void)state;
	s = idle_arena_strndup(&a, "hello world", 5);
	assert_string_equal(s, "hello");
	z = idle_arena_calloc(&a, 100, sizeof(int));
	for (int i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	assert_null(idle_arena_calloc(&a, SIZE_MAX / 2, 4));
	idle_arena_free(&a);
}

static void arena_bytes_and_cache(void **state)
{
	idle_arena a = IDLE_ARENA_INIT, b = IDLE_ARENA_INIT;
	char *s1, *s2;
	void *first;

	(void)state;
	s1 = idle_arena_strndup(&a, IDLE_LIT("abc"));
	s2 = idle_arena_strndup(&a, IDLE_LIT("de"));
	assert_string_equal(s1, "abc");
	assert_string_equal(s2, "de");
#ifndef IDLE_DEBUG_POOL
	assert_ptr_equal(s2, s1 + 4); /* strings are packed, not aligned */
	assert_int_equal(((uintptr_t)idle_arena_alloc(&a, 8)) % 8, 0);
	first = s1;
	idle_arena_free(&a);
	/* the freed chunk is reused by the next arena */
	assert_ptr_equal(idle_arena_alloc_bytes(&b, 1), first);
	idle_arena_free(&b);
#else
	(void)first;
	idle_arena_free(&a);
	(void)b;
#endif
	idle_release_memory();
}

static void buf_printf_and_cap(void **state)
{
	idle_buf b;
	char *s;
	size_t len;

	(void)state;
	idle_buf_init(&b, 16);
	assert_int_equal(idle_buf_printf(&b, "%d-%s", 42, "ab"), 0);
	assert_string_equal(b.data, "42-ab");
	assert_int_equal(idle_buf_adds(&b, "0123456789abcdef"), -1); /* over the cap */
	assert_true(b.failed);
	assert_null(idle_buf_detach(&b, NULL));
	idle_buf_init(&b, 0);
	idle_buf_addc(&b, 'x');
	s = idle_buf_detach(&b, &len);
	assert_string_equal(s, "x");
	assert_int_equal(len, 1);
	free(s);
}

static void utf8_decode_maximal_subparts(void **state)
{
	/* E2 82 is a truncated 3-byte sequence: one ill-formed subpart, then '(' */
	const char s[] = "a\xC3\xA9\xE2\x82(\xF0\x9F\x98\x80\xFF";
	size_t pos = 0;

	(void)state;
	assert_int_equal(idle_utf8_next(s, sizeof(s) - 1, &pos), 'a');
	assert_int_equal(idle_utf8_next(s, sizeof(s) - 1, &pos), 0xE9);
	assert_int_equal(idle_utf8_next(s, sizeof(s) - 1, &pos), -1);
	assert_int_equal(pos, 5);
	assert_int_equal(idle_utf8_next(s, sizeof(s) - 1, &pos), '(');
	assert_int_equal(idle_utf8_next(s, sizeof(s) - 1, &pos), 0x1F600);
	assert_int_equal(idle_utf8_next(s, sizeof(s) - 1, &pos), -1);
	assert_int_equal(pos, sizeof(s) - 1);
	/* overlong and surrogate encodings are ill-formed */
	pos = 0;
	assert_int_equal(idle_utf8_next("\xC0\xAF", 2, &pos), -1);
	pos = 0;
	assert_int_equal(idle_utf8_next("\xED\xA0\x80", 3, &pos), -1);
	assert_false(idle_utf8_valid("\xED\xA0\x80", 3));
	assert_true(idle_utf8_valid("\xE4\xB8\xAD", 3));
	assert_int_equal(idle_utf8_count("a\xC3\xA9\xE4\xB8\xAD", 6), 3);
}

static void utf8_encode_roundtrip(void **state)
{
	uint32_t cps[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF};
	char buf[4];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		size_t n = idle_utf8_encode(buf, cps[i]), pos = 0;

		assert_true(n > 0);
		assert_int_equal(idle_utf8_next(buf, n, &pos), (int32_t)cps[i]);
		assert_int_equal(pos, n);
	}
	assert_int_equal(idle_utf8_encode(buf, 0xD800), 0);
	assert_int_equal(idle_utf8_encode(buf, 0x110000), 0);
}

static void casefold_compare_and_hash(void **state)
{
	(void)state;
	assert_int_equal(idle_utf8_casecmp("Steps", 5, IDLE_LIT("sTEPS")), 0);
	assert_int_equal(idle_utf8_casecmp("\xC3\xA9t\xC3\xA9", 5, "\xC3\x89T\xC3\x89", 5), 0);
	assert_int_equal(idle_utf8_casecmp("\xCE\xB1", 2, "\xCE\x91", 2), 0); /* alpha */
	assert_true(idle_utf8_casecmp("stra\xC3\x9F"
	                              "e",
	                              7, IDLE_LIT("STRASSE")) != 0); /* no full folding */
	assert_true(idle_utf8_casecmp("a", 1, IDLE_LIT("b")) < 0);
	assert_true(idle_utf8_casecmp("ab", 2, IDLE_LIT("a")) > 0);
	assert_int_equal(idle_utf8_casehash(IDLE_LIT("Name")),
	                 idle_utf8_casehash(IDLE_LIT("NAME")));
	assert_int_equal(idle_utf8_casehash("\xC3\xA9", 2), idle_utf8_casehash("\xC3\x89", 2));
	assert_int_equal(idle_unicode_upper('q'), 'Q');
	assert_int_equal(idle_unicode_upper(0x101), 0x100); /* a stride-2 run */
	assert_int_equal(idle_unicode_upper(0x100), 0x100);
	assert_int_equal(idle_unicode_upper(0x3C2), 0x3A3); /* final sigma */
}

static void unicode_letters(void **state)
{
	(void)state;
	assert_true(idle_unicode_is_letter(0xE9));
	assert_true(idle_unicode_is_letter(0x4E2D));
	assert_false(idle_unicode_is_letter(0x301));   /* combining mark */
	assert_false(idle_unicode_is_letter(0x1D400)); /* outside the BMP, as in .NET char */
	assert_false(idle_unicode_is_letter('5'));
	assert_true(idle_unicode_is_letter_or_digit(0x661)); /* Arabic-Indic one */
	assert_false(idle_unicode_is_letter_or_digit('-'));
}

static void decode_boms_and_bad_bytes(void **state)
{
	idle_decoded d;

	(void)state;
	assert_int_equal(idle_decode_source(&d, "\xEF\xBB\xBFok", 5), 0);
	assert_int_equal(d.encoding, IDLE_ENC_UTF8_BOM);
	assert_string_equal(d.text, "ok");
	free(d.text);
	assert_int_equal(idle_decode_source(&d,
	                                    "\xFF\xFE"
	                                    "a\0\x3D\xD8\x00\xDE",
	                                    8),
	                 0);
	assert_int_equal(d.encoding, IDLE_ENC_UTF16LE);
	assert_string_equal(d.text, "a\xF0\x9F\x98\x80");
	free(d.text);
	assert_int_equal(idle_decode_source(&d,
	                                    "\xFE\xFF\xD8\x00"
	                                    "\x00x",
	                                    6),
	                 0); /* lone high */
	assert_int_equal(d.replaced, 1);
	assert_string_equal(d.text, "\xEF\xBF\xBDx");
	free(d.text);
	assert_int_equal(idle_decode_source(&d,
	                                    "\xFF\xFE\x00\x00"
	                                    "A\0\0\0",
	                                    8),
	                 0);
	assert_int_equal(d.encoding, IDLE_ENC_UTF32LE);
	assert_string_equal(d.text, "A");
	free(d.text);
	assert_int_equal(idle_decode_source(&d, "ab\xE9z\xFF", 5), 0);
	assert_int_equal(d.replaced, 2);
	assert_int_equal(d.first_bad, 2);
	assert_string_equal(d.text, "ab\xEF\xBF\xBDz\xEF\xBF\xBD");
	free(d.text);
	assert_int_equal(idle_decode_source(&d, IDLE_LIT("")), 0);
	assert_int_equal(d.len, 0);
	free(d.text);
}

static void source_lines_and_columns(void **state)
{
	idle_source *s = idle_source_new("f.psd1", strdup("ab\r\nc\xC3\xA9x\rq\n\nend"), 16);
	unsigned line, col;
	size_t len;
	const char *t;

	(void)state;
	idle_source_locate(s, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	idle_source_locate(s, 7, &line, &col); /* 'x' after the two-byte e-acute */
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	idle_source_locate(s, 9, &line, &col); /* after a lone CR */
	assert_int_equal(line, 3);
	assert_int_equal(col, 1);
	idle_source_locate(s, 13, &line, &col);
	assert_int_equal(line, 5);
	assert_int_equal(col, 2);
	t = idle_source_line(s, 2, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(t, "c\xC3\xA9x\r", 4);
	t = idle_source_line(s, 4, &len);
	assert_int_equal(len, 0);
	assert_null(idle_source_line(s, 6, &len));
	idle_source_unref(s);
}

static void path_formatting(void **state)
{
	idle_path p = IDLE_PATH_INIT;
	char *s;
	int i;

	(void)state;
	assert_null(idle_path_format(&p));
	idle_path_push_key(&p, IDLE_LIT("Steps"));
	idle_path_push_index(&p, 2);
	idle_path_push_key(&p, IDLE_LIT("With"));
	idle_path_push_key(&p, IDLE_LIT("a.b c"));
	s = idle_path_format(&p);
	assert_string_equal(s, "Steps[2].With['a.b c']");
	free(s);
	idle_path_pop(&p);
	idle_path_pop(&p);
	s = idle_path_format(&p);
	assert_string_equal(s, "Steps[2]");
	free(s);
	for (i = 0; i < 100; i++)
		idle_path_push_index(&p, 1000 + (size_t)i);
	s = idle_path_format(&p);
	assert_true(strlen(s) <= 160);
	assert_non_null(strstr(s, "..."));
	assert_int_equal(strncmp(s, "Steps[2][1000]", 14), 0);
	assert_non_null(strstr(s, "[1099]"));
	free(s);
	idle_path_free(&p);
}

static void double_formats(void **state)
{
	static const struct {
		double d;
		const char *json, *ps;
	} t[] = {
	    {1.5, "1.5", "1.5"},
	    {1000, "1000.0", "1000"},
	    {0.1, "0.1", "0.1"},
	    {-0.0, "-0.0", "-0"},
	    {1e15, "1e+15", "1E+15"},
	    {123456789012345.0, "123456789012345.0", "123456789012345"},
	    {0.0001, "0.0001", "0.0001"},
	    {0.00001, "1e-5", "1E-05"},
	    {1e-7, "1e-7", "1E-07"},
	    {1.5e300, "1.5e+300", "1.5E+300"},
	    {5e-324, "5e-324", "5E-324"},
	    {1.7976931348623157e308, "1.7976931348623157e+308", "1.7976931348623157E+308"},
	    {7.922816251426434e+28, "7.922816251426434e+28", "7.922816251426434E+28"},
	    {-2.5, "-2.5", "-2.5"},
	};
	char buf[IDLE_NUMFMT_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(idle_fmt_double_json(buf, sizeof(buf), t[i].d), 0);
		assert_string_equal(buf, t[i].json);
		assert_true(idle_strtod(buf, NULL) == t[i].d);
		idle_fmt_double_ps(buf, sizeof(buf), t[i].d);
		assert_string_equal(buf, t[i].ps);
	}
	assert_int_equal(idle_fmt_double_json(buf, sizeof(buf), INFINITY), -1);
	assert_int_equal(idle_fmt_double_json(buf, sizeof(buf), NAN), -1);
	idle_fmt_double_ps(buf, sizeof(buf), -INFINITY);
	assert_string_equal(buf, "-Infinity");
}

static void map_lookup_with_index(void **state)
{
	idle_arena a = IDLE_ARENA_INIT;
	idle_member m[40];
	idle_value v;
	char keys[40][8];
	int i;

	(void)state;
	memset(m, 0, sizeof(m));
	for (i = 0; i < 40; i++) {
		snprintf(keys[i], sizeof(keys[i]), "Key%d", i);
		m[i].key = keys[i];
		m[i].klen = (uint32_t)strlen(keys[i]);
		idle_val_int(&m[i].val, i);
	}
	for (int n = 3; n <= 40; n += 37) { /* linear (small) and indexed (large) maps */
		assert_int_equal(idle_val_map(&a, &v, m, (size_t)n), 0);
		assert_int_equal(idle_value_count(&v), (size_t)n);
		assert_int_equal(idle_value_int(idle_value_get(&v, "KEY2")), 2);
		assert_null(idle_value_get(&v, "Key40"));
		assert_string_equal(idle_value_key_at(&v, 1, NULL), "Key1");
	}
	assert_int_equal(idle_value_int(idle_value_get(&v, "key39")), 39);
	assert_int_equal(idle_map_find(&v, IDLE_LIT("kEy17")), 17);
	assert_null(idle_value_get(&m[0].val, "x")); /* not a map */
	idle_arena_free(&a);
}

static void diags_render_and_move(void **state)
{
	idle_source *s = idle_source_new("w.psd1", strdup("@{\n\ta = bad\n}"), 14);
	idle_diags *ds = idle_diags_new(), *other = idle_diags_new();
	idle_diag *d;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	d = idle_diags_add(ds, IDLE_SEV_ERROR, "psd1-data", s, 8, 11, "the bare word '%s'", "bad");
	idle_diag_set_path(d, "a");
	idle_diag_set_hint(d, "quote it: '%s'", "bad");
	idle_diag_set_note(d, 0, "'@{' opened here");
	idle_diags_add(ds, IDLE_SEV_WARNING, NULL, NULL, IDLE_NOLOC, IDLE_NOLOC, "no file");
	assert_int_equal(idle_diags_count(ds), 2);
	assert_int_equal(idle_diags_error_count(ds), 1);
	assert_int_equal(idle_diag_line(idle_diags_at(ds, 0)), 2);
	assert_int_equal(idle_diag_column(idle_diags_at(ds, 0)), 6);
	assert_int_equal(idle_diags_render(ds, f, IDLE_RENDER_CODES), 0);
	fclose(f);
	assert_string_equal(out, "w.psd1:2:6: error[psd1-data]: the bare word 'bad'\n"
	                         " 2 | \ta = bad\n"
	                         "   | \t    ^~~\n"
	                         "   = at: a\n"
	                         "   = hint: quote it: 'bad'\n"
	                         "w.psd1:1:1: note: '@{' opened here\n"
	                         " 1 | @{\n"
	                         "   | ^\n"
	                         "idle: warning: no file\n");
	free(out);
	assert_int_equal(idle_diags_move(other, ds), 0);
	assert_int_equal(idle_diags_count(ds), 0);
	assert_int_equal(idle_diags_error_count(other), 1);
	assert_string_equal(idle_diag_hint(idle_diags_at(other, 0)), "quote it: 'bad'");
	idle_diags_free(ds);
	idle_diags_free(other);
	idle_source_unref(s);
}

typedef struct found_list {
	char text[8][32];
	size_t n;
	const char *line;
} found_list;

static void collect(void *ud, size_t s, size_t e)
{
	found_list *f = ud;

	snprintf(f->text[f->n++], 32, "%.*s", (int)(e - s), f->line + s);
}

static void secret_scan_and_mask(void **state)
{
	static const char line[] =
	    "x = 1; Password = 'a''b'; \"token\": \"q\\\"r\", Token == 1; myPassword = 'n'; "
	    "apikey:v,Credential = @{ Secret = s }";
	found_list f = {.n = 0, .line = line};
	idle_source *src;
	size_t st[4], en[4], n;
	char *m, *text = strdup("@{ Password = 'hunter2' }\nB = 'x'\n");

	(void)state;
	assert_true(idle_secret_key(IDLE_LIT("PASSWORD")));
	assert_true(idle_secret_key(IDLE_LIT("InitialPassword"))); /* idle's addition */
	assert_false(idle_secret_key(IDLE_LIT("myPassword")));     /* exact names only */
	assert_false(idle_secret_key(IDLE_LIT("Passwor")));
	idle_secret_scan(line, sizeof(line) - 1, collect, &f);
	assert_int_equal(f.n, 4);
	assert_string_equal(f.text[0], "'a''b'");     /* '' stays inside the string */
	assert_string_equal(f.text[1], "\"q\\\"r\""); /* an escaped quote too */
	assert_string_equal(f.text[2], "v");          /* a bare value ends at ',' */
	assert_string_equal(f.text[3], "s");          /* a map is looked into, not masked */

	/* parsed masks and the textual scan merge; the mask text replaces them */
	src = idle_source_new("t", text, strlen(text));
	assert_non_null(src);
	assert_int_equal(idle_source_mask(src, 14, 23), 0);
	n = idle_source_line_masks(src, 1, st, en, 4);
	assert_int_equal(n, 1);
	assert_int_equal(st[0], 14);
	assert_int_equal(en[0], 23);
	assert_int_equal(idle_source_line_masks(src, 2, st, en, 4), 0);
	m = idle_source_mask_text(src, 2, "value 'hunter2' and hunter2x, not hunter");
	assert_string_equal(m, "value '********' and ********x, not hunter");
	free(m);
	idle_source_unref(src);
}

static void error_strings(void **state)
{
	(void)state;
	assert_string_equal(idle_strerror(IDLE_ENOMEM), "out of memory");
	assert_string_equal(idle_strerror(IDLE_OK), "success");
	assert_string_equal(idle_strerror(-999), "unknown error");
	assert_string_equal(idle_version(), IDLE_VERSION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(arena_alignment_and_growth),
	    cmocka_unit_test(arena_strndup_and_calloc),
	    cmocka_unit_test(arena_bytes_and_cache),
	    cmocka_unit_test(buf_printf_and_cap),
	    cmocka_unit_test(utf8_decode_maximal_subparts),
	    cmocka_unit_test(utf8_encode_roundtrip),
	    cmocka_unit_test(casefold_compare_and_hash),
	    cmocka_unit_test(unicode_letters),
	    cmocka_unit_test(decode_boms_and_bad_bytes),
	    cmocka_unit_test(source_lines_and_columns),
	    cmocka_unit_test(path_formatting),
	    cmocka_unit_test(double_formats),
	    cmocka_unit_test(map_lookup_with_index),
	    cmocka_unit_test(diags_render_and_move),
	    cmocka_unit_test(error_strings),
	    cmocka_unit_test(secret_scan_and_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
