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
	if (s && idle_steps__blank(s))
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
	    idle_steps__blank(idle_value_get(e, "Kind")))
		idle_step_check_error(c, e, "Entitlement",
		                      "EnsureEntitlement requires Entitlement.Kind");
	if (!idle_value_has_template(idle_value_get(e, "Id")) &&
	    idle_steps__blank(idle_value_get(e, "Id")))
		idle_step_check_error(c, e, "Entitlement",
		                      "EnsureEntitlement requires Entitlement.Id");
}

static const char *const required[] = {"IdentityKey", "Entitlement", "State", NULL};
static const char *const optional[] = {IDLE_STEP_ROUTING, NULL};
static const char *const caps[] = {"IdLE.Entitlement.List", "IdLE.Entitlement.Grant",
                                   "IdLE.Entitlement.Revoke", NULL};

const idle_step_type idle_step_ensure_entitlement = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.EnsureEntitlement",
    "IdLE.Steps.Common",
    "make With.Entitlement (Kind, Id) Present or Absent on With.IdentityKey",
    required,
    optional,
    caps,
    check,
    "Identity",
};
