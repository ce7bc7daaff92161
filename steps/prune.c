/*
 * steps/prune.c - IdLE.Step.PruneEntitlements (remove every entitlement of a
 * kind except those kept) and IdLE.Step.PruneEntitlementsEnsureKeep (the
 * same, and grant the kept ones that are missing).
 */
#include <stdio.h>

#include "steps/steps.h"

/* Keep: one entry or a list; each entry a hashtable with an Id. */
static void check_keep(idle_step_check *c, const idle_value *with, const char *step)
{
	const idle_value *keep = idle_steps__literal(with, "Keep");
	size_t i, n;
	char path[32];

	if (!keep || idle_value_kind(keep) == IDLE_NULL)
		return;
	n = idle_value_kind(keep) == IDLE_ARRAY ? idle_value_count(keep) : 1;
	for (i = 0; i < n; i++) {
		const idle_value *e =
		    idle_value_kind(keep) == IDLE_ARRAY ? idle_value_at(keep, i) : keep;
		const idle_value *id;

		if (idle_value_kind(keep) == IDLE_ARRAY)
			snprintf(path, sizeof(path), "Keep[%zu]", i);
		else
			snprintf(path, sizeof(path), "Keep");
		if (idle_value_has_template(e))
			continue;
		if (idle_value_kind(e) != IDLE_MAP) {
			idle_step_check_error(c, e, path,
			                      "%s: each Keep entry must be a hashtable with an Id "
			                      "(and optionally a Kind)",
			                      step);
			continue;
		}
		id = idle_value_get(e, "Id");
		if (!idle_value_has_template(id) && idle_steps__blank(id))
			idle_step_check_error(c, e, path, "%s: each Keep entry requires an Id",
			                      step);
	}
}

static void check_common(idle_step_check *c, const idle_value *with, const char *step)
{
	idle_steps__want_text(c, with, "IdentityKey", "IdentityKey");
	idle_steps__want_text(c, with, "Kind", "Kind");
	check_keep(c, with, step);
}

static void check_prune(idle_step_check *c, const idle_value *with)
{
	const idle_value *kp = idle_steps__literal(with, "KeepPattern");
	size_t i, n;
	char path[40];

	check_common(c, with, "PruneEntitlements");
	if (!kp || idle_value_kind(kp) == IDLE_NULL)
		return;
	n = idle_value_kind(kp) == IDLE_ARRAY ? idle_value_count(kp) : 1;
	for (i = 0; i < n; i++) {
		const idle_value *p = idle_value_kind(kp) == IDLE_ARRAY ? idle_value_at(kp, i) : kp;
		idle_kind k = idle_value_kind(p);

		if (idle_value_kind(kp) == IDLE_ARRAY)
			snprintf(path, sizeof(path), "KeepPattern[%zu]", i);
		else
			snprintf(path, sizeof(path), "KeepPattern");
		if (k == IDLE_SCRIPTBLOCK || k == IDLE_MAP || k == IDLE_ARRAY)
			idle_step_check_error(
			    c, p, path, "PruneEntitlements: KeepPattern entries must be strings");
		else if (idle_steps__blank(p))
			idle_step_check_error(
			    c, p, path, "PruneEntitlements: KeepPattern entries must not be empty");
	}
}

static void check_ensure_keep(idle_step_check *c, const idle_value *with)
{
	check_common(c, with, "PruneEntitlementsEnsureKeep");
}

static const char *const required[] = {"IdentityKey", "Kind", NULL};
static const char *const opt_prune[] = {"Keep", "KeepPattern", IDLE_STEP_ROUTING, NULL};
static const char *const opt_keep[] = {"Keep", IDLE_STEP_ROUTING, NULL};
static const char *const cap_prune[] = {"IdLE.Entitlement.Prune", "IdLE.Entitlement.List",
                                        "IdLE.Entitlement.Revoke", NULL};
static const char *const cap_keep[] = {"IdLE.Entitlement.Prune", "IdLE.Entitlement.List",
                                       "IdLE.Entitlement.Revoke", "IdLE.Entitlement.Grant", NULL};

const idle_step_type idle_step_prune_entitlements = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.PruneEntitlements",
    "IdLE.Steps.Common",
    "revoke every entitlement of With.Kind except With.Keep and With.KeepPattern",
    required,
    opt_prune,
    cap_prune,
    check_prune,
    "Identity",
};

const idle_step_type idle_step_prune_ensure_keep = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.PruneEntitlementsEnsureKeep",
    "IdLE.Steps.Common",
    "revoke every entitlement of With.Kind except With.Keep, and grant missing Keep entries",
    required,
    opt_keep,
    cap_keep,
    check_ensure_keep,
    "Identity",
};
