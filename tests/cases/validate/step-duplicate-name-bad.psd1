@{
  Name = 'Duplicate step names'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Notify'; Type = 'IdLE.Step.EmitEvent' }
    @{ Name = 'NOTIFY'; Type = 'IdLE.Step.EmitEvent' }
  )
  OnFailureSteps = @(
    @{ Name = 'Notify'; Type = 'IdLE.Step.EmitEvent' }
    @{ Name = 'notify'; Type = 'IdLE.Step.EmitEvent' }
  )
}
