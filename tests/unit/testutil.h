/*
 * tests/unit/testutil.h - helpers shared by the unit tests (cmocka).
 */
#ifndef IDLE_TESTUTIL_H
#define IDLE_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <idle/idle.h>

/* Parses text (psd1 unless name ends in .json); returns the document or NULL. */
static inline idle_doc *parse_text(const char *name, const char *text, idle_diags *diags)
{
	idle_doc *doc = NULL;

	idle_doc_parse(&doc, name, text, strlen(text), IDLE_FORMAT_AUTO, NULL, diags);
	return doc;
}

/* The code of the first diagnostic, or "" */
static inline const char *first_code(const idle_diags *d)
{
	const idle_diag *x = idle_diags_at(d, 0);

	return x ? idle_diag_code(x) : "";
}

#endif
