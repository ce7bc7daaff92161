@{
  Name = 'Suspicious condition paths'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Root'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 'Intent.Department' } }
    @{ Name = 'RootEq'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Equals = @{ Path = 'Reqest.Intent.X'; Value = 1 } } }
    @{ Name = 'Prop'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 'Request.Identity.Department' } }
    @{ Name = 'PropEq'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ In = @{ Path = 'Request.Intnet.X'; Values = @(1) } } }
    @{ Name = 'Current'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 'Request.Context.Current.Identity' } }
    @{ Name = 'Prefix'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 'Context.Request.Intent.X' } }
    @{ Name = 'PrefixOnly'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 'Context.' } }
    @{ Name = 'Template'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Equals = @{ Path = 'Request.Intent.X'; Value = '{{Request.Intent.Y}}' } } }
    @{ Name = 'Pre'; Type = 'IdLE.Step.EmitEvent'; Precondition = @{ Exists = 'Workflow.Name' } }
  )
}
