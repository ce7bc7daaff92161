@{
  LifecycleEvent = 'Joiner'
  CorrelationId  = 'run-0001'
  Actor          = 'tester'
  IdentityKeys   = @{ Id = 'jdoe'; New = 'asmith' }
  Intent         = @{ Department = 'Sales'; Title = 'Manager'; Manager = 'jdoe' }
}
