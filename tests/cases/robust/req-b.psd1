@{ LifecycleEvent = 'Joiner'; CorrelationId = 'robust-b'; IdentityKeys = @{ Id = 'user-b' }; Intent = @{ InitialPassword = 'CANARY-robust-b' } }
