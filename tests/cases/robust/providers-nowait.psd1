# Another run holds the state file: give up at once.
@{
  Providers = @{
    Identity      = @{ Type = 'Mock'; StatePath = 'state/sub/identity.json'; LockTimeoutSeconds = 0 }
    DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 60; StartDelaySeconds = 0 }
  }
}
