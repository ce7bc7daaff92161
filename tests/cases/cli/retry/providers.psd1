@{
  Providers = @{ Identity = @{ Type = 'Mock' } }
  ExecutionOptions = @{ RetryProfiles = @{ GraphAPI = @{ MaxAttempts = 5 }; Notifications = @{ MaxAttempts = 2 } } }
}
