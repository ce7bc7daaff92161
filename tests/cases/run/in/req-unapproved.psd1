@{
  LifecycleEvent = 'Joiner'
  CorrelationId  = 'run-0002'
  IdentityKeys   = @{ New = 'asmith' }
  Intent         = @{ FullSync = 'no'; Approved = 'no' }
}
