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

/*
 * The statuses of a run and of its steps: X(name, label). One table each;
 * the enums and the *_name() functions come from them.
 */
#define IDLE_RUN_STATUS_LIST(X)                                                                    \
	X(COMPLETED, "Completed")                                                                  \
	X(FAILED, "Failed")                                                                        \
	X(BLOCKED, "Blocked")                                                                      \
	X(INTERRUPTED, "Interrupted")

#define IDLE_STEP_STATUS_LIST(X)                                                                   \
	X(COMPLETED, "Completed")                                                                  \
	X(FAILED, "Failed")                                                                        \
	X(BLOCKED, "Blocked")                                                                      \
	X(NOT_APPLICABLE, "NotApplicable")                                                         \
	X(PRECONDITION_SKIPPED, "PreconditionSkipped")                                             \
	X(INTERRUPTED, "Interrupted")

#define IDLE_ONFAILURE_STATUS_LIST(X)                                                              \
	X(NOT_RUN, "NotRun")                                                                       \
	X(COMPLETED, "Completed")                                                                  \
	X(PARTIALLY_FAILED, "PartiallyFailed")

typedef enum idle_run_status {
#define IDLE_X_(name, label) IDLE_RUN_##name,
	IDLE_RUN_STATUS_LIST(IDLE_X_)
#undef IDLE_X_
} idle_run_status;

typedef enum idle_step_status {
#define IDLE_X_(name, label) IDLE_STEP_##name,
	IDLE_STEP_STATUS_LIST(IDLE_X_)
#undef IDLE_X_
} idle_step_status;

typedef enum idle_onfailure_status {
#define IDLE_X_(name, label) IDLE_ONFAILURE_##name,
	IDLE_ONFAILURE_STATUS_LIST(IDLE_X_)
#undef IDLE_X_
} idle_onfailure_status;

IDLE_EXTERN(const char *) idle_run_status_name(idle_run_status s);
IDLE_EXTERN(const char *) idle_step_status_name(idle_step_status s);
IDLE_EXTERN(const char *) idle_onfailure_status_name(idle_onfailure_status s);

/*
 * The event types idle emits: X(name, label, role). One table; steps emit
 * these through idle_event_type_name(), hosts may emit types of their own
 * (an EmitEvent step's Type, a host step's events): those are CUSTOM.
 * The role says what an event means for a view of the run (the CLI's live
 * progress) without comparing names.
 */
#define IDLE_EVENT_ROLE_NONE  0
#define IDLE_EVENT_ROLE_START 1 /* a step starts */
#define IDLE_EVENT_ROLE_DONE  2 /* a step completed */
#define IDLE_EVENT_ROLE_FAIL  3 /* a step failed */
#define IDLE_EVENT_ROLE_STOP  4 /* a step was interrupted */
#define IDLE_EVENT_ROLE_SKIP  5 /* a step is not applicable */
#define IDLE_EVENT_ROLE_BLOCK 6 /* a step is blocked by its precondition */
#define IDLE_EVENT_ROLE_WAIT  7 /* a step waits: for a retry, a sync cycle */
#define IDLE_EVENT_ROLE_RETRY                                                                      \
	8 /* a step waits to retry (Data: attempt, maxAttempts, delayMs, message) */
#define IDLE_EVENT_ROLE_ONFAILURE 9  /* the OnFailureSteps begin */
#define IDLE_EVENT_ROLE_WARN      10 /* something the operator should know (its Message) */

#define IDLE_EVENT_LIST(X)                                                                         \
	X(RUN_STARTED, "RunStarted", NONE)                                                         \
	X(RUN_COMPLETED, "RunCompleted", NONE)                                                     \
	X(STEP_STARTED, "StepStarted", START)                                                      \
	X(STEP_COMPLETED, "StepCompleted", DONE)                                                   \
	X(STEP_FAILED, "StepFailed", FAIL)                                                         \
	X(STEP_INTERRUPTED, "StepInterrupted", STOP)                                               \
	X(STEP_NOT_APPLICABLE, "StepNotApplicable", SKIP)                                          \
	X(STEP_PRECONDITION_FAILED, "StepPreconditionFailed", NONE)                                \
	X(STEP_BLOCKED, "StepBlocked", BLOCK)                                                      \
	X(STEP_RETRYING, "StepRetrying", RETRY)                                                    \
	X(ONFAILURE_STARTED, "OnFailureStarted", ONFAILURE)                                        \
	X(ONFAILURE_COMPLETED, "OnFailureCompleted", NONE)                                         \
	X(ONFAILURE_STEP_STARTED, "OnFailureStepStarted", START)                                   \
	X(ONFAILURE_STEP_COMPLETED, "OnFailureStepCompleted", DONE)                                \
	X(ONFAILURE_STEP_FAILED, "OnFailureStepFailed", FAIL)                                      \
	X(ONFAILURE_STEP_INTERRUPTED, "OnFailureStepInterrupted", STOP)                            \
	X(ONFAILURE_STEP_NOT_APPLICABLE, "OnFailureStepNotApplicable", SKIP)                       \
	X(DIRSYNC_TRIGGERED, "DirectorySyncTriggered", NONE)                                       \
	X(DIRSYNC_WAITING, "DirectorySyncWaiting", WAIT)                                           \
	X(DIRSYNC_POLL, "DirectorySyncPoll", WAIT)                                                 \
	X(DIRSYNC_COMPLETED, "DirectorySyncCompleted", NONE)                                       \
	X(DIRSYNC_FAILED, "DirectorySyncFailed", NONE)                                             \
	X(DIRSYNC_OBJECT_SYNCED, "DirectorySyncObjectSynced", NONE)                                \
	X(INFORMATION, "Information", NONE)                                                        \
	X(WARNING, "Warning", WARN)                                                                \
	X(PROVIDER_WARNING, "ProviderWarning", WARN)

typedef enum idle_event_type_id {
#define IDLE_X_(name, label, role) IDLE_EVENT_##name,
	IDLE_EVENT_LIST(IDLE_X_)
#undef IDLE_X_
	    IDLE_EVENT_CUSTOM /* a type not in the table */
} idle_event_type_id;

/* The type's name ("StepStarted"); "" for IDLE_EVENT_CUSTOM. */
IDLE_EXTERN(const char *) idle_event_type_name(idle_event_type_id id);
/* The type of event e (IDLE_EVENT_CUSTOM for one not in the table). */
IDLE_EXTERN(idle_event_type_id) idle_event_type_id_of(const idle_event *e);
/* IDLE_EVENT_ROLE_* of a type (NONE for CUSTOM). */
IDLE_EXTERN(int) idle_event_type_role(idle_event_type_id id);

/* Run on a simulated clock: waits take no time, they move the clock on. */
#define IDLE_RUN_SIMULATED_CLOCK 0x1u

/* What a run tells the host's record hook about a step (a journal keeps it). */
typedef struct idle_step_record {
	unsigned int version; /* IDLE_STEP_RECORD_VERSION */
	int ended;            /* 0: the step is about to start; 1: it ended (the rest is set) */
	int onfailure;        /* 1 for a step of OnFailureSteps */
	size_t index;         /* its position in Steps or OnFailureSteps */
	const char *id;       /* its stable id (idle_plan_step_id) */
	const char *name;
	const char *type;
	idle_step_status status; /* how it ended */
	int changed;             /* -1: the step reports none */
	int attempts;
	const char *error; /* why it failed, or NULL (never a secret) */
} idle_step_record;

#define IDLE_STEP_RECORD_VERSION 1

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
	/*
	 * MAY be NULL: called (with event_ud) before a step starts and after it
	 * ended, before its StepCompleted / StepFailed event. Nonzero means the
	 * record could not be kept: the run stops after this step (Interrupted)
	 * and idle_result_recorded() is 0.
	 */
	int (*on_record)(void *ud, const idle_step_record *record);
	/*
	 * MAY be NULL (both or neither): the host's clock, with event_ud:
	 * monotonic seconds, and a wait (which may return early). Without them,
	 * the system clock (or the simulated one of IDLE_RUN_SIMULATED_CLOCK).
	 */
	double (*now)(void *ud);
	void (*sleep)(void *ud, double seconds);
} idle_run_options;

#define IDLE_RUN_OPTIONS_VERSION 1
#define IDLE_RUN_OPTIONS_INIT                                                                      \
	{                                                                                          \
		IDLE_RUN_OPTIONS_VERSION, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL           \
	}

/* A run in progress, driven step by step (idle_run is built on these). */
typedef struct idle_runner idle_runner;

/**
 * Starts a run of plan with the providers of cfg: the checks of idle_run
 * (handlers, capabilities, a plan's recorded binding), the providers opened,
 * RunStarted. opts (may be NULL) must outlive the run.
 *
 * @return 0; IDLE_EINVALID, IDLE_EIO (details in diags); IDLE_ENOMEM; IDLE_EARG
 */
IDLE_EXTERN(int)
idle_run_begin(idle_runner **out, const idle_plan *plan, idle_config *cfg,
               const idle_run_options *opts, idle_diags *diags);
/**
 * Runs the next step: of Steps, or of OnFailureSteps once a step failed.
 * @return 1 when a step ran and the run goes on; 0 when the run is over
 *         (nothing ran); IDLE_ENOMEM
 */
IDLE_EXTERN(int) idle_run_step(idle_runner *run);
/* The status the run has so far (Completed while no step failed or stopped it). */
IDLE_EXTERN(idle_run_status) idle_run_status_now(const idle_runner *run);
/**
 * Ends the run (as Interrupted when steps were left to run): RunCompleted,
 * the providers closed (which persists what they keep; diags say what
 * could not be), and the result (free it before plan and cfg). Frees run.
 *
 * @return 0; IDLE_ENOMEM; IDLE_EARG
 */
IDLE_EXTERN(int) idle_run_end(idle_runner *run, idle_result **out, idle_diags *diags);

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

/** "Completed", "Failed", "Blocked" or "Interrupted" (idle_run_status_name). */
IDLE_EXTERN(const char *) idle_result_status(const idle_result *result);
IDLE_EXTERN(idle_run_status) idle_result_run_status(const idle_result *result);
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
