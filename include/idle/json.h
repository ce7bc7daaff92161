/*
 * idle/json.h - writing values as JSON.
 *
 * The default layout is the one PowerShell 7's ConvertTo-Json produces and
 * IdLE's plan export uses: two-space indentation, `"key": value`, one array
 * element per line, LF line ends, no trailing newline. Maps keep their order.
 * Integers print exactly; doubles print in shortest round-trip form with a
 * ".0" on whole values ("-0.0" for negative zero); decimals print their
 * literal. Infinity, NaN and script blocks have no JSON form and are errors.
 */
#ifndef IDLE_JSON_H
#define IDLE_JSON_H

#include "common.h"
#include "diag.h"
#include "document.h"
#include "value.h"

IDLE_BEGIN_DECL

#define IDLE_JSON_COMPACT 0x1u /* everything on one line, no spaces */

/**
 * Where the *_write functions put their output, piece by piece (a file, a
 * socket, a buffer). Returns 0, or nonzero to stop the writer (which then
 * returns IDLE_EIO).
 */
typedef int (*idle_write_fn)(void *ud, const char *data, size_t len);

/**
 * Writes a document's root value as JSON.
 *
 * @param out    receives a NUL-terminated string; free with idle_free()
 * @param len    receives its length (may be NULL)
 * @param diags  receives an error with the value's location for every value
 *               that has no JSON form; may be NULL
 * @return 0; IDLE_EINVALID when a value has no JSON form; IDLE_ENOMEM
 */
IDLE_EXTERN(int)
idle_doc_to_json(char **out, size_t *len, const idle_doc *doc, unsigned flags, idle_diags *diags);

/** The same for any value (errors carry no location). */
IDLE_EXTERN(int)
idle_value_to_json(char **out, size_t *len, const idle_value *v, unsigned flags, idle_diags *diags);

IDLE_END_DECL

#endif
