@{
  Name = 'Resolvers'; LifecycleEvent = 'Joiner'
  ContextResolvers = @(
    @{ Capability = 'idle.entitlement.list'; With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; Provider = 'Entra-1'; AuthSessionName = 'Tier_0'; AuthSessionOptions = @{ Role = 'Reader' } } }
    @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = 'u'; Provider = $null } }
  )
  Steps = @( @{ Name = 'A'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 'Request.Context.Views.Identity.Entitlements' } } )
}
