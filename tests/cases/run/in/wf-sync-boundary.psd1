# The timeout is reached when the elapsed time equals it: polls at 0 and 10 s,
# and at 20 s the state is read once more and the wait times out.
@{
  Name = 'Sync boundary'; LifecycleEvent = 'Joiner'
  Steps = @( @{ Name = 'Sync'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ Wait = $true; TimeoutSeconds = 20; PollIntervalSeconds = 10 } } )
}
