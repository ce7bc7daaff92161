/*
 * engine/provider.h - provider instances and calls (inside the library):
 * the operations table (IdLE's method names, capabilities, families), the
 * call context, failure injection for simulators, and the host's registry
 * of provider types.
 */
#ifndef IDLE_ENGINE_PROVIDER_H
#define IDLE_ENGINE_PROVIDER_H

#include <stdarg.h>

#include <idle/sys/provider.h>

#include "core/arena.h"
#include "engine/builder.h"
#include "engine/clock.h"
#include "engine/vctx.h"

#include <idle/config.h>

/* X(id, IdLE method name, capability, family, member): one row per operation. */
#define IDLE_OP_LIST(X)                                                                            \
	X(GET_IDENTITY, "GetIdentity", IDLE_CAP_IDENTITY_READ, identity, get)                      \
	X(CREATE_IDENTITY, "CreateIdentity", IDLE_CAP_IDENTITY_CREATE, identity, create)           \
	X(DELETE_IDENTITY, "DeleteIdentity", IDLE_CAP_IDENTITY_DELETE, identity, remove)           \
	X(ENABLE_IDENTITY, "EnableIdentity", IDLE_CAP_IDENTITY_ENABLE, identity, enable)           \
	X(DISABLE_IDENTITY, "DisableIdentity", IDLE_CAP_IDENTITY_DISABLE, identity, disable)       \
	X(MOVE_IDENTITY, "MoveIdentity", IDLE_CAP_IDENTITY_MOVE, identity, move)                   \
	X(ENSURE_ATTRIBUTE, "EnsureAttribute", IDLE_CAP_IDENTITY_ATTRIBUTE_ENSURE, identity,       \
	  ensure_attribute)                                                                        \
	X(REVOKE_SESSIONS, "RevokeSessions", IDLE_CAP_IDENTITY_REVOKE_SESSIONS, identity,          \
	  revoke_sessions)                                                                         \
	X(LIST_ENTITLEMENTS, "ListEntitlements", IDLE_CAP_ENTITLEMENT_LIST, entitlement, list)     \
	X(GRANT_ENTITLEMENT, "GrantEntitlement", IDLE_CAP_ENTITLEMENT_GRANT, entitlement, grant)   \
	X(REVOKE_ENTITLEMENT, "RevokeEntitlement", IDLE_CAP_ENTITLEMENT_REVOKE, entitlement,       \
	  revoke)                                                                                  \
	X(START_SYNC, "StartSyncCycle", IDLE_CAP_DIRSYNC_TRIGGER, dirsync, start)                  \
	X(SYNC_STATE, "GetSyncCycleState", IDLE_CAP_DIRSYNC_STATUS, dirsync, state)                \
	X(SYNC_OBJECT, "SyncSingleObject", IDLE_CAP_DIRSYNC_SINGLE_OBJECT, dirsync, single_object) \
	X(RESOLVE_ENTITLEMENT, "ResolveEntitlement", IDLE_CAP_ENTITLEMENT_LIST, entitlement,       \
	  resolve)                                                                                 \
	X(REVOKE_ENTITLEMENTS, "BulkRevokeEntitlements", IDLE_CAP_ENTITLEMENT_REVOKE, entitlement, \
	  revoke_many)                                                                             \
	X(GRANT_ENTITLEMENTS, "BulkGrantEntitlements", IDLE_CAP_ENTITLEMENT_GRANT, entitlement,    \
	  grant_many)

typedef enum idle_op {
#define IDLE_OP_ENUM_(id, name, cap, family, member) IDLE_OP_##id,
	IDLE_OP_LIST(IDLE_OP_ENUM_)
#undef IDLE_OP_ENUM_
	    IDLE_OP_COUNT
} idle_op;

extern const char *const idle_op_names[IDLE_OP_COUNT + 1]; /* NULL-terminated */
extern const char *const idle_op_capabilities[IDLE_OP_COUNT];

/* 1 if the provider type implements op (its table has the function). */
int idle_op_implemented(const idle_provider_type *t, idle_op op);

/*
 * What type t can advertise: the capability of every operation it implements
 * and its own extra ones (t->capabilities), in catalog order; at most max,
 * written to out.
 */
size_t idle_provider_type_caps(const idle_provider_type *t, const char **out, size_t max);

/* A failure injected into a simulator (the providers file's Faults). */
typedef struct idle_fault {
	idle_op op;
	long times; /* how many calls fail; -1 for all */
	int transient;
	const char *message;
} idle_fault;

/* A configured provider: an alias of the providers file, live. */
typedef struct idle_provider {
	const char *alias;
	const idle_provider_type *type;
	const idle_value *entry; /* the entry's map, for locations */
	void *self;              /* the type's state (state_size bytes) */
	int ready;               /* init succeeded (free is due) */
	const char **caps;       /* advertised capabilities: normalized, sorted, unique */
	size_t ncaps;
	idle_fault *faults;
	size_t nfaults;
	size_t fault_base; /* where its counters start in an idle_faults_new() array */
} idle_provider;

/* What a call may reach of the run (or plan) it is part of; NULL members when none. */
typedef struct idle_pcall_env {
	idle_bhome *home; /* where idle_pcall_builder builds */
	void *ud;         /* for the callbacks */
	int (*cancelled)(void *ud);
	/* an event through the calling step (type, message, data: a map or NULL) */
	void (*event)(void *ud, const char *type, const char *message, const idle_value *data);
	/* idle doctor: a check, and what the checks are about */
	void (*check)(void *ud, idle_check_status status, const char *name, const char *fix,
	              const char *detail);
	void (*check_target)(void *ud, const char *target);
} idle_pcall_env;

struct idle_pcall {
	idle_arena *arena;
	long *faults; /* the calls left to fail of the provider's faults, per run (or plan) */
	const idle_auth_session *session;
	const idle_clock *clock;
	const idle_pcall_env *env; /* MAY be NULL */
	void *run;                 /* the provider's state for this run (run_size), or NULL */
	double deadline;           /* engine clock time the call should end by, or 0 */
	const char *alias;
	const char *op; /* IdLE's method name */
	int failed;
	int transient;      /* kind == IDLE_FAILURE_TRANSIENT */
	idle_failure kind;  /* why it failed */
	double retry_after; /* seconds a transient failure asks to wait, or 0 */
	char error[1024];
};

/* A call context for provider p's operation op; results go to arena. */
void idle_pcall_init(idle_pcall *c, idle_arena *arena, const idle_clock *clock,
                     const idle_provider *p, idle_op op, const idle_auth_session *session);

/*
 * The fault counters of one run (or plan) over every provider of cfg: each
 * starts at its fault's Times. malloc'ed (free()); NULL without faults or
 * when out of memory (*oom says which).
 */
long *idle_faults_new(const idle_config *cfg, int *oom);

/*
 * Before calling op: the type must implement it (else the call fails with
 * "Provider '<alias>' does not implement <Op>"), and a pending injected
 * fault fails the call. Returns 0 when the operation may run, else
 * IDLE_EPROVIDER with the failure recorded in c.
 */
int idle_provider_enter(idle_provider *p, idle_pcall *c, idle_op op);

/* 1 if p advertises cap (already normalized), case-insensitively. */
int idle_provider_has(const idle_provider *p, const char *cap);

/* idle_pinit_error, giving back the entry (for a hint). */
idle_diag *idle_pinit__vreport(idle_pinit *ctx, const idle_value *at, const char *relpath,
                               const char *fmt, va_list ap);

struct idle_pinit {
	idle_vctx *v; /* reports go here, path at the provider entry */
	const char *alias;
	const char *base_dir; /* the providers file's folder */
	int errors;
	const char *withheld[8]; /* capabilities not offered (idle_pinit_withhold) */
	size_t nwithheld;
};

#endif
