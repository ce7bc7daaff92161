# Capabilities across Steps and OnFailureSteps, not applicable steps included (4.4);
# a capability missing for several steps is reported once, naming them all.
@{
  Name           = 'Capabilities'
  LifecycleEvent = 'Leaver'
  Steps          = @(
    @{ Name = 'Disable identity'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'u1' } }
    @{ Name = 'Groups'; Type = 'IdLE.Step.EnsureEntitlement'; Condition = @{ Exists = 'Request.Intent.Never' }
       With = @{ IdentityKey = 'u1'; Entitlement = @{ Kind = 'Group'; Id = 'g' }; State = 'Absent' } }
    @{ Name = 'Sync'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ Provider = 'Nowhere' } }
    @{ Name = 'Disable again'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'u2' } }
  )
  OnFailureSteps = @(
    @{ Name = 'Re-enable'; Type = 'IdLE.Step.EnableIdentity'; With = @{ IdentityKey = 'u1' } }
    @{ Name = 'Disable on failure'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'u1' } }
  )
}
