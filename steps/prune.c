/*
 * steps/prune.c - IdLE.Step.PruneEntitlements (remove every entitlement of a
 * kind except those kept) and IdLE.Step.PruneEntitlementsEnsureKeep (the
 * same, and grant the kept ones that are missing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "steps/steps.h"

/* The entries of a value that may be one entry or a list of them. */
static size_t entries(const idle_value *v)
{
	if (!v || idle_value_kind(v) == IDLE_NULL)
		return 0;
	return idle_value_kind(v) == IDLE_ARRAY ? idle_value_count(v) : 1;
}

static const idle_value *entry(const idle_value *v, size_t i)
{
	return idle_value_kind(v) == IDLE_ARRAY ? idle_value_at(v, i) : v;
}

/* Keep: one entry or a list; each entry a hashtable with an Id. */
static void check_keep(idle_step_check *c, const idle_value *with, const char *step)
{
	const idle_value *keep = idle_steps__literal(with, "Keep");
	size_t i, n;
	char path[32];

	n = entries(keep);
	for (i = 0; i < n; i++) {
		const idle_value *e = entry(keep, i);
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
		if (!idle_value_has_template(id) && idle_value_blank(id))
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
	n = entries(kp);
	for (i = 0; i < n; i++) {
		const idle_value *p = entry(kp, i);
		idle_kind k = idle_value_kind(p);

		if (idle_value_kind(kp) == IDLE_ARRAY)
			snprintf(path, sizeof(path), "KeepPattern[%zu]", i);
		else
			snprintf(path, sizeof(path), "KeepPattern");
		if (k == IDLE_SCRIPTBLOCK || k == IDLE_MAP || k == IDLE_ARRAY)
			idle_step_check_error(
			    c, p, path, "PruneEntitlements: KeepPattern entries must be strings");
		else if (idle_value_blank(p))
			idle_step_check_error(
			    c, p, path, "PruneEntitlements: KeepPattern entries must not be empty");
	}
}

static void check_ensure_keep(idle_step_check *c, const idle_value *with)
{
	check_common(c, with, "PruneEntitlementsEnsureKeep");
}

/* ---- running ------------------------------------------------------------------------- */

/* The Keep entries as entitlements (Kind defaults to With.Kind); -1 after failing the step. */
/* With.Keep as entitlements (*out: malloc'ed, as many as there are entries). */
static int keep_list(idle_step_ctx *c, const idle_value *with, const char *kind,
                     idle_entitlement **keep_out, size_t *n)
{
	const idle_value *keep = idle_value_get(with, "Keep");
	size_t i, count = entries(keep);
	idle_entitlement *out = calloc(count ? count : 1, sizeof(*out));

	*n = 0;
	*keep_out = out;
	if (!out)
		return idle_step_fail(c, 0, "out of memory"), -1;
	for (i = 0; i < count; i++) {
		const idle_value *e = entry(keep, i);

		if (idle_value_kind(e) == IDLE_SCRIPTBLOCK)
			return idle_step_fail(c, 0,
			                      "PruneEntitlements: Keep entries must not contain "
			                      "ScriptBlocks."),
			       -1;
		if (idle_value_kind(e) == IDLE_MAP) {
			out[*n].id = idle_steps__text(c, e, "Id");
			out[*n].kind = idle_steps__text(c, e, "Kind");
		} else {
			out[*n].id = idle_value_blank(e) ? NULL : idle_step_text(c, e);
			out[*n].kind = NULL;
		}
		if (!out[*n].kind)
			out[*n].kind = kind;
		out[*n].display_name = NULL;
		if (!out[*n].id)
			return idle_step_fail(c, 0,
			                      "PruneEntitlements: each Keep entry requires an Id."),
			       -1;
		/* as the provider names it (a group given by its display name: its id) */
		if (idle_step_resolve_entitlement(c, &out[*n], &out[*n]))
			return -1;
		(*n)++;
	}
	return 0;
}

static int kept(const idle_entitlement *e, const idle_entitlement *keep, size_t nkeep,
                const char *const *patterns, size_t npat)
{
	size_t i;

	for (i = 0; i < nkeep; i++) /* by Id alone, as IdLE */
		if (e->id && idle_text_caseeq(e->id, keep[i].id))
			return 1;
	for (i = 0; i < npat; i++)
		if (idle_text_like(patterns[i], e->id) == 1)
			return 1;
	return 0;
}

static const idle_value *event_data(idle_step_ctx *c, const char *kind, const char *id,
                                    const char *reason)
{
	idle_builder *b = idle_step_builder(c, 0);

	idle_build_str(b, "Kind", kind);
	idle_build_str(b, "EntitlementId", id);
	if (reason)
		idle_build_str(b, "Reason", reason);
	return idle_build_done(b);
}

/* With.KeepPattern as strings (*out: malloc'ed, as many as there are entries). */
static int pattern_list(idle_step_ctx *c, const idle_value *with, const char ***out, size_t *n)
{
	const idle_value *kp = idle_value_get(with, "KeepPattern");
	size_t i, count = entries(kp);

	*n = 0;
	if (!(*out = calloc(count ? count : 1, sizeof(**out))))
		return idle_step_fail(c, 0, "out of memory"), -1;
	for (i = 0; i < count; i++) {
		const idle_value *p = entry(kp, i);

		if (idle_value_kind(p) == IDLE_SCRIPTBLOCK)
			return idle_step_fail(c, 0,
			                      "PruneEntitlements: KeepPattern entries must be "
			                      "strings, not ScriptBlocks."),
			       -1;
		if (idle_value_blank(p))
			return idle_step_fail(c, 0,
			                      "PruneEntitlements: KeepPattern entries must not be "
			                      "empty."),
			       -1;
		(*out)[(*n)++] = idle_step_text(c, p);
	}
	return 0;
}

static int prune(idle_step_ctx *c, const char *key, const char *kind, const idle_entitlement *keep,
                 size_t nkeep, const char *const *patterns, size_t npat, int ensure);

static int run_common(idle_step_ctx *c, const idle_value *with, int ensure)
{
	idle_entitlement *keep = NULL;
	const char **patterns = NULL, *key, *kind;
	size_t nkeep = 0, npat = 0;
	int rc;

	if (!(key = idle_steps__text(c, with, "IdentityKey")))
		return idle_step_fail(c, 0,
		                      "PruneEntitlements requires With.IdentityKey to be "
		                      "non-empty.");
	if (!(kind = idle_steps__text(c, with, "Kind")))
		return idle_step_fail(c, 0,
		                      "PruneEntitlements requires With.Kind to be non-empty.");
	rc = keep_list(c, with, kind, &keep, &nkeep) || pattern_list(c, with, &patterns, &npat)
	         ? 1
	         : prune(c, key, kind, keep, nkeep, patterns, npat, ensure);
	free(keep);
	free(patterns);
	return rc;
}

/* Revokes what is neither kept nor matched; with ensure, grants the missing Keep entries. */
static int prune(idle_step_ctx *c, const char *key, const char *kind, const idle_entitlement *keep,
                 size_t nkeep, const char *const *patterns, size_t npat, int ensure)
{
	idle_entitlement *have = NULL, *gone = NULL;
	idle_builder *skipped = idle_step_builder(c, 1), *data;
	size_t n = 0, i, j, nkind = 0, nremove = 0;
	const char **failed = NULL;
	int *did = NULL;
	char msg[1024];
	int changed = 0, any = 0;

	if (idle_step_list_entitlements(c, key, &have, &n))
		return 1;
	gone = calloc(n ? n : 1, sizeof(*gone));
	did = calloc(n ? n : 1, sizeof(*did));
	failed = calloc(n ? n : 1, sizeof(*failed));
	if (!gone || !did || !failed) {
		free(gone), free(did), free(failed);
		return idle_step_fail(c, 0, "out of memory");
	}
	for (i = 0; i < n; i++) {
		if (!have[i].kind || strcasecmp(have[i].kind, kind))
			continue; /* only entitlements of this Kind */
		nkind++;
		if (!kept(&have[i], keep, nkeep, patterns, npat))
			gone[nremove++] = have[i];
	}
	data = idle_step_builder(c, 0);
	idle_build_str(data, "Kind", kind);
	idle_build_int(data, "KeepCount", (int64_t)(nkind - nremove));
	idle_build_int(data, "PruneCount", (int64_t)nremove);
	snprintf(msg, sizeof(msg), "PruneEntitlements: plan - keep=%zu, remove=%zu",
	         nkind - nremove, nremove);
	idle_step_event(c, idle_event_type_name(IDLE_EVENT_INFORMATION), msg,
	                idle_build_done(data));
	/* removals are best effort (at once when the provider batches them): what cannot be
	 * removed is skipped, not fatal */
	if (nremove && idle_step_revoke_many(c, key, gone, nremove, did, failed)) {
		free(gone), free(did), free(failed);
		return 1;
	}
	for (i = 0; i < nremove; i++) {
		if (failed[i]) {
			idle_builder *sk = idle_step_builder(c, 0);

			idle_build_str(sk, "EntitlementId", gone[i].id);
			idle_build_str(sk, "Reason", failed[i]);
			idle_build_value(skipped, NULL, idle_build_done(sk));
			snprintf(msg, sizeof(msg),
			         "PruneEntitlements: skipped non-removable entitlement '%s': %s",
			         gone[i].id, failed[i]);
			idle_step_event(c, idle_event_type_name(IDLE_EVENT_WARNING), msg,
			                event_data(c, kind, gone[i].id, failed[i]));
		} else {
			any |= did[i];
			snprintf(msg, sizeof(msg), "PruneEntitlements: revoked entitlement '%s'",
			         gone[i].id);
			idle_step_event(c, idle_event_type_name(IDLE_EVENT_INFORMATION), msg,
			                event_data(c, kind, gone[i].id, NULL));
		}
	}
	free(gone), free(did), free(failed);
	/* PruneEntitlementsEnsureKeep: explicit Keep entries missing before the prune are granted */
	for (j = 0; ensure && j < nkeep; j++) {
		int present = 0;

		for (i = 0; i < n && !present; i++)
			present = idle_steps__same_entitlement(&have[i], &keep[j]);
		if (present)
			continue;
		if (idle_step_grant(c, key, &keep[j], &changed))
			return 1;
		any |= changed;
		snprintf(msg, sizeof(msg), "PruneEntitlements: granted keep entitlement '%s'",
		         keep[j].id);
		idle_step_event(c, idle_event_type_name(IDLE_EVENT_INFORMATION), msg,
		                event_data(c, keep[j].kind, keep[j].id, NULL));
	}
	idle_step_set_changed(c, any);
	idle_step_set_result(c, "Skipped", idle_build_done(skipped));
	return 0;
}

static int run_prune(idle_step_ctx *c, const idle_value *with)
{
	return run_common(c, with, 0);
}

static int run_ensure_keep(idle_step_ctx *c, const idle_value *with)
{
	if (idle_value_get(with, "KeepPattern"))
		return idle_step_fail(
		    c, 0,
		    "PruneEntitlementsEnsureKeep does not support With.KeepPattern. "
		    "Use With.Keep for explicit entitlements to retain and ensure.");
	return run_common(c, with, 1);
}

static const char *const required[] = {"IdentityKey", "Kind", NULL};
static const char *const opt_prune[] = {"Keep", "KeepPattern", IDLE_STEP_ROUTING, NULL};
static const char *const opt_keep[] = {"Keep", IDLE_STEP_ROUTING, NULL};
static const char *const cap_prune[] = {IDLE_CAP_ENTITLEMENT_PRUNE, IDLE_CAP_ENTITLEMENT_LIST,
                                        IDLE_CAP_ENTITLEMENT_REVOKE, NULL};
static const char *const cap_keep[] = {IDLE_CAP_ENTITLEMENT_PRUNE, IDLE_CAP_ENTITLEMENT_LIST,
                                       IDLE_CAP_ENTITLEMENT_REVOKE, IDLE_CAP_ENTITLEMENT_GRANT,
                                       NULL};

const idle_step_type idle_steptype_prune_entitlements = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.PruneEntitlements",
    "IdLE.Steps.Common",
    "revoke every entitlement of With.Kind except With.Keep and With.KeepPattern",
    required,
    opt_prune,
    cap_prune,
    check_prune,
    "Identity",
    run_prune,
};

const idle_step_type idle_steptype_prune_ensure_keep = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.PruneEntitlementsEnsureKeep",
    "IdLE.Steps.Common",
    "revoke every entitlement of With.Kind except With.Keep, and grant missing Keep entries",
    required,
    opt_keep,
    cap_keep,
    check_ensure_keep,
    "Identity",
    run_ensure_keep,
};
