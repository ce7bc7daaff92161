# Condition reasons quote values up to 60 characters whole; a longer one is cut
# to 57 characters and '...', between characters (never inside one).
@{
  Name = 'Long values'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Sixty'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Equals = @{ Path = 'Request.Intent.Long60'; Value = 'x' } } }
    @{ Name = 'SixtyOne'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Equals = @{ Path = 'Request.Intent.Long61'; Value = 'x' } } }
  )
}
