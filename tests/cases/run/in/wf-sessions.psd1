# Auth sessions for steps (IdLE 6.2): the request's Intent.Case picks the step.
@{
  Name           = 'Sessions'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'ByName'; Type = 'IdLE.Step.DisableIdentity'; Condition = @{ Equals = @{ Path = 'Request.Intent.Case'; Value = 'name' } }
       With = @{ IdentityKey = 'jdoe'; AuthSessionName = 'Corp' } }
    @{ Name = 'ByNameAndOptions'; Type = 'IdLE.Step.DisableIdentity'; Condition = @{ Equals = @{ Path = 'Request.Intent.Case'; Value = 'options' } }
       With = @{ IdentityKey = 'jdoe'; AuthSessionName = 'Corp'; AuthSessionOptions = @{ Tier = '0' } } }
    @{ Name = 'Ambiguous'; Type = 'IdLE.Step.DisableIdentity'; Condition = @{ Equals = @{ Path = 'Request.Intent.Case'; Value = 'ambiguous' } }
       With = @{ IdentityKey = 'jdoe'; AuthSessionName = 'Twin'; AuthSessionOptions = @{ Region = 'eu'; Env = 'prod' } } }
    @{ Name = 'NoMatch'; Type = 'IdLE.Step.DisableIdentity'; Condition = @{ Equals = @{ Path = 'Request.Intent.Case'; Value = 'nomatch' } }
       With = @{ IdentityKey = 'jdoe'; AuthSessionName = 'Corp'; AuthSessionOptions = @{ Tier = '9' } } }
  )
}
