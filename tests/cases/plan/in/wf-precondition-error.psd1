@{
  Name           = 'Precondition error'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'NotApplicable'; Type = 'Test.Step'; Condition = @{ Exists = 'Request.Intent.Nope' }
       Precondition = @{ Exists = 'Request.Intent.OffboardingDate' } }
  )
}
