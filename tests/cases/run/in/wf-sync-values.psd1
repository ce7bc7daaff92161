# With values as IdLE reads them: Wait is truthy when a non-zero number (0 does
# not wait, 1 does); seconds are [int] (14.5 rounds to even: 14; '30' is 30);
# PollIntervalSeconds = 0 passes planning with a warning and fails the step
# when it runs, before the cycle starts.
@{
  Name = 'Sync values'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'WaitOne'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ Wait = 1; PollIntervalSeconds = 14.5; TimeoutSeconds = '30' } }
    @{ Name = 'WaitZero'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ Wait = 0 } }
    @{ Name = 'PollZero'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ Wait = $true; PollIntervalSeconds = 0 } }
  )
}
