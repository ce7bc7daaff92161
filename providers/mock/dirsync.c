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
#include <strings.h>

#include "core/value.h"

typedef struct dirsync {
	double cycle, initial_cycle, delay; /* seconds */
	int staging, suspended, enabled;
	int running;     /* a cycle was started and has not been seen to end */
	double started;  /* engine time of the start */
	double length;   /* of the running cycle */
	unsigned cycles; /* completed cycles */
	char last_run[32];
} dirsync;

static int number(idle_pinit *ctx, const idle_value *opts, const char *key, double *out)
{
	const idle_value *v = idle_map_get(opts, key, strlen(key));

	if (!v || v->kind == IDLE_NULL)
		return 0;
	if ((v->kind != IDLE_INT && v->kind != IDLE_NUMBER) || idle_value_number(v) < 0 ||
	    idle_value_number(v) > 86400)
		return idle_pinit_error(ctx, v, key,
		                        "%s must be a number of seconds from 0 to 86400", key);
	*out = idle_value_number(v);
	return 0;
}

static int flag(idle_pinit *ctx, const idle_value *opts, const char *key, int *out)
{
	const idle_value *v = idle_map_get(opts, key, strlen(key));

	if (!v || v->kind == IDLE_NULL)
		return 0;
	if (v->kind != IDLE_BOOL)
		return idle_pinit_error(ctx, v, key, "%s must be $true or $false, not %s", key,
		                        idle_val_describe(v));
	*out = v->u.i != 0;
	return 0;
}

static int ds_init(void *self, idle_pinit *ctx, const idle_value *opts)
{
	dirsync *d = self;
	int bad = 0;

	d->cycle = 30;
	d->initial_cycle = -1;
	d->enabled = 1;
	bad |= number(ctx, opts, "CycleSeconds", &d->cycle);
	bad |= number(ctx, opts, "InitialCycleSeconds", &d->initial_cycle);
	bad |= number(ctx, opts, "StartDelaySeconds", &d->delay);
	bad |= flag(ctx, opts, "StagingModeEnabled", &d->staging);
	bad |= flag(ctx, opts, "SchedulerSuspended", &d->suspended);
	bad |= flag(ctx, opts, "SyncCycleEnabled", &d->enabled);
	if (d->initial_cycle < 0)
		d->initial_cycle = d->cycle;
	return bad ? IDLE_EINVALID : 0;
}

static void ds_free(void *self)
{
	(void)self;
}

/* Brings the simulated scheduler up to the engine's now. */
static void advance(dirsync *d, double now)
{
	if (d->running && now >= d->started + d->delay + d->length) {
		d->running = 0;
		d->cycles++;
		snprintf(d->last_run, sizeof(d->last_run), "cycle-%u", d->cycles);
	}
}

static int in_progress(const dirsync *d, double now)
{
	return d->running && now >= d->started + d->delay;
}

static int ds_start(void *self, idle_pcall *c, const char *policy, const char *computer,
                    const char **message)
{
	dirsync *d = self;
	double now = idle_pcall_now(c);
	idle_sync_policy pol = IDLE_SYNC_DELTA;
	char buf[160];

	advance(d, now);
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
	if (d->running)
		return idle_pcall_fail(c, 1,
		                       "System.InvalidOperationException: Connector: "
		                       "contoso.onmicrosoft.com - AAD is busy.");
	d->running = 1;
	d->started = now;
	d->length = policy && pol == IDLE_SYNC_INITIAL ? d->initial_cycle : d->cycle;
	snprintf(buf, sizeof(buf), "Sync cycle triggered with PolicyType: %s on %s",
	         policy ? policy : idle_sync_policy_name(IDLE_SYNC_DELTA),
	         computer && *computer ? computer : "localhost");
	*message = idle_pcall_strdup(c, buf);
	return *message ? 0 : idle_pcall_fail(c, 0, "out of memory");
}

static int ds_state(void *self, idle_pcall *c, const char *computer, idle_sync_state *out)
{
	dirsync *d = self;
	double now = idle_pcall_now(c);

	(void)computer;
	advance(d, now);
	memset(out, 0, sizeof(*out));
	out->in_progress = in_progress(d, now);
	out->state = out->in_progress ? "InProgress" : "Idle";
	out->next_policy = idle_sync_policy_name(IDLE_SYNC_DELTA);
	out->staging_mode = d->staging;
	out->suspended = d->suspended;
	out->enabled = d->enabled;
	out->last_run = d->cycles ? idle_pcall_strdup(c, d->last_run) : NULL;
	return 0;
}

static const idle_dirsync_ops dirsync_ops = {ds_start, ds_state};
static const char *const options[] = {"CycleSeconds",
                                      "InitialCycleSeconds",
                                      "StartDelaySeconds",
                                      "StagingModeEnabled",
                                      "SchedulerSuspended",
                                      "SyncCycleEnabled",
                                      NULL};

const idle_provider_type idle_provider_mock_dirsync = {
    .version = IDLE_PROVIDER_TYPE_VERSION,
    .name = "MockDirectorySync",
    .summary = "Entra Connect sync scheduler simulated on the engine clock",
    .options = options,
    .flags = IDLE_PROVIDER_SIMULATOR,
    .state_size = sizeof(dirsync),
    .init = ds_init,
    .free = ds_free,
    .dirsync = &dirsync_ops,
};
