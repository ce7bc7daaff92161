@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-resolver'
   IdentityKeys = @{ Key = "kim.akers@contoso.com" }
   Intent = @{  } }
