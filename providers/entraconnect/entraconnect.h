/*
 * providers/entraconnect/entraconnect.h - `EntraConnect`: Entra Connect's
 * sync scheduler reached over WinRM from any host (shared/spec/
 * winrm-adsync.md; docs/providers.md "EntraConnect").
 *
 *   DirectorySync = @{
 *     Type = 'EntraConnect'
 *     Scheme = 'https'; Port = 5986; Path = '/wsman'   # the defaults
 *     Authentication = 'Negotiate'                     # Basic | Ntlm | Negotiate
 *     CaFile = '/etc/ssl/certs/corp-ca.pem'            # default: the system store
 *     AllowUnencrypted = $false                        # required for Scheme = 'http'
 *     ConnectTimeoutSeconds = 10; OperationTimeoutSeconds = 20; CommandTimeoutSeconds = 120
 *   }
 *
 * The server is the step's With.ComputerName (IdLE's way, with a Credential
 * session) or the Endpoint of a PSRemoting session's Credential (the seed's
 * way); ComputerName wins when both are given. Each run keeps one connection
 * and one remote shell per server and account, deleted when the run ends.
 */
#ifndef IDLE_PROVIDERS_ENTRACONNECT_H
#define IDLE_PROVIDERS_ENTRACONNECT_H

#include <idle/sys/provider.h>

extern const idle_provider_type idle_provider_entraconnect;

#endif
