@{
  Name             = 'Resolver fault'
  LifecycleEvent   = 'Joiner'
  ContextResolvers = @( @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = 'user1'; Provider = 'Broken' } } )
  Steps            = @( @{ Name = 'Step1'; Type = 'IdLE.Step.EmitEvent' } )
}
