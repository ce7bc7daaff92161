@{ Name = 'Permanent'; LifecycleEvent = 'Joiner'; Steps = @( @{ Name = 'Move'; Type = 'IdLE.Step.MoveIdentity'; With = @{ IdentityKey = 'jdoe'; TargetContainer = 'OU=X' } } ) }
