# Injected failures: transient once, transient always, permanent.
@{
  Providers = @{
    Identity = @{
      Type   = 'Mock'
      Faults = @(
        @{ Operation = 'DisableIdentity'; Times = 1; Transient = $true; Message = 'throttled (429)' }
        @{ Operation = 'EnsureAttribute'; Transient = $true; Message = 'service unavailable (503)' }
        @{ Operation = 'MoveIdentity'; Message = 'access denied' }
      )
    }
  }
  ExecutionOptions = @{
    RetryProfiles = @{
      Quick   = @{ MaxAttempts = 3; InitialDelayMilliseconds = 100; MaxDelayMilliseconds = 1000 }
      NoRetry = @{ MaxAttempts = 0 }
      # delays 1000, then 10000 capped at 1500 ms (the cap may equal the first delay)
      Capped  = @{ MaxAttempts = 3; InitialDelayMilliseconds = 1000; BackoffFactor = 10; MaxDelayMilliseconds = 1500 }
      Flat    = @{ MaxAttempts = 2; InitialDelayMilliseconds = 500; MaxDelayMilliseconds = 500 }
    }
    DefaultRetryProfile = 'Quick'
  }
}
