/*
 * providers/entraconnect/entraconnect.c - the `EntraConnect` provider type:
 * its options, the servers a run talks to, and the directory-sync
 * operations on the ADSync cmdlets.
 */
#include "providers/entraconnect/entraconnect.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "providers/entraconnect/adsync.h"
#include "providers/entraconnect/psout.h"
#include "providers/entraconnect/winrm.h"

#define MAX_TARGETS 8

static const char *const schemes[] = {"https", "http", NULL};
static const char *const auths[] = {"Negotiate", "Ntlm", "Basic", NULL};
static const idle_http_auth auth_of[] = {IDLE_HTTP_AUTH_NEGOTIATE, IDLE_HTTP_AUTH_NTLM,
                                         IDLE_HTTP_AUTH_BASIC};

/* The options. */
typedef struct ec_provider {
	int https;
	int64_t port;
	const char *path;
	int auth; /* index into auths */
	char *ca_file;
	int allow_unencrypted;
	double connect_timeout, operation_timeout, command_timeout;
} ec_provider;

/* A server and account a run talks to: its client and shell. */
typedef struct target {
	char url[512];
	char user[256];
	char host[256];
	ec_winrm *w;
} target;

/* One run's state (run_size bytes, zeroed). */
typedef struct ec_run {
	target t[MAX_TARGETS];
	size_t n;
	idle_pcall *call; /* the operation under way (its clock, its cancellation) */
} ec_run;

/* ---- options ------------------------------------------------------------------------------ */

static int ec_init(void *self, idle_pinit *ctx, const idle_value *o)
{
	ec_provider *p = self;
	int bad = 0, scheme = 0, rc;

	p->path = "/wsman";
	p->connect_timeout = 10;
	p->operation_timeout = 20;
	p->command_timeout = 120;
	bad |= idle_pinit_enum(ctx, o, "Scheme", schemes, &scheme) == IDLE_EINVALID;
	p->https = scheme == 0;
	p->port = p->https ? 5986 : 5985;
	bad |= idle_pinit_int(ctx, o, "Port", 1, 65535, &p->port) == IDLE_EINVALID;
	if ((rc = idle_pinit_string(ctx, o, "Path", &p->path)) == IDLE_EINVALID)
		bad = 1;
	else if (rc == 0 && (p->path[0] != '/' || strpbrk(p->path, " ?#\\")))
		bad |= idle_pinit_error(ctx, idle_value_get(o, "Path"), "Path",
		                        "Path must be an absolute URL path such as '/wsman'") != 0;
	bad |= idle_pinit_enum(ctx, o, "Authentication", auths, &p->auth) == IDLE_EINVALID;
	bad |= idle_pinit_file(ctx, o, "CaFile", &p->ca_file) == IDLE_EINVALID;
	bad |= idle_pinit_bool(ctx, o, "AllowUnencrypted", &p->allow_unencrypted) == IDLE_EINVALID;
	bad |= idle_pinit_seconds(ctx, o, "ConnectTimeoutSeconds", 300, &p->connect_timeout) ==
	       IDLE_EINVALID;
	bad |= idle_pinit_seconds(ctx, o, "OperationTimeoutSeconds", 60, &p->operation_timeout) ==
	       IDLE_EINVALID;
	bad |= idle_pinit_seconds(ctx, o, "CommandTimeoutSeconds", 3600, &p->command_timeout) ==
	       IDLE_EINVALID;
	if (!bad && p->operation_timeout < 1)
		bad |= idle_pinit_error(ctx, idle_value_get(o, "OperationTimeoutSeconds"),
		                        "OperationTimeoutSeconds",
		                        "OperationTimeoutSeconds must be at least 1") != 0;
	if (!bad && !p->https && !p->allow_unencrypted)
		bad |=
		    idle_pinit_error(
		        ctx, idle_value_get(o, "Scheme"), "Scheme",
		        "Scheme 'http' sends the password (Basic) and every script in clear text, "
		        "and WinRM refuses unencrypted messages unless told otherwise: use "
		        "'https', or set AllowUnencrypted = $true as well (lab only)") != 0;
	return bad ? IDLE_EINVALID : 0;
}

static void ec_free(void *self)
{
	ec_provider *p = self;

	free(p->ca_file);
	p->ca_file = NULL;
}

/* ---- failures -------------------------------------------------------------------------------- */

static int fail(idle_pcall *c, const target *t, const ec_error *e)
{
	if (e->cancelled)
		return idle_pcall_failure(c, IDLE_FAILURE_INTERNAL, 0, "%s: interrupted",
		                          t ? t->host : "EntraConnect");
	return idle_pcall_failure(c, e->kind, e->retry_after, "%s: %s%s%s%s",
	                          t ? t->host : "EntraConnect", e->message, e->hint ? " (" : "",
	                          e->hint ? e->hint : "", e->hint ? ")" : "");
}

static int __attribute__((format(printf, 5, 6)))
failf(idle_pcall *c, idle_failure kind, double retry_after, const char *hint, const char *fmt, ...)
{
	ec_error e;
	va_list ap;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.retry_after = retry_after;
	e.hint = hint;
	va_start(ap, fmt);
	vsnprintf(e.message, sizeof(e.message), fmt, ap);
	va_end(ap);
	return idle_pcall_failure(c, e.kind, e.retry_after, "%s%s%s%s", e.message,
	                          e.hint ? " (" : "", e.hint ? e.hint : "", e.hint ? ")" : "");
}

/* ---- the servers of a run ---------------------------------------------------------------------- */

static int run_cancelled(void *ud)
{
	ec_run *r = ud;

	return r->call && idle_pcall_cancelled(r->call);
}

static double run_now(void *ud)
{
	ec_run *r = ud;

	return r->call ? idle_pcall_now(r->call) : 0;
}

/* A host name, an IPv4 address or a bracketed IPv6 address: nothing that could bend the URL. */
static int host_ok(const char *h)
{
	size_t n = strlen(h);

	if (!n || n > 253)
		return 0;
	if (h[0] == '[')
		return h[n - 1] == ']' && strspn(h + 1, "0123456789abcdefABCDEF:.") == n - 2;
	return strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") ==
	           n &&
	       h[0] != '-' && h[0] != '.';
}

/*
 * The URL for computer (may be NULL) and endpoint (may be NULL): computer
 * replaces the endpoint's host. The host into host. 0, or -1 with why.
 */
static int url_for(const ec_provider *p, const char *computer, const char *endpoint, char *url,
                   size_t size, char *host, size_t hsize, const char **why)
{
	if (computer && !host_ok(computer))
		return *why = "With.ComputerName is not a host name or an IP address", -1;
	if (endpoint) {
		const char *h = strstr(endpoint, "://"), *e;

		if (!h ||
		    (strncasecmp(endpoint, "https://", 8) && strncasecmp(endpoint, "http://", 7)))
			return *why = "the session's Endpoint is not an http(s) URL", -1;
		h += 3;
		e = *h == '[' ? strchr(h, ']') : h;
		e = e ? e + strcspn(e, ":/") : NULL;
		if (!e || e == h)
			return *why = "the session's Endpoint names no host", -1;
		snprintf(host, hsize, "%.*s", computer ? (int)strlen(computer) : (int)(e - h),
		         computer ? computer : h);
		if (!host_ok(host))
			return *why = "the session's Endpoint names no valid host", -1;
		snprintf(url, size, "%.*s%s%s", (int)(h - endpoint), endpoint, host, e);
		return 0;
	}
	if (!computer)
		return *why = "no server to reach: give the step With.ComputerName, or use a "
		              "PSRemoting session whose Credential has an Endpoint "
		              "('https://server:5986/wsman')",
		       -1;
	snprintf(host, hsize, "%s", computer);
	snprintf(url, size, "%s://%s:%lld%s", p->https ? "https" : "http", computer,
	         (long long)p->port, p->path);
	return 0;
}

/* The target of this call (made on first use). NULL after failing c. */
static target *connect(ec_provider *p, ec_run *r, idle_pcall *c, const char *computer)
{
	const idle_auth_session *s = idle_pcall_session(c);
	const char *endpoint = NULL, *user = NULL, *why = NULL;
	char url[512], host[256], *secret = NULL;
	ec_winrm_options o;
	ec_error e;
	target *t;
	size_t i;

	r->call = c;
	if (computer && !*computer)
		computer = NULL;
	if (!s) {
		failf(c, IDLE_FAILURE_INVALID, 0,
		      "map the step's AuthSessionName to a Credential or PSRemoting session in "
		      "AuthSessions",
		      "EntraConnect needs an auth session with the Windows account to log on with");
		return NULL;
	}
	if (idle_session_type(s) == IDLE_SESSION_OAUTH) {
		failf(c, IDLE_FAILURE_INVALID, 0, NULL,
		      "EntraConnect logs on to a Windows server: its auth session must be of type "
		      "Credential or PSRemoting, not OAuth");
		return NULL;
	}
	if (idle_session_type(s) == IDLE_SESSION_REMOTING)
		endpoint = idle_session_param(s, "Endpoint");
	user = idle_session_param(s, "UserName");
	if (url_for(p, computer, endpoint, url, sizeof(url), host, sizeof(host), &why)) {
		failf(c, IDLE_FAILURE_INVALID, 0, NULL, "EntraConnect: %s", why);
		return NULL;
	}
	for (i = 0; i < r->n; i++)
		if (!strcmp(r->t[i].url, url) && !strcmp(r->t[i].user, user ? user : ""))
			return &r->t[i];
	if (r->n == MAX_TARGETS) {
		failf(c, IDLE_FAILURE_INVALID, 0, NULL,
		      "EntraConnect: a run may talk to at most %d servers and accounts",
		      MAX_TARGETS);
		return NULL;
	}
	if (auth_of[p->auth] != IDLE_HTTP_AUTH_NEGOTIATE && (!user || !*user)) {
		failf(c, IDLE_FAILURE_INVALID, 0, NULL,
		      "%s: %s authentication needs the session's UserName", host, auths[p->auth]);
		return NULL;
	}
	if (auth_of[p->auth] != IDLE_HTTP_AUTH_NEGOTIATE &&
	    !(secret = idle_session_secret(s, "Password", c)))
		return NULL; /* the call says why */
	t = &r->t[r->n];
	memset(t, 0, sizeof(*t));
	snprintf(t->url, sizeof(t->url), "%s", url);
	snprintf(t->user, sizeof(t->user), "%s", user ? user : "");
	snprintf(t->host, sizeof(t->host), "%s", host);
	memset(&o, 0, sizeof(o));
	o.url = url;
	o.auth = auth_of[p->auth];
	o.user = user;
	o.secret = secret;
	o.ca_file = p->ca_file;
	o.allow_plain_http = p->allow_unencrypted;
	o.connect_timeout = p->connect_timeout;
	o.operation_timeout = p->operation_timeout;
	o.cancelled = run_cancelled;
	o.now = run_now;
	o.ud = r;
	i = (size_t)ec_winrm_new(&t->w, &o, &e);
	idle_session_secret_free(secret);
	if (i) {
		fail(c, t, &e);
		return NULL;
	}
	if (!p->https)
		idle_pcall_warning(
		    c,
		    "%s: WinRM over plain http (AllowUnencrypted): the scripts and their "
		    "output cross the network unencrypted (idle does not do WinRM message "
		    "encryption)",
		    host);
	r->n++;
	return t;
}

/* The run's state; a call outside a run gets tmp (closed by done()). */
static ec_run *run_of(idle_pcall *c, ec_run *tmp)
{
	ec_run *r = idle_pcall_run(c);

	if (r)
		return r;
	memset(tmp, 0, sizeof(*tmp));
	return tmp;
}

static void close_targets(ec_run *r, idle_pcall *c)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		ec_error e;

		if (ec_winrm_close(r->t[i].w, &e) && c)
			idle_pcall_warning(
			    c,
			    "%s: the remote shell could not be deleted (%s): it expires "
			    "by itself after 30 minutes",
			    r->t[i].host, e.message);
		ec_winrm_free(r->t[i].w);
	}
	r->n = 0;
}

static int done(ec_run *r, ec_run *tmp, idle_pcall *c, int rc)
{
	if (r == tmp)
		close_targets(tmp, c);
	r->call = NULL;
	return rc;
}

static int ec_close(void *self, idle_pcall *c)
{
	ec_run *r = idle_pcall_run(c);

	(void)self;
	if (r) {
		r->call = c;
		close_targets(r, c);
		r->call = NULL;
	}
	return 0;
}

/* Runs a script; 0 with out filled, or the call failed. */
static int run_script(const ec_provider *p, target *t, idle_pcall *c, const char *script,
                      unsigned flags, ec_output *out)
{
	double deadline = idle_pcall_now(c) + p->command_timeout, d = idle_pcall_deadline(c);
	ec_error e;

	if (d > 0 && d < deadline)
		deadline = d;
	if (ec_winrm_run(t->w, script, flags, deadline, out, &e))
		return fail(c, t, &e);
	return 0;
}

/* The failure a script that exited nonzero means; what names what it tried to do. */
static int script_failed(idle_pcall *c, const target *t, const ec_output *out, const char *what)
{
	idle_bytes text = IDLE_BYTES_INIT;
	char line[600];
	int rc;

	if (ec_ps_errors(out->err.p ? out->err.p : "", out->err.len, &text))
		return idle_bytes_wipe(&text),
		       failf(c, IDLE_FAILURE_INTERNAL, 0, NULL, "out of memory");
	if (!text.len && out->out.len) /* cmd.exe's "The command line is too long." */
		ec_ps_errors(out->out.p, out->out.len, &text);
	ec_ps_summary(text.p ? text.p : "", line, sizeof(line));
	if (!line[0])
		snprintf(line, sizeof(line), "exit code %ld without an error message",
		         out->exit_code);
	switch (ec_adsync_classify(text.p ? text.p : "")) {
	case EC_ADSYNC_BUSY:
		rc = failf(c, IDLE_FAILURE_TRANSIENT, 0, NULL,
		           "%s: a sync cycle is already running: %s", t->host, line);
		break;
	case EC_ADSYNC_SUSPENDED:
		rc = failf(c, IDLE_FAILURE_CONFLICT, 0, NULL, "%s: the scheduler is suspended: %s",
		           t->host, line);
		break;
	case EC_ADSYNC_PRIVILEGE:
		rc =
		    failf(c, IDLE_FAILURE_PERMISSION, 0,
		          "the account needs to be in the server's ADSyncOperators or ADSyncAdmins "
		          "group; a new membership takes effect at the next logon",
		          "%s: Failed to %s. Missing privileges or elevation. The AuthSession must "
		          "provide an elevated execution context. Original error: %s",
		          t->host, what, line);
		break;
	case EC_ADSYNC_MODULE_MISSING:
		rc = failf(
		    c, IDLE_FAILURE_INVALID, 0,
		    "point the provider at the Entra Connect server, where the module lives in "
		    "C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\ADSync",
		    "%s: the ADSync PowerShell module is not installed there: %s", t->host, line);
		break;
	case EC_ADSYNC_UNSUPPORTED:
		rc = failf(c, IDLE_FAILURE_INVALID, 0,
		           "single-object sync needs Entra Connect 1.6.2.4 (March 2021) or later",
		           "%s: this Entra Connect build has no single-object sync: %s", t->host,
		           line);
		break;
	case EC_ADSYNC_THROTTLED:
		rc = failf(c, IDLE_FAILURE_TRANSIENT, 300, NULL, "%s: %s", t->host, line);
		break;
	default:
		rc = failf(c, IDLE_FAILURE_INTERNAL, 0, NULL, "%s: Failed to %s: %s", t->host, what,
		           line);
	}
	idle_bytes_wipe(&text);
	return rc;
}

/* The scheduler's state (Get-ADSyncScheduler). 0, or the call failed. */
static int read_scheduler(const ec_provider *p, target *t, idle_pcall *c, ec_scheduler *s,
                          const char *what)
{
	ec_output out = {IDLE_BYTES_INIT, IDLE_BYTES_INIT, 0};
	int rc = run_script(p, t, c, EC_SCRIPT_SCHEDULER, EC_RUN_IDEMPOTENT, &out);

	if (!rc && out.exit_code)
		rc = script_failed(c, t, &out, what);
	else if (!rc && ec_adsync_scheduler(out.out.p ? out.out.p : "", out.out.len, s))
		rc = failf(c, IDLE_FAILURE_INTERNAL, 0, NULL,
		           "%s: Get-ADSyncScheduler printed no JSON (%.80s)", t->host,
		           out.out.p ? out.out.p : "nothing");
	ec_output_free(&out);
	return rc;
}

/* ---- operations ---------------------------------------------------------------------------------- */

static int ec_start(void *self, idle_pcall *c, const char *policy, const char *computer,
                    const char **message, int *changed)
{
	ec_provider *p = self;
	ec_run tmp, *r = run_of(c, &tmp);
	target *t = connect(p, r, c, computer);
	ec_output out = {IDLE_BYTES_INIT, IDLE_BYTES_INIT, 0};
	idle_bytes script = IDLE_BYTES_INIT;
	idle_sync_policy pol;
	ec_scheduler s;
	cJSON *j = NULL;
	const cJSON *res;
	int rc;

	if (!t)
		return done(r, &tmp, c, IDLE_EPROVIDER);
	if (policy && idle_sync_policy_parse(policy, &pol))
		return done(r, &tmp, c,
		            failf(c, IDLE_FAILURE_INVALID, 0, NULL,
		                  "PolicyType '%s' is not one of Delta, Initial", policy));
	if ((rc = read_scheduler(p, t, c, &s, "start sync cycle")))
		return done(r, &tmp, c, rc);
	if (s.suspended)
		return done(
		    r, &tmp, c,
		    failf(c, IDLE_FAILURE_CONFLICT, 0,
		          "wait until the upgrade is over or the Entra Connect wizard is closed",
		          "%s: the sync scheduler is suspended (SchedulerSuspended): a cycle "
		          "cannot start now",
		          t->host));
	if (s.in_progress == 1)
		return done(r, &tmp, c,
		            failf(c, IDLE_FAILURE_TRANSIENT, 0, NULL,
		                  "%s: a sync cycle is already running (SyncCycleInProgress)",
		                  t->host));
	if (s.staging) {
		idle_pcall_warning(c, "%s: %s", t->host, IDLE_SYNC_STAGING_WARNING);
		*changed = 0;
	}
	if (!s.enabled)
		idle_pcall_warning(c, "%s: %s", t->host, IDLE_SYNC_DISABLED_WARNING);
	if (ec_adsync_start_script(&script, policy ? idle_sync_policy_name(pol) : NULL))
		rc = failf(c, IDLE_FAILURE_INTERNAL, 0, NULL, "out of memory");
	else
		rc = run_script(p, t, c, script.p, 0, &out);
	if (!rc && out.exit_code)
		rc = script_failed(c, t, &out, "start sync cycle");
	if (!rc) {
		j = ec_ps_json(out.out.p ? out.out.p : "", out.out.len);
		res = cJSON_GetObjectItemCaseSensitive(j, "Result");
		if (!cJSON_IsString(res) || strcasecmp(res->valuestring, "Success"))
			rc = failf(c, IDLE_FAILURE_INTERNAL, 0, NULL,
			           "%s: Start-ADSyncSyncCycle answered %s%s%s, not Success",
			           t->host, cJSON_IsString(res) ? "Result '" : "nothing readable",
			           cJSON_IsString(res) ? res->valuestring : "",
			           cJSON_IsString(res) ? "'" : "");
	}
	if (!rc) {
		char buf[400];

		snprintf(buf, sizeof(buf), "Sync cycle triggered with PolicyType: %s on %s",
		         policy ? idle_sync_policy_name(pol) : "(the scheduler's next)", t->host);
		*message = idle_pcall_strdup(c, buf);
	}
	cJSON_Delete(j);
	idle_bytes_wipe(&script);
	ec_output_free(&out);
	return done(r, &tmp, c, rc);
}

static void build_seconds(idle_builder *b, const char *key, double s)
{
	if (s >= 0)
		idle_build_number(b, key, s);
	else
		idle_build_str(b, key, NULL);
}

static int ec_state(void *self, idle_pcall *c, const char *computer, idle_sync_state *out)
{
	ec_provider *p = self;
	ec_run tmp, *r = run_of(c, &tmp);
	target *t = connect(p, r, c, computer);
	ec_scheduler s;
	idle_builder *b;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!t)
		return done(r, &tmp, c, IDLE_EPROVIDER);
	if ((rc = read_scheduler(p, t, c, &s, "get sync cycle state")))
		return done(r, &tmp, c, rc);
	out->in_progress = s.in_progress == 1;
	out->state = s.in_progress < 0 ? "Unknown" : s.in_progress ? "InProgress" : "Idle";
	out->next_policy = s.next_policy;
	out->staging_mode = s.staging;
	out->suspended = s.suspended;
	out->enabled = s.enabled;
	/* NextSyncCycleStartTimeInUTC moves when a cycle completes: the completion marker */
	out->last_run = s.next_start[0] ? idle_pcall_strdup(c, s.next_start) : NULL;
	if ((b = idle_pcall_builder(c, 0))) {
		build_seconds(b, "AllowedSyncCycleInterval", s.allowed_s);
		build_seconds(b, "CurrentlyEffectiveSyncCycleInterval", s.effective_s);
		build_seconds(b, "CustomizedSyncCycleInterval", s.customized_s);
		idle_build_str(b, "NextSyncCyclePolicyType", s.next_policy);
		idle_build_str(b, "NextSyncCycleStartTimeInUTC",
		               s.next_start[0] ? s.next_start : NULL);
		idle_build_bool(b, "StagingModeEnabled", s.staging);
		idle_build_bool(b, "SchedulerSuspended", s.suspended);
		idle_build_bool(b, "SyncCycleEnabled", s.enabled);
		if (s.in_progress >= 0)
			idle_build_bool(b, "SyncCycleInProgress", s.in_progress);
		out->details = idle_build_done(b);
	}
	return done(r, &tmp, c, 0);
}

/* A JSON map or list as an idle value in the call's memory (NULL when out of memory). */
static const idle_value *from_json(idle_pcall *c, const cJSON *j, int depth);

static void build_json(idle_pcall *c, idle_builder *b, const char *key, const cJSON *v, int depth)
{
	if (cJSON_IsString(v))
		idle_build_str(b, key, v->valuestring);
	else if (cJSON_IsBool(v))
		idle_build_bool(b, key, cJSON_IsTrue(v));
	else if (cJSON_IsNumber(v) && v->valuedouble == (double)(int64_t)v->valuedouble)
		idle_build_int(b, key, (int64_t)v->valuedouble);
	else if (cJSON_IsNumber(v))
		idle_build_number(b, key, v->valuedouble);
	else if ((cJSON_IsObject(v) || cJSON_IsArray(v)) && depth < 32)
		idle_build_value(b, key, from_json(c, v, depth + 1));
	else
		idle_build_str(b, key, NULL);
}

static const idle_value *from_json(idle_pcall *c, const cJSON *j, int depth)
{
	idle_builder *b = idle_pcall_builder(c, cJSON_IsArray(j));
	const cJSON *v;

	cJSON_ArrayForEach(v, j) build_json(c, b, v->string ? v->string : "", v, depth);
	return idle_build_done(b);
}

/* The member path a.b.c of j, or NULL. */
static const cJSON *at(const cJSON *j, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, a);

	return b ? cJSON_GetObjectItemCaseSensitive(v, b) : v;
}

static const char *str_at(const cJSON *j, const char *a, const char *b)
{
	const cJSON *v = at(j, a, b);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* What the single-object report says, for the step: a map over the whole report. */
static const idle_value *summarise(idle_pcall *c, const cJSON *rep, const char *dn)
{
	idle_builder *b = idle_pcall_builder(c, 0), *errs = idle_pcall_builder(c, 1);
	const cJSON *info = at(rep, "provisioningStatusInfo", "errorInformation"), *st;

	idle_build_str(b, "DistinguishedName", dn);
	idle_build_str(b, "Result", str_at(rep, "provisioningStatusInfo", "status"));
	idle_build_str(b, "ObjectType", str_at(rep, "sourceIdentity", "identityType"));
	idle_build_str(b, "Operation", str_at(rep, "provisioningAction", NULL));
	idle_build_str(b, "TargetId", str_at(rep, "targetIdentity", "id"));
	if (cJSON_IsObject(info)) {
		const char *code = str_at(info, "errorCode", NULL),
		           *why = str_at(info, "reason", NULL);
		char line[700];

		snprintf(line, sizeof(line), "%s%s%s", code ? code : "", code && why ? ": " : "",
		         why ? why : "");
		idle_build_str(errs, NULL, line);
	}
	cJSON_ArrayForEach(st, at(rep, "provisioningSteps", NULL))
	{
		const char *status = str_at(st, "status", NULL),
		           *d = str_at(st, "description", NULL);

		if (status && !strcasecmp(status, "failure") && d)
			idle_build_str(errs, NULL, d);
	}
	idle_build_value(b, "Errors", idle_build_done(errs));
	idle_build_bool(b, "StagingMode", cJSON_IsTrue(at(rep, "stagingMode", NULL)));
	idle_build_value(b, "Report", from_json(c, rep, 0));
	return idle_build_done(b);
}

static int ec_single_object(void *self, idle_pcall *c, const char *dn, const char *computer,
                            unsigned flags, const idle_value **report)
{
	ec_provider *p = self;
	ec_run tmp, *r = run_of(c, &tmp);
	target *t = connect(p, r, c, computer);
	ec_output out = {IDLE_BYTES_INIT, IDLE_BYTES_INIT, 0};
	idle_bytes script = IDLE_BYTES_INIT;
	cJSON *j = NULL;
	int rc;

	*report = NULL;
	if (!t)
		return done(r, &tmp, c, IDLE_EPROVIDER);
	rc = ec_adsync_single_object_script(&script, dn, flags);
	if (rc == -2)
		rc = failf(c, IDLE_FAILURE_INVALID, 0, NULL,
		           "the distinguished name holds a control character");
	else if (rc)
		rc = failf(c, IDLE_FAILURE_INTERNAL, 0, NULL, "out of memory");
	else
		rc = run_script(p, t, c, script.p, 0, &out);
	if (!rc && out.exit_code)
		rc = script_failed(c, t, &out, "sync the object");
	if (!rc && !cJSON_IsObject(j = ec_ps_json(out.out.p ? out.out.p : "", out.out.len)))
		rc = failf(c, IDLE_FAILURE_INTERNAL, 0, NULL,
		           "%s: Invoke-ADSyncSingleObjectSync printed no JSON report (%.80s)",
		           t->host, out.out.p ? out.out.p : "nothing");
	if (!rc && !(*report = summarise(c, j, dn)))
		rc = failf(c, IDLE_FAILURE_INTERNAL, 0, NULL, "out of memory");
	cJSON_Delete(j);
	idle_bytes_wipe(&script);
	ec_output_free(&out);
	return done(r, &tmp, c, rc);
}

/* Planning: a step that names no server, or an impossible one, would fail for certain. */
static int ec_check_step(void *self, idle_pcall *c, const char *step_type, const idle_value *with)
{
	const ec_provider *p = self;
	const idle_value *cv = idle_value_get(with, "ComputerName");
	const char *computer = idle_value_kind(cv) == IDLE_STRING && !idle_value_blank(cv)
	                           ? idle_value_string(cv, NULL)
	                           : NULL;
	const idle_auth_session *s = idle_pcall_session(c);
	const char *endpoint, *why = NULL;
	char url[512], host[256];

	(void)step_type;
	if (s && idle_session_type(s) == IDLE_SESSION_OAUTH)
		return idle_pcall_failure(
		    c, IDLE_FAILURE_INVALID, 0,
		    "EntraConnect logs on to a Windows server: the step's auth "
		    "session must be of type Credential or PSRemoting, not OAuth");
	if (!s && !computer)
		return 0; /* the host's session source may name the server when the step runs */
	endpoint = s && idle_session_type(s) == IDLE_SESSION_REMOTING
	               ? idle_session_param(s, "Endpoint")
	               : NULL;
	if (url_for(p, computer, endpoint, url, sizeof(url), host, sizeof(host), &why))
		return idle_pcall_failure(c, IDLE_FAILURE_INVALID, 0, "%s", why);
	return 0;
}

static const idle_dirsync_ops ec_dirsync = {
    .start = ec_start, .state = ec_state, .single_object = ec_single_object};
static const char *const ec_options[] = {"Scheme",
                                         "Port",
                                         "Path",
                                         "Authentication",
                                         "CaFile",
                                         "AllowUnencrypted",
                                         "ConnectTimeoutSeconds",
                                         "OperationTimeoutSeconds",
                                         "CommandTimeoutSeconds",
                                         NULL};

const idle_provider_type idle_provider_entraconnect = {
    IDLE_PROVIDER_TYPE_INIT,
    .name = "EntraConnect",
    .summary = "Entra Connect's sync scheduler over WinRM (Start-ADSyncSyncCycle, "
               "Get-ADSyncScheduler, Invoke-ADSyncSingleObjectSync)",
    .options = ec_options,
    .flags = IDLE_PROVIDER_USES_SESSIONS,
    .state_size = sizeof(ec_provider),
    .run_size = sizeof(ec_run),
    .init = ec_init,
    .free = ec_free,
    .close = ec_close,
    .check_step = ec_check_step,
    .dirsync = &ec_dirsync,
};
