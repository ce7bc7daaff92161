/*
 * steps/registry.c - the table of built-in step types, in IdLE's catalog order.
 */
#include "engine/host.h"
#include "steps/steps.h"

const idle_step_type *const idle_builtin_step_types[] = {
    &idle_steptype_emit_event,
    &idle_steptype_create_identity,
    &idle_steptype_disable_identity,
    &idle_steptype_enable_identity,
    &idle_steptype_delete_identity,
    &idle_steptype_move_identity,
    &idle_steptype_ensure_attributes,
    &idle_steptype_ensure_entitlement,
    &idle_steptype_revoke_sessions,
    &idle_steptype_prune_entitlements,
    &idle_steptype_prune_ensure_keep,
    &idle_steptype_trigger_directory_sync,
    &idle_steptype_mailbox_get_info,
    &idle_steptype_mailbox_ensure_type,
    &idle_steptype_mailbox_ensure_ooo,
    &idle_steptype_mailbox_ensure_permissions,
    NULL,
};
