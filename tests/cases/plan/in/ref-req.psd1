@{
  LifecycleEvent = 'Joiner'
  CorrelationId  = '11111111-1111-1111-1111-111111111111'
  IdentityKeys   = @{ userId = 'jdoe' }
  Intent         = @{ department = 'IT' }
}
