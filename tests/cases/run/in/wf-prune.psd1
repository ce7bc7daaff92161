# Prune the groups of a leaver: keep by Id and by patterns; a protected group is skipped.
@{
  Name           = 'Prune'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'Prune'; Type = 'IdLE.Step.PruneEntitlements'
       With = @{ IdentityKey = 'jdoe'; Kind = 'Group'; Keep = @( @{ Id = 'LEGAL-HOLD' } ); KeepPattern = @('retention-*', 'al?') } }
    @{ Name = 'EnsureKeep'; Type = 'IdLE.Step.PruneEntitlementsEnsureKeep'
       With = @{ IdentityKey = 'jdoe'; Kind = 'Group'; Keep = @( @{ Id = 'legal-hold' }; @{ Id = 'new-keep' } ) } }
  )
}
