/*
 * cli/doctor.c - idle doctor: can every provider be reached and used?
 * One line per check, what to do under each failure; exit 0 only when all
 * pass. --format json gives the same as a document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

typedef struct report {
	int json;
	int fancy;         /* colour on a terminal */
	size_t counts[4];  /* by idle_check_status */
	char heading[900]; /* the provider and target last printed */
	idle_store *store; /* --format json: the checks */
	idle_builder *checks;
} report;

static const char *const marks[] = {"\u2713", "\u2717", "-", "i"};
static const char *const colours[] = {"\033[32m", "\033[31m", "\033[2m", "\033[36m"};
static const char *const names[] = {"pass", "fail", "skip", "info"};

static void on_check(void *ud, const idle_check *c)
{
	report *r = ud;
	char heading[900];

	r->counts[c->status]++;
	if (r->json) {
		idle_builder *b = idle_store_builder(r->store, 0);

		idle_build_str(b, "provider", c->provider);
		idle_build_str(b, "type", c->type);
		idle_build_str(b, "target", c->target);
		idle_build_str(b, "check", c->name);
		idle_build_str(b, "status", names[c->status]);
		idle_build_str(b, "detail", c->detail);
		idle_build_str(b, "fix", c->fix);
		idle_build_value(r->checks, NULL, idle_build_done(b));
		return;
	}
	snprintf(heading, sizeof(heading), "%s (%s)%s%s", c->provider, c->type,
	         c->target ? ": " : "", c->target ? c->target : "");
	if (strcmp(heading, r->heading)) {
		printf("%s%s\n", r->heading[0] ? "\n" : "", heading);
		snprintf(r->heading, sizeof(r->heading), "%s", heading);
	}
	printf("  %s%s%s %s: %s\n", r->fancy ? colours[c->status] : "", marks[c->status],
	       r->fancy ? "\033[0m" : "", c->name, c->detail);
	if (c->fix)
		printf("      fix: %s\n", c->fix);
}

int cli_doctor(int argc, char **argv)
{
	const char *opt, *val, *providers = NULL, *workflow = NULL, *request = NULL;
	idle_diags *d = idle_diags_new();
	idle_plan *plan = NULL;
	cli_inputs in;
	cli_args a;
	report r;
	int rc;

	memset(&r, 0, sizeof(r));
	cli_args_init(&a, argc, argv);
	while (cli_next(&a, &opt, &val)) {
		if (!opt) {
			if (providers)
				return idle_diags_free(d),
				       cli_usage_error(
				           "doctor", "one providers file at a time ('%s' and '%s')",
				           providers, val);
			providers = val;
		} else if (!strcmp(opt, "--workflow") || !strcmp(opt, "-w")) {
			if (!(workflow = cli_value(&a, opt, val)))
				return idle_diags_free(d),
				       cli_usage_error("doctor", "--workflow needs a file");
		} else if (!strcmp(opt, "--request") || !strcmp(opt, "-r")) {
			if (!(request = cli_value(&a, opt, val)))
				return idle_diags_free(d),
				       cli_usage_error("doctor", "--request needs a file");
		} else if (!strcmp(opt, "--format")) {
			const char *f = cli_value(&a, opt, val);

			if (!f || (strcmp(f, "json") && strcmp(f, "text")))
				return idle_diags_free(d),
				       cli_usage_error("doctor", "--format takes 'text' or 'json'");
			r.json = !strcmp(f, "json");
		} else {
			return idle_diags_free(d), cli_unknown_option("doctor", opt);
		}
	}
	if (!d)
		return fprintf(stderr, "idle: error: out of memory\n"), CLI_EXIT_USAGE;
	if (!providers)
		return idle_diags_free(d),
		       cli_usage_error("doctor", "missing PROVIDERS (the providers file to check)");
	if (!workflow != !request)
		return idle_diags_free(d),
		       cli_usage_error("doctor",
		                       "--workflow and --request go together (the steps "
		                       "of a planned request name the servers and sessions)");
	if (workflow)
		rc = cli_inputs_load(&in, workflow, request, providers, 0, d);
	else
		rc = cli_inputs_load_providers(&in, providers, 0, d);
	if (rc == 0 && workflow) {
		int prc = idle_plan_build(&plan, in.host, in.workflow, in.request, in.cfg, NULL, d);

		rc = prc == 0               ? CLI_EXIT_OK
		     : prc == IDLE_EINVALID ? CLI_EXIT_INVALID
		                            : CLI_EXIT_USAGE;
	}
	cli_print_diags(d, IDLE_RENDER_CODES);
	if (rc == 0) {
		r.fancy = !r.json && cli_fancy_stdout();
		if (r.json && (!(r.store = idle_store_new()) ||
		               !(r.checks = idle_store_builder(r.store, 1)))) {
			fprintf(stderr, "idle: error: out of memory\n");
			rc = CLI_EXIT_USAGE;
		}
	}
	if (rc == 0) {
		int failed = idle_doctor(in.cfg, plan, on_check, &r, d);

		if (failed < 0) {
			fprintf(stderr, "idle: error: out of memory\n");
			rc = CLI_EXIT_USAGE;
		} else if (r.json) {
			idle_builder *doc = idle_store_builder(r.store, 0);
			char *json = NULL;

			idle_build_value(doc, "checks", idle_build_done(r.checks));
			idle_build_int(doc, "passed", (int64_t)r.counts[IDLE_CHECK_PASS]);
			idle_build_int(doc, "failed", (int64_t)r.counts[IDLE_CHECK_FAIL]);
			idle_build_int(doc, "skipped", (int64_t)r.counts[IDLE_CHECK_SKIP]);
			if (idle_value_to_json(&json, NULL, idle_build_done(doc), 0, NULL) == 0)
				printf("%s\n", json);
			idle_free(json);
		} else {
			printf("\n%zu check%s passed, %zu failed, %zu skipped\n",
			       r.counts[IDLE_CHECK_PASS], r.counts[IDLE_CHECK_PASS] == 1 ? "" : "s",
			       r.counts[IDLE_CHECK_FAIL], r.counts[IDLE_CHECK_SKIP]);
		}
		if (rc == 0)
			rc = failed ? CLI_EXIT_CHECK_FAILED : CLI_EXIT_OK;
	}
	idle_store_free(r.store);
	idle_plan_free(plan);
	cli_inputs_free(&in);
	idle_diags_free(d);
	return rc;
}
