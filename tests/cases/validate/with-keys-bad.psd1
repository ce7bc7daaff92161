@{
  Name = 'With keys'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'NoWith'; Type = 'IdLE.Step.DisableIdentity' }
    @{ Name = 'Missing'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'u' } }
    @{ Name = 'Unknown'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'u'; Provder = 'AD'; Reason = 'x' } }
    @{ Name = 'KeepPattern'; Type = 'IdLE.Step.PruneEntitlementsEnsureKeep'; With = @{ IdentityKey = 'u'; Kind = 'Group'; KeepPattern = @('a*') } }
  )
}
