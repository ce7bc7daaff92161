/*
 * providers/entraconnect/winrm.c - one WinRS shell over one keep-alive
 * connection: Create once, Command + Receive per script, Delete at the end.
 *
 * A finished command is not Signalled: its shell is kept for the next one
 * and the server frees the command with the shell (so a poll costs two round
 * trips); a command that has to be abandoned (deadline, cancellation) is
 * Signalled. When the server says the shell is gone or full, it is recreated
 * once, and the script sent again if it had not started (or if rerunning it
 * is harmless). A script that is harmless to rerun is also sent again, once,
 * after a broken connection or a server error.
 */
#include "providers/entraconnect/winrm.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/entraconnect/psout.h"
#include "providers/entraconnect/wsman.h"

#define CONTENT_TYPE  "application/soap+xml;charset=UTF-8"
#define SHELL_IDLE_S  1800.0        /* an abandoned shell (a killed process) goes after this */
#define HTTP_MARGIN_S 10.0          /* the client waits this much longer than the server may */
#define MAX_REPLY     (1024 * 1024) /* bytes of one reply's body */

struct ec_winrm {
	idle_http_client *http;
	char *url;
	double op_timeout;
	char shell_id[80];
	int closing; /* Delete runs even when the run has been cancelled */
	int (*cancelled)(void *ud);
	double (*now)(void *ud);
	void *ud;
	ec_winrm_stats st;
};

/* Exchange outcomes besides 0 and negative codes. */
#define FAULT 1

static const char hint_401[] =
    "check the user name and password; Basic works only for local accounts (use Ntlm or "
    "Negotiate for a domain account); a local administrator other than the built-in one "
    "needs LocalAccountTokenFilterPolicy = 1; Negotiate (Kerberos) needs the server's "
    "DNS name, not its IP address";
static const char hint_unencrypted[] =
    "over http:// WinRM expects encrypted messages, which idle does not send: use HTTPS "
    "(Scheme = 'https', port 5986), or allow unencrypted traffic on the server (lab only)";
static const char hint_access[] =
    "WinRS admits members of the server's local Administrators group only: add the account "
    "there, or grant it WinRS access (winrm configSDDL default)";
static const char hint_quota[] =
    "the account has too many open shells (MaxShellsPerUser): shells of killed runs expire "
    "after 30 minutes; or raise the limit (winrm set winrm/config/winrs "
    "@{MaxShellsPerUser=\"10\"})";

int ec_error_vset(ec_error *e, idle_failure kind, const char *hint, const char *fmt, va_list ap)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->hint = hint;
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	return IDLE_EPROVIDER;
}

static int __attribute__((format(printf, 4, 5)))
set(ec_error *e, idle_failure kind, const char *hint, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = ec_error_vset(e, kind, hint, fmt, ap);
	va_end(ap);
	return rc;
}

static int w_cancelled(void *ud)
{
	ec_winrm *w = ud;

	return !w->closing && w->cancelled && w->cancelled(w->ud);
}

static double now(const ec_winrm *w)
{
	return w->now ? w->now(w->ud) : 0;
}

int ec_winrm_new(ec_winrm **out, const ec_winrm_options *o, ec_error *e)
{
	idle_http_options h = IDLE_HTTP_OPTIONS_INIT;
	idle_http_error he;
	ec_winrm *w = calloc(1, sizeof(*w));
	int rc;

	*out = NULL;
	if (!w || !(w->url = strdup(o->url))) {
		free(w);
		return set(e, IDLE_FAILURE_INTERNAL, NULL, "out of memory"), IDLE_ENOMEM;
	}
	w->op_timeout = o->operation_timeout > 0 ? o->operation_timeout : 20;
	w->cancelled = o->cancelled;
	w->now = o->now;
	w->ud = o->ud;
	h.base_url = o->url;
	h.ca_file = o->ca_file;
	h.allow_plain_http = o->allow_plain_http;
	h.connect_timeout = o->connect_timeout;
	h.timeout = w->op_timeout + HTTP_MARGIN_S;
	h.max_body = MAX_REPLY; /* a reply is at most MaxEnvelopeSize (150 KiB) */
	h.auth = o->auth;
	h.user = o->user;
	h.secret = o->secret;
	h.cancelled = w_cancelled;
	h.cancel_ud = w;
	if ((rc = idle_http_new(&w->http, &h, &he))) {
		set(e, he.kind, he.hint, "%s", he.message);
		free(w->url);
		free(w);
		return rc;
	}
	*out = w;
	return 0;
}

/* The error of a fault reply. */
static int fault_error(ec_error *e, const ec_wsman_reply *r, const char *doing)
{
	switch (r->code) {
	case EC_WSMAN_ACCESS_DENIED:
		return set(e, IDLE_FAILURE_PERMISSION, hint_access,
		           "WinRM refused to %s for this account: %s (WSManFault 5)", doing,
		           r->message);
	case EC_WSMAN_QUOTA_SHELLS:
		return set(e, IDLE_FAILURE_TRANSIENT, hint_quota,
		           "WinRM refused to %s: too many shells are open for this account "
		           "(WSManFault %llu: %s)",
		           doing, r->code, r->message);
	case EC_WSMAN_TIMED_OUT:
		return set(e, IDLE_FAILURE_TRANSIENT, NULL,
		           "WinRM timed out (OperationTimeout) while trying to %s", doing);
	default:
		return set(e, IDLE_FAILURE_INTERNAL, NULL,
		           "WinRM fault %llu (%s) while trying to %s: %s", r->code,
		           r->subcode[0] ? r->subcode : "no subcode", doing, r->message);
	}
}

/*
 * Sends one request and reads its reply. 0 (rep filled), FAULT (a WS-Man
 * fault: rep filled), or IDLE_EPROVIDER / IDLE_EUSER with e filled.
 */
static int exchange(ec_winrm *w, ec_wsman_request *rq, ec_output *out, ec_wsman_reply *rep,
                    const char *doing, ec_error *e)
{
	char msgid[64], why[160];
	idle_bytes xml = IDLE_BYTES_INIT;
	idle_http_response r;
	idle_http_error he;
	idle_http_stats hs;
	int rc;

	ec_wsman_message_id(msgid, sizeof(msgid));
	rq->message_id = msgid;
	rq->to = w->url;
	if (rq->operation_timeout <= 0)
		rq->operation_timeout = w->op_timeout;
	if (ec_wsman_build(&xml, rq))
		return idle_bytes_wipe(&xml), set(e, IDLE_FAILURE_INTERNAL, NULL, "out of memory");
	w->st.round_trips++;
	rc = idle_http_request(&r, w->http, "POST", "", CONTENT_TYPE, xml.p, xml.len, NULL, &he);
	idle_bytes_wipe(&xml);
	idle_http_stats_get(w->http, &hs);
	w->st.connections = hs.connections;
	if (rc) {
		set(e, he.kind, he.hint, "cannot %s: %s", doing, he.message);
		e->cancelled = he.cancelled;
		e->retry_after = he.retry_after;
		return he.cancelled ? IDLE_EUSER : IDLE_EPROVIDER;
	}
	if (r.status == 401) {
		idle_http_response_free(&r);
		return set(e, IDLE_FAILURE_AUTH, hint_401,
		           "cannot %s: the WinRM service rejected the credentials (HTTP 401)",
		           doing);
	}
	if (r.status != 200 && r.status != 500 && r.status != 400) {
		idle_failure k = idle_http_status_failure(r.status);
		double ra = r.retry_after;

		idle_http_response_free(&r);
		set(e, k,
		    r.status == 404 ? "is the WinRM listener on this port, and its path /wsman?"
		                    : NULL,
		    "cannot %s: HTTP %ld from the WinRM service", doing, r.status);
		e->retry_after = ra;
		return IDLE_EPROVIDER;
	}
	rc = ec_wsman_parse(r.body, r.body_len, rq->command_id, out ? &out->out : NULL,
	                    out ? &out->err : NULL, rep, why, sizeof(why));
	if (rc == -1) {
		idle_http_response_free(&r);
		return set(e, IDLE_FAILURE_INTERNAL, NULL, "out of memory");
	}
	if (rc == -2 || (r.status != 200 && !rep->fault)) {
		long status = r.status;

		idle_http_response_free(&r);
		if (status != 200)
			return set(e, IDLE_FAILURE_INTERNAL, hint_unencrypted,
			           "cannot %s: HTTP %ld without a WS-Man fault", doing, status);
		return set(e, IDLE_FAILURE_INTERNAL, NULL, "cannot %s: %s", doing, why);
	}
	idle_http_response_free(&r);
	if (rep->relates_to[0] && strcmp(rep->relates_to, msgid))
		return set(e, IDLE_FAILURE_INTERNAL, NULL,
		           "cannot %s: the reply answers another request (RelatesTo %s)", doing,
		           rep->relates_to);
	return rep->fault ? FAULT : 0;
}

static int create_shell(ec_winrm *w, ec_error *e)
{
	ec_wsman_request rq = {.action = EC_WSMAN_CREATE, .idle_timeout = SHELL_IDLE_S};
	ec_wsman_reply rep;
	int rc = exchange(w, &rq, NULL, &rep, "open a shell", e);

	if (rc == FAULT)
		return fault_error(e, &rep, "open a shell");
	if (rc)
		return rc;
	if (!rep.shell_id[0])
		return set(e, IDLE_FAILURE_INTERNAL, NULL,
		           "cannot open a shell: the server's reply names no ShellId");
	snprintf(w->shell_id, sizeof(w->shell_id), "%s", rep.shell_id);
	w->st.shells_created++;
	return 0;
}

/* The shell is gone or cannot take more commands: make another one. */
static int recreatable(const ec_wsman_reply *r)
{
	return r->code == EC_WSMAN_SHELL_NOT_FOUND || r->code == EC_WSMAN_QUOTA_OPERATIONS ||
	       r->code == EC_WSMAN_REGISTRY_READ;
}

/* Abandons a command (best effort: its own failure is not reported). */
static void signal_terminate(ec_winrm *w, const char *command_id)
{
	ec_wsman_request rq = {
	    .action = EC_WSMAN_SIGNAL, .shell_id = w->shell_id, .command_id = command_id};
	ec_wsman_reply rep;
	ec_error ignored;
	int closing = w->closing;

	w->closing = 1;
	exchange(w, &rq, NULL, &rep, "stop the command", &ignored);
	w->closing = closing;
}

/* Drops the shell (deleting it when it may still exist: a full one). */
static void drop_shell(ec_winrm *w, const ec_wsman_reply *why)
{
	if (why->code != EC_WSMAN_SHELL_NOT_FOUND) {
		ec_error ignored;

		ec_winrm_close(w, &ignored);
	}
	w->shell_id[0] = '\0';
}

int ec_winrm_run(ec_winrm *w, const char *script, unsigned flags, double deadline, ec_output *out,
                 ec_error *e)
{
	idle_bytes line = IDLE_BYTES_INIT;
	char command_id[80];
	int rc, retried = 0;

	ec_output_free(out);
	if ((rc = ec_ps_command_line(&line, script)))
		return idle_bytes_wipe(&line),
		       set(e, IDLE_FAILURE_INTERNAL, NULL,
		           rc == -2 ? "the script is too long for a command line (%d characters)"
		                    : "out of memory",
		           EC_PS_CMDLINE_MAX);
again:
	if (!w->shell_id[0] && (rc = create_shell(w, e)))
		goto done;
	{
		ec_wsman_request rq = {
		    .action = EC_WSMAN_COMMAND, .shell_id = w->shell_id, .command_line = line.p};
		ec_wsman_reply rep;

		rc = exchange(w, &rq, NULL, &rep, "start the command", e);
		if (rc == FAULT && recreatable(&rep) && !retried) {
			retried = 1;
			drop_shell(w, &rep);
			goto again;
		}
		if (rc == IDLE_EPROVIDER && e->kind == IDLE_FAILURE_TRANSIENT &&
		    (flags & EC_RUN_IDEMPOTENT) && !retried) {
			retried = 1; /* a broken connection: once more on a new one */
			goto again;
		}
		if (rc == FAULT)
			rc = fault_error(e, &rep, "start the command");
		if (rc)
			goto done;
		if (!rep.command_id[0]) {
			rc = set(e, IDLE_FAILURE_INTERNAL, NULL,
			         "cannot start the command: the server's reply names no CommandId");
			goto done;
		}
		snprintf(command_id, sizeof(command_id), "%s", rep.command_id);
		w->st.commands++;
	}
	for (;;) {
		double left = deadline > 0 ? deadline - now(w) : w->op_timeout;
		ec_wsman_request rq = {
		    .action = EC_WSMAN_RECEIVE, .shell_id = w->shell_id, .command_id = command_id};
		ec_wsman_reply rep;

		if (left <= 0) {
			signal_terminate(w, command_id);
			rc = set(e, IDLE_FAILURE_TRANSIENT, NULL,
			         "the remote command did not finish in time");
			goto done;
		}
		rq.operation_timeout = left < w->op_timeout ? (left < 1 ? 1 : left) : w->op_timeout;
		rc = exchange(w, &rq, out, &rep, "read the command's output", e);
		if (rc == FAULT && rep.code == EC_WSMAN_TIMED_OUT) {
			w->st.timed_out_receives++;
			continue;
		}
		if (rc == FAULT && recreatable(&rep) && (flags & EC_RUN_IDEMPOTENT) && !retried) {
			retried = 1;
			ec_output_free(out);
			drop_shell(w, &rep);
			goto again;
		}
		if (((rc == IDLE_EPROVIDER && e->kind == IDLE_FAILURE_TRANSIENT) ||
		     (rc == FAULT && rep.code != EC_WSMAN_ACCESS_DENIED)) &&
		    (flags & EC_RUN_IDEMPOTENT) && !retried) {
			retried = 1; /* a broken connection, a server error: run it again */
			ec_output_free(out);
			goto again;
		}
		if (rc == FAULT)
			rc = fault_error(e, &rep, "read the command's output");
		if (rc) {
			if (rc == IDLE_EUSER)
				signal_terminate(w, command_id);
			goto done;
		}
		if (out->out.failed || out->err.failed) {
			rc = set(e, IDLE_FAILURE_INTERNAL, NULL, "out of memory");
			goto done;
		}
		if (rep.state == EC_STATE_DONE) {
			if (!rep.has_exit_code) {
				rc = set(e, IDLE_FAILURE_INTERNAL, NULL,
				         "the remote command ended without an exit code");
				goto done;
			}
			out->exit_code = rep.exit_code;
			break;
		}
	}
	rc = 0;
done:
	idle_bytes_wipe(&line);
	return rc;
}

int ec_winrm_close(ec_winrm *w, ec_error *e)
{
	ec_wsman_request rq = {.action = EC_WSMAN_DELETE};
	ec_wsman_reply rep;
	int rc;

	if (!w || !w->shell_id[0])
		return 0;
	rq.shell_id = w->shell_id;
	w->closing = 1;
	rc = exchange(w, &rq, NULL, &rep, "delete the shell", e);
	w->closing = 0;
	if (rc == FAULT && rep.code == EC_WSMAN_SHELL_NOT_FOUND)
		rc = 0; /* gone already */
	else if (rc == FAULT)
		rc = fault_error(e, &rep, "delete the shell");
	if (rc == 0)
		w->st.shells_deleted++;
	w->shell_id[0] = '\0';
	return rc;
}

void ec_winrm_free(ec_winrm *w)
{
	if (!w)
		return;
	idle_http_free(w->http);
	free(w->url);
	free(w);
}

void ec_winrm_stats_get(const ec_winrm *w, ec_winrm_stats *out)
{
	*out = w->st;
}

void ec_output_free(ec_output *o)
{
	idle_bytes_wipe(&o->out);
	idle_bytes_wipe(&o->err);
	o->exit_code = 0;
}
