@{ LifecycleEvent = 'Joiner'; Intent = @{ TemporaryPassword = 'CANARY-u1
