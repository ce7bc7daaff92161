@{
  Name = 'EntraID context'; LifecycleEvent = 'Mover'
  ContextResolvers = @(
    @{ Capability = 'IdLE.Identity.Read'
       With = @{ IdentityKey = '{{Request.IdentityKeys.Key}}'; AuthSessionName = 'MicrosoftGraph'; AuthSessionOptions = @{ Role = 'Admin' } } }
    @{ Capability = 'IdLE.Entitlement.List'
       With = @{ IdentityKey = '{{Request.IdentityKeys.Key}}'; AuthSessionName = 'MicrosoftGraph'; AuthSessionOptions = @{ Role = 'Admin' } } }
  )
  Steps = @(
    @{ Name = 'EnableWhenInSales'; Type = 'IdLE.Step.EnableIdentity'
       Condition = @{ Equals = @{ Path = 'Request.Context.Views.Identity.Profile.Attributes.Department'; Value = 'Sales' } }
       With = @{ IdentityKey = '{{Request.IdentityKeys.Key}}'; AuthSessionName = 'MicrosoftGraph'; AuthSessionOptions = @{ Role = 'Admin' } } }
    @{ Name = 'Report'; Type = 'IdLE.Step.EmitEvent'
       With = @{ Message = '{{Request.Context.Views.Identity.Profile.Attributes.DisplayName}} ({{Request.Context.Views.Identity.Profile.Attributes.Department}}) enabled' } }
  )
}
