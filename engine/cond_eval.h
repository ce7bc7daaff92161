/*
 * engine/cond_eval.h - evaluating a (schema-valid) condition node against
 * data: IdLE's Test-IdleCondition (shared/spec/idle-planning.md 6.4), with
 * lists kept as lists (ARCHITECTURE.md decisions 1 and 10).
 *
 * Comparisons use PowerShell's [string] forms, case-insensitively. A leading
 * "context." on a path is dropped when written exactly so, as IdLE does.
 */
#ifndef IDLE_ENGINE_COND_EVAL_H
#define IDLE_ENGINE_COND_EVAL_H

#include "core/buf.h"
#include "core/path.h"
#include "engine/condition.h"
#include "engine/lookup.h"

typedef struct idle_cond_eval {
	const idle_scope *scope;
	idle_path *path;            /* optional: on an error, the data path of the failing node */
	idle_buf *why;              /* optional: a sentence saying why the outcome is what it is */
	char error[512];            /* the message of an evaluation error */
	const idle_value *error_at; /* the operator value the error is about */
} idle_cond_eval;

/*
 * Evaluates node: *result is 1 or 0. Returns 0; IDLE_EINVALID for an
 * evaluation error (Contains on a scalar, Like on a hashtable, an invalid
 * wildcard pattern, an empty path segment; message in e->error); -1 when
 * out of memory.
 */
int idle_cond_evaluate(idle_cond_eval *e, const idle_value *node, int *result);

/* The .NET type name PowerShell would show for a value ("String", "Int32", "Hashtable"...). */
const char *idle_net_type_name(const idle_value *v);

#endif
