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

#include "providers/entraconnect/ec.h"
#include "providers/entraconnect/psout.h"

static const char *const schemes[] = {"https", "http", NULL};
const char *const ec_auth_names[] = {"Negotiate", "Ntlm", "Basic", NULL};
const idle_http_auth ec_auth_methods[] = {IDLE_HTTP_AUTH_NEGOTIATE, IDLE_HTTP_AUTH_NTLM,
                                          IDLE_HTTP_AUTH_BASIC};

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
	bad |= idle_pinit_enum(ctx, o, "Authentication", ec_auth_names, &p->auth) == IDLE_EINVALID;
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

int ec_fail(idle_pcall *c, const ec_target *t, const ec_error *e)
{
	if (e->cancelled)
		return idle_pcall_failure(c, IDLE_FAILURE_INTERNAL, 0, "%s: interrupted",
		                          t ? t->host : "EntraConnect");
	return idle_pcall_failure(c, e->kind, e->retry_after, "%s: %s%s%s%s",
	                          t ? t->host : "EntraConnect", e->message, e->hint ? " (" : "",
	                          e->hint ? e->hint : "", e->hint ? ")" : "");
}

int ec_failf(idle_pcall *c, idle_failure kind, double retry_after, const char *hint,
             const char *fmt, ...)
{
	ec_error e;
	va_list ap;

	va_start(ap, fmt);
	ec_error_vset(&e, kind, hint, fmt, ap);
	va_end(ap);
	e.retry_after = retry_after;
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

void ec_client_options(const ec_provider *p, ec_run *r, const char *url, const char *user,
                       const char *secret, ec_winrm_options *o)
{
	memset(o, 0, sizeof(*o));
	o->url = url;
	o->auth = ec_auth_methods[p->auth];
	o->user = user;
	o->secret = secret;
	o->ca_file = p->ca_file;
	o->allow_plain_http = p->allow_unencrypted;
	o->connect_timeout = p->connect_timeout;
	o->operation_timeout = p->operation_timeout;
	o->cancelled = run_cancelled;
	o->now = run_now;
	o->ud = r;
}

/* A host name, an IPv4 address or a bracketed IPv6 address: nothing that could bend the URL. */
int ec_host_ok(const char *h)
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
int ec_url_for(const ec_provider *p, const char *computer, const char *endpoint, char *url,
               size_t size, char *host, size_t hsize, const char **why)
{
	if (computer && !ec_host_ok(computer))
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
		if (!ec_host_ok(host))
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
ec_target *ec_connect(ec_provider *p, ec_run *r, idle_pcall *c, const char *computer)
{
	const idle_auth_session *s = idle_pcall_session(c);
	const char *endpoint = NULL, *user = NULL, *why = NULL;
	char url[512], host[256], *secret = NULL;
	ec_winrm_options o;
	ec_error e;
	ec_target *t;
	size_t i;

	r->call = c;
	if (computer && !*computer)
		computer = NULL;
	if (!s) {
		ec_failf(
		    c, IDLE_FAILURE_INVALID, 0,
		    "map the step's AuthSessionName to a Credential or PSRemoting session in "
		    "AuthSessions",
		    "EntraConnect needs an auth session with the Windows account to log on with");
		return NULL;
	}
	if (idle_session_type(s) == IDLE_SESSION_OAUTH) {
		ec_failf(
		    c, IDLE_FAILURE_INVALID, 0, NULL,
		    "EntraConnect logs on to a Windows server: its auth session must be of type "
		    "Credential or PSRemoting, not OAuth");
		return NULL;
	}
	if (idle_session_type(s) == IDLE_SESSION_REMOTING)
		endpoint = idle_session_param(s, "Endpoint");
	user = idle_session_param(s, "UserName");
	if (ec_url_for(p, computer, endpoint, url, sizeof(url), host, sizeof(host), &why)) {
		ec_failf(c, IDLE_FAILURE_INVALID, 0, NULL, "EntraConnect: %s", why);
		return NULL;
	}
	for (i = 0; i < r->n; i++)
		if (!strcmp(r->t[i].url, url) && !strcmp(r->t[i].user, user ? user : ""))
			return &r->t[i];
	if (r->n == EC_MAX_TARGETS) {
		ec_failf(c, IDLE_FAILURE_INVALID, 0, NULL,
		         "EntraConnect: a run may talk to at most %d servers and accounts",
		         EC_MAX_TARGETS);
		return NULL;
	}
	if (ec_auth_methods[p->auth] != IDLE_HTTP_AUTH_NEGOTIATE && (!user || !*user)) {
		ec_failf(c, IDLE_FAILURE_INVALID, 0, NULL,
		         "%s: %s authentication needs the session's UserName", host,
		         ec_auth_names[p->auth]);
		return NULL;
	}
	if (ec_auth_methods[p->auth] != IDLE_HTTP_AUTH_NEGOTIATE &&
	    !(secret = idle_session_secret(s, "Password", c)))
		return NULL; /* the call says why */
	t = &r->t[r->n];
	memset(t, 0, sizeof(*t));
	snprintf(t->url, sizeof(t->url), "%s", url);
	snprintf(t->user, sizeof(t->user), "%s", user ? user : "");
	snprintf(t->host, sizeof(t->host), "%s", host);
	ec_client_options(p, r, url, user, secret, &o);
	i = (size_t)ec_winrm_new(&t->w, &o, &e);
	idle_session_secret_free(secret);
	if (i) {
		ec_fail(c, t, &e);
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
ec_run *ec_run_of(idle_pcall *c, ec_run *tmp)
{
	ec_run *r = idle_pcall_run(c);

	if (r)
		return r;
	memset(tmp, 0, sizeof(*tmp));
	return tmp;
}

void ec_close_targets(ec_run *r, idle_pcall *c)
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

int ec_done(ec_run *r, ec_run *tmp, idle_pcall *c, int rc)
{
	if (r == tmp)
		ec_close_targets(tmp, c);
	r->call = NULL;
	return rc;
}

static int ec_close(void *self, idle_pcall *c)
{
	ec_run *r = idle_pcall_run(c);

	(void)self;
	if (r) {
		r->call = c;
		ec_close_targets(r, c);
		r->call = NULL;
	}
	return 0;
}

/* Runs a script; 0 with out filled, or the call failed. */
int ec_run_script(const ec_provider *p, ec_target *t, idle_pcall *c, const char *script,
                  unsigned flags, ec_output *out)
{
	double deadline = idle_pcall_now(c) + p->command_timeout, d = idle_pcall_deadline(c);
	ec_error e;

	if (d > 0 && d < deadline)
		deadline = d;
	if (ec_winrm_run(t->w, script, flags, deadline, out, &e))
		return ec_fail(c, t, &e);
	return 0;
}

/* The failure a script that exited nonzero means; what names what it tried to do. */
int ec_script_failed(idle_pcall *c, const ec_target *t, const ec_output *out, const char *what)
{
	idle_bytes text = IDLE_BYTES_INIT;
	char line[600];
	int rc;

	if (ec_ps_errors(out->err.p ? out->err.p : "", out->err.len, &text))
		return idle_bytes_wipe(&text),
		       ec_failf(c, IDLE_FAILURE_INTERNAL, 0, NULL, "out of memory");
	if (!text.len && out->out.len) /* cmd.exe's "The command line is too long." */
		ec_ps_errors(out->out.p, out->out.len, &text);
	ec_ps_summary(text.p ? text.p : "", line, sizeof(line));
	if (!line[0])
		snprintf(line, sizeof(line), "exit code %ld without an error message",
		         out->exit_code);
	switch (ec_adsync_classify(text.p ? text.p : "")) {
	case EC_ADSYNC_BUSY:
		rc = ec_failf(c, IDLE_FAILURE_TRANSIENT, 0, NULL,
		              "%s: a sync cycle is already running: %s", t->host, line);
		break;
	case EC_ADSYNC_SUSPENDED:
		rc = ec_failf(c, IDLE_FAILURE_CONFLICT, 0, NULL,
		              "%s: the scheduler is suspended: %s", t->host, line);
		break;
	case EC_ADSYNC_PRIVILEGE:
		rc = ec_failf(
		    c, IDLE_FAILURE_PERMISSION, 0,
		    "the account needs to be in the server's ADSyncOperators or ADSyncAdmins "
		    "group; a new membership takes effect at the next logon",
		    "%s: Failed to %s. Missing privileges or elevation. The AuthSession must "
		    "provide an elevated execution context. Original error: %s",
		    t->host, what, line);
		break;
	case EC_ADSYNC_MODULE_MISSING:
		rc = ec_failf(
		    c, IDLE_FAILURE_INVALID, 0,
		    "point the provider at the Entra Connect server, where the module lives in "
		    "C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\ADSync",
		    "%s: the ADSync PowerShell module is not installed there: %s", t->host, line);
		break;
	case EC_ADSYNC_UNSUPPORTED:
		rc = ec_failf(
		    c, IDLE_FAILURE_INVALID, 0,
		    "single-object sync needs Entra Connect 1.6.2.4 (March 2021) or later",
		    "%s: this Entra Connect build has no single-object sync: %s", t->host, line);
		break;
	case EC_ADSYNC_THROTTLED:
		rc = ec_failf(c, IDLE_FAILURE_TRANSIENT, 300, NULL, "%s: %s", t->host, line);
		break;
	default:
		rc = ec_failf(c, IDLE_FAILURE_INTERNAL, 0, NULL, "%s: Failed to %s: %s", t->host,
		              what, line);
	}
	idle_bytes_wipe(&text);
	return rc;
}

/* The scheduler's state (Get-ADSyncScheduler). 0, or the call failed. */
int ec_read_scheduler(const ec_provider *p, ec_target *t, idle_pcall *c, ec_scheduler *s,
                      const char *what)
{
	ec_output out = {IDLE_BYTES_INIT, IDLE_BYTES_INIT, 0};
	int rc = ec_run_script(p, t, c, EC_SCRIPT_SCHEDULER, EC_RUN_IDEMPOTENT, &out);

	if (!rc && out.exit_code)
		rc = ec_script_failed(c, t, &out, what);
	else if (!rc && ec_adsync_scheduler(out.out.p ? out.out.p : "", out.out.len, s))
		rc = ec_failf(c, IDLE_FAILURE_INTERNAL, 0, NULL,
		              "%s: Get-ADSyncScheduler printed no JSON (%.80s)", t->host,
		              out.out.p ? out.out.p : "nothing");
	ec_output_free(&out);
	return rc;
}

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
    .doctor = ec_doctor,
    .dirsync = &ec_dirsync_ops,
};
