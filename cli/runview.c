/*
 * cli/runview.c - what `idle run` shows: the live view on a terminal (a line
 * per step, what a waiting step waits for), JSON Lines events, and the
 * summary of the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char *paint(const cli_run_view *o, const char *code)
{
	return o->color ? code : "";
}

/* Ends a line the view left open ("  step ... "), on a terminal that can rewrite it. */
static void close_line(cli_run_view *o)
{
	if (o->open_line && o->inline_ok)
		fputs("\r\033[K", stderr);
	else if (o->open_line)
		fputc('\n', stderr);
	o->open_line = 0;
}

/* What a StepRetrying says: attempt N/M failed: <the provider's message>; retrying in S s. */
static void retry_status(cli_run_view *o, const idle_event *e)
{
	const idle_value *d = idle_event_data(e);
	const idle_value *msg = idle_value_get(d, "message");

	snprintf(o->status, sizeof(o->status), "attempt %lld/%lld failed: %s; retrying in %.1f s",
	         (long long)idle_value_int(idle_value_get(d, "attempt")),
	         (long long)idle_value_int(idle_value_get(d, "maxAttempts")),
	         msg ? idle_value_string(msg, NULL) : "",
	         (double)idle_value_int(idle_value_get(d, "delayMs")) / 1000.0);
}

/*
 * The live view: one line per step. On a terminal that is not shared with
 * JSON on standard output, the step's line is rewritten while it waits; else
 * every message is a whole line of its own.
 */
static void live(cli_run_view *o, const idle_event *e)
{
	idle_event_type_id id = idle_event_type_id_of(e);
	const char *step = idle_event_step(e);
	double now = idle_event_time(e);

	o->status[0] = '\0';
	switch (idle_event_type_role(id)) {
	case IDLE_EVENT_ROLE_START:
		o->step_t0 = now;
		if (o->inline_ok) {
			fprintf(stderr, "  %s%s%s ... ", paint(o, "\033[1m"), step,
			        paint(o, "\033[0m"));
			o->open_line = 1;
		}
		break;
	case IDLE_EVENT_ROLE_DONE:
		close_line(o);
		fprintf(stderr, "  %s ... %sdone%s (%.0f ms)\n", step, paint(o, "\033[32m"),
		        paint(o, "\033[0m"), (now - o->step_t0) * 1000);
		break;
	case IDLE_EVENT_ROLE_FAIL:
	case IDLE_EVENT_ROLE_STOP: {
		const idle_value *err = idle_value_get(idle_event_data(e), "Error");

		close_line(o);
		fprintf(stderr, "  %s ... %s%s%s: %s\n", step, paint(o, "\033[31m"),
		        idle_event_type_role(id) == IDLE_EVENT_ROLE_STOP ? "interrupted" : "failed",
		        paint(o, "\033[0m"), err ? idle_value_string(err, NULL) : "");
		break;
	}
	case IDLE_EVENT_ROLE_SKIP:
		fprintf(stderr, "  %s ... %snot applicable%s\n", step, paint(o, "\033[2m"),
		        paint(o, "\033[0m"));
		break;
	case IDLE_EVENT_ROLE_BLOCK:
		close_line(o);
		fprintf(stderr, "  %s ... %sblocked%s (precondition)\n", step, paint(o, "\033[33m"),
		        paint(o, "\033[0m"));
		break;
	case IDLE_EVENT_ROLE_RETRY:
	case IDLE_EVENT_ROLE_WAIT:
		/* what the step waits for: on its own line, or as a line of its own */
		if (idle_event_type_role(id) == IDLE_EVENT_ROLE_RETRY)
			retry_status(o, e);
		else
			snprintf(o->status, sizeof(o->status), "%s", idle_event_message(e));
		if (o->inline_ok) {
			fprintf(stderr, "\r\033[K  %s ... %s", step, o->status);
			o->open_line = 1;
		} else {
			fprintf(stderr, "  %s ... %s\n", step, o->status);
		}
		break;
	case IDLE_EVENT_ROLE_ONFAILURE:
		close_line(o);
		fprintf(stderr, "  running OnFailureSteps:\n");
		break;
	default:
		break;
	}
	fflush(stderr);
}

void cli_run_on_wait(void *ud, const char *step, double remaining)
{
	static const char spinner[] = "|/-\\";
	cli_run_view *o = ud;

	if (!o->live || !o->inline_ok)
		return;
	fprintf(stderr, "\r\033[K  %s ... %s%s%s%c %.1f s%s", step ? step : "", o->status,
	        *o->status ? "  " : "", paint(o, "\033[2m"), spinner[o->spin++ % 4], remaining,
	        paint(o, "\033[0m"));
	o->open_line = 1;
	fflush(stderr);
}

void cli_run_on_event(void *ud, const idle_event *e)
{
	cli_run_view *o = ud;

	if (o->live)
		live(o, e);
	if (o->events && !o->failed_io) {
		char *line = NULL;
		size_t len = 0;

		if (idle_event_to_json(e, &line, &len) == 0) {
			if (fwrite(line, 1, len, o->events) != len ||
			    fputc('\n', o->events) == EOF || fflush(o->events))
				o->failed_io = 1;
		}
		idle_free(line);
	}
}

/* ---- the summary ------------------------------------------------------------------------ */

/* The last event of type id about step (NULL when none), and how many there were. */
static const idle_event *find_event(const idle_result *r, idle_event_type_id id, const char *step,
                                    size_t *count)
{
	const idle_event *found = NULL;
	size_t i, n = idle_result_event_count(r);

	*count = 0;
	for (i = 0; i < n; i++) {
		const idle_event *e = idle_result_event_at(r, i);
		const char *s = idle_event_step(e);

		if (s && !strcmp(s, step) && idle_event_type_id_of(e) == id) {
			found = e;
			(*count)++;
		}
	}
	return found;
}

/* What a step's status needs said beside it: the precondition that blocked it, its retries. */
static void step_details(FILE *out, const idle_result *r, const char *status, const char *name)
{
	int failed = !strcmp(status, idle_step_status_name(IDLE_STEP_FAILED));
	size_t n;
	const idle_event *e = find_event(r, IDLE_EVENT_STEP_PRECONDITION_FAILED, name, &n);

	if (e && (failed || !strcmp(status, idle_step_status_name(IDLE_STEP_BLOCKED)) ||
	          !strcmp(status, idle_step_status_name(IDLE_STEP_PRECONDITION_SKIPPED)))) {
		const idle_value *why;

		why = e ? idle_value_get(idle_event_data(e), "Reason") : NULL;
		if (why)
			fprintf(out, "       precondition does not hold: %s\n",
			        idle_value_string(why, NULL));
	}
	for (n = 0; n < idle_result_event_count(r); n++) { /* its warnings, in order */
		const idle_event *w = idle_result_event_at(r, n);
		const char *s = idle_event_step(w);

		if (s && !strcmp(s, name) &&
		    idle_event_type_role(idle_event_type_id_of(w)) == IDLE_EVENT_ROLE_WARN)
			fprintf(out, "       warning: %s\n", idle_event_message(w));
	}
	if (failed && find_event(r, IDLE_EVENT_STEP_RETRYING, name, &n) && n)
		fprintf(out, "       failed after %zu attempts (%zu transient failure%s retried)\n",
		        n + 1, n, n == 1 ? "" : "s");
}

char *cli_run_summary(const idle_result *r, const idle_plan *plan)
{
	char *buf = NULL;
	size_t len = 0, c, i;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		return NULL;
	fprintf(out, "Run of workflow '%s' (%s): %s\n", idle_plan_workflow_name(plan),
	        idle_plan_lifecycle_event(plan), idle_result_status(r));
	fprintf(out, "  correlation id: %s\n", idle_plan_correlation_id(plan));
	for (c = 0; c < 2; c++) {
		size_t n = idle_result_step_count(r, (int)c);

		if (c)
			fprintf(out, "\nOnFailureSteps: %s\n", idle_result_onfailure_status(r));
		else
			fprintf(out, "\nSteps:\n");
		for (i = 0; i < n; i++) {
			const idle_value *s = idle_result_step(r, (int)c, i);
			const idle_value *ch = idle_value_get(s, "Changed");
			const idle_value *err = idle_value_get(s, "Error");
			const char *status = idle_value_string(idle_value_get(s, "Status"), NULL);
			const char *name = idle_value_string(idle_value_get(s, "Name"), NULL);
			int64_t attempts = idle_value_int(idle_value_get(s, "Attempts"));

			fprintf(out, "  %zu. %-20s %s (%s)", i + 1, status, name,
			        idle_value_string(idle_value_get(s, "Type"), NULL));
			if (ch)
				fprintf(out, "%s",
				        idle_value_bool(ch) ? ", changed" : ", no change");
			if (attempts > 1 && strcmp(status, idle_step_status_name(IDLE_STEP_FAILED)))
				fprintf(out, ", %lld attempts", (long long)attempts);
			fprintf(out, "\n");
			if (err && idle_value_kind(err) == IDLE_STRING)
				fprintf(out, "       error: %s\n", idle_value_string(err, NULL));
			step_details(out, r, status, name);
		}
		if (!c && idle_plan_step_count(plan, 0) > n)
			fprintf(out, "  (%zu more not run)\n", idle_plan_step_count(plan, 0) - n);
	}
	fprintf(out, "\n%zu events\n", idle_result_event_count(r));
	fclose(out);
	return buf;
}
