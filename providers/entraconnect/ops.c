/*
 * providers/entraconnect/ops.c - the directory-sync operations of the
 * EntraConnect provider: StartSyncCycle (with its pre-check), GetSyncCycleState
 * and SyncSingleObject, on the ADSync cmdlets; and the planning check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "providers/entraconnect/ec.h"
#include "providers/entraconnect/psout.h"

/* ---- operations ---------------------------------------------------------------------------------- */

static int ec_start(void *self, idle_pcall *c, const char *policy, const char *computer,
                    const char **message, int *changed)
{
	ec_provider *p = self;
	ec_run tmp, *r = ec_run_of(c, &tmp);
	ec_target *t = ec_connect(p, r, c, computer);
	ec_output out = {IDLE_BYTES_INIT, IDLE_BYTES_INIT, 0};
	idle_bytes script = IDLE_BYTES_INIT;
	idle_sync_policy pol;
	ec_scheduler s;
	cJSON *j = NULL;
	const cJSON *res;
	int rc;

	if (!t)
		return ec_done(r, &tmp, c, IDLE_EPROVIDER);
	if (policy && idle_sync_policy_parse(policy, &pol))
		return ec_done(r, &tmp, c,
		               ec_failf(c, IDLE_FAILURE_INVALID, 0, NULL,
		                        "PolicyType '%s' is not one of Delta, Initial", policy));
	if ((rc = ec_read_scheduler(p, t, c, &s, "start sync cycle")))
		return ec_done(r, &tmp, c, rc);
	if (s.suspended)
		return ec_done(
		    r, &tmp, c,
		    ec_failf(c, IDLE_FAILURE_CONFLICT, 0,
		             "wait until the upgrade is over or the Entra Connect wizard is closed",
		             "%s: the sync scheduler is suspended (SchedulerSuspended): a cycle "
		             "cannot start now",
		             t->host));
	if (s.in_progress == 1)
		return ec_done(r, &tmp, c,
		               ec_failf(c, IDLE_FAILURE_TRANSIENT, 0, NULL,
		                        "%s: a sync cycle is already running (SyncCycleInProgress)",
		                        t->host));
	if (s.staging) {
		idle_pcall_warning(c, "%s: %s", t->host, IDLE_SYNC_STAGING_WARNING);
		*changed = 0;
	}
	if (!s.enabled)
		idle_pcall_warning(c, "%s: %s", t->host, IDLE_SYNC_DISABLED_WARNING);
	if (ec_adsync_start_script(&script, policy ? idle_sync_policy_name(pol) : NULL))
		rc = ec_failf(c, IDLE_FAILURE_INTERNAL, 0, NULL, "out of memory");
	else
		rc = ec_run_script(p, t, c, script.p, 0, &out);
	if (!rc && out.exit_code)
		rc = ec_script_failed(c, t, &out, "start sync cycle");
	if (!rc) {
		j = ec_ps_json(out.out.p ? out.out.p : "", out.out.len);
		res = cJSON_GetObjectItemCaseSensitive(j, "Result");
		if (!cJSON_IsString(res) || strcasecmp(res->valuestring, "Success"))
			rc =
			    ec_failf(c, IDLE_FAILURE_INTERNAL, 0, NULL,
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
	return ec_done(r, &tmp, c, rc);
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
	ec_run tmp, *r = ec_run_of(c, &tmp);
	ec_target *t = ec_connect(p, r, c, computer);
	ec_scheduler s;
	idle_builder *b;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!t)
		return ec_done(r, &tmp, c, IDLE_EPROVIDER);
	if ((rc = ec_read_scheduler(p, t, c, &s, "get sync cycle state")))
		return ec_done(r, &tmp, c, rc);
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
	return ec_done(r, &tmp, c, 0);
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
	ec_run tmp, *r = ec_run_of(c, &tmp);
	ec_target *t = ec_connect(p, r, c, computer);
	ec_output out = {IDLE_BYTES_INIT, IDLE_BYTES_INIT, 0};
	idle_bytes script = IDLE_BYTES_INIT;
	cJSON *j = NULL;
	int rc;

	*report = NULL;
	if (!t)
		return ec_done(r, &tmp, c, IDLE_EPROVIDER);
	rc = ec_adsync_single_object_script(&script, dn, flags);
	if (rc == -2)
		rc = ec_failf(c, IDLE_FAILURE_INVALID, 0, NULL,
		              "the distinguished name holds a control character");
	else if (rc)
		rc = ec_failf(c, IDLE_FAILURE_INTERNAL, 0, NULL, "out of memory");
	else
		rc = ec_run_script(p, t, c, script.p, 0, &out);
	if (!rc && out.exit_code)
		rc = ec_script_failed(c, t, &out, "sync the object");
	if (!rc && !cJSON_IsObject(j = ec_ps_json(out.out.p ? out.out.p : "", out.out.len)))
		rc = ec_failf(c, IDLE_FAILURE_INTERNAL, 0, NULL,
		              "%s: Invoke-ADSyncSingleObjectSync printed no JSON report (%.80s)",
		              t->host, out.out.p ? out.out.p : "nothing");
	if (!rc && !(*report = summarise(c, j, dn)))
		rc = ec_failf(c, IDLE_FAILURE_INTERNAL, 0, NULL, "out of memory");
	cJSON_Delete(j);
	idle_bytes_wipe(&script);
	ec_output_free(&out);
	return ec_done(r, &tmp, c, rc);
}

/* Planning: a step that names no server, or an impossible one, would fail for certain. */
int ec_check_step(void *self, idle_pcall *c, const char *step_type, const idle_value *with)
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
	if (ec_url_for(p, computer, endpoint, url, sizeof(url), host, sizeof(host), &why))
		return idle_pcall_failure(c, IDLE_FAILURE_INVALID, 0, "%s", why);
	return 0;
}

const idle_dirsync_ops ec_dirsync_ops = {
    .start = ec_start, .state = ec_state, .single_object = ec_single_object};
