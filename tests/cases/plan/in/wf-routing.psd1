# Steps whose provider cannot serve them: IdLE finds out only when they run;
# planning warns.
@{
  Name           = 'Routing'
  LifecycleEvent = 'Leaver'
  Steps          = @(
    @{ Name = 'DefaultAlias'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'u1' } }
    @{ Name = 'Misrouted'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'u1'; Provider = 'Sync' } }
    @{ Name = 'Unknown'; Type = 'IdLE.Step.RevokeIdentitySessions'; With = @{ IdentityKey = 'u1'; Provider = 'Graph' } }
    @{ Name = 'Retry'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = 'Slow' }
  )
}
