@{ LifecycleEvent = 'Operational'; CorrelationId = 'ec-delta'; Intent = @{ ComputerName = 'localhost'; PolicyType = 'Delta' } }
