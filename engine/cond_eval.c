/*
 * engine/cond_eval.c - Test-IdleCondition.
 */
#include "engine/cond_eval.h"

#include <stdio.h>
#include <string.h>

#include "core/secret.h"
#include "core/utf8.h"
#include "engine/redact.h"
#include "engine/wildcard.h"

const char *idle_net_type_name(const idle_value *v)
{
	if (!v)
		return "null";
	switch (v->kind) {
	case IDLE_STRING:
		return "String";
	case IDLE_BOOL:
		return "Boolean";
	case IDLE_INT:
		return v->ntype ? idle_numtype_name((idle_numtype)v->ntype) : "Int64";
	case IDLE_NUMBER:
		return v->ntype ? idle_numtype_name((idle_numtype)v->ntype) : "Double";
	case IDLE_ARRAY:
		return "Object[]";
	case IDLE_MAP:
		return "Hashtable";
	case IDLE_SCRIPTBLOCK:
		return "ScriptBlock";
	default:
		return "null";
	}
}

static int fail(idle_cond_eval *e, const idle_value *at, const char *fmt, const char *a,
                const char *b)
{
	snprintf(e->error, sizeof(e->error), fmt, a, b);
	e->error_at = at;
	return IDLE_EINVALID;
}

/* ---- explanations ----------------------------------------------------------------- */

/* A short rendering of a value for explanations: 'text', 42, $true, @('a', 'b'), a hashtable. */
static void repr(idle_buf *b, const idle_value *v)
{
	uint32_t i;

	if (!v || v->kind == IDLE_NULL) {
		idle_buf_adds(b, "$null");
		return;
	}
	switch (v->kind) {
	case IDLE_STRING: {
		size_t n = v->n > 60 ? 57 : v->n;

		while (n < v->n && n > 0 && ((unsigned char)v->u.s[n] & 0xC0) == 0x80)
			n--; /* cut between characters, not inside one */

		idle_buf_addc(b, '\'');
		idle_buf_add(b, v->u.s, n);
		idle_buf_adds(b, n < v->n ? "...'" : "'");
		break;
	}
	case IDLE_BOOL:
		idle_buf_adds(b, v->u.i ? "$true" : "$false");
		break;
	case IDLE_ARRAY:
		idle_buf_adds(b, "@(");
		for (i = 0; i < v->n && i < 5; i++) {
			if (i)
				idle_buf_adds(b, ", ");
			repr(b, &v->u.items[i]);
		}
		idle_buf_adds(b, i < v->n ? ", ...)" : ")");
		break;
	case IDLE_MAP:
		idle_buf_adds(b, "a hashtable");
		break;
	default:
		idle_val_text(b, v);
	}
}

/* 1 if a segment of the dotted path names a secret (Request.Intent.Password). */
static int secret_path(const char *path)
{
	const char *seg = path, *dot;

	for (;; seg = dot + 1) {
		dot = strchr(seg, '.');
		if (idle_secret_key(seg, dot ? (size_t)(dot - seg) : strlen(seg)))
			return 1;
		if (!dot)
			return 0;
	}
}

static void explain(idle_cond_eval *e, const char *path, const idle_value *actual,
                    const char *relation, const idle_value *operand)
{
	int secret = secret_path(path);

	if (!e->why)
		return;
	idle_buf_reset(e->why);
	idle_buf_adds(e->why, path);
	if (!actual) {
		idle_buf_adds(e->why, " is missing");
	} else if (secret) {
		idle_buf_adds(e->why, " is " IDLE_REDACTED); /* what it holds is never told */
	} else {
		idle_buf_adds(e->why, " is ");
		repr(e->why, actual);
	}
	if (relation) {
		idle_buf_adds(e->why, relation);
		if (operand && secret)
			idle_buf_adds(e->why, IDLE_REDACTED);
		else if (operand)
			repr(e->why, operand);
	}
}

/* ---- operators --------------------------------------------------------------------- */

static int resolve(idle_cond_eval *e, const idle_value *opv, const idle_value *path,
                   const idle_value **out)
{
	const char *p = path->u.s;
	size_t n = path->n;
	int rc;

	if (n > 8 && !memcmp(p, "context.", 8)) {
		p += 8;
		n -= 8;
	}
	rc = idle_lookup(e->scope, p, n, out);
	if (rc == IDLE_LOOKUP_EMPTY_SEGMENT)
		return fail(e, opv, "invalid path '%s': a path has no empty segments%s", path->u.s,
		            "");
	return rc;
}

static int text_equal(const idle_value *a, const idle_value *b)
{
	return idle_val_text_equal(a, b);
}

static int like(idle_cond_eval *e, const idle_value *opv, const idle_value *item,
                const idle_value *pattern, int *match)
{
	idle_buf s = IDLE_BUF_INIT, p = IDLE_BUF_INIT;
	int rc;

	idle_val_text(&s, item);
	idle_val_text(&p, pattern);
	idle_buf_addc(&s, 0);
	idle_buf_addc(&p, 0);
	if (s.failed || p.failed) {
		idle_buf_free(&s);
		idle_buf_free(&p);
		return -1;
	}
	rc = idle_wildcard_match(p.data, p.len - 1, s.data, s.len - 1);
	if (rc == IDLE_WILDCARD_INVALID)
		fail(e, opv, "the specified wildcard character pattern is not valid: %s%s", p.data,
		     "");
	idle_buf_free(&s);
	idle_buf_free(&p);
	if (rc == IDLE_WILDCARD_INVALID)
		return IDLE_EINVALID;
	if (rc < 0)
		return -1;
	*match = rc;
	return 0;
}

static int evaluate_op(idle_cond_eval *e, idle_cond_op op, const idle_value *opv, int *result)
{
	const idle_value *path, *actual = NULL, *operand = NULL;
	const char *name = idle_cond_op_names[op];
	int rc, fact = 0;
	uint32_t i;

	path = op == IDLE_COND_EXISTS && opv->kind == IDLE_STRING
	           ? opv
	           : idle_map_get(opv, IDLE_LIT("Path"));
	if (!path || path->kind != IDLE_STRING)
		return fail(e, opv, "%s needs a Path%s", name, "");
	rc = resolve(e, opv, path, &actual);
	if (rc)
		return rc;
	switch (op) {
	case IDLE_COND_EQUALS:
	case IDLE_COND_NOTEQUALS:
		operand = idle_map_get(opv, IDLE_LIT("Value"));
		fact = text_equal(actual, operand);
		*result = op == IDLE_COND_EQUALS ? fact : !fact;
		explain(e, path->u.s, actual, fact ? NULL : ", not ", operand);
		return 0;
	case IDLE_COND_EXISTS:
		*result = actual != NULL;
		if (e->why) {
			idle_buf_reset(e->why);
			idle_buf_printf(e->why, "%s %s", path->u.s,
			                actual ? "exists" : "does not exist");
		}
		return 0;
	case IDLE_COND_IN: {
		const idle_value *vals = idle_map_get(opv, IDLE_LIT("Values"));

		operand = vals;
		if (vals && vals->kind == IDLE_ARRAY) {
			for (i = 0; i < vals->n && !fact; i++)
				fact = text_equal(actual, &vals->u.items[i]);
		} else if (vals && vals->kind != IDLE_NULL) {
			fact = text_equal(actual, vals);
		}
		*result = fact;
		explain(e, path->u.s, actual, fact ? ", one of " : ", not one of ", operand);
		return 0;
	}
	case IDLE_COND_CONTAINS:
	case IDLE_COND_NOTCONTAINS:
		operand = idle_map_get(opv, IDLE_LIT("Value"));
		if (actual && actual->kind == IDLE_MAP)
			return fail(e, opv,
			            "%s requires Path to resolve to a list/array, not a "
			            "hashtable/dictionary%s",
			            name, "");
		if (actual && actual->kind != IDLE_ARRAY)
			return fail(e, opv, "%s requires Path to resolve to a list, but got '%s'",
			            name, idle_net_type_name(actual));
		for (i = 0; actual && i < actual->n && !fact; i++)
			fact = text_equal(&actual->u.items[i], operand);
		*result = op == IDLE_COND_CONTAINS ? fact : !fact;
		explain(e, path->u.s, actual,
		        fact ? ", which contains " : ", which does not contain ", operand);
		return 0;
	case IDLE_COND_LIKE:
	case IDLE_COND_NOTLIKE:
		operand = idle_map_get(opv, IDLE_LIT("Pattern"));
		if (actual && actual->kind == IDLE_MAP)
			return fail(
			    e, opv,
			    "%s cannot evaluate a hashtable/dictionary; use a list/array or "
			    "scalar value%s",
			    name, "");
		if (actual && actual->kind == IDLE_ARRAY) {
			for (i = 0; i < actual->n && !fact; i++) {
				rc = like(e, opv, &actual->u.items[i], operand, &fact);
				if (rc)
					return rc;
			}
		} else if (actual) {
			rc = like(e, opv, actual, operand, &fact);
			if (rc)
				return rc;
		}
		*result = op == IDLE_COND_LIKE ? fact : !fact;
		explain(e, path->u.s, actual, fact ? ", which matches " : ", which does not match ",
		        operand);
		return 0;
	}
	return fail(e, opv, "unknown operator %s%s", name, "");
}

/* Puts text in front of what b holds. */
static void prefix(idle_buf *b, const char *text)
{
	idle_buf tmp = IDLE_BUF_INIT;

	if (!b)
		return;
	idle_buf_adds(&tmp, text);
	if (b->len)
		idle_buf_add(&tmp, b->data, b->len);
	idle_buf_reset(b);
	if (tmp.len)
		idle_buf_add(b, tmp.data, tmp.len);
	idle_buf_free(&tmp);
}

static int evaluate_group(idle_cond_eval *e, const idle_member *g, int *result)
{
	const idle_value *list = &g->val;
	uint32_t n = list->kind == IDLE_ARRAY ? list->n : 1, i;
	int all = idle_member_is(g, "All"), any = idle_member_is(g, "Any"),
	    none = idle_member_is(g, "None");
	int rc;

	*result = all || none; /* the empty group, which the schema rules out */
	for (i = 0; i < n; i++) {
		const idle_value *child = list->kind == IDLE_ARRAY ? &list->u.items[i] : list;
		int r;

		if (e->path)
			idle_path_push_index(e->path, i);
		rc = idle_cond_evaluate(e, child, &r);
		if (rc)
			return rc;
		if (e->path)
			idle_path_pop(e->path);
		if (all && !r) {
			*result = 0;
			return 0;
		}
		if (any && r) {
			*result = 1;
			return 0;
		}
		if (none && r) {
			*result = 0;
			prefix(e->why, "a condition of None holds: ");
			return 0;
		}
	}
	if (any && n > 1 && e->why)
		prefix(e->why, "no condition of Any holds; the last: ");
	if (none && e->why) {
		idle_buf_reset(e->why);
		idle_buf_adds(e->why, "no condition of None holds");
	}
	return 0;
}

int idle_cond_evaluate(idle_cond_eval *e, const idle_value *node, int *result)
{
	uint32_t i;
	int k, rc;

	*result = 0;
	if (!node || node->kind != IDLE_MAP)
		return fail(e, node, "a condition node must be a hashtable%s%s", "", "");
	for (i = 0; i < node->n; i++) {
		const idle_member *m = &node->u.members[i];

		if (idle_member_is(m, "All") || idle_member_is(m, "Any") ||
		    idle_member_is(m, "None")) {
			if (e->path)
				idle_path_push_key(e->path, m->key, m->klen);
			rc = evaluate_group(e, m, result);
			if (rc)
				return rc;
			if (e->path)
				idle_path_pop(e->path);
			return 0;
		}
		for (k = 0; idle_cond_op_names[k]; k++) {
			if (!idle_member_is(m, idle_cond_op_names[k]))
				continue;
			if (e->path)
				idle_path_push_key(e->path, m->key, m->klen);
			rc = evaluate_op(e, (idle_cond_op)k, &m->val, result);
			if (rc)
				return rc;
			if (e->path)
				idle_path_pop(e->path);
			return 0;
		}
	}
	return fail(e, node, "a condition node must hold a group or an operator%s%s", "", "");
}
