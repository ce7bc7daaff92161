@{ LifecycleEvent = 'Joiner'; CorrelationId = 'eeeeeeee-0000-4000-8000-000000000007'; Context = @{ Providers = 'some-scalar-value' } }
