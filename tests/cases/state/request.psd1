@{ LifecycleEvent = 'Operational'; CorrelationId = 'state-0001'; IdentityKeys = @{ Id = 'jdoe' } }
