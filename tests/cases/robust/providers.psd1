# The Mock keeps its state in a folder that does not exist yet (a run creates it);
# the scheduler's cycle is long enough to interrupt a run while it waits.
@{
  Providers = @{
    Identity      = @{ Type = 'Mock'; StatePath = 'state/sub/identity.json'; LockTimeoutSeconds = 20 }
    DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 60; StartDelaySeconds = 0 }
  }
}
