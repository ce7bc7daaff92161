# -StagingMode: everything but the export.
@{
  Name = 'Entra Connect single-object sync, staging'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Object'; Type = 'IdLE.Step.SyncSingleObject'
       With = @{ AuthSessionName = 'EntraConnect'; ComputerName = '{{Request.Intent.ComputerName}}'
                 DistinguishedName = '{{Request.Intent.DistinguishedName}}'; StagingMode = $true } }
  )
}
