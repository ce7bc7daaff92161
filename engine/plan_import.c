/*
 * engine/plan_import.c - an exported plan (IdLE's plan-export JSON, schema
 * 1.x, with idle's x-idle object) read back into a plan that can run: what
 * IdLE cannot do (its issue #43). The approved plan runs as it was planned:
 * no template is resolved again and no condition evaluated again.
 */
#include "engine/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "engine/capability.h"
#include "engine/host.h"
#include "engine/redact.h"
#include "engine/request.h"
#include "engine/workflow.h"
#include "parser/document.h"

#define IDLE_CODE_PLAN_FILE "plan-file"

static const idle_value *get(const idle_value *map, const char *key)
{
	const idle_value *v =
	    map && map->kind == IDLE_MAP ? idle_map_get(map, key, strlen(key)) : NULL;

	return v && v->kind != IDLE_NULL ? v : NULL;
}

static const char *str(const idle_value *map, const char *key)
{
	const idle_value *v = get(map, key);

	return v && v->kind == IDLE_STRING ? v->u.s : NULL;
}

static int is_redacted(const idle_value *v)
{
	return !strcmp(v->u.s, IDLE_REDACTED);
}

static int has_template(const idle_value *v)
{
	return strstr(v->u.s, "{{") != NULL;
}

/* The first string below v that is(v) says is one, its path written to path; NULL when none. */
static const idle_value *find_str(const idle_value *v, int (*is)(const idle_value *), char *path,
                                  size_t len, size_t at)
{
	uint32_t i;

	if (v->kind == IDLE_STRING && is(v))
		return v;
	for (i = 0; (v->kind == IDLE_MAP || v->kind == IDLE_ARRAY) && i < v->n; i++) {
		const idle_value *r;
		size_t n = at;

		if (v->kind == IDLE_MAP)
			n += (size_t)snprintf(path + at, at < len ? len - at : 0, ".%s",
			                      v->u.members[i].key);
		else
			n += (size_t)snprintf(path + at, at < len ? len - at : 0, "[%u]", i);
		if (n >= len)
			n = len - 1;
		r = find_str(idle_value_at(v, i), is, path, len, n);
		if (r)
			return r;
		path[at] = '\0';
	}
	return NULL;
}

typedef struct importer {
	idle_plan *p;
	idle_vctx *v;
	const idle_host *host;
	int has_x; /* the plan has an x-idle object */
} importer;

/*
 * Without x-idle a step is run only when the export says all about it: no
 * Condition (IdLE exports the type "always" then) and every template resolved.
 */
static void check_bare_step(importer *im, const idle_plan_step *s, const idle_value *exp)
{
	const idle_value *cond = get(exp, "condition"), *type = get(cond, "type"), *t;
	char path[512];

	if (!type || type->kind != IDLE_STRING || strcmp(type->u.s, "always"))
		idle_diag_set_hint(
		    idle_vctx_error(im->v, IDLE_CODE_PLAN_FILE, cond ? cond : exp,
		                    "step '%s' has a Condition, and a plan without x-idle does "
		                    "not say whether it held: the step is not run",
		                    s->name),
		    "export the plan with idle plan (x-idle is included by default)");
	path[0] = '\0';
	t = find_str(&s->with, has_template, path, sizeof(path), 0);
	if (t)
		idle_vctx_error(im->v, IDLE_CODE_PLAN_FILE, t,
		                "step '%s': With%s still holds a template ('%s'): the plan was "
		                "not planned for this step, so it is not run",
		                s->name, path, t->u.s);
}

/*
 * What the step needs: the plan's requiresCapabilities, as approved (the step
 * catalog of this host when the plan has none: IdLE's export).
 */
static void capabilities(importer *im, idle_plan_step *s, const idle_value *list)
{
	const char *const *cat = s->stype->capabilities;
	size_t n = 0, i;

	if (list && list->kind == IDLE_ARRAY)
		n = list->n;
	else
		while (cat && cat[n])
			n++;
	s->caps = idle_arena_alloc(&im->p->arena, (n + 1) * sizeof(*s->caps));
	if (!s->caps) {
		im->v->oom = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		const idle_value *c = list && list->kind == IDLE_ARRAY ? &list->u.items[i] : NULL;

		if (c && c->kind != IDLE_STRING) {
			idle_vctx_error(
			    im->v, IDLE_CODE_PLAN_FILE, c,
			    "step '%s': requiresCapabilities holds %s, not a capability", s->name,
			    idle_val_describe(c));
			continue;
		}
		s->caps[s->ncaps++] = idle_cap_normalize(c ? c->u.s : cat[i]);
	}
	idle_cap_sort_unique(s->caps, &s->ncaps);
}

/* The binding the plan recorded (x-idle binding and id); the rule's when it has none. */
static void binding(idle_plan_step *s, const idle_value *b, const char *id)
{
	const idle_value *o = get(b, "authSessionOptions");

	idle_plan__bind(s, NULL);
	if (b && b->kind == IDLE_MAP) {
		s->provider = str(b, "provider");
		s->provider_type = str(b, "providerType");
		s->session_name = str(b, "authSessionName");
		s->session_options = o && o->kind == IDLE_MAP ? o : NULL;
	}
	if (id && strlen(id) < sizeof(s->id))
		snprintf(s->id, sizeof(s->id), "%s", id);
}

static void step_fields(importer *im, idle_plan_step *s, const idle_value *exp, const idle_value *x,
                        int coll, size_t index)
{
	idle_plan *p = im->p;
	const idle_value *with = get(exp, "inputs"), *st, *r;
	char path[512];

	s->def = exp;
	s->onfailure = coll;
	s->index = index;
	s->name = str(exp, "name");
	s->type = str(exp, "stepType");
	if (!s->name || !s->type) {
		idle_vctx_error(im->v, IDLE_CODE_PLAN_FILE, exp,
		                "a plan step needs a name and a stepType");
		return;
	}
	s->stype = idle_host_find_step_type(im->host, s->type);
	if (!s->stype) {
		idle_vctx_error(im->v, IDLE_CODE_PLAN_FILE, get(exp, "stepType"),
		                "unknown step type '%s' (step '%s')", s->type, s->name);
		return;
	}
	if (with && with->kind == IDLE_MAP)
		s->with = *with;
	else
		idle_val_map(&p->arena, &s->with, NULL, 0);
	path[0] = '\0';
	r = find_str(&s->with, is_redacted, path, sizeof(path), 0);
	if (r) {
		idle_diag *d =
		    idle_vctx_error(im->v, IDLE_CODE_PLAN_FILE, r,
		                    "step '%s': With%s was redacted in the export, so this "
		                    "plan cannot run as exported",
		                    s->name, path);

		idle_diag_set_hint(d, "a step that takes a secret runs from its workflow: idle run "
		                      "WORKFLOW --request REQ --providers FILE");
	}
	s->description = str(x, "description") ? str(x, "description") : "";
	s->condition = get(x, "condition");
	s->precondition = get(x, "precondition");
	s->on_precondition_false = str(x, "onPreconditionFalse");
	s->precondition_event = get(x, "preconditionEvent");
	if (x && x->kind == IDLE_MAP) { /* a hand-edited plan is checked as its workflow was */
		idle_vctx xv = *im->v;  /* the same diagnostics, with the path from the root */

		memset(&xv.path, 0, sizeof(xv.path));
		idle_vctx_push_key(&xv, IDLE_LIT("x-idle"));
		if (coll)
			idle_vctx_push_key(&xv, IDLE_LIT("onFailureSteps"));
		else
			idle_vctx_push_key(&xv, IDLE_LIT("steps"));
		idle_vctx_push_index(&xv, index);
		idle_wf_check_exported_preconditions(&xv, x);
		im->v->errors = xv.errors;
		im->v->oom |= xv.oom;
		idle_vctx_free(&xv);
	}
	s->retry_profile = str(x, "retryProfile");
	st = get(x, "status");
	if (!im->has_x) {
		s->status = IDLE_PLANNED;
		check_bare_step(im, s, exp);
	} else if (st && st->kind == IDLE_STRING &&
	           idle_utf8_caseeqz(st->u.s, st->n, "NotApplicable")) {
		s->status = IDLE_NOT_APPLICABLE;
	} else if (st && st->kind == IDLE_STRING && idle_utf8_caseeqz(st->u.s, st->n, "Planned")) {
		s->status = IDLE_PLANNED;
	} else {
		idle_vctx_error(im->v, IDLE_CODE_PLAN_FILE, x ? x : exp,
		                "step '%s': x-idle does not say whether it is Planned or "
		                "NotApplicable (x-idle.%s[%zu].status)",
		                s->name, coll ? "onFailureSteps" : "steps", index);
		return;
	}
	capabilities(im, s, get(x, "requiresCapabilities"));
	binding(s, get(x, "binding"), str(x, "id"));
}

static void steps(importer *im, const idle_value *list, const idle_value *xlist, int coll)
{
	idle_plan *p = im->p;
	uint32_t i;

	if (!list || list->kind != IDLE_ARRAY || !list->n)
		return;
	if (!coll && im->has_x && (!xlist || xlist->kind != IDLE_ARRAY || xlist->n != list->n)) {
		idle_vctx_error(im->v, IDLE_CODE_PLAN_FILE, xlist ? xlist : list,
		                "x-idle.steps describes %u step(s) but plan.steps has %u: the "
		                "plan was altered after export",
		                xlist && xlist->kind == IDLE_ARRAY ? xlist->n : 0, list->n);
		return;
	}
	p->steps[coll] = idle_arena_calloc(&p->arena, list->n, sizeof(idle_plan_step));
	if (!p->steps[coll]) {
		im->v->oom = 1;
		return;
	}
	idle_vctx_push_key(im->v, coll ? "x-idle" : "plan", coll ? 6 : 4);
	idle_vctx_push_key(im->v, coll ? "onFailureSteps" : "steps", coll ? 14 : 5);
	for (i = 0; i < list->n; i++) {
		const idle_value *x =
		    coll ? &list->u.items[i]
		         : (xlist && xlist->kind == IDLE_ARRAY && i < xlist->n ? &xlist->u.items[i]
		                                                               : NULL);

		idle_vctx_push_index(im->v, i);
		step_fields(im, &p->steps[coll][i], &list->u.items[i], x, coll, i);
		idle_vctx_pop(im->v);
		p->nsteps[coll]++;
	}
	idle_vctx_pop(im->v);
	idle_vctx_pop(im->v);
}

/* The request: x-idle's (whole), else the export's (refused if truncated). */
static void request(importer *im, const idle_value *root, const idle_value *x)
{
	idle_plan *p = im->p;
	idle_request *r = (idle_request *)p->req;
	const idle_value *xr = get(x, "request"), *er = get(root, "request"),
	                 *in = get(er, "input");
	static const char *const names[] = {"LifecycleEvent", "IdentityKeys",  "Intent",
	                                    "Context",        "CorrelationId", "Actor"};
	static const char *const xkeys[] = {"lifecycleEvent", "identityKeys",  "intent",
	                                    "context",        "correlationId", "actor"};
	idle_member m[6];
	const char *cid;
	int i;

	memset(m, 0, sizeof(m));
	for (i = 0; i < 6; i++) {
		const idle_value *v = NULL;

		m[i].key = names[i];
		m[i].klen = (uint32_t)strlen(names[i]);
		m[i].kstart = m[i].kend = IDLE_NOSPAN;
		if (xr)
			v = get(xr, xkeys[i]);
		else if (i == 0)
			v = get(er, "type");
		else if (i == 4)
			v = get(er, "correlationId");
		else if (i == 5)
			v = get(er, "actor");
		else
			v = get(in, xkeys[i]);
		if (v && v->kind == IDLE_STRING && i >= 1 && i <= 3 &&
		    !strncmp(v->u.s, "[TRUNCATED - ", 13)) {
			idle_vctx_error(
			    im->v, IDLE_CODE_PLAN_FILE, v,
			    "the request's %s was truncated in the export and the plan has "
			    "no x-idle object with the whole request",
			    xkeys[i]);
			v = NULL;
		}
		if (v)
			m[i].val = *v;
		else if (i >= 1 && i <= 3)
			idle_val_map(&p->arena, &m[i].val, NULL, 0);
		else
			idle_val_init(&m[i].val, IDLE_NULL);
	}
	if (m[0].val.kind != IDLE_STRING || !m[0].val.n) {
		idle_vctx_error(im->v, IDLE_CODE_PLAN_FILE, er ? er : root,
		                "the plan names no lifecycle event (request.type)");
		return;
	}
	cid = str(get(root, "plan"), "id");
	if (m[4].val.kind != IDLE_STRING && cid)
		idle_val_string_ref(&m[4].val, cid, strlen(cid));
	if (m[4].val.kind != IDLE_STRING) {
		idle_vctx_error(im->v, IDLE_CODE_PLAN_FILE, root, "the plan has no correlation id");
		return;
	}
	r->lifecycle_event = &p->request; /* placeholder, set below */
	if (idle_val_map(&p->arena, &p->request, m, 6)) {
		im->v->oom = 1;
		return;
	}
	r->lifecycle_event = &p->request.u.members[0].val;
	r->correlation_id = p->request.u.members[4].val.u.s;
	r->actor = p->request.u.members[5].val.kind == IDLE_STRING ? p->request.u.members[5].val.u.s
	                                                           : NULL;
	r->value = p->request;
}

int idle_plan_load(idle_plan **out, const idle_host *host, const idle_doc *doc, unsigned flags,
                   idle_diags *diags)
{
	const idle_value *root, *x, *ver, *pl;
	idle_request *req;
	idle_plan *p;
	importer im;
	idle_vctx v;
	int rc;

	if (!out || !host || !doc)
		return IDLE_EARG;
	*out = NULL;
	p = calloc(1, sizeof(*p));
	req = calloc(1, sizeof(*req));
	if (!p || !req) {
		free(p);
		free(req);
		return IDLE_ENOMEM;
	}
	idle_arena_init(&p->arena);
	idle_arena_init(&req->arena);
	req->src = idle_source_ref(doc->src);
	p->req = req;
	p->owned_req = req;
	p->host = host;
	p->imported = 1;
	idle_vctx_init(&v, doc->src, diags);
	im.p = p;
	im.v = &v;
	im.host = host;
	root = &doc->root;
	im.has_x = get(root, "x-idle") != NULL;
	ver = get(root, "schemaVersion");
	x = get(root, "x-idle");
	pl = get(root, "plan");
	if (root->kind != IDLE_MAP || !ver || ver->kind != IDLE_STRING) {
		idle_vctx_error(&v, IDLE_CODE_PLAN_FILE, root,
		                "not a plan export: it has no schemaVersion (export one with idle "
		                "plan)");
	} else if (strncmp(ver->u.s, "1.", 2) && strcmp(ver->u.s, "1")) {
		idle_vctx_push_key(&v, "schemaVersion", 13);
		idle_vctx_error(&v, IDLE_CODE_PLAN_FILE, ver,
		                "plan schema version '%s' is not one this idle reads (1.x)",
		                ver->u.s);
		idle_vctx_pop(&v);
	} else if (x && idle_value_int(get(x, "version")) != 1) {
		idle_vctx_push_key(&v, IDLE_LIT("x-idle"));
		idle_vctx_error(&v, IDLE_CODE_PLAN_FILE, x,
		                "x-idle version %lld is not one this idle reads (1)",
		                (long long)idle_value_int(get(x, "version")));
		idle_vctx_pop(&v);
	} else if (!x && !(flags & IDLE_PLAN_LOAD_WITHOUT_X_IDLE)) {
		idle_diag_set_hint(
		    idle_vctx_error(&v, IDLE_CODE_PLAN_FILE, root,
		                    "this plan has no x-idle object, so it does not say which "
		                    "steps are not applicable, their Preconditions, the "
		                    "OnFailureSteps or the retry profiles (IdLE's export and idle "
		                    "plan --x-idle never leave them out): it is not run"),
		    "export it with idle plan WORKFLOW --request REQ -o PLAN.json (x-idle is "
		    "included by default); or, to run its steps as listed without any of "
		    "these, pass --ignore-preconditions-and-onfailure");
	} else {
		const idle_value *wf = get(x, "workflow");

		request(&im, root, x);
		p->workflow_name = str(wf, "name") ? str(wf, "name") : "(exported plan)";
		p->lifecycle_event = str(wf, "lifecycleEvent")
		                         ? str(wf, "lifecycleEvent")
		                         : (req->lifecycle_event ? req->lifecycle_event->u.s : "");
		steps(&im, get(pl, "steps"), get(x, "steps"), 0);
		steps(&im, get(x, "onFailureSteps"), NULL, 1);
	}
	rc = v.oom ? IDLE_ENOMEM : v.errors ? IDLE_EINVALID : 0;
	idle_vctx_free(&v);
	if (rc) {
		idle_plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}
