@{ LifecycleEvent = 'Joiner'; CorrelationId = 'run-sess'; Intent = @{ Case = 'name' } }
