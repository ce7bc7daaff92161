/*
 * engine/run.c - Invoke-IdlePlan, driven step by step: the checks before
 * anything runs, the providers opened and closed around the run, Steps in
 * order and OnFailureSteps after a failure, the run's events and result
 * (shared/spec/idle-execution.md sections 1 and 4; one step: runstep.c).
 */
#include "engine/run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "engine/config.h"
#include "engine/redact.h"
#include "engine/request.h"

int idle_run__cancelled(idle_runstate *rs)
{
	const idle_run_options *o = rs->opts;

	if (!rs->cancelled && o && o->cancelled && o->cancelled(o->event_ud))
		rs->cancelled = 1;
	return rs->cancelled;
}

/* ---- checks before anything runs ------------------------------------------------------ */

/*
 * An approved plan runs on what it was bound to: its step's provider alias
 * must exist here, with the type it had when the plan was made. 1 (after a
 * diagnostic) when not.
 */
static int bound_elsewhere(const idle_plan_step *s, const idle_config *cfg, idle_diags *d)
{
	const idle_provider *p =
	    s->provider ? idle_config_provider(cfg, s->provider, strlen(s->provider)) : NULL;

	if (s->provider && !p) {
		idle_diags_add(d, IDLE_SEV_ERROR, "binding", NULL, IDLE_NOLOC, 0,
		               "step '%s' was planned for provider '%s', which the providers file "
		               "does not define",
		               s->name, s->provider);
		return 1;
	}
	if (p && s->provider_type && strcasecmp(p->type->name, s->provider_type)) {
		idle_diags_add(
		    d, IDLE_SEV_ERROR, "binding", NULL, IDLE_NOLOC, 0,
		    "step '%s' was planned for provider '%s' of type '%s'; the providers "
		    "file makes it a '%s': plan again with this providers file",
		    s->name, s->provider, s->provider_type, p->type->name);
		return 1;
	}
	return 0;
}

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

			if (s->status != IDLE_PLANNED)
				continue;
			if (!s->stype || !s->stype->run) {
				idle_diags_add(d, IDLE_SEV_ERROR, "step-type", NULL, IDLE_NOLOC, 0,
				               "step '%s' (%s[%zu]) cannot run: no step handler is "
				               "registered for step type '%s'",
				               s->name, c ? "OnFailureSteps" : "Steps", i, s->type);
				errors++;
			}
			if (plan->imported && bound_elsewhere(s, cfg, d))
				errors++;
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

/* A provider's run-level event (from open or close): a run event. */
static void run_event(void *ud, const char *type, const char *message, const idle_value *data)
{
	idle_run__custom_event(ud, type, NULL, data, "%s", message ? message : "");
}

static int run_cancelled(void *ud)
{
	return idle_run__cancelled(ud);
}

/*
 * Calls open or close of provider i, with its state for the run (made before
 * open, freed after close); a failure goes to diags. 0, or IDLE_EIO.
 */
static int lifecycle(idle_runstate *rs, size_t i, int opening, idle_diags *diags)
{
	idle_provider *p = &rs->cfg->providers[i];
	int (*fn)(void *, idle_pcall *) = opening ? p->type->open : p->type->close;
	idle_arena a;
	idle_pcall c;
	int rc = 0;

	if (opening && p->type->run_size && !(rs->prun[i] = calloc(1, p->type->run_size))) {
		idle_diags_add(diags, IDLE_SEV_ERROR, "io", NULL, IDLE_NOLOC, 0, "out of memory");
		return IDLE_EIO;
	}
	if (fn) {
		idle_arena_init(&a);
		idle_pcall_init(&c, &a, &rs->clock, p, IDLE_OP_COUNT, NULL);
		c.env = &rs->env;
		c.run = rs->prun[i];
		if (fn(p->self, &c)) {
			idle_diags_add(diags, IDLE_SEV_ERROR, "io", NULL, IDLE_NOLOC, 0,
			               opening
			                   ? "provider '%s' could not be opened for the run: %s"
			                   : "provider '%s' could not record what the run did: %s",
			               p->alias, c.failed ? c.error : "unknown error");
			rc = IDLE_EIO;
		}
		idle_arena_free(&a);
	}
	if (!opening || rc) {
		free(rs->prun[i]);
		rs->prun[i] = NULL;
	}
	return rc;
}

/* Closes the first n providers (in reverse); 0, or IDLE_EIO when one failed. */
static int close_providers(idle_runstate *rs, size_t n, idle_diags *diags)
{
	int rc = 0;

	while (n-- > 0)
		if (rs->cfg->providers[n].ready && lifecycle(rs, n, 0, diags))
			rc = IDLE_EIO;
	return rc;
}

/* Opens every provider; on a failure closes those opened and returns IDLE_EIO. */
static int open_providers(idle_runstate *rs, idle_diags *diags)
{
	size_t i;

	rs->env.home = &rs->home;
	rs->env.ud = rs;
	rs->env.cancelled = run_cancelled;
	rs->env.event = run_event;
	rs->prun = calloc(rs->cfg->nproviders ? rs->cfg->nproviders : 1, sizeof(*rs->prun));
	if (!rs->prun)
		return IDLE_EIO;
	for (i = 0; i < rs->cfg->nproviders; i++) {
		if (rs->cfg->providers[i].ready && lifecycle(rs, i, 1, diags)) {
			close_providers(rs, i, NULL);
			return IDLE_EIO;
		}
	}
	return 0;
}

/* ---- the run, step by step ------------------------------------------------------------ */

typedef enum phase { PHASE_STEPS, PHASE_ONFAILURE, PHASE_DONE } phase;

struct idle_runner {
	idle_runstate rs;
	phase phase;
	size_t next;            /* the next step of the phase */
	idle_run_status status; /* so far */
	int onfailure_failed;
	idle_run_options opts; /* the host's, or the defaults */
};

/* The base clock: the host's, the simulated one, or the system's. */
static void base_clock(idle_runstate *rs, const idle_run_options *o)
{
	if (o->now && o->sleep) {
		rs->base.now = o->now;
		rs->base.sleep = o->sleep;
		rs->base.ud = o->event_ud;
		rs->wall_base = o->clock_start ? o->clock_start : real_wall() - o->now(o->event_ud);
	} else if (o->flags & IDLE_RUN_SIMULATED_CLOCK) {
		rs->base.now = fake_now;
		rs->base.sleep = fake_sleep;
		rs->base.ud = &rs->fake_now;
		rs->wall_base = o->clock_start;
	} else {
		rs->base = idle_clock_system;
		rs->wall_base = real_wall();
	}
	rs->clock.now = run_now;
	rs->clock.sleep = run_sleep;
	rs->clock.ud = rs;
	rs->mono_base = rs->clock.now(rs->clock.ud);
}

int idle_run_begin(idle_runner **out, const idle_plan *plan, idle_config *cfg,
                   const idle_run_options *o, idle_diags *diags)
{
	idle_runner *run;
	idle_runstate *rs;
	idle_result *r;
	int rc;

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
	run = calloc(1, sizeof(*run));
	r = calloc(1, sizeof(*r));
	if (!run || !r) {
		free(run);
		free(r);
		return IDLE_ENOMEM;
	}
	if (o)
		run->opts = *o;
	else
		run->opts.version = IDLE_RUN_OPTIONS_VERSION;
	rs = &run->rs;
	idle_arena_init(&r->arena);
	pthread_mutex_init(&r->lock, NULL);
	idle_arena_init(&rs->scratch);
	rs->plan = plan;
	rs->cfg = cfg;
	rs->res = r;
	rs->opts = &run->opts;
	idle_run__home(rs);
	base_clock(rs, &run->opts);
	rs->faults = idle_faults_new(cfg, &rs->oom);
	if (rs->oom || open_providers(rs, diags)) {
		rc = rs->oom ? IDLE_ENOMEM : IDLE_EIO;
		free(rs->faults);
		free(rs->prun);
		idle_arena_free(&rs->scratch);
		idle_result_free(r);
		free(run);
		return rc;
	}
	r->correlation_id = idle_arena_strndup(&r->arena, plan->req->correlation_id,
	                                       strlen(plan->req->correlation_id));
	r->actor = plan->req->actor
	               ? idle_arena_strndup(&r->arena, plan->req->actor, strlen(plan->req->actor))
	               : NULL;
	r->onfailure_status = IDLE_ONFAILURE_NOT_RUN;
	if (cfg->providers_map) {
		if (idle_redact(&r->arena, cfg->providers_map, &r->providers, NULL))
			rs->oom = 1;
	} else {
		idle_val_init(&r->providers, IDLE_NULL);
	}
	{
		const char *keys[3] = {"CorrelationId", "Actor", "StepCount"};
		idle_value vals[3], d;

		idle_run__str(rs, &vals[0], r->correlation_id);
		idle_run__str(rs, &vals[1], r->actor);
		idle_val_int(&vals[2], (int64_t)plan->nsteps[0]);
		idle_run__map(rs, &d, keys, vals, 3);
		idle_run__event(rs, IDLE_EVENT_RUN_STARTED, NULL, &d, "Plan execution started.");
	}
	run->status = IDLE_RUN_COMPLETED;
	*out = run;
	return 0;
}

/* The OnFailureSteps are over: their status and event. */
static void onfailure_done(idle_runner *run)
{
	idle_runstate *rs = &run->rs;
	size_t n = rs->plan->nsteps[1];

	if (run->next < n) /* interrupted: some were not run */
		run->onfailure_failed = 1;
	rs->res->onfailure_status =
	    run->onfailure_failed ? IDLE_ONFAILURE_PARTIALLY_FAILED : IDLE_ONFAILURE_COMPLETED;
	idle_run__event(rs, IDLE_EVENT_ONFAILURE_COMPLETED, NULL,
	                run_data(rs, "Status",
	                         idle_onfailure_status_name(rs->res->onfailure_status), NULL, NULL,
	                         "StepCount", (int64_t)n),
	                "OnFailureSteps finished (status: %s).",
	                idle_onfailure_status_name(rs->res->onfailure_status));
	run->phase = PHASE_DONE;
}

/* After a step of Steps: what comes next. */
static void after_step(idle_runner *run, idle_step_status st)
{
	idle_runstate *rs = &run->rs;
	const idle_plan *plan = rs->plan;

	run->next++;
	if (st == IDLE_STEP_BLOCKED || st == IDLE_STEP_INTERRUPTED) {
		run->status = st == IDLE_STEP_BLOCKED ? IDLE_RUN_BLOCKED : IDLE_RUN_INTERRUPTED;
		run->phase = PHASE_DONE;
	} else if (st == IDLE_STEP_FAILED) {
		run->status = IDLE_RUN_FAILED;
		run->phase = PHASE_DONE;
		if (plan->nsteps[1]) {
			const char *k[1] = {"OnFailureStepCount"};
			idle_value v[1], d;

			idle_val_int(&v[0], (int64_t)plan->nsteps[1]);
			idle_run__map(rs, &d, k, v, 1);
			idle_run__event(rs, IDLE_EVENT_ONFAILURE_STARTED, NULL, &d,
			                "Executing OnFailureSteps (best effort).");
			run->phase = PHASE_ONFAILURE;
			run->next = 0;
		}
	} else if (run->next >= plan->nsteps[0]) {
		run->phase = PHASE_DONE;
	}
}

int idle_run_step(idle_runner *run)
{
	idle_runstate *rs;
	idle_step_status st;

	if (!run)
		return IDLE_EARG;
	rs = &run->rs;
	if (run->phase == PHASE_STEPS && run->next >= rs->plan->nsteps[0])
		run->phase = PHASE_DONE; /* a plan without steps */
	if (run->phase == PHASE_DONE)
		return 0;
	if (run->phase == PHASE_STEPS) {
		if (idle_run__cancelled(rs)) { /* between steps: stop before the next one */
			run->status = IDLE_RUN_INTERRUPTED;
			run->phase = PHASE_DONE;
			return 0;
		}
		st = idle_run__step(rs, &rs->plan->steps[0][run->next], run->next, 0);
		after_step(run, st);
	} else {
		if (run->next >= rs->plan->nsteps[1] || idle_run__cancelled(rs)) {
			onfailure_done(run);
			return 0;
		}
		st = idle_run__step(rs, &rs->plan->steps[1][run->next], run->next, 1);
		if (st == IDLE_STEP_FAILED || st == IDLE_STEP_INTERRUPTED)
			run->onfailure_failed = 1;
		run->next++;
		if (run->next >= rs->plan->nsteps[1])
			onfailure_done(run);
	}
	return rs->oom ? IDLE_ENOMEM : 1;
}

idle_run_status idle_run_status_now(const idle_runner *run)
{
	return run ? run->status : IDLE_RUN_FAILED;
}

int idle_run_end(idle_runner *run, idle_result **out, idle_diags *diags)
{
	idle_runstate *rs;
	idle_result *r;

	if (!run || !out)
		return IDLE_EARG;
	*out = NULL;
	rs = &run->rs;
	r = rs->res;
	if (run->phase == PHASE_ONFAILURE)
		onfailure_done(run);
	else if (run->phase == PHASE_STEPS ||
	         (run->status == IDLE_RUN_COMPLETED && idle_run__cancelled(rs)))
		run->status = IDLE_RUN_INTERRUPTED; /* left before its end, or asked to stop */
	r->status = run->status;
	idle_run__event(rs, IDLE_EVENT_RUN_COMPLETED, NULL,
	                run_data(rs, "Status", idle_run_status_name(r->status), NULL, NULL,
	                         "StepCount", (int64_t)rs->plan->nsteps[0]),
	                "Plan execution finished (status: %s).", idle_run_status_name(r->status));
	/* what the run did is persisted (a Mock's StatePath), whatever its outcome */
	if (close_providers(rs, rs->cfg->nproviders, diags))
		r->unrecorded = 1;
	idle_run__builders_free(rs);
	idle_arena_free(&rs->scratch);
	free(rs->faults);
	free(rs->prun);
	if (rs->oom) {
		idle_result_free(r);
		free(run);
		return IDLE_ENOMEM;
	}
	free(run);
	*out = r;
	return 0;
}

int idle_run(idle_result **out, const idle_plan *plan, idle_config *cfg, const idle_run_options *o,
             idle_diags *diags)
{
	idle_runner *run;
	int rc;

	if (!out)
		return IDLE_EARG;
	*out = NULL;
	rc = idle_run_begin(&run, plan, cfg, o, diags);
	while (rc == 0 && (rc = idle_run_step(run)) == 1)
		rc = 0;
	if (rc < 0 && run) {
		idle_result *r = NULL;

		idle_run_end(run, &r, diags);
		idle_result_free(r);
		return rc;
	}
	return rc < 0 ? rc : idle_run_end(run, out, diags);
}
