@{
  Name           = 'Quick joiner'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'Create'; Type = 'IdLE.Step.CreateIdentity'; With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; Attributes = @{ Department = 'IT'; Password = '{{Request.Intent.InitialPassword}}' } } }
  )
}
