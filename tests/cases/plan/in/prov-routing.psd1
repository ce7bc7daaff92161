@{
  Providers        = @{
    Directory = @{ Type = 'Mock' }
    Sync      = @{ Type = 'MockDirectorySync' }
  }
  ExecutionOptions = @{ RetryProfiles = @{ Fast = @{ MaxAttempts = 1 } } }
}
