# Preconditions at plan time (6.5): schema and paths are checked, never evaluated;
# Request.Context paths may appear later (warnings), others must exist.
@{
  Name           = 'Preconditions'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'Check Context'; Type = 'Test.Step'; Precondition = @{ Exists = 'Request.Context.OffboardingDate' } }
    @{ Name = 'Current'; Type = 'Test.Step'; With = @{ Provider = 'Identity' }
       Precondition = @{ All = @( @{ Exists = 'Request.Context.Current.Identity.Entitlements' }; @{ Equals = @{ Path = 'Request.Context.Identity.ObjectId'; Value = 'x' } } ) }
       OnPreconditionFalse = 'Continue'
       PreconditionEvent = @{ Type = 'ManualActionRequired'; Message = 'Check the account'; Data = @{ Reason = 'no groups' } } }
    @{ Name = 'Fine'; Type = 'Test.Step'; Precondition = @{ Equals = @{ Path = 'Request.Intent.Name'; Value = 'TestName' } }; OnPreconditionFalse = 'Fail'; RetryProfile = 'Fast' }
  )
  OnFailureSteps = @(
    @{ Name = 'Check Context'; Type = 'Test.Step'; Precondition = @{ Exists = 'Request.Context.Other' } }
  )
}
