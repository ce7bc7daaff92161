# IdLE's mock examples with a throttling directory: the first two grants fail
# transiently, and the step's RetryProfile decides how long to wait.
@{
  Providers = @{
    Identity = @{
      Type       = 'Mock'
      Identities = @{ user1 = @{ Attributes = @{ DisplayName = 'Demo User' } } }
      Faults     = @( @{ Operation = 'GrantEntitlement'; Times = 2; Transient = $true; Message = 'throttled (429)' } )
    }
  }
  ExecutionOptions = @{
    RetryProfiles = @{
      Default        = @{ MaxAttempts = 3; InitialDelayMilliseconds = 200 }
      GraphAPI       = @{ MaxAttempts = 5; InitialDelayMilliseconds = 1000; BackoffFactor = 2.0; MaxDelayMilliseconds = 16000; JitterRatio = 0.3 }
      ExchangeOnline = @{ MaxAttempts = 6; InitialDelayMilliseconds = 500; BackoffFactor = 2.5; MaxDelayMilliseconds = 30000; JitterRatio = 0.25 }
      Notifications  = @{ MaxAttempts = 3; InitialDelayMilliseconds = 100; BackoffFactor = 1.5; MaxDelayMilliseconds = 1000; JitterRatio = 0.1 }
    }
    DefaultRetryProfile = 'Default'
  }
}
