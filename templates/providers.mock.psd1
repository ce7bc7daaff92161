# The built-in default: the providers every shipped template runs on, with no
# outside system. 'Mock' keeps identities and groups in memory; add
# StatePath = 'state/identity.json' to keep them between runs.
# 'MockDirectorySync' simulates the Entra Connect scheduler.
#
# For real systems, keep the aliases (Identity, DirectorySync) and change the
# Type and its options; credentials stay out of this file (PasswordEnv names
# an environment variable).
@{
  Providers = @{
    Identity = @{
      Type       = 'Mock'
      Identities = @{
        'jdoe@contoso.com'   = @{
          Enabled      = $true
          Attributes   = @{ DisplayName = 'John Doe'; Department = 'IT'; Title = 'Engineer' }
          Entitlements = @(
            @{ Kind = 'Group'; Id = 'all-employees' }
            @{ Kind = 'Group'; Id = 'dept-IT' }
            @{ Kind = 'Group'; Id = 'legal-hold' }
            @{ Kind = 'Group'; Id = 'retention-2026' }
            @{ Kind = 'Group'; Id = 'project-apollo' }
          )
          Container    = 'OU=IT,OU=Staff,DC=contoso,DC=com'
        }
      }
    }
    DirectorySync = @{
      Type              = 'MockDirectorySync'
      CycleSeconds      = 4
      StartDelaySeconds = 1
    }
  }

  AuthSessions = @{
    SessionMap = @(
      @{
        Match           = @{ AuthSessionName = 'EntraConnect' }
        AuthSessionType = 'Credential'
        Credential      = @{ UserName = 'CORP\svc-idle'; PasswordEnv = 'IDLE_AADC_PASSWORD' }
      }
      @{
        Match           = @{ AuthSessionName = 'EntraConnect'; Role = 'EntraConnectAdmin' }
        AuthSessionType = 'Credential'
        Credential      = @{ UserName = 'CORP\svc-idle-admin'; PasswordEnv = 'IDLE_AADC_ADMIN_PASSWORD' }
      }
    )
  }

  ExecutionOptions = @{
    RetryProfiles       = @{
      Default = @{ MaxAttempts = 3; InitialDelayMilliseconds = 500; MaxDelayMilliseconds = 5000 }
    }
    DefaultRetryProfile = 'Default'
  }
}
