# Options set to $null are as if absent: each provider keeps its default.
@{
  Providers = @{
    Identity      = @{ Type = 'Mock'; StatePath = $null; LockTimeoutSeconds = $null; Identities = $null; Capabilities = $null; ProtectedEntitlementIds = $null }
    DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = $null; StartDelaySeconds = $null; StagingModeEnabled = $null }
  }
}
