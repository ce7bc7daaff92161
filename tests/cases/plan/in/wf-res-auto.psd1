@{
  Name             = 'Resolver auto-select'
  LifecycleEvent   = 'Joiner'
  ContextResolvers = @( @{ Capability = 'IdLE.Entitlement.List'; With = @{ IdentityKey = 'auto-user' } } )
  Steps            = @( @{ Name = 'Step1'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Contains = @{ Path = 'Request.Context.Views.Identity.Entitlements.Id'; Value = 'grp-auto' } } } )
}
