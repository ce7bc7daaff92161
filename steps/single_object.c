/*
 * steps/single_object.c - IdLE.Step.SyncSingleObject (idle's own): sync one
 * directory object to the cloud now (Entra Connect's
 * Invoke-ADSyncSingleObjectSync), for a joiner who cannot wait for the next
 * cycle. The report becomes the step's result: Result, ObjectType,
 * Operation, Errors, and the whole report under Report.
 *
 *   With = @{ DistinguishedName = 'CN=Jane Doe,OU=Staff,DC=contoso,DC=com'
 *             StagingMode = $false      # -StagingMode: everything but the export
 *             NoHtmlReport = $true      # $false: also write the HTML report on the server
 *             ComputerName = 'aadc01'   # as TriggerDirectorySync
 *             AuthSessionName = 'EntraConnect' }
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "steps/steps.h"

static void check(idle_step_check *c, const idle_value *with)
{
	static const char *const flags[] = {"StagingMode", "NoHtmlReport"};
	const idle_value *dn = idle_steps__literal(with, "DistinguishedName");
	size_t i;

	idle_steps__want_text(c, with, "DistinguishedName", "DistinguishedName");
	if (dn && idle_value_kind(dn) == IDLE_STRING && !idle_value_blank(dn) &&
	    !strchr(idle_value_string(dn, NULL), '='))
		idle_step_check_error(
		    c, dn, "DistinguishedName",
		    "SyncSingleObject: With.DistinguishedName must be a "
		    "distinguished name ('CN=Jane Doe,OU=Staff,DC=contoso,DC=com')");
	for (i = 0; i < 2; i++) {
		const idle_value *v = idle_steps__literal(with, flags[i]);

		if (v && idle_value_kind(v) != IDLE_BOOL && idle_value_kind(v) != IDLE_NULL)
			idle_step_check_error(c, v, flags[i],
			                      "SyncSingleObject: With.%s must be $true or $false",
			                      flags[i]);
	}
}

static int flag(const idle_value *with, const char *key, int def)
{
	const idle_value *v = idle_value_get(with, key);

	return idle_value_kind(v) == IDLE_BOOL ? idle_value_bool(v) : def;
}

static int run(idle_step_ctx *c, const idle_value *with)
{
	const char *dn = idle_steps__text(c, with, "DistinguishedName");
	const char *computer = idle_steps__text(c, with, "ComputerName");
	unsigned flags = (flag(with, "StagingMode", 0) ? IDLE_SYNC_OBJECT_STAGING : 0) |
	                 (flag(with, "NoHtmlReport", 1) ? 0 : IDLE_SYNC_OBJECT_HTML_REPORT);
	const idle_value *report = NULL, *errors;
	const char *result, *op, *type;
	idle_builder *d;
	char msg[1024];
	size_t i, n;

	if (!dn)
		return idle_step_fail(c, 0,
		                      "SyncSingleObject requires With.DistinguishedName to be "
		                      "non-empty.");
	if (idle_step_sync_object(c, dn, computer, flags, &report))
		return 1;
	result = idle_value_string(idle_value_get(report, "Result"), NULL);
	op = idle_value_string(idle_value_get(report, "Operation"), NULL);
	type = idle_value_string(idle_value_get(report, "ObjectType"), NULL);
	errors = idle_value_get(report, "Errors");
	for (i = 0; i < idle_value_count(report); i++) {
		const char *key = idle_value_key_at(report, i, NULL);

		idle_step_set_result(c, key, idle_value_at(report, i));
	}
	d = idle_step_builder(c, 0);
	idle_build_str(d, "DistinguishedName", dn);
	idle_build_str(d, "Result", result);
	idle_build_str(d, "ObjectType", type);
	idle_build_str(d, "Operation", op);
	idle_build_value(d, "Errors", errors);
	snprintf(msg, sizeof(msg), "Single-object sync of '%s': %s (%s %s%s)", dn,
	         result ? result : "no result", op ? op : "no operation", type ? type : "object",
	         flags & IDLE_SYNC_OBJECT_STAGING ? ", staging mode: not exported" : "");
	idle_step_event(c, idle_event_type_name(IDLE_EVENT_DIRSYNC_OBJECT_SYNCED), msg,
	                idle_build_done(d));
	if (!result || strcasecmp(result, "success")) {
		int skipped = result && !strcasecmp(result, "skipped");
		size_t o;

		if (skipped) { /* not in scope of any rule: nothing to sync, not an error */
			snprintf(
			    msg, sizeof(msg),
			    "SyncSingleObject: '%s' was skipped: no synchronization rule has it in "
			    "scope, so it is not synced",
			    dn);
			idle_step_event(c, idle_event_type_name(IDLE_EVENT_WARNING), msg, NULL);
			idle_step_set_changed(c, 0);
			return 0;
		}
		o = (size_t)snprintf(msg, sizeof(msg), "SyncSingleObject: '%s' was not synced (%s)",
		                     dn, result ? result : "no result");
		n = idle_value_count(errors);
		for (i = 0; i < n && o < sizeof(msg); i++)
			o += (size_t)snprintf(msg + o, sizeof(msg) - o, "%s %s", i ? ";" : ":",
			                      idle_value_string(idle_value_at(errors, i), NULL));
		return idle_step_fail(c, 0, "%s", msg);
	}
	idle_step_set_changed(c, !(flags & IDLE_SYNC_OBJECT_STAGING) && op &&
	                             (!strcasecmp(op, "create") || !strcasecmp(op, "update")));
	return 0;
}

static const char *const required[] = {"DistinguishedName", NULL};
static const char *const optional[] = {IDLE_STEP_ROUTING, "ComputerName", "StagingMode",
                                       "NoHtmlReport", NULL};
static const char *const caps[] = {IDLE_CAP_DIRSYNC_SINGLE_OBJECT, NULL};

const idle_step_type idle_steptype_sync_single_object = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.SyncSingleObject",
    "IdLE.Steps.DirectorySync",
    "sync one object (With.DistinguishedName) to the cloud now: Entra Connect's single-object "
    "sync",
    required,
    optional,
    caps,
    check,
    "DirectorySync",
    run,
};
