/*
 * providers/entraconnect/adsync.c - the ADSync scripts and what their output
 * and errors mean.
 */
#include "providers/entraconnect/adsync.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <idle/sys/provider.h>

#include "providers/entraconnect/psout.h"

#define DIAGNOSTICS_MODULE                                                                         \
	"C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\ADSyncDiagnostics\\ADSyncDiagnostics.psm1"

int ec_adsync_start_script(idle_bytes *out, const char *policy)
{
	idle_bytes_adds(out, EC_SCRIPT_PRELUDE "Import-Module ADSync; $r = Start-ADSyncSyncCycle");
	if (policy) /* Delta or Initial: validated by the caller, never free text */
		idle_bytes_printf(out, " -PolicyType %s", policy);
	idle_bytes_adds(out, "; ConvertTo-Json -Compress @{ Result = \"$($r.Result)\" }");
	return out->failed ? -1 : 0;
}

/* The quotes PowerShell ends a single-quoted string with: ' and the typographic ‘ ’ ‚ ‛. */
static size_t quote_len(const char *s)
{
	static const char *const quotes[] = {"'", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9A",
	                                     "\xE2\x80\x9B"};
	size_t i;

	for (i = 0; i < sizeof(quotes) / sizeof(quotes[0]); i++)
		if (!strncmp(s, quotes[i], strlen(quotes[i])))
			return strlen(quotes[i]);
	return 0;
}

int ec_adsync_single_object_script(idle_bytes *out, const char *dn, unsigned flags)
{
	const char *p;

	for (p = dn; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			return -2;
	idle_bytes_adds(out,
	                EC_SCRIPT_PRELUDE "Import-Module '" DIAGNOSTICS_MODULE
	                                  "'; Invoke-ADSyncSingleObjectSync -DistinguishedName '");
	for (p = dn; *p;) {
		size_t q = quote_len(p);

		if (q) { /* doubled: the string goes on */
			idle_bytes_add(out, p, q);
			idle_bytes_add(out, p, q);
			p += q;
		} else {
			idle_bytes_add(out, p++, 1);
		}
	}
	idle_bytes_adds(out, "'");
	if (flags & IDLE_SYNC_OBJECT_STAGING)
		idle_bytes_adds(out, " -StagingMode");
	if (!(flags & IDLE_SYNC_OBJECT_HTML_REPORT))
		idle_bytes_adds(out, " -NoHtmlReport");
	return out->failed ? -1 : 0;
}

int ec_adsync_scheduler(const char *out, size_t len, ec_scheduler *s)
{
	cJSON *j = ec_ps_json(out, len);

	memset(s, 0, sizeof(*s));
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return -1;
	}
	s->in_progress = ec_ps_bool(j, "SyncCycleInProgress");
	s->staging = ec_ps_bool(j, "StagingModeEnabled") == 1;
	s->suspended = ec_ps_bool(j, "SchedulerSuspended") == 1;
	s->enabled = ec_ps_bool(j, "SyncCycleEnabled") != 0; /* absent: enabled */
	s->maintenance = ec_ps_bool(j, "MaintenanceEnabled");
	s->next_policy = ec_ps_policy(j, "NextSyncCyclePolicyType");
	if (ec_ps_date(j, "NextSyncCycleStartTimeInUTC", s->next_start, sizeof(s->next_start)))
		s->next_start[0] = '\0';
	s->allowed_s = ec_ps_timespan(j, "AllowedSyncCycleInterval");
	s->effective_s = ec_ps_timespan(j, "CurrentlyEffectiveSyncCycleInterval");
	s->customized_s = ec_ps_timespan(j, "CustomizedSyncCycleInterval");
	cJSON_Delete(j);
	return 0;
}

/* 1 when text holds a before b (case-insensitively). */
static int has_then(const char *text, const char *a, const char *b)
{
	const char *p = strcasestr(text, a);

	return p && (!b || strcasestr(p + strlen(a), b));
}

ec_adsync_error ec_adsync_classify(const char *text)
{
	static const char *const privilege[] = {"permission", "privilege", "elevation",
	                                        "administrator", "unauthorized"};
	size_t i;

	if (has_then(text, "InvalidOperationException", "is busy"))
		return EC_ADSYNC_BUSY;
	if (has_then(text, "scheduler is suspended", NULL) ||
	    has_then(text, "SchedulerSuspended", NULL))
		return EC_ADSYNC_SUSPENDED;
	if (has_then(text, "throttled", NULL) || has_then(text, "retry after", "minute"))
		return EC_ADSYNC_THROTTLED;
	if (has_then(text, "'Invoke-ADSyncSingleObjectSync' is not recognized", NULL) ||
	    has_then(text, "ADSyncDiagnostics", "was not loaded"))
		return EC_ADSYNC_UNSUPPORTED;
	if (has_then(text, "module 'ADSync' was not loaded", NULL) ||
	    has_then(text, "-ADSync", "is not recognized"))
		return EC_ADSYNC_MODULE_MISSING;
	if (has_then(text, "access", "denied"))
		return EC_ADSYNC_PRIVILEGE;
	for (i = 0; i < sizeof(privilege) / sizeof(privilege[0]); i++)
		if (has_then(text, privilege[i], NULL))
			return EC_ADSYNC_PRIVILEGE;
	return EC_ADSYNC_OTHER;
}
