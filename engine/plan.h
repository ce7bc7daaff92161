/*
 * engine/plan.h - the plan's layout (inside the library), shared by the
 * planner (plan.c), the context resolvers (resolvers.c) and the export
 * (export.c).
 */
#ifndef IDLE_ENGINE_PLAN_H
#define IDLE_ENGINE_PLAN_H

#include <idle/plan.h>

#include "core/arena.h"
#include "core/source.h"
#include "core/value.h"
#include "engine/config.h"
#include "engine/lookup.h"
#include "engine/provider.h"
#include "engine/vctx.h"

#define IDLE_CODE_PLAN         "plan"
#define IDLE_CODE_CAPABILITY   "capability"
#define IDLE_CODE_BINDING      "binding" /* the provider a step is bound to refuses it */
#define IDLE_CODE_CONDITION_EV "condition-eval"

typedef enum idle_plan_status { IDLE_PLANNED = 0, IDLE_NOT_APPLICABLE } idle_plan_status;

/* A plan warning (IdLE's record: Code, Type, Step, Source, Paths, Message). */
typedef struct idle_plan_warning {
	const char *code;
	const char *step;
	const char *source;
	const char **paths;
	size_t npaths;
	const char *message;
} idle_plan_warning;

struct idle_plan_step {
	const idle_value *def; /* the step's map in the workflow */
	int onfailure;
	size_t index;
	const char *name;
	const char *type; /* as written */
	const idle_step_type *stype;
	const char *description; /* "" when absent */
	const idle_value *condition;
	const idle_value *precondition;
	const char *on_precondition_false; /* as written, or NULL */
	const idle_value *precondition_event;
	idle_value with; /* a map: resolved (Planned) or as written */
	const char **caps;
	size_t ncaps;
	idle_plan_status status;
	const char *reason;
	const char *retry_profile;
	/* the binding, decided once at planning (idle_plan__bind) and recorded in the export */
	const char *provider;              /* the alias it will call, or NULL */
	const char *provider_type;         /* that alias's type in the providers file, or NULL */
	const char *session_name;          /* With.AuthSessionName, or NULL: the default */
	const idle_value *session_options; /* With.AuthSessionOptions (a map), or NULL */
	char id[17];                       /* stable id: idle_plan_step_id() */
	size_t warn_first, nwarn;          /* its warnings in plan->warnings */
};

/*
 * Decides a step's binding from its With and type (and cfg, for the
 * provider's type): the provider alias is With.Provider when that is a
 * non-blank string holding no {{template}}, else the type's default; the
 * session is With.AuthSessionName / AuthSessionOptions. Also sets the id.
 */
void idle_plan__bind(idle_plan_step *s, const idle_config *cfg);

/* One context resolver that ran. */
typedef struct idle_plan_resolver {
	const char *capability;
	const char *provider;
	const char *session;
	const char *summary;
} idle_plan_resolver;

struct idle_plan {
	idle_arena arena;
	const idle_host *host;
	const idle_doc *workflow;
	const idle_request *req;
	idle_request *owned_req; /* a plan read from its export owns its request */
	idle_config *cfg;
	long *faults; /* the resolvers' injected faults, counted for this plan (idle_faults_new) */
	idle_bhome home;    /* where the resolvers' provider calls build their values */
	idle_pcall_env env; /* what those calls reach */
	int oom;
	const char *workflow_name;
	const char *lifecycle_event; /* the workflow's */
	idle_value request;          /* the request as planning saw it (with resolver output) */
	idle_plan_step *steps[2];    /* Steps, OnFailureSteps */
	size_t nsteps[2];
	idle_plan_warning *warnings;
	size_t nwarnings, capwarnings;
	idle_plan_resolver *resolvers;
	size_t nresolvers;
	int caps_checked;
	int imported; /* read from an export (idle_plan_load): it runs as bound */
	/* the lazily built Plan.* view for conditions */
	idle_value view;
	size_t view_key[3];
	int view_built;
};

/*
 * The Plan.* value conditions see (WorkflowName, LifecycleEvent, CorrelationId,
 * Request, Actor, CreatedUtc, Steps, OnFailureSteps, Actions, Warnings,
 * Providers), built in arena with request as Plan.Request.
 */
int idle_plan__view(const idle_plan *p, idle_arena *a, const idle_value *request, idle_value *out);

/* Steps (coll 0) or OnFailureSteps (1) as IdLE.PlanStep maps, built in arena. */
int idle_plan__steps_value(const idle_plan *p, idle_arena *a, int coll, idle_value *out);

/* The scope of templates: Request only. */
void idle_plan__template_scope(idle_plan *p, idle_scope *s);

/*
 * Resolves the templates of every string in value (maps and arrays are
 * copied where something changed). Problems are reported through v (path
 * at value). Returns 0, 1 when a problem was reported, -1 on OOM.
 */
int idle_plan__resolve(idle_plan *p, idle_vctx *v, const idle_value *value, idle_value *out);

/* Runs the workflow's ContextResolvers (section 7), updating p->request: 0, 1 after
 * reporting a problem (the first stops them), -1 when out of memory. */
int idle_plan__run_resolvers(idle_plan *p, idle_vctx *v, const idle_value *resolvers);

#endif
