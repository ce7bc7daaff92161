/*
 * providers/entraconnect/doctor.c - idle doctor for EntraConnect: the
 * server's name, TCP, TLS, authentication, a remote shell, the ADSync
 * module and Get-ADSyncScheduler, in that order, each with what to do when
 * it fails; then the scheduler's state. Nothing is changed on the server
 * (the shell is deleted again).
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "providers/entraconnect/ec.h"
#include "providers/entraconnect/psout.h"

#define CHECK(c, st, name, fix, ...)                                                               \
	idle_pcall_check((c), IDLE_CHECK_##st, (name), (fix), __VA_ARGS__)

/* "[::1]" -> "::1" for the resolver. */
static void bare(const char *host, char *out, size_t size)
{
	size_t n = strlen(host);

	if (host[0] == '[' && n > 2)
		snprintf(out, size, "%.*s", (int)(n - 2), host + 1);
	else
		snprintf(out, size, "%s", host);
}

/* The port of url (after the host), or the scheme's default. */
static long url_port(const char *url, const char *host)
{
	const char *p = strstr(url, host);

	p = p ? p + strlen(host) : NULL;
	if (p && *p == ':')
		return strtol(p + 1, NULL, 10);
	return strncmp(url, "https", 5) ? 80 : 443;
}

/* DNS, then a TCP connection within the connect timeout. 0 when both pass. */
static int reach(idle_pcall *c, const ec_provider *p, const char *host, long port)
{
	struct addrinfo hints, *res = NULL, *ai;
	char name[256], addr[64] = "", sport[16];
	int rc, fd = -1, ok = 0;

	bare(host, name, sizeof(name));
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	snprintf(sport, sizeof(sport), "%ld", port);
	if ((rc = getaddrinfo(name, sport, &hints, &res))) {
		CHECK(c, FAIL, "DNS", "check the name, and the resolver configuration of this host",
		      "'%s' does not resolve: %s", name, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai && !ok; ai = ai->ai_next) {
		struct pollfd pfd;
		int err = 0;
		socklen_t len = sizeof(err);

		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK, ai->ai_protocol);
		if (fd < 0)
			continue;
		getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, sizeof(addr), NULL, 0,
		            NI_NUMERICHOST);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			ok = 1;
		} else if (errno == EINPROGRESS) {
			pfd.fd = fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, (int)(p->connect_timeout * 1000)) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && !err)
				ok = 1;
			else
				errno = err ? err : ETIMEDOUT;
		}
		if (!ok)
			rc = errno;
		close(fd);
	}
	freeaddrinfo(res);
	CHECK(c, PASS, "DNS", NULL, "%s -> %s", name, addr);
	if (!ok) {
		CHECK(c, FAIL, "TCP",
		      rc == ECONNREFUSED
		          ? "nothing listens there: enable WinRM's HTTPS listener on the server "
		            "(winrm quickconfig -transport:https, with a certificate for its name) "
		            "and check the port"
		          : "check the firewalls between this host and the server (port 5986 for "
		            "HTTPS), and the server's address",
		      "cannot connect to %s port %ld: %s", addr, port,
		      rc == ETIMEDOUT ? "no answer within the connect timeout" : strerror(rc));
		return -1;
	}
	CHECK(c, PASS, "TCP", NULL, "port %ld answers", port);
	return 0;
}

static const char *tls_detail(const ec_provider *p)
{
	return p->https ? (p->ca_file ? "certificate verified (CA file)"
	                              : "certificate verified (system store)")
	                : "plain http: unencrypted (AllowUnencrypted)";
}

/* What the first remote script's failure says about the stages before it. */
static void stage_failed(idle_pcall *c, const ec_provider *p, const ec_target *t, const ec_error *e,
                         const ec_winrm_stats *st)
{
	const char *tls = p->https ? "TLS" : "transport";

	if (st->shells_created) { /* the shell was made: the command failed */
		CHECK(c, PASS, tls, NULL, "%s", tls_detail(p));
		CHECK(c, PASS, "authentication", NULL, "%s as %s", ec_auth_names[p->auth], t->user);
		CHECK(c, PASS, "remote shell", NULL, "WinRS shell opened");
		CHECK(c, FAIL, "Get-ADSyncScheduler", e->hint, "%s", e->message);
		return;
	}
	if (e->kind == IDLE_FAILURE_AUTH || e->kind == IDLE_FAILURE_PERMISSION ||
	    e->kind == IDLE_FAILURE_TRANSIENT) /* the TLS session was there */
		CHECK(c, PASS, tls, NULL, "%s", tls_detail(p));
	else {
		CHECK(c, FAIL, tls, e->hint, "%s", e->message);
		return;
	}
	if (e->kind == IDLE_FAILURE_AUTH) {
		CHECK(c, FAIL, "authentication", e->hint, "%s", e->message);
		return;
	}
	CHECK(c, PASS, "authentication", NULL, "%s as %s", ec_auth_names[p->auth], t->user);
	CHECK(c, FAIL, "remote shell", e->hint, "%s", e->message);
}

/* The scheduler's state, for the operator. */
static void scheduler_info(idle_pcall *c, const ec_scheduler *s)
{
	CHECK(c, INFO, "scheduler", NULL, "cycle every %.0f min; next %s cycle at %s; %s; %s; %s%s",
	      s->effective_s / 60, s->next_policy ? s->next_policy : "(unknown)",
	      s->next_start[0] ? s->next_start : "(unknown)",
	      s->staging ? "STAGING MODE (exports suppressed)" : "not in staging mode",
	      s->suspended ? "SUSPENDED" : "not suspended",
	      s->enabled ? "cycles enabled" : "cycles DISABLED",
	      s->in_progress == 1 ? "; a cycle is running" : "");
}

int ec_doctor(void *self, idle_pcall *c, const char *computer)
{
	ec_provider *p = self;
	const idle_auth_session *s = idle_pcall_session(c);
	const char *endpoint = NULL, *user, *why = NULL;
	char url[512], host[256], *secret = NULL;
	ec_run r;
	ec_target t;
	ec_winrm_options o;
	ec_winrm_stats st;
	ec_output out = {IDLE_BYTES_INIT, IDLE_BYTES_INIT, 0};
	ec_scheduler sched;
	ec_error e;
	int rc;

	if (s && idle_session_type(s) == IDLE_SESSION_OAUTH) {
		CHECK(c, SKIP, "server", NULL,
		      "an OAuth session cannot log on to a Windows server");
		return 0;
	}
	if (s && idle_session_type(s) == IDLE_SESSION_REMOTING)
		endpoint = idle_session_param(s, "Endpoint");
	if (!computer && !endpoint) {
		CHECK(c, SKIP, "server", NULL,
		      "this session names no server (the steps' With.ComputerName does): run idle "
		      "doctor with --workflow and --request to check the servers they name");
		return 0;
	}
	if (ec_url_for(p, computer, endpoint, url, sizeof(url), host, sizeof(host), &why)) {
		CHECK(c, FAIL, "server", "fix the step's ComputerName or the session's Endpoint",
		      "%s", why);
		return 0;
	}
	idle_pcall_check_target(c, "%s", url);
	if (reach(c, p, host, url_port(url, host)))
		return 0;
	user = s ? idle_session_param(s, "UserName") : NULL;
	if (ec_auth_methods[p->auth] != IDLE_HTTP_AUTH_NEGOTIATE &&
	    (!user || !s || !(secret = idle_session_secret(s, "Password", c)))) {
		CHECK(
		    c, FAIL, "credentials",
		    "set the environment variable or file the session's PasswordEnv or "
		    "PasswordFile names",
		    "%s authentication needs the session's UserName and password, which cannot be "
		    "read",
		    ec_auth_names[p->auth]);
		return 0;
	}
	memset(&r, 0, sizeof(r));
	memset(&t, 0, sizeof(t));
	r.call = c;
	snprintf(t.user, sizeof(t.user), "%s", user ? user : "(the Kerberos ticket's)");
	snprintf(t.host, sizeof(t.host), "%s", host);
	ec_client_options(p, &r, url, user, secret, &o);
	rc = ec_winrm_new(&t.w, &o, &e);
	idle_session_secret_free(secret);
	if (rc) {
		CHECK(c, FAIL, "client", e.hint, "%s", e.message);
		return 0;
	}
	rc = ec_winrm_run(t.w, EC_SCRIPT_SCHEDULER, EC_RUN_IDEMPOTENT,
	                  idle_pcall_now(c) + p->command_timeout, &out, &e);
	ec_winrm_stats_get(t.w, &st);
	if (rc) {
		stage_failed(c, p, &t, &e, &st);
	} else {
		idle_bytes text = IDLE_BYTES_INIT;
		char line[600];

		CHECK(c, PASS, p->https ? "TLS" : "transport", NULL, "%s", tls_detail(p));
		CHECK(c, PASS, "authentication", NULL, "%s as %s", ec_auth_names[p->auth], t.user);
		CHECK(c, PASS, "remote shell", NULL, "WinRS shell opened");
		ec_ps_errors(out.err.p ? out.err.p : "", out.err.len, &text);
		ec_ps_summary(text.p ? text.p : "", line, sizeof(line));
		if (out.exit_code == 0 &&
		    ec_adsync_scheduler(out.out.p ? out.out.p : "", out.out.len, &sched) == 0) {
			CHECK(c, PASS, "ADSync module", NULL, "imported");
			CHECK(c, PASS, "Get-ADSyncScheduler", NULL, "answered");
			scheduler_info(c, &sched);
		} else if (ec_adsync_classify(text.p ? text.p : "") == EC_ADSYNC_MODULE_MISSING) {
			CHECK(c, FAIL, "ADSync module",
			      "point the provider at the Entra Connect server (the module lives in "
			      "C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\ADSync)",
			      "%s", line);
		} else if (ec_adsync_classify(text.p ? text.p : "") == EC_ADSYNC_PRIVILEGE) {
			CHECK(c, PASS, "ADSync module", NULL, "imported");
			CHECK(
			    c, FAIL, "Get-ADSyncScheduler",
			    "add the account to the server's ADSyncOperators (or ADSyncAdmins) group",
			    "%s", line);
		} else {
			CHECK(c, FAIL, "Get-ADSyncScheduler", NULL, "%s",
			      line[0] ? line : "it printed no scheduler state");
		}
		idle_bytes_wipe(&text);
	}
	ec_output_free(&out);
	r.t[0] = t;
	r.n = 1;
	ec_close_targets(&r, NULL); /* the shell is deleted, the connection closed */
	return 0;
}
