@{ LifecycleEvent = 'Joiner'; CorrelationId = 'secret-1'; IdentityKeys = @{ Id = 'jdoe' }
   Intent = @{ Password = 'CANARY-c2'; Credential = @{ User = 'CANARY-c3' } } }
