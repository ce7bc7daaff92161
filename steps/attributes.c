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

/* Each attribute through EnsureAttribute; Changed if any changed; Data.Attributes lists them. */
static int run(idle_step_ctx *c, const idle_value *with)
{
	const idle_value *attrs = idle_value_get(with, "Attributes");
	idle_builder *details;
	const char *key;
	int any = 0;
	size_t i;

	if (idle_steps__need(c, with, "EnsureAttributes", "IdentityKey", &key))
		return 1;
	if (!attrs)
		return idle_step_fail(c, 0, "EnsureAttributes requires With.Attributes.");
	if (idle_value_kind(attrs) != IDLE_MAP)
		return idle_step_fail(
		    c, 0, "EnsureAttributes requires With.Attributes to be a hashtable.");
	if (!idle_value_count(attrs))
		return idle_step_fail(
		    c, 0,
		    "EnsureAttributes requires With.Attributes to contain at least "
		    "one attribute.");
	details = idle_step_builder(c, 1);
	for (i = 0; i < idle_value_count(attrs); i++) {
		const char *name = idle_value_key_at(attrs, i, NULL);
		idle_builder *d = idle_step_builder(c, 0);
		int changed = 0;

		if (idle_step_ensure_attribute(c, key, name, idle_value_at(attrs, i), &changed))
			return 1; /* a failed call fails the step (no partial result) */
		any |= changed;
		idle_build_str(d, "Name", name);
		idle_build_bool(d, "Changed", changed);
		idle_build_value(d, "Error", NULL);
		idle_build_value(details, NULL, idle_build_done(d));
	}
	idle_step_set_changed(c, any);
	idle_step_set_data(c, "Attributes", idle_build_done(details));
	return 0;
}

static const char *const required[] = {"IdentityKey", "Attributes", NULL};
static const char *const optional[] = {IDLE_STEP_ROUTING, NULL};
static const char *const caps[] = {IDLE_CAP_IDENTITY_ATTRIBUTE_ENSURE, NULL};

const idle_step_type idle_steptype_ensure_attributes = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.EnsureAttributes",
    "IdLE.Steps.Common",
    "set the attributes in With.Attributes on With.IdentityKey where they differ",
    required,
    optional,
    caps,
    check,
    "Identity",
    run,
};
