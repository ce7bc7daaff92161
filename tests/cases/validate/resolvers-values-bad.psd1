@{
  Name = 'Resolver values'; LifecycleEvent = 'Joiner'
  ContextResolvers = @(
    @{ Capability = 'IdLE.Entitlement.Grant'; With = @{ IdentityKey = 'u' } }
    @{ Capability = 'IdLE.Identity.Reed'; With = @{ IdentityKey = '' } }
    @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = 'u'; Provider = ' '; AuthSessionOptions = 'x' } }
    @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = 'u'; Provider = 'Invalid.Alias'; AuthSessionName = 'Tier 0' } }
    @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = '{{Request.Identity.Id}}' } }
  )
  Steps = @()
}
