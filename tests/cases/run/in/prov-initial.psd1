# An Initial cycle takes longer than a Delta one: a run that drops PolicyType, or ignores
# InitialCycleSeconds, waits for the wrong length of time.
@{
  Providers = @{
    DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 12; InitialCycleSeconds = 40; StartDelaySeconds = 3 }
  }
  AuthSessions = @{
    SessionMap = @( @{ Match = @{ AuthSessionName = 'Corp' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'corp\svc'; PasswordEnv = 'IDLE_TEST_PASSWORD' } } )
  }
}
