# The Mock keeps its identities in state.json (beside this file) between runs.
@{
  Providers = @{
    Identity      = @{ Type = 'Mock'; StatePath = 'state.json'
                       Identities = @{ jdoe = @{ Entitlements = @( @{ Kind = 'Group'; Id = 'old-1' }; @{ Kind = 'Group'; Id = 'keep-me' } ) } } }
    DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 3 }
  }
  AuthSessions = @{
    SessionMap = @( @{ Match = @{ AuthSessionName = 'Corp' }; AuthSessionType = 'Credential'
                       Credential = @{ UserName = 'corp\svc'; PasswordEnv = 'IDLE_CANARY_SECRET' } } )
  }
}
