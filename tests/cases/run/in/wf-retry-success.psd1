@{ Name = 'Retry'; LifecycleEvent = 'Joiner'; Steps = @( @{ Name = 'Disable'; Type = 'IdLE.Step.DisableIdentity'; RetryProfile = 'Quick'; With = @{ IdentityKey = 'jdoe' } } ) }
