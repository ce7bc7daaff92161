@{
  Name = 'Reverse'; LifecycleEvent = 'Operational'
  Steps = @(
    @{ Name = 'Enable'; Type = 'IdLE.Step.EnableIdentity'; With = @{ IdentityKey = 'jdoe' } }
    @{ Name = 'Ungroup'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'asmith'; Entitlement = @{ Kind = 'Group'; Id = 'STAFF' }; State = 'Absent' } }
    @{ Name = 'Prune'; Type = 'IdLE.Step.PruneEntitlements'; With = @{ IdentityKey = 'jdoe'; Kind = 'Group' } }
  )
}
