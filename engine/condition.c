/*
 * engine/condition.c - the condition schema (Test-IdleConditionSchema).
 */
#include "engine/condition.h"

#include <string.h>

#include "core/suggest.h"
#include "core/utf8.h"

static const char *const groups[] = {"All", "Any", "None", NULL};
const char *const idle_cond_op_names[] = {"Equals",      "NotEquals", "Exists",  "In", "Contains",
                                          "NotContains", "Like",      "NotLike", NULL};

/* The operand keys each operator takes (Exists takes Path only). */
static const char *const keys_value[] = {"Path", "Value", NULL};
static const char *const keys_values[] = {"Path", "Values", NULL};
static const char *const keys_pattern[] = {"Path", "Pattern", NULL};
static const char *const keys_path[] = {"Path", NULL};

static const char *const *op_keys(idle_cond_op op)
{
	switch (op) {
	case IDLE_COND_EXISTS:
		return keys_path;
	case IDLE_COND_IN:
		return keys_values;
	case IDLE_COND_LIKE:
	case IDLE_COND_NOTLIKE:
		return keys_pattern;
	default:
		return keys_value;
	}
}

static size_t error(idle_vctx *v, const idle_value *at, const char *fmt, const char *a,
                    const char *b)
{
	idle_vctx_error(v, IDLE_CODE_CONDITION, at, fmt, a, b);
	return 1;
}

static size_t check_operator(idle_vctx *v, idle_cond_op op, const idle_value *val)
{
	const char *name = idle_cond_op_names[op];
	const char *const *allowed = op_keys(op);
	const idle_value *path;
	size_t errs = 0;
	uint32_t i;

	idle_vctx_push_key(v, name, strlen(name));
	if (op == IDLE_COND_EXISTS && val->kind == IDLE_STRING) { /* the short form */
		if (idle_val_blank(val))
			errs += error(v, val, "Exists path must be a non-empty string", NULL, NULL);
		goto out;
	}
	if (val->kind != IDLE_MAP) {
		if (op == IDLE_COND_EXISTS)
			errs += error(v, val,
			              "Exists must be a string path or a hashtable with key Path",
			              NULL, NULL);
		else
			errs += error(v, val, "%s must be a hashtable with keys %s", name,
			              op == IDLE_COND_IN            ? "Path and Values"
			              : op_keys(op) == keys_pattern ? "Path and Pattern"
			                                            : "Path and Value");
		goto out;
	}
	for (i = 0; i < val->n; i++) {
		const idle_member *m = &val->u.members[i];

		if (!idle_utf8_in_list(m->key, m->klen, allowed)) {
			idle_diag *d = idle_vctx_error_key(
			    v, IDLE_CODE_CONDITION, m, "unknown key '%s' in %s: allowed are %s",
			    m->key, name,
			    allowed == keys_path      ? "Path"
			    : allowed == keys_values  ? "Path, Values"
			    : allowed == keys_pattern ? "Path, Pattern"
			                              : "Path, Value");

			const char *hint = idle_suggest(m->key, m->klen, allowed);

			if (hint)
				idle_diag_set_hint(d, "did you mean '%s'?", hint);
			errs++;
		}
	}
	path = idle_map_get(val, IDLE_LIT("Path"));
	if (!path || idle_val_blank(path))
		errs += error(v, val, "missing or empty Path", NULL, NULL);
	if (op == IDLE_COND_EXISTS)
		goto out;
	if (op == IDLE_COND_IN) {
		const idle_value *values = idle_map_get(val, IDLE_LIT("Values"));

		if (!values)
			errs += error(v, val, "missing Values", NULL, NULL);
		else if (values->kind == IDLE_NULL)
			errs += error(v, values, "Values must not be null", NULL, NULL);
		else if (values->kind == IDLE_MAP)
			errs += error(v, values,
			              "Values must be a list/array (or scalar), not a dictionary",
			              NULL, NULL);
	} else if (allowed == keys_pattern) {
		if (!idle_map_get(val, IDLE_LIT("Pattern")))
			errs += error(v, val, "missing Pattern", NULL, NULL);
	} else if (!idle_map_get(val, IDLE_LIT("Value"))) {
		errs += error(v, val, "missing Value", NULL, NULL);
	}
out:
	idle_vctx_pop(v);
	return errs;
}

static size_t check_group(idle_vctx *v, const char *name, const idle_value *val)
{
	size_t errs = 0;
	uint32_t i;

	idle_vctx_push_key(v, name, strlen(name));
	if (val->kind == IDLE_NULL) {
		errs += error(v, val,
		              "group value must not be null and must contain at least one "
		              "condition",
		              NULL, NULL);
	} else if (val->kind == IDLE_MAP) {
		/* a single hashtable counts as a one-node list */
		idle_vctx_push_index(v, 0);
		errs += idle_cond_check(v, val);
		idle_vctx_pop(v);
	} else if (val->kind != IDLE_ARRAY) {
		errs += error(v, val, "group value must be an array/list of condition nodes", NULL,
		              NULL);
	} else if (val->n == 0) {
		errs += error(v, val, "group must contain at least one condition node", NULL, NULL);
	} else {
		for (i = 0; i < val->n; i++) {
			idle_vctx_push_index(v, i);
			errs += idle_cond_check(v, &val->u.items[i]);
			idle_vctx_pop(v);
		}
	}
	idle_vctx_pop(v);
	return errs;
}

size_t idle_cond_check(idle_vctx *v, const idle_value *node)
{
	const idle_member *group = NULL, *op = NULL;
	int ngroups = 0, nops = 0, op_index = -1;
	size_t errs = 0;
	uint32_t i;

	if (node->kind != IDLE_MAP)
		return error(v, node, "condition node must be a hashtable/dictionary", NULL, NULL);
	for (i = 0; i < node->n; i++) {
		const idle_member *m = &node->u.members[i];
		int k;

		if (idle_utf8_in_list(m->key, m->klen, groups)) {
			ngroups++;
			group = m;
		}
		for (k = 0; idle_cond_op_names[k]; k++) {
			if (idle_utf8_caseeq(m->key, m->klen, idle_cond_op_names[k],
			                     strlen(idle_cond_op_names[k]))) {
				nops++;
				op = m;
				op_index = k;
			}
		}
	}
	if (ngroups && nops)
		return error(
		    v, node,
		    "condition node must be either a group (All/Any/None) or an operator "
		    "(Equals/NotEquals/Exists/In/Contains/NotContains/Like/NotLike), not both",
		    NULL, NULL);
	if (!ngroups && !nops) {
		idle_diag *d =
		    idle_vctx_error(v, IDLE_CODE_CONDITION, node,
		                    "condition node must specify one group (All/Any/None) "
		                    "or one operator (Equals/NotEquals/Exists/In/Contains/"
		                    "NotContains/Like/NotLike)");

		static const char *const all[] = {"All",         "Any",    "None",    "Equals",
		                                  "NotEquals",   "Exists", "In",      "Contains",
		                                  "NotContains", "Like",   "NotLike", NULL};
		const char *hint = node->n == 1 ? idle_suggest(node->u.members[0].key,
		                                               node->u.members[0].klen, all)
		                                : NULL;

		if (hint)
			idle_diag_set_hint(d, "did you mean '%s'?", hint);
		return 1;
	}
	if (ngroups + nops != 1)
		return error(v, node, "condition node must specify exactly one group/operator key",
		             NULL, NULL);
	for (i = 0; i < node->n; i++) {
		const idle_member *m = &node->u.members[i];

		if (m != group && m != op) {
			idle_vctx_error_key(v, IDLE_CODE_CONDITION, m,
			                    "unknown key '%s' in condition node", m->key);
			errs++;
		}
	}
	if (errs)
		return errs;
	if (group)
		return check_group(v, group->key, &group->val);
	return check_operator(v, (idle_cond_op)op_index, &op->val);
}

static void push(idle_vctx *v, const idle_member *m)
{
	if (v)
		idle_vctx_push_key(v, m->key, m->klen);
}

static void pop(idle_vctx *v)
{
	if (v)
		idle_vctx_pop(v);
}

void idle_cond_walk_paths(const idle_value *node, idle_vctx *v,
                          void (*fn)(void *ud, idle_cond_op op, const idle_value *path,
                                     const idle_value *operand),
                          void *ud)
{
	uint32_t i;

	if (!node || node->kind != IDLE_MAP)
		return;
	for (i = 0; i < node->n; i++) {
		const idle_member *m = &node->u.members[i];
		int k;

		if (idle_utf8_in_list(m->key, m->klen, groups)) {
			push(v, m);
			if (m->val.kind == IDLE_MAP) {
				if (v)
					idle_vctx_push_index(v, 0);
				idle_cond_walk_paths(&m->val, v, fn, ud);
				pop(v);
			} else if (m->val.kind == IDLE_ARRAY) {
				for (uint32_t j = 0; j < m->val.n; j++) {
					if (v)
						idle_vctx_push_index(v, j);
					idle_cond_walk_paths(&m->val.u.items[j], v, fn, ud);
					pop(v);
				}
			}
			pop(v);
			continue;
		}
		for (k = 0; idle_cond_op_names[k]; k++) {
			if (!idle_utf8_caseeq(m->key, m->klen, idle_cond_op_names[k],
			                      strlen(idle_cond_op_names[k])))
				continue;
			push(v, m);
			if (k == IDLE_COND_EXISTS && m->val.kind == IDLE_STRING) {
				fn(ud, (idle_cond_op)k, &m->val, &m->val);
			} else if (m->val.kind == IDLE_MAP &&
			           idle_map_get(&m->val, IDLE_LIT("Path"))) {
				fn(ud, (idle_cond_op)k, idle_map_get(&m->val, IDLE_LIT("Path")),
				   &m->val);
			}
			pop(v);
		}
	}
}
