@{
  Name = 'With keys compare case-insensitively'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'A'; Type = 'idle.step.disableidentity'; With = @{ identitykey = 'u'; PROVIDER = 'Identity' } }
  )
}
