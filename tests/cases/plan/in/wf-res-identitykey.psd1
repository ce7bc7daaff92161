@{
  Name             = 'Resolver identity key'
  LifecycleEvent   = 'Joiner'
  ContextResolvers = @( @{ Capability = 'IdLE.Entitlement.List'; With = @{ IdentityKey = '{{Request.IdentityKeys.Nope}}'; Provider = 'Identity' } } )
  Steps            = @( @{ Name = 'Step1'; Type = 'IdLE.Step.EmitEvent' } )
}
