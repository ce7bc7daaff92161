/*
 * steps/emit_event.c - IdLE.Step.EmitEvent: emits a Custom event with a message.
 */
#include <stdio.h>

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

/* Message, or "Custom event emitted by step '<name>'." when there is none. */
static int run(idle_step_ctx *c, const idle_value *with)
{
	const char *msg = idle_steps__text(c, with, "Message");
	idle_builder *data = idle_step_builder(c, 0);
	char buf[512];

	if (!msg) {
		snprintf(buf, sizeof(buf), "Custom event emitted by step '%s'.", idle_step_name(c));
		msg = buf;
	}
	idle_build_str(data, "StepType", idle_step_type_name(c));
	idle_step_event(c, NULL, msg, idle_build_done(data)); /* the default type: Custom */
	return 0;
}

static const char *const optional[] = {"Message", IDLE_STEP_ROUTING, NULL};

const idle_step_type idle_steptype_emit_event = {
    IDLE_STEP_TYPE_VERSION,
    "IdLE.Step.EmitEvent",
    "IdLE.Steps.Common",
    "emit a Custom event with With.Message (no provider needed)",
    NULL,
    optional,
    NULL,
    check,
    NULL,
    run,
};
