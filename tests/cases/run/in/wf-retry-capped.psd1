# A retry profile's MaxDelayMilliseconds caps the back-off (delays 1000, 1500 ±
# jitter, not 10000); a cap equal to the first delay is valid.
@{
  Name = 'Retry capped'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Capped'; Type = 'IdLE.Step.EnsureAttributes'; RetryProfile = 'Capped'; With = @{ IdentityKey = 'jdoe'; Attributes = @{ Title = 'x' } } }
  )
  OnFailureSteps = @( @{ Name = 'Flat'; Type = 'IdLE.Step.EnsureAttributes'; RetryProfile = 'Flat'; With = @{ IdentityKey = 'jdoe'; Attributes = @{ Title = 'y' } } } )
}
