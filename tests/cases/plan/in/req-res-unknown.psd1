# An identity no provider knows: Identity.Read resolves to $null (not an
# error), Entitlement.List to an empty list.
@{
  LifecycleEvent = 'Joiner'
  CorrelationId  = 'bbbbbbbb-0000-4000-8000-000000000003'
  IdentityKeys   = @{ Id = 'nobody' }
}
