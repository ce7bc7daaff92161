@{
  Name = 'EntraID leaver with a retry profile'; LifecycleEvent = 'Leaver'
  Steps = @(
    @{ Name = 'Disable'; Type = 'IdLE.Step.DisableIdentity'; RetryProfile = 'Patient'
       With = @{ AuthSessionName = 'MicrosoftGraph'; AuthSessionOptions = @{ Role = 'Admin' }; IdentityKey = 'lee.gu@contoso.com' } }
    @{ Name = 'Prune'; Type = 'IdLE.Step.PruneEntitlements'
       With = @{ AuthSessionName = 'MicrosoftGraph'; AuthSessionOptions = @{ Role = 'Admin' }; IdentityKey = 'lee.gu@contoso.com'
                 Kind = 'Group'; Keep = @() } }
  )
}
