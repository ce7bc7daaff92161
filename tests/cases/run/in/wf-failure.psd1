# A step fails (the Mock refuses to grant to an unknown identity); the
# OnFailureSteps run, best effort: one fails too, the next still runs.
@{
  Name           = 'Failure'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'Disable'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'jdoe' } }
    @{ Name = 'Grant'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'ghost'; Entitlement = @{ Kind = 'Group'; Id = 'g' }; State = 'Present' } }
    @{ Name = 'NeverRuns'; Type = 'IdLE.Step.EmitEvent' }
  )
  OnFailureSteps = @(
    @{ Name = 'AlsoFails'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'ghost'; Entitlement = @{ Kind = 'Group'; Id = 'g' }; State = 'Absent' } }
    @{ Name = 'NotApplicableCleanup'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 'Request.Intent.Nope' } }
    @{ Name = 'ReEnable'; Type = 'IdLE.Step.EnableIdentity'; With = @{ IdentityKey = 'jdoe' } }
  )
}
