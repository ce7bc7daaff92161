# A resolver that names a provider the file does not define.
@{
  Name             = 'Resolver errors'
  LifecycleEvent   = 'Joiner'
  ContextResolvers = @( @{ Capability = 'IdLE.Entitlement.List'; With = @{ IdentityKey = 'user1'; Provider = 'Nope' } } )
  Steps            = @( @{ Name = 'Step1'; Type = 'IdLE.Step.EmitEvent' } )
}
