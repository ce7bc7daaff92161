/*
 * cli/cli.h - what the idle command's files share: exit codes, the command
 * table, option parsing and output helpers. The CLI uses only the public
 * API (include/idle).
 */
#ifndef IDLE_CLI_H
#define IDLE_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <idle/idle.h>

/* Exit codes (documented in `idle help`; never reused). */
#define CLI_EXIT_OK      0 /* valid / planned / run Completed */
#define CLI_EXIT_INVALID 1 /* invalid input: nothing executed */
#define CLI_EXIT_USAGE   2 /* bad flags, unreadable file, unwritable output */
#define CLI_EXIT_FAILED  3 /* the run Failed */
#define CLI_EXIT_BLOCKED 4 /* the run was Blocked */
#define CLI_EXIT_INTERRUPTED                                                                       \
	5 /* the run was Interrupted (SIGINT/SIGTERM): result and state written */
#define CLI_EXIT_UNRECORDED                                                                        \
	6 /* the run Completed, but its result, events or state could not be written */
#define CLI_EXIT_CHECK_FAILED 7 /* idle doctor: a check failed */

typedef struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv); /* argv[0] is the command name */
	const char *usage;                /* one line: "idle convert [--compact] FILE" */
	const char *summary;              /* one line for `idle help` */
	const char *help;                 /* the rest of `idle help COMMAND` */
	const char *const *options;       /* its option names, for "did you mean" */
} cli_cmd;

extern const cli_cmd cli_commands[]; /* ends with a {NULL} entry */
const cli_cmd *cli_find(const char *name);

int cli_convert(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_steps(int argc, char **argv);
int cli_plan(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_doctor(int argc, char **argv);
int cli_help(int argc, char **argv);
int cli_version(int argc, char **argv);

/* Options ------------------------------------------------------------------ */

typedef struct cli_args {
	int argc;
	char **argv;
	int i;               /* next argument */
	int only_positional; /* after "--" */
	const char *cmd;
} cli_args;

void cli_args_init(cli_args *a, int argc, char **argv);
/*
 * The next argument: returns 1 with *opt set to an option name ("--compact",
 * "-o") or NULL for a positional (in *val); 0 at the end. "--x=v" gives
 * opt "--x" and *val "v".
 */
int cli_next(cli_args *a, const char **opt, const char **val);
/* The value of an option that takes one (from "--x=v" or the next argument); NULL if missing. */
const char *cli_value(cli_args *a, const char *opt, const char *inline_val);

/* Inputs of plan and run ------------------------------------------------------ */

typedef struct cli_inputs {
	idle_parse_options popts;
	idle_host *host;
	idle_doc *providers_doc;
	idle_config *cfg; /* NULL without --providers */
	idle_doc *workflow;
	idle_doc *request_doc;
	idle_request *request;
} cli_inputs;

/*
 * Loads the providers file (when given; its StepMetadata joins the host),
 * the workflow and the request, reporting every problem to d. Returns 0, or
 * the exit code (CLI_EXIT_INVALID, CLI_EXIT_USAGE for I/O problems).
 */
int cli_inputs_load(cli_inputs *in, const char *workflow, const char *request,
                    const char *providers, unsigned parse_flags, idle_diags *d);
void cli_inputs_free(cli_inputs *in);
/* The host, and the providers file when given (NULL: none). 0, or the exit code. */
int cli_inputs_load_providers(cli_inputs *in, const char *providers, unsigned parse_flags,
                              idle_diags *d);
/*
 * For `idle run --plan`: the providers file (when given) and an exported
 * plan read back with idle_plan_load's load_flags (*doc keeps the plan file;
 * free both after the plan).
 */
int cli_inputs_load_plan(cli_inputs *in, const char *plan_file, const char *providers,
                         unsigned parse_flags, unsigned load_flags, idle_doc **doc,
                         idle_plan **plan, idle_diags *d);
/* The human summary of a plan, under title ("Plan", "Dry run ..."); malloc'ed. */
char *cli_plan_summary(const idle_plan *p, const idle_config *cfg, const char *title);
/* --correlation-id: 0, or an exit code after a message. */
int cli_set_correlation_id(cli_inputs *in, const char *id);

/* What idle run shows (cli/runview.c) ----------------------------------------- */

typedef struct cli_run_view {
	FILE *events;  /* JSON Lines, or NULL */
	int live;      /* a terminal on stderr: show progress */
	int inline_ok; /* ... and it may rewrite a line (stdout carries no JSON to it) */
	int color;
	int failed_io;    /* writing events failed */
	double step_t0;   /* when the current step started */
	int open_line;    /* a progress line waits for its end */
	char status[320]; /* what the step waits for (the last retry or poll message) */
	unsigned spin;
} cli_run_view;

/* idle_run_options callbacks (ud: a cli_run_view). */
void cli_run_on_event(void *ud, const idle_event *e);
void cli_run_on_wait(void *ud, const char *step, double remaining);
/* The summary of a run for people (malloc'ed; NULL when out of memory). */
char *cli_run_summary(const idle_result *r, const idle_plan *plan);

/* Output --------------------------------------------------------------------- */

/* Prints "idle CMD: error: ..." and a pointer to the help; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "unknown option '--x'" with a did-you-mean from the command's options; CLI_EXIT_USAGE. */
int cli_unknown_option(const char *cmd, const char *opt);
/* Rendering flags for stderr: colour when it is a terminal and NO_COLOR is unset. */
unsigned cli_render_flags(void);
/* Prints the diagnostics to stderr. */
void cli_print_diags(const idle_diags *diags, unsigned extra_flags);
/* Writes all of data to stdout (or to path when not NULL); 0, or CLI_EXIT_USAGE with a message. */
int cli_write_output(const char *path, const char *data, size_t len);
/*
 * The same for output produced piece by piece: produce(obj, write, ud) hands
 * its text to write (an IDLE_* code back); a line break ends it.
 */
int cli_write_stream(const char *path, int (*produce)(const void *obj, idle_write_fn w, void *ud),
                     const void *obj);
/*
 * The same in steps, for an output that must be known writable before work
 * starts: cli_open_output (NULL after a message), cli_stream_to (writes and
 * flushes; an exit code), cli_close_output (an exit code; f may be stdout).
 */
FILE *cli_open_output(const char *path);
int cli_stream_to(FILE *f, const char *path,
                  int (*produce)(const void *obj, idle_write_fn w, void *ud), const void *obj);
int cli_close_output(FILE *f, const char *path);
/* 1 when stderr is a terminal that can take colour and cursor codes (not TERM=dumb). */
int cli_fancy_stderr(void);
/* 1 when stdout is a terminal that takes colour (and NO_COLOR is unset). */
int cli_fancy_stdout(void);

#endif
