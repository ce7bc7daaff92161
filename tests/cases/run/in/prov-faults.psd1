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
    }
    DefaultRetryProfile = 'Quick'
  }
}
