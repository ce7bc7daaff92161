@{ LifecycleEvent = 'Joiner'; CorrelationId = 'run-sync'; Intent = @{ Case = 'timeout' } }
