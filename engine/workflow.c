/*
 * engine/workflow.c - the rules of a workflow definition: root keys, step
 * collections, step keys and values, the step catalog's With schema,
 * context resolvers (Test-IdleWorkflowSchema, Test-IdleStepDefinition,
 * Resolve-IdleStepMetadataCatalog's checks), with typo hints.
 */
#include "engine/workflow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/suggest.h"
#include "core/utf8.h"
#include "engine/capability.h"
#include "engine/condition.h"
#include "engine/execopts.h"
#include "engine/regex.h"
#include "engine/template.h"

/* Keys of a step itself that are sometimes written inside With by mistake. */
static const char *const step_level_keys[] = {"Condition",
                                              "Precondition",
                                              "OnPreconditionFalse",
                                              "PreconditionEvent",
                                              "RetryProfile",
                                              "Description",
                                              "Name",
                                              "Type",
                                              NULL};

static const char *const root_keys[] = {
    "Name", "LifecycleEvent", "Steps", "OnFailureSteps", "Description", "ContextResolvers", NULL};
static const char *const step_keys[] = {"Name",
                                        "Type",
                                        "Condition",
                                        "With",
                                        "Description",
                                        "RetryProfile",
                                        "Precondition",
                                        "OnPreconditionFalse",
                                        "PreconditionEvent",
                                        NULL};
static const char *const resolver_keys[] = {"Capability", "With", NULL};
static const char *const precondition_false[] = {"Blocked", "Fail", "Continue", NULL};
static const char *const event_keys[] = {"Type", "Message", "Data", NULL};
static const char *const lifecycle_events[] = {"Joiner", "Mover", "Leaver", "Operational", NULL};

/* ---- small helpers ------------------------------------------------------------ */

/* A scalar that PowerShell would turn into sensible text (strings and numbers). */
static int textual(const idle_value *v)
{
	return v->kind == IDLE_STRING || v->kind == IDLE_INT || v->kind == IDLE_NUMBER;
}

#define a_kind idle_val_describe

/* Reports every key of map not in allowed, at the key. what: "root", "Steps[0]"... */
static void unknown_keys(idle_vctx *v, const idle_value *map, const char *const *allowed,
                         const char *what)
{
	uint32_t i;

	for (i = 0; i < map->n; i++) {
		const idle_member *m = &map->u.members[i];
		idle_diag *d = idle_vctx_unknown_key(v, IDLE_CODE_UNKNOWN_KEY, m, allowed, what);

		/* two keys people carry over from older workflows get a better hint */
		if (d && allowed == step_keys && idle_member_is(m, "When"))
			idle_diag_set_hint(d, "'When' has been renamed to 'Condition'");
		else if (d && allowed == resolver_keys &&
		         (idle_member_is(m, "Provider") || idle_member_is(m, "To")))
			idle_diag_set_hint(d,
			                   "resolver inputs such as Provider go inside With; the "
			                   "output path is fixed by the capability");
	}
}

/* A required text entry: reports when missing, blank, or not text. Returns the value or NULL. */
static const idle_value *want_text(idle_vctx *v, const idle_value *map, const char *key,
                                   const char *what)
{
	const idle_value *val = idle_map_get(map, key, strlen(key));

	if (!val || idle_val_blank(val)) {
		if (val)
			idle_vctx_push_key(v, key, strlen(key));
		idle_vctx_error(v, IDLE_CODE_MISSING_KEY, val ? val : map,
		                "missing or empty required key '%s'%s%s", key, *what ? " in " : "",
		                what);
		if (val)
			idle_vctx_pop(v);
		return NULL;
	}
	if (!textual(val) && !v->schema_only) {
		idle_vctx_push_key(v, key, strlen(key));
		idle_vctx_error(v, IDLE_CODE_TYPE, val, "'%s' must be a string, not %s", key,
		                a_kind(val));
		idle_vctx_pop(v);
		return NULL;
	}
	return val;
}

/* An optional text entry: reports when present, not null and not text. */
static void optional_text(idle_vctx *v, const idle_value *map, const char *key)
{
	const idle_value *val = idle_map_get(map, key, strlen(key));

	if (val && val->kind != IDLE_NULL && !textual(val) && !v->schema_only) {
		idle_vctx_push_key(v, key, strlen(key));
		idle_vctx_error(v, IDLE_CODE_TYPE, val, "'%s' must be a string, not %s", key,
		                a_kind(val));
		idle_vctx_pop(v);
	}
}

/* ---- templates ------------------------------------------------------------------ */

typedef struct tmpl_ctx {
	idle_vctx *v;
	const idle_value *str;
} tmpl_ctx;

/* Source offset of byte i of a string value, when the literal maps 1:1 onto its text. */
/* "did you mean 'Request.Intent.X'?" for a template path whose root is a typo (Request.Intnet.X). */
static void suggest_root(idle_diag *d, const char *path, size_t len)
{
	const char *dot = memchr(path, '.', len), *end;
	const char *root;
	size_t rlen;

	if (!dot)
		return;
	end = memchr(dot + 1, '.', len - (size_t)(dot + 1 - path));
	rlen = end ? (size_t)(end - path) : len;
	root = idle_suggest(path, rlen, idle_tmpl_roots);
	if (root)
		idle_diag_set_hint(d, "did you mean '%s%.*s'?", root, (int)(len - rlen),
		                   path + rlen);
}

static size_t string_offset(const idle_vctx *v, const idle_value *s, size_t i, int *exact)
{
	const char *t = v->src->text;

	*exact = 0;
	if (s->start == IDLE_NOSPAN || s->end > v->src->len)
		return IDLE_NOSPAN;
	/* 'text' or "text" whose inside is byte for byte the value */
	if (s->end - s->start == s->n + 2 && !memcmp(t + s->start + 1, s->u.s, s->n)) {
		*exact = 1;
		return s->start + 1 + i;
	}
	return s->start;
}

void idle_wf_template_issue(idle_vctx *v, const idle_value *str, const idle_tmpl_issue *is)
{
	size_t b, e;
	int exact;
	idle_diag *d;
	char roots[256];
	idle_value at = *str;

	b = string_offset(v, str, is->start, &exact);
	e = exact ? string_offset(v, str, is->end, &exact) : str->end;
	if (b == IDLE_NOSPAN)
		b = e = IDLE_NOSPAN;
	at.start = (uint32_t)b;
	at.end = (uint32_t)e;
	switch (is->problem) {
	case IDLE_TMPL_UNBALANCED:
		d = idle_vctx_error(v, IDLE_CODE_TEMPLATE, str,
		                    "unbalanced braces in template value: %zu opening '{{' and %zu "
		                    "closing '}}'",
		                    is->opens, is->closes);
		idle_diag_set_hint(d, "a placeholder is {{Request.Intent.Name}}; write a literal "
		                      "'{{' as '\\{{'");
		return;
	case IDLE_TMPL_PATH:
		idle_vctx_error(v, IDLE_CODE_TEMPLATE, &at,
		                "invalid template path '%.*s': paths are dot-separated identifiers "
		                "(letters, digits, underscores) without spaces or other characters",
		                (int)is->plen, is->path);
		return;
	case IDLE_TMPL_NULL:
		d = idle_vctx_error(v, IDLE_CODE_TEMPLATE, &at,
		                    "template path '%.*s' resolved to null or does not exist",
		                    (int)is->plen, is->path);
		idle_diag_set_hint(d, "the request must hold every value its templates use (only "
		                      "applicable steps are resolved)");
		return;
	case IDLE_TMPL_NONSCALAR:
		if (is->pure)
			d = idle_vctx_error(
			    v, IDLE_CODE_TEMPLATE, &at,
			    "template path '%.*s' resolved to a non-scalar value (%s): templates "
			    "only take scalar values (string, number, bool)",
			    (int)is->plen, is->path,
			    is->value && is->value->kind == IDLE_MAP
			        ? "System.Collections.Hashtable"
			        : "System.Object[]");
		else
			d = idle_vctx_error(
			    v, IDLE_CODE_TEMPLATE, &at,
			    "template path '%.*s' resolved to a non-scalar value (%s) "
			    "inside text: templates only take scalar values (string, "
			    "number, bool)",
			    (int)is->plen, is->path, a_kind(is->value));
		idle_diag_set_hint(d, "name a single value, or flatten the data in the request");
		return;
	case IDLE_TMPL_SCRIPTBLOCK:
		idle_vctx_error(v, IDLE_CODE_TEMPLATE, &at,
		                "template path '%.*s' resolved to a script block: script blocks "
		                "are not allowed in template resolution",
		                (int)is->plen, is->path);
		return;
	default: {
		size_t i;

		d = idle_vctx_error(v, IDLE_CODE_TEMPLATE, &at,
		                    "template path '%.*s' is not allowed: only %s may be used",
		                    (int)is->plen, is->path,
		                    idle_join(idle_tmpl_roots, roots, sizeof(roots)));
		for (i = 0; idle_tmpl_roots[i]; i++) {
			size_t rl = strlen(idle_tmpl_roots[i]);

			if (is->plen > rl && !strncasecmp(is->path, idle_tmpl_roots[i], rl) &&
			    is->path[rl] == '.') {
				idle_diag_set_hint(d, "the root is case-sensitive: write '%s%.*s'",
				                   idle_tmpl_roots[i], (int)(is->plen - rl),
				                   is->path + rl);
				return;
			}
		}
		if (is->plen > 17 && !strncasecmp(is->path, "Request.Identity.", 17))
			idle_diag_set_hint(d,
			                   "a request has no 'Identity': identity data belongs in "
			                   "Request.IdentityKeys or Request.Context.Identity");
		else if (is->plen > 21 && !strncasecmp(is->path, "Request.DesiredState.", 21))
			idle_diag_set_hint(d,
			                   "DesiredState is only an alias in request files: write "
			                   "Request.Intent.%.*s",
			                   (int)(is->plen - 21), is->path + 21);
		else
			suggest_root(d, is->path, is->plen);
		return;
	}
	}
}

static void tmpl_issue(void *ud, const idle_tmpl_issue *is)
{
	tmpl_ctx *c = ud;

	idle_wf_template_issue(c->v, c->str, is);
}

void idle_wf_check_templates(idle_vctx *v, const idle_value *value)
{
	uint32_t i;

	switch (value->kind) {
	case IDLE_STRING: {
		tmpl_ctx c = {v, value};

		if (idle_tmpl_check(value->u.s, value->n, tmpl_issue, &c) < 0)
			v->oom = 1;
		break;
	}
	case IDLE_ARRAY:
		for (i = 0; i < value->n; i++) {
			idle_vctx_push_index(v, i);
			idle_wf_check_templates(v, &value->u.items[i]);
			idle_vctx_pop(v);
		}
		break;
	case IDLE_MAP:
		for (i = 0; i < value->n; i++) {
			const idle_member *m = &value->u.members[i];

			idle_vctx_push_key(v, m->key, m->klen);
			idle_wf_check_templates(v, &m->val);
			idle_vctx_pop(v);
		}
		break;
	default:
		break;
	}
}

/* Warns about {{templates}} where IdLE does not resolve them. */
static void templates_not_resolved(idle_vctx *v, const idle_value *value, const char *where)
{
	uint32_t i;

	if (value->kind == IDLE_STRING && idle_tmpl_candidate(value->u.s, value->n)) {
		idle_diag *d =
		    idle_vctx_warning(v, IDLE_CODE_NOT_RESOLVED, value,
		                      "templates are not resolved in %s: this text is used "
		                      "as written",
		                      where);

		idle_diag_set_hint(d, "only With values are resolved against the request");
	} else if (value->kind == IDLE_ARRAY || value->kind == IDLE_MAP) {
		for (i = 0; i < value->n; i++) {
			const idle_value *c = idle_value_at(value, i);

			if (value->kind == IDLE_MAP)
				idle_vctx_push_key(v, value->u.members[i].key,
				                   value->u.members[i].klen);
			else
				idle_vctx_push_index(v, i);
			templates_not_resolved(v, c, where);
			idle_vctx_pop(v);
		}
	}
}

/* ---- script blocks ----------------------------------------------------------------- */

void idle_wf_check_data_only(idle_vctx *v, const idle_value *value)
{
	idle_vctx_data_only(v, value, "workflow data (a workflow is data only)",
	                    "logic belongs in a step type; use a declarative Condition to "
	                    "decide whether a step runs");
}

/* ---- condition paths ------------------------------------------------------------------ */

typedef struct paths_ctx {
	idle_vctx *v;
	int precondition;
} paths_ctx;

static const char *const request_props[] = {"LifecycleEvent", "IdentityKeys", "Intent", "Context",
                                            "CorrelationId",  "Actor",        NULL};
static const char *const plan_props[] = {
    "WorkflowName", "LifecycleEvent", "CorrelationId", "Request",  "Actor",     "CreatedUtc",
    "Steps",        "OnFailureSteps", "Actions",       "Warnings", "Providers", NULL};
static const char *const workflow_props[] = {
    "Name", "LifecycleEvent", "Description", "Steps", "OnFailureSteps", "ContextResolvers", NULL};

/* Length of the first dot-separated segment of s (n bytes). */
static size_t seg_len(const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);

	return dot ? (size_t)(dot - s) : n;
}

static void check_path(void *ud, idle_cond_op op, const idle_value *path, const idle_value *operand)
{
	paths_ctx *c = ud;
	idle_vctx *v = c->v;
	const char *s, *root_hint;
	size_t n, r, p;
	const char *const *props;
	idle_diag *d;
	/* Equals, NotEquals and In paths must resolve when the plan is built */
	int must_exist = !c->precondition && (op == IDLE_COND_EQUALS || op == IDLE_COND_NOTEQUALS ||
	                                      op == IDLE_COND_IN);

	if (path->kind != IDLE_STRING || idle_val_blank(path))
		return;
	if (operand && operand->kind == IDLE_MAP) {
		uint32_t i;

		for (i = 0; i < operand->n; i++) {
			const idle_member *m = &operand->u.members[i];

			if (!idle_member_is(m, "Path") && m->val.kind == IDLE_STRING &&
			    idle_tmpl_candidate(m->val.u.s, m->val.n)) {
				idle_vctx_push_key(v, m->key, m->klen);
				idle_vctx_warning(
				    v, IDLE_CODE_NOT_RESOLVED, &m->val,
				    "templates are not resolved in conditions: '%s' is "
				    "compared as written",
				    m->val.u.s);
				idle_vctx_pop(v);
			}
		}
	}
	s = path->u.s;
	n = path->n;
	if (n > 8 && !strncasecmp(s, "context.", 8)) {
		if (strncmp(s, "context.", 8)) {
			d = idle_vctx_warning(
			    v, IDLE_CODE_CONDITION_PATH, path,
			    "IdLE drops a leading 'context.' only when it is written "
			    "in lower case: this path resolves to nothing");
			idle_diag_set_hint(d, "write 'context.%s' or '%s'", s + 8, s + 8);
			return;
		}
		s += 8;
		n -= 8;
	}
	r = seg_len(s, n);
	if (r == 7 && !strncasecmp(s, "Request", 7))
		props = request_props;
	else if (r == 4 && !strncasecmp(s, "Plan", 4))
		props = plan_props;
	else if (r == 8 && !strncasecmp(s, "Workflow", 8) && !c->precondition)
		props = workflow_props;
	else {
		root_hint = c->precondition ? "Plan and Request (at run time)"
		                            : "Plan, Request and Workflow";
		if (must_exist)
			d = idle_vctx_error(v, IDLE_CODE_CONDITION_PATH, path,
			                    "condition path '%s' can never resolve: the roots of a "
			                    "path are %s",
			                    path->u.s, root_hint);
		else
			d = idle_vctx_warning(
			    v, IDLE_CODE_CONDITION_PATH, path,
			    "%s path '%s' resolves to nothing: the roots of a path "
			    "are %s",
			    c->precondition ? "precondition" : "condition", path->u.s, root_hint);
		if (c->precondition)
			idle_diag_suggest(d, s, r, (const char *const[]){"Request", "Plan", NULL});
		else
			idle_diag_suggest(
			    d, s, r, (const char *const[]){"Request", "Plan", "Workflow", NULL});
		return;
	}
	if (r >= n)
		return;
	p = seg_len(s + r + 1, n - r - 1);
	if (!idle_utf8_in_list(s + r + 1, p, props)) {
		if (must_exist)
			d = idle_vctx_error(v, IDLE_CODE_CONDITION_PATH, path,
			                    "condition path '%s' can never resolve: '%.*s' has no "
			                    "'%.*s'",
			                    path->u.s, (int)r, s, (int)p, s + r + 1);
		else
			d = idle_vctx_warning(v, IDLE_CODE_CONDITION_PATH, path,
			                      "path '%s' resolves to nothing: '%.*s' has no '%.*s'",
			                      path->u.s, (int)r, s, (int)p, s + r + 1);
		if (props == request_props && p == 8 && !strncasecmp(s + r + 1, "Identity", 8))
			idle_diag_set_hint(d, "identity data belongs in Request.IdentityKeys or "
			                      "Request.Context.Identity");
		else
			idle_diag_suggest(d, s + r + 1, p, props);
		return;
	}
	/* Request.Context.Current exists only while a Precondition is evaluated */
	if (!c->precondition && props == request_props && n - r > 16 &&
	    !strncasecmp(s + r, ".Context.Current", 16) && (n - r == 16 || s[r + 16] == '.'))
		idle_vctx_warning(v, IDLE_CODE_CONDITION_PATH, path,
		                  "Request.Context.Current only exists while Preconditions are "
		                  "evaluated at run time; in a Condition it resolves to nothing");
}

static void check_condition(idle_vctx *v, const idle_value *step, const char *key, int precondition,
                            const char *what)
{
	const idle_value *c = idle_map_get(step, key, strlen(key));

	if (!c || c->kind == IDLE_NULL)
		return;
	idle_vctx_push_key(v, key, strlen(key));
	if (c->kind != IDLE_MAP) {
		idle_vctx_error(v, IDLE_CODE_TYPE, c, "'%s' must be a hashtable (%s), not %s", key,
		                what, a_kind(c));
	} else if (idle_cond_check(v, c) == 0 && !v->schema_only) {
		paths_ctx pc = {v, precondition};

		idle_cond_walk_paths(c, v, check_path, &pc);
	}
	idle_vctx_pop(v);
}

/* ---- steps --------------------------------------------------------------------------- */

struct idle_step_check {
	idle_vctx *v;
	const idle_step_type *type;
};

const idle_step_type *idle_step_check_type(const idle_step_check *chk)
{
	return chk->type;
}

/*
 * A problem with a With value. Validation calls it an error; at plan time
 * it is a warning, since IdLE's planning does not look at values (the step
 * would fail when it runs).
 */
static idle_diag *value_problem(idle_vctx *v, const idle_value *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static idle_diag *value_problem(idle_vctx *v, const idle_value *at, const char *fmt, ...)
{
	va_list ap;
	idle_diag *d;

	va_start(ap, fmt);
	d = idle_vctx_report(v, v->plan_time ? IDLE_SEV_WARNING : IDLE_SEV_ERROR,
	                     IDLE_CODE_WITH_VALUE, at ? at->start : IDLE_NOSPAN,
	                     at ? at->end : IDLE_NOSPAN, fmt, ap);
	va_end(ap);
	return d;
}

static void step_report(idle_step_check *chk, idle_severity sev, const idle_value *at,
                        const char *key, const char *fmt, va_list ap)
{
	size_t n = idle_vctx_push_relative(chk->v, key);

	if (chk->v->plan_time)
		sev = IDLE_SEV_WARNING;

	idle_vctx_report(chk->v, sev, IDLE_CODE_WITH_VALUE, at ? at->start : IDLE_NOSPAN,
	                 at ? at->end : IDLE_NOSPAN, fmt, ap);
	while (n--)
		idle_vctx_pop(chk->v);
}

void idle_step_check_error(idle_step_check *chk, const idle_value *at, const char *key,
                           const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	step_report(chk, IDLE_SEV_ERROR, at, key, fmt, ap);
	va_end(ap);
}

void idle_step_check_warning(idle_step_check *chk, const idle_value *at, const char *key,
                             const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	step_report(chk, IDLE_SEV_WARNING, at, key, fmt, ap);
	va_end(ap);
}

int idle_value_has_template(const idle_value *v)
{
	uint32_t i;

	if (!v || v->kind != IDLE_STRING)
		return 0;
	for (i = 0; i + 1 < v->n; i++)
		if (v->u.s[i] == '{' && v->u.s[i + 1] == '{')
			return 1;
	return 0;
}

/* Sorted copy of a key list (for "Supported With keys: ..."), joined. */
static const char *sorted_keys(const char *const *a, const char *const *b, char *buf, size_t size)
{
	const char *all[64];
	size_t n = 0, i, j, o = 0;

	for (i = 0; a && a[i] && n < 64; i++)
		all[n++] = a[i];
	for (i = 0; b && b[i] && n < 64; i++)
		all[n++] = b[i];
	for (i = 1; i < n; i++) /* insertion sort, case-insensitive */
		for (j = i; j > 0 && strcasecmp(all[j - 1], all[j]) > 0; j--) {
			const char *t = all[j];

			all[j] = all[j - 1];
			all[j - 1] = t;
		}
	buf[0] = '\0';
	for (i = 0; i < n && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "", all[i]);
	return buf;
}

static int permissive(const idle_step_type *t)
{
	size_t i;

	for (i = 0; t->required_with && t->required_with[i]; i++)
		if (!strcmp(t->required_with[i], "*"))
			return 1;
	for (i = 0; t->optional_with && t->optional_with[i]; i++)
		if (!strcmp(t->optional_with[i], "*"))
			return 1;
	return 0;
}

/* The step catalog: known type, required and supported With keys, values. */
void idle_wf_check_with(idle_vctx *v, const idle_value *step, const idle_value *with,
                        const idle_step_type *t, const char *name)
{
	char buf[512];
	size_t i;

	for (i = 0; t->required_with && t->required_with[i]; i++) {
		const char *k = t->required_with[i];

		if (!strcmp(k, "*") || (with && idle_map_get(with, k, strlen(k))))
			continue;
		idle_vctx_error(v, IDLE_CODE_WITH_REQUIRED, with ? with : step,
		                "step '%s' (type '%s') is missing required With.%s; required With "
		                "keys: %s",
		                name, t->name, k,
		                sorted_keys(t->required_with, NULL, buf, sizeof(buf)));
	}
	if (!with)
		return;
	idle_vctx_push_key(v, IDLE_LIT("With"));
	if (!permissive(t)) {
		for (i = 0; i < with->n; i++) {
			const idle_member *m = &with->u.members[i];
			idle_diag *d;

			if ((t->required_with &&
			     idle_utf8_in_list(m->key, m->klen, t->required_with)) ||
			    (t->optional_with &&
			     idle_utf8_in_list(m->key, m->klen, t->optional_with)))
				continue;
			d = idle_vctx_error_key(
			    v, IDLE_CODE_WITH_UNKNOWN, m,
			    "step '%s' (type '%s') does not support With.%s; "
			    "supported With keys: %s",
			    name, t->name, m->key,
			    sorted_keys(t->required_with, t->optional_with, buf, sizeof(buf)));
			if (!strcasecmp(t->name, "IdLE.Step.PruneEntitlementsEnsureKeep") &&
			    idle_member_is(m, "KeepPattern"))
				idle_diag_set_hint(
				    d, "PruneEntitlementsEnsureKeep grants what it keeps, "
				       "so only explicit With.Keep entries make sense");
			else if (idle_utf8_in_list(m->key, m->klen, step_level_keys))
				idle_diag_set_hint(
				    d,
				    "%s belongs to the step, not to With: move it up "
				    "beside Name and Type",
				    m->key);
			else {
				const char *s = idle_suggest(m->key, m->klen, t->required_with);

				if (!s)
					s = idle_suggest(m->key, m->klen, t->optional_with);
				if (s)
					idle_diag_set_hint(d, "did you mean '%s'?", s);
			}
		}
	}
	/* @{ ValueFrom = '...' }: documented in places, resolved nowhere in IdLE */
	for (i = 0; i < with->n; i++) {
		const idle_member *m = &with->u.members[i];
		const idle_value *vf =
		    m->val.kind == IDLE_MAP ? idle_map_get(&m->val, IDLE_LIT("ValueFrom")) : NULL;

		if (vf && vf->kind == IDLE_STRING) {
			idle_diag *d;

			idle_vctx_push_key(v, m->key, m->klen);
			d = value_problem(v, &m->val,
			                  "@{ ValueFrom = ... } is not resolved by IdLE: With.%s "
			                  "would be passed on as a hashtable",
			                  m->key);
			idle_diag_set_hint(d, "use a template: %s = '{{%s}}'", m->key, vf->u.s);
			idle_vctx_pop(v);
		}
	}
	/* routing keys every step may carry */
	for (i = 0; i < with->n; i++) {
		const idle_member *m = &with->u.members[i];

		if (idle_value_has_template(&m->val))
			continue;
		if ((idle_member_is(m, "Provider") || idle_member_is(m, "AuthSessionName")) &&
		    (m->val.kind == IDLE_NULL || idle_val_blank(&m->val) || !textual(&m->val))) {
			idle_vctx_push_key(v, m->key, m->klen);
			value_problem(v, &m->val, "With.%s must be a non-empty string", m->key);
			idle_vctx_pop(v);
		} else if (idle_member_is(m, "AuthSessionOptions") && m->val.kind != IDLE_NULL &&
		           m->val.kind != IDLE_MAP) {
			idle_vctx_push_key(v, m->key, m->klen);
			value_problem(v, &m->val,
			              "With.AuthSessionOptions must be a hashtable or null, not %s",
			              a_kind(&m->val));
			idle_vctx_pop(v);
		}
	}
	if (t->check_with) {
		idle_step_check chk = {v, t};

		t->check_with(&chk, with);
	}
	idle_vctx_pop(v);
}

/* keys: how the step spells OnPreconditionFalse and PreconditionEvent (a plan's x-idle: camelCase). */
static void check_precondition_settings(idle_vctx *v, const idle_value *step,
                                        const char *const keys[2])
{
	const idle_value *opf = idle_map_get(step, keys[0], strlen(keys[0]));
	const idle_value *ev = idle_map_get(step, keys[1], strlen(keys[1]));

	if (opf && opf->kind != IDLE_NULL) {
		idle_vctx_push_key(v, keys[0], strlen(keys[0]));
		if (!(opf->kind == IDLE_STRING &&
		      idle_utf8_in_list(opf->u.s, opf->n, precondition_false))) {
			idle_diag *d = idle_vctx_error(
			    v, IDLE_CODE_PRECONDITION, opf,
			    "OnPreconditionFalse must be 'Blocked', 'Fail', or 'Continue'%s%s%s",
			    opf->kind == IDLE_STRING ? "; got '" : "",
			    opf->kind == IDLE_STRING ? opf->u.s : "",
			    opf->kind == IDLE_STRING ? "'" : "");

			if (opf->kind == IDLE_STRING)
				idle_diag_suggest(d, opf->u.s, opf->n, precondition_false);
		}
		idle_vctx_pop(v);
	}
	if (!ev || ev->kind == IDLE_NULL)
		return;
	idle_vctx_push_key(v, keys[1], strlen(keys[1]));
	if (ev->kind != IDLE_MAP) {
		idle_vctx_error(v, IDLE_CODE_PRECONDITION, ev,
		                "PreconditionEvent must be a hashtable, not %s", a_kind(ev));
	} else {
		const idle_value *data = idle_map_get(ev, IDLE_LIT("Data"));
		uint32_t i;

		if (idle_val_blank(idle_map_get(ev, IDLE_LIT("Type"))))
			idle_vctx_error(
			    v, IDLE_CODE_PRECONDITION, ev,
			    "PreconditionEvent.Type is required and must be a non-empty "
			    "string");
		if (idle_val_blank(idle_map_get(ev, IDLE_LIT("Message"))))
			idle_vctx_error(
			    v, IDLE_CODE_PRECONDITION, ev,
			    "PreconditionEvent.Message is required and must be a non-empty "
			    "string");
		if (data && data->kind != IDLE_NULL && data->kind != IDLE_MAP) {
			idle_vctx_push_key(v, IDLE_LIT("Data"));
			idle_vctx_error(v, IDLE_CODE_PRECONDITION, data,
			                "PreconditionEvent.Data must be a hashtable when provided");
			idle_vctx_pop(v);
		}
		for (i = 0; i < ev->n && !v->schema_only; i++) {
			const idle_member *m = &ev->u.members[i];

			if (!idle_utf8_in_list(m->key, m->klen, event_keys)) {
				idle_diag *d;

				idle_vctx_push_key(v, m->key, m->klen);
				d = idle_vctx_warning(
				    v, IDLE_CODE_PRECONDITION, &m->val,
				    "PreconditionEvent.%s is ignored: an event has "
				    "Type, Message and Data",
				    m->key);
				idle_diag_suggest(d, m->key, m->klen, event_keys);
				idle_vctx_pop(v);
			}
		}
	}
	idle_vctx_pop(v);
}

/* The step names of one collection: a hash set (case-insensitive), so that
 * checking for duplicates stays linear in the number of steps. */
typedef struct name_set {
	const idle_value **slots;
	uint32_t mask;
} name_set;

/* The name already in the set that equals name, or NULL after adding name. */
static const idle_value *name_seen(name_set *ns, const idle_value *name)
{
	uint32_t h = idle_utf8_casehash(name->u.s, name->n) & ns->mask;

	for (; ns->slots[h]; h = (h + 1) & ns->mask)
		if (idle_utf8_caseeq(ns->slots[h]->u.s, ns->slots[h]->n, name->u.s, name->n))
			return ns->slots[h];
	ns->slots[h] = name;
	return NULL;
}

/* One element of Steps or OnFailureSteps; names: the names seen so far in this collection. */
static void check_step(idle_vctx *v, const idle_host *host, const idle_value *step,
                       const char *coll, size_t index, name_set *names)
{
	char what[64], buf[512];
	const idle_value *name, *type, *with, *rp;
	const idle_step_type *t = NULL;
	size_t i;

	snprintf(what, sizeof(what), "%s[%zu]", coll, index);
	if (step->kind != IDLE_MAP) {
		idle_vctx_error(v, IDLE_CODE_TYPE, step, "%s must be a hashtable, not %s", what,
		                a_kind(step));
		return;
	}
	unknown_keys(v, step, step_keys, what);
	name = want_text(v, step, "Name", what);
	if (name && name->kind == IDLE_STRING) {
		const idle_value *first = name_seen(names, name);

		if (first) {
			idle_diag *d;

			idle_vctx_push_key(v, IDLE_LIT("Name"));
			d = idle_vctx_error(v, IDLE_CODE_DUPLICATE_STEP, name,
			                    "duplicate step name '%s'%s: step names must be "
			                    "unique (case-insensitively)%s",
			                    name->u.s,
			                    strcmp(coll, "Steps") ? " in 'OnFailureSteps'" : "",
			                    strcmp(coll, "Steps") ? " within this collection" : "");
			idle_diag_set_note(d, first->start, "'%s' is first used here", first->u.s);
			idle_vctx_pop(v);
		}
	}
	type = want_text(v, step, "Type", what);
	if (type && type->kind == IDLE_STRING && !v->schema_only) {
		t = idle_host_find_step_type(host, type->u.s);
		if (!t) {
			const char *names_list[128];
			size_t n = idle_host_step_type_count(host), k;
			idle_diag *d;

			for (k = 0; k < n && k < 127; k++)
				names_list[k] = idle_host_step_type_at(host, k)->name;
			names_list[k] = NULL;
			idle_vctx_push_key(v, IDLE_LIT("Type"));
			d = idle_vctx_error(
			    v, IDLE_CODE_STEP_TYPE, type,
			    "unknown step type '%s': no step pack or host provides it", type->u.s);
			snprintf(buf, sizeof(buf), "IdLE.Step.%s", type->u.s);
			if (idle_host_find_step_type(host, buf))
				idle_diag_set_hint(d, "did you mean '%s'?",
				                   idle_host_find_step_type(host, buf)->name);
			else if (idle_suggest(type->u.s, type->n, names_list))
				idle_diag_suggest(d, type->u.s, type->n, names_list);
			else if (strncasecmp(type->u.s, "IdLE.", 5))
				idle_diag_set_hint(
				    d, "a host's own step types are declared in the "
				       "providers file's StepMetadata (--providers FILE); "
				       "'idle steps' lists the step types idle knows");
			else
				idle_diag_set_hint(d,
				                   "'idle steps' lists the step types idle knows");
			idle_vctx_pop(v);
		}
	}
	check_condition(v, step, "Condition", 0, "a declarative condition");
	with = idle_map_get(step, IDLE_LIT("With"));
	if (with && with->kind == IDLE_NULL)
		with = NULL;
	if (with && with->kind != IDLE_MAP) {
		idle_vctx_push_key(v, IDLE_LIT("With"));
		idle_vctx_error(v, IDLE_CODE_TYPE, with,
		                "'With' must be a hashtable (the step's "
		                "parameters), not %s",
		                a_kind(with));
		idle_vctx_pop(v);
		with = NULL;
	}
	optional_text(v, step, "Description");
	rp = idle_map_get(step, IDLE_LIT("RetryProfile"));
	if (rp && rp->kind != IDLE_NULL) {
		idle_vctx_push_key(v, IDLE_LIT("RetryProfile"));
		if (idle_val_blank(rp))
			idle_vctx_error(v, IDLE_CODE_RETRY_PROFILE, rp,
			                "RetryProfile must not be an empty string");
		else if (rp->kind != IDLE_STRING && !v->schema_only)
			idle_vctx_error(v, IDLE_CODE_RETRY_PROFILE, rp,
			                "RetryProfile must be a string, not %s", a_kind(rp));
		else if (rp->kind == IDLE_STRING &&
		         !idle_rx_test(IDLE_RX_RETRY_PROFILE, rp->u.s, rp->n))
			idle_vctx_error(v, IDLE_CODE_RETRY_PROFILE, rp,
			                "RetryProfile '%s' is invalid: it must match "
			                "^[A-Za-z0-9_.-]{1,64}$",
			                rp->u.s);
		else if (v->exec_options) /* validate --providers: the file defines the profiles */
			idle_execopts_check_profile(
			    v, v->exec_options, name && name->kind == IDLE_STRING ? name->u.s : "",
			    rp);
		idle_vctx_pop(v);
	}
	check_condition(v, step, "Precondition", 1, "a condition node");
	check_precondition_settings(
	    v, step, (const char *const[]){"OnPreconditionFalse", "PreconditionEvent"});
	if (v->schema_only)
		return;
	if (t && !v->plan_time)
		idle_wf_check_with(v, step, with, t,
		                   name && name->kind == IDLE_STRING ? name->u.s : "");
	if (with && !v->plan_time) {
		idle_vctx_push_key(v, IDLE_LIT("With"));
		idle_wf_check_templates(v, with);
		idle_vctx_pop(v);
	}
	for (i = 0; i < step->n; i++) {
		const idle_member *m = &step->u.members[i];
		const char *where = idle_member_is(m, "Name")                ? "step names"
		                    : idle_member_is(m, "Description")       ? "descriptions"
		                    : idle_member_is(m, "PreconditionEvent") ? "precondition events"
		                    : idle_member_is(m, "Type")              ? "step types"
		                                                             : NULL;

		if (where) {
			idle_vctx_push_key(v, m->key, m->klen);
			templates_not_resolved(v, &m->val, where);
			idle_vctx_pop(v);
		}
	}
}

/* Steps or OnFailureSteps. */
static void check_steps(idle_vctx *v, const idle_host *host, const idle_member *m)
{
	const idle_value *c = &m->val;
	name_set names;
	uint32_t i;

	if (c->kind == IDLE_NULL)
		return;
	idle_vctx_push_key(v, m->key, m->klen);
	if (c->kind != IDLE_ARRAY) {
		idle_diag *d = idle_vctx_error(
		    v, IDLE_CODE_TYPE, c, "'%s' must be an array/list of step hashtables, not %s",
		    m->key, a_kind(c));

		if (c->kind == IDLE_MAP)
			idle_diag_set_hint(d, "wrap the step in @( ... )");
		idle_vctx_pop(v);
		return;
	}
	names.mask = 15;
	while (names.mask < 2 * c->n)
		names.mask = names.mask * 2 + 1;
	names.slots = calloc((size_t)names.mask + 1, sizeof(*names.slots));
	if (!names.slots) {
		v->oom = 1;
		idle_vctx_pop(v);
		return;
	}
	for (i = 0; i < c->n; i++) {
		idle_vctx_push_index(v, i);
		check_step(v, host, &c->u.items[i],
		           idle_member_is(m, "Steps") ? "Steps" : "OnFailureSteps", i, &names);
		idle_vctx_pop(v);
	}
	free(names.slots);
	idle_vctx_pop(v);
}

/* With.key of a resolver must be a valid context path segment when given. */
static void check_segment(idle_vctx *v, const idle_value *with, const char *key, const char *what)
{
	const idle_value *s = idle_map_get(with, key, strlen(key));

	if (!s || s->kind == IDLE_NULL || idle_value_has_template(s))
		return;
	idle_vctx_push_key(v, key, strlen(key));
	if (idle_val_blank(s))
		idle_vctx_error(v, IDLE_CODE_RESOLVER, s, "With.%s must not be an empty string",
		                key);
	else if (!v->schema_only &&
	         (s->kind != IDLE_STRING || !idle_rx_test(IDLE_RX_PATH_SEGMENT, s->u.s, s->n)))
		idle_vctx_error(
		    v, IDLE_CODE_RESOLVER, s,
		    "%s '%s' is not a valid context path segment: it must start with a "
		    "letter or digit, followed by letters, digits, '-' or '_' (at most 64, "
		    "no dots)",
		    what, s->kind == IDLE_STRING ? s->u.s : a_kind(s));
	idle_vctx_pop(v);
}

static void check_resolver(idle_vctx *v, const idle_value *r, size_t index)
{
	const idle_value *cap, *with, *opts, *key;
	char what[64], buf[256];

	snprintf(what, sizeof(what), "ContextResolvers[%zu]", index);
	if (r->kind != IDLE_MAP) {
		idle_vctx_error(v, IDLE_CODE_TYPE, r, "%s must be a hashtable, not %s", what,
		                a_kind(r));
		return;
	}
	unknown_keys(v, r, resolver_keys, what);
	cap = want_text(v, r, "Capability", what);
	if (cap && cap->kind == IDLE_STRING && !v->schema_only &&
	    !idle_cap_resolver_allowed(cap->u.s, cap->n)) {
		idle_diag *d;

		idle_vctx_push_key(v, IDLE_LIT("Capability"));
		d = idle_vctx_error(v, IDLE_CODE_RESOLVER, cap,
		                    "ContextResolver capability '%s' is not in the read-only "
		                    "allow-list; allowed capabilities: %s",
		                    cap->u.s, idle_join(idle_cap_resolver, buf, sizeof(buf)));
		idle_diag_suggest(d, cap->u.s, cap->n, idle_cap_resolver);
		idle_vctx_pop(v);
	}
	with = idle_map_get(r, IDLE_LIT("With"));
	if (!with || with->kind == IDLE_NULL) {
		if (!v->schema_only)
			idle_vctx_error(v, IDLE_CODE_RESOLVER, r,
			                "%s requires With.IdentityKey (the identity to read)",
			                what);
		return;
	}
	idle_vctx_push_key(v, IDLE_LIT("With"));
	if (with->kind != IDLE_MAP) {
		idle_vctx_error(v, IDLE_CODE_TYPE, with,
		                "'With' must be a hashtable (the resolver's inputs), not %s",
		                a_kind(with));
		idle_vctx_pop(v);
		return;
	}
	key = idle_map_get(with, IDLE_LIT("IdentityKey"));
	if (idle_val_blank(key) && !v->schema_only)
		idle_vctx_error(v, IDLE_CODE_RESOLVER, key ? key : with,
		                "%s requires With.IdentityKey (a non-empty string)", what);
	check_segment(v, with, "Provider", "provider alias");
	if (!v->schema_only)
		check_segment(v, with, "AuthSessionName", "AuthSessionName");
	opts = idle_map_get(with, IDLE_LIT("AuthSessionOptions"));
	if (opts && opts->kind != IDLE_NULL && opts->kind != IDLE_MAP) {
		idle_vctx_push_key(v, IDLE_LIT("AuthSessionOptions"));
		idle_vctx_error(v, IDLE_CODE_RESOLVER, opts,
		                "With.AuthSessionOptions must be a hashtable, not %s",
		                a_kind(opts));
		idle_vctx_pop(v);
	}
	if (!v->schema_only)
		idle_wf_check_templates(v, with);
	idle_vctx_pop(v);
}

static void check_resolvers(idle_vctx *v, const idle_member *m)
{
	const idle_value *c = &m->val;
	uint32_t i;

	if (c->kind == IDLE_NULL)
		return;
	idle_vctx_push_key(v, m->key, m->klen);
	if (c->kind != IDLE_ARRAY) {
		idle_diag *d = idle_vctx_error(
		    v, IDLE_CODE_TYPE, c,
		    "'ContextResolvers' must be an array/list of resolver hashtables%s",
		    c->kind == IDLE_MAP ? ", not a single hashtable" : "");

		if (c->kind == IDLE_MAP)
			idle_diag_set_hint(d, "wrap the resolver in @( ... )");
	} else {
		for (i = 0; i < c->n; i++) {
			idle_vctx_push_index(v, i);
			check_resolver(v, &c->u.items[i], i);
			idle_vctx_pop(v);
		}
	}
	idle_vctx_pop(v);
}

void idle_wf_check(idle_vctx *v, const idle_host *host, const idle_value *root)
{
	const idle_value *le;
	uint32_t i;
	int steps = 0;

	unknown_keys(v, root, root_keys, "the workflow");
	want_text(v, root, "Name", "");
	le = want_text(v, root, "LifecycleEvent", "");
	if (le && le->kind == IDLE_STRING && !v->schema_only &&
	    !idle_utf8_in_list(le->u.s, le->n, lifecycle_events)) {
		const char *s = idle_suggest(le->u.s, le->n, lifecycle_events);

		if (s) {
			idle_diag *d;

			idle_vctx_push_key(v, IDLE_LIT("LifecycleEvent"));
			d = idle_vctx_warning(v, IDLE_CODE_LIFECYCLE, le,
			                      "unusual LifecycleEvent '%s': requests must name it "
			                      "exactly (case-insensitively)",
			                      le->u.s);
			idle_diag_set_hint(d, "did you mean '%s'?", s);
			idle_vctx_pop(v);
		}
	}
	optional_text(v, root, "Description");
	for (i = 0; i < root->n && !v->schema_only; i++) {
		const idle_member *m = &root->u.members[i];

		if (idle_member_is(m, "Name") || idle_member_is(m, "Description")) {
			idle_vctx_push_key(v, m->key, m->klen);
			templates_not_resolved(v, &m->val,
			                       idle_member_is(m, "Name") ? "workflow names"
			                                                 : "descriptions");
			idle_vctx_pop(v);
		}
	}
	for (i = 0; i < root->n; i++) {
		const idle_member *m = &root->u.members[i];

		if (idle_member_is(m, "Steps")) {
			steps = 1;
			if (m->val.kind == IDLE_NULL)
				idle_vctx_error(v, IDLE_CODE_MISSING_KEY, &m->val,
				                "missing required root key 'Steps' (it is $null)");
			check_steps(v, host, m);
		} else if (idle_member_is(m, "OnFailureSteps")) {
			check_steps(v, host, m);
		} else if (idle_member_is(m, "ContextResolvers")) {
			check_resolvers(v, m);
		}
	}
	if (!steps) {
		idle_diag *d = idle_vctx_error(v, IDLE_CODE_MISSING_KEY, root,
		                               "missing required root key 'Steps'");

		idle_diag_set_hint(d, "a workflow without steps still needs Steps = @()");
	}
}

void idle_wf_check_exported_preconditions(idle_vctx *v, const idle_value *step)
{
	int schema_only = v->schema_only;

	v->schema_only = 1; /* the shapes: the paths were checked when the plan was built */
	check_condition(v, step, "precondition", 1, "a condition node");
	check_precondition_settings(
	    v, step, (const char *const[]){"onPreconditionFalse", "preconditionEvent"});
	v->schema_only = schema_only;
}
