/*
 * idle/sys/provider.h - writing a provider: the extension API for provider
 * authors (stable within a minor release).
 *
 * A provider type is a const descriptor: a name ("Mock"), the capabilities it
 * implements, the size of its private state, init/free, and one typed
 * operation table per capability family. Steps and context resolvers reach
 * providers only through these tables; which alias serves a step is decided
 * by the engine (With.Provider, or the capability). The built-in types
 * (providers/) use exactly this interface; hosts add their own with
 * idle_host_add_provider_type().
 *
 * Operations return 0 or a negative IDLE_E* code. A failure is described
 * with idle_pcall_fail(), which also says whether retrying may help.
 */
#ifndef IDLE_SYS_PROVIDER_H
#define IDLE_SYS_PROVIDER_H

#include "../common.h"
#include "capability.h"
#include "../session.h"
#include "../value.h"

IDLE_BEGIN_DECL

#define IDLE_PROVIDER_TYPE_VERSION 2

/*
 * Why an operation failed: X(name, label, retryable). One table; the enum and
 * idle_failure_name() come from it. A TRANSIENT failure may succeed when
 * retried (throttling, a timeout, a server error, a reset connection); the
 * others will not until something changes (credentials, rights, the input).
 */
#define IDLE_FAILURE_LIST(X)                                                                       \
	X(INTERNAL, "internal", 0)     /* anything else: a bug, an unexpected answer */            \
	X(TRANSIENT, "transient", 1)   /* retrying may help (408, 429, 5xx, timeouts, resets) */   \
	X(AUTH, "auth", 0)             /* the credentials were rejected (401) */                   \
	X(PERMISSION, "permission", 0) /* authenticated, but not allowed (403) */                  \
	X(NOT_FOUND, "not-found", 0)   /* what the call names does not exist (404) */              \
	X(CONFLICT, "conflict", 0)     /* the target's state forbids it now (409, 412) */          \
	X(INVALID, "invalid", 0)       /* the request or the configuration is wrong (400, TLS) */

typedef enum idle_failure {
#define IDLE_X_(name, label, retry) IDLE_FAILURE_##name,
	IDLE_FAILURE_LIST(IDLE_X_)
#undef IDLE_X_
	    IDLE_FAILURE_COUNT
} idle_failure;

/* "transient", "auth", ... (never NULL). */
IDLE_EXTERN(const char *) idle_failure_name(idle_failure kind);

/* One call of an operation: where results go, the auth session, the failure. */
typedef struct idle_pcall idle_pcall;
/* Setting a provider up: its options, where their problems go. */
typedef struct idle_pinit idle_pinit;

/* An entitlement (a group membership, a role, a licence). */
typedef struct idle_entitlement {
	const char *kind;         /* "Group" */
	const char *id;           /* compared case-insensitively */
	const char *display_name; /* may be NULL */
} idle_entitlement;

/* What GetIdentity returns. */
typedef struct idle_identity {
	const char *key;
	int enabled;
	const idle_value *attributes; /* a map, or NULL */
} idle_identity;

/* The sync policies of a directory sync cycle: X(name, label). One table. */
#define IDLE_SYNC_POLICY_LIST(X)                                                                   \
	X(DELTA, "Delta")                                                                          \
	X(INITIAL, "Initial")

typedef enum idle_sync_policy {
#define IDLE_X_(name, label) IDLE_SYNC_##name,
	IDLE_SYNC_POLICY_LIST(IDLE_X_)
#undef IDLE_X_
	    IDLE_SYNC_POLICY_COUNT
} idle_sync_policy;

/* "Delta", "Initial" ("" when out of range). */
IDLE_EXTERN(const char *) idle_sync_policy_name(idle_sync_policy p);
/* The policy named s (case-insensitively) in *out: 0, or -1 when s names none. */
IDLE_EXTERN(int) idle_sync_policy_parse(const char *s, idle_sync_policy *out);
/* The names, NULL-terminated (for messages and checks). */
IDLE_EXTERN(const char *const *) idle_sync_policy_names(void);

/* The scheduler state GetSyncCycleState returns (Entra Connect's Get-ADSyncScheduler). */
typedef struct idle_sync_state {
	int in_progress;           /* SyncCycleInProgress */
	const char *state;         /* "InProgress", "Idle" or "Unknown" */
	const char *next_policy;   /* NextSyncCyclePolicyType, or NULL */
	int staging_mode;          /* StagingModeEnabled */
	int suspended;             /* SchedulerSuspended */
	int enabled;               /* SyncCycleEnabled */
	const char *last_run;      /* a cycle-completion marker that changes per cycle, or NULL */
	const idle_value *details; /* MAY be NULL: the scheduler's fields as read (a map) */
} idle_sync_state;

/* The warnings of a cycle started on a scheduler in staging mode, or with its cycles disabled. */
#define IDLE_SYNC_STAGING_WARNING                                                                  \
	"the sync server is in staging mode (StagingModeEnabled): the cycle runs, but its "        \
	"exports are suppressed, so nothing reaches the directory"
#define IDLE_SYNC_DISABLED_WARNING                                                                 \
	"the scheduler's cycles are disabled (SyncCycleEnabled is false): this cycle runs, "       \
	"but no later one will until they are enabled again"

/* Flags of a single-object sync. */
#define IDLE_SYNC_OBJECT_STAGING     0x1u /* -StagingMode: everything but the export */
#define IDLE_SYNC_OBJECT_HTML_REPORT 0x2u /* also write the HTML report on the server */

/* For every operation: 0, IDLE_ENOTFOUND (where noted), or a failure (idle_pcall_fail). */
typedef struct idle_identity_ops {
	/* IdLE.Identity.Read. IDLE_ENOTFOUND when there is no such identity. */
	int (*get)(void *self, idle_pcall *c, const char *key, idle_identity *out);
	/* IdLE.Identity.Create: *changed = 0 when it already exists. attributes: a map or NULL. */
	int (*create)(void *self, idle_pcall *c, const char *key, const idle_value *attributes,
	              int *changed);
	int (*remove)(void *self, idle_pcall *c, const char *key, int *changed);  /* Delete */
	int (*enable)(void *self, idle_pcall *c, const char *key, int *changed);  /* Enable */
	int (*disable)(void *self, idle_pcall *c, const char *key, int *changed); /* Disable */
	int (*move)(void *self, idle_pcall *c, const char *key, const char *container,
	            int *changed); /* Move */
	/* IdLE.Identity.Attribute.Ensure: value may be a null value. */
	int (*ensure_attribute)(void *self, idle_pcall *c, const char *key, const char *name,
	                        const idle_value *value, int *changed);
	int (*revoke_sessions)(void *self, idle_pcall *c, const char *key, int *changed);
} idle_identity_ops;

typedef struct idle_entitlement_ops {
	/* IdLE.Entitlement.List: an array from idle_pcall_alloc; none for an unknown identity. */
	int (*list)(void *self, idle_pcall *c, const char *key, idle_entitlement **items,
	            size_t *n);
	int (*grant)(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
	             int *changed);
	int (*revoke)(void *self, idle_pcall *c, const char *key, const idle_entitlement *e,
	              int *changed);
	/*
	 * MAY be NULL: the canonical form of an entitlement as a workflow names
	 * it (a group by its display name: its id), so that it compares with
	 * what list returns (in and out may be the same). IDLE_ENOTFOUND when
	 * there is no such entitlement.
	 */
	int (*resolve)(void *self, idle_pcall *c, const idle_entitlement *in,
	               idle_entitlement *out);
	/*
	 * MAY be NULL (then revoke / grant run per item): n entitlements of key
	 * at once (a provider's batch); per item changed[i], and failed[i] = NULL
	 * or why it failed (in the call's memory). A failure of the whole call
	 * (idle_pcall_fail) fails them all.
	 */
	int (*revoke_many)(void *self, idle_pcall *c, const char *key,
	                   const idle_entitlement *items, size_t n, int *changed,
	                   const char **failed);
	int (*grant_many)(void *self, idle_pcall *c, const char *key, const idle_entitlement *items,
	                  size_t n, int *changed, const char **failed);
} idle_entitlement_ops;

typedef struct idle_dirsync_ops {
	/*
	 * IdLE.DirectorySync.Trigger: policy is "Delta", "Initial" or NULL (the
	 * scheduler's next); computer may be NULL. *changed is 1 on entry: set
	 * it to 0 when the cycle will change nothing (staging mode). A cycle
	 * already running is a TRANSIENT failure.
	 */
	int (*start)(void *self, idle_pcall *c, const char *policy, const char *computer,
	             const char **message, int *changed);
	/* IdLE.DirectorySync.Status. */
	int (*state)(void *self, idle_pcall *c, const char *computer, idle_sync_state *out);
	/*
	 * IdLE.DirectorySync.SingleObject: syncs one object (its distinguished
	 * name) now; flags IDLE_SYNC_OBJECT_*. *report: what the sync did, a
	 * map (idle_pcall_builder) with at least Result ("success", "failure",
	 * "skipped"), ObjectType, Operation, Errors (a list of strings) and
	 * Report (the whole report as the server gave it).
	 */
	int (*single_object)(void *self, idle_pcall *c, const char *dn, const char *computer,
	                     unsigned flags, const idle_value **report);
} idle_dirsync_ops;

/* What a check of idle doctor found (idle_pcall_check). */
typedef enum idle_check_status {
	IDLE_CHECK_PASS = 0,
	IDLE_CHECK_FAIL, /* the provider cannot be used so: detail says why, fix what to do */
	IDLE_CHECK_SKIP, /* not checked (an earlier check failed, or nothing to check it with) */
	IDLE_CHECK_INFO  /* something worth knowing (the scheduler's state) */
} idle_check_status;

/* Provider type flags. */
#define IDLE_PROVIDER_SIMULATOR 0x1u /* accepts Faults (failure injection) */
/* its operations use an auth session: without With.AuthSessionName the default one is acquired */
#define IDLE_PROVIDER_USES_SESSIONS 0x2u

typedef struct idle_provider_type {
	unsigned int version; /* IDLE_PROVIDER_TYPE_VERSION */
	const char *name;     /* the providers file's Type (compared case-insensitively) */
	const char *summary;  /* one line for `idle help providers` */
	/*
	 * MAY be NULL: capabilities beyond those of its operations (which it
	 * advertises by implementing them), NULL-terminated: IdLE.Entitlement.Prune
	 */
	const char *const *capabilities;
	/* option keys it accepts besides Type, Capabilities (and Faults), NULL-terminated */
	const char *const *options;
	unsigned int flags; /* IDLE_PROVIDER_* */
	size_t state_size;  /* zeroed bytes handed to init as self */
	size_t run_size;    /* zeroed bytes for each run, from open to close: idle_pcall_run() */
	/*
	 * Reads the options (a map); reports problems with idle_pinit_error.
	 * Runs whenever the providers file is loaded (also for idle plan and
	 * idle validate): cheap, no lasting effect.
	 */
	int (*init)(void *self, idle_pinit *ctx, const idle_value *options);
	void (*free)(void *self);
	/*
	 * MAY be NULL: once per run, before its first step. May do I/O (take a
	 * lock, connect). A failure (idle_pcall_fail) stops the run before
	 * anything ran.
	 */
	int (*open)(void *self, idle_pcall *c);
	/*
	 * MAY be NULL: once per run whose open succeeded, after its last step,
	 * whatever the outcome (also after a failure or an interruption):
	 * persists what the run changed and releases what open took. A failure
	 * means the run's effects could not be recorded (the run's result says
	 * so).
	 */
	int (*close)(void *self, idle_pcall *c);
	/*
	 * MAY be NULL: when a plan is built, checks an applicable step bound to
	 * this provider (step_type; with: its With, templates resolved) for what
	 * would fail at run time for certain (a server the step does not name).
	 * The call carries the step's auth session as the providers file gives
	 * it, or none when only the host's session source can say (check only
	 * what does not depend on it then). A failure (idle_pcall_fail) is a
	 * planning error at the step. No I/O, no secrets.
	 */
	int (*check_step)(void *self, idle_pcall *c, const char *step_type, const idle_value *with);
	/*
	 * MAY be NULL: idle doctor. Checks, without changing anything, that the
	 * provider can be used with the call's auth session (or none) and server
	 * (computer: a step's With.ComputerName, or NULL), reporting each check
	 * in order with idle_pcall_check. Returns 0 (failures are reported).
	 */
	int (*doctor)(void *self, idle_pcall *c, const char *computer);
	const idle_identity_ops *identity;
	const idle_entitlement_ops *entitlement;
	const idle_dirsync_ops *dirsync;
	const void *reserved[3]; /* NULL */
} idle_provider_type;

/*
 * The start of a provider type's designated initialiser:
 *   const idle_provider_type my_type = { IDLE_PROVIDER_TYPE_INIT, .name = "My", ... };
 */
#define IDLE_PROVIDER_TYPE_INIT .version = IDLE_PROVIDER_TYPE_VERSION

/* ---- during init -------------------------------------------------------------- */

/*
 * Reports a problem with an option value `at` (inside the options map; NULL
 * for the map itself). relpath is its data path below the provider entry
 * ("Identities.user1.Enabled"). Returns IDLE_EINVALID, for `return ...;`.
 */
IDLE_EXTERN(int)
idle_pinit_error(idle_pinit *ctx, const idle_value *at, const char *relpath, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/*
 * Option readers: each reads options' entry key (a provider's options map,
 * as init gets it), checks it, and reports what is wrong with it at its
 * location. They return 0 when the option is set (*out then holds it),
 * IDLE_ENOTFOUND when it is absent or $null (*out untouched: keep your
 * default), IDLE_EINVALID after reporting.
 */
/* A non-empty string. */
IDLE_EXTERN(int)
idle_pinit_string(idle_pinit *ctx, const idle_value *options, const char *key, const char **out);
/* $true or $false. */
IDLE_EXTERN(int)
idle_pinit_bool(idle_pinit *ctx, const idle_value *options, const char *key, int *out);
/* A whole number in [min, max]. */
IDLE_EXTERN(int)
idle_pinit_int(idle_pinit *ctx, const idle_value *options, const char *key, int64_t min,
               int64_t max, int64_t *out);
/* A number in [min, max] (seconds, a ratio). */
IDLE_EXTERN(int)
idle_pinit_number(idle_pinit *ctx, const idle_value *options, const char *key, double min,
                  double max, double *out);
/* A number of seconds in [0, max] (a timeout, an interval). */
IDLE_EXTERN(int)
idle_pinit_seconds(idle_pinit *ctx, const idle_value *options, const char *key, double max,
                   double *out);
/* One of names (case-insensitively, with a did-you-mean): its index. */
IDLE_EXTERN(int)
idle_pinit_enum(idle_pinit *ctx, const idle_value *options, const char *key,
                const char *const *names, int *out);
/* A list of non-empty strings (one string is a list of one): the value as written. */
IDLE_EXTERN(int)
idle_pinit_strings(idle_pinit *ctx, const idle_value *options, const char *key,
                   const idle_value **out);
/* A hashtable: the value as written. */
IDLE_EXTERN(int)
idle_pinit_map(idle_pinit *ctx, const idle_value *options, const char *key, const idle_value **out);
/* A file's path, made absolute against the providers file's folder (free with idle_free). */
IDLE_EXTERN(int)
idle_pinit_file(idle_pinit *ctx, const idle_value *options, const char *key, char **out);

/* The alias the provider is configured under. */
IDLE_EXTERN(const char *) idle_pinit_alias(const idle_pinit *ctx);
/*
 * This provider, as its options set it up, does not offer capability
 * although its type implements it (EntraID's IdLE.Identity.Delete without
 * AllowDelete): it is not advertised, and a Capabilities option that lists
 * it is an error. At most 8 per provider.
 */
IDLE_EXTERN(void) idle_pinit_withhold(idle_pinit *ctx, const char *capability);
/*
 * A path from the providers file, made absolute against the file's folder
 * (malloc'ed; free with idle_free). NULL when out of memory.
 */
IDLE_EXTERN(char *) idle_pinit_path(const idle_pinit *ctx, const char *path);

/* ---- during a call -------------------------------------------------------------- */

/* Memory that lives until the run (or plan) is freed; NULL when out of memory. */
IDLE_EXTERN(void *) idle_pcall_alloc(idle_pcall *c, size_t size);
IDLE_EXTERN(char *) idle_pcall_strdup(idle_pcall *c, const char *s);
/* The session acquired for this call, or NULL. */
IDLE_EXTERN(const idle_auth_session *) idle_pcall_session(const idle_pcall *c);
/*
 * Records why the operation failed; transient = 1 when retrying may succeed
 * (throttling, timeouts). Returns IDLE_EPROVIDER, for `return ...;`.
 * The message must not contain secrets.
 */
IDLE_EXTERN(int)
idle_pcall_fail(idle_pcall *c, int transient, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * The same with the kind of failure; retry_after (seconds, 0 for none) is
 * how long a TRANSIENT failure asks to wait before a retry (a Retry-After
 * header): the engine waits at least that long. Returns IDLE_EPROVIDER.
 */
IDLE_EXTERN(int)
idle_pcall_failure(idle_pcall *c, idle_failure kind, double retry_after, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The engine clock: seconds since an arbitrary start (tests replace the clock). */
IDLE_EXTERN(double) idle_pcall_now(const idle_pcall *c);
/*
 * Waits on the engine clock (a simulated one takes no time), ending early
 * when the run is asked to stop: 1 then (give up), else 0. For a provider
 * that honours a server's Retry-After within one call.
 */
IDLE_EXTERN(int) idle_pcall_sleep(idle_pcall *c, double seconds);
/*
 * A map (list = 0) or list (list = 1) builder for what the operation
 * returns (idle/value.h); the value lives as long as the run (or plan).
 * NULL outside a run or plan, or when out of memory.
 */
IDLE_EXTERN(idle_builder *) idle_pcall_builder(idle_pcall *c, int list);
/* The provider's state for this run (run_size zeroed bytes from open to close), or NULL. */
IDLE_EXTERN(void *) idle_pcall_run(const idle_pcall *c);
/*
 * 1 when the run has been asked to stop (SIGINT/SIGTERM in the CLI): a call
 * that waits (a poll, a long request) checks it and gives up promptly.
 */
IDLE_EXTERN(int) idle_pcall_cancelled(idle_pcall *c);
/* Engine clock time (idle_pcall_now) the call should end by, or 0 for none. */
IDLE_EXTERN(double) idle_pcall_deadline(const idle_pcall *c);
/*
 * An event through the step that called (type: idle_event_type_name()'s or
 * the provider's own; data: a map or NULL; redacted). Nothing outside a step.
 */
IDLE_EXTERN(void)
idle_pcall_event(idle_pcall *c, const char *type, const char *message, const idle_value *data);
/* A ProviderWarning event ("staging mode is on: exports are suppressed"). */
IDLE_EXTERN(void)
idle_pcall_warning(idle_pcall *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * idle doctor: reports one check (name: "DNS", "TLS", ...; fix: for a
 * failure, what to do, or NULL; the detail: what was found, never a secret).
 * Nothing outside idle_doctor.
 */
IDLE_EXTERN(void)
idle_pcall_check(idle_pcall *c, idle_check_status status, const char *name, const char *fix,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* idle doctor: what the checks that follow are about ("https://aadc01:5986/wsman"). */
IDLE_EXTERN(void)
idle_pcall_check_target(idle_pcall *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- auth sessions --------------------------------------------------------------- */

/* (sessions come from the providers file's AuthSessions or the host: idle/session.h) */
IDLE_EXTERN(idle_session_kind) idle_session_type(const idle_auth_session *s);
/* A credential parameter that is not secret (UserName, TenantId, ClientId, Endpoint), or NULL. */
IDLE_EXTERN(const char *) idle_session_param(const idle_auth_session *s, const char *name);
/*
 * Reads a secret (Password, Token, ClientSecret) from where the providers file
 * says it is (an environment variable or a file), or from the host's session,
 * into a new buffer the caller must wipe and free with idle_session_secret_free. NULL with a message in
 * the call when it is not configured or cannot be read.
 */
IDLE_EXTERN(char *)
idle_session_secret(const idle_auth_session *s, const char *name, idle_pcall *c);
IDLE_EXTERN(void) idle_session_secret_free(char *secret);

IDLE_END_DECL

#endif
