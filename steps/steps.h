/*
 * steps/steps.h - the built-in step types and the helpers their With checks
 * share. Step code uses the extension API (idle/sys/step.h) like any
 * embedder's step would.
 */
#ifndef IDLE_STEPS_STEPS_H
#define IDLE_STEPS_STEPS_H

#include <idle/run.h>
#include <idle/sys/step.h>
#include <idle/value.h>

/* The routing keys every provider-backed step accepts. */
#define IDLE_STEP_ROUTING "Provider", "AuthSessionName", "AuthSessionOptions"

extern const idle_step_type idle_steptype_emit_event;
extern const idle_step_type idle_steptype_create_identity;
extern const idle_step_type idle_steptype_disable_identity;
extern const idle_step_type idle_steptype_enable_identity;
extern const idle_step_type idle_steptype_delete_identity;
extern const idle_step_type idle_steptype_move_identity;
extern const idle_step_type idle_steptype_revoke_sessions;
extern const idle_step_type idle_steptype_ensure_attributes;
extern const idle_step_type idle_steptype_ensure_entitlement;
extern const idle_step_type idle_steptype_prune_entitlements;
extern const idle_step_type idle_steptype_prune_ensure_keep;
extern const idle_step_type idle_steptype_trigger_directory_sync;
extern const idle_step_type idle_steptype_sync_single_object;
extern const idle_step_type idle_steptype_mailbox_get_info;
extern const idle_step_type idle_steptype_mailbox_ensure_type;
extern const idle_step_type idle_steptype_mailbox_ensure_ooo;
extern const idle_step_type idle_steptype_mailbox_ensure_permissions;

/* ---- helpers for check_with ------------------------------------------------- */

/* The step's name for messages: "DisableIdentity" for IdLE.Step.DisableIdentity. */
const char *idle_steps__label(const idle_step_check *c);
/* With.key when present and a literal worth checking (not a {{template}} string, not a
 * @{ ValueFrom = ... } map, which validation reports on its own), else NULL. */
const idle_value *idle_steps__literal(const idle_value *with, const char *key);
/* 1 if v is a string equal (case-insensitively, ignoring surrounding blanks) to one of list. */
int idle_steps__one_of(const idle_value *v, const char *const *list);
/* "User, Shared, Room, Equipment" into buf. */
const char *idle_steps__join(const char *const *list, char *buf, size_t size);

/*
 * The value checks below look at map.key (map is With or a value inside it)
 * when it is a literal, and report with `path`, its data path relative to
 * With ("Attributes", "Config.Mode", "Permissions[1].Right").
 */
/* Error unless it is a hashtable. */
void idle_steps__want_map(idle_step_check *c, const idle_value *map, const char *key,
                          const char *path);
/* Error unless it is a non-blank string (numbers pass, as [string] does). */
void idle_steps__want_text(idle_step_check *c, const idle_value *map, const char *key,
                           const char *path);
/* Error unless it is a string in list (case-insensitive). */
void idle_steps__want_one_of(idle_step_check *c, const idle_value *map, const char *key,
                             const char *path, const char *const *list);

/* ---- helpers for run -------------------------------------------------------- */

/* With.key as text ([string]) when present and not blank, else NULL. */
const char *idle_steps__text(idle_step_ctx *c, const idle_value *with, const char *key);
/*
 * The text of With.key into *out, or the step fails with IdLE's
 * "<label> requires With.<key>." (returns nonzero).
 */
int idle_steps__need(idle_step_ctx *c, const idle_value *with, const char *label, const char *key,
                     const char **out);
/* Two entitlements are the same: Kind and Id equal, case-insensitively. */
int idle_steps__same_entitlement(const idle_entitlement *a, const idle_entitlement *b);

#endif
