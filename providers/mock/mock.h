/*
 * providers/mock/mock.h - `Mock`: the built-in identity and entitlement
 * store, a product feature for demos and dry runs (ARCHITECTURE.md
 * "Built-in default providers").
 *
 *   Identity = @{
 *     Type       = 'Mock'
 *     Identities = @{ user1 = @{ Enabled = $true; Attributes = @{ Department = 'IT' }
 *                                Entitlements = @( @{ Kind = 'Group'; Id = 'g1' } )
 *                                Container = 'OU=Staff' } }
 *     StatePath  = 'state/identity.json'  # loaded when the provider is set up, saved after a run
 *     ProtectedEntitlementIds = @('g-all') # revoking these fails (as IdLE's mock)
 *   }
 *
 * IdLE's mock semantics: reading or changing an identity that does not exist
 * creates it (enabled); listing entitlements of an unknown identity gives
 * none; granting or revoking for one fails. Beyond IdLE's mock it creates,
 * enables, deletes and moves identities and revokes their sessions.
 */
#ifndef IDLE_PROVIDERS_MOCK_H
#define IDLE_PROVIDERS_MOCK_H

#include <idle/sys/provider.h>

extern const idle_provider_type idle_provider_mock;

#endif
