@{ LifecycleEvent = 'Leaver'; CorrelationId = 'ei-leaver-retry'
   IdentityKeys = @{ Key = "lee.gu@contoso.com" }
   Intent = @{  } }
