@{
  Name = 'Unknown step types'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Short'; Type = 'EmitEvent' }
    @{ Name = 'Typo'; Type = 'IdLE.Step.DisableIdentiy'; With = @{ IdentityKey = 'u' } }
    @{ Name = 'Custom'; Type = 'Contoso.Step.Provision' }
  )
}
