@{
  Name = 'Retry exhausted'; LifecycleEvent = 'Joiner'
  Steps = @( @{ Name = 'Attributes'; Type = 'IdLE.Step.EnsureAttributes'; With = @{ IdentityKey = 'jdoe'; Attributes = @{ Title = 'x' } } } )
  OnFailureSteps = @( @{ Name = 'Disable'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'jdoe' } } )
}
