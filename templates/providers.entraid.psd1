# Providers for a real Entra ID tenant (docs/providers.md, "EntraID"): the
# identity and entitlement steps call Microsoft Graph with the app
# registration's client credentials; the client secret comes from the
# environment variable IDLE_GRAPH_SECRET (never from this file).
#
#   export IDLE_GRAPH_SECRET=...       # or ClientSecretFile = '/run/secrets/graph'
#   idle doctor templates/providers.entraid.psd1
#   idle plan templates/joiner.psd1 -r templates/requests/joiner.psd1 -p templates/providers.entraid.psd1
#   idle run  templates/joiner.psd1 -r templates/requests/joiner.psd1 -p templates/providers.entraid.psd1
@{
  Providers = @{
    Identity = @{
      Type        = 'EntraID'
      AllowDelete = $false                             # IdLE.Step.DeleteIdentity needs $true
      # Proxy     = 'http://proxy.corp.example:3128'  # when Graph is reached through a proxy
      # CaFile    = '/etc/ssl/certs/corp-proxy-ca.pem' # a TLS-inspecting proxy's CA
      # GraphBaseUrl = 'https://graph.microsoft.us/v1.0'; AuthorityUrl = 'https://login.microsoftonline.us'  # national clouds
    }
    DirectorySync = @{ Type = 'MockDirectorySync' }    # cloud-only users: no sync; or Type = 'EntraConnect'
  }
  AuthSessions = @{
    SessionMap = @(
      # IdLE's Entra templates ask for AuthSessionName 'MicrosoftGraph' with Role 'Admin',
      # and 'Tier0' for deleting: one entry each (here one app registration serves both)
      @{ Match = @{ AuthSessionName = 'MicrosoftGraph'; Role = 'Admin' }
         AuthSessionType = 'OAuth'
         Credential = @{ TenantId = 'contoso.onmicrosoft.com'; ClientId = '00000000-0000-0000-0000-000000000000'
                         ClientSecretEnv = 'IDLE_GRAPH_SECRET' } }
      @{ Match = @{ AuthSessionName = 'MicrosoftGraph'; Role = 'Tier0' }
         AuthSessionType = 'OAuth'
         Credential = @{ TenantId = 'contoso.onmicrosoft.com'; ClientId = '00000000-0000-0000-0000-000000000000'
                         ClientSecretEnv = 'IDLE_GRAPH_SECRET' } }
    )
    # steps that name no session (idle's templates) use this one
    DefaultAuthSession = @{ AuthSessionType = 'OAuth'
      Credential = @{ TenantId = 'contoso.onmicrosoft.com'; ClientId = '00000000-0000-0000-0000-000000000000'
                      ClientSecretEnv = 'IDLE_GRAPH_SECRET' } }
  }
  ExecutionOptions = @{
    RetryProfiles       = @{ Default = @{ MaxAttempts = 3; InitialDelayMilliseconds = 2000 } }
    DefaultRetryProfile = 'Default'
  }
}
