@{
  Name = 'Resolver shapes'; LifecycleEvent = 'Joiner'
  ContextResolvers = @(
    'IdLE.Identity.Read'
    @{ With = @{ IdentityKey = 'u' } }
    @{ Capability = 'IdLE.Entitlement.List'; Provider = 'Identity'; To = 'Request.Context.X'; With = @{ IdentityKey = 'u' } }
    @{ Capability = 'IdLE.Identity.Read'; With = 'u' }
    @{ Capability = 'IdLE.Identity.Read' }
  )
  Steps = @()
}
