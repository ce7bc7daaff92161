@{
  LifecycleEvent = 'Joiner'
  CorrelationId  = 'bbbbbbbb-0000-4000-8000-000000000002'
  IdentityKeys   = @{ Id = 'user1' }
  Context        = @{ Ticket = 'CHG-1' }
}
