# What a plan without x-idle cannot say: a step whose Condition is false (an Initial
# sync, a licence grant whose template was never resolved), a Precondition that does
# not hold, and OnFailureSteps. Run directly, this workflow ends Blocked.
@{
  Name           = 'Unapproved'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'Create'; Type = 'IdLE.Step.CreateIdentity'; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}'; Attributes = @{ Department = 'Sales' } } }
    @{ Name = 'Initial sync'; Type = 'IdLE.Step.TriggerDirectorySync'; Condition = @{ Equals = @{ Path = 'Request.Intent.FullSync'; Value = 'yes' } }; With = @{ PolicyType = 'Initial'; AuthSessionName = 'Corp' } }
    @{ Name = 'Licence'; Type = 'IdLE.Step.EnsureEntitlement'; Condition = @{ Exists = 'Request.Intent.Licence' }; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}'; Entitlement = @{ Kind = 'Licence'; Id = '{{Request.Intent.Licence}}' }; State = 'Present' } }
    @{ Name = 'Gate'; Type = 'IdLE.Step.DisableIdentity'; Precondition = @{ Equals = @{ Path = 'Request.Intent.Approved'; Value = 'yes' } }; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}' } }
  )
  OnFailureSteps = @(
    @{ Name = 'Tell'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'joiner failed' } }
  )
}
