/*
 * steps/directory_sync.c - IdLE.Step.TriggerDirectorySync: start a directory
 * sync cycle (Entra Connect) and optionally wait until it has run.
 */
#include "steps/steps.h"

/* TimeoutSeconds / PollIntervalSeconds: whole numbers above 0 ([int] in IdLE). */
static void check_seconds(idle_step_check *c, const idle_value *with, const char *key)
{
	const idle_value *v = idle_steps__literal(with, key);
	idle_kind k;

	if (!v)
		return;
	k = idle_value_kind(v);
	if (k == IDLE_INT && idle_value_int(v) <= 0)
		idle_step_check_error(c, v, key,
		                      "TriggerDirectorySync: With.%s must be greater than 0", key);
	else if (k == IDLE_NUMBER && idle_value_number(v) < 0.5)
		idle_step_check_error(c, v, key,
		                      "TriggerDirectorySync: With.%s must be greater than 0", key);
	else if (k != IDLE_INT && k != IDLE_NUMBER && k != IDLE_NULL)
		idle_step_check_error(c, v, key,
		                      "TriggerDirectorySync: With.%s must be a number of "
		                      "seconds",
		                      key);
}

static const char *const policies[] = {"Delta", "Initial", NULL};

static void check(idle_step_check *c, const idle_value *with)
{
	const idle_value *w = idle_steps__literal(with, "Wait");
	const idle_value *p = idle_steps__literal(with, "PolicyType");

	check_seconds(c, with, "TimeoutSeconds");
	check_seconds(c, with, "PollIntervalSeconds");
	if (w && idle_value_kind(w) == IDLE_STRING)
		idle_step_check_warning(c, w, "Wait",
		                        "With.Wait is a string: PowerShell treats every non-empty "
		                        "string as true (even 'false'); use $true or $false");
	if (p && !idle_steps__blank(p) && !idle_steps__one_of(p, policies))
		idle_step_check_warning(c, p, "PolicyType",
		                        "Entra Connect knows the policy types Delta and Initial");
}

static const char *const optional[] = {
    IDLE_STEP_ROUTING, "ComputerName",        "PolicyType", "Wait",
    "TimeoutSeconds",  "PollIntervalSeconds", NULL};
static const char *const caps[] = {"IdLE.DirectorySync.Trigger", "IdLE.DirectorySync.Status", NULL};

const idle_step_type idle_step_trigger_directory_sync = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.TriggerDirectorySync",
    "IdLE.Steps.DirectorySync",
    "start a directory sync cycle (With.PolicyType) and, with With.Wait, wait for it",
    NULL,
    optional,
    caps,
    check,
    "DirectorySync",
};
