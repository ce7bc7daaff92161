/*
 * idle/sys/step.h - describing a step type: the extension API for step
 * authors (stable within a minor release).
 *
 * A step type is a const descriptor: its name, the With keys it requires and
 * accepts, the provider capabilities it needs, and hooks. The built-in types
 * (steps/) use exactly this interface; a host adds its own with
 * idle_host_add_step_type(), and validation, planning and `idle steps` treat
 * them alike.
 */
#ifndef IDLE_SYS_STEP_H
#define IDLE_SYS_STEP_H

#include "../common.h"
#include "../value.h"
#include "provider.h"

IDLE_BEGIN_DECL

/* Reports problems with literal With values during validation (see check_with). */
typedef struct idle_step_check idle_step_check;
/* One execution of a step: its inputs, events, provider calls, result (see run). */
typedef struct idle_step_ctx idle_step_ctx;

#define IDLE_STEP_TYPE_VERSION 1

typedef struct idle_step_type {
	unsigned int version; /* IDLE_STEP_TYPE_VERSION */
	const char *name;     /* "IdLE.Step.EnsureAttributes" (compared case-insensitively) */
	const char *pack;     /* "IdLE.Steps.Common" */
	const char *summary;  /* one line for `idle steps` */
	const char *const *required_with; /* NULL-terminated list, or NULL */
	const char *const *optional_with; /* NULL-terminated; "*" accepts any key */
	const char *const *capabilities;  /* provider capabilities needed, NULL-terminated */
	/*
	 * MAY be NULL. Checks the values of With (a map) that are literals;
	 * values that still hold {{templates}} are only known at plan time and
	 * are to be skipped (idle_value_has_template). Reports through
	 * idle_step_check_error / idle_step_check_warning. Must not keep pointers.
	 */
	void (*check_with)(idle_step_check *chk, const idle_value *with);
	/*
	 * The provider alias the step uses when With.Provider is absent
	 * ("Identity"), or NULL for a step that calls no provider.
	 */
	const char *provider;
	/*
	 * MAY be NULL (a type known to validation and planning only: running it
	 * is refused). Executes the step with its resolved With (a map). Returns
	 * 0 when the step completed, or the code of idle_step_fail(). May be
	 * called again for a retry after a transient failure.
	 */
	int (*run)(idle_step_ctx *ctx, const idle_value *with);
} idle_step_type;

/* The step type being checked (for messages). */
IDLE_EXTERN(const idle_step_type *) idle_step_check_type(const idle_step_check *chk);

/* 1 if v is a string holding "{{" (a template resolved only at plan time). */
IDLE_EXTERN(int) idle_value_has_template(const idle_value *v);

/*
 * Reports an error (or warning) about value `at` (a value inside With, or
 * With itself). `key` is its data path relative to With for the report
 * ("Attributes", "Permissions[1].Right"; NULL for With itself).
 */
IDLE_EXTERN(void)
idle_step_check_error(idle_step_check *chk, const idle_value *at, const char *key, const char *fmt,
                      ...) __attribute__((format(printf, 4, 5)));
IDLE_EXTERN(void)
idle_step_check_warning(idle_step_check *chk, const idle_value *at, const char *key,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- running a step ------------------------------------------------------------- */

IDLE_EXTERN(const char *) idle_step_name(const idle_step_ctx *c);
IDLE_EXTERN(const char *) idle_step_type_name(const idle_step_ctx *c);

/*
 * Ends the step as Failed with this message (transient = 1: retrying may
 * help). Returns a nonzero code for `return idle_step_fail(...)`.
 */
IDLE_EXTERN(int)
idle_step_fail(idle_step_ctx *c, int transient, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Why the step failed (after idle_step_fail or a failed provider call), or "". */
IDLE_EXTERN(const char *) idle_step_error(const idle_step_ctx *c);
/* The result's Changed (a step that does not set it reports none). */
IDLE_EXTERN(void) idle_step_set_changed(idle_step_ctx *c, int changed);
/* Adds key = v to the result's Data map (v is copied). */
IDLE_EXTERN(void) idle_step_set_data(idle_step_ctx *c, const char *key, const idle_value *v);
/* Adds key = v to the result itself (IdLE's State, Skipped ...). */
IDLE_EXTERN(void) idle_step_set_result(idle_step_ctx *c, const char *key, const idle_value *v);
/*
 * Emits an event (type: one of idle_event_type_name()'s, or the step's own;
 * NULL for "Custom"), with a message, this step's name and data (a map or
 * NULL); redacted.
 */
IDLE_EXTERN(void)
idle_step_event(idle_step_ctx *c, const char *type, const char *message, const idle_value *data);

/*
 * The engine clock: seconds, and waiting (tests replace the clock). A wait
 * ends early when the run is asked to stop (SIGINT/SIGTERM in the CLI).
 */
IDLE_EXTERN(double) idle_step_now(const idle_step_ctx *c);
IDLE_EXTERN(void) idle_step_sleep(idle_step_ctx *c, double seconds);
/*
 * 1 when the run has been asked to stop: a step that waits checks it after
 * each wait and gives up (idle_step_fail); it then ends Interrupted, not
 * Failed, and the run stops after it.
 */
IDLE_EXTERN(int) idle_step_interrupted(idle_step_ctx *c);
/*
 * The step's provider calls from now on should end within seconds (0: no
 * limit): providers read it with idle_pcall_deadline (a WinRM receive loop,
 * a long request).
 */
IDLE_EXTERN(void) idle_step_set_deadline(idle_step_ctx *c, double seconds);

/* A map (list = 0) or list (list = 1) builder whose value lives as long as the run (idle/value.h). */
IDLE_EXTERN(idle_builder *) idle_step_builder(idle_step_ctx *c, int list);

/* The [string] form of a value ("" for NULL), kept for the run. */
IDLE_EXTERN(const char *) idle_step_text(idle_step_ctx *c, const idle_value *v);

/*
 * Provider operations. The engine picks the provider (With.Provider, else the
 * step type's default alias), acquires the auth session (With.AuthSessionName
 * and With.AuthSessionOptions, else the default session), injects faults and
 * turns a provider's failure into the step's ("<Op> on provider '<alias>'
 * failed: <message>", transient when the provider says so). Each returns 0,
 * or nonzero after the step has failed.
 */
IDLE_EXTERN(int) idle_step_get_identity(idle_step_ctx *c, const char *key, idle_identity *out);
IDLE_EXTERN(int)
idle_step_create_identity(idle_step_ctx *c, const char *key, const idle_value *attrs, int *changed);
IDLE_EXTERN(int) idle_step_delete_identity(idle_step_ctx *c, const char *key, int *changed);
IDLE_EXTERN(int) idle_step_enable_identity(idle_step_ctx *c, const char *key, int *changed);
IDLE_EXTERN(int) idle_step_disable_identity(idle_step_ctx *c, const char *key, int *changed);
IDLE_EXTERN(int)
idle_step_move_identity(idle_step_ctx *c, const char *key, const char *container, int *changed);
IDLE_EXTERN(int)
idle_step_ensure_attribute(idle_step_ctx *c, const char *key, const char *name,
                           const idle_value *value, int *changed);
IDLE_EXTERN(int) idle_step_revoke_sessions(idle_step_ctx *c, const char *key, int *changed);
IDLE_EXTERN(int)
idle_step_list_entitlements(idle_step_ctx *c, const char *key, idle_entitlement **items, size_t *n);
IDLE_EXTERN(int)
idle_step_grant(idle_step_ctx *c, const char *key, const idle_entitlement *e, int *changed);
IDLE_EXTERN(int)
idle_step_revoke(idle_step_ctx *c, const char *key, const idle_entitlement *e, int *changed);
/*
 * The canonical form of an entitlement as the workflow names it (a group by
 * display name: its id), when the provider knows one; else *out = *in.
 * in and out may be the same.
 */
IDLE_EXTERN(int)
idle_step_resolve_entitlement(idle_step_ctx *c, const idle_entitlement *in, idle_entitlement *out);
/*
 * Revokes (grants) n entitlements at once when the provider can (a batch),
 * else one by one; per item changed[i] and failed[i] (NULL, or why): an
 * item's failure does not fail the step. Nonzero only when the step failed.
 */
IDLE_EXTERN(int)
idle_step_revoke_many(idle_step_ctx *c, const char *key, const idle_entitlement *items, size_t n,
                      int *changed, const char **failed);
IDLE_EXTERN(int)
idle_step_grant_many(idle_step_ctx *c, const char *key, const idle_entitlement *items, size_t n,
                     int *changed, const char **failed);
IDLE_EXTERN(int)
idle_step_sync_start(idle_step_ctx *c, const char *policy, const char *computer,
                     const char **message, int *changed);
IDLE_EXTERN(int) idle_step_sync_state(idle_step_ctx *c, const char *computer, idle_sync_state *out);
IDLE_EXTERN(int)
idle_step_sync_object(idle_step_ctx *c, const char *dn, const char *computer, unsigned flags,
                      const idle_value **report);

/*
 * Checks that the step's provider (With.Provider, else the type's default
 * alias) is configured; fails the step otherwise. For steps that must not
 * emit anything before they know they can run.
 */
IDLE_EXTERN(int) idle_step_check_provider(idle_step_ctx *c);

/*
 * With soft = 1, a failing provider call does not fail the step: it returns
 * nonzero and idle_step_last_error() says why (for best-effort work such as
 * pruning, where one entitlement that cannot be removed is only skipped).
 */
IDLE_EXTERN(void) idle_step_soft(idle_step_ctx *c, int soft);
IDLE_EXTERN(const char *) idle_step_last_error(const idle_step_ctx *c);
/* 1 when that failure may pass if retried (a busy server, a timeout). */
IDLE_EXTERN(int) idle_step_last_transient(const idle_step_ctx *c);

IDLE_END_DECL

#endif
