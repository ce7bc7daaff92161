# Department is already 'Sales' in HR (not in Identity): routed to HR, nothing changes.
@{
  Name = 'Routing'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'InHR'; Type = 'IdLE.Step.EnsureAttributes'; With = @{ IdentityKey = 'x'; Attributes = @{ Department = 'Sales' }; Provider = 'HR' } }
    @{ Name = 'InIdentity'; Type = 'IdLE.Step.EnsureAttributes'; With = @{ IdentityKey = 'x'; Attributes = @{ Department = 'Sales' } } }
  )
}
