/*
 * engine/plan.c - New-IdlePlan: the workflow's rules, the request, the
 * context resolvers, each step (condition, templates, With schema,
 * preconditions), the capability check (shared/spec/idle-planning.md 8).
 */
#include "engine/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/buf.h"
#include "core/sha256.h"
#include "core/utf8.h"
#include "engine/capability.h"
#include "engine/cond_eval.h"
#include "engine/execopts.h"
#include "engine/host.h"
#include "engine/request.h"
#include "engine/template.h"
#include "engine/workflow.h"
#include "parser/document.h"

/* ---- small helpers ---------------------------------------------------------------- */

static const char *text(idle_plan *p, const idle_value *v)
{
	idle_buf b = IDLE_BUF_INIT;
	char *s;

	if (!v)
		return NULL;
	if (v->kind == IDLE_STRING)
		return v->u.s;
	idle_val_text(&b, v);
	s = idle_arena_strndup(&p->arena, b.data ? b.data : "", b.len);
	idle_buf_free(&b);
	return s;
}

static const idle_value *get(const idle_value *map, const char *key)
{
	const idle_value *v = idle_map_get(map, key, strlen(key));

	return v && v->kind != IDLE_NULL ? v : NULL;
}

/* ---- the Plan.* view, for conditions --------------------------------------------------- */

static int string_list(idle_arena *a, const char *const *items, size_t n, idle_value *out)
{
	idle_value *v = n ? idle_arena_alloc(a, n * sizeof(*v)) : NULL;
	size_t i;

	if (n && !v)
		return -1;
	for (i = 0; i < n; i++)
		idle_val_cstr(&v[i], items[i]);
	return idle_val_array(a, out, v, n);
}

static int warning_value(idle_arena *a, const idle_plan_warning *w, int with_step, idle_value *out)
{
	idle_member m[6];
	idle_value v;
	size_t k = 0;

	idle_val_cstr(&v, w->code);
	idle_member_init(&m[k++], "Code", &v);
	idle_val_cstr(&v, "Warning");
	idle_member_init(&m[k++], "Type", &v);
	if (with_step) {
		idle_val_cstr(&v, w->step);
		idle_member_init(&m[k++], "Step", &v);
	}
	idle_val_cstr(&v, w->source);
	idle_member_init(&m[k++], "Source", &v);
	if (string_list(a, w->paths, w->npaths, &v))
		return -1;
	idle_member_init(&m[k++], "Paths", &v);
	idle_val_cstr(&v, w->message);
	idle_member_init(&m[k++], "Message", &v);
	return idle_val_map(a, out, m, k);
}

/* A plan step as IdLE's IdLE.PlanStep object (field order of section 8.3). */
static int step_value(idle_arena *a, const idle_plan *p, const idle_plan_step *s, idle_value *out)
{
	idle_member m[12];
	idle_value v, *warns;
	size_t i;

	idle_val_cstr(&v, s->name);
	idle_member_init(&m[0], "Name", &v);
	idle_val_cstr(&v, s->type);
	idle_member_init(&m[1], "Type", &v);
	idle_val_cstr(&v, s->description);
	idle_member_init(&m[2], "Description", &v);
	if (s->condition)
		v = *s->condition;
	else
		idle_val_init(&v, IDLE_NULL);
	idle_member_init(&m[3], "Condition", &v);
	if (s->precondition)
		v = *s->precondition;
	else
		idle_val_init(&v, IDLE_NULL);
	idle_member_init(&m[4], "Precondition", &v);
	idle_val_cstr(&v, s->on_precondition_false);
	idle_member_init(&m[5], "OnPreconditionFalse", &v);
	if (s->precondition_event)
		v = *s->precondition_event;
	else
		idle_val_init(&v, IDLE_NULL);
	idle_member_init(&m[6], "PreconditionEvent", &v);
	warns = s->nwarn ? idle_arena_alloc(a, s->nwarn * sizeof(*warns)) : NULL;
	if (s->nwarn && !warns)
		return -1;
	for (i = 0; i < s->nwarn; i++)
		if (warning_value(a, &p->warnings[s->warn_first + i], 0, &warns[i]))
			return -1;
	if (idle_val_array(a, &v, warns, s->nwarn))
		return -1;
	idle_member_init(&m[7], "Warnings", &v);
	idle_member_init(&m[8], "With", &s->with);
	if (string_list(a, s->caps, s->ncaps, &v))
		return -1;
	idle_member_init(&m[9], "RequiresCapabilities", &v);
	idle_val_cstr(&v, s->status == IDLE_PLANNED ? "Planned" : "NotApplicable");
	idle_member_init(&m[10], "Status", &v);
	idle_val_cstr(&v, s->retry_profile);
	idle_member_init(&m[11], "RetryProfile", &v);
	return idle_val_map(a, out, m, 12);
}

int idle_plan__steps_value(const idle_plan *p, idle_arena *a, int coll, idle_value *out)
{
	size_t n = p->nsteps[coll], i;
	idle_value *items = n ? idle_arena_alloc(a, n * sizeof(*items)) : NULL;

	if (n && !items)
		return -1;
	for (i = 0; i < n; i++)
		if (step_value(a, p, &p->steps[coll][i], &items[i]))
			return -1;
	return idle_val_array(a, out, items, n);
}

int idle_plan__view(const idle_plan *p, idle_arena *a, const idle_value *request, idle_value *out)
{
	idle_member m[11];
	idle_value v, *warns;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	size_t i;

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	idle_val_cstr(&v, p->workflow_name);
	idle_member_init(&m[0], "WorkflowName", &v);
	idle_val_cstr(&v, p->lifecycle_event);
	idle_member_init(&m[1], "LifecycleEvent", &v);
	idle_val_cstr(&v, p->req->correlation_id);
	idle_member_init(&m[2], "CorrelationId", &v);
	idle_member_init(&m[3], "Request", request);
	idle_val_cstr(&v, p->req->actor);
	idle_member_init(&m[4], "Actor", &v);
	idle_val_cstr(&v, idle_arena_strndup(a, now, strlen(now)));
	idle_member_init(&m[5], "CreatedUtc", &v);
	if (idle_plan__steps_value(p, a, 0, &v))
		return -1;
	idle_member_init(&m[6], "Steps", &v);
	if (idle_plan__steps_value(p, a, 1, &v))
		return -1;
	idle_member_init(&m[7], "OnFailureSteps", &v);
	idle_val_init(&v, IDLE_ARRAY);
	idle_member_init(&m[8], "Actions", &v);
	warns = p->nwarnings ? idle_arena_alloc(a, p->nwarnings * sizeof(*warns)) : NULL;
	if (p->nwarnings && !warns)
		return -1;
	for (i = 0; i < p->nwarnings; i++)
		if (warning_value(a, &p->warnings[i], 1, &warns[i]))
			return -1;
	if (idle_val_array(a, &v, warns, p->nwarnings))
		return -1;
	idle_member_init(&m[9], "Warnings", &v);
	if (p->cfg && p->cfg->providers_map)
		v = *p->cfg->providers_map;
	else
		idle_val_init(&v, IDLE_NULL);
	idle_member_init(&m[10], "Providers", &v);
	return idle_val_map(a, out, m, 11);
}

static const idle_value *condition_root(void *ud, const char *name, size_t len)
{
	idle_plan *p = ud;

	if (idle_utf8_caseeq(name, len, IDLE_LIT("Request")))
		return &p->request;
	if (idle_utf8_caseeq(name, len, IDLE_LIT("Workflow")))
		return idle_doc_root(p->workflow);
	if (idle_utf8_caseeq(name, len, IDLE_LIT("Plan"))) {
		size_t key[3] = {p->nsteps[0], p->nsteps[1], p->nwarnings};

		if (!p->view_built || memcmp(key, p->view_key, sizeof(key))) {
			if (idle_plan__view(p, &p->arena, &p->request, &p->view))
				return NULL;
			memcpy(p->view_key, key, sizeof(key));
			p->view_built = 1;
		}
		return &p->view;
	}
	return NULL;
}

static const idle_value *template_root(void *ud, const char *name, size_t len)
{
	idle_plan *p = ud;

	return idle_utf8_caseeq(name, len, IDLE_LIT("Request")) ? &p->request : NULL;
}

void idle_plan__template_scope(idle_plan *p, idle_scope *s)
{
	s->root = template_root;
	s->ud = p;
	s->arena = &p->arena;
}

static void condition_scope(idle_plan *p, idle_scope *s)
{
	s->root = condition_root;
	s->ud = p;
	s->arena = &p->arena;
}

/* ---- templates --------------------------------------------------------------------------- */

typedef struct tmpl_report {
	idle_vctx *v;
	const idle_value *str;
} tmpl_report;

static void on_issue(void *ud, const idle_tmpl_issue *is)
{
	tmpl_report *r = ud;

	idle_wf_template_issue(r->v, r->str, is);
}

int idle_plan__resolve(idle_plan *p, idle_vctx *v, const idle_value *value, idle_value *out)
{
	idle_scope scope;
	int bad = 0, rc;
	uint32_t i;

	*out = *value;
	switch (value->kind) {
	case IDLE_STRING: {
		tmpl_report r = {v, value};

		idle_plan__template_scope(p, &scope);
		return idle_tmpl_resolve(&p->arena, value, &scope, out, on_issue, &r);
	}
	case IDLE_ARRAY: {
		idle_value *items = NULL;

		for (i = 0; i < value->n; i++) {
			idle_value r;

			idle_vctx_push_index(v, i);
			rc = idle_plan__resolve(p, v, &value->u.items[i], &r);
			idle_vctx_pop(v);
			if (rc < 0)
				return -1;
			bad |= rc;
			if (!items && memcmp(&r, &value->u.items[i], sizeof(r))) {
				items = idle_arena_alloc(&p->arena, value->n * sizeof(*items));
				if (!items)
					return -1;
				memcpy(items, value->u.items, value->n * sizeof(*items));
			}
			if (items)
				items[i] = r;
		}
		if (items)
			out->u.items = items;
		return bad;
	}
	case IDLE_MAP: {
		idle_member *m = NULL;

		for (i = 0; i < value->n; i++) {
			const idle_member *e = &value->u.members[i];
			idle_value r;

			idle_vctx_push_key(v, e->key, e->klen);
			rc = idle_plan__resolve(p, v, &e->val, &r);
			idle_vctx_pop(v);
			if (rc < 0)
				return -1;
			bad |= rc;
			if (!m && memcmp(&r, &e->val, sizeof(r))) {
				m = idle_arena_alloc(&p->arena, value->n * sizeof(*m));
				if (!m)
					return -1;
				memcpy(m, value->u.members, value->n * sizeof(*m));
			}
			if (m)
				m[i].val = r;
		}
		if (m) {
			/* same keys, so the index (if any) still holds */
			out->u.members = m;
		}
		return bad;
	}
	default:
		return 0;
	}
}

/* ---- condition paths (the plan-time path validator) ------------------------------------ */

typedef struct path_list {
	const idle_value *items[64];
	size_t n;
} path_list;

static int path_exists(idle_plan *p, const idle_value *path)
{
	idle_scope scope;
	const char *s = path->u.s;
	size_t n = path->n;

	if (n > 8 && !strncasecmp(s, "context.", 8)) {
		s += 8;
		n -= 8;
	}
	condition_scope(p, &scope);
	return idle_lookup_exists(&scope, s, n);
}

/* The plan-time path validator's walk: each Equals, NotEquals and In path
 * (and Exists paths of Preconditions), once each, must exist. */
typedef struct path_check {
	idle_plan *p;
	idle_vctx *v;
	const idle_plan_step *s;
	int precondition;
	path_list seen;  /* checked already (duplicates compare case-sensitively) */
	path_list later; /* Request.Context paths of Preconditions: warnings */
	size_t errors;
} path_check;

static void check_one_path(void *ud, idle_cond_op op, const idle_value *path,
                           const idle_value *operand)
{
	path_check *c = ud;
	size_t i;
	idle_diag *d;

	(void)operand;
	if (path->kind != IDLE_STRING || idle_val_blank(path))
		return;
	if (!(op == IDLE_COND_EQUALS || op == IDLE_COND_NOTEQUALS || op == IDLE_COND_IN ||
	      (op == IDLE_COND_EXISTS && c->precondition)))
		return;
	for (i = 0; i < c->seen.n; i++)
		if (c->seen.items[i]->n == path->n &&
		    !memcmp(c->seen.items[i]->u.s, path->u.s, path->n))
			return;
	if (c->seen.n < sizeof(c->seen.items) / sizeof(c->seen.items[0]))
		c->seen.items[c->seen.n++] = path;
	if (path_exists(c->p, path))
		return;
	if (c->precondition && path->n > 16 && !strncmp(path->u.s, "Request.Context.", 16)) {
		if (c->later.n < sizeof(c->later.items) / sizeof(c->later.items[0]))
			c->later.items[c->later.n++] = path;
		return;
	}
	d = idle_vctx_error(c->v, IDLE_CODE_CONDITION_PATH, path,
	                    "unresolved condition path '%s' in %s of step '%s': it does not exist "
	                    "when the plan is built",
	                    path->u.s, c->precondition ? "Precondition" : "Condition", c->s->name);
	idle_diag_set_hint(
	    d, c->precondition ? "Precondition paths must exist at plan time, except those under "
	                         "Request.Context (which may appear at run time)"
	                       : "Equals, NotEquals and In need their path to exist: check the "
	                         "request, or the ContextResolvers' outputs");
	c->errors++;
}

static int add_warning(idle_plan *p, idle_plan_step *s, const path_list *missing)
{
	idle_plan_warning *w;
	idle_buf msg = IDLE_BUF_INIT;
	size_t i;

	if (p->nwarnings == p->capwarnings) {
		size_t cap = p->capwarnings ? p->capwarnings * 2 : 8;
		idle_plan_warning *nw = idle_arena_alloc(&p->arena, cap * sizeof(*nw));

		if (!nw)
			return -1;
		if (p->nwarnings)
			memcpy(nw, p->warnings, p->nwarnings * sizeof(*nw));
		p->warnings = nw;
		p->capwarnings = cap;
	}
	w = &p->warnings[p->nwarnings];
	w->code = "PreconditionContextPathUnresolvedAtPlan";
	w->step = s->name;
	w->source = "Precondition";
	w->paths = idle_arena_alloc(&p->arena, missing->n * sizeof(*w->paths));
	if (!w->paths)
		return -1;
	idle_buf_printf(
	    &msg,
	    "Workflow step '%s' references Request.Context path(s) in Precondition that "
	    "are not yet available at planning time: [",
	    s->name);
	for (i = 0; i < missing->n; i++) {
		w->paths[i] = missing->items[i]->u.s;
		idle_buf_printf(&msg, "%s%s", i ? ", " : "", w->paths[i]);
	}
	w->npaths = missing->n;
	idle_buf_adds(&msg, "]. Evaluation will continue and paths may be resolved at runtime.");
	w->message = idle_arena_strndup(&p->arena, msg.data ? msg.data : "", msg.len);
	idle_buf_free(&msg);
	if (!w->message)
		return -1;
	if (!s->nwarn)
		s->warn_first = p->nwarnings;
	s->nwarn++;
	p->nwarnings++;
	return 0;
}

/* Checks the paths of a Condition (precondition = 0) or Precondition; v's path at the node. */
static int check_paths(idle_plan *p, idle_vctx *v, idle_plan_step *s, const idle_value *node,
                       int precondition)
{
	path_check c;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.v = v;
	c.s = s;
	c.precondition = precondition;
	idle_cond_walk_paths(node, v, check_one_path, &c);
	if (c.later.n) {
		idle_buf list = IDLE_BUF_INIT;

		for (i = 0; i < c.later.n; i++)
			idle_buf_printf(&list, "%s%s", i ? ", " : "", c.later.items[i]->u.s);
		idle_vctx_warning(v, IDLE_CODE_CONDITION_PATH, node,
		                  "step '%s': Precondition path(s) not available at planning time: "
		                  "[%s]; they are evaluated when the step runs",
		                  s->name, list.data ? list.data : "");
		idle_buf_free(&list);
		if (add_warning(p, s, &c.later))
			return -1;
	}
	return c.errors ? 1 : 0;
}

/* ---- one step --------------------------------------------------------------------------- */

static int evaluate(idle_plan *p, idle_vctx *v, idle_plan_step *s)
{
	idle_scope scope;
	idle_cond_eval e;
	idle_buf why = IDLE_BUF_INIT;
	size_t depth = v->path.n;
	int result = 1, rc;

	memset(&e, 0, sizeof(e));
	condition_scope(p, &scope);
	e.scope = &scope;
	e.path = &v->path;
	e.why = &why;
	rc = idle_cond_evaluate(&e, s->condition, &result);
	if (rc == IDLE_EINVALID) {
		idle_vctx_error(v, IDLE_CODE_CONDITION_EV, e.error_at, "step '%s': %s", s->name,
		                e.error);
	}
	while (v->path.n > depth)
		idle_vctx_pop(v);
	if (rc == 0) {
		s->status = result ? IDLE_PLANNED : IDLE_NOT_APPLICABLE;
		s->reason = why.data ? idle_arena_strndup(&p->arena, why.data, why.len) : NULL;
	}
	idle_buf_free(&why);
	return rc == -1 ? -1 : rc ? 1 : 0;
}

static int step_caps(idle_plan *p, idle_plan_step *s)
{
	size_t n = 0, i;

	while (s->stype->capabilities && s->stype->capabilities[n])
		n++;
	s->caps = idle_arena_alloc(&p->arena, (n + 1) * sizeof(*s->caps));
	if (!s->caps)
		return -1;
	for (i = 0; i < n; i++)
		s->caps[i] = idle_cap_normalize(s->stype->capabilities[i]);
	s->ncaps = n;
	idle_cap_sort_unique(s->caps, &s->ncaps);
	return 0;
}

/* Warnings when the step's provider cannot serve it (IdLE finds out only when it runs). */
/*
 * The step's auth session as the host's source or the providers file's
 * AuthSessions give it now; NULL when they give none (or fail: that is
 * reported when the step runs).
 */
static const idle_auth_session *plan_session(idle_plan *p, const idle_plan_step *s)
{
	const idle_auth_session *out = NULL;
	const char *name = s->session_name ? s->session_name : "";
	idle_error err;
	int rc = idle_session__from_host(p->cfg, name, s->session_options, &out, &err);

	if (rc == IDLE_ENOTFOUND && p->cfg->broker.configured &&
	    idle_broker_acquire(&p->cfg->broker, name, s->session_options, &out, &err))
		out = NULL;
	return rc && rc != IDLE_ENOTFOUND ? NULL : out;
}

static void check_routing(idle_plan *p, idle_vctx *v, idle_plan_step *s)
{
	const idle_value *pv = get(&s->with, "Provider");
	idle_provider *prov;
	size_t i;

	if (!p->cfg || !s->provider || !s->ncaps || s->status != IDLE_PLANNED)
		return;
	prov = idle_config_provider(p->cfg, s->provider, strlen(s->provider));
	if (!prov) {
		idle_diag *d = idle_vctx_warning(
		    v, IDLE_CODE_CAPABILITY, pv ? pv : s->def,
		    "step '%s' calls provider '%s'%s, which the providers file does not define: "
		    "the step will fail when it runs",
		    s->name, s->provider, pv ? "" : " (the default alias of its type)");

		idle_diag_set_hint(d, "name a provider in With.Provider, or add '%s' to Providers",
		                   s->provider);
		return;
	}
	for (i = 0; i < s->ncaps; i++)
		if (!idle_provider_has(prov, s->caps[i]))
			idle_vctx_warning(v, IDLE_CODE_CAPABILITY, pv ? pv : s->def,
			                  "step '%s' calls provider '%s' (type %s), which does not "
			                  "advertise '%s': the step may fail when it runs",
			                  s->name, s->provider, prov->type->name, s->caps[i]);
	if (prov->type->check_step) {
		idle_pcall c;

		idle_pcall_init(&c, &p->arena, NULL, prov, IDLE_OP_COUNT, plan_session(p, s));
		c.env = &p->env;
		if (prov->type->check_step(prov->self, &c, s->type, &s->with))
			idle_vctx_error(v, IDLE_CODE_BINDING, s->def, "step '%s': %s", s->name,
			                c.failed ? c.error : "provider refused the step");
	}
}

static int plan_step(idle_plan *p, idle_vctx *v, const idle_value *def, idle_plan_step *s)
{
	const idle_value *with, *rp, *opf;
	int rc, bad = 0;

	s->def = def;
	s->name = text(p, idle_map_get(def, IDLE_LIT("Name")));
	s->type = text(p, idle_map_get(def, IDLE_LIT("Type")));
	s->description = get(def, "Description") ? text(p, get(def, "Description")) : "";
	s->condition = get(def, "Condition");
	s->precondition = get(def, "Precondition");
	s->precondition_event = get(def, "PreconditionEvent");
	opf = get(def, "OnPreconditionFalse");
	s->on_precondition_false = idle_val_blank(opf) ? NULL : text(p, opf);
	rp = get(def, "RetryProfile");
	s->retry_profile = rp ? text(p, rp) : NULL;
	s->status = IDLE_PLANNED;
	if (!s->name || !s->type || !s->description)
		return -1;
	/* Condition: its paths, then its value */
	if (s->condition) {
		idle_vctx_push_key(v, IDLE_LIT("Condition"));
		rc = check_paths(p, v, s, s->condition, 0);
		if (rc == 0)
			rc = evaluate(p, v, s);
		idle_vctx_pop(v);
		if (rc < 0)
			return -1;
		bad |= rc;
	}
	s->stype = idle_host_find_step_type(p->host, s->type);
	if (!s->stype)
		return -1; /* validation reported it */
	if (step_caps(p, s))
		return -1;
	with = get(def, "With");
	if (with && with->kind == IDLE_MAP)
		s->with = *with;
	else if (idle_val_map(&p->arena, &s->with, NULL, 0))
		return -1;
	if (s->status == IDLE_PLANNED && !bad) {
		size_t errors = v->errors;

		rc = 0;
		if (with) {
			idle_vctx_push_key(v, IDLE_LIT("With"));
			rc = idle_plan__resolve(p, v, with, &s->with);
			idle_vctx_pop(v);
			if (rc < 0)
				return -1;
			bad |= rc;
		}
		if (!rc) {
			idle_wf_check_with(v, def, with ? &s->with : NULL, s->stype, s->name);
			bad |= v->errors != errors;
		}
	}
	idle_plan__bind(s, p->cfg);
	if (p->cfg && s->retry_profile && s->status == IDLE_PLANNED) {
		idle_vctx_push_key(v, IDLE_LIT("RetryProfile"));
		idle_execopts_check_profile(v, p->cfg->exec_options, s->name, rp);
		idle_vctx_pop(v);
	}
	check_routing(p, v, s);
	if (s->precondition) {
		idle_vctx_push_key(v, IDLE_LIT("Precondition"));
		rc = check_paths(p, v, s, s->precondition, 1);
		idle_vctx_pop(v);
		if (rc < 0)
			return -1;
		bad |= rc;
	}
	return bad;
}

static int plan_steps(idle_plan *p, idle_vctx *v, int coll)
{
	const char *key = coll ? "OnFailureSteps" : "Steps";
	const idle_value *list = get(idle_doc_root(p->workflow), key);
	uint32_t i;
	int bad = 0;

	if (!list || list->kind != IDLE_ARRAY || !list->n)
		return 0;
	p->steps[coll] = idle_arena_calloc(&p->arena, list->n, sizeof(idle_plan_step));
	if (!p->steps[coll])
		return -1;
	idle_vctx_push_key(v, key, strlen(key));
	for (i = 0; i < list->n; i++) {
		idle_plan_step *s = &p->steps[coll][i];
		int rc;

		s->onfailure = coll;
		s->index = i;
		idle_vctx_push_index(v, i);
		rc = plan_step(p, v, &list->u.items[i], s);
		idle_vctx_pop(v);
		if (rc < 0) {
			idle_vctx_pop(v);
			return -1;
		}
		bad |= rc;
		p->nsteps[coll]++;
	}
	idle_vctx_pop(v);
	return bad;
}

/* ---- capabilities (Assert-IdlePlanCapabilitiesSatisfied) ------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

static void check_capabilities(idle_plan *p, idle_vctx *v)
{
	const char **avail = NULL;
	size_t navail = 0, i, j, k, c;
	idle_config *cfg = p->cfg;

	for (i = 0; i < cfg->nproviders; i++)
		navail += cfg->providers[i].ncaps;
	avail = malloc((navail + 1) * sizeof(*avail));
	if (!avail) {
		v->oom = 1;
		return;
	}
	navail = 0;
	for (i = 0; i < cfg->nproviders; i++)
		for (j = 0; j < cfg->providers[i].ncaps; j++)
			avail[navail++] = cfg->providers[i].caps[j];
	idle_cap_sort_unique(avail, &navail);
	/* each missing capability once, in sorted order, with the steps that need it */
	for (c = 0; c < 2; c++) {
		for (i = 0; i < p->nsteps[c]; i++) {
			idle_plan_step *s = &p->steps[c][i];

			for (j = 0; j < s->ncaps; j++) {
				const char *cap = s->caps[j];
				idle_buf steps = IDLE_BUF_INIT, have = IDLE_BUF_INIT;
				const char **names;
				size_t nn = 0, ci, si, seen = 0;
				idle_diag *d;

				if (bsearch(&cap, avail, navail, sizeof(*avail), cmp_str))
					continue;
				/* reported already for an earlier step? */
				for (ci = 0; ci <= c && !seen; ci++)
					for (si = 0; si < (ci < c ? p->nsteps[ci] : i) && !seen;
					     si++)
						for (k = 0; k < p->steps[ci][si].ncaps; k++)
							if (!strcasecmp(p->steps[ci][si].caps[k],
							                cap))
								seen = 1;
				if (seen)
					continue;
				names = malloc((p->nsteps[0] + p->nsteps[1]) * sizeof(*names));
				if (!names) {
					v->oom = 1;
					break;
				}
				for (ci = 0; ci < 2; ci++)
					for (si = 0; si < p->nsteps[ci]; si++)
						for (k = 0; k < p->steps[ci][si].ncaps; k++)
							if (!strcasecmp(p->steps[ci][si].caps[k],
							                cap))
								names[nn++] =
								    *p->steps[ci][si].name
								        ? p->steps[ci][si].name
								        : "<UnnamedStep>";
				qsort(names, nn, sizeof(*names), cmp_str);
				for (k = 0; k < nn; k++)
					if (!k || strcasecmp(names[k - 1], names[k]))
						idle_buf_printf(&steps, "%s'%s'", k ? ", " : "",
						                names[k]);
				for (k = 0; k < navail; k++)
					idle_buf_printf(&have, "%s%s", k ? ", " : "", avail[k]);
				idle_vctx_push_key(v, c ? "OnFailureSteps" : "Steps", c ? 14 : 5);
				idle_vctx_push_index(v, i);
				idle_vctx_push_key(v, IDLE_LIT("Type"));
				d = idle_vctx_error(
				    v, IDLE_CODE_CAPABILITY, idle_map_get(s->def, IDLE_LIT("Type")),
				    "required capability '%s' is missing: no provider "
				    "advertises it (needed by %s)",
				    cap, steps.data ? steps.data : "");
				idle_diag_set_hint(d, "available capabilities: %s",
				                   have.data ? have.data : "none");
				idle_vctx_pop(v);
				idle_vctx_pop(v);
				idle_vctx_pop(v);
				idle_buf_free(&steps);
				idle_buf_free(&have);
				free(names);
			}
		}
	}
	free(avail);
}

/* ---- building ------------------------------------------------------------------------------ */

static void check_lifecycle(idle_plan *p, idle_diags *diags, size_t *errors)
{
	const idle_value *wle = get(idle_doc_root(p->workflow), "LifecycleEvent");
	const idle_value *rle = p->req->lifecycle_event;
	unsigned line = 0, col = 0;
	idle_diag *d;

	if (!wle || wle->kind != IDLE_STRING)
		return;
	if (idle_utf8_caseeq(wle->u.s, wle->n, rle->u.s, rle->n))
		return;
	idle_doc_locate(p->workflow, wle, &line, &col);
	d = idle_diags_add(diags, IDLE_SEV_ERROR, "lifecycle-event", p->req->src,
	                   rle->start == IDLE_NOSPAN ? IDLE_NOLOC : rle->start, rle->end,
	                   "the request's LifecycleEvent '%s' does not match the workflow's "
	                   "LifecycleEvent '%s' (%s:%u)",
	                   rle->u.s, wle->u.s, idle_doc_name(p->workflow), line);
	idle_diag_set_path(d, "LifecycleEvent");
	idle_diag_set_hint(d, "a workflow runs only for requests of its lifecycle event");
	(*errors)++;
}

int idle_plan_build(idle_plan **out, const idle_host *host, const idle_doc *workflow,
                    const idle_request *req, idle_config *cfg, const idle_plan_options *opts,
                    idle_diags *diags)
{
	idle_plan *p;
	idle_vctx v;
	const idle_value *root;
	size_t errors = 0;
	int rc = 0, bad;

	if (!out || !host || !workflow || !req ||
	    (opts && opts->version != IDLE_PLAN_OPTIONS_VERSION))
		return IDLE_EARG;
	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return IDLE_ENOMEM;
	idle_arena_init(&p->arena);
	p->host = host;
	p->workflow = workflow;
	p->req = req;
	p->cfg = cfg;
	idle_vctx_init(&v, workflow->src, diags);
	p->faults = idle_faults_new(cfg, &v.oom); /* what the resolvers' calls inject */
	p->home.arena = &p->arena;
	p->home.oom = &p->oom;
	p->env.home = &p->home;
	root = idle_doc_root(workflow);
	v.plan_time = 1;
	/* 1-2: the workflow's rules and its lifecycle event */
	if (root->kind != IDLE_MAP) {
		idle_vctx_error(&v, "workflow-root", root,
		                "a workflow definition must be a hashtable at the root, not %s",
		                idle_val_describe(root));
	} else {
		idle_wf_check_data_only(&v, root);
		idle_wf_check(&v, host, root);
		check_lifecycle(p, diags, &errors);
	}
	if (v.oom) {
		rc = IDLE_ENOMEM;
		goto done;
	}
	if (v.errors || errors) {
		rc = IDLE_EINVALID;
		goto done;
	}
	p->workflow_name = text(p, get(root, "Name"));
	p->lifecycle_event = text(p, get(root, "LifecycleEvent"));
	p->request = req->value;
	/* 3: context resolvers */
	bad = idle_plan__run_resolvers(p, &v, get(root, "ContextResolvers"));
	if (bad) {
		rc = bad < 0 ? IDLE_ENOMEM : IDLE_EINVALID;
		goto done;
	}
	/* 8: Steps, then OnFailureSteps */
	bad = plan_steps(p, &v, 0);
	if (bad >= 0) {
		int b2 = plan_steps(p, &v, 1);

		bad = b2 < 0 ? b2 : (bad | b2);
	}
	/* 9: capabilities */
	if (bad >= 0 && cfg) {
		p->caps_checked = 1;
		check_capabilities(p, &v);
	}
	if (bad < 0 || v.oom)
		rc = IDLE_ENOMEM;
	else if (bad || v.errors)
		rc = IDLE_EINVALID;
done:
	idle_vctx_free(&v);
	if (rc) {
		idle_plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

void idle_plan_free(idle_plan *plan)
{
	if (!plan)
		return;
	idle_request_free(plan->owned_req);
	idle_bhome__free(&plan->home);
	idle_arena_free(&plan->arena);
	free(plan->faults);
	free(plan);
}

/* ---- the binding ----------------------------------------------------------------------------- */

/* A string With value that says something: non-blank, no {{template}} left. */
static const char *bound_text(const idle_value *with, const char *key, size_t len)
{
	const idle_value *v = with && with->kind == IDLE_MAP ? idle_map_get(with, key, len) : NULL;

	return v && v->kind == IDLE_STRING && !idle_val_blank(v) && !idle_value_has_template(v)
	           ? v->u.s
	           : NULL;
}

void idle_plan__bind(idle_plan_step *s, const idle_config *cfg)
{
	const idle_value *o = s->with.kind == IDLE_MAP
	                          ? idle_map_get(&s->with, IDLE_LIT("AuthSessionOptions"))
	                          : NULL;
	const idle_provider *p;
	char buf[512];
	uint8_t h[32];
	int i;

	s->provider = bound_text(&s->with, IDLE_LIT("Provider"));
	if (!s->provider)
		s->provider = s->stype ? s->stype->provider : NULL;
	p = cfg && s->provider ? idle_config_provider(cfg, s->provider, strlen(s->provider)) : NULL;
	s->provider_type = p ? p->type->name : NULL;
	s->session_name = bound_text(&s->with, IDLE_LIT("AuthSessionName"));
	s->session_options = o && o->kind == IDLE_MAP ? o : NULL;
	/* stable across reorderings: names are unique per collection */
	snprintf(buf, sizeof(buf), "%s\n%s", s->onfailure ? "OnFailureSteps" : "Steps",
	         s->name ? s->name : "");
	idle_sha256(buf, strlen(buf), h);
	for (i = 0; i < 8; i++)
		snprintf(s->id + 2 * i, 3, "%02x", h[i]);
}

const char *idle_plan_step_id(const idle_plan_step *step)
{
	return step ? step->id : NULL;
}

/* ---- reading a plan ----------------------------------------------------------------------- */

const char *idle_plan_workflow_name(const idle_plan *plan)
{
	return plan ? plan->workflow_name : NULL;
}

const char *idle_plan_lifecycle_event(const idle_plan *plan)
{
	return plan ? plan->lifecycle_event : NULL;
}

const char *idle_plan_correlation_id(const idle_plan *plan)
{
	return plan ? plan->req->correlation_id : NULL;
}

const char *idle_plan_actor(const idle_plan *plan)
{
	return plan ? plan->req->actor : NULL;
}

int idle_plan_capabilities_checked(const idle_plan *plan)
{
	return plan && plan->caps_checked;
}

size_t idle_plan_step_count(const idle_plan *plan, int onfailure)
{
	return plan ? plan->nsteps[onfailure ? 1 : 0] : 0;
}

const idle_plan_step *idle_plan_step_at(const idle_plan *plan, int onfailure, size_t i)
{
	int c = onfailure ? 1 : 0;

	return plan && i < plan->nsteps[c] ? &plan->steps[c][i] : NULL;
}

const char *idle_plan_step_name(const idle_plan_step *step)
{
	return step ? step->name : NULL;
}

const char *idle_plan_step_type(const idle_plan_step *step)
{
	return step ? step->type : NULL;
}

int idle_plan_step_applicable(const idle_plan_step *step)
{
	return step && step->status == IDLE_PLANNED;
}

const char *idle_plan_step_reason(const idle_plan_step *step)
{
	return step ? step->reason : NULL;
}

const idle_value *idle_plan_step_with(const idle_plan_step *step)
{
	return step ? &step->with : NULL;
}

size_t idle_plan_step_capability_count(const idle_plan_step *step)
{
	return step ? step->ncaps : 0;
}

const char *idle_plan_step_capability(const idle_plan_step *step, size_t i)
{
	return step && i < step->ncaps ? step->caps[i] : NULL;
}

const char *idle_plan_step_provider(const idle_plan_step *step)
{
	return step ? step->provider : NULL;
}

const char *idle_plan_step_retry_profile(const idle_plan_step *step)
{
	return step ? step->retry_profile : NULL;
}

int idle_plan_step_has_precondition(const idle_plan_step *step)
{
	return step && step->precondition;
}

size_t idle_plan_warning_count(const idle_plan *plan)
{
	return plan ? plan->nwarnings : 0;
}

const char *idle_plan_warning_message(const idle_plan *plan, size_t i)
{
	return plan && i < plan->nwarnings ? plan->warnings[i].message : NULL;
}

size_t idle_plan_resolver_count(const idle_plan *plan)
{
	return plan ? plan->nresolvers : 0;
}

const char *idle_plan_resolver_summary(const idle_plan *plan, size_t i)
{
	return plan && i < plan->nresolvers ? plan->resolvers[i].summary : NULL;
}
