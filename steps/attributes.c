/*
 * steps/attributes.c - IdLE.Step.EnsureAttributes: attributes end up with the given values.
 */
#include "steps/steps.h"

static void check(idle_step_check *c, const idle_value *with)
{
	const idle_value *a = idle_steps__literal(with, "Attributes");

	idle_steps__want_text(c, with, "IdentityKey", "IdentityKey");
	if (!a)
		return;
	if (idle_value_kind(a) != IDLE_MAP)
		idle_steps__want_map(c, with, "Attributes", "Attributes");
	else if (idle_value_count(a) == 0)
		idle_step_check_error(
		    c, a, "Attributes",
		    "EnsureAttributes requires With.Attributes to contain at least "
		    "one attribute");
}

static const char *const required[] = {"IdentityKey", "Attributes", NULL};
static const char *const optional[] = {IDLE_STEP_ROUTING, NULL};
static const char *const caps[] = {"IdLE.Identity.Attribute.Ensure", NULL};

const idle_step_type idle_step_ensure_attributes = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.EnsureAttributes",
    "IdLE.Steps.Common",
    "set the attributes in With.Attributes on With.IdentityKey where they differ",
    required,
    optional,
    caps,
    check,
    "Identity",
};
