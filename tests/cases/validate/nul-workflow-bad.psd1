@{ Name = 'L'; LifecycleEvent = 'Leaver'; Steps = @( @{ Name = 'D'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = "{{Request.IdentityKeys.Id}}"; Note = "a`0b" } } ) }
