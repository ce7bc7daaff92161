/*
 * cli/run.c - idle run: plan a request (or read an exported plan) and run it
 * on the providers, with live progress, JSON Lines events and the result.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

/* 2026-01-01T00:00:00Z: where a simulated clock starts unless told otherwise */
#define SIMULATED_START 1767225600.0

typedef struct run_out {
	FILE *events; /* JSON Lines, or NULL */
	int live;     /* a terminal on stderr: show progress */
	int color;
	int failed_io;    /* writing events failed */
	double step_t0;   /* when the current step started */
	int open_line;    /* a progress line waits for its end */
	char status[160]; /* what the step waits for (the last retry or poll message) */
	unsigned spin;
} run_out;

static const char *paint(const run_out *o, const char *code)
{
	return o->color ? code : "";
}

/* The live view: one line per step, a status line while a step waits. */
static void live(run_out *o, const idle_event *e)
{
	const char *t = idle_event_type(e), *step = idle_event_step(e);
	double now = idle_event_time(e);

	o->status[0] = '\0';
	if (!strcmp(t, "StepStarted") || !strcmp(t, "OnFailureStepStarted")) {
		fprintf(stderr, "  %s%s%s ... ", paint(o, "\033[1m"), step, paint(o, "\033[0m"));
		o->step_t0 = now;
		o->open_line = 1;
	} else if (!strcmp(t, "StepCompleted") || !strcmp(t, "OnFailureStepCompleted")) {
		if (!o->open_line)
			fprintf(stderr, "  %s ... ", step);
		fprintf(stderr, "\r\033[K  %s ... %sdone%s (%.0f ms)\n", step, paint(o, "\033[32m"),
		        paint(o, "\033[0m"), (now - o->step_t0) * 1000);
		o->open_line = 0;
	} else if (!strcmp(t, "StepFailed") || !strcmp(t, "OnFailureStepFailed")) {
		const idle_value *err = idle_value_get(idle_event_data(e), "Error");

		fprintf(stderr, "%s  %s ... %sfailed%s: %s\n", o->open_line ? "\r\033[K" : "", step,
		        paint(o, "\033[31m"), paint(o, "\033[0m"),
		        err ? idle_value_string(err, NULL) : "");
		o->open_line = 0;
	} else if (!strcmp(t, "StepNotApplicable") || !strcmp(t, "OnFailureStepNotApplicable")) {
		fprintf(stderr, "  %s ... %snot applicable%s\n", step, paint(o, "\033[2m"),
		        paint(o, "\033[0m"));
	} else if (!strcmp(t, "StepBlocked")) {
		fprintf(stderr, "  %s ... %sblocked%s (precondition)\n", step, paint(o, "\033[33m"),
		        paint(o, "\033[0m"));
	} else if (!strcmp(t, "StepRetrying") || !strcmp(t, "DirectorySyncPoll") ||
	           !strcmp(t, "DirectorySyncWaiting")) {
		/* the same line shows what the step waits for */
		snprintf(o->status, sizeof(o->status), "%s", idle_event_message(e));
		fprintf(stderr, "\r\033[K  %s ... %s", step, o->status);
		o->open_line = 1;
	} else if (!strcmp(t, "OnFailureStarted")) {
		fprintf(stderr, "  running OnFailureSteps:\n");
	}
	fflush(stderr);
}

/* While a step waits: a spinner and the seconds left, on the step's line. */
static void on_wait(void *ud, const char *step, double remaining)
{
	static const char spinner[] = "|/-\\";
	run_out *o = ud;

	if (!o->live)
		return;
	fprintf(stderr, "\r\033[K  %s ... %s%s%s%c %.1f s%s", step ? step : "", o->status,
	        *o->status ? "  " : "", paint(o, "\033[2m"), spinner[o->spin++ % 4], remaining,
	        paint(o, "\033[0m"));
	o->open_line = 1;
	fflush(stderr);
}

static void on_event(void *ud, const idle_event *e)
{
	run_out *o = ud;

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

/* "2026-01-01T00:00:00Z" (or without Z, or a date alone) as seconds since 1970; -1 if bad. */
static double parse_time(const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, "%Y-%m-%d", &tm);
	}
	if (!end || (*end && strcmp(end, "Z")))
		return -1;
	return (double)timegm(&tm);
}

static char *text_result(const idle_result *r, const idle_plan *plan)
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
			int64_t attempts = idle_value_int(idle_value_get(s, "Attempts"));

			fprintf(out, "  %zu. %-20s %s (%s)", i + 1,
			        idle_value_string(idle_value_get(s, "Status"), NULL),
			        idle_value_string(idle_value_get(s, "Name"), NULL),
			        idle_value_string(idle_value_get(s, "Type"), NULL));
			if (ch)
				fprintf(out, "%s",
				        idle_value_bool(ch) ? ", changed" : ", no change");
			if (attempts > 1)
				fprintf(out, ", %lld attempts", (long long)attempts);
			fprintf(out, "\n");
			if (err && idle_value_kind(err) == IDLE_STRING)
				fprintf(out, "       error: %s\n", idle_value_string(err, NULL));
		}
		if (!c && idle_plan_step_count(plan, 0) > n)
			fprintf(out, "  (%zu more not run)\n", idle_plan_step_count(plan, 0) - n);
	}
	fprintf(out, "\n%zu events\n", idle_result_event_count(r));
	fclose(out);
	return buf;
}

/* Writes text (+ a final line break) to path or stdout. */
static int emit(const char *path, const char *text, size_t len)
{
	int rc = cli_write_output(path, text, len);

	if (rc == 0 && (!len || text[len - 1] != '\n'))
		rc = path ? 0 : cli_write_output(NULL, "\n", 1);
	return rc;
}

static int result_json(const void *res, idle_write_fn w, void *ud)
{
	return idle_result_write_json(res, 0, w, ud);
}

int cli_run(int argc, char **argv)
{
	const char *opt, *val, *workflow = NULL, *request = NULL, *providers = NULL,
	                       *plan_file = NULL;
	const char *events = NULL, *result_file = NULL, *cid = NULL;
	idle_run_options ropts = IDLE_RUN_OPTIONS_INIT;
	unsigned parse_flags = 0, load_flags = 0;
	int json = 0, dry = 0, rc, exit_code;
	idle_plan *plan = NULL;
	idle_result *res = NULL;
	idle_doc *plan_doc = NULL;
	idle_diags *d;
	run_out o;
	cli_inputs in;
	cli_args a;

	memset(&o, 0, sizeof(o));
	cli_args_init(&a, argc, argv);
	while (cli_next(&a, &opt, &val)) {
		if (!opt) {
			if (workflow)
				return cli_usage_error(
				    "run", "one workflow at a time ('%s' and '%s')", workflow, val);
			workflow = val;
		} else if (!strcmp(opt, "--request") || !strcmp(opt, "-r")) {
			if (!(request = cli_value(&a, opt, val)))
				return cli_usage_error("run", "--request needs a file");
		} else if (!strcmp(opt, "--providers") || !strcmp(opt, "-p")) {
			if (!(providers = cli_value(&a, opt, val)))
				return cli_usage_error("run", "--providers needs a file");
		} else if (!strcmp(opt, "--plan")) {
			if (!(plan_file = cli_value(&a, opt, val)))
				return cli_usage_error("run",
				                       "--plan needs a plan file (from idle plan)");
		} else if (!strcmp(opt, "--events")) {
			if (!(events = cli_value(&a, opt, val)))
				return cli_usage_error("run",
				                       "--events needs a file (or - for standard "
				                       "output)");
		} else if (!strcmp(opt, "--result")) {
			if (!(result_file = cli_value(&a, opt, val)))
				return cli_usage_error("run", "--result needs a file");
		} else if (!strcmp(opt, "--format")) {
			const char *f = cli_value(&a, opt, val);

			if (!f || (strcmp(f, "json") && strcmp(f, "text")))
				return cli_usage_error("run", "--format takes 'text' or 'json'");
			json = !strcmp(f, "json");
		} else if (!strcmp(opt, "--dry-run")) {
			dry = 1;
		} else if (!strcmp(opt, "--simulated-clock")) {
			ropts.flags |= IDLE_RUN_SIMULATED_CLOCK;
			ropts.clock_start = val ? parse_time(val) : SIMULATED_START;
			if (ropts.clock_start < 0)
				return cli_usage_error(
				    "run", "--simulated-clock=START takes a UTC time such as "
				           "2026-01-01T09:00:00Z");
		} else if (!strcmp(opt, "--correlation-id")) {
			if (!(cid = cli_value(&a, opt, val)) || !*cid)
				return cli_usage_error("run", "--correlation-id needs an id");
		} else if (!strcmp(opt, "--skip-limit-check")) {
			parse_flags |= IDLE_PARSE_SKIP_LIMIT_CHECK;
		} else if (!strcmp(opt, "--ignore-preconditions-and-onfailure")) {
			load_flags |= IDLE_PLAN_LOAD_WITHOUT_X_IDLE;
		} else {
			return cli_usage_error("run", "unknown option '%s'", opt);
		}
	}
	if (load_flags && !plan_file)
		return cli_usage_error("run", "--ignore-preconditions-and-onfailure is for --plan "
		                              "PLAN.json");
	if (plan_file && (workflow || request))
		return cli_usage_error("run", "--plan runs an exported plan: give no WORKFLOW or "
		                              "--request with it");
	if (!plan_file && !workflow)
		return cli_usage_error("run", "missing WORKFLOW (or --plan PLAN.json)");
	if (!plan_file && !request)
		return cli_usage_error("run", "missing --request REQ (the lifecycle request)");
	if (!providers && !dry)
		return cli_usage_error("run", "missing --providers FILE (what the steps run on)");
	d = idle_diags_new();
	if (!d)
		return CLI_EXIT_USAGE;
	if (plan_file) {
		rc = cli_inputs_load_plan(&in, plan_file, providers, parse_flags, load_flags,
		                          &plan_doc, &plan, d);
	} else {
		rc = cli_inputs_load(&in, workflow, request, providers, parse_flags, d);
		if (rc == 0 && cid)
			rc = cli_set_correlation_id(&in, cid);
		if (rc == 0) {
			int prc = idle_plan_build(&plan, in.host, in.workflow, in.request, in.cfg,
			                          NULL, d);

			rc = prc == 0               ? 0
			     : prc == IDLE_EINVALID ? CLI_EXIT_INVALID
			                            : CLI_EXIT_USAGE;
		}
	}
	cli_print_diags(d, IDLE_RENDER_CODES);
	idle_diags_clear(d);
	if (rc)
		goto done;
	if (dry) {
		char *text = NULL;
		size_t len = 0;

		if (json)
			rc = idle_plan_whatif_json(plan, &text, &len) ? CLI_EXIT_USAGE : 0;
		else
			text = cli_plan_summary(plan, in.cfg, "Dry run (nothing was executed)"),
			len = text ? strlen(text) : 0;
		if (rc == 0)
			rc = text ? emit(NULL, text, len) : CLI_EXIT_USAGE;
		free(text);
		goto done;
	}
	o.live = isatty(STDERR_FILENO);
	o.color = (cli_render_flags() & IDLE_RENDER_COLOR) != 0;
	if (events) {
		o.events = strcmp(events, "-") ? fopen(events, "wb") : stdout;
		if (!o.events) {
			fprintf(stderr, "idle: error: cannot write '%s': %s\n", events,
			        strerror(errno));
			rc = CLI_EXIT_USAGE;
			goto done;
		}
	}
	ropts.on_event = on_event;
	ropts.on_wait = on_wait;
	ropts.event_ud = &o;
	if (o.live)
		fprintf(stderr, "Running '%s' (%s) for %s\n", idle_plan_workflow_name(plan),
		        idle_plan_lifecycle_event(plan), idle_plan_correlation_id(plan));
	rc = idle_run(&res, plan, in.cfg, &ropts, d);
	if (o.events && o.events != stdout)
		fclose(o.events);
	if (o.failed_io)
		fprintf(stderr, "idle: error: cannot write the events to '%s'\n", events);
	if (rc) {
		cli_print_diags(d, IDLE_RENDER_CODES);
		rc = rc == IDLE_EINVALID ? CLI_EXIT_INVALID : CLI_EXIT_USAGE;
		goto done;
	}
	/* what the providers keep (a Mock's StatePath) is saved whatever the outcome */
	exit_code = idle_config_save(in.cfg, d) ? CLI_EXIT_USAGE : 0;
	cli_print_diags(d, IDLE_RENDER_CODES);
	{
		char *out;
		int w = 0;

		/* streamed: a result of thousands of steps is megabytes */
		if (result_file)
			w = cli_write_stream(result_file, result_json, res);
		if (!w && json && !(events && !strcmp(events, "-")))
			w = cli_write_stream(NULL, result_json, res);
		if (!json && !w) {
			out = text_result(res, plan);
			if (events && !strcmp(events, "-"))
				fprintf(stderr, "%s", out ? out : "");
			else
				w = out ? emit(NULL, out, strlen(out)) : CLI_EXIT_USAGE;
			free(out);
		}
		if (w || o.failed_io)
			exit_code = CLI_EXIT_USAGE;
	}
	if (!strcmp(idle_result_status(res), "Failed"))
		rc = CLI_EXIT_FAILED;
	else if (!strcmp(idle_result_status(res), "Blocked"))
		rc = CLI_EXIT_BLOCKED;
	else
		rc = exit_code;
done:
	idle_result_free(res);
	idle_plan_free(plan);
	idle_doc_free(plan_doc);
	cli_inputs_free(&in);
	idle_diags_free(d);
	return rc;
}
