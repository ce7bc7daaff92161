/*
 * lib/builtins.c - the library layer: the tables of built-in step types and
 * provider types, registered into every host idle_host_new() makes. The
 * engine knows none of them (it links without steps/ and providers/).
 */
#include <idle/host.h>

#include "providers/entraconnect/entraconnect.h"
#include "providers/entraid/entraid.h"
#include "providers/mock/dirsync.h"
#include "providers/mock/mock.h"
#include "steps/steps.h"

/* The built-in step types, in IdLE's catalog order. */
static const idle_step_type *const step_types[] = {
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
    &idle_steptype_sync_single_object,
    &idle_steptype_mailbox_get_info,
    &idle_steptype_mailbox_ensure_type,
    &idle_steptype_mailbox_ensure_ooo,
    &idle_steptype_mailbox_ensure_permissions,
    NULL,
};

/* The built-in provider types. */
static const idle_provider_type *const provider_types[] = {
    &idle_provider_mock,
    &idle_provider_mock_dirsync,
    &idle_provider_entraconnect,
    &idle_provider_entraid,
    NULL,
};

int idle_host_new(idle_host **out)
{
	size_t i;
	int rc = idle_host_new_empty(out);

	for (i = 0; rc == 0 && step_types[i]; i++)
		rc = idle_host_add_step_type(*out, step_types[i]);
	for (i = 0; rc == 0 && provider_types[i]; i++)
		rc = idle_host_add_provider_type(*out, provider_types[i]);
	if (rc && out && *out) {
		idle_host_free(*out);
		*out = NULL;
	}
	return rc;
}
