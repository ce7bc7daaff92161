/*
 * cli/run.c - idle run: plan a request (or read an exported plan) and run it
 * on the providers, with live progress, JSON Lines events and the result.
 */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

/* 2026-01-01T00:00:00Z: where a simulated clock starts unless told otherwise */
#define SIMULATED_START 1767225600.0

/* The signal that asked the run to stop (0: none); a second one ends the process at once. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	static const char msg[] = "\nidle: interrupted: finishing the step in flight, then "
	                          "writing the result and the state (again to stop at once)\n";

	if (stop_signal)
		_exit(128 + sig);
	stop_signal = sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		stop_signal = sig;
}

static int cancelled(void *ud)
{
	(void)ud;
	return stop_signal != 0;
}

/* SIGINT and SIGTERM stop the run at its next safe point (install = 1), or as before (0). */
static void catch_signals(int install)
{
	static struct sigaction old_int, old_term;
	struct sigaction sa;

	if (!install) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		return;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
}

#ifndef IDLE_INSTALLED_TEMPLATES
#define IDLE_INSTALLED_TEMPLATES "/usr/local/share/idle/templates"
#endif
#ifndef IDLE_SOURCE_TEMPLATES
#define IDLE_SOURCE_TEMPLATES "templates"
#endif

/*
 * The default providers file: installed with idle (beside the running idle, in
 * ../share/idle/templates, or where it was configured to be installed), else
 * in the source tree it was built from. *installed says which.
 */
static const char *default_providers(int *installed)
{
	static char beside[4096];
	static const char *const name = "/providers.mock.psd1";
	const char *where[3];
	struct stat st;
	ssize_t n = readlink("/proc/self/exe", beside, sizeof(beside) - 64);
	size_t i, k = 0;

	if (n > 0) {
		char *slash;

		beside[n] = '\0';
		slash = strrchr(beside, '/');
		if (slash) {
			snprintf(slash, sizeof(beside) - (size_t)(slash - beside),
			         "/../share/idle/templates%s", name);
			where[k++] = beside;
		}
	}
	where[k++] = IDLE_INSTALLED_TEMPLATES "/providers.mock.psd1";
	where[k++] = IDLE_SOURCE_TEMPLATES "/providers.mock.psd1";
	for (i = 0; i < k; i++) {
		if (stat(where[i], &st) == 0 && S_ISREG(st.st_mode)) {
			*installed = i + 1 < k;
			return where[i];
		}
	}
	return NULL;
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

/*
 * The outcome first (the summary, or the result JSON on standard output),
 * then the result file; what could not be recorded (events, the result file,
 * a provider's state) is said after it. The exit code says how the run ended;
 * a Completed run whose outcome was not all recorded ends with
 * CLI_EXIT_UNRECORDED.
 */
static int report(const idle_result *res, const idle_plan *plan, int json, const char *events,
                  const char *result_file, FILE *result_out, cli_run_view *o, idle_diags *d)
{
	idle_run_status status = idle_result_run_status(res);
	int to_stdout = events && !strcmp(events, "-"), bad = !idle_result_recorded(res);

	if (json && !to_stdout) {
		bad |= cli_stream_to(stdout, NULL, result_json, res) != 0;
	} else if (!json) {
		char *out = cli_run_summary(res, plan);

		if (to_stdout)
			fprintf(stderr, "%s", out ? out : "");
		else
			bad |= !out || emit(NULL, out, strlen(out)) != 0;
		free(out);
	}
	if (result_out) {
		bad |= cli_stream_to(result_out, result_file, result_json, res) != 0;
		bad |= cli_close_output(result_out, result_file) != 0;
	}
	if (o->events && o->events != stdout && fclose(o->events))
		o->failed_io = 1;
	o->events = NULL;
	if (o->failed_io) {
		fprintf(stderr, "idle: error: cannot write the events to '%s'\n", events);
		bad = 1;
	}
	cli_print_diags(d, IDLE_RENDER_CODES);
	if (bad)
		fprintf(stderr,
		        "idle: error: the run %s, but what it did was not all recorded "
		        "(see above)\n",
		        status == IDLE_RUN_COMPLETED ? "completed" : "ended");
	switch (status) {
	case IDLE_RUN_FAILED:
		return CLI_EXIT_FAILED;
	case IDLE_RUN_BLOCKED:
		return CLI_EXIT_BLOCKED;
	case IDLE_RUN_INTERRUPTED:
		return CLI_EXIT_INTERRUPTED;
	default:
		return bad ? CLI_EXIT_UNRECORDED : CLI_EXIT_OK;
	}
}

int cli_run(int argc, char **argv)
{
	const char *opt, *val, *workflow = NULL, *request = NULL, *providers = NULL,
	                       *plan_file = NULL;
	const char *events = NULL, *result_file = NULL, *cid = NULL;
	idle_run_options ropts = IDLE_RUN_OPTIONS_INIT;
	unsigned parse_flags = 0, load_flags = 0;
	int json = 0, dry = 0, rc;
	idle_plan *plan = NULL;
	idle_result *res = NULL;
	idle_doc *plan_doc = NULL;
	idle_diags *d;
	cli_run_view o;
	FILE *result_out = NULL;
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
			return cli_unknown_option("run", opt);
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
	if (!providers && !dry) {
		/* the built-in default: the Mock providers every shipped template runs on */
		int installed = 0;

		providers = default_providers(&installed);
		if (!providers)
			return cli_usage_error("run",
			                       "missing --providers FILE (what the steps run on)");
		fprintf(
		    stderr,
		    "idle run: note: no --providers given: running on the built-in default "
		    "providers (Mock, MockDirectorySync: nothing outside idle is touched) of "
		    "%s\n",
		    installed
		        ? "the installed templates (share/idle/templates/providers.mock.psd1)"
		        : "the source tree idle was built from (templates/providers.mock.psd1)");
	}
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
	/* every output is opened before the first step: a run never finds out too late */
	o.live = isatty(STDERR_FILENO);
	o.color = (cli_render_flags() & IDLE_RENDER_COLOR) != 0;
	/* lines are rewritten in place only on a terminal that can (not TERM=dumb) and that
	 * does not also show the JSON lines of --events - */
	o.inline_ok =
	    cli_fancy_stderr() && !(events && !strcmp(events, "-") && isatty(STDOUT_FILENO));
	if (events && !(o.events = strcmp(events, "-") ? cli_open_output(events) : stdout)) {
		rc = CLI_EXIT_USAGE;
		goto done;
	}
	if (result_file && !(result_out = cli_open_output(result_file))) {
		rc = CLI_EXIT_USAGE;
		goto done;
	}
	ropts.on_event = cli_run_on_event;
	ropts.on_wait = cli_run_on_wait;
	ropts.cancelled = cancelled;
	ropts.event_ud = &o;
	if (o.live)
		fprintf(stderr, "Running '%s' (%s) for %s\n", idle_plan_workflow_name(plan),
		        idle_plan_lifecycle_event(plan), idle_plan_correlation_id(plan));
	catch_signals(1);
	rc = idle_run(&res, plan, in.cfg, &ropts, d);
	catch_signals(0);
	if (rc) {
		cli_print_diags(d, IDLE_RENDER_CODES);
		rc = rc == IDLE_EINVALID ? CLI_EXIT_INVALID : CLI_EXIT_USAGE;
		goto done;
	}
	rc = report(res, plan, json, events, result_file, result_out, &o, d);
	result_out = NULL;
done:
	if (result_out)
		cli_close_output(result_out, result_file);
	if (o.events && o.events != stdout)
		fclose(o.events);
	idle_result_free(res);
	idle_plan_free(plan);
	idle_doc_free(plan_doc);
	cli_inputs_free(&in);
	idle_diags_free(d);
	return rc;
}
