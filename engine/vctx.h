/*
 * engine/vctx.h - the context of a validation pass: where in the data we are
 * (data path), which source the values come from (locations), and where
 * problems go. Every check reports through it in one line.
 */
#ifndef IDLE_ENGINE_VCTX_H
#define IDLE_ENGINE_VCTX_H

#include "core/diag.h"
#include "core/path.h"
#include "core/source.h"
#include "core/value.h"

typedef struct idle_vctx {
	idle_source *src;
	idle_diags *diags;
	idle_path path;
	size_t errors;
	int oom;
	int schema_only; /* IdLE's Test-IdleWorkflow rules only */
	int plan_time; /* With schema and templates are left to planning (applicable steps only) */
	const idle_value *exec_options; /* the providers file's ExecutionOptions, when known */
} idle_vctx;

void idle_vctx_init(idle_vctx *v, idle_source *src, idle_diags *diags);
void idle_vctx_free(idle_vctx *v);

/* Reports at value `at` (its span), with the current data path. Returns the entry (may be NULL). */
idle_diag *idle_vctx_error(idle_vctx *v, const char *code, const idle_value *at, const char *fmt,
                           ...) __attribute__((format(printf, 4, 5)));
idle_diag *idle_vctx_warning(idle_vctx *v, const char *code, const idle_value *at, const char *fmt,
                             ...) __attribute__((format(printf, 4, 5)));
idle_diag *idle_vctx_report(idle_vctx *v, idle_severity sev, const char *code, size_t start,
                            size_t end, const char *fmt, va_list ap);
/* Reports at the key of a map entry, with the entry's path. */
idle_diag *idle_vctx_error_key(idle_vctx *v, const char *code, const idle_member *m,
                               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Adds the hint "did you mean 'x'?" to d when word is close to an entry x of list. */
void idle_diag_suggest(idle_diag *d, const char *word, size_t len, const char *const *list);

/*
 * The key of m when it is not in allowed (case-insensitively): the error
 * "unknown key 'K' in WHERE; allowed keys: ...", at the key, with a
 * did-you-mean hint. Returns the entry, or NULL when the key is allowed.
 */
idle_diag *idle_vctx_unknown_key(idle_vctx *v, const char *code, const idle_member *m,
                                 const char *const *allowed, const char *where);

/*
 * Reports what data may not hold, everywhere under value, each at its
 * location and path: script blocks ("script blocks are not allowed in
 * <what>", with hint when not NULL), and strings or keys holding a NUL
 * character (a provider would see only the text before it).
 */
void idle_vctx_data_only(idle_vctx *v, const idle_value *value, const char *what, const char *hint);

void idle_vctx_push_key(idle_vctx *v, const char *key, size_t klen);
void idle_vctx_push_index(idle_vctx *v, size_t i);
void idle_vctx_pop(idle_vctx *v);
/* Pushes a relative data path ("Permissions[1].Right"); returns how many segments to pop. */
size_t idle_vctx_push_relative(idle_vctx *v, const char *rel);

#endif
