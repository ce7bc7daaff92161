@{ LifecycleEvent = 'LEAVER'; CorrelationId = 'cccccccc-0000-4000-8000-000000000004'; IdentityKeys = @{ Id = 'u1' } }
