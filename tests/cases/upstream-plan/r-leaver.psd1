@{ LifecycleEvent = 'Leaver'; CorrelationId = 'eeeeeeee-0000-4000-8000-000000000008' }
