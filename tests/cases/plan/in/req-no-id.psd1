@{ LifecycleEvent = 'Joiner'; IdentityKeys = @{ Id = 'u1' } }
