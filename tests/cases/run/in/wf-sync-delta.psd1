# An explicit Delta cycle runs for CycleSeconds (12, after a 3 s start delay),
# not InitialCycleSeconds (40): done at the third poll, 20 s in.
@{
  Name = 'Sync delta'; LifecycleEvent = 'Joiner'
  Steps = @( @{ Name = 'Delta'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ PolicyType = 'Delta'; Wait = $true; PollIntervalSeconds = 10 } } )
}
