/*
 * engine/runstep.c - one step of a run (shared/spec/idle-execution.md
 * sections 3, 4, 5): its Condition's outcome, its Precondition (with the
 * Current alias), its handler with retries of transient failures, and its
 * result and events.
 */
#include "engine/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "engine/cond_eval.h"
#include "engine/execopts.h"
#include "engine/retry.h"

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
/*
 * Tells the host's record hook about a step: about to start (ended = 0), or
 * ended with its outcome. A hook that fails stops the run after this step,
 * and the run is not recorded.
 */
static void record(idle_runstate *rs, const idle_step_ctx *c, int ended, idle_step_status status,
                   int changed, const char *error, int attempts)
{
	const idle_run_options *o = rs->opts;
	idle_step_record r;

	if (!o || !o->on_record)
		return;
	memset(&r, 0, sizeof(r));
	r.version = IDLE_STEP_RECORD_VERSION;
	r.ended = ended;
	r.onfailure = c->onfailure;
	r.index = c->index;
	r.id = c->step->id;
	r.name = c->name;
	r.type = c->type;
	r.status = status;
	r.changed = changed;
	r.attempts = attempts;
	r.error = error;
	if (o->on_record(o->event_ud, &r)) {
		rs->res->unrecorded = 1;
		rs->cancelled = 1;
	}
}

/* Records a step's result (its map is built when asked for: events.c), and tells the hook. */
static void step_result(idle_runstate *rs, const idle_step_ctx *c, idle_step_status status,
                        int changed, int with_error, const char *error, const idle_value *data,
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
	/* before the step's last event: what the events report as done is recorded */
	record(rs, c, 1, status, rec.changed, rec.error, attempts);
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
	idle_error err;
	char seed[1024];
	int attempt, max;

	if (idle_execopts_retry(rs->cfg->exec_options, s->name, s->retry_profile, &r, &err))
		return idle_step_fail(ctx, 0, "%s", err.message);
	snprintf(seed, sizeof(seed), onfailure ? "%s|OnFailure|%s|%s|%zu" : "%s|%s|%s|%zu",
	         rs->res->correlation_id, s->type, s->name, index);
	max = r.max_attempts < 1 ? 1 : r.max_attempts;
	for (attempt = 1;; attempt++) {
		ctx->failed = 0;
		ctx->transient = 0;
		ctx->error.message[0] = '\0';
		ctx->changed = -1;
		ctx->data = ctx->extra = NULL;
		ctx->acquired = 0; /* a new attempt asks for its session anew */
		ctx->session = NULL;
		ctx->retry_after = 0;
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

			/* a provider's Retry-After is a floor under the profile's back-off */
			if (ctx->retry_after * 1000 > (double)delay)
				delay = (long)(ctx->retry_after * 1000 + 0.5);
			idle_build_int(b, "attempt", attempt);
			idle_build_int(b, "maxAttempts", max);
			idle_build_int(b, "delayMs", delay);
			idle_build_str(b, "errorType", "IdLE.TransientError");
			idle_build_str(b, "message", ctx->error.message);
			idle_run__event(rs, IDLE_EVENT_STEP_RETRYING, ctx->name, idle_build_done(b),
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
	idle_run__step_env(ctx);
}

/* One step of Steps (onfailure 0) or OnFailureSteps (1). */
idle_step_status idle_run__step(idle_runstate *rs, const idle_plan_step *s, size_t i, int onfailure)
{
	const char *prefix = onfailure ? "OnFailure step" : "Step";
	const idle_value *ti;
	idle_step_ctx ctx;
	int attempts = 1;
	char err[1024];

	ctx_init(&ctx, rs, s, i, onfailure);
	rs->step = s->name;
	if (s->status == IDLE_NOT_APPLICABLE) {
		step_result(rs, &ctx, IDLE_STEP_NOT_APPLICABLE, -1, 0, NULL, NULL, NULL, 1);
		idle_run__event(rs,
		                onfailure ? IDLE_EVENT_ONFAILURE_STEP_NOT_APPLICABLE
		                          : IDLE_EVENT_STEP_NOT_APPLICABLE,
		                ctx.name, type_index(rs, &ctx, NULL, NULL),
		                "%s '%s' not applicable (condition not met).", prefix, s->name);
		return IDLE_STEP_NOT_APPLICABLE;
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

			idle_run__event(rs, IDLE_EVENT_STEP_PRECONDITION_FAILED, ctx.name,
			                precondition_data(rs, &ctx, mode, reason),
			                "%s '%s' precondition check failed.", prefix, s->name);
			if (ev && ev->kind == IDLE_MAP) {
				const idle_value *t = idle_map_get(ev, IDLE_LIT("Type"));
				const idle_value *m = idle_map_get(ev, IDLE_LIT("Message"));
				const idle_value *d = idle_map_get(ev, IDLE_LIT("Data"));

				idle_run__custom_event(
				    rs, t && t->kind == IDLE_STRING ? t->u.s : "Precondition",
				    ctx.name, d && d->kind == IDLE_MAP ? d : NULL, "%s",
				    m && m->kind == IDLE_STRING ? m->u.s : "");
			}
			if (!strcasecmp(mode, "Fail")) {
				step_result(rs, &ctx, IDLE_STEP_FAILED, -1, 1,
				            "Precondition check failed.", NULL, NULL, 0);
				idle_run__event(
				    rs, IDLE_EVENT_STEP_FAILED, ctx.name,
				    type_index(rs, &ctx, "Error", "Precondition check failed."),
				    "%s '%s' failed (precondition check failed).", prefix, s->name);
				return IDLE_STEP_FAILED;
			}
			if (!strcasecmp(mode, "Continue")) {
				step_result(rs, &ctx, IDLE_STEP_PRECONDITION_SKIPPED, -1, 0, NULL,
				            NULL, NULL, 0);
				return IDLE_STEP_PRECONDITION_SKIPPED;
			}
			step_result(rs, &ctx, IDLE_STEP_BLOCKED, -1, 0, NULL, NULL, NULL, 0);
			idle_run__event(
			    rs, IDLE_EVENT_STEP_BLOCKED, ctx.name, type_index(rs, &ctx, NULL, NULL),
			    "%s '%s' blocked (precondition check failed).", prefix, s->name);
			return IDLE_STEP_BLOCKED;
		}
	}
	/* StepStarted and StepCompleted carry the same Data: one map for both */
	ti = type_index(rs, &ctx, NULL, NULL);
	record(rs, &ctx, 0, IDLE_STEP_COMPLETED, -1, NULL, 0);
	idle_run__event(rs, onfailure ? IDLE_EVENT_ONFAILURE_STEP_STARTED : IDLE_EVENT_STEP_STARTED,
	                ctx.name, ti, "%s '%s' started.", prefix, s->name);
	if (execute(rs, &ctx, s, i, onfailure, &attempts) == 0) {
		step_result(rs, &ctx, IDLE_STEP_COMPLETED, ctx.changed, 1, NULL,
		            ctx.data ? idle_build_done(ctx.data) : NULL,
		            ctx.extra ? idle_build_done(ctx.extra) : NULL, attempts);
		idle_run__event(
		    rs, onfailure ? IDLE_EVENT_ONFAILURE_STEP_COMPLETED : IDLE_EVENT_STEP_COMPLETED,
		    ctx.name, ti, "%s '%s' completed.", prefix, s->name);
		return IDLE_STEP_COMPLETED;
	}
	if (ctx.interrupted) {
		/* cut short at a wait by the host's request: not a failure; resumable */
		step_result(rs, &ctx, IDLE_STEP_INTERRUPTED, -1, 1, ctx.error.message, NULL, NULL,
		            attempts);
		idle_run__event(rs,
		                onfailure ? IDLE_EVENT_ONFAILURE_STEP_INTERRUPTED
		                          : IDLE_EVENT_STEP_INTERRUPTED,
		                ctx.name, type_index(rs, &ctx, "Error", ctx.error.message),
		                "%s '%s' interrupted.", prefix, s->name);
		return IDLE_STEP_INTERRUPTED;
	}
failed:
	/* as IdLE: a failure counts one attempt, however many transient ones came before */
	step_result(rs, &ctx, IDLE_STEP_FAILED, -1, 1, ctx.error.message, NULL, NULL, 1);
	idle_run__event(rs, onfailure ? IDLE_EVENT_ONFAILURE_STEP_FAILED : IDLE_EVENT_STEP_FAILED,
	                ctx.name, type_index(rs, &ctx, "Error", ctx.error.message),
	                "%s '%s' failed.", prefix, s->name);
	return IDLE_STEP_FAILED;
}
