@{
  Name = 'Condition nodes'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'NotMap'; Type = 'IdLE.Step.EmitEvent'; Condition = 'Request.Intent.X' }
    @{ Name = 'Both'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ All = @(); Equals = @{} } }
    @{ Name = 'None'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Equal = @{ Path = 'Request.Intent.X'; Value = 1 } } }
    @{ Name = 'Two'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 'Request.Intent.X'; Like = @{ Path = 'Request.Intent.X'; Pattern = 'a*' } } }
    @{ Name = 'Extra'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 'Request.Intent.X'; Negate = $true } }
  )
}
