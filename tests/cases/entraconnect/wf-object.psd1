# Single-object sync of the request's distinguished name (quotes and all).
@{
  Name = 'Entra Connect single-object sync'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Object'; Type = 'IdLE.Step.SyncSingleObject'; RetryProfile = 'Quick'
       With = @{ AuthSessionName = 'EntraConnect'; ComputerName = '{{Request.Intent.ComputerName}}'
                 DistinguishedName = '{{Request.Intent.DistinguishedName}}'; StagingMode = $false } }
  )
}
