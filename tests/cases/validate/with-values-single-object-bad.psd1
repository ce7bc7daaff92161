# SyncSingleObject's values: a distinguished name, switches as booleans.
@{
  Name = 'Single object values'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'NoDn'; Type = 'IdLE.Step.SyncSingleObject'; With = @{ DistinguishedName = '  ' } }
    @{ Name = 'NotDn'; Type = 'IdLE.Step.SyncSingleObject'; With = @{ DistinguishedName = 'jdoe' } }
    @{ Name = 'Switches'; Type = 'IdLE.Step.SyncSingleObject'; With = @{ DistinguishedName = 'CN=x'; StagingMode = 'yes'; NoHtmlReport = 0 } }
    @{ Name = 'Missing'; Type = 'IdLE.Step.SyncSingleObject'; With = @{ StagingMode = $true } }
  )
}
