# A cycle longer than the step may wait.
@{
  Name = 'Entra Connect sync, timing out'; LifecycleEvent = 'Operational'
  Steps = @(
    @{ Name = 'Sync'; Type = 'IdLE.Step.TriggerDirectorySync'
       With = @{ AuthSessionName = 'EntraConnect'; ComputerName = '{{Request.Intent.ComputerName}}'
                 PolicyType = 'Delta'; Wait = $true; TimeoutSeconds = 30; PollIntervalSeconds = 10 } }
  )
}
