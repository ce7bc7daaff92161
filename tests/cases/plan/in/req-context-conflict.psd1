@{
  LifecycleEvent = 'Joiner'
  CorrelationId  = 'bbbbbbbb-0000-4000-8000-000000000003'
  IdentityKeys   = @{ Id = 'user1' }
  Context        = @{ Providers = 'some-scalar-value' }
}
