@{ LifecycleEvent = 'Operational'; CorrelationId = 'ec-initial'; Intent = @{ ComputerName = 'localhost'; PolicyType = 'Initial' } }
