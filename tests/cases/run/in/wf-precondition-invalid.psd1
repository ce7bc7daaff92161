# A precondition that cannot be evaluated when the step runs (a wildcard
# pattern that is not valid) fails the step with the reason.
@{
  Name = 'Precondition invalid'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'BadPattern'; Type = 'IdLE.Step.EmitEvent'
       Precondition = @{ Like = @{ Path = 'Request.Intent.Department'; Pattern = '[a' } } }
  )
}
