/*
 * tests/sdk/example_provider.c - a provider written the way docs/development.md
 * describes, with nothing but include/idle/ (this file's include path holds
 * nothing else), registered in a host and run through the public API.
 *
 * "Directory" keeps accounts in a run's memory: it reads its options with the
 * SDK's readers, derives its capabilities from the operations it implements,
 * builds its results with the call's builders, opens and closes per run,
 * warns through the step that called it, and fails with a kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <idle/idle.h>

/* ---- the provider --------------------------------------------------------------------- */

typedef struct directory { /* from the options: what every run starts from */
	const char *domain;
	int read_only;
} directory;

typedef struct account {
	char key[64];
	int enabled;
} account;

typedef struct directory_run { /* one run's accounts */
	account accounts[8];
	size_t n;
} directory_run;

static int opens, closes, busy_seen;

static int dir_init(void *self, idle_pinit *ctx, const idle_value *options)
{
	directory *d = self;
	int bad = 0;

	d->domain = "example.test";
	bad |= idle_pinit_string(ctx, options, "Domain", &d->domain) == IDLE_EINVALID;
	bad |= idle_pinit_bool(ctx, options, "ReadOnly", &d->read_only) == IDLE_EINVALID;
	return bad ? IDLE_EINVALID : 0;
}

static int dir_open(void *self, idle_pcall *c)
{
	directory_run *run = idle_pcall_run(c);

	(void)self;
	opens++;
	snprintf(run->accounts[0].key, sizeof(run->accounts[0].key), "jdoe");
	snprintf(run->accounts[1].key, sizeof(run->accounts[1].key), "busy");
	run->accounts[0].enabled = run->accounts[1].enabled = 1;
	run->n = 2;
	return 0;
}

static int dir_close(void *self, idle_pcall *c)
{
	(void)self, (void)c;
	closes++;
	return 0;
}

static account *find(idle_pcall *c, const char *key)
{
	directory_run *run = idle_pcall_run(c);
	size_t i;

	for (i = 0; run && i < run->n; i++)
		if (idle_text_caseeq(run->accounts[i].key, key))
			return &run->accounts[i];
	return NULL;
}

static int dir_get(void *self, idle_pcall *c, const char *key, idle_identity *out)
{
	directory *d = self;
	account *a = find(c, key);
	idle_builder *b;

	if (!a)
		return IDLE_ENOTFOUND;
	b = idle_pcall_builder(c, 0);
	idle_build_str(b, "Domain", d->domain);
	out->key = a->key;
	out->enabled = a->enabled;
	out->attributes = idle_build_done(b);
	return 0;
}

static int dir_disable(void *self, idle_pcall *c, const char *key, int *changed)
{
	directory *d = self;
	account *a = find(c, key);

	if (d->read_only)
		return idle_pcall_failure(c, IDLE_FAILURE_PERMISSION, 0,
		                          "the directory %s is read-only", d->domain);
	if (!strcmp(key, "busy") && !busy_seen++) /* throttled once: come back in 4 s */
		return idle_pcall_failure(c, IDLE_FAILURE_TRANSIENT, 4, "throttled (429)");
	if (!a)
		return idle_pcall_failure(c, IDLE_FAILURE_NOT_FOUND, 0, "no account '%s'", key);
	if (!a->enabled)
		idle_pcall_warning(c, "account '%s' was disabled already", key);
	*changed = a->enabled;
	a->enabled = 0;
	return 0;
}

static const idle_identity_ops dir_identity = {.get = dir_get, .disable = dir_disable};
static const char *const dir_options[] = {"Domain", "ReadOnly", NULL};

static const idle_provider_type directory_type = {
    IDLE_PROVIDER_TYPE_INIT,
    .name = "Directory",
    .summary = "an example provider: accounts in a run's memory",
    .options = dir_options,
    .state_size = sizeof(directory),
    .run_size = sizeof(directory_run),
    .init = dir_init,
    .open = dir_open,
    .close = dir_close,
    .identity = &dir_identity,
};

/* ---- using it ------------------------------------------------------------------------- */

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "example_provider: %s:%d: %s\n", __FILE__, __LINE__,       \
			        #cond);                                                            \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

static idle_doc *parse(const char *name, const char *text, idle_diags *d)
{
	idle_doc *doc = NULL;

	idle_doc_parse(&doc, name, text, strlen(text), IDLE_FORMAT_AUTO, NULL, d);
	return doc;
}

/*
 * Runs the workflow on providers (simulated clock); the result's status, *warned when a
 * ProviderWarning came, *delay the delayMs of its StepRetrying (or -1).
 */
static int run(const char *providers, const char *status, int *warned, long *delay)
{
	static const char *const wf =
	    "@{ Name = 'Leaver'; LifecycleEvent = 'Leaver'\n"
	    "   ContextResolvers = @( @{ Capability = 'IdLE.Identity.Read';"
	    "     With = @{ IdentityKey = 'nobody'; Provider = 'Directory' } } )\n"
	    "   Steps = @(\n"
	    "  @{ Name = 'OnlyKnown'; Type = 'IdLE.Step.DisableIdentity';"
	    "     Condition = @{ Exists = 'Request.Context.Views.Identity.Profile' };"
	    "     With = @{ IdentityKey = 'nobody'; Provider = 'Directory' } }\n"
	    "  @{ Name = 'Disable'; Type = 'IdLE.Step.DisableIdentity';"
	    "     With = @{ IdentityKey = 'jdoe'; Provider = 'Directory' } }\n"
	    "  @{ Name = 'Again'; Type = 'IdLE.Step.DisableIdentity';"
	    "     With = @{ IdentityKey = 'jdoe'; Provider = 'Directory' } }\n"
	    "  @{ Name = 'Busy'; Type = 'IdLE.Step.DisableIdentity';"
	    "     With = @{ IdentityKey = 'busy'; Provider = 'Directory' } } ) }";
	idle_diags *d = idle_diags_new();
	idle_host *h = NULL;
	idle_doc *w = parse("wf.psd1", wf, d),
	         *rq = parse("req.psd1", "@{ LifecycleEvent = 'Leaver' }", d),
	         *pv = parse("providers.psd1", providers, d);
	idle_request *req = NULL;
	idle_config *cfg = NULL;
	idle_plan *plan = NULL;
	idle_result *res = NULL;
	idle_run_options o = IDLE_RUN_OPTIONS_INIT;
	size_t i;

	CHECK(d && w && rq && pv);
	CHECK(idle_host_new(&h) == 0);
	CHECK(idle_host_add_provider_type(h, &directory_type) == 0);
	CHECK(idle_request_load(&req, rq, d) == 0);
	CHECK(idle_config_load(&cfg, h, pv, d) == 0);
	CHECK(idle_plan_build(&plan, h, w, req, cfg, NULL, d) == 0);
	o.flags = IDLE_RUN_SIMULATED_CLOCK;
	CHECK(idle_run(&res, plan, cfg, &o, d) == 0);
	CHECK(!strcmp(idle_result_status(res), status));
	/* get said IDLE_ENOTFOUND for 'nobody': the profile is $null, the step not applicable */
	CHECK(
	    !strcmp(idle_value_string(idle_value_get(idle_result_step(res, 0, 0), "Status"), NULL),
	            "NotApplicable"));
	*delay = -1;
	for (i = 0; i < idle_result_event_count(res); i++) {
		const idle_event *e = idle_result_event_at(res, i);

		if (idle_event_type_id_of(e) == IDLE_EVENT_PROVIDER_WARNING)
			*warned = 1;
		if (idle_event_type_id_of(e) == IDLE_EVENT_STEP_RETRYING)
			*delay =
			    (long)idle_value_int(idle_value_get(idle_event_data(e), "delayMs"));
	}
	idle_result_free(res);
	idle_plan_free(plan);
	idle_config_free(cfg);
	idle_request_free(req);
	idle_host_free(h);
	idle_doc_free(w);
	idle_doc_free(rq);
	idle_doc_free(pv);
	idle_diags_free(d);
	return 0;
}

int main(void)
{
	int warned = 0;
	long delay;
	idle_diags *d = idle_diags_new();
	idle_host *h = NULL;
	idle_doc *bad;
	idle_config *cfg = NULL;

	/* disabling twice: the second warns through its step; open and close once per run; the
	 * provider's Retry-After (4 s) is the floor of the retry's back-off (IdLE's 250 ms) */
	CHECK(run("@{ Providers = @{ Directory = @{ Type = 'Directory'; Domain = 'corp.test' } } }",
	          "Completed", &warned, &delay) == 0);
	CHECK(warned && opens == 1 && closes == 1);
	CHECK(delay == 4000);
	/* a read-only directory: a permission failure, not retried, the run Failed */
	warned = 0;
	CHECK(run("@{ Providers = @{ Directory = @{ Type = 'Directory'; ReadOnly = $true } } }",
	          "Failed", &warned, &delay) == 0);
	CHECK(!warned && opens == 2 && closes == 2 && delay == -1);
	/* the option readers report at the option, with its data path */
	CHECK(idle_host_new(&h) == 0 && idle_host_add_provider_type(h, &directory_type) == 0);
	bad = parse("p.psd1", "@{ Providers = @{ D = @{ Type = 'Directory'; ReadOnly = 'yes' } } }",
	            d);
	CHECK(bad && idle_config_load(&cfg, h, bad, d) == IDLE_EINVALID);
	CHECK(strstr(idle_diag_message(idle_diags_at(d, 0)), "ReadOnly must be $true or $false"));
	CHECK(!strcmp(idle_diag_path(idle_diags_at(d, 0)), "Providers.D.ReadOnly"));
	idle_doc_free(bad);
	idle_host_free(h);
	idle_diags_free(d);
	printf("example provider: ok\n");
	return 0;
}
