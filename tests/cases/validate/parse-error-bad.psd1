@{
  Name = 'A file that does not parse'
  LifecycleEvent = Joiner
  Steps = @()
}
