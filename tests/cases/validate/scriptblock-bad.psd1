@{
  Name = 'Script blocks'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'A'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = { "Hello $env:USERNAME" } } }
    @{ Name = 'B'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Equals = @{ Path = 'Request.Intent.X'; Value = { 1 } } } }
  )
  Description = { 'not data' }
}
