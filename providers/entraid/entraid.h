/*
 * providers/entraid/entraid.h - `EntraID`: Entra ID users, groups and
 * administrative units over Microsoft Graph v1.0 (shared/spec/
 * entraid-graph.md Part 1; docs/providers.md "EntraID").
 *
 *   Identity = @{
 *     Type           = 'EntraID'
 *     GraphBaseUrl   = 'https://graph.microsoft.com/v1.0'   # default
 *     AuthorityUrl   = 'https://login.microsoftonline.com'  # default
 *     CaFile         = '/etc/ssl/certs/corp-proxy-ca.pem'   # default: the system store
 *     AllowDelete    = $false                               # DeleteIdentity needs $true
 *     TimeoutSeconds = 30                                   # per HTTP request
 *   }
 *
 * The session is an OAuth one: client credentials (TenantId, ClientId,
 * ClientSecretEnv/File) exchanged for a token once per run, or a bearer
 * token (TokenEnv/File).
 */
#ifndef IDLE_PROVIDERS_ENTRAID_H
#define IDLE_PROVIDERS_ENTRAID_H

#include <idle/sys/provider.h>

extern const idle_provider_type idle_provider_entraid;

#endif
