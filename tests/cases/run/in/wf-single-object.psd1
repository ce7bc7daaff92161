# Single-object sync on the simulated scheduler: created, then updated; in
# staging mode nothing is exported (no change).
@{
  Name = 'Single object'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'First'; Type = 'IdLE.Step.SyncSingleObject'; With = @{ DistinguishedName = 'CN=Jane Doe,OU=Staff,DC=contoso,DC=com' } }
    @{ Name = 'Again'; Type = 'IdLE.Step.SyncSingleObject'; With = @{ DistinguishedName = 'CN=Jane Doe,OU=Staff,DC=contoso,DC=com' } }
    @{ Name = 'Staged'; Type = 'IdLE.Step.SyncSingleObject'; With = @{ DistinguishedName = 'CN=Jane Doe,OU=Staff,DC=contoso,DC=com'; StagingMode = $true } }
  )
}
