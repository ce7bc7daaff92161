/*
 * steps/directory_sync.c - IdLE.Step.TriggerDirectorySync: start a directory
 * sync cycle (Entra Connect) and optionally wait until it has run.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "steps/steps.h"

/* TimeoutSeconds / PollIntervalSeconds: whole numbers above 0 ([int] in IdLE). */
static void check_seconds(idle_step_check *c, const idle_value *with, const char *key)
{
	const idle_value *v = idle_steps__literal(with, key);
	idle_kind k;

	if (!v)
		return;
	k = idle_value_kind(v);
	if (k == IDLE_INT && idle_value_int(v) <= 0)
		idle_step_check_error(c, v, key,
		                      "TriggerDirectorySync: With.%s must be greater than 0", key);
	else if (k == IDLE_NUMBER && idle_value_number(v) < 0.5)
		idle_step_check_error(c, v, key,
		                      "TriggerDirectorySync: With.%s must be greater than 0", key);
	else if (k != IDLE_INT && k != IDLE_NUMBER && k != IDLE_NULL)
		idle_step_check_error(c, v, key,
		                      "TriggerDirectorySync: With.%s must be a number of "
		                      "seconds",
		                      key);
}

static void check(idle_step_check *c, const idle_value *with)
{
	const idle_value *w = idle_steps__literal(with, "Wait");
	const idle_value *p = idle_steps__literal(with, "PolicyType");

	check_seconds(c, with, "TimeoutSeconds");
	check_seconds(c, with, "PollIntervalSeconds");
	if (w && idle_value_kind(w) == IDLE_STRING)
		idle_step_check_warning(c, w, "Wait",
		                        "With.Wait is a string: PowerShell treats every non-empty "
		                        "string as true (even 'false'); use $true or $false");
	if (p && !idle_value_blank(p) && !idle_steps__one_of(p, idle_sync_policy_names()))
		idle_step_check_warning(c, p, "PolicyType",
		                        "Entra Connect knows the policy types Delta and Initial");
}

/* ---- running ----------------------------------------------------------------------- */

/* PowerShell's [bool]: non-empty strings are true, even 'false'. */
static int truthy(const idle_value *v)
{
	switch (idle_value_kind(v)) {
	case IDLE_BOOL:
		return idle_value_bool(v);
	case IDLE_INT:
		return idle_value_int(v) != 0;
	case IDLE_NUMBER:
		return idle_value_number(v) != 0;
	case IDLE_STRING:
		return idle_value_string(v, NULL)[0] != '\0';
	case IDLE_NULL:
		return 0;
	default:
		return 1;
	}
}

/* PowerShell's [int] of a number (half to even); def when absent; -1 when not a number. */
static long whole(const idle_value *v, long def)
{
	if (!v || idle_value_kind(v) == IDLE_NULL)
		return def;
	if (idle_value_kind(v) == IDLE_INT)
		return (long)idle_value_int(v);
	if (idle_value_kind(v) == IDLE_NUMBER)
		return (long)rint(idle_value_number(v));
	if (idle_value_kind(v) == IDLE_STRING) {
		char *end;
		long n = strtol(idle_value_string(v, NULL), &end, 10);

		return *end ? -1 : n;
	}
	return -1;
}

/* The step fails after telling so in an event, as IdLE's catch block does. */
static int failed(idle_step_ctx *c, const char *why)
{
	char msg[2300], err[2100];
	idle_builder *d = idle_step_builder(c, 0);

	snprintf(err, sizeof(err), "%s", why);
	idle_build_str(d, "Error", err);
	snprintf(msg, sizeof(msg), "Failed to trigger or wait for sync cycle: %s", err);
	idle_step_event(c, idle_event_type_name(IDLE_EVENT_DIRSYNC_FAILED), msg,
	                idle_build_done(d));
	/* a failed provider call has failed the step already (and says whether it is
	 * transient: a busy scheduler is, so the step's retries apply) */
	return *idle_step_error(c) ? 1 : idle_step_fail(c, 0, "%s", err);
}

/* The wait of a step: where it polls, how long it may take, the polls so far. */
typedef struct waiter {
	idle_step_ctx *c;
	const char *computer;
	long timeout, poll;
	double t0;
	int attempt;
} waiter;

/*
 * Polls until the cycle watched is over: seen = it was seen running (or is
 * known to run), baseline = the scheduler's completion marker before. A
 * cycle is over once it was seen running and is not any more, or once the
 * marker moved on; a scheduler that tells neither gets two poll intervals of
 * grace (decision 4 of ARCHITECTURE.md). 0 when over; 1 when the step
 * failed (timeout, error, interruption).
 */
static int wait_over(waiter *w, int seen, const char *baseline)
{
	idle_step_ctx *c = w->c;
	idle_sync_state st;
	idle_builder *d;
	char msg[512];

	for (;; w->attempt++) {
		double elapsed = idle_step_now(c) - w->t0;
		const char *state;

		if (elapsed >= (double)w->timeout) {
			const char *last = "Unknown";

			if (idle_step_sync_state(c, w->computer, &st) == 0 && st.state)
				last = st.state;
			d = idle_step_builder(c, 0);
			idle_build_int(d, "TimeoutSeconds", w->timeout);
			idle_build_int(d, "ElapsedSeconds", (int64_t)rint(elapsed));
			idle_build_str(d, "LastKnownState", last);
			snprintf(msg, sizeof(msg), "Sync cycle wait timeout after %lds",
			         w->timeout);
			idle_step_event(c, idle_event_type_name(IDLE_EVENT_DIRSYNC_FAILED), msg,
			                idle_build_done(d));
			snprintf(
			    msg, sizeof(msg),
			    "TriggerDirectorySync: Timeout waiting for sync cycle to complete after "
			    "%lds. Last known state: %s",
			    w->timeout, last);
			return failed(c, msg);
		}
		if (idle_step_sync_state(c, w->computer, &st))
			return failed(c, idle_step_error(c));
		state = st.state ? st.state : "Unknown";
		d = idle_step_builder(c, 0);
		idle_build_int(d, "Attempt", w->attempt);
		idle_build_str(d, "State", state);
		idle_build_bool(d, "InProgress", st.in_progress);
		idle_build_int(d, "ElapsedSeconds", (int64_t)rint(elapsed));
		snprintf(msg, sizeof(msg), "Poll attempt %d - State: %s", w->attempt, state);
		idle_step_event(c, idle_event_type_name(IDLE_EVENT_DIRSYNC_POLL), msg,
		                idle_build_done(d));
		if (st.in_progress)
			seen = 1;
		else if (seen || (st.last_run && (!baseline || strcmp(st.last_run, baseline))) ||
		         (!st.last_run && w->attempt >= 3)) {
			w->attempt++;
			return 0;
		}
		idle_step_sleep(c, (double)w->poll);
		if (idle_step_interrupted(c))
			return idle_step_fail(c, 0,
			                      "interrupted while waiting for the sync cycle (the "
			                      "cycle itself goes on)");
	}
}

static void waiting(idle_step_ctx *c, const waiter *w, const char *msg)
{
	idle_builder *d = idle_step_builder(c, 0);

	idle_build_int(d, "TimeoutSeconds", w->timeout);
	idle_build_int(d, "PollIntervalSeconds", w->poll);
	idle_step_event(c, idle_event_type_name(IDLE_EVENT_DIRSYNC_WAITING), msg,
	                idle_build_done(d));
}

/*
 * Starts the cycle for a step that waits. A cycle already running does not
 * fail it: one that started after the step began carries the step's change
 * (*ride = 1: wait for it); one that was running before is waited for, and
 * then the cycle is started. 0 when started (or ridden); 1 when the step
 * failed.
 */
static int start_waiting(waiter *w, const char *policy, int running_before, const char **baseline,
                         int *ride, int *changed)
{
	idle_step_ctx *c = w->c;
	const char *started_msg = NULL;
	idle_sync_state st;

	*ride = 0;
	for (;;) {
		char err[2100];
		int transient;

		idle_step_soft(c, 1);
		if (idle_step_sync_start(c, policy, w->computer, &started_msg, changed) == 0) {
			idle_step_soft(c, 0);
			return 0;
		}
		snprintf(err, sizeof(err), "%s", idle_step_last_error(c));
		transient = idle_step_last_transient(c);
		idle_step_soft(c, 0);
		/* busy? a transient failure with a cycle in progress */
		if (!transient || idle_step_sync_state(c, w->computer, &st) || !st.in_progress) {
			if (!*idle_step_error(c)) /* the state call may have failed the step */
				idle_step_fail(c, transient, "%s", err);
			return failed(c, err);
		}
		if (!running_before) {
			waiting(c, w,
			        "A sync cycle that started after this step began is running: "
			        "waiting for it to complete");
			*ride = 1;
			return 0;
		}
		waiting(c, w,
		        "A sync cycle that started before this step is running: waiting "
		        "for it to complete, then starting another");
		if (wait_over(w, 1, *baseline))
			return 1;
		*baseline = NULL;
		if (idle_step_sync_state(c, w->computer, &st))
			return failed(c, idle_step_error(c));
		*baseline = st.last_run;
		running_before = 0; /* a cycle running from now on started after this step */
	}
}

static int run(idle_step_ctx *c, const idle_value *with)
{
	const char *policy = idle_steps__text(c, with, "PolicyType");
	const char *computer = idle_steps__text(c, with, "ComputerName");
	int wait = truthy(idle_value_get(with, "Wait")), changed, ride = 0;
	long timeout = whole(idle_value_get(with, "TimeoutSeconds"), 600);
	long poll = whole(idle_value_get(with, "PollIntervalSeconds"), 10);
	const char *started_msg = NULL, *baseline = NULL;
	waiter w = {c, computer, timeout, poll, 0, 1};
	idle_sync_state st;
	idle_builder *d;
	char msg[512];

	if (timeout <= 0)
		return idle_step_fail(
		    c, 0,
		    "TriggerDirectorySync: With.TimeoutSeconds must be greater than 0. "
		    "Got: %s",
		    idle_step_text(c, idle_value_get(with, "TimeoutSeconds")));
	if (poll <= 0)
		return idle_step_fail(
		    c, 0,
		    "TriggerDirectorySync: With.PollIntervalSeconds must be greater "
		    "than 0. Got: %s",
		    idle_step_text(c, idle_value_get(with, "PollIntervalSeconds")));
	if (idle_step_check_provider(c))
		return 1;
	d = idle_step_builder(c, 0);
	idle_build_str(d, "PolicyType", policy);
	idle_build_str(d, "ComputerName", computer);
	if (policy)
		snprintf(msg, sizeof(msg), "Triggering %s sync cycle", policy);
	else
		snprintf(msg, sizeof(msg), "Triggering directory sync cycle");
	idle_step_event(c, idle_event_type_name(IDLE_EVENT_DIRSYNC_TRIGGERED), msg,
	                idle_build_done(d));
	if (!wait) {
		if (idle_step_sync_start(c, policy, computer, &started_msg, &changed))
			return failed(c, idle_step_error(c));
		idle_step_set_changed(c, changed);
		d = idle_step_builder(c, 0);
		idle_build_str(d, "PolicyType", policy);
		idle_step_event(c, idle_event_type_name(IDLE_EVENT_DIRSYNC_COMPLETED),
		                "Sync cycle triggered (not waiting)", idle_build_done(d));
		return 0;
	}
	/* where the scheduler stands before the start (decision 4 of ARCHITECTURE.md) */
	if (idle_step_sync_state(c, computer, &st))
		return failed(c, idle_step_error(c));
	baseline = st.last_run;
	w.t0 = idle_step_now(c);
	if (start_waiting(&w, policy, st.in_progress, &baseline, &ride, &changed))
		return 1;
	idle_step_set_changed(c, ride ? 1 : changed);
	if (!ride) {
		snprintf(msg, sizeof(msg), "Waiting for sync cycle to complete (timeout: %lds)",
		         timeout);
		waiting(c, &w, msg);
	}
	if (wait_over(&w, ride, baseline))
		return 1;
	d = idle_step_builder(c, 0);
	idle_build_int(d, "Attempts", w.attempt - 1);
	idle_build_int(d, "ElapsedSeconds", (int64_t)rint(idle_step_now(c) - w.t0));
	idle_step_event(c, idle_event_type_name(IDLE_EVENT_DIRSYNC_COMPLETED),
	                "Sync cycle completed", idle_build_done(d));
	return 0;
}

static const char *const optional[] = {
    IDLE_STEP_ROUTING, "ComputerName",        "PolicyType", "Wait",
    "TimeoutSeconds",  "PollIntervalSeconds", NULL};
static const char *const caps[] = {IDLE_CAP_DIRSYNC_TRIGGER, IDLE_CAP_DIRSYNC_STATUS, NULL};

const idle_step_type idle_steptype_trigger_directory_sync = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.TriggerDirectorySync",
    "IdLE.Steps.DirectorySync",
    "start a directory sync cycle (With.PolicyType) and, with With.Wait, wait for it",
    NULL,
    optional,
    caps,
    check,
    "DirectorySync",
    run,
};
