@{
  Name = 'RetryProfile values'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'A'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = 'Default' }
    @{ Name = 'B'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = 'graph.throttle-2_x' }
    @{ Name = 'C'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = $null }
    @{ Name = 'D'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy' }
  )
}
