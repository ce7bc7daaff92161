/*
 * steps/registry.c - the table of built-in step types, in IdLE's catalog order.
 */
#include "engine/host.h"
#include "steps/steps.h"

const idle_step_type *const idle_builtin_step_types[] = {
    &idle_step_emit_event,
    &idle_step_create_identity,
    &idle_step_disable_identity,
    &idle_step_enable_identity,
    &idle_step_delete_identity,
    &idle_step_move_identity,
    &idle_step_ensure_attributes,
    &idle_step_ensure_entitlement,
    &idle_step_revoke_sessions,
    &idle_step_prune_entitlements,
    &idle_step_prune_ensure_keep,
    &idle_step_trigger_directory_sync,
    &idle_step_mailbox_get_info,
    &idle_step_mailbox_ensure_type,
    &idle_step_mailbox_ensure_ooo,
    &idle_step_mailbox_ensure_permissions,
    NULL,
};
