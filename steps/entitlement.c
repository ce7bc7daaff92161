/*
 * steps/entitlement.c - IdLE.Step.EnsureEntitlement: an entitlement (group,
 * role, ...) is present or absent.
 */
#include "steps/steps.h"

static const char *const states[] = {"Present", "Absent", NULL};

static void check(idle_step_check *c, const idle_value *with)
{
	const idle_value *e = idle_steps__literal(with, "Entitlement");
	const idle_value *s = idle_steps__literal(with, "State");

	idle_steps__want_text(c, with, "IdentityKey", "IdentityKey");
	if (s && idle_value_blank(s))
		idle_step_check_error(c, s, "State",
		                      "EnsureEntitlement requires With.State to be 'Present' or "
		                      "'Absent'");
	else if (s && !idle_steps__one_of(s, states))
		idle_step_check_error(c, s, "State",
		                      "EnsureEntitlement With.State must be 'Present' or 'Absent'");
	if (!e)
		return;
	if (idle_value_kind(e) != IDLE_MAP) {
		idle_steps__want_map(c, with, "Entitlement", "Entitlement");
		return;
	}
	if (!idle_value_has_template(idle_value_get(e, "Kind")) &&
	    idle_value_blank(idle_value_get(e, "Kind")))
		idle_step_check_error(c, e, "Entitlement",
		                      "EnsureEntitlement requires Entitlement.Kind");
	if (!idle_value_has_template(idle_value_get(e, "Id")) &&
	    idle_value_blank(idle_value_get(e, "Id")))
		idle_step_check_error(c, e, "Entitlement",
		                      "EnsureEntitlement requires Entitlement.Id");
}

/* List, then Grant (Present, missing) or Revoke (Absent, present); otherwise nothing to do. */
static int run(idle_step_ctx *c, const idle_value *with)
{
	const idle_value *e = idle_value_get(with, "Entitlement");
	const idle_value *state = idle_value_get(with, "State");
	idle_entitlement want, *have = NULL;
	const char *key;
	size_t n = 0, i;
	int present, found = 0, changed = 0;

	if (idle_steps__need(c, with, "EnsureEntitlement", "IdentityKey", &key))
		return 1;
	if (!e)
		return idle_step_fail(c, 0, "EnsureEntitlement requires With.Entitlement.");
	if (idle_value_blank(state))
		return idle_step_fail(c, 0,
		                      "EnsureEntitlement requires With.State to be 'Present' or "
		                      "'Absent'.");
	if (!idle_steps__one_of(state, states))
		return idle_step_fail(
		    c, 0, "EnsureEntitlement With.State must be 'Present' or 'Absent'.");
	present = idle_steps__one_of(state, (const char *const[]){"Present", NULL});
	want.kind = idle_value_kind(e) == IDLE_MAP ? idle_steps__text(c, e, "Kind") : NULL;
	want.id = idle_value_kind(e) == IDLE_MAP ? idle_steps__text(c, e, "Id") : NULL;
	want.display_name = NULL; /* normalised to Kind and Id, as IdLE */
	if (!want.kind)
		return idle_step_fail(c, 0, "EnsureEntitlement requires Entitlement.Kind.");
	if (!want.id)
		return idle_step_fail(c, 0, "EnsureEntitlement requires Entitlement.Id.");
	/* compared as the provider names it: a group given by its display name is its id (B5) */
	if (idle_step_resolve_entitlement(c, &want, &want) ||
	    idle_step_list_entitlements(c, key, &have, &n))
		return 1;
	for (i = 0; i < n && !found; i++)
		found = idle_steps__same_entitlement(&have[i], &want);
	if (present && !found) {
		if (idle_step_grant(c, key, &want, &changed))
			return 1;
	} else if (!present && found) {
		if (idle_step_revoke(c, key, &want, &changed))
			return 1;
	}
	idle_step_set_changed(c, changed);
	return 0;
}

static const char *const required[] = {"IdentityKey", "Entitlement", "State", NULL};
static const char *const optional[] = {IDLE_STEP_ROUTING, NULL};
static const char *const caps[] = {IDLE_CAP_ENTITLEMENT_LIST, IDLE_CAP_ENTITLEMENT_GRANT,
                                   IDLE_CAP_ENTITLEMENT_REVOKE, NULL};

const idle_step_type idle_steptype_ensure_entitlement = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.EnsureEntitlement",
    "IdLE.Steps.Common",
    "make With.Entitlement (Kind, Id) Present or Absent on With.IdentityKey",
    required,
    optional,
    caps,
    check,
    "Identity",
    run,
};
