/*
 * bench/bench_plan.c - how fast `idle plan` turns a request into a plan.
 *
 * Generates a 10 000-step workflow (identity, entitlement, directory sync
 * and event steps, with conditions and templates, behind two context
 * resolvers), a request and a providers file (the built-in Mock), then
 * measures in this process, best of several rounds:
 *   - parsing the workflow (the baseline: what reading the file costs);
 *   - planning: the workflow's rules, the resolvers, every step's
 *     condition, templates and With schema, the capability check;
 *   - the plan export (JSON).
 * Prints microseconds per step and the ratio to the baseline. Goal: planning
 * <= 2 us per step.
 *
 * Usage: bench_plan [STEPS] [ROUNDS] [plan]   ("plan": skip the export, for profiling)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <idle/idle.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *workflow_text(int steps, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	int i;

	fprintf(f, "@{\n  Name = 'Bench'\n  LifecycleEvent = 'Joiner'\n"
	           "  ContextResolvers = @(\n"
	           "    @{ Capability = 'IdLE.Entitlement.List'; With = @{ IdentityKey = "
	           "'{{Request.IdentityKeys.Id}}'; Provider = 'Identity' } }\n"
	           "    @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = "
	           "'{{Request.IdentityKeys.Id}}'; Provider = 'Identity' } }\n  )\n  Steps = @(\n");
	for (i = 0; i < steps; i++) {
		switch (i % 5) {
		case 0:
			fprintf(
			    f,
			    "    @{ Name = 'Attributes %d'; Type = 'IdLE.Step.EnsureAttributes'\n"
			    "       Condition = @{ Exists = 'Request.Intent.Department' }\n"
			    "       With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; Attributes = "
			    "@{ Department = '{{Request.Intent.Department}}'; Title = 'T%d' }; "
			    "Provider = 'Identity' } }\n",
			    i, i);
			break;
		case 1:
			fprintf(
			    f,
			    "    @{ Name = 'Group %d'; Type = 'IdLE.Step.EnsureEntitlement'\n"
			    "       Condition = @{ All = @( @{ Equals = @{ Path = "
			    "'Request.LifecycleEvent'; Value = 'Joiner' } }; @{ In = @{ Path = "
			    "'Request.Intent.Department'; Values = @('IT', 'Sales') } } ) }\n"
			    "       With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; Entitlement "
			    "= @{ Kind = 'Group'; Id = 'grp-%d' }; State = 'Present' } }\n",
			    i, i);
			break;
		case 2:
			fprintf(
			    f,
			    "    @{ Name = 'Sync %d'; Type = 'IdLE.Step.TriggerDirectorySync'; "
			    "RetryProfile = 'Default'\n"
			    "       With = @{ Provider = 'DirectorySync'; AuthSessionName = "
			    "'EntraConnect'; PolicyType = 'Delta'; Wait = $true; TimeoutSeconds = 600 "
			    "} }\n",
			    i);
			break;
		case 3:
			fprintf(
			    f,
			    "    @{ Name = 'Event %d'; Type = 'IdLE.Step.EmitEvent'\n"
			    "       Condition = @{ Contains = @{ Path = "
			    "'Request.Context.Views.Identity.Entitlements.Id'; Value = 'g1' } }\n"
			    "       With = @{ Message = 'User {{Request.Intent.DisplayName}} "
			    "({{Request.IdentityKeys.Id}}) step %d' } }\n",
			    i, i);
			break;
		default:
			fprintf(
			    f,
			    "    @{ Name = 'Disable %d'; Type = 'IdLE.Step.DisableIdentity'\n"
			    "       Condition = @{ Like = @{ Path = 'Request.Intent.Department'; "
			    "Pattern = 'S*' } }\n"
			    "       With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}' } }\n",
			    i);
		}
	}
	fprintf(f, "  )\n}\n");
	fclose(f);
	return buf;
}

static const char request_text[] =
    "@{ LifecycleEvent = 'Joiner'; CorrelationId = '00000000-0000-4000-8000-000000000000'\n"
    "   IdentityKeys = @{ Id = 'user1' }\n"
    "   Intent = @{ Department = 'IT'; DisplayName = 'Ann Example' } }\n";

static const char providers_text[] =
    "@{ Providers = @{\n"
    "     Identity = @{ Type = 'Mock'; Identities = @{ user1 = @{ Attributes = @{ Department = "
    "'IT' }; Entitlements = @( @{ Kind = 'Group'; Id = 'g1' } ) } } }\n"
    "     DirectorySync = @{ Type = 'MockDirectorySync' } }\n"
    "   AuthSessions = @{ SessionMap = @( @{ Match = @{ AuthSessionName = 'EntraConnect' }; "
    "AuthSessionType = 'Credential'; Credential = @{ UserName = 'u'; PasswordEnv = 'PW' } } ) }\n"
    "   ExecutionOptions = @{ RetryProfiles = @{ Default = @{ MaxAttempts = 3 } } } }\n";

static idle_doc *parse(const char *name, const char *text, size_t len)
{
	idle_parse_options o = IDLE_PARSE_OPTIONS_INIT;
	idle_diags *d = idle_diags_new();
	idle_doc *doc = NULL;

	o.flags = IDLE_PARSE_SKIP_LIMIT_CHECK;
	if (idle_doc_parse(&doc, name, text, len, IDLE_FORMAT_PSD1, &o, d)) {
		idle_diags_render(d, stderr, 0);
		exit(1);
	}
	idle_diags_free(d);
	return doc;
}

int main(int argc, char **argv)
{
	int steps = argc > 1 ? atoi(argv[1]) : 10000, rounds = argc > 2 ? atoi(argv[2]) : 15, r;
	int plan_only = argc > 3 && !strcmp(argv[3], "plan");
	size_t len = 0, jlen = 0;
	char *text = workflow_text(steps, &len), *json = NULL;
	double best_parse = 1e9, best_plan = 1e9, best_export = 1e9;
	idle_host *host = NULL;
	idle_doc *req_doc = parse("r.psd1", request_text, strlen(request_text));
	idle_doc *prov_doc = parse("p.psd1", providers_text, strlen(providers_text));
	idle_request *req = NULL;
	idle_config *cfg = NULL;
	idle_diags *d = idle_diags_new();

	if (idle_host_new(&host) || idle_request_load(&req, req_doc, d) ||
	    idle_config_load(&cfg, host, prov_doc, d)) {
		idle_diags_render(d, stderr, 0);
		return 1;
	}
	for (r = 0; r < rounds; r++) {
		double t0, t1, t2, t3;
		idle_doc *wf;
		idle_plan *plan = NULL;

		t0 = now();
		wf = parse("w.psd1", text, len);
		t1 = now();
		if (idle_plan_build(&plan, host, wf, req, cfg, NULL, d)) {
			idle_diags_render(d, stderr, 0);
			return 1;
		}
		t2 = now();
		if (!plan_only && idle_plan_export(plan, 0, &json, &jlen)) {
			fprintf(stderr, "export failed\n");
			return 1;
		}
		t3 = now();
		if (t1 - t0 < best_parse)
			best_parse = t1 - t0;
		if (t2 - t1 < best_plan)
			best_plan = t2 - t1;
		if (t3 - t2 < best_export)
			best_export = t3 - t2;
		if (r == 0 && idle_plan_step_count(plan, 0) != (size_t)steps) {
			fprintf(stderr, "planned %zu steps, not %d\n",
			        idle_plan_step_count(plan, 0), steps);
			return 1;
		}
		idle_free(json);
		json = NULL;
		idle_plan_free(plan);
		idle_doc_free(wf);
	}
	printf("bench_plan: %d steps (%.1f MB of workflow), best of %d rounds\n", steps,
	       (double)len / 1e6, rounds);
	printf("  parse (baseline)  %8.2f ms  %6.3f us/step\n", best_parse * 1e3,
	       best_parse * 1e6 / steps);
	printf("  plan              %8.2f ms  %6.3f us/step  (%.2fx parse)  goal <= 2 us/step\n",
	       best_plan * 1e3, best_plan * 1e6 / steps, best_plan / best_parse);
	printf("  export (JSON)     %8.2f ms  %6.3f us/step  (%.2fx parse)\n", best_export * 1e3,
	       best_export * 1e6 / steps, best_export / best_parse);
	idle_config_free(cfg);
	idle_request_free(req);
	idle_host_free(host);
	idle_doc_free(req_doc);
	idle_doc_free(prov_doc);
	idle_diags_free(d);
	free(text);
	return 0;
}
