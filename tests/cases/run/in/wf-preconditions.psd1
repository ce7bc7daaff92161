# Preconditions when the steps run (IdLE section 3): pass, Continue with an
# event, then Blocked with an event; OnFailureSteps do not run after Blocked.
@{
  Name           = 'Preconditions'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'Passes'; Type = 'IdLE.Step.EmitEvent'; Precondition = @{ Equals = @{ Path = 'Plan.LifecycleEvent'; Value = 'Joiner' } } }
    @{ Name = 'Advisory'; Type = 'IdLE.Step.EmitEvent'
       Precondition = @{ Equals = @{ Path = 'Request.Intent.Department'; Value = 'IT' } }
       OnPreconditionFalse = 'Continue'
       PreconditionEvent = @{ Type = 'PolicyAdvisory'; Message = 'Step skipped due to policy advisory' } }
    @{ Name = 'Gate'; Type = 'IdLE.Step.EmitEvent'
       Precondition = @{ Exists = 'Request.Context.WipeConfirmed' }
       PreconditionEvent = @{ Type = 'ManualActionRequired'; Message = 'Perform Intune wipe before proceeding'; Data = @{ Reason = 'BYOD wipe not confirmed'; token = 'never-shown' } } }
    @{ Name = 'NeverRuns'; Type = 'IdLE.Step.EmitEvent' }
  )
  OnFailureSteps = @( @{ Name = 'Cleanup'; Type = 'IdLE.Step.EmitEvent' } )
}
