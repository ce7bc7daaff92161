@{
  Name             = 'Resolver auth'
  LifecycleEvent   = 'Joiner'
  ContextResolvers = @( @{ Capability = 'IdLE.Entitlement.List'; With = @{ IdentityKey = 'user1'; Provider = 'Identity'; AuthSessionName = 'Tier0'; AuthSessionOptions = @{ Tier = 1 } } } )
  Steps            = @( @{ Name = 'Step1'; Type = 'IdLE.Step.EmitEvent' } )
}
