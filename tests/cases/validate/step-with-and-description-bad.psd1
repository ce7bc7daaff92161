@{
  Name = 'With and Description types'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'A'; Type = 'IdLE.Step.EmitEvent'; With = 'Message=hi' }
    @{ Name = 'B'; Type = 'IdLE.Step.EmitEvent'; Description = @{ Text = 'x' } }
    @{ Name = 'C'; Type = 'IdLE.Step.EmitEvent'; With = $null; Description = $null }
  )
}
