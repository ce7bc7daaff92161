/*
 * bench/bench_run.c - what `idle run` costs per step, and how much memory.
 *
 * Generates a 10 000-step workflow (attribute, entitlement, enable/disable,
 * event and directory-sync steps, with conditions and templates), plans it,
 * and runs the plan on a simulated clock (waits take no time), best of
 * several rounds, in this process:
 *   - on "Null" providers (every operation returns at once): the engine's
 *     own work per step - the run loop, preconditions, retry bookkeeping,
 *     events, results, redaction, provider routing;
 *   - on the built-in Mock and MockDirectorySync (what the demo runs);
 *   - the result as JSON, streamed (what --result FILE writes).
 * The baseline is parsing the same workflow. Then it reports the process's
 * peak resident set size (getrusage) after each stage of the first run. Goals: <= 2 us per step of engine
 * overhead, <= 10 MB peak RSS.
 *
 * Usage: bench_run [STEPS] [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <idle/idle.h>
#include <idle/sys/provider.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double peak_rss_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0; /* kilobytes on Linux */
}

static char *workflow_text(int steps, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	int i;

	fprintf(f, "@{\n  Name = 'Bench'\n  LifecycleEvent = 'Joiner'\n  Steps = @(\n");
	for (i = 0; i < steps; i++) {
		switch (i % 6) {
		case 0:
			fprintf(
			    f,
			    "    @{ Name = 'Attributes %d'; Type = 'IdLE.Step.EnsureAttributes'\n"
			    "       With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; "
			    "Attributes = @{ Department = '{{Request.Intent.Department}}'; "
			    "Title = 'T%d' } } }\n",
			    i, i % 7);
			break;
		case 1:
			fprintf(
			    f,
			    "    @{ Name = 'Group %d'; Type = 'IdLE.Step.EnsureEntitlement'\n"
			    "       Condition = @{ Equals = @{ Path = 'Request.LifecycleEvent'; "
			    "Value = 'Joiner' } }\n"
			    "       With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; "
			    "Entitlement = @{ Kind = 'Group'; Id = 'grp-%d' }; State = 'Present' } "
			    "}\n",
			    i, i % 11);
			break;
		case 2:
			fprintf(
			    f,
			    "    @{ Name = 'Event %d'; Type = 'IdLE.Step.EmitEvent'\n"
			    "       With = @{ Message = 'User {{Request.Intent.DisplayName}} step "
			    "%d' } }\n",
			    i, i);
			break;
		case 3:
			fprintf(
			    f,
			    "    @{ Name = 'Disable %d'; Type = 'IdLE.Step.DisableIdentity'\n"
			    "       Precondition = @{ Exists = 'Request.Intent.Department' }\n"
			    "       With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}' } }\n",
			    i);
			break;
		case 4:
			fprintf(
			    f,
			    "    @{ Name = 'Enable %d'; Type = 'IdLE.Step.EnableIdentity'\n"
			    "       With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}' } }\n",
			    i);
			break;
		default:
			fprintf(f,
			        "    @{ Name = 'Sync %d'; Type = 'IdLE.Step.TriggerDirectorySync'\n"
			        "       With = @{ AuthSessionName = 'EntraConnect'; PolicyType = "
			        "'Delta'; Wait = $true; PollIntervalSeconds = 1 } }\n",
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

static const char auth_text[] =
    "   AuthSessions = @{ SessionMap = @( @{ Match = @{ AuthSessionName = 'EntraConnect' }; "
    "AuthSessionType = 'Credential'; Credential = @{ UserName = 'u'; PasswordEnv = 'PW' } } ) "
    "} }\n";

static const char mock_text[] =
    "@{ Providers = @{\n"
    "     Identity = @{ Type = 'Mock'; Identities = @{ user1 = @{ Attributes = @{ Department = "
    "'IT' } } } }\n"
    "     DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 1 } }\n";

static const char null_text[] = "@{ Providers = @{\n"
                                "     Identity = @{ Type = 'Null' }\n"
                                "     DirectorySync = @{ Type = 'Null' } }\n";

/* ---- the Null provider: the cheapest provider there can be ---------------------------------- */

static int n_init(void *self, idle_pinit *ctx, const idle_value *options)
{
	(void)self, (void)ctx, (void)options;
	return 0;
}

static void n_free(void *self)
{
	(void)self;
}

static int n_get(void *self, idle_pcall *c, const char *key, idle_identity *out)
{
	(void)self, (void)c;
	out->key = key;
	out->enabled = 1;
	out->attributes = NULL;
	return 0;
}

static int n_key(void *self, idle_pcall *c, const char *key, int *changed)
{
	(void)self, (void)c, (void)key;
	*changed = 1;
	return 0;
}

static int n_attr(void *self, idle_pcall *c, const char *key, const char *name,
                  const idle_value *value, int *changed)
{
	(void)self, (void)c, (void)key, (void)name, (void)value;
	*changed = 1;
	return 0;
}

static int n_list(void *self, idle_pcall *c, const char *key, idle_entitlement **items, size_t *n)
{
	(void)self, (void)c, (void)key;
	*items = NULL;
	*n = 0;
	return 0;
}

static int n_grant(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
                   int *changed)
{
	(void)self, (void)c, (void)key, (void)e;
	*changed = 1;
	return 0;
}

static int n_start(void *self, idle_pcall *c, const char *policy, const char *computer,
                   const char **message, int *changed)
{
	(void)self, (void)c, (void)policy, (void)computer, (void)changed;
	*message = NULL;
	return 0;
}

static int n_state(void *self, idle_pcall *c, const char *computer, idle_sync_state *out)
{
	(void)self, (void)c, (void)computer;
	memset(out, 0, sizeof(*out));
	out->state = "Idle";
	out->enabled = 1;
	return 0;
}

static const idle_identity_ops n_identity = {n_get, NULL, n_key, n_key, n_key, NULL, n_attr, n_key};
static const idle_entitlement_ops n_entitlement = {
    .list = n_list, .grant = n_grant, .revoke = n_grant};
static const idle_dirsync_ops n_dirsync = {.start = n_start, .state = n_state};
static const char *const n_caps[] = {
    IDLE_CAP_IDENTITY_READ,      IDLE_CAP_IDENTITY_ENABLE,
    IDLE_CAP_IDENTITY_DISABLE,   IDLE_CAP_IDENTITY_ATTRIBUTE_ENSURE,
    IDLE_CAP_ENTITLEMENT_LIST,   IDLE_CAP_ENTITLEMENT_GRANT,
    IDLE_CAP_ENTITLEMENT_REVOKE, IDLE_CAP_DIRSYNC_TRIGGER,
    IDLE_CAP_DIRSYNC_STATUS,     NULL};
static const idle_provider_type null_type = {
    .version = IDLE_PROVIDER_TYPE_VERSION,
    .name = "Null",
    .summary = "does nothing, at once",
    .capabilities = n_caps,
    .flags = IDLE_PROVIDER_USES_SESSIONS,
    .init = n_init,
    .free = n_free,
    .identity = &n_identity,
    .entitlement = &n_entitlement,
    .dirsync = &n_dirsync,
};

/* ---- set-up ------------------------------------------------------------------------------- */

static void die(idle_diags *d, const char *what)
{
	fprintf(stderr, "bench_run: %s failed\n", what);
	idle_diags_render(d, stderr, 0);
	exit(1);
}

static idle_doc *parse(const char *name, const char *text, size_t len, idle_diags *d)
{
	idle_parse_options o = IDLE_PARSE_OPTIONS_INIT;
	idle_doc *doc = NULL;

	o.flags = IDLE_PARSE_SKIP_LIMIT_CHECK;
	if (idle_doc_parse(&doc, name, text, len, IDLE_FORMAT_PSD1, &o, d))
		die(d, "parsing");
	return doc;
}

typedef struct side {
	const char *label;
	idle_doc *doc;
	idle_config *cfg;
	idle_plan *plan;
	double best_run, best_json;
} side;

static void setup(side *s, const char *label, const char *providers, idle_host *host,
                  const idle_doc *wf, const idle_request *req, idle_diags *d)
{
	char text[2048];

	snprintf(text, sizeof(text), "%s%s", providers, auth_text);
	s->label = label;
	s->doc = parse("p.psd1", text, strlen(text), d);
	if (idle_config_load(&s->cfg, host, s->doc, d))
		die(d, "loading the providers");
	if (idle_plan_build(&s->plan, host, wf, req, s->cfg, NULL, d))
		die(d, "planning");
	s->best_run = s->best_json = 1e9;
}

/* Counts what it is given: the result's JSON streamed as `idle run --result FILE` writes it. */
static int count_sink(void *ud, const char *data, size_t len)
{
	(void)data;
	*(size_t *)ud += len;
	return 0;
}

static double rss_run; /* peak RSS after the first run, before its JSON */

static void run_once(side *s, int steps, idle_diags *d)
{
	idle_run_options o = IDLE_RUN_OPTIONS_INIT;
	idle_result *res = NULL;
	size_t len = 0;
	double t0, t1, t2;

	o.flags = IDLE_RUN_SIMULATED_CLOCK;
	t0 = now();
	if (idle_run(&res, s->plan, s->cfg, &o, d))
		die(d, "running");
	t1 = now();
	if (!rss_run)
		rss_run = peak_rss_mb();
	if (idle_result_write_json(res, 0, count_sink, &len) || !len)
		die(d, "the result's JSON");
	t2 = now();
	if (strcmp(idle_result_status(res), "Completed") ||
	    idle_result_step_count(res, 0) != (size_t)steps) {
		size_t i, n = idle_result_step_count(res, 0);
		const idle_value *last = n ? idle_result_step(res, 0, n - 1) : NULL;
		const char *err = idle_value_string(idle_value_get(last, "Error"), NULL);

		fprintf(stderr, "bench_run: %s: run %s with %zu steps: %s\n", s->label,
		        idle_result_status(res), n, err ? err : "");
		for (i = 0; i < idle_result_event_count(res) && i < 3; i++)
			fprintf(stderr, "  %s\n", idle_event_message(idle_result_event_at(res, i)));
		exit(1);
	}
	if (t1 - t0 < s->best_run)
		s->best_run = t1 - t0;
	if (t2 - t1 < s->best_json)
		s->best_json = t2 - t1;
	idle_result_free(res);
}

int main(int argc, char **argv)
{
	int steps = argc > 1 ? atoi(argv[1]) : 10000, rounds = argc > 2 ? atoi(argv[2]) : 10, r;
	size_t len = 0;
	char *text;
	double best_parse = 1e9, rss_start, rss_plan, rss_first;
	idle_host *host = NULL;
	idle_diags *d = idle_diags_new();
	idle_doc *req_doc, *wf;
	idle_request *req = NULL;
	side sides[2];

	if (steps < 6 || rounds < 1) {
		fprintf(stderr, "usage: bench_run [STEPS >= 6] [ROUNDS >= 1]\n");
		return 2;
	}
	rss_start = peak_rss_mb();
	text = workflow_text(steps, &len);
	req_doc = parse("r.psd1", request_text, strlen(request_text), d);
	if (idle_host_new(&host) || idle_host_add_provider_type(host, &null_type) ||
	    idle_request_load(&req, req_doc, d))
		die(d, "setting up");
	wf = parse("w.psd1", text, len, d);
	memset(sides, 0, sizeof(sides));
	/* parse, plan and one run alone: what one `idle run` of this workflow holds at its peak */
	setup(&sides[1], "Mock providers", mock_text, host, wf, req, d);
	rss_plan = peak_rss_mb();
	run_once(&sides[1], steps, d);
	rss_first = peak_rss_mb();
	setup(&sides[0], "Null providers", null_text, host, wf, req, d);
	for (r = 0; r < rounds; r++) {
		double t0 = now();
		idle_doc *again = parse("w.psd1", text, len, d);

		if (now() - t0 < best_parse)
			best_parse = now() - t0;
		idle_doc_free(again);
		run_once(&sides[0], steps, d);
		run_once(&sides[1], steps, d);
	}
	printf("bench_run: %d steps (%.1f MB of workflow), simulated clock, best of %d rounds\n",
	       steps, (double)len / 1e6, rounds);
	printf("  parse (baseline)      %8.2f ms  %6.3f us/step\n", best_parse * 1e3,
	       best_parse * 1e6 / steps);
	for (r = 0; r < 2; r++)
		printf("  run, %s  %8.2f ms  %6.3f us/step  (%.2fx parse)%s\n", sides[r].label,
		       sides[r].best_run * 1e3, sides[r].best_run * 1e6 / steps,
		       sides[r].best_run / best_parse, r ? "" : "  goal <= 2 us/step");
	printf("  result JSON, streamed %8.2f ms  %6.3f us/step  (%.2fx parse)\n",
	       sides[1].best_json * 1e3, sides[1].best_json * 1e6 / steps,
	       sides[1].best_json / best_parse);
	printf("  peak RSS (goal <= 10 MB for parse, plan, run and result):\n"
	       "    %6.1f MB  at start\n"
	       "    %6.1f MB  workflow parsed and planned  (+%.1f)\n"
	       "    %6.1f MB  run, all events kept          (+%.1f, %.2f KB/step)\n"
	       "    %6.1f MB  result JSON streamed          (+%.1f)\n"
	       "    %6.1f MB  at the end (both provider sets planned)\n",
	       rss_start, rss_plan, rss_plan - rss_start, rss_run, rss_run - rss_plan,
	       (rss_run - rss_plan) * 1024 / steps, rss_first, rss_first - rss_run, peak_rss_mb());
	for (r = 0; r < 2; r++) {
		idle_plan_free(sides[r].plan);
		idle_config_free(sides[r].cfg);
		idle_doc_free(sides[r].doc);
	}
	idle_doc_free(wf);
	idle_request_free(req);
	idle_doc_free(req_doc);
	idle_host_free(host);
	idle_diags_free(d);
	free(text);
	return 0;
}
