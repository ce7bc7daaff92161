@{ LifecycleEvent = 'Joiner'; CorrelationId = 'ei-create-exists'
   IdentityKeys = @{ Key = "adele.vance@contoso.com" }
   Intent = @{  } }
