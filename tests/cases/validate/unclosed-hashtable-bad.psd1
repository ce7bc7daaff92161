@{
  Name = 'Joiner'
  LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'A'; Type = 'IdLE.Step.EmitEvent'
       With = @{ Message = 'x' }
    @{
      Name = 'B'
      Type = 'IdLE.Step.EmitEvent'
      With = @{
        Message = 'y'
      }
    }
  )
}
