# Entitlements and the profile of one identity, through a template; the
# steps decide on the Views (7.6).
@{
  Name             = 'Resolvers'
  LifecycleEvent   = 'Joiner'
  ContextResolvers = @(
    @{ Capability = 'IdLE.Entitlement.List'; With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; Provider = 'Identity' } }
    @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; Provider = 'Identity' } }
  )
  Steps = @(
    @{ Name = 'HasG1'; Type = 'Test.Step'; Condition = @{ Contains = @{ Path = 'Request.Context.Views.Identity.Entitlements.Id'; Value = 'G1' } } }
    @{ Name = 'Contractor'; Type = 'Test.Step'
       Condition = @{ Like = @{ Path = 'Request.Context.Views.Identity.Profile.Attributes.Department'; Pattern = 'Contract*' } }
       With = @{ Department = '{{Request.Context.Views.Identity.Profile.Attributes.Department}}'; Source = '{{Request.Context.Providers.Identity.Default.Identity.Profile.SourceProvider}}' } }
    @{ Name = 'Scoped'; Type = 'Test.Step'; Condition = @{ Exists = 'Request.Context.Providers.Identity.Default.Identity.Entitlements' } }
  )
}
