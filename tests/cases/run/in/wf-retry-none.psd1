@{ Name = 'No retry'; LifecycleEvent = 'Joiner'; Steps = @( @{ Name = 'Disable'; Type = 'IdLE.Step.DisableIdentity'; RetryProfile = 'NoRetry'; With = @{ IdentityKey = 'jdoe' } } ) }
