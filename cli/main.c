/*
 * cli/main.c - the idle command: global options and dispatch to the
 * subcommands listed in one table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#include "cli/cli.h"

static const char *const convert_options[] = {"--compact", "--skip-limit-check", NULL};
static const char *const validate_options[] = {
    "--format", "--quiet", "--schema-only", "--kind", "--providers", "--skip-limit-check", NULL};
static const char *const plan_options[] = {"--request",          "--providers", "--output",
                                           "--format",           "--x-idle",    "--correlation-id",
                                           "--skip-limit-check", NULL};
static const char *const run_options[] = {"--request",
                                          "--providers",
                                          "--plan",
                                          "--events",
                                          "--result",
                                          "--format",
                                          "--dry-run",
                                          "--simulated-clock",
                                          "--correlation-id",
                                          "--skip-limit-check",
                                          "--ignore-preconditions-and-onfailure",
                                          NULL};
static const char *const steps_options[] = {"--format", NULL};
static const char *const doctor_options[] = {"--workflow", "--request", "--format", NULL};

const cli_cmd cli_commands[] = {
    {"convert", cli_convert, "idle convert [--compact] [--skip-limit-check] FILE",
     "print a .psd1 (or .json) document as JSON",
     "Reads FILE (\"-\" for standard input) exactly as PowerShell's\n"
     "Import-PowerShellDataFile would, and prints it as JSON on standard output,\n"
     "keys in source order. A file ending in .json is read as JSON instead.\n"
     "\n"
     "Errors go to standard error as file:line:col with the source line and a\n"
     "caret. Two kinds are told apart, as in PowerShell: syntax errors (the file\n"
     "is not valid PowerShell; the first one stops the parse) and data errors\n"
     "(valid PowerShell that a data file may not hold: commands, variables,\n"
     "operators; all of them are reported). A third kind marks what PowerShell\n"
     "accepts but idle deliberately does not (casts, index expressions, $args,\n"
     "non-string keys, script statements around the root hashtable).\n"
     "\n"
     "Numbers keep their value exactly: integers as digits, doubles in shortest\n"
     "round-trip form with \".0\" when whole (\"-0.0\" for negative zero),\n"
     "decimals (1.50d) with their own digits. Infinity, NaN and script blocks\n"
     "have no JSON form and are reported as errors.\n"
     "\n"
     "Options:\n"
     "  --compact           one line, no spaces\n"
     "  --skip-limit-check  lift PowerShell's data-file limits (500 keys per\n"
     "                      hashtable, fewer than 5000 values), like\n"
     "                      Import-PowerShellDataFile -SkipLimitCheck\n"
     "\n"
     "Exit status: 0 converted; 1 the file was rejected; 2 usage or I/O error.\n",
     convert_options},
    {"validate", cli_validate,
     "idle validate [--format text|json] [--quiet] [--schema-only] [--providers FILE] PATH...",
     "check workflow files: every rule, every problem, each with its line",
     "Checks each workflow file, and every *.psd1 below each folder, against all of\n"
     "IdLE's static rules: the root and step keys and their types, unique step\n"
     "names, Conditions and Preconditions, OnPreconditionFalse and\n"
     "PreconditionEvent, RetryProfile, ContextResolvers, the {{templates}} in With\n"
     "values, script blocks, and the step catalog (known step types, the With\n"
     "keys each requires and accepts, and the values it can check before a run).\n"
     "It also warns about what is legal but suspicious. Every problem of every\n"
     "file is reported, each with file:line:col, the data path, a code and, where\n"
     "it helps, a hint. Unlike planning, every step is checked, whatever its\n"
     "Condition (there is no request to evaluate it against).\n"
     "\n"
     "Request files and providers files are recognised by their keys (a\n"
     "LifecycleEvent without Name or Steps; Providers, AuthSessions,\n"
     "ExecutionOptions or StepMetadata) and checked with their own rules, so a\n"
     "whole repository can be checked at once.\n"
     "\n"
     "Options:\n"
     "  --format text|json  text (default) on standard error; json on standard\n"
     "                      output: {\"files\":[{\"path\",\"valid\",\"diagnostics\":[{\n"
     "                      \"severity\",\"code\",\"message\",\"path\",\"line\",\n"
     "                      \"column\",\"hint\"}]}]}\n"
     "  -q, --quiet         errors only: no warnings, no summary line\n"
     "  --schema-only       only what IdLE's Test-IdleWorkflow checks: no step\n"
     "                      catalog, no templates, no value checks, no warnings\n"
     "  --kind K            check every file as K: workflow, request, providers\n"
     "                      (default auto: by its keys)\n"
     "  -p, --providers FILE  check FILE as a providers file first; the step types\n"
     "                      of its StepMetadata are then known to the workflows\n"
     "  --skip-limit-check  lift PowerShell's data-file size limits\n"
     "\n"
     "Exit status: 0 every file is valid (warnings allowed); 1 a file has an error;\n"
     "2 usage or I/O error (a path that cannot be read).\n",
     validate_options},
    {"plan", cli_plan,
     "idle plan WORKFLOW --request REQ [--providers FILE] [-o FILE] [--format json|text]",
     "dry run: resolve a request into a plan (IdLE's plan-export JSON)",
     "Builds the plan IdLE's New-IdlePlan would build, and prints it as IdLE's\n"
     "plan-export JSON (schema 1.0) on standard output: nothing is executed.\n"
     "\n"
     "In IdLE's order: the workflow's rules (as 'idle validate --schema-only' plus\n"
     "the step catalog's known types) and its LifecycleEvent against the\n"
     "request's; the ContextResolvers, which read identity data from the\n"
     "providers into Request.Context; then each step of Steps and OnFailureSteps:\n"
     "its Condition decides whether it is applicable; an applicable step gets its\n"
     "{{templates}} resolved and its With checked against the step catalog;\n"
     "Precondition paths are checked. Last, every capability the steps need must\n"
     "be advertised by some provider. Every problem is reported on standard\n"
     "error with file:line:col and the data path.\n"
     "\n"
     "Without --providers, resolvers cannot run and the capability check is\n"
     "skipped (a note says so): a pure dry run of templates and conditions.\n"
     "\n"
     "The JSON has IdLE's keys in IdLE's order, two-space indentation and LF line\n"
     "ends; the same inputs give the same bytes (a request without CorrelationId\n"
     "gets a new random one each time). Secrets are redacted, request fields\n"
     "over 64 KiB truncated. What schema 1.0 cannot say (OnFailureSteps, which\n"
     "steps are not applicable, preconditions, retry profiles, the whole request)\n"
     "follows in an \"x-idle\" object, so that 'idle run --plan' can run the plan\n"
     "exactly as planned; readers of schema 1.0 ignore it.\n"
     "\n"
     "Options:\n"
     "  -r, --request FILE    the lifecycle request (.psd1 or .json)\n"
     "  -p, --providers FILE  the providers file (.psd1 or .json): providers, auth\n"
     "                        sessions, execution options, StepMetadata\n"
     "  -o, --output FILE     write the plan to FILE instead of standard output\n"
     "  --correlation-id ID   the CorrelationId for a request that has none (instead\n"
     "                        of a new random UUID)\n"
     "  --format json|text    json (default), or a summary for people: each step,\n"
     "                        applicable or not and why, its resolved inputs, the\n"
     "                        capabilities it needs and the provider that serves it\n"
     "  --x-idle always|never\n"
     "                        add the x-idle object (default always); never gives\n"
     "                        exactly IdLE's document, which 'idle run --plan' refuses\n"
     "  --skip-limit-check    lift PowerShell's data-file size limits\n"
     "\n"
     "Exit status: 0 planned (warnings allowed); 1 invalid input (a file, the\n"
     "request, the providers file, or planning); 2 usage or I/O error.\n",
     plan_options},
    {"run", cli_run,
     "idle run WORKFLOW --request REQ [--providers FILE] [--events FILE|-] [--result FILE] "
     "[--format text|json] [--dry-run]",
     "run a workflow for a request on the providers (or --plan PLAN.json)",
     "Plans the request as 'idle plan' does, then runs the plan as IdLE's\n"
     "Invoke-IdlePlan does: each applicable step in order (NotApplicable steps are\n"
     "skipped), its Precondition checked first (Blocked, Fail or Continue when it\n"
     "does not hold), transient provider failures retried with the step's\n"
     "RetryProfile, and OnFailureSteps (best effort) after a step failed. Every\n"
     "step's provider is its With.Provider or the step type's default alias, with\n"
     "the auth session of With.AuthSessionName from the providers file.\n"
     "\n"
     "  idle run --plan PLAN.json --providers FILE\n"
     "runs a plan exported by 'idle plan' (an approved plan) exactly as planned:\n"
     "nothing is resolved or decided again. Refused before anything runs: a plan\n"
     "without idle's x-idle object (IdLE's own export, or --x-idle never: it\n"
     "cannot say which steps the workflow skips, their Preconditions or the\n"
     "OnFailureSteps), an unknown schema version, step types or capabilities the\n"
     "providers cannot serve, inputs that were redacted.\n"
     "\n"
     "On a terminal, progress is shown on standard error as steps run (with a\n"
     "countdown while a step waits for a retry or a directory sync). Events\n"
     "(IdLE's catalogue: RunStarted, StepStarted, StepCompleted, ... RunCompleted)\n"
     "are JSON Lines with --events; the result is a summary on standard output, or\n"
     "JSON with --format json or --result FILE. Secrets never appear in any of\n"
     "them. A Mock provider's StatePath is locked for the run (another run on it\n"
     "waits) and saved at its end, whatever the outcome.\n"
     "\n"
     "Every output (--result, --events, a state file's folder) is checked before\n"
     "the first step. On SIGINT or SIGTERM the run stops at the next safe point\n"
     "(between steps, or where a step waits), writes its result and state, and\n"
     "exits 5; a second signal ends it at once.\n"
     "\n"
     "Options:\n"
     "  -r, --request FILE    the lifecycle request (.psd1 or .json)\n"
     "  -p, --providers FILE  the providers file (default: the built-in Mock providers\n"
     "                        installed with idle, share/idle/templates/\n"
     "                        providers.mock.psd1, with a note saying so)\n"
     "  --plan FILE           run an exported plan instead of a workflow\n"
     "  --ignore-preconditions-and-onfailure\n"
     "                        with --plan: run a plan without x-idle anyway, its steps\n"
     "                        as listed, without Preconditions, OnFailureSteps or retry\n"
     "                        profiles (steps that had a Condition or hold a {{template}}\n"
     "                        are still refused)\n"
     "  --events FILE|-       write every event as a line of JSON (- : standard\n"
     "                        output, then the summary goes to standard error)\n"
     "  --result FILE         write the result as JSON to FILE\n"
     "  --format text|json    the result on standard output: summary (default) or\n"
     "                        JSON (Status, CorrelationId, Actor, Steps, OnFailure,\n"
     "                        Events, Providers)\n"
     "  --dry-run             plan and show what would run, run nothing (WhatIf)\n"
     "  --simulated-clock[=START]\n"
     "                        run on a simulated clock starting at START (UTC, default\n"
     "                        2026-01-01T00:00:00Z): waits (polls, retry back-off)\n"
     "                        take no time; for demos and tests\n"
     "  --correlation-id ID   the CorrelationId for a request that has none\n"
     "  --skip-limit-check    lift PowerShell's data-file size limits\n"
     "\n"
     "Exit status: 0 Completed; 1 invalid input (nothing was executed); 2 usage or\n"
     "I/O error (nothing was executed); 3 the run Failed; 4 the run was Blocked;\n"
     "5 the run was Interrupted; 6 the run Completed but its result, events or\n"
     "state could not all be written (the outcome is shown first).\n",
     run_options},
    {"doctor", cli_doctor,
     "idle doctor PROVIDERS [--workflow FILE --request REQ] [--format text|json]",
     "can every provider be reached and used? (changes nothing)",
     "Checks, without changing anything, that every provider of the providers file\n"
     "can be reached and used, and says how to fix what cannot. EntraConnect: the\n"
     "server's DNS name, TCP, TLS (the certificate against CaFile or the system\n"
     "store), authentication, a remote shell (WinRS), the ADSync module and\n"
     "Get-ADSyncScheduler, then the scheduler's state (interval, next cycle,\n"
     "staging mode, suspended); the shell is deleted again. EntraID: a token, then\n"
     "one read of users, groups and administrative units (the permission a 403\n"
     "lacks). Mock: the state file and its lock. One line per check: a tick, a\n"
     "cross with the fix under it, a dash for what could not be checked, an i for\n"
     "information.\n"
     "\n"
     "Without a workflow, each provider is checked with each auth session of the\n"
     "file (a session that names no server, as IdLE's Credential sessions, is\n"
     "skipped: the steps name the server). With --workflow and --request, the\n"
     "request is planned and each provider is checked with exactly the sessions and\n"
     "servers (With.ComputerName) its applicable steps are bound to.\n"
     "\n"
     "Options:\n"
     "  -w, --workflow FILE   check what this workflow's steps would use (with --request)\n"
     "  -r, --request FILE    the request to plan the workflow for\n"
     "  --format text|json    the report as text (default) or one JSON document\n"
     "\n"
     "Exit status: 0 every check passed (skipped ones allowed); 7 a check failed;\n"
     "1 invalid input (the providers file, workflow or request); 2 usage error.\n",
     doctor_options},
    {"steps", cli_steps, "idle steps [--format text|json|markdown]",
     "list the step types: With keys, capabilities, what each does",
     "Prints the step catalog: every step type the engine knows, the With keys it\n"
     "requires and accepts, and the provider capabilities it needs. Validation and\n"
     "planning use exactly this table.\n",
     steps_options},
    {"help", cli_help, "idle help [COMMAND]", "show help for idle or for one command", NULL, NULL},
    {"version", cli_version, "idle version", "print the version (also: idle --version)", NULL,
     NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL}};

const cli_cmd *cli_find(const char *name)
{
	const cli_cmd *c;

	for (c = cli_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static void general_help(FILE *out)
{
	const cli_cmd *c;

	fprintf(out,
	        "idle %s - run IdLE identity-lifecycle workflows (.psd1) without PowerShell\n"
	        "\n"
	        "Usage: idle COMMAND [OPTIONS] [ARGS]\n"
	        "\n"
	        "Commands:\n",
	        idle_version());
	for (c = cli_commands; c->name; c++)
		fprintf(out, "  %-9s %s\n", c->name, c->summary);
	fprintf(out, "\n"
	             "Run 'idle help COMMAND' or 'idle COMMAND --help' for details.\n"
	             "\n"
	             "Exit status:\n"
	             "  0  success\n"
	             "  1  invalid input (parse, schema or planning error); nothing executed\n"
	             "  2  usage or I/O error (bad flags, unreadable file, unwritable output)\n"
	             "  3  the run Failed\n"
	             "  4  the run was Blocked\n"
	             "  5  the run was Interrupted (SIGINT/SIGTERM): result and state written\n"
	             "  6  the run Completed, but its result, events or state could not all be\n"
	             "     written\n"
	             "  7  idle doctor: a check failed\n"
	             "\n"
	             "Environment:\n"
	             "  NO_COLOR  when set, diagnostics are never coloured\n");
}

static int command_help(const cli_cmd *c, FILE *out)
{
	fprintf(out, "Usage: %s\n\n%s\n", c->usage, c->summary);
	if (c->help)
		fprintf(out, "\n%s", c->help);
	return CLI_EXIT_OK;
}

int cli_help(int argc, char **argv)
{
	const cli_cmd *c;

	if (argc < 2) {
		general_help(stdout);
		return CLI_EXIT_OK;
	}
	if (argc > 2)
		return cli_usage_error("help", "too many arguments");
	c = cli_find(argv[1]);
	if (!c)
		return cli_usage_error("help", "unknown command '%s'", argv[1]);
	return command_help(c, stdout);
}

int cli_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error("version", "unexpected argument '%s'", argv[1]);
	printf("idle %s\n", idle_version());
	return CLI_EXIT_OK;
}

/* ---- shared helpers ------------------------------------------------------------ */

void cli_args_init(cli_args *a, int argc, char **argv)
{
	a->argc = argc;
	a->argv = argv;
	a->i = 1;
	a->only_positional = 0;
	a->cmd = argv[0];
}

int cli_next(cli_args *a, const char **opt, const char **val)
{
	static char name[64];
	const char *s;

	*opt = NULL;
	*val = NULL;
	if (a->i >= a->argc)
		return 0;
	s = a->argv[a->i++];
	if (!a->only_positional && !strcmp(s, "--")) {
		a->only_positional = 1;
		return cli_next(a, opt, val);
	}
	if (a->only_positional || s[0] != '-' || !s[1]) {
		*val = s;
		return 1;
	}
	if (s[1] == '-') {
		const char *eq = strchr(s, '=');

		if (eq && (size_t)(eq - s) < sizeof(name)) {
			memcpy(name, s, (size_t)(eq - s));
			name[eq - s] = '\0';
			*opt = name;
			*val = eq + 1;
			return 1;
		}
	}
	*opt = s;
	return 1;
}

const char *cli_value(cli_args *a, const char *opt, const char *inline_val)
{
	(void)opt;
	if (inline_val)
		return inline_val;
	if (a->i < a->argc)
		return a->argv[a->i++];
	return NULL;
}

int cli_unknown_option(const char *cmd, const char *opt)
{
	const cli_cmd *c = cli_find(cmd);
	const char *near = c && c->options ? idle_suggest(opt, strlen(opt), c->options) : NULL;

	if (near)
		return cli_usage_error(cmd, "unknown option '%s'; did you mean '%s'?", opt, near);
	return cli_usage_error(cmd, "unknown option '%s'", opt);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "idle %s: error: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'idle help %s'.\n", cmd);
	return CLI_EXIT_USAGE;
}

int cli_fancy_stderr(void)
{
	const char *term = getenv("TERM");

	return isatty(STDERR_FILENO) && !(term && !strcmp(term, "dumb"));
}

int cli_fancy_stdout(void)
{
	const char *term = getenv("TERM"), *nc = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && !(term && !strcmp(term, "dumb")) && !(nc && *nc);
}

unsigned cli_render_flags(void)
{
	const char *nc = getenv("NO_COLOR");

	if (nc && *nc)
		return 0;
	return cli_fancy_stderr() ? IDLE_RENDER_COLOR : 0;
}

void cli_print_diags(const idle_diags *diags, unsigned extra_flags)
{
	fflush(stdout);
	idle_diags_render(diags, stderr, cli_render_flags() | extra_flags);
}

int cli_write_output(const char *path, const char *data, size_t len)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	int ok;

	if (!f) {
		fprintf(stderr, "idle: error: cannot write '%s': %s\n", path, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	ok = fwrite(data, 1, len, f) == len;
	ok = (path ? fclose(f) : fflush(f)) == 0 && ok;
	if (!ok) {
		fprintf(stderr, "idle: error: cannot write %s%s%s: %s\n", path ? "'" : "",
		        path ? path : "standard output", path ? "'" : "", strerror(errno));
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

static int file_sink(void *ud, const char *data, size_t len)
{
	return fwrite(data, 1, len, ud) == len ? 0 : -1;
}

FILE *cli_open_output(const char *path)
{
	FILE *f = path ? fopen(path, "wb") : stdout;

	if (!f)
		fprintf(stderr, "idle: error: cannot write '%s': %s\n", path, strerror(errno));
	return f;
}

static int write_failed(const char *path)
{
	fprintf(stderr, "idle: error: cannot write %s%s%s: %s\n", path ? "'" : "",
	        path ? path : "standard output", path ? "'" : "", strerror(errno));
	return CLI_EXIT_USAGE;
}

int cli_stream_to(FILE *f, const char *path,
                  int (*produce)(const void *obj, idle_write_fn w, void *ud), const void *obj)
{
	int rc = produce(obj, file_sink, f), ok;

	ok = rc == 0 && fputc('\n', f) != EOF;
	ok = fflush(f) == 0 && ok;
	if (rc && rc != IDLE_EIO) {
		fprintf(stderr, "idle: error: %s\n", idle_strerror(rc));
		return CLI_EXIT_USAGE;
	}
	return ok ? CLI_EXIT_OK : write_failed(path);
}

int cli_close_output(FILE *f, const char *path)
{
	if (!f || f == stdout)
		return f && fflush(f) ? write_failed(path) : CLI_EXIT_OK;
	return fclose(f) ? write_failed(path) : CLI_EXIT_OK;
}

int cli_write_stream(const char *path, int (*produce)(const void *obj, idle_write_fn w, void *ud),
                     const void *obj)
{
	FILE *f = cli_open_output(path);
	int rc;

	if (!f)
		return CLI_EXIT_USAGE;
	rc = cli_stream_to(f, path, produce, obj);
	return cli_close_output(f, path) || rc ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
	const cli_cmd *c;

	if (argc < 2) {
		general_help(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cli_version(1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help(1, argv + 1);
	c = cli_find(argv[1]);
	if (!c) {
		const char *names[16], *near;
		size_t n = 0;

		for (c = cli_commands; c->name && n < 15; c++)
			names[n++] = c->name;
		names[n] = NULL;
		near = idle_suggest(argv[1], strlen(argv[1]), names);
		fprintf(stderr, "idle: error: unknown command '%s'", argv[1]);
		if (near)
			fprintf(stderr, "; did you mean '%s'?", near);
		fprintf(stderr, "\nRun 'idle help' for the list.\n");
		return CLI_EXIT_USAGE;
	}
	if (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))
		return command_help(c, stdout);
	return c->fn(argc - 1, argv + 1);
}
