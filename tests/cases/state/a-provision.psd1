# Every changing step once; the second run finds nothing to do (except
# RevokeIdentitySessions, which revokes every time).
@{
  Name = 'Provision'; LifecycleEvent = 'Operational'
  Steps = @(
    @{ Name = 'Create'; Type = 'IdLE.Step.CreateIdentity'; With = @{ IdentityKey = 'asmith'; Attributes = @{ Department = 'IT' }; AuthSessionName = 'Corp' } }
    @{ Name = 'Attributes'; Type = 'IdLE.Step.EnsureAttributes'; With = @{ IdentityKey = 'asmith'; Attributes = @{ Department = 'it'; Title = 'Engineer' } } }
    @{ Name = 'Group'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'asmith'; Entitlement = @{ Kind = 'Group'; Id = 'staff' }; State = 'Present' } }
    @{ Name = 'Move'; Type = 'IdLE.Step.MoveIdentity'; With = @{ IdentityKey = 'asmith'; TargetContainer = 'OU=IT' } }
    @{ Name = 'Disable'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'jdoe' } }
    @{ Name = 'Sessions'; Type = 'IdLE.Step.RevokeIdentitySessions'; With = @{ IdentityKey = 'jdoe'; AuthSessionName = 'Corp' } }
    @{ Name = 'Prune'; Type = 'IdLE.Step.PruneEntitlementsEnsureKeep'; With = @{ IdentityKey = 'jdoe'; Kind = 'Group'; Keep = @( @{ Id = 'keep-me' }; @{ Id = 'added-keep' } ) } }
    @{ Name = 'Sync'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ Wait = $true; PollIntervalSeconds = 2; AuthSessionName = 'Corp' } }
  )
}
