@{ LifecycleEvent = 'Joiner'; CorrelationId = 'robust-a'; IdentityKeys = @{ Id = 'user-a' }; Intent = @{ InitialPassword = 'CANARY-robust-a' } }
