@{ Name = 'Delete'; LifecycleEvent = 'Operational'; Steps = @( @{ Name = 'Delete'; Type = 'IdLE.Step.DeleteIdentity'; With = @{ IdentityKey = 'asmith' } } ) }
