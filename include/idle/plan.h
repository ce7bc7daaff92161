/*
 * idle/plan.h - planning: a workflow, a request and (optionally) the
 * providers become a plan that says exactly what would run, with every
 * template resolved and every condition decided (IdLE's New-IdlePlan), and
 * the plan's export in IdLE's JSON format (schema 1.0).
 */
#ifndef IDLE_PLAN_H
#define IDLE_PLAN_H

#include "common.h"
#include "config.h"
#include "diag.h"
#include "document.h"
#include "host.h"
#include "json.h"
#include "request.h"
#include "value.h"

IDLE_BEGIN_DECL

typedef struct idle_plan idle_plan;
typedef struct idle_plan_step idle_plan_step;

typedef struct idle_plan_options {
	unsigned int version; /* IDLE_PLAN_OPTIONS_VERSION */
	unsigned int flags;   /* none yet */
} idle_plan_options;

#define IDLE_PLAN_OPTIONS_VERSION 1
#define IDLE_PLAN_OPTIONS_INIT                                                                     \
	{                                                                                          \
		IDLE_PLAN_OPTIONS_VERSION, 0                                                       \
	}

/**
 * Builds the plan, in IdLE's order: the workflow's rules and its
 * LifecycleEvent against the request's, the context resolvers (which call
 * providers' read operations), then each step of Steps and OnFailureSteps:
 * its Condition (NotApplicable when false), templates and With schema for
 * applicable steps, Precondition paths; finally the capability check.
 * Without cfg the resolvers cannot run and the capability check is skipped
 * (idle_plan_capabilities_checked says so).
 *
 * Every problem is reported to diags (errors with location and data path;
 * warnings too). The plan borrows from host, workflow, req and cfg: free
 * it before them.
 *
 * @return 0; IDLE_EINVALID (details in diags); IDLE_ENOMEM; IDLE_EARG
 */
IDLE_EXTERN(int)
idle_plan_build(idle_plan **out, const idle_host *host, const idle_doc *workflow,
                const idle_request *req, idle_config *cfg, const idle_plan_options *opts,
                idle_diags *diags);
IDLE_EXTERN(void) idle_plan_free(idle_plan *plan);

/*
 * Export flags. By default the export ends with idle's "x-idle" object (see
 * docs/plan.md): what schema 1.0 cannot say (which steps are not applicable,
 * Preconditions, OnFailureSteps, retry profiles, the whole request), so that
 * idle_plan_load can run the plan exactly as planned.
 */
#define IDLE_EXPORT_X_IDLE_NEVER 0x2u /* no x-idle: exactly IdLE's document (cannot run) */

/**
 * The plan as IdLE's plan-export JSON (schema 1.0): fixed key order, two
 * spaces, LF, no timestamps, secrets redacted, request fields over 64 KiB
 * truncated; no trailing newline (as Export-IdlePlan).
 *
 * @param out  receives the text (free with idle_free)
 */
IDLE_EXTERN(int) idle_plan_export(const idle_plan *plan, unsigned flags, char **out, size_t *len);
/**
 * The same text handed to write piece by piece as it is produced (a plan of
 * thousands of steps is never held whole). 0; IDLE_EIO when write stopped
 * it; IDLE_ENOMEM; IDLE_EARG.
 */
IDLE_EXTERN(int)
idle_plan_write_export(const idle_plan *plan, unsigned flags, idle_write_fn write, void *ud);

IDLE_EXTERN(const char *) idle_plan_workflow_name(const idle_plan *plan);
IDLE_EXTERN(const char *) idle_plan_lifecycle_event(const idle_plan *plan);
IDLE_EXTERN(const char *) idle_plan_correlation_id(const idle_plan *plan);
/** NULL when the request has no actor. */
IDLE_EXTERN(const char *) idle_plan_actor(const idle_plan *plan);
/** 1 if providers were given and the capability check ran. */
IDLE_EXTERN(int) idle_plan_capabilities_checked(const idle_plan *plan);

/** Steps (onfailure = 0) or OnFailureSteps (onfailure = 1). */
IDLE_EXTERN(size_t) idle_plan_step_count(const idle_plan *plan, int onfailure);
IDLE_EXTERN(const idle_plan_step *)
idle_plan_step_at(const idle_plan *plan, int onfailure, size_t i);

IDLE_EXTERN(const char *) idle_plan_step_name(const idle_plan_step *step);
/**
 * The step's stable id: 16 hex digits derived from its collection and name
 * (unique per collection), so it survives reordering of other steps (the
 * export's own "step-NN" does not). Kept in x-idle and in journals.
 */
IDLE_EXTERN(const char *) idle_plan_step_id(const idle_plan_step *step);
IDLE_EXTERN(const char *) idle_plan_step_type(const idle_plan_step *step);
/** 1 for Planned, 0 for NotApplicable (its Condition is false). */
IDLE_EXTERN(int) idle_plan_step_applicable(const idle_plan_step *step);
/** Why the Condition came out as it did ("Request.Intent.X is 'HR', not 'IT'"), or NULL. */
IDLE_EXTERN(const char *) idle_plan_step_reason(const idle_plan_step *step);
/** With: resolved for applicable steps, as written for the others. Never NULL. */
IDLE_EXTERN(const idle_value *) idle_plan_step_with(const idle_plan_step *step);
IDLE_EXTERN(size_t) idle_plan_step_capability_count(const idle_plan_step *step);
IDLE_EXTERN(const char *) idle_plan_step_capability(const idle_plan_step *step, size_t i);
/**
 * The provider alias the step will call (With.Provider, else the step
 * type's default alias), or NULL for steps that call no provider.
 */
IDLE_EXTERN(const char *) idle_plan_step_provider(const idle_plan_step *step);
/*
 * idle_plan_load flag: accept a plan without an x-idle object (IdLE's own
 * export, or `idle plan --x-idle never`). Such a plan cannot say which steps
 * are not applicable, their Preconditions, the OnFailureSteps or the retry
 * profiles: its steps run as listed, without any of these. Steps that had a
 * Condition (condition.type is not "always") or whose inputs still hold a
 * {{template}} are refused all the same.
 */
#define IDLE_PLAN_LOAD_WITHOUT_X_IDLE 0x1u

/**
 * Reads a plan exported by idle_plan_export (IdLE's schema 1.x with idle's
 * x-idle object) back into a plan that idle_run can run as approved:
 * nothing is planned again. Refuses unknown schema versions, a plan without
 * x-idle (unless IDLE_PLAN_LOAD_WITHOUT_X_IDLE), an x-idle that does not
 * describe every step, step types host does not know, and steps whose
 * inputs were redacted in the export. The plan borrows from host and doc.
 *
 * @param flags  IDLE_PLAN_LOAD_* or 0
 * @return 0; IDLE_EINVALID (details in diags); IDLE_ENOMEM; IDLE_EARG
 */
IDLE_EXTERN(int)
idle_plan_load(idle_plan **out, const idle_host *host, const idle_doc *doc, unsigned flags,
               idle_diags *diags);

/**
 * What a run would do, without running (IdLE's Invoke-IdlePlan -WhatIf):
 * Status "WhatIf", CorrelationId, Actor, the plan's Steps, OnFailure
 * {Status "NotRun", Steps []}, Events []; as JSON (free with idle_free).
 */
IDLE_EXTERN(int) idle_plan_whatif_json(const idle_plan *plan, char **out, size_t *len);

/** With as compact JSON with secrets redacted (free with idle_free); NULL when out of memory. */
IDLE_EXTERN(char *) idle_plan_step_with_json(const idle_plan_step *step);
/** The step's RetryProfile, or NULL. */
IDLE_EXTERN(const char *) idle_plan_step_retry_profile(const idle_plan_step *step);
/** 1 if the step has a Precondition (checked when it runs). */
IDLE_EXTERN(int) idle_plan_step_has_precondition(const idle_plan_step *step);

/** Plan warnings (PreconditionContextPathUnresolvedAtPlan, ...). */
IDLE_EXTERN(size_t) idle_plan_warning_count(const idle_plan *plan);
IDLE_EXTERN(const char *) idle_plan_warning_message(const idle_plan *plan, size_t i);

/** What the context resolvers read: count, and per resolver its summary line. */
IDLE_EXTERN(size_t) idle_plan_resolver_count(const idle_plan *plan);
/** "IdLE.Entitlement.List from 'Identity' (session Default) -> Request.Context.Providers...". */
IDLE_EXTERN(const char *) idle_plan_resolver_summary(const idle_plan *plan, size_t i);

IDLE_END_DECL

#endif
