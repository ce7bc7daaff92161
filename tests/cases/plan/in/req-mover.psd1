@{
  LifecycleEvent = 'Mover'
  CorrelationId  = 'dddddddd-0000-4000-8000-000000000005'
  DesiredState   = @{ Department = 'IT' }
}
