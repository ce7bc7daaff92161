# A workflow whose plan says everything even without x-idle: no Condition, no
# Precondition, no OnFailureSteps, no RetryProfile.
@{
  Name           = 'Bare'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'Create'; Type = 'IdLE.Step.CreateIdentity'; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}'; Attributes = @{ Department = 'Sales' } } }
    @{ Name = 'Announce'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'Welcome {{Request.IdentityKeys.New}}' } }
  )
}
