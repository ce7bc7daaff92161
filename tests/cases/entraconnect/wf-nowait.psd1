# Trigger only; a busy scheduler is retried by the Quick retry profile.
@{
  Name = 'Entra Connect sync, not waiting'; LifecycleEvent = 'Operational'
  Steps = @(
    @{ Name = 'Sync'; Type = 'IdLE.Step.TriggerDirectorySync'; RetryProfile = 'Quick'
       With = @{ AuthSessionName = 'EntraConnect'; ComputerName = '{{Request.Intent.ComputerName}}'
                 PolicyType = '{{Request.Intent.PolicyType}}'; Wait = $false } }
  )
}
