/*
 * tests/unit/test_run.c - running, through the public API as an embedder
 * does it: a host step type and a host provider type, the host's session
 * source (and its fallback to the providers file's AuthSessions), retry
 * delays against the spec's vectors (SHA-256 jitter, half-to-even rounding),
 * events and the result.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include <idle/sys/provider.h>
#include <idle/sys/step.h>

#include "core/sha256.h"
#include "engine/clock.h"
#include "engine/config.h"
#include "engine/provider.h"
#include "engine/retry.h"

/* ---- SHA-256 (FIPS 180-2 vectors) ---------------------------------------------------------- */

static void hex(const uint8_t *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void sha256_vectors(void **state)
{
	uint8_t h[32];
	char x[65];
	char *million = malloc(1000000);

	(void)state;
	idle_sha256("", 0, h);
	hex(h, 32, x);
	assert_string_equal(x, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	idle_sha256("abc", 3, h);
	hex(h, 32, x);
	assert_string_equal(x, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	idle_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, h);
	hex(h, 32, x);
	assert_string_equal(x, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* 55, 56 and 64 bytes: the padding's edge cases (a second block or not) */
	idle_sha256("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55, h);
	hex(h, 32, x);
	assert_string_equal(x, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	assert_non_null(million);
	memset(million, 'a', 1000000);
	idle_sha256(million, 1000000, h);
	hex(h, 32, x);
	assert_string_equal(x, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

/* ---- retry delays (shared/spec/idle-execution.md 5.1) ------------------------------------ */

static void retry_delays(void **state)
{
	idle_retry d = {3, 250, 2.0, 5000, 0.2};
	idle_retry flat = {10, 250, 2.0, 5000, 0.0};
	idle_retry even = {10, 5, 1.5, 1000, 0.0};
	idle_retry half = {10, 1, 2.5, 1000, 0.0};

	(void)state;
	/* the spec's vectors, computed independently of this code */
	assert_int_equal(idle_retry_delay_ms(&d, "corr-1|Test.TransientStep|Step1|0", 1), 228);
	assert_int_equal(idle_retry_delay_ms(&d, "corr-1|Test.TransientStep|Step1|0", 2), 483);
	assert_int_equal(
	    idle_retry_delay_ms(&d, "corr-1|OnFailure|Test.TransientStep|CleanupStep|0", 1), 270);
	assert_int_equal(
	    idle_retry_delay_ms(&d, "corr-1|OnFailure|Test.TransientStep|CleanupStep|0", 2), 563);
	/* without jitter: exponential, capped at MaxDelay */
	assert_int_equal(idle_retry_delay_ms(&flat, "x", 1), 250);
	assert_int_equal(idle_retry_delay_ms(&flat, "x", 2), 500);
	assert_int_equal(idle_retry_delay_ms(&flat, "x", 5), 4000);
	assert_int_equal(idle_retry_delay_ms(&flat, "x", 6), 5000);
	assert_int_equal(idle_retry_delay_ms(&flat, "x", 9), 5000);
	/* .NET's Math.Round: half to even (7.5 -> 8, 2.5 -> 2, 11.25 -> 11) */
	assert_int_equal(idle_retry_delay_ms(&even, "x", 2), 8);
	assert_int_equal(idle_retry_delay_ms(&even, "x", 3), 11);
	assert_int_equal(idle_retry_delay_ms(&half, "x", 2), 2);
	/* jitter stays within the ratio of the base */
	for (int a = 1; a <= 3; a++) {
		char seed[32];
		long ms;

		snprintf(seed, sizeof(seed), "s%d", a);
		ms = idle_retry_delay_ms(&d, seed, a);
		assert_true(ms >= (long)(250 << (a - 1)) * 8 / 10);
		assert_true(ms <= (long)(250 << (a - 1)) * 12 / 10);
	}
}

/* ---- a host provider type that records what it was given -------------------------------- */

typedef struct seen {
	char step[32];
	double deadline; /* idle_pcall_deadline - idle_pcall_now, or -1 for none */
	int kind;
	char user[64];
	char secret[64];
} seen;

static seen calls[8];
static size_t ncalls;

static int probe_init(void *self, idle_pinit *ctx, const idle_value *options)
{
	(void)self, (void)ctx, (void)options;
	return 0;
}

static void probe_free(void *self)
{
	(void)self;
}

static int probe_disable(void *self, idle_pcall *c, const char *key, int *changed)
{
	const idle_auth_session *s = idle_pcall_session(c);
	seen *r = &calls[ncalls < 8 ? ncalls++ : 7];
	char *secret;

	(void)self;
	memset(r, 0, sizeof(*r));
	snprintf(r->step, sizeof(r->step), "%s", key);
	r->deadline = idle_pcall_deadline(c) ? idle_pcall_deadline(c) - idle_pcall_now(c) : -1;
	r->kind = s ? (int)idle_session_type(s) : -1;
	if (s) {
		const char *u = idle_session_param(s, "UserName");

		snprintf(r->user, sizeof(r->user), "%s", u ? u : "(none)");
		/* a secret is never a parameter */
		assert_null(idle_session_param(s, "Password"));
		secret = idle_session_secret(s, "Password", c);
		if (!secret)
			return IDLE_EPROVIDER;
		snprintf(r->secret, sizeof(r->secret), "%s", secret);
		idle_session_secret_free(secret);
	}
	*changed = 1;
	return 0;
}

static const idle_identity_ops probe_identity = {NULL,          NULL, NULL, NULL,
                                                 probe_disable, NULL, NULL, NULL};
static const char *const probe_caps[] = {"IdLE.Identity.Disable", NULL};
static const idle_provider_type probe_type = {
    .version = IDLE_PROVIDER_TYPE_VERSION,
    .name = "Probe",
    .summary = "records the sessions it is handed",
    .capabilities = probe_caps,
    .flags = IDLE_PROVIDER_USES_SESSIONS,
    .init = probe_init,
    .free = probe_free,
    .identity = &probe_identity,
};

/* a provider that counts its run lifecycle; open or close fail on request */
static int life_opens, life_closes, life_fail_open, life_fail_close;

static int life_open(void *self, idle_pcall *c)
{
	(void)self;
	life_opens++;
	return life_fail_open ? idle_pcall_fail(c, 0, "the lock is taken") : 0;
}

static int life_close(void *self, idle_pcall *c)
{
	(void)self;
	life_closes++;
	return life_fail_close ? idle_pcall_fail(c, 0, "the disk is full") : 0;
}

static const idle_provider_type life_type = {
    .version = IDLE_PROVIDER_TYPE_VERSION,
    .name = "Life",
    .summary = "counts open and close",
    .capabilities = probe_caps,
    .init = probe_init,
    .free = probe_free,
    .open = life_open,
    .close = life_close,
    .identity = &probe_identity,
};

/* ---- host step types ------------------------------------------------------------------------ */

static int probe_run(idle_step_ctx *c, const idle_value *with)
{
	int changed = 0, rc;

	if (idle_value_get(with, "Deadline")) /* 0: none */
		idle_step_set_deadline(c, idle_value_number(idle_value_get(with, "Deadline")));
	rc = idle_step_disable_identity(c, idle_step_text(c, idle_value_get(with, "IdentityKey")),
	                                &changed);
	if (rc)
		return rc;
	idle_step_set_changed(c, changed);
	return 0;
}

static const char *const probe_req[] = {"IdentityKey", NULL};
static const char *const probe_opt[] = {"Provider", "AuthSessionName", "AuthSessionOptions",
                                        "Deadline", NULL};
static const idle_step_type probe_step = {IDLE_STEP_TYPE_VERSION,
                                          "Test.Step.Probe",
                                          "Tests",
                                          "disables through the Probe provider",
                                          probe_req,
                                          probe_opt,
                                          probe_caps,
                                          NULL,
                                          "Identity",
                                          probe_run};

/* fails transiently twice per step name, then succeeds */
static int attempts_step1, attempts_cleanup;

static int transient_run(idle_step_ctx *c, const idle_value *with)
{
	int *n = !strcmp(idle_step_name(c), "Step1") ? &attempts_step1 : &attempts_cleanup;

	(void)with;
	if (++*n < 3)
		return idle_step_fail(c, 1, "busy (attempt %d)", *n);
	idle_step_set_changed(c, 1);
	return 0;
}

static int permanent_run(idle_step_ctx *c, const idle_value *with)
{
	(void)with;
	return idle_step_fail(c, 0, "no such thing");
}

static const idle_step_type transient_step = {IDLE_STEP_TYPE_VERSION,
                                              "Test.TransientStep",
                                              "Tests",
                                              "fails twice, then works",
                                              NULL,
                                              NULL,
                                              NULL,
                                              NULL,
                                              NULL,
                                              transient_run};
static const idle_step_type permanent_step = {
    IDLE_STEP_TYPE_VERSION, "Test.FailStep", "Tests", "always fails", NULL, NULL, NULL, NULL, NULL,
    permanent_run};

/* builds values: an abandoned builder and a transient failure first, then data, a list, a nested map */
static int build_attempts;
static const idle_value *built_once, *built_twice;

static int build_run(idle_step_ctx *c, const idle_value *with)
{
	idle_builder *list, *map, *ev, *lost;
	char key[8];
	int i;

	(void)with;
	lost = idle_step_builder(c, 0);
	idle_build_str(lost, "Never", "finished");
	if (++build_attempts == 1) {
		idle_build_int(idle_step_builder(c, 1), NULL, 1); /* abandoned too */
		idle_step_set_data(c, "Partial", NULL);
		return idle_step_fail(c, 1, "try again");
	}
	list = idle_step_builder(c, 1);
	for (i = 0; i < 3; i++)
		idle_build_int(list, NULL, i * 10);
	map = idle_step_builder(c, 0);
	for (i = 0; i < 10; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		idle_build_int(map, key, i);
	}
	idle_build_str(map, "K3", "replaced"); /* a key set again keeps its place */
	idle_step_set_data(c, "Count", NULL);
	idle_step_set_data(c, "count", idle_build_done(list)); /* replaces, keeps the spelling */
	built_once = idle_build_done(map);
	built_twice = idle_build_done(map); /* a spent builder gives its value again */
	idle_step_set_data(c, "Map", built_once);
	idle_step_set_result(c, "Extra", built_once);
	ev = idle_step_builder(c, 0);
	idle_build_str(ev, "Password", "hunter2");
	idle_build_str(ev, "Note", "kept");
	idle_step_event(c, "Built", "built it", idle_build_done(ev));
	idle_step_set_changed(c, 1);
	return 0;
}

static const idle_step_type build_step = {IDLE_STEP_TYPE_VERSION,
                                          "Test.BuildStep",
                                          "Tests",
                                          "builds values",
                                          NULL,
                                          NULL,
                                          NULL,
                                          NULL,
                                          NULL,
                                          build_run};

/* ---- the host's session source -------------------------------------------------------------- */

typedef struct app {
	idle_auth_session *named, *fallback;
	char last_name[32];
	char last_corr[32];
	char last_role[32];
	int asked;
} app;

static int source(void *ud, const char *name, const idle_value *options,
                  const idle_auth_session **out, idle_error *err)
{
	app *a = ud;
	const char *corr = idle_value_string(idle_value_get(options, "CorrelationId"), NULL);
	const char *role = idle_value_string(idle_value_get(options, "Role"), NULL);

	a->asked++;
	snprintf(a->last_name, sizeof(a->last_name), "%s", name);
	snprintf(a->last_corr, sizeof(a->last_corr), "%s", corr ? corr : "");
	snprintf(a->last_role, sizeof(a->last_role), "%s", role ? role : "");
	if (!strcmp(name, "Host")) {
		*out = a->named;
		return 0;
	}
	if (!*name) {
		*out = a->fallback;
		return 0;
	}
	if (!strcmp(name, "Denied")) {
		return idle_error_set(err, IDLE_EUSER, "the vault refuses '%s'", name);
	}
	return IDLE_ENOTFOUND;
}

/* a provider of groups named by id ("g1") or display name ("Group One"), that revokes in bulk
 * and withholds Grant unless AllowGrant: the steps resolve names and batch their removals */
static int groups_member[4], groups_bulk_calls, groups_single_revokes;
static const char *const group_ids[] = {"g1", "g2", "g3", "g4"};
static const char *const group_names[] = {"Group One", "Group Two", "Group Three", "Group Four"};

static int groups_init(void *self, idle_pinit *ctx, const idle_value *options)
{
	int allow = 0;

	(void)self;
	idle_pinit_bool(ctx, options, "AllowGrant", &allow);
	if (!allow)
		idle_pinit_withhold(ctx, IDLE_CAP_ENTITLEMENT_GRANT);
	return 0;
}

static int groups_list(void *self, idle_pcall *c, const char *key, idle_entitlement **items,
                       size_t *n)
{
	size_t i;

	(void)self, (void)key;
	*items = idle_pcall_alloc(c, 4 * sizeof(**items));
	for (*n = i = 0; i < 4; i++)
		if (groups_member[i])
			(*items)[(*n)++] = (idle_entitlement){"Group", group_ids[i], NULL};
	return 0;
}

static int groups_resolve(void *self, idle_pcall *c, const idle_entitlement *in,
                          idle_entitlement *out)
{
	size_t i;

	(void)self;
	for (i = 0; i < 4; i++)
		if (idle_text_caseeq(in->id, group_ids[i]) ||
		    idle_text_caseeq(in->id, group_names[i])) {
			out->kind = "Group";
			out->id = group_ids[i];
			return 0;
		}
	return idle_pcall_failure(c, IDLE_FAILURE_NOT_FOUND, 0, "no group '%s'", in->id);
}

static int groups_change(const idle_entitlement *e, int to, int *changed)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (!strcmp(e->id, group_ids[i])) {
			*changed = groups_member[i] != to;
			groups_member[i] = to;
			return 0;
		}
	return -1;
}

static int groups_revoke(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
                         int *changed)
{
	(void)self, (void)key;
	groups_single_revokes++;
	return groups_change(e, 0, changed) ? idle_pcall_fail(c, 0, "no such group") : 0;
}

static int groups_grant(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
                        int *changed)
{
	(void)self, (void)key;
	return groups_change(e, 1, changed) ? idle_pcall_fail(c, 0, "no such group") : 0;
}

static int groups_revoke_many(void *self, idle_pcall *c, const char *key,
                              const idle_entitlement *items, size_t n, int *changed,
                              const char **failed)
{
	size_t i;

	(void)self, (void)key;
	groups_bulk_calls++;
	for (i = 0; i < n; i++)
		if (!strcmp(items[i].id, "g3")) /* g3 is protected: that item fails, not the call */
			failed[i] = idle_pcall_strdup(c, "g3 is protected");
		else
			groups_change(&items[i], 0, &changed[i]);
	return 0;
}

static const idle_entitlement_ops groups_ops = {.list = groups_list,
                                                .grant = groups_grant,
                                                .revoke = groups_revoke,
                                                .resolve = groups_resolve,
                                                .revoke_many = groups_revoke_many};
static const char *const groups_options[] = {"AllowGrant", NULL};
static const char *const groups_caps[] = {IDLE_CAP_ENTITLEMENT_PRUNE, NULL};
static const idle_provider_type groups_type = {
    IDLE_PROVIDER_TYPE_INIT,     .name = "Groups",          .summary = "groups by id or name",
    .capabilities = groups_caps, .options = groups_options, .init = groups_init,
    .entitlement = &groups_ops,
};

/* ---- running a workflow through the public API ------------------------------------------- */

typedef struct fixture {
	idle_host *host;
	idle_doc *wf, *rq, *pv;
	idle_request *req;
	idle_config *cfg;
	idle_plan *plan;
	idle_result *res;
	idle_diags *d;
} fixture;

static void load(fixture *f, const char *wf, const char *rq, const char *pv, app *a)
{
	idle_plan_options po = IDLE_PLAN_OPTIONS_INIT;

	memset(f, 0, sizeof(*f));
	f->d = idle_diags_new();
	assert_int_equal(idle_host_new(&f->host), 0);
	assert_int_equal(idle_host_add_provider_type(f->host, &probe_type), 0);
	assert_int_equal(idle_host_add_provider_type(f->host, &life_type), 0);
	assert_int_equal(idle_host_add_provider_type(f->host, &groups_type), 0);
	assert_int_equal(idle_host_add_step_type(f->host, &probe_step), 0);
	assert_int_equal(idle_host_add_step_type(f->host, &transient_step), 0);
	assert_int_equal(idle_host_add_step_type(f->host, &permanent_step), 0);
	assert_int_equal(idle_host_add_step_type(f->host, &build_step), 0);
	f->wf = parse_text("wf.psd1", wf, f->d);
	f->rq = parse_text("req.psd1", rq, f->d);
	f->pv = parse_text("providers.psd1", pv, f->d);
	assert_true(f->wf && f->rq && f->pv);
	assert_int_equal(idle_request_load(&f->req, f->rq, f->d), 0);
	assert_int_equal(idle_config_load(&f->cfg, f->host, f->pv, f->d), 0);
	if (a)
		idle_config_set_session_source(f->cfg, source, a);
	if (idle_plan_build(&f->plan, f->host, f->wf, f->req, f->cfg, &po, f->d))
		idle_diags_render(f->d, stderr, 0);
	assert_non_null(f->plan);
}

/* what on_wait heard */
static char waited_step[8][32];
static double waited[8];
static size_t nwaits;

static void on_wait(void *ud, const char *step, double remaining)
{
	(void)ud;
	if (nwaits < 8) {
		snprintf(waited_step[nwaits], sizeof(waited_step[0]), "%s", step);
		waited[nwaits] = remaining;
	}
	nwaits++;
}

static void run(fixture *f, int expect)
{
	idle_run_options o = IDLE_RUN_OPTIONS_INIT;
	int rc;

	o.flags = IDLE_RUN_SIMULATED_CLOCK;
	o.on_wait = on_wait;
	nwaits = 0;
	rc = idle_run(&f->res, f->plan, f->cfg, &o, f->d);
	if (rc)
		idle_diags_render(f->d, stderr, 0);
	assert_int_equal(rc, expect);
}

static void unload(fixture *f)
{
	idle_result_free(f->res);
	idle_plan_free(f->plan);
	idle_config_free(f->cfg);
	idle_request_free(f->req);
	idle_doc_free(f->wf);
	idle_doc_free(f->rq);
	idle_doc_free(f->pv);
	idle_host_free(f->host);
	idle_diags_free(f->d);
}

static const idle_value *step_result(const idle_result *r, int onfailure, size_t i)
{
	assert_true(i < idle_result_step_count(r, onfailure));
	return idle_result_step(r, onfailure, i);
}

static const char *field(const idle_value *m, const char *key)
{
	const char *s = idle_value_string(idle_value_get(m, key), NULL);

	return s ? s : "(null)";
}

static const char *providers_file =
    "@{ Providers = @{ Identity = @{ Type = 'Probe' } }\n"
    "   AuthSessions = @{ SessionMap = @(\n"
    "     @{ Match = @{ AuthSessionName = 'FromFile' }; AuthSessionType = 'Credential'\n"
    "        Credential = @{ UserName = 'file-user'; PasswordEnv = 'IDLE_UNIT_PW' } } ) } }";

static void host_sessions(void **state)
{
	fixture f;
	app a;
	const idle_value *s;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.named = idle_session_new(IDLE_SESSION_REMOTING);
	a.fallback = idle_session_new(IDLE_SESSION_CREDENTIAL);
	assert_non_null(a.named);
	assert_non_null(a.fallback);
	assert_int_equal(idle_session_set(a.named, "UserName", "CORP\\svc"), 0);
	assert_int_equal(idle_session_set(a.named, "Password", "first"), 0);
	assert_int_equal(idle_session_set(a.named, "Password", "in-memory-secret"), 0);
	assert_int_equal(idle_session_set(a.fallback, "UserName", "default-user"), 0);
	assert_int_equal(idle_session_set(a.fallback, "Password", "default-secret"), 0);
	assert_int_equal(idle_session_set(a.fallback, "", "x"), IDLE_EARG);
	assert_null(idle_session_new((idle_session_kind)7));
	setenv("IDLE_UNIT_PW", "file-secret", 1);
	ncalls = 0;
	load(
	    &f,
	    "@{ Name = 'Sessions'; LifecycleEvent = 'Joiner'; Steps = @(\n"
	    "  @{ Name = 'Named'; Type = 'Test.Step.Probe'\n"
	    "     With = @{ IdentityKey = 'u1'; AuthSessionName = 'Host';"
	    " AuthSessionOptions = @{ Role = 'Admin' } } }\n"
	    "  @{ Name = 'Default'; Type = 'Test.Step.Probe'; With = @{ IdentityKey = 'u2'; Deadline = 0 } }\n"
	    "  @{ Name = 'Deferred'; Type = 'Test.Step.Probe'\n"
	    "     With = @{ IdentityKey = 'u3'; AuthSessionName = 'FromFile'; Deadline = 90 } }\n"
	    "  @{ Name = 'Refused'; Type = 'Test.Step.Probe'\n"
	    "     With = @{ IdentityKey = 'u4'; AuthSessionName = 'Denied' } }\n"
	    "  @{ Name = 'NotReached'; Type = 'Test.Step.Probe'; With = @{ IdentityKey = 'u5' } } ) }",
	    "@{ LifecycleEvent = 'Joiner'; CorrelationId = 'corr-9'; Actor = 'tester' }",
	    providers_file, &a);
	run(&f, 0);
	assert_string_equal(idle_result_status(f.res), "Failed");
	/* the host's named session, with the engine's CorrelationId added to the options */
	assert_int_equal(ncalls, 3);
	assert_string_equal(calls[0].step, "u1");
	assert_int_equal(calls[0].kind, IDLE_SESSION_REMOTING);
	assert_string_equal(calls[0].user, "CORP\\svc");
	assert_string_equal(calls[0].secret, "in-memory-secret");
	/* the host's default session */
	assert_string_equal(calls[1].step, "u2");
	assert_string_equal(calls[1].user, "default-user");
	assert_string_equal(calls[1].secret, "default-secret");
	/* deferred to the providers file's AuthSessions: secret from the environment */
	assert_string_equal(calls[2].step, "u3");
	assert_int_equal(calls[2].kind, IDLE_SESSION_CREDENTIAL);
	assert_string_equal(calls[2].user, "file-user");
	assert_string_equal(calls[2].secret, "file-secret");
	/* a step's deadline reaches its provider calls; 0 is none */
	assert_true(calls[1].deadline == -1);
	assert_true(calls[2].deadline == 90);
	/* refused by the source: the step fails with its message, the run stops */
	assert_string_equal(a.last_name, "Denied");
	assert_string_equal(a.last_corr, "corr-9");
	assert_int_equal(a.asked, 4);
	s = step_result(f.res, 0, 3);
	assert_string_equal(field(s, "Status"), "Failed");
	assert_non_null(strstr(field(s, "Error"), "the vault refuses 'Denied'"));
	assert_int_equal(idle_result_step_count(f.res, 0), 4);
	/* no secret in the result */
	{
		char *json = NULL;
		size_t len;

		assert_int_equal(idle_result_to_json(f.res, 0, &json, &len), 0);
		assert_null(strstr(json, "secret"));
		idle_free(json);
	}
	unload(&f);
	idle_session_free(a.named);
	idle_session_free(a.fallback);
}

static void host_session_options(void **state)
{
	fixture f;
	app a;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.named = idle_session_new(IDLE_SESSION_OAUTH);
	assert_int_equal(idle_session_set(a.named, "Password", "p"), 0);
	ncalls = 0;
	load(&f,
	     "@{ Name = 'Options'; LifecycleEvent = 'Joiner'; Steps = @(\n"
	     "  @{ Name = 'Named'; Type = 'Test.Step.Probe'\n"
	     "     With = @{ IdentityKey = 'u1'; AuthSessionName = 'Host';"
	     " AuthSessionOptions = @{ Role = 'Admin' } } } ) }",
	     "@{ LifecycleEvent = 'Joiner'; CorrelationId = 'corr-10' }", providers_file, &a);
	run(&f, 0);
	assert_string_equal(idle_result_status(f.res), "Completed");
	assert_string_equal(a.last_role, "Admin");
	assert_string_equal(a.last_corr, "corr-10");
	assert_int_equal(calls[0].kind, IDLE_SESSION_OAUTH);
	assert_string_equal(calls[0].user, "(none)");
	unload(&f);
	/* without a source the providers file decides: 'Host' is not in its SessionMap */
	ncalls = 0;
	load(&f,
	     "@{ Name = 'Options'; LifecycleEvent = 'Joiner'; Steps = @(\n"
	     "  @{ Name = 'Named'; Type = 'Test.Step.Probe'\n"
	     "     With = @{ IdentityKey = 'u1'; AuthSessionName = 'Host' } } ) }",
	     "@{ LifecycleEvent = 'Joiner'; CorrelationId = 'corr-11' }", providers_file, NULL);
	run(&f, 0);
	assert_string_equal(idle_result_status(f.res), "Failed");
	assert_int_equal(ncalls, 0);
	assert_non_null(strstr(field(step_result(f.res, 0, 0), "Error"), "Host"));
	unload(&f);
	idle_session_free(a.named);
}

static void retry_events(void **state)
{
	fixture f;
	size_t i, n;
	long delays[4];
	size_t nd = 0;
	const char *names[4];

	(void)state;
	attempts_step1 = attempts_cleanup = 0;
	load(&f,
	     "@{ Name = 'Retries'; LifecycleEvent = 'Joiner'\n"
	     "   Steps = @( @{ Name = 'Step1'; Type = 'Test.TransientStep' }\n"
	     "              @{ Name = 'Boom'; Type = 'Test.FailStep' } )\n"
	     "   OnFailureSteps = @( @{ Name = 'CleanupStep'; Type = 'Test.TransientStep' } ) }",
	     "@{ LifecycleEvent = 'Joiner'; CorrelationId = 'corr-1' }", providers_file, NULL);
	run(&f, 0);
	assert_string_equal(idle_result_status(f.res), "Failed");
	assert_string_equal(idle_result_onfailure_status(f.res), "Completed");
	assert_int_equal(idle_value_int(idle_value_get(step_result(f.res, 0, 0), "Attempts")), 3);
	assert_string_equal(field(step_result(f.res, 0, 1), "Error"), "no such thing");
	assert_int_equal(idle_value_int(idle_value_get(step_result(f.res, 1, 0), "Attempts")), 3);
	n = idle_result_event_count(f.res);
	for (i = 0; i < n; i++) {
		const idle_event *e = idle_result_event_at(f.res, i);

		if (strcmp(idle_event_type(e), "StepRetrying"))
			continue;
		assert_true(nd < 4);
		names[nd] = idle_event_step(e);
		delays[nd++] = (long)idle_value_int(idle_value_get(idle_event_data(e), "delayMs"));
	}
	/* IdLE's seeds: CorrelationId|StepType|StepName|Index, with OnFailure| for those steps */
	assert_int_equal(nd, 4);
	assert_string_equal(names[0], "Step1");
	assert_int_equal(delays[0], 228);
	assert_int_equal(delays[1], 483);
	assert_string_equal(names[2], "CleanupStep");
	assert_int_equal(delays[2], 270);
	assert_int_equal(delays[3], 563);
	/* the host heard of each wait once (a simulated clock waits in one go) */
	assert_int_equal(nwaits, 4);
	assert_string_equal(waited_step[0], "Step1");
	assert_true(waited[0] > 0.2279 && waited[0] < 0.2281);
	assert_true(waited[1] > 0.4829 && waited[1] < 0.4831);
	assert_string_equal(waited_step[3], "CleanupStep");
	assert_true(waited[3] > 0.5629 && waited[3] < 0.5631);
	/* the simulated clock moved by exactly the delays */
	assert_true(idle_event_time(idle_result_event_at(f.res, n - 1)) -
	                idle_event_time(idle_result_event_at(f.res, 0)) >
	            (228 + 483 + 270 + 563) / 1000.0 - 1e-6);
	unload(&f);
}

/* the host asks the run to stop once this many steps have completed or retried (-1: never) */
static int stop_after, completed;

static void count_completed(void *ud, const idle_event *e)
{
	(void)ud;
	if (!strcmp(idle_event_type(e), "StepCompleted") ||
	    !strcmp(idle_event_type(e), "StepRetrying"))
		completed++;
}

static int stop_now(void *ud)
{
	(void)ud;
	return stop_after >= 0 && completed >= stop_after;
}

static void run_stoppable(fixture *f, int after, int expect)
{
	idle_run_options o = IDLE_RUN_OPTIONS_INIT;

	o.flags = IDLE_RUN_SIMULATED_CLOCK;
	o.on_event = count_completed;
	o.cancelled = stop_now;
	stop_after = after;
	completed = 0;
	assert_int_equal(idle_run(&f->res, f->plan, f->cfg, &o, f->d), expect);
}

static void lifecycle_and_cancel(void **state)
{
	static const char *const wf =
	    "@{ Name = 'Life'; LifecycleEvent = 'Joiner'\n"
	    "   Steps = @( @{ Name = 'One'; Type = 'Test.Step.Probe'; With = @{ IdentityKey = 'a' } }\n"
	    "              @{ Name = 'Two'; Type = 'Test.Step.Probe'; With = @{ IdentityKey = 'b' } } )\n"
	    "   OnFailureSteps = @( @{ Name = 'Undo'; Type = 'Test.TransientStep' } ) }";
	static const char *const rq = "@{ LifecycleEvent = 'Joiner'; CorrelationId = 'life' }";
	static const char *const pv = "@{ Providers = @{ Identity = @{ Type = 'Life' } } }";
	const idle_event *last;
	fixture f;

	(void)state;
	/* opened once before the first step, closed once after the last */
	life_opens = life_closes = life_fail_open = life_fail_close = 0;
	load(&f, wf, rq, pv, NULL);
	run_stoppable(&f, -1, 0);
	assert_string_equal(idle_result_status(f.res), "Completed");
	assert_int_equal(life_opens, 1);
	assert_int_equal(life_closes, 1);
	assert_int_equal(idle_result_recorded(f.res), 1);
	idle_result_free(f.res);
	f.res = NULL;

	/* a close that fails: the run happened, but is not recorded */
	life_fail_close = 1;
	run_stoppable(&f, -1, 0);
	assert_string_equal(idle_result_status(f.res), "Completed");
	assert_int_equal(idle_result_recorded(f.res), 0);
	assert_non_null(strstr(idle_diag_message(idle_diags_at(f.d, 0)), "the disk is full"));
	idle_result_free(f.res);
	f.res = NULL;
	idle_diags_clear(f.d);

	/* an open that fails: nothing runs, nothing is closed */
	life_fail_close = 0;
	life_fail_open = 1;
	life_opens = life_closes = 0;
	run_stoppable(&f, -1, IDLE_EIO);
	assert_null(f.res);
	assert_int_equal(life_opens, 1);
	assert_int_equal(life_closes, 0);
	assert_non_null(strstr(idle_diag_message(idle_diags_at(f.d, 0)), "the lock is taken"));
	idle_diags_clear(f.d);

	/* asked to stop after the first step: the second never starts, no OnFailureSteps */
	life_fail_open = 0;
	run_stoppable(&f, 1, 0);
	assert_string_equal(idle_result_status(f.res), "Interrupted");
	assert_string_equal(idle_result_onfailure_status(f.res), "NotRun");
	assert_int_equal(idle_result_step_count(f.res, 0), 1);
	assert_int_equal(life_closes, 1); /* closed all the same */
	last = idle_result_event_at(f.res, idle_result_event_count(f.res) - 1);
	assert_string_equal(idle_event_type(last), "RunCompleted");
	assert_string_equal(field(idle_event_data(last), "Status"), "Interrupted");
	unload(&f);

	/* asked to stop while a step waits to retry: that step ends Interrupted, not Failed */
	attempts_step1 = 0;
	load(&f,
	     "@{ Name = 'R'; LifecycleEvent = 'Joiner'\n"
	     "   Steps = @( @{ Name = 'Step1'; Type = 'Test.TransientStep' } ) }",
	     rq, pv, NULL);
	run_stoppable(&f, 1, 0);
	assert_string_equal(idle_result_status(f.res), "Interrupted");
	assert_string_equal(field(step_result(f.res, 0, 0), "Status"), "Interrupted");
	assert_int_equal(attempts_step1, 1); /* no second attempt */
	unload(&f);
}

static void builders(void **state)
{
	static const char *const order[] = {"Name",  "Type", "Status", "Changed",
	                                    "Error", "Data", "Extra",  "Attempts"};
	fixture f;
	const idle_value *s, *data, *count, *map, *ev = NULL;
	size_t i;
	char *json = NULL;

	(void)state;
	build_attempts = 0;
	load(&f,
	     "@{ Name = 'Builders'; LifecycleEvent = 'Joiner'\n"
	     "   Steps = @( @{ Name = 'Build'; Type = 'Test.BuildStep' } ) }",
	     "@{ LifecycleEvent = 'Joiner'; CorrelationId = 'corr-2' }", providers_file, NULL);
	run(&f, 0);
	assert_string_equal(idle_result_status(f.res), "Completed");
	s = step_result(f.res, 0, 0);
	/* the map is built once and stays */
	assert_ptr_equal(s, idle_result_step(f.res, 0, 0));
	assert_int_equal(idle_value_count(s), 8);
	for (i = 0; i < 8; i++)
		assert_string_equal(idle_value_key_at(s, i, NULL), order[i]);
	assert_int_equal(idle_value_kind(idle_value_get(s, "Error")), IDLE_NULL);
	assert_int_equal(idle_value_int(idle_value_get(s, "Attempts")), 2);
	/* Data of the attempt that succeeded only; a key set again keeps its first spelling */
	data = idle_value_get(s, "Data");
	assert_int_equal(idle_value_count(data), 2);
	assert_string_equal(idle_value_key_at(data, 0, NULL), "Count");
	count = idle_value_get(data, "Count");
	assert_int_equal(idle_value_count(count), 3);
	assert_int_equal(idle_value_int(idle_value_at(count, 2)), 20);
	map = idle_value_get(data, "Map");
	assert_ptr_equal(built_once, built_twice);
	assert_int_equal(idle_value_count(map), 10);
	assert_string_equal(idle_value_key_at(map, 3, NULL), "k3");
	assert_string_equal(field(map, "K3"), "replaced");
	assert_int_equal(idle_value_int(idle_value_get(map, "K9")), 9);
	assert_int_equal(idle_value_count(idle_value_get(s, "Extra")), 10);
	/* events never carry secrets */
	for (i = 0; i < idle_result_event_count(f.res); i++)
		if (!strcmp(idle_event_type(idle_result_event_at(f.res, i)), "Built"))
			ev = idle_event_data(idle_result_event_at(f.res, i));
	assert_non_null(ev);
	assert_string_equal(field(ev, "Note"), "kept");
	assert_string_not_equal(field(ev, "Password"), "hunter2");
	/* the written result holds the same step */
	assert_int_equal(idle_result_to_json(f.res, IDLE_JSON_COMPACT, &json, NULL), 0);
	assert_non_null(strstr(json, "\"Data\":{\"Count\":[0,10,20],\"Map\":{\"k0\":0,"));
	assert_non_null(strstr(json, "\"k3\":\"replaced\""));
	assert_null(strstr(json, "hunter2"));
	assert_null(strstr(json, "Never"));
	assert_null(strstr(json, "Partial"));
	free(json);
	unload(&f);
}

/* The public API's edges: NULL arguments, builders past their end, the hash set of big maps. */
static void api_edges(void **state)
{
	static const char *const extra[] = {"IdLE.Entitlement.Prune", NULL};
	static const idle_provider_type three = {
	    IDLE_PROVIDER_TYPE_INIT, .name = "Three", .capabilities = extra,
	    .identity = &probe_identity, /* Disable */
	};
	const char *caps[3] = {NULL, NULL, "sentinel"};
	idle_host *h = NULL;
	idle_store *st = idle_store_new();
	idle_builder *b;
	const idle_value *v;
	char key[16];
	int i;

	(void)state;
	assert_int_equal(idle_host_new(&h), 0);
	assert_null(idle_host_find_provider_type(h, NULL));
	assert_null(idle_host_find_provider_type(NULL, "Mock"));
	assert_non_null(idle_host_find_provider_type(h, "mock")); /* case-insensitively */
	assert_non_null(idle_host_provider_type_at(h, idle_host_provider_type_count(h) - 1));
	assert_null(idle_host_provider_type_at(h, idle_host_provider_type_count(h)));
	idle_host_free(h);
	assert_int_equal(idle_result_write_json(NULL, 0, NULL, NULL), IDLE_EARG);
	{
		idle_sync_policy pol = IDLE_SYNC_INITIAL;

		assert_int_equal(idle_sync_policy_parse(NULL, &pol), -1);
		assert_int_equal(idle_sync_policy_parse("delta", &pol), 0);
		assert_int_equal(pol, IDLE_SYNC_DELTA);
		assert_int_equal(idle_sync_policy_parse("Full", &pol), -1);
	}

	/* a call outside any run (env NULL) or outside a step (no event sink) drops its
	 * warnings and events, builds nothing and is never cancelled */
	{
		idle_pcall c;
		idle_pcall_env env;

		memset(&c, 0, sizeof(c));
		memset(&env, 0, sizeof(env));
		for (i = 0; i < 2; i++) {
			c.env = i ? &env : NULL;
			idle_pcall_warning(&c, "dropped %d", i);
			idle_pcall_check(&c, IDLE_CHECK_PASS, "x", NULL, "dropped");
			idle_pcall_check_target(&c, "dropped");
			idle_pcall_event(&c, "Custom", "dropped", NULL);
			assert_null(idle_pcall_builder(&c, 0));
			assert_int_equal(idle_pcall_cancelled(&c), 0);
		}
		/* a provider's wait goes through the call's clock (a fake one takes no time) */
		{
			double t = 0;
			idle_clock fk;

			idle_clock_fake(&fk, &t);
			c.clock = &fk;
			c.env = NULL;
			assert_int_equal(idle_pcall_sleep(&c, 2.5), 0);
			assert_true(t == 2.5);
			assert_true(idle_pcall_now(&c) == 2.5);
			assert_int_equal(idle_pcall_sleep(&c, -1), 0);
			assert_true(t == 2.5);
			c.clock = NULL;
		}
		/* a failure kind out of range is an internal one, never retried */
		assert_int_equal(idle_pcall_failure(&c, IDLE_FAILURE_COUNT, 5, "x"),
		                 IDLE_EPROVIDER);
		assert_int_equal(c.kind, IDLE_FAILURE_INTERNAL);
		assert_int_equal(c.transient, 0);
		assert_true(c.retry_after == 0);
		assert_int_equal(idle_pcall_failure(&c, IDLE_FAILURE_COUNT - 1, 0, "y"),
		                 IDLE_EPROVIDER);
		assert_int_equal(c.kind, IDLE_FAILURE_COUNT - 1);
	}

	/* derived capabilities stop at max, never past it */
	assert_int_equal(idle_provider_type_caps(&three, caps, 1), 1);
	assert_string_equal(caps[0], "IdLE.Identity.Disable");
	assert_null(caps[1]);
	assert_int_equal(idle_provider_type_caps(&three, caps, 2), 2);
	assert_string_equal(caps[1], "IdLE.Entitlement.Prune");
	assert_string_equal(caps[2], "sentinel");

	/* a NULL builder takes nothing; a finished one takes nothing more */
	idle_build_str(NULL, "k", "v");
	assert_null(idle_build_done(NULL));
	b = idle_store_builder(st, 0);
	idle_build_int(b, "a", 1);
	v = idle_build_done(b);
	idle_build_int(b, "b", 2);
	assert_ptr_equal(idle_build_done(b), v);
	assert_int_equal(idle_value_count(v), 1);

	/* past 16 keys the builder finds keys by hash: each set twice keeps its place */
	b = idle_store_builder(st, 0);
	for (i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "Key%d", i);
		idle_build_int(b, key, i);
	}
	for (i = 0; i < 40; i += 3) {
		snprintf(key, sizeof(key), "KEY%d", i);
		idle_build_int(b, key, 1000 + i);
	}
	v = idle_build_done(b);
	assert_int_equal(idle_value_count(v), 40);
	assert_string_equal(idle_value_key_at(v, 39, NULL), "Key39");
	assert_int_equal(idle_value_int(idle_value_get(v, "key39")), 1039);
	assert_int_equal(idle_value_int(idle_value_get(v, "key38")), 38);
	idle_store_free(st);
}

/* EnsureEntitlement compares a group named by display name as its id; Prune resolves its Keep
 * entries and removes in one bulk call, one item's failure a skipped warning; a withheld
 * capability is not advertised */
static void entitlement_names_and_bulk(void **state)
{
	static const char *const pv =
	    "@{ Providers = @{ Identity = @{ Type = 'Groups'; AllowGrant = $true } } }";
	fixture f;
	const idle_value *s;

	(void)state;
	memcpy(groups_member, (int[]){1, 1, 1, 1}, sizeof(groups_member));
	groups_bulk_calls = groups_single_revokes = 0;
	load(
	    &f,
	    "@{ Name = 'G'; LifecycleEvent = 'Joiner'; Steps = @(\n"
	    "  @{ Name = 'Present'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'u';"
	    "     Entitlement = @{ Kind = 'Group'; Id = 'Group One' }; State = 'Present' } }\n"
	    "  @{ Name = 'Prune'; Type = 'IdLE.Step.PruneEntitlements'; With = @{ IdentityKey = 'u';"
	    "     Kind = 'Group'; Keep = @( @{ Id = 'group two' } ) } } ) }",
	    "@{ LifecycleEvent = 'Joiner' }", pv, NULL);
	run(&f, 0);
	assert_string_equal(idle_result_status(f.res), "Completed");
	/* already a member (by name): no grant, no change */
	assert_int_equal(idle_value_bool(idle_value_get(step_result(f.res, 0, 0), "Changed")), 0);
	/* g2 kept by its name; g1, g3, g4 in one bulk call; g3 skipped */
	assert_int_equal(groups_bulk_calls, 1);
	assert_int_equal(groups_single_revokes, 0);
	assert_int_equal(groups_member[0], 0);
	assert_int_equal(groups_member[1], 1);
	assert_int_equal(groups_member[2], 1);
	assert_int_equal(groups_member[3], 0);
	s = step_result(f.res, 0, 1);
	assert_int_equal(idle_value_count(idle_value_get(s, "Skipped")), 1);
	unload(&f);

	/* a group nobody knows fails the step with the provider's reason */
	load(
	    &f,
	    "@{ Name = 'G'; LifecycleEvent = 'Joiner'; Steps = @(\n"
	    "  @{ Name = 'Missing'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'u';"
	    "     Entitlement = @{ Kind = 'Group'; Id = 'Nope' }; State = 'Present' } } ) }",
	    "@{ LifecycleEvent = 'Joiner' }", pv, NULL);
	run(&f, 0);
	assert_string_equal(idle_result_status(f.res), "Failed");
	assert_non_null(strstr(field(step_result(f.res, 0, 0), "Error"), "no group 'Nope'"));
	unload(&f);

	/* without AllowGrant the provider withholds Grant: not advertised, and not to be listed */
	{
		idle_diags *d = idle_diags_new();
		idle_host *h = NULL;
		idle_doc *doc;
		idle_config *cfg = NULL;

		assert_int_equal(idle_host_new(&h), 0);
		assert_int_equal(idle_host_add_provider_type(h, &groups_type), 0);
		doc = parse_text("p.psd1", "@{ Providers = @{ G = @{ Type = 'Groups' } } }", d);
		assert_int_equal(idle_config_load(&cfg, h, doc, d), 0);
		assert_false(idle_provider_has(idle_config_provider(cfg, "G", 1),
		                               IDLE_CAP_ENTITLEMENT_GRANT));
		assert_true(idle_provider_has(idle_config_provider(cfg, "G", 1),
		                              IDLE_CAP_ENTITLEMENT_REVOKE));
		idle_config_free(cfg);
		idle_doc_free(doc);
		doc = parse_text("p.psd1",
		                 "@{ Providers = @{ G = @{ Type = 'Groups';"
		                 " Capabilities = @('IdLE.Entitlement.Grant') } } }",
		                 d);
		assert_int_equal(idle_config_load(&cfg, h, doc, d), IDLE_EINVALID);
		assert_non_null(strstr(idle_diag_message(idle_diags_at(d, 0)),
		                       "does not offer IdLE.Entitlement.Grant"));
		idle_doc_free(doc);
		idle_host_free(h);
		idle_diags_free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sha256_vectors),
	    cmocka_unit_test(retry_delays),
	    cmocka_unit_test(host_sessions),
	    cmocka_unit_test(host_session_options),
	    cmocka_unit_test(retry_events),
	    cmocka_unit_test(builders),
	    cmocka_unit_test(lifecycle_and_cancel),
	    cmocka_unit_test(api_edges),
	    cmocka_unit_test(entitlement_names_and_bulk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
