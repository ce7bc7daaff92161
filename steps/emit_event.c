/*
 * steps/emit_event.c - IdLE.Step.EmitEvent: emits a Custom event with a message.
 */
#include "steps/steps.h"

static void check(idle_step_check *c, const idle_value *with)
{
	const idle_value *m = idle_steps__literal(with, "Message");

	if (m && (idle_value_kind(m) == IDLE_MAP || idle_value_kind(m) == IDLE_ARRAY))
		idle_step_check_warning(
		    c, m, "Message", "EmitEvent turns With.Message into text: %s %s becomes '%s'",
		    idle_value_kind(m) == IDLE_ARRAY ? "an" : "a",
		    idle_kind_name(idle_value_kind(m)),
		    idle_value_kind(m) == IDLE_MAP ? "System.Collections.Hashtable"
		                                   : "its items joined by spaces");
}

static const char *const optional[] = {"Message", IDLE_STEP_ROUTING, NULL};

const idle_step_type idle_step_emit_event = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.EmitEvent",
    "IdLE.Steps.Common",
    "emit a Custom event with With.Message (no provider needed)",
    NULL,
    optional,
    NULL,
    check,
    NULL,
};
