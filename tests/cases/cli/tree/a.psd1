@{
  Name             = 'Root - every key'
  LifecycleEvent   = 'Joiner'
  Description      = 'All six root keys.'
  Steps            = @( @{ Name = 'A'; Type = 'IdLE.Step.EmitEvent' } )
  OnFailureSteps   = @( @{ Name = 'A'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'same name as in Steps is fine' } } )
  ContextResolvers = @( @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = 'u1' } } )
}
