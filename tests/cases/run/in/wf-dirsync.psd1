# TriggerDirectorySync on the simulated scheduler: the request's Intent.Case picks the variant.
@{
  Name           = 'Directory sync'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'Wait'; Type = 'IdLE.Step.TriggerDirectorySync'; Condition = @{ Equals = @{ Path = 'Request.Intent.Case'; Value = 'wait' } }
       With = @{ PolicyType = 'Initial'; Wait = $true; PollIntervalSeconds = 5; AuthSessionName = 'Corp' } }
    @{ Name = 'NoWait'; Type = 'IdLE.Step.TriggerDirectorySync'; Condition = @{ In = @{ Path = 'Request.Intent.Case'; Values = @('nowait', 'busy') } }
       With = @{ ComputerName = 'aadc01.corp.local' } }
    @{ Name = 'Busy'; Type = 'IdLE.Step.TriggerDirectorySync'; Condition = @{ Equals = @{ Path = 'Request.Intent.Case'; Value = 'busy' } }
       RetryProfile = 'Quick'; With = @{ PolicyType = 'Delta' } }
    @{ Name = 'Timeout'; Type = 'IdLE.Step.TriggerDirectorySync'; Condition = @{ Equals = @{ Path = 'Request.Intent.Case'; Value = 'timeout' } }
       With = @{ Wait = $true; TimeoutSeconds = 20; PollIntervalSeconds = 7 } }
  )
}
