# IdLE's way: the server is the step's ComputerName, the session a Credential.
@{
  Name = 'Entra Connect sync, waiting'; LifecycleEvent = 'Operational'
  Steps = @(
    @{ Name = 'Sync'; Type = 'IdLE.Step.TriggerDirectorySync'
       With = @{ AuthSessionName = 'EntraConnect'; ComputerName = '{{Request.Intent.ComputerName}}'
                 PolicyType = '{{Request.Intent.PolicyType}}'; Wait = $true; TimeoutSeconds = 300; PollIntervalSeconds = 10 } }
  )
}
