# Mistakes a hint explains: a template root with a typo, a Condition inside With,
# an unknown step type.
@{
  Name           = 'Hints'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'Typo'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'Hello {{Request.Intnet.Name}}' } }
    @{ Name = 'Cond'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'x'; Condition = @{ Exists = 'Request.Intent.X' } } }
    @{ Name = 'Unknown'; Type = 'IdLE.Step.SendCoffee'; With = @{ } }
  )
}
