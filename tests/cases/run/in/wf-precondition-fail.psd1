# OnPreconditionFalse = 'Fail': the run fails and OnFailureSteps run, each
# with its own precondition (Blocked and Continue do not count as failures).
@{
  Name           = 'Precondition fail'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'MustBeLeaver'; Type = 'IdLE.Step.EmitEvent'; OnPreconditionFalse = 'Fail'
       Precondition = @{ Equals = @{ Path = 'Plan.LifecycleEvent'; Value = 'Leaver' } } }
    @{ Name = 'NeverRuns'; Type = 'IdLE.Step.EmitEvent' }
  )
  OnFailureSteps = @(
    @{ Name = 'BlockedCleanup'; Type = 'IdLE.Step.EmitEvent'; Precondition = @{ Exists = 'Request.Context.Nope' } }
    @{ Name = 'SkippedCleanup'; Type = 'IdLE.Step.EmitEvent'; OnPreconditionFalse = 'Continue'; Precondition = @{ Exists = 'Request.Context.Nope' } }
    @{ Name = 'Cleanup'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'cleaned up' } }
  )
}
