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
        # the demo identity of IdLE's own mock examples (examples/workflows/mock)
        user1                = @{ Attributes = @{ DisplayName = 'Demo User' } }
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

  # Retries of transient failures; a step picks a profile with RetryProfile = 'Name'.
  # GraphAPI, ExchangeOnline and Notifications are the profiles IdLE's examples use.
  ExecutionOptions = @{
    RetryProfiles       = @{
      Default        = @{ MaxAttempts = 3; InitialDelayMilliseconds = 500; MaxDelayMilliseconds = 5000 }
      GraphAPI       = @{ MaxAttempts = 5; InitialDelayMilliseconds = 1000; BackoffFactor = 2.0; MaxDelayMilliseconds = 16000; JitterRatio = 0.3 }
      ExchangeOnline = @{ MaxAttempts = 6; InitialDelayMilliseconds = 500; BackoffFactor = 2.5; MaxDelayMilliseconds = 30000; JitterRatio = 0.25 }
      Notifications  = @{ MaxAttempts = 3; InitialDelayMilliseconds = 100; BackoffFactor = 1.5; MaxDelayMilliseconds = 1000; JitterRatio = 0.1 }
    }
    DefaultRetryProfile = 'Default'
  }
}
