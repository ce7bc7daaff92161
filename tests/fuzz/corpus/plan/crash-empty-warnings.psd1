@{
  Name             = 'Resolver read'
  LifecycleEvent   = 'Joiner'
  ContextResolvers = @( @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = 'user1' } } )
  Steps            = @( @{ Name = 'Step1'; Type = 'IdLE.Step.EmitEvent' } )
}
