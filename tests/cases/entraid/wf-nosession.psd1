@{
  Name = 'EntraID without an auth session name'; LifecycleEvent = 'Leaver'
  Steps = @(
    @{ Name = 'Disable'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'lee.gu@contoso.com' } }
  )
}
