/*
 * providers/entraconnect/adsync.h - the Entra Connect (ADSync) side: the
 * remote scripts, kept to one plain cmdlet piped to JSON each so that they
 * stay tiny and auditable, and the reading of what they print
 * (shared/spec/winrm-adsync.md section 5).
 */
#ifndef IDLE_PROVIDERS_ENTRACONNECT_ADSYNC_H
#define IDLE_PROVIDERS_ENTRACONNECT_ADSYNC_H

#include <stddef.h>

#include "providers/common/bytes.h"

/* Every script starts so: a failing cmdlet ends it with exit 1, no progress records. */
#define EC_SCRIPT_PRELUDE "$ErrorActionPreference='Stop'; $ProgressPreference='SilentlyContinue'; "

/* Get-ADSyncScheduler as JSON. */
#define EC_SCRIPT_SCHEDULER                                                                        \
	EC_SCRIPT_PRELUDE "Import-Module ADSync; Get-ADSyncScheduler | ConvertTo-Json -Compress"

/* Start-ADSyncSyncCycle [-PolicyType Delta|Initial] (policy: one of those, or NULL). */
int ec_adsync_start_script(idle_bytes *out, const char *policy);

/*
 * Invoke-ADSyncSingleObjectSync for dn (quoted as PowerShell needs: every
 * kind of single quote doubled), with -StagingMode, and -NoHtmlReport unless
 * the HTML report is asked for (IDLE_SYNC_OBJECT_* flags). -1 when out of
 * memory, -2 when dn holds a character no distinguished name may (a control
 * character).
 */
int ec_adsync_single_object_script(idle_bytes *out, const char *dn, unsigned flags);

/* What Get-ADSyncScheduler says (the fields idle uses). */
typedef struct ec_scheduler {
	int in_progress;         /* SyncCycleInProgress; -1: the build does not say (before 2018) */
	int staging;             /* StagingModeEnabled */
	int suspended;           /* SchedulerSuspended (0 when the build does not say) */
	int enabled;             /* SyncCycleEnabled */
	int maintenance;         /* MaintenanceEnabled, -1 when absent */
	const char *next_policy; /* "Delta", "Initial", "Unspecified", or NULL */
	char next_start[40];     /* NextSyncCycleStartTimeInUTC, ISO 8601 UTC, or "" */
	double allowed_s, effective_s, customized_s; /* intervals in seconds, -1 when absent */
} ec_scheduler;

/* Reads Get-ADSyncScheduler's JSON (stdout). 0, or -1 when it printed none. */
int ec_adsync_scheduler(const char *out, size_t len, ec_scheduler *s);

/* What an error of a remote command means. */
typedef enum ec_adsync_error {
	EC_ADSYNC_OTHER = 0,
	EC_ADSYNC_BUSY,           /* a cycle runs already: Connector: ... is busy */
	EC_ADSYNC_SUSPENDED,      /* the scheduler is suspended */
	EC_ADSYNC_PRIVILEGE,      /* IdLE's access/permission/privilege/elevation pattern */
	EC_ADSYNC_MODULE_MISSING, /* the ADSync module is not on this server */
	EC_ADSYNC_UNSUPPORTED,    /* single-object sync is not in this build */
	EC_ADSYNC_THROTTLED       /* single-object sync: retry after 5 minutes */
} ec_adsync_error;

/* Classifies an error text (decoded CLIXML). */
ec_adsync_error ec_adsync_classify(const char *text);

#endif
