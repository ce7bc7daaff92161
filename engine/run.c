/*
 * engine/run.c - Invoke-IdlePlan: the steps in order, preconditions, retries
 * of transient failures, OnFailureSteps after a failure, the result
 * (shared/spec/idle-execution.md sections 1, 3, 4, 5).
 */
#include "engine/run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "engine/capability.h"
#include "engine/cond_eval.h"
#include "engine/execopts.h"
#include "engine/redact.h"
#include "engine/request.h"
#include "engine/retry.h"

typedef enum outcome { STEP_OK, STEP_FAILED, STEP_BLOCKED, STEP_INTERRUPTED } outcome;

int idle_run__cancelled(idle_runstate *rs)
{
	const idle_run_options *o = rs->opts;

	if (!rs->cancelled && o && o->cancelled && o->cancelled(o->event_ud))
		rs->cancelled = 1;
	return rs->cancelled;
}

/* ---- checks before anything runs ------------------------------------------------------ */

static int prechecks(const idle_plan *plan, const idle_config *cfg, idle_diags *d)
{
	const char **avail = NULL;
	size_t navail = 0, i, j, c, errors = 0;

	for (i = 0; i < cfg->nproviders; i++)
		navail += cfg->providers[i].ncaps;
	avail = malloc((navail + 1) * sizeof(*avail));
	if (!avail)
		return IDLE_ENOMEM;
	navail = 0;
	for (i = 0; i < cfg->nproviders; i++)
		for (j = 0; j < cfg->providers[i].ncaps; j++)
			avail[navail++] = cfg->providers[i].caps[j];
	for (c = 0; c < 2; c++) {
		for (i = 0; i < plan->nsteps[c]; i++) {
			const idle_plan_step *s = &plan->steps[c][i];

			if (s->status != IDLE_STEP_PLANNED)
				continue;
			if (!s->stype || !s->stype->run) {
				idle_diags_add(d, IDLE_SEV_ERROR, "step-type", NULL, IDLE_NOLOC, 0,
				               "step '%s' (%s[%zu]) cannot run: no step handler is "
				               "registered for step type '%s'",
				               s->name, c ? "OnFailureSteps" : "Steps", i, s->type);
				errors++;
			}
			for (j = 0; j < s->ncaps; j++) {
				size_t k;

				for (k = 0; k < navail && strcasecmp(avail[k], s->caps[j]); k++)
					;
				if (k == navail) {
					idle_diags_add(
					    d, IDLE_SEV_ERROR, "capability", NULL, IDLE_NOLOC, 0,
					    "step '%s' needs capability '%s', which no provider "
					    "of the providers file advertises",
					    s->name, s->caps[j]);
					errors++;
				}
			}
		}
	}
	free(avail);
	return errors ? IDLE_EINVALID : 0;
}

/* ---- preconditions (section 3) ----------------------------------------------------------- */

typedef struct pre_scope {
	const idle_plan *plan;
	idle_runstate *rs;
	const idle_value *request;
	idle_value view;
	int built;
} pre_scope;

static const idle_value *pre_root(void *ud, const char *name, size_t len)
{
	pre_scope *p = ud;

	if (idle_utf8_caseeq(name, len, IDLE_LIT("Request")))
		return p->request;
	if (idle_utf8_caseeq(name, len, IDLE_LIT("Plan"))) {
		if (!p->built) {
			if (idle_plan__view(p->plan, &p->rs->scratch, p->request, &p->view)) {
				p->rs->oom = 1;
				return NULL;
			}
			p->built = 1;
		}
		return &p->view;
	}
	return NULL;
}

typedef struct missing_paths {
	idle_scope *scope;
	idle_buf list;
	size_t n;
} missing_paths;

static void check_path(void *ud, idle_cond_op op, const idle_value *path, const idle_value *operand)
{
	missing_paths *m = ud;
	const char *s = path->u.s;
	size_t n = path->n;

	(void)operand;
	if (path->kind != IDLE_STRING ||
	    !(op == IDLE_COND_EQUALS || op == IDLE_COND_NOTEQUALS || op == IDLE_COND_IN))
		return;
	if (n > 8 && !strncasecmp(s, "context.", 8)) {
		s += 8;
		n -= 8;
	}
	if (idle_lookup_exists(m->scope, s, n))
		return;
	idle_buf_printf(&m->list, "%s%s", m->n++ ? ", " : "", path->u.s);
}

/*
 * Evaluates a step's Precondition: 1 holds, 0 does not; -1 when it cannot be
 * evaluated (message in err). The Current alias (main steps) points at the
 * step's provider and session under Request.Context.Providers while it runs.
 */
static int precondition(idle_runstate *rs, const idle_plan_step *s, int alias, char *err,
                        size_t errlen, idle_buf *why)
{
	const idle_value *req = &rs->plan->request, *ctx = idle_map_get(req, IDLE_LIT("Context"));
	idle_value nreq, nctx, cur;
	pre_scope ps;
	idle_scope scope;
	idle_cond_eval e;
	missing_paths mp;
	int result = 0, rc;

	if (s->precondition->kind != IDLE_MAP)
		return 0; /* fail closed */
	/* what the evaluation builds lives until the next step's */
	idle_arena_free(&rs->scratch);
	idle_arena_init(&rs->scratch);
	if (alias && ctx && ctx->kind == IDLE_MAP && !idle_map_get(ctx, IDLE_LIT("Current"))) {
		const idle_value *pv = idle_map_get(&s->with, IDLE_LIT("Provider"));
		const idle_value *an = idle_map_get(&s->with, IDLE_LIT("AuthSessionName"));
		const idle_value *node = NULL;

		if (pv && pv->kind == IDLE_STRING && pv->n) {
			node = idle_map_get(ctx, IDLE_LIT("Providers"));
			node = node && node->kind == IDLE_MAP ? idle_map_get(node, pv->u.s, pv->n)
			                                      : NULL;
			node = node && node->kind == IDLE_MAP
			           ? (an && an->kind == IDLE_STRING && an->n
			                  ? idle_map_get(node, an->u.s, an->n)
			                  : idle_map_get(node, IDLE_LIT("Default")))
			           : NULL;
			if (node && node->kind != IDLE_MAP)
				node = NULL;
		}
		if (node)
			cur = *node;
		else
			idle_val_init(&cur, IDLE_NULL);
		if (idle_val_map_set(&rs->scratch, &nctx, ctx, "Current", 7, &cur) ||
		    idle_val_map_set(&rs->scratch, &nreq, req, "Context", 7, &nctx)) {
			rs->oom = 1;
			return -1;
		}
		req = &nreq;
	}
	memset(&ps, 0, sizeof(ps));
	ps.plan = rs->plan;
	ps.rs = rs;
	ps.request = req;
	scope.root = pre_root;
	scope.ud = &ps;
	scope.arena = &rs->scratch;
	memset(&mp, 0, sizeof(mp));
	mp.scope = &scope;
	idle_buf_init(&mp.list, 0);
	idle_cond_walk_paths(s->precondition, NULL, check_path, &mp);
	if (mp.n) {
		snprintf(
		    err, errlen,
		    "Workflow step '%s' has unresolved condition path(s) in Precondition: [%s]. "
		    "Check Request/Plan structure or ContextResolvers outputs.",
		    s->name, mp.list.data ? mp.list.data : "");
		idle_buf_free(&mp.list);
		return -1;
	}
	idle_buf_free(&mp.list);
	memset(&e, 0, sizeof(e));
	e.scope = &scope;
	e.why = why;
	rc = idle_cond_evaluate(&e, s->precondition, &result);
	if (rc) {
		snprintf(err, errlen, "%s",
		         rc == IDLE_EINVALID ? e.error
		                             : "out of memory evaluating the precondition");
		return -1;
	}
	return result;
}

/* ---- results ---------------------------------------------------------------------------- */

/* Records a step's result (its map is built when asked for: events.c). */
static void step_result(idle_runstate *rs, const idle_step_ctx *c, const char *status, int changed,
                        int with_error, const char *error, const idle_value *data,
                        const idle_value *extra, int attempts)
{
	idle_step_rec rec;

	memset(&rec, 0, sizeof(rec));
	rec.name = c->name;
	rec.type = c->type;
	rec.status = status;
	rec.changed = (signed char)(changed < 0 ? -1 : changed != 0);
	rec.with_error = with_error != 0;
	rec.error = with_error ? idle_run__keep(rs, error) : NULL;
	rec.data = data && data->kind == IDLE_MAP && data->n ? data : NULL;
	rec.extra = extra && extra->kind == IDLE_MAP && extra->n ? extra : NULL;
	rec.attempts = attempts;
	idle_run__add_result(rs, c->onfailure, &rec);
}

/* An event's Data: StepType, Index[, extra_key = extra]. */
static const idle_value *type_index(idle_runstate *rs, const idle_step_ctx *c,
                                    const char *extra_key, const char *extra)
{
	const char *k[3] = {"StepType", "Index", extra_key};
	idle_value v[3], *out = idle_arena_alloc(&rs->res->arena, sizeof(*out));

	if (!out) {
		rs->oom = 1;
		return NULL;
	}
	idle_val_cstr(&v[0], c->type);
	idle_val_int(&v[1], (int64_t)c->index);
	if (extra_key)
		idle_run__str(rs, &v[2], extra);
	return idle_run__map(rs, out, k, v, extra_key ? 3 : 2) ? NULL : out;
}

/* StepPreconditionFailed's Data: StepType, Index, OnPreconditionFalse[, Reason]. */
static const idle_value *precondition_data(idle_runstate *rs, const idle_step_ctx *c,
                                           const char *mode, const char *reason)
{
	const char *k[4] = {"StepType", "Index", "OnPreconditionFalse", "Reason"};
	idle_value v[4], *out = idle_arena_alloc(&rs->res->arena, sizeof(*out));

	if (!out) {
		rs->oom = 1;
		return NULL;
	}
	idle_val_cstr(&v[0], c->type);
	idle_val_int(&v[1], (int64_t)c->index);
	idle_run__str(rs, &v[2], mode);
	idle_run__str(rs, &v[3], reason);
	return idle_run__map(rs, out, k, v, reason ? 4 : 3) ? NULL : out;
}

/* ---- executing a step (with retries, section 5) ----------------------------------------- */

/* Runs the handler with retries; 0 completed (ctx holds the result), else failed (ctx->error). */
static int execute(idle_runstate *rs, idle_step_ctx *ctx, const idle_plan_step *s, size_t index,
                   int onfailure, int *attempts)
{
	idle_retry r;
	char err[1024], seed[1024];
	int attempt, max;

	if (idle_execopts_retry(rs->cfg->exec_options, s->name, s->retry_profile, &r, err,
	                        sizeof(err)))
		return idle_step_fail(ctx, 0, "%s", err);
	snprintf(seed, sizeof(seed), onfailure ? "%s|OnFailure|%s|%s|%zu" : "%s|%s|%s|%zu",
	         rs->res->correlation_id, s->type, s->name, index);
	max = r.max_attempts < 1 ? 1 : r.max_attempts;
	for (attempt = 1;; attempt++) {
		ctx->failed = 0;
		ctx->transient = 0;
		ctx->error[0] = '\0';
		ctx->changed = -1;
		ctx->data = ctx->extra = NULL;
		if (!s->stype || !s->stype->run)
			return idle_step_fail(
			    ctx, 0, "No step handler registered for step type '%s'.", s->type);
		*attempts = attempt;
		if (s->stype->run(ctx, &s->with) == 0 && !ctx->failed)
			return 0;
		if (!ctx->failed)
			idle_step_fail(ctx, 0, "step handler of '%s' failed", s->type);
		if (!ctx->transient || r.max_attempts == 0 || attempt >= max)
			return 1;
		if (idle_run__cancelled(rs)) {
			ctx->interrupted = 1;
			return 1;
		}
		{
			long delay = idle_retry_delay_ms(&r, seed, attempt);
			idle_builder *b = idle_step_builder(ctx, 0);

			idle_build_int(b, "attempt", attempt);
			idle_build_int(b, "maxAttempts", max);
			idle_build_int(b, "delayMs", delay);
			idle_build_str(b, "errorType", "IdLE.TransientError");
			idle_build_str(b, "message", ctx->error);
			idle_run__event(rs, "StepRetrying", ctx->name, idle_build_done(b),
			                "Transient failure in '%s' (attempt %d/%d). Retrying.",
			                onfailure ? "OnFailureStepExecution" : "StepExecution",
			                attempt, max);
			if (delay > 0)
				rs->clock.sleep(rs->clock.ud, (double)delay / 1000.0);
			if (idle_run__cancelled(rs)) {
				ctx->interrupted = 1; /* no more attempts: the run stops */
				return 1;
			}
		}
	}
}

static void ctx_init(idle_step_ctx *ctx, idle_runstate *rs, const idle_plan_step *s, size_t index,
                     int onfailure)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->rs = rs;
	ctx->step = s;
	/* results and events point at the plan's strings (the result borrows from it) */
	ctx->name = s->name;
	ctx->type = s->type;
	ctx->with = &s->with;
	ctx->index = index;
	ctx->onfailure = onfailure;
	ctx->changed = -1;
}

/* One step of Steps (onfailure 0) or OnFailureSteps (1). */
static outcome run_step(idle_runstate *rs, const idle_plan_step *s, size_t i, int onfailure)
{
	const char *prefix = onfailure ? "OnFailure step" : "Step";
	const idle_value *ti;
	idle_step_ctx ctx;
	int attempts = 1;
	char err[1024];

	ctx_init(&ctx, rs, s, i, onfailure);
	rs->step = s->name;
	if (s->status == IDLE_STEP_NOT_APPLICABLE) {
		step_result(rs, &ctx, "NotApplicable", -1, 0, NULL, NULL, NULL, 1);
		idle_run__event(rs, onfailure ? "OnFailureStepNotApplicable" : "StepNotApplicable",
		                ctx.name, type_index(rs, &ctx, NULL, NULL),
		                "%s '%s' not applicable (condition not met).", prefix, s->name);
		return STEP_OK;
	}
	if (s->precondition) {
		idle_buf why = IDLE_BUF_INIT;
		int holds = precondition(rs, s, !onfailure, err, sizeof(err), &why);
		const char *reason = holds == 0 && why.data ? idle_run__keep(rs, why.data) : NULL;

		idle_buf_free(&why);

		if (holds < 0) {
			/* IdLE aborts the whole run here; idle fails the step, so that
			 * OnFailureSteps clean up (docs/run.md) */
			idle_step_fail(&ctx, 0, "%s", err);
			goto failed;
		}
		if (!holds) {
			const char *mode =
			    s->on_precondition_false ? s->on_precondition_false : "Blocked";
			const idle_value *ev = s->precondition_event;

			idle_run__event(rs, "StepPreconditionFailed", ctx.name,
			                precondition_data(rs, &ctx, mode, reason),
			                "%s '%s' precondition check failed.", prefix, s->name);
			if (ev && ev->kind == IDLE_MAP) {
				const idle_value *t = idle_map_get(ev, IDLE_LIT("Type"));
				const idle_value *m = idle_map_get(ev, IDLE_LIT("Message"));
				const idle_value *d = idle_map_get(ev, IDLE_LIT("Data"));

				idle_run__event(rs,
				                t && t->kind == IDLE_STRING
				                    ? idle_run__key(rs, t->u.s)
				                    : "Precondition",
				                ctx.name, d && d->kind == IDLE_MAP ? d : NULL, "%s",
				                m && m->kind == IDLE_STRING ? m->u.s : "");
			}
			if (!strcasecmp(mode, "Fail")) {
				step_result(rs, &ctx, "Failed", -1, 1, "Precondition check failed.",
				            NULL, NULL, 0);
				idle_run__event(
				    rs, "StepFailed", ctx.name,
				    type_index(rs, &ctx, "Error", "Precondition check failed."),
				    "%s '%s' failed (precondition check failed).", prefix, s->name);
				return STEP_FAILED;
			}
			if (!strcasecmp(mode, "Continue")) {
				step_result(rs, &ctx, "PreconditionSkipped", -1, 0, NULL, NULL,
				            NULL, 0);
				return STEP_OK;
			}
			step_result(rs, &ctx, "Blocked", -1, 0, NULL, NULL, NULL, 0);
			idle_run__event(
			    rs, "StepBlocked", ctx.name, type_index(rs, &ctx, NULL, NULL),
			    "%s '%s' blocked (precondition check failed).", prefix, s->name);
			return STEP_BLOCKED;
		}
	}
	/* StepStarted and StepCompleted carry the same Data: one map for both */
	ti = type_index(rs, &ctx, NULL, NULL);
	idle_run__event(rs, onfailure ? "OnFailureStepStarted" : "StepStarted", ctx.name, ti,
	                "%s '%s' started.", prefix, s->name);
	if (execute(rs, &ctx, s, i, onfailure, &attempts) == 0) {
		step_result(rs, &ctx, "Completed", ctx.changed, 1, NULL,
		            ctx.data ? idle_build_done(ctx.data) : NULL,
		            ctx.extra ? idle_build_done(ctx.extra) : NULL, attempts);
		idle_run__event(rs, onfailure ? "OnFailureStepCompleted" : "StepCompleted",
		                ctx.name, ti, "%s '%s' completed.", prefix, s->name);
		return STEP_OK;
	}
	if (ctx.interrupted) {
		/* cut short at a wait by the host's request: not a failure; resumable */
		step_result(rs, &ctx, "Interrupted", -1, 1, ctx.error, NULL, NULL, attempts);
		idle_run__event(rs, onfailure ? "OnFailureStepInterrupted" : "StepInterrupted",
		                ctx.name, type_index(rs, &ctx, "Error", ctx.error),
		                "%s '%s' interrupted.", prefix, s->name);
		return STEP_INTERRUPTED;
	}
failed:
	/* as IdLE: a failure counts one attempt, however many transient ones came before */
	step_result(rs, &ctx, "Failed", -1, 1, ctx.error, NULL, NULL, 1);
	idle_run__event(rs, onfailure ? "OnFailureStepFailed" : "StepFailed", ctx.name,
	                type_index(rs, &ctx, "Error", ctx.error), "%s '%s' failed.", prefix,
	                s->name);
	return STEP_FAILED;
}

/* ---- the run ------------------------------------------------------------------------------ */

static double fake_now(void *ud)
{
	return *(double *)ud;
}

static void fake_sleep(void *ud, double secs)
{
	if (secs > 0)
		*(double *)ud += secs;
}

static double run_now(void *ud)
{
	idle_runstate *rs = ud;

	return rs->base.now(rs->base.ud);
}

/*
 * Waits on the base clock; the host's on_wait hears of it every tenth of a
 * second, and a wait ends early when the host asks the run to stop.
 */
static void run_sleep(void *ud, double secs)
{
	idle_runstate *rs = ud;
	const idle_run_options *o = rs->opts;
	double end, left = secs;

	if (secs <= 0 || idle_run__cancelled(rs))
		return;
	if (!o || (!o->on_wait && !o->cancelled)) {
		rs->base.sleep(rs->base.ud, secs);
		return;
	}
	end = run_now(rs) + secs;
	while (left > 0 && !idle_run__cancelled(rs)) {
		if (o->on_wait)
			o->on_wait(o->event_ud, rs->step, left);
		/* a simulated wait takes no time: in one go */
		rs->base.sleep(rs->base.ud,
		               (o->flags & IDLE_RUN_SIMULATED_CLOCK) || left < 0.1 ? left : 0.1);
		left = end - run_now(rs);
	}
}

static double real_wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const idle_value *run_data(idle_runstate *rs, const char *k1, const char *v1, const char *k2,
                                  const char *v2, const char *k3, int64_t n)
{
	const char *keys[3] = {k1, k2, k3};
	idle_value vals[3], *out = idle_arena_alloc(&rs->res->arena, sizeof(*out));
	size_t i = 0;

	if (!out)
		return NULL;
	idle_run__str(rs, &vals[i++], v1);
	if (k2)
		idle_run__str(rs, &vals[i++], v2);
	keys[i] = k3;
	idle_val_int(&vals[i++], n);
	return idle_run__map(rs, out, keys, vals, i) ? NULL : out;
}

/* ---- providers for the run: open before the first step, close after the last ------------- */

/* Calls open or close of provider p; a failure goes to diags. 0, or IDLE_EIO. */
static int lifecycle(idle_runstate *rs, idle_provider *p, int opening, idle_diags *diags)
{
	int (*fn)(void *, idle_pcall *) = opening ? p->type->open : p->type->close;
	idle_arena a;
	idle_pcall c;
	int rc = 0;

	if (!fn)
		return 0;
	idle_arena_init(&a);
	idle_pcall_init(&c, &a, &rs->clock, p, IDLE_OP_COUNT, NULL);
	if (fn(p->self, &c)) {
		idle_diags_add(diags, IDLE_SEV_ERROR, "io", NULL, IDLE_NOLOC, 0,
		               opening ? "provider '%s' could not be opened for the run: %s"
		                       : "provider '%s' could not record what the run did: %s",
		               p->alias, c.failed ? c.error : "unknown error");
		rc = IDLE_EIO;
	}
	idle_arena_free(&a);
	return rc;
}

/* Closes the first n providers (in reverse); 0, or IDLE_EIO when one failed. */
static int close_providers(idle_runstate *rs, size_t n, idle_diags *diags)
{
	int rc = 0;

	while (n-- > 0)
		if (rs->cfg->providers[n].ready && lifecycle(rs, &rs->cfg->providers[n], 0, diags))
			rc = IDLE_EIO;
	return rc;
}

/* Opens every provider; on a failure closes those opened and returns IDLE_EIO. */
static int open_providers(idle_runstate *rs, idle_diags *diags)
{
	size_t i;

	for (i = 0; i < rs->cfg->nproviders; i++) {
		if (rs->cfg->providers[i].ready &&
		    lifecycle(rs, &rs->cfg->providers[i], 1, diags)) {
			close_providers(rs, i, NULL);
			return IDLE_EIO;
		}
	}
	return 0;
}

int idle_run(idle_result **out, const idle_plan *plan, idle_config *cfg, const idle_run_options *o,
             idle_diags *diags)
{
	idle_runstate rs;
	idle_result *r;
	size_t i;
	outcome status = STEP_OK;
	int rc, onfailure_failed = 0;

	if (!out || !plan || (o && o->version != IDLE_RUN_OPTIONS_VERSION))
		return IDLE_EARG;
	*out = NULL;
	if (!cfg) {
		idle_diags_add_error(
		    diags, NULL, "providers",
		    "Providers are required: give the providers file (--providers)");
		return IDLE_EINVALID;
	}
	rc = prechecks(plan, cfg, diags);
	if (rc)
		return rc;
	r = calloc(1, sizeof(*r));
	if (!r)
		return IDLE_ENOMEM;
	idle_arena_init(&r->arena);
	pthread_mutex_init(&r->lock, NULL);
	memset(&rs, 0, sizeof(rs));
	idle_arena_init(&rs.scratch);
	rs.plan = plan;
	rs.cfg = cfg;
	rs.res = r;
	rs.opts = o;
	if (o && (o->flags & IDLE_RUN_SIMULATED_CLOCK)) {
		rs.base.now = fake_now;
		rs.base.sleep = fake_sleep;
		rs.base.ud = &rs.fake_now;
		rs.wall_base = o->clock_start;
	} else {
		rs.base = idle_clock_system;
		rs.wall_base = real_wall();
	}
	rs.clock.now = run_now;
	rs.clock.sleep = run_sleep;
	rs.clock.ud = &rs;
	rs.mono_base = rs.clock.now(rs.clock.ud);
	if (open_providers(&rs, diags)) {
		idle_arena_free(&rs.scratch);
		idle_result_free(r);
		return IDLE_EIO;
	}
	r->correlation_id = idle_arena_strndup(&r->arena, plan->req->correlation_id,
	                                       strlen(plan->req->correlation_id));
	r->actor = plan->req->actor
	               ? idle_arena_strndup(&r->arena, plan->req->actor, strlen(plan->req->actor))
	               : NULL;
	r->onfailure_status = "NotRun";
	if (cfg->providers_map) {
		if (idle_redact(&r->arena, cfg->providers_map, &r->providers, NULL))
			rs.oom = 1;
	} else {
		idle_val_init(&r->providers, IDLE_NULL);
	}
	{
		const char *keys[3] = {"CorrelationId", "Actor", "StepCount"};
		idle_value vals[3], d;

		idle_run__str(&rs, &vals[0], r->correlation_id);
		idle_run__str(&rs, &vals[1], r->actor);
		idle_val_int(&vals[2], (int64_t)plan->nsteps[0]);
		idle_run__map(&rs, &d, keys, vals, 3);
		idle_run__event(&rs, "RunStarted", NULL, &d, "Plan execution started.");
	}
	for (i = 0; i < plan->nsteps[0] && status == STEP_OK; i++) {
		if (idle_run__cancelled(&rs)) /* between steps: stop before the next one */
			status = STEP_INTERRUPTED;
		else
			status = run_step(&rs, &plan->steps[0][i], i, 0);
	}
	if (status == STEP_OK && idle_run__cancelled(&rs))
		status = STEP_INTERRUPTED; /* asked during the last step, which finished */
	r->status = status == STEP_BLOCKED       ? "Blocked"
	            : status == STEP_FAILED      ? "Failed"
	            : status == STEP_INTERRUPTED ? "Interrupted"
	                                         : "Completed";
	if (status == STEP_FAILED && plan->nsteps[1]) {
		idle_value d;
		const char *k[1] = {"OnFailureStepCount"};
		idle_value v[1];

		idle_val_int(&v[0], (int64_t)plan->nsteps[1]);
		idle_run__map(&rs, &d, k, v, 1);
		idle_run__event(&rs, "OnFailureStarted", NULL, &d,
		                "Executing OnFailureSteps (best effort).");
		for (i = 0; i < plan->nsteps[1] && !idle_run__cancelled(&rs); i++) {
			outcome of = run_step(&rs, &plan->steps[1][i], i, 1);

			if (of == STEP_FAILED || of == STEP_INTERRUPTED)
				onfailure_failed = 1;
		}
		if (i < plan->nsteps[1]) /* interrupted: some were not run */
			onfailure_failed = 1;
		r->onfailure_status = onfailure_failed ? "PartiallyFailed" : "Completed";
		idle_run__event(&rs, "OnFailureCompleted", NULL,
		                run_data(&rs, "Status", r->onfailure_status, NULL, NULL,
		                         "StepCount", (int64_t)plan->nsteps[1]),
		                "OnFailureSteps finished (status: %s).", r->onfailure_status);
	}
	idle_run__event(
	    &rs, "RunCompleted", NULL,
	    run_data(&rs, "Status", r->status, NULL, NULL, "StepCount", (int64_t)plan->nsteps[0]),
	    "Plan execution finished (status: %s).", r->status);
	/* what the run did is persisted (a Mock's StatePath), whatever its outcome */
	if (close_providers(&rs, cfg->nproviders, diags))
		r->unrecorded = 1;
	idle_run__builders_free(&rs);
	idle_arena_free(&rs.scratch);
	if (rs.oom) {
		idle_result_free(r);
		return IDLE_ENOMEM;
	}
	*out = r;
	return 0;
}
