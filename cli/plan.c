/*
 * cli/plan.c - idle plan: a dry run for review. Resolves the request into a
 * plan and prints IdLE's plan-export JSON (or a human summary).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void text_step(FILE *out, const idle_plan_step *s, size_t i)
{
	size_t k, n = idle_plan_step_capability_count(s);
	const char *reason = idle_plan_step_reason(s);
	const char *prov = idle_plan_step_provider(s);
	char *with;

	fprintf(out, "  %zu. %-16s %s (%s)\n", i + 1,
	        idle_plan_step_applicable(s) ? "[planned]" : "[not applicable]",
	        idle_plan_step_name(s), idle_plan_step_type(s));
	if (reason)
		fprintf(out, "       condition %s: %s\n",
		        idle_plan_step_applicable(s) ? "holds" : "is false", reason);
	if (n) {
		fprintf(out, "       needs:");
		for (k = 0; k < n; k++)
			fprintf(out, "%s %s", k ? "," : "", idle_plan_step_capability(s, k));
		fprintf(out, "%s%s%s\n", prov ? " (provider '" : "", prov ? prov : "",
		        prov ? "')" : "");
	}
	with = idle_plan_step_with_json(s);
	if (with && strcmp(with, "{}"))
		fprintf(out, "       with: %s%s\n", with,
		        idle_plan_step_applicable(s) ? "" : " (not resolved)");
	idle_free(with);
	if (idle_plan_step_retry_profile(s))
		fprintf(out, "       retry profile: %s\n", idle_plan_step_retry_profile(s));
	if (idle_plan_step_has_precondition(s))
		fprintf(out, "       precondition: checked when the step runs\n");
}

char *cli_plan_summary(const idle_plan *p, const idle_config *cfg, const char *title)
{
	char *buf = NULL;
	size_t len = 0, i, c;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		return NULL;
	fprintf(out, "%s for workflow '%s' (%s)\n", title, idle_plan_workflow_name(p),
	        idle_plan_lifecycle_event(p));
	fprintf(out, "  correlation id: %s\n", idle_plan_correlation_id(p));
	if (idle_plan_actor(p))
		fprintf(out, "  actor: %s\n", idle_plan_actor(p));
	if (cfg) {
		fprintf(out, "  providers:");
		for (i = 0; i < idle_config_provider_count(cfg); i++)
			fprintf(out, "%s %s (%s)", i ? "," : "", idle_config_provider_alias(cfg, i),
			        idle_config_provider_type(cfg, i));
		fprintf(out, "%s\n", idle_config_provider_count(cfg) ? "" : " none");
	}
	if (idle_plan_resolver_count(p)) {
		fprintf(out, "\nContext resolvers:\n");
		for (i = 0; i < idle_plan_resolver_count(p); i++)
			fprintf(out, "  %zu. %s\n", i + 1, idle_plan_resolver_summary(p, i));
	}
	for (c = 0; c < 2; c++) {
		size_t n = idle_plan_step_count(p, (int)c);

		if (c && !n)
			continue;
		fprintf(out, "\n%s:\n", c ? "OnFailureSteps (run only if a step fails)" : "Steps");
		if (!n)
			fprintf(out, "  (none)\n");
		for (i = 0; i < n; i++)
			text_step(out, idle_plan_step_at(p, (int)c, i), i);
	}
	if (idle_plan_warning_count(p)) {
		fprintf(out, "\nWarnings:\n");
		for (i = 0; i < idle_plan_warning_count(p); i++)
			fprintf(out, "  - %s\n", idle_plan_warning_message(p, i));
	}
	fprintf(out, "\nCapability check: %s\n",
	        idle_plan_capabilities_checked(p) ? "passed" : "skipped (no --providers given)");
	fclose(out);
	return buf;
}

typedef struct plan_export {
	const idle_plan *plan;
	unsigned flags;
} plan_export;

static int plan_json(const void *obj, idle_write_fn w, void *ud)
{
	const plan_export *e = obj;

	return idle_plan_write_export(e->plan, e->flags, w, ud);
}

int cli_plan(int argc, char **argv)
{
	const char *opt, *val, *workflow = NULL, *request = NULL, *providers = NULL, *output = NULL;
	const char *cid = NULL;
	unsigned parse_flags = 0, export_flags = 0;
	idle_plan_options popts = IDLE_PLAN_OPTIONS_INIT;
	idle_diags *d;
	idle_plan *plan = NULL;
	cli_inputs in;
	cli_args a;
	int text = 0, rc;

	cli_args_init(&a, argc, argv);
	while (cli_next(&a, &opt, &val)) {
		if (!opt) {
			if (workflow)
				return cli_usage_error("plan",
				                       "one workflow at a time ('%s' and '%s')",
				                       workflow, val);
			workflow = val;
		} else if (!strcmp(opt, "--request") || !strcmp(opt, "-r")) {
			if (!(request = cli_value(&a, opt, val)))
				return cli_usage_error("plan", "--request needs a file");
		} else if (!strcmp(opt, "--providers") || !strcmp(opt, "-p")) {
			if (!(providers = cli_value(&a, opt, val)))
				return cli_usage_error("plan", "--providers needs a file");
		} else if (!strcmp(opt, "--output") || !strcmp(opt, "-o")) {
			if (!(output = cli_value(&a, opt, val)))
				return cli_usage_error("plan", "-o needs a file");
		} else if (!strcmp(opt, "--format")) {
			const char *f = cli_value(&a, opt, val);

			if (!f || (strcmp(f, "json") && strcmp(f, "text")))
				return cli_usage_error("plan", "--format takes 'json' or 'text'");
			text = !strcmp(f, "text");
		} else if (!strcmp(opt, "--x-idle")) {
			const char *f = cli_value(&a, opt, val);

			if (!f || (strcmp(f, "always") && strcmp(f, "never")))
				return cli_usage_error("plan",
				                       "--x-idle takes 'always' or 'never'");
			export_flags = !strcmp(f, "never") ? IDLE_EXPORT_X_IDLE_NEVER : 0;
		} else if (!strcmp(opt, "--correlation-id")) {
			if (!(cid = cli_value(&a, opt, val)) || !*cid)
				return cli_usage_error("plan", "--correlation-id needs an id");
		} else if (!strcmp(opt, "--skip-limit-check")) {
			parse_flags |= IDLE_PARSE_SKIP_LIMIT_CHECK;
		} else {
			return cli_unknown_option("plan", opt);
		}
	}
	if (!workflow)
		return cli_usage_error("plan", "missing WORKFLOW (a .psd1 workflow file)");
	if (!request)
		return cli_usage_error("plan", "missing --request REQ (the lifecycle request)");
	d = idle_diags_new();
	if (!d) {
		fprintf(stderr, "idle: error: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	rc = cli_inputs_load(&in, workflow, request, providers, parse_flags, d);
	if (rc == 0 && cid)
		rc = cli_set_correlation_id(&in, cid);
	if (rc == 0) {
		int prc =
		    idle_plan_build(&plan, in.host, in.workflow, in.request, in.cfg, &popts, d);

		rc = prc == 0               ? CLI_EXIT_OK
		     : prc == IDLE_EINVALID ? CLI_EXIT_INVALID
		                            : CLI_EXIT_USAGE;
		if (prc == IDLE_ENOMEM)
			fprintf(stderr, "idle: error: out of memory\n");
	}
	cli_print_diags(d, IDLE_RENDER_CODES);
	if (rc == 0 && !in.cfg)
		fprintf(stderr,
		        "idle plan: note: no --providers given: context resolvers cannot run "
		        "and the capability check was skipped\n");
	if (rc == 0 && text) {
		char *outtext = cli_plan_summary(plan, in.cfg, "Plan");

		if (!outtext) {
			fprintf(stderr, "idle: error: out of memory\n");
			rc = CLI_EXIT_USAGE;
		} else {
			rc = cli_write_output(output, outtext, strlen(outtext));
		}
		free(outtext);
	} else if (rc == 0) {
		/* streamed, ending with a line break (a plan of thousands of steps is megabytes) */
		plan_export e = {plan, export_flags};

		rc = cli_write_stream(output, plan_json, &e);
	}
	idle_plan_free(plan);
	cli_inputs_free(&in);
	idle_diags_free(d);
	return rc;
}
