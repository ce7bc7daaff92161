/*
 * providers/mock/dirsync.c - `MockDirectorySync`: Entra Connect's scheduler
 * (Get-ADSyncScheduler / Start-ADSyncSyncCycle) simulated on the engine clock.
 *
 * A started cycle is queued for StartDelaySeconds (the scheduler still says
 * no cycle is in progress, as the real one can right after a start), then
 * runs for CycleSeconds (InitialCycleSeconds for an Initial cycle), then the
 * scheduler is idle again with NextSyncCyclePolicyType back at Delta.
 */
#include "providers/mock/dirsync.h"

#include <stdio.h>
#include <string.h>

/* The options (the providers file's entry). */
typedef struct dirsync {
	double cycle, initial_cycle, delay; /* seconds */
	int staging, suspended, enabled;
} dirsync;

/* The scheduler of one run (or of a call outside a run). */
typedef struct scheduler {
	int running;      /* a cycle was started and has not been seen to end */
	double started;   /* engine time of the start */
	double length;    /* of the running cycle */
	unsigned cycles;  /* completed cycles */
	unsigned objects; /* objects synced one by one (the first is created, the rest updated) */
	char last_run[32];
} scheduler;

static int ds_init(void *self, idle_pinit *ctx, const idle_value *opts)
{
	dirsync *d = self;
	int bad = 0;

	d->cycle = 30;
	d->initial_cycle = -1;
	d->enabled = 1;
	bad |= idle_pinit_seconds(ctx, opts, "CycleSeconds", 86400, &d->cycle) == IDLE_EINVALID;
	bad |= idle_pinit_seconds(ctx, opts, "InitialCycleSeconds", 86400, &d->initial_cycle) ==
	       IDLE_EINVALID;
	bad |=
	    idle_pinit_seconds(ctx, opts, "StartDelaySeconds", 86400, &d->delay) == IDLE_EINVALID;
	bad |= idle_pinit_bool(ctx, opts, "StagingModeEnabled", &d->staging) == IDLE_EINVALID;
	bad |= idle_pinit_bool(ctx, opts, "SchedulerSuspended", &d->suspended) == IDLE_EINVALID;
	bad |= idle_pinit_bool(ctx, opts, "SyncCycleEnabled", &d->enabled) == IDLE_EINVALID;
	if (d->initial_cycle < 0)
		d->initial_cycle = d->cycle;
	return bad ? IDLE_EINVALID : 0;
}

/* The run's scheduler: a fresh one per run (a call outside a run gets a fresh one too). */
static scheduler *sched(idle_pcall *c, scheduler *fresh)
{
	scheduler *s = idle_pcall_run(c);

	if (s)
		return s;
	memset(fresh, 0, sizeof(*fresh));
	return fresh;
}

/* Brings the simulated scheduler up to the engine's now. */
static void advance(const dirsync *d, scheduler *s, double now)
{
	if (s->running && now >= s->started + d->delay + s->length) {
		s->running = 0;
		s->cycles++;
		snprintf(s->last_run, sizeof(s->last_run), "cycle-%u", s->cycles);
	}
}

static int in_progress(const dirsync *d, const scheduler *s, double now)
{
	return s->running && now >= s->started + d->delay;
}

static int ds_start(void *self, idle_pcall *c, const char *policy, const char *computer,
                    const char **message, int *changed)
{
	dirsync *d = self;
	scheduler fresh, *s = sched(c, &fresh);
	double now = idle_pcall_now(c);
	idle_sync_policy pol = IDLE_SYNC_DELTA;
	char buf[160];

	advance(d, s, now);
	if (policy && idle_sync_policy_parse(policy, &pol))
		return idle_pcall_fail(
		    c, 0,
		    "Cannot validate argument on parameter 'PolicyType'. The "
		    "argument \"%s\" does not belong to the set \"Delta,Initial\"",
		    policy);
	if (d->suspended)
		return idle_pcall_fail(c, 0,
		                       "the sync scheduler is suspended (SchedulerSuspended): a "
		                       "sync cycle cannot be started");
	if (s->running)
		return idle_pcall_fail(c, 1,
		                       "System.InvalidOperationException: Connector: "
		                       "contoso.onmicrosoft.com - AAD is busy.");
	if (d->staging) {
		idle_pcall_warning(c, "%s", IDLE_SYNC_STAGING_WARNING);
		*changed = 0;
	}
	if (!d->enabled)
		idle_pcall_warning(c, "%s", IDLE_SYNC_DISABLED_WARNING);
	s->running = 1;
	s->started = now;
	s->length = policy && pol == IDLE_SYNC_INITIAL ? d->initial_cycle : d->cycle;
	snprintf(buf, sizeof(buf), "Sync cycle triggered with PolicyType: %s on %s",
	         policy ? policy : idle_sync_policy_name(IDLE_SYNC_DELTA),
	         computer && *computer ? computer : "localhost");
	*message = idle_pcall_strdup(c, buf);
	return *message ? 0 : idle_pcall_fail(c, 0, "out of memory");
}

static int ds_state(void *self, idle_pcall *c, const char *computer, idle_sync_state *out)
{
	dirsync *d = self;
	scheduler fresh, *s = sched(c, &fresh);
	double now = idle_pcall_now(c);

	(void)computer;
	advance(d, s, now);
	memset(out, 0, sizeof(*out));
	out->in_progress = in_progress(d, s, now);
	out->state = out->in_progress ? "InProgress" : "Idle";
	out->next_policy = idle_sync_policy_name(IDLE_SYNC_DELTA);
	out->staging_mode = d->staging;
	out->suspended = d->suspended;
	out->enabled = d->enabled;
	out->last_run = s->cycles ? idle_pcall_strdup(c, s->last_run) : NULL;
	return 0;
}

/* A report like Entra Connect's: every object syncs (created, then updated). */
static int ds_single_object(void *self, idle_pcall *c, const char *dn, const char *computer,
                            unsigned flags, const idle_value **report)
{
	scheduler fresh, *s = sched(c, &fresh);
	idle_builder *b = idle_pcall_builder(c, 0), *errs = idle_pcall_builder(c, 1);
	int staging = (flags & IDLE_SYNC_OBJECT_STAGING) || ((dirsync *)self)->staging;
	const char *op = s->objects ? "update" : "create";

	(void)computer;
	if (!staging)
		s->objects++;
	idle_build_str(b, "DistinguishedName", dn);
	idle_build_str(b, "Result", "success");
	idle_build_str(b, "ObjectType", "user");
	idle_build_str(b, "Operation", op);
	idle_build_str(b, "TargetId", NULL);
	idle_build_value(b, "Errors", idle_build_done(errs));
	idle_build_bool(b, "StagingMode", staging);
	idle_build_value(b, "Report", NULL);
	*report = idle_build_done(b);
	return *report ? 0 : idle_pcall_fail(c, 0, "out of memory");
}

static int ds_doctor(void *self, idle_pcall *c, const char *computer)
{
	const dirsync *d = self;

	(void)computer;
	idle_pcall_check(c, IDLE_CHECK_INFO, "scheduler", NULL,
	                 "simulated (cycles of %g s%s%s): nothing to reach", d->cycle,
	                 d->staging ? ", staging mode" : "", d->suspended ? ", suspended" : "");
	return 0;
}

static const idle_dirsync_ops dirsync_ops = {
    .start = ds_start, .state = ds_state, .single_object = ds_single_object};
static const char *const options[] = {"CycleSeconds",
                                      "InitialCycleSeconds",
                                      "StartDelaySeconds",
                                      "StagingModeEnabled",
                                      "SchedulerSuspended",
                                      "SyncCycleEnabled",
                                      NULL};

const idle_provider_type idle_provider_mock_dirsync = {
    IDLE_PROVIDER_TYPE_INIT,
    .name = "MockDirectorySync",
    .summary = "Entra Connect sync scheduler simulated on the engine clock",
    .options = options,
    .flags = IDLE_PROVIDER_SIMULATOR,
    .state_size = sizeof(dirsync),
    .run_size = sizeof(scheduler),
    .init = ds_init,
    .doctor = ds_doctor,
    .dirsync = &dirsync_ops,
};
