# The smallest workflow: the request's secrets are what the plan must hide.
@{
  Name           = 'Emit'
  LifecycleEvent = 'Joiner'
  Steps          = @( @{ Name = 'Say'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'hello' } } )
}
