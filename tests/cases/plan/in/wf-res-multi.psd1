# Two providers and two sessions: scoped paths never collide; the Views merge
# them in sorted order (7.6).
@{
  Name             = 'Resolvers - several sources'
  LifecycleEvent   = 'Joiner'
  ContextResolvers = @(
    @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = 'user1'; Provider = 'HR' } }
    @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = 'user1'; Provider = 'Entra' } }
    @{ Capability = 'IdLE.Entitlement.List'; With = @{ IdentityKey = 'user1'; Provider = 'Entra' } }
    @{ Capability = 'IdLE.Entitlement.List'; With = @{ IdentityKey = 'user1'; Provider = 'AD' } }
    @{ Capability = 'IdLE.Entitlement.List'; With = @{ IdentityKey = 'user1'; Provider = 'Identity'; AuthSessionName = 'Corp' } }
    @{ Capability = 'IdLE.Entitlement.List'; With = @{ IdentityKey = 'user2'; Provider = 'Identity'; AuthSessionName = 'Tier0'; AuthSessionOptions = @{ Tier = 0 } } }
  )
  Steps = @(
    @{ Name = 'FromHR'; Type = 'Test.Step'; Condition = @{ Equals = @{ Path = 'Request.Context.Views.Identity.Profile.Attributes.Source'; Value = 'HR' } } }
    @{ Name = 'Tier0Empty'; Type = 'Test.Step'; Condition = @{ Exists = 'Request.Context.Views.Sessions.Tier0.Identity.Entitlements' } }
  )
}
