@{
  Name = 'Unknown step keys'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Old'; Type = 'IdLE.Step.EmitEvent'; When = @{ Exists = 'Request.Intent.X' } }
    @{ Name = 'Typo'; Type = 'IdLE.Step.EmitEvent'; Conditon = @{ Exists = 'Request.Intent.X' }; Wth = @{} }
  )
}
