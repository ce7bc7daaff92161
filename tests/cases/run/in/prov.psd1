# Providers for the run cases: a Mock with one known user, a simulated
# Entra Connect scheduler, sessions, and retry profiles without delays.
@{
  Providers = @{
    Identity = @{
      Type       = 'Mock'
      Identities = @{
        'jdoe' = @{
          Attributes   = @{ Department = 'IT'; Title = 'Engineer' }
          Entitlements = @( @{ Kind = 'Group'; Id = 'all' }; @{ Kind = 'Group'; Id = 'legal-hold' }; @{ Kind = 'Group'; Id = 'retention-1' }; @{ Kind = 'Group'; Id = 'project-x' }; @{ Kind = 'Role'; Id = 'admin' } )
        }
      }
      ProtectedEntitlementIds = @('project-x')
    }
    DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 12; StartDelaySeconds = 3 }
  }
  AuthSessions = @{
    SessionMap = @(
      @{ Match = @{ AuthSessionName = 'Corp' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'corp\svc'; PasswordEnv = 'IDLE_TEST_PASSWORD' } }
      @{ Match = @{ AuthSessionName = 'Corp'; Tier = '0' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'corp\t0'; PasswordEnv = 'IDLE_TEST_PASSWORD' } }
      @{ Match = @{ AuthSessionName = 'Twin'; Region = 'eu' }; AuthSessionType = 'OAuth'; Credential = @{ TokenEnv = 'IDLE_TEST_TOKEN' } }
      @{ Match = @{ AuthSessionName = 'Twin'; Env = 'prod' }; AuthSessionType = 'OAuth'; Credential = @{ TokenEnv = 'IDLE_TEST_TOKEN' } }
    )
  }
  ExecutionOptions = @{
    RetryProfiles = @{
      Quick   = @{ MaxAttempts = 3; InitialDelayMilliseconds = 100; MaxDelayMilliseconds = 1000 }
      NoRetry = @{ MaxAttempts = 0 }
    }
  }
}
