/*
 * engine/run.h - a run's layout (inside the library), shared by the run loop
 * (run.c), what steps see (stepctx.c) and events and results (events.c).
 */
#ifndef IDLE_ENGINE_RUN_H
#define IDLE_ENGINE_RUN_H

#include <pthread.h>

#include <idle/run.h>
#include <idle/sys/step.h>

#include "core/arena.h"
#include "engine/builder.h"
#include "engine/clock.h"
#include "engine/plan.h"
#include "engine/provider.h"

struct idle_event {
	idle_event_type_id id; /* IDLE_EVENT_CUSTOM for a type not in the table */
	const char *type;
	const char *message;
	const char *step; /* NULL for run events */
	double time;      /* seconds since 1970, UTC */
	const idle_value *data;
	const char *correlation_id;
	const char *actor;
};

/*
 * A step's result as the run records it (a few pointers, not a map): its map
 * (Name, Type, Status, [Changed], [Error], [Data], [extras...], Attempts) is
 * built when a host asks for it and when the result is written.
 */
typedef struct idle_step_rec {
	const char *name, *type; /* the plan's strings */
	idle_step_status status;
	const char *error;              /* kept by the result; with_error: "Error" = error */
	const idle_value *data, *extra; /* maps built by the step, or NULL */
	int attempts;
	signed char changed; /* -1: no Changed entry */
	unsigned char with_error;
	const idle_value *map; /* built by idle_result_step(), under the result's lock */
} idle_step_rec;

struct idle_result {
	idle_arena arena;
	pthread_mutex_t lock; /* for the maps idle_result_step() builds */
	idle_run_status status;
	idle_onfailure_status onfailure_status;
	const char *correlation_id;
	const char *actor;
	idle_step_rec *steps[2];
	size_t nsteps[2], capsteps[2];
	idle_event *events;
	size_t nevents, capevents;
	idle_value providers; /* redacted, or null */
	int unrecorded;       /* a provider could not persist what the run did */
};

/* The state of one run. */
typedef struct idle_runstate {
	const idle_plan *plan;
	idle_config *cfg;
	idle_result *res;
	const idle_run_options *opts;
	idle_clock clock; /* what steps and providers use: base, telling the host of waits */
	idle_clock base;  /* the real or the simulated clock */
	const char *step; /* the step running, for on_wait */
	double fake_now;  /* the simulated clock's time */
	double wall_base; /* wall time at clock 0 (simulated) or at the start */
	double mono_base;
	idle_arena scratch; /* what a step needs only while it runs (reset per step) */
	idle_bhome home;    /* where its builders build: the result, keys kept once */
	const char **keys;  /* builder keys, each kept once: a hash set */
	size_t nkeys, capkeys;
	int oom;
	int cancelled;      /* the host asked the run to stop (idle_run_options.cancelled) */
	long *faults;       /* the providers' injected faults, counted for this run */
	void **prun;        /* each provider's state for this run (its type's run_size), or NULL */
	idle_pcall_env env; /* for the providers' open and close */
} idle_runstate;

struct idle_step_ctx {
	idle_runstate *rs;
	const idle_plan_step *step;
	const char *name;
	const char *type;
	const idle_value *with;
	size_t index;
	int onfailure;
	int changed; /* -1: not reported */
	idle_builder *data;
	idle_builder *extra;
	int failed;
	int transient;
	idle_error error; /* why the attempt failed */
	int soft;
	idle_error last_error; /* a soft failure's */
	int last_transient;    /* ... and whether retrying may help */
	int interrupted;       /* a wait of this step ended because the run was asked to stop */
	/* the auth session, acquired once per attempt (at the attempt's first provider call) */
	int acquired;
	const idle_auth_session *session;
	idle_pcall_env env; /* what its provider calls reach: builders, events, cancellation */
	double deadline;    /* engine clock time its provider calls should end by, or 0 */
	double retry_after; /* seconds a provider asked to wait before a retry (Retry-After) */
};

/* 1 once the host has asked the run to stop (asks the host's callback). */
int idle_run__cancelled(idle_runstate *rs);

/*
 * Runs step s (index i of Steps, or of OnFailureSteps with onfailure = 1):
 * its Condition's outcome, Precondition, handler with retries; records its
 * result and emits its events (runstep.c). Returns how it ended.
 */
idle_step_status idle_run__step(idle_runstate *rs, const idle_plan_step *s, size_t i,
                                int onfailure);

/* Wall-clock time of the run (simulated or real), seconds since 1970. */
double idle_run__wall(const idle_runstate *rs);

/*
 * Emits an event of a type of the table (a redacted copy of data) to the
 * result and the host's callback. step (NULL for run events) is not copied:
 * a string the result keeps (the plan's, or idle_run__keep).
 */
void idle_run__event(idle_runstate *rs, idle_event_type_id id, const char *step,
                     const idle_value *data, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The same for a type of the workflow's or a host's own ("Custom", a PreconditionEvent's Type). */
void idle_run__custom_event(idle_runstate *rs, const char *type, const char *step,
                            const idle_value *data, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Appends a step result to Steps or OnFailure.Steps (rec->map is ignored). */
void idle_run__add_result(idle_runstate *rs, int onfailure, const idle_step_rec *rec);

/* A map from key/value pairs (NULL-terminated keys), in the result's arena. */
int idle_run__map(idle_runstate *rs, idle_value *out, const char *const *keys,
                  const idle_value *vals, size_t n);

/* The run's one copy of a builder key (NULL when out of memory). */
const char *idle_run__key(idle_runstate *rs, const char *key);
/* Sets up what the step's provider calls reach (builders, events, cancellation). */
void idle_run__step_env(idle_step_ctx *c);
/* Sets up the run's builder home (once its result exists). */
void idle_run__home(idle_runstate *rs);
/* Frees what builders a run's steps left unfinished hold, and the key set. */
void idle_run__builders_free(idle_runstate *rs);

/* A string value kept by the run. */
void idle_run__str(idle_runstate *rs, idle_value *v, const char *s);
/* A copy of s that lives as long as the result (NULL for NULL). */
const char *idle_run__keep(idle_runstate *rs, const char *s);

#endif
