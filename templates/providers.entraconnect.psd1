# Providers for a real Entra Connect server (docs/providers.md, "EntraConnect"):
# the sync steps reach the server over WinRM (HTTPS, port 5986) with the
# account of the auth session 'EntraConnect'; its password comes from the
# environment variable IDLE_AADC_PASSWORD (never from this file).
#
#   export IDLE_AADC_PASSWORD=...      # or PasswordFile = '/run/secrets/aadc'
#   idle doctor templates/providers.entraconnect.psd1
#   idle run templates/entraconnect-sync.psd1 -r templates/requests/entraconnect-sync.json \
#       -p templates/providers.entraconnect.psd1
@{
  Providers = @{
    Identity      = @{ Type = 'Mock' }
    DirectorySync = @{
      Type           = 'EntraConnect'
      Authentication = 'Ntlm'                          # or Negotiate (Kerberos: kinit first), Basic
      # CaFile       = '/etc/ssl/certs/corp-ca.pem'    # when the server's certificate is not in the system store
    }
  }
  AuthSessions = @{
    SessionMap = @(
      @{ Match = @{ AuthSessionName = 'EntraConnect'; Role = 'EntraConnectAdmin' }
         AuthSessionType = 'PSRemoting'
         Credential = @{ UserName = 'CORP\svc-idle'; PasswordEnv = 'IDLE_AADC_PASSWORD'
                         Endpoint = 'https://aadc01.corp.example:5986/wsman' } }
      @{ Match = @{ AuthSessionName = 'EntraConnect' }
         AuthSessionType = 'Credential'
         Credential = @{ UserName = 'CORP\svc-idle'; PasswordEnv = 'IDLE_AADC_PASSWORD' } }
    )
  }
  ExecutionOptions = @{
    RetryProfiles       = @{ Default = @{ MaxAttempts = 3; InitialDelayMilliseconds = 5000 } }
    DefaultRetryProfile = 'Default'
  }
}
