@{ LifecycleEvent = 'Joiner'; CorrelationId = 'ei-create-disabled'
   IdentityKeys = @{ Key = "diego.siciliani@contoso.com" }
   Intent = @{ TemporaryPassword = 'CANARY-profile-Pa55!' } }
