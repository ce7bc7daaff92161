# A step that waits finds a cycle running that began before it: it waits for
# that cycle to end, starts its own, and waits for that one (no "busy" failure,
# and its change is not left to a cycle that read the directory before it).
@{
  Name = 'Sync busy wait'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Other'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ Wait = $false } }
    @{ Name = 'Mine'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ Wait = $true; PollIntervalSeconds = 5 } }
  )
}
