/*
 * engine/workflow.h - the rules of a workflow definition (shared/spec/
 * idle-planning.md sections 2-7), as checks over the value tree. Used by
 * idle_validate; planning reuses the same checks.
 */
#ifndef IDLE_ENGINE_WORKFLOW_H
#define IDLE_ENGINE_WORKFLOW_H

#include "engine/host.h"
#include "engine/template.h"
#include "engine/vctx.h"

/* Diagnostic codes of workflow validation (one per rule family; docs/validate.md lists them). */
#define IDLE_CODE_ROOT           "workflow-root"
#define IDLE_CODE_UNKNOWN_KEY    "unknown-key"
#define IDLE_CODE_MISSING_KEY    "missing-key"
#define IDLE_CODE_TYPE           "value-type"
#define IDLE_CODE_DUPLICATE_STEP "duplicate-step"
#define IDLE_CODE_RETRY_PROFILE  "retry-profile"
#define IDLE_CODE_PRECONDITION   "precondition"
#define IDLE_CODE_STEP_TYPE      "step-type"
#define IDLE_CODE_WITH_REQUIRED  "with-required"
#define IDLE_CODE_WITH_UNKNOWN   "with-unknown"
#define IDLE_CODE_WITH_VALUE     "with-value"
#define IDLE_CODE_RESOLVER       "resolver"
#define IDLE_CODE_TEMPLATE       "template"
#define IDLE_CODE_SCRIPTBLOCK    "scriptblock"
#define IDLE_CODE_LIFECYCLE      "lifecycle-event"
#define IDLE_CODE_CONDITION_PATH "condition-path"
#define IDLE_CODE_NOT_RESOLVED   "template-not-resolved"

/* Checks a workflow's root map and everything below it (not script blocks). */
void idle_wf_check(idle_vctx *v, const idle_host *host, const idle_value *root);

/* Reports every script block under v (IdLE's data-only rule), path "Steps[0].With.X". */
void idle_wf_check_data_only(idle_vctx *v, const idle_value *value);

/* Checks the {{templates}} of every string under value (With values). */
void idle_wf_check_templates(idle_vctx *v, const idle_value *value);

/*
 * The step catalog's rules for one step: required and supported With keys
 * (with hints), routing keys, ValueFrom, and the type's own value checks.
 * v's path is the step's on entry; with may be NULL.
 */
void idle_wf_check_with(idle_vctx *v, const idle_value *step, const idle_value *with,
                        const idle_step_type *t, const char *name);

/*
 * The precondition, onPreconditionFalse and preconditionEvent of a step of a
 * plan's x-idle (run --plan): the workflow's rules for their shapes.
 */
void idle_wf_check_exported_preconditions(idle_vctx *v, const idle_value *step);

/* Reports a template problem found in string value str (located inside it where possible). */
void idle_wf_template_issue(idle_vctx *v, const idle_value *str, const idle_tmpl_issue *is);

#endif
