# Waiting without PollIntervalSeconds: IdLE polls every 10 seconds.
@{
  Name = 'Default poll'; LifecycleEvent = 'Joiner'
  Steps = @( @{ Name = 'Sync'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ Wait = $true } } )
}
