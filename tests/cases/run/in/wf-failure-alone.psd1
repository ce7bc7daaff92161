@{
  Name           = 'Failure without OnFailureSteps'
  LifecycleEvent = 'Joiner'
  Steps          = @( @{ Name = 'Grant'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'ghost'; Entitlement = @{ Kind = 'Group'; Id = 'g' }; State = 'Present' } } )
}
