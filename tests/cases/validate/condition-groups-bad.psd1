@{
  Name = 'Condition groups'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Null'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ All = $null } }
    @{ Name = 'Scalar'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Any = 'x' } }
    @{ Name = 'Empty'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ None = @() } }
    @{ Name = 'Deep'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ All = @( @{ Any = @( @{ Equals = @{ Path = 'Request.Intent.A' } } ) } ) } }
  )
}
