/*
 * idle/run.h - running a plan (IdLE's Invoke-IdlePlan): steps in order,
 * preconditions, retries of transient failures, OnFailureSteps after a
 * failure, events as they happen, and the result.
 */
#ifndef IDLE_RUN_H
#define IDLE_RUN_H

#include "common.h"
#include "config.h"
#include "diag.h"
#include "json.h"
#include "plan.h"
#include "value.h"

IDLE_BEGIN_DECL

typedef struct idle_result idle_result;
typedef struct idle_event idle_event;

/* Run on a simulated clock: waits take no time, they move the clock on. */
#define IDLE_RUN_SIMULATED_CLOCK 0x1u

typedef struct idle_run_options {
	unsigned int version; /* IDLE_RUN_OPTIONS_VERSION */
	unsigned int flags;   /* IDLE_RUN_* */
	/* with IDLE_RUN_SIMULATED_CLOCK: where the clock starts (seconds since 1970, UTC) */
	double clock_start;
	/* MAY be NULL: called with every event as it happens (already redacted) */
	void (*on_event)(void *ud, const idle_event *event);
	void *event_ud; /* for on_event and on_wait */
	/*
	 * MAY be NULL: called while a step waits (retry back-off, polling), with
	 * the seconds left: when the wait begins and then every tenth of a
	 * second (once, on a simulated clock). For a countdown or a spinner.
	 */
	void (*on_wait)(void *ud, const char *step, double remaining);
	/*
	 * MAY be NULL: asked between steps and while a step waits (with
	 * event_ud); nonzero stops the run at that point: the step in flight
	 * finishes, or ends Interrupted at its wait; no further step runs,
	 * OnFailureSteps do not run, and the result's status is "Interrupted".
	 * Called from the thread running the run; may read a flag a signal
	 * handler sets.
	 */
	int (*cancelled)(void *ud);
} idle_run_options;

#define IDLE_RUN_OPTIONS_VERSION 1
#define IDLE_RUN_OPTIONS_INIT                                                                      \
	{                                                                                          \
		IDLE_RUN_OPTIONS_VERSION, 0, 0, NULL, NULL, NULL, NULL                             \
	}

/**
 * Runs plan with the providers of cfg. Before anything runs, every step that
 * is to run must have a handler and cfg's providers must offer the
 * capabilities the plan needs (otherwise IDLE_EINVALID with diagnostics),
 * and every provider is opened for the run (a lock on a state file, a
 * connection; otherwise IDLE_EIO with diagnostics). Then the run happens and
 * *out holds its result, whatever its status; at its end every provider is
 * closed, which persists what the run changed (a Mock's StatePath): when
 * that fails, diags say why and idle_result_recorded() is 0.
 * The result borrows from plan and cfg (step names, With values, provider
 * data): free it before them.
 *
 * @return 0 (see idle_result_status); IDLE_EINVALID; IDLE_EIO; IDLE_ENOMEM; IDLE_EARG
 */
IDLE_EXTERN(int)
idle_run(idle_result **out, const idle_plan *plan, idle_config *cfg, const idle_run_options *opts,
         idle_diags *diags);
IDLE_EXTERN(void) idle_result_free(idle_result *result);

/** "Completed", "Failed", "Blocked" or "Interrupted". */
IDLE_EXTERN(const char *) idle_result_status(const idle_result *result);
/**
 * 1 when every provider recorded what the run did (a Mock saved its
 * StatePath); 0 when one could not (idle_run's diags say why).
 */
IDLE_EXTERN(int) idle_result_recorded(const idle_result *result);
/** "NotRun", "Completed" or "PartiallyFailed". */
IDLE_EXTERN(const char *) idle_result_onfailure_status(const idle_result *result);

/** Step results of Steps (onfailure = 0) or OnFailureSteps (1), in order. */
IDLE_EXTERN(size_t) idle_result_step_count(const idle_result *result, int onfailure);
/**
 * Step result i as a map: Name, Type, Status, [Changed], [Error], [Data ...],
 * Attempts. The run records results compactly; the map is built on the first
 * call for a step (safely from several threads) and lives with the result.
 */
IDLE_EXTERN(const idle_value *)
idle_result_step(const idle_result *result, int onfailure, size_t i);

IDLE_EXTERN(size_t) idle_result_event_count(const idle_result *result);
IDLE_EXTERN(const idle_event *) idle_result_event_at(const idle_result *result, size_t i);

/**
 * The result as JSON (IDLE_JSON_COMPACT or the layout of the plan export):
 * Status, CorrelationId, Actor, Steps, OnFailure {Status, Steps}, Events,
 * Providers (redacted). Free with idle_free.
 */
IDLE_EXTERN(int)
idle_result_to_json(const idle_result *result, unsigned flags, char **out, size_t *len);
/**
 * The same JSON, handed to write piece by piece as it is produced (a result
 * of ten thousand steps is megabytes; this never holds it all). 0, or
 * IDLE_EIO when write stopped it, IDLE_ENOMEM, IDLE_EARG.
 */
IDLE_EXTERN(int)
idle_result_write_json(const idle_result *result, unsigned flags, idle_write_fn write, void *ud);

IDLE_EXTERN(const char *) idle_event_type(const idle_event *event);
IDLE_EXTERN(const char *) idle_event_message(const idle_event *event);
/** The step the event is about, or NULL for run events. */
IDLE_EXTERN(const char *) idle_event_step(const idle_event *event);
/** Seconds since 1970 (UTC). */
IDLE_EXTERN(double) idle_event_time(const idle_event *event);
/** Data (a map), or NULL. */
IDLE_EXTERN(const idle_value *) idle_event_data(const idle_event *event);
/**
 * One line of JSON: Type, TimestampUtc, CorrelationId, Actor, StepName,
 * Message, Data. Free with idle_free.
 */
IDLE_EXTERN(int) idle_event_to_json(const idle_event *event, char **out, size_t *len);

IDLE_END_DECL

#endif
