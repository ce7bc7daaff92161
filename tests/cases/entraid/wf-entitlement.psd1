@{
  Name = 'EntraID entitlement'; LifecycleEvent = 'Mover'
  Steps = @(
    @{ Name = 'Entitlement'; Type = 'IdLE.Step.EnsureEntitlement'
       With = @{ AuthSessionName = 'MicrosoftGraph'; AuthSessionOptions = @{ Role = 'Admin' }
                 IdentityKey = '{{Request.IdentityKeys.Key}}'
                 Entitlement = @{ Kind = '{{Request.Intent.Kind}}'; Id = '{{Request.Intent.Id}}' }
                 State = '{{Request.Intent.State}}' } }
  )
}
