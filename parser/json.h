/*
 * parser/json.h - JSON <-> value, through cJSON.
 *
 * Reading: cJSON parses and decodes; a second pass walks the text beside the
 * cJSON tree only to give every value its span (cJSON keeps none) and to
 * keep integers exact (cJSON keeps only a double). Writing (json_write.c):
 * values become cJSON trees (numbers as raw text we format exactly), cJSON
 * prints them, and the pretty layout is PowerShell's ConvertTo-Json layout.
 */
#ifndef IDLE_PARSER_JSON_H
#define IDLE_PARSER_JSON_H

#include "core/arena.h"
#include "core/diag.h"
#include "core/source.h"
#include "core/value.h"

#define JSON_CODE_SYNTAX       "json-syntax"
#define JSON_CODE_DUPLICATE    "json-duplicate-key"
#define JSON_CODE_UNSUPPORTED  "json-unsupported"
#define JSON_CODE_NO_JSON_FORM "no-json-form"

/* Parses src into *out. Returns 0, IDLE_EPARSE (errors in diags) or IDLE_ENOMEM. */
int idle_json_parse(idle_arena *a, idle_source *src, idle_diags *diags, idle_value *out);

/*
 * Writes v as JSON (IDLE_JSON_COMPACT or the ConvertTo-Json layout) into a
 * malloc'ed string. Values without a JSON form are reported in diags, located
 * in src when it is given. Returns 0, IDLE_EINVALID or IDLE_ENOMEM.
 */
int idle_json_write(char **out, size_t *len, const idle_value *v, unsigned flags, idle_source *src,
                    idle_diags *diags);

#endif
