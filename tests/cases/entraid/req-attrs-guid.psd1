@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-attrs-guid'
   IdentityKeys = @{ Key = "10000000-0000-4000-8000-000000000002" }
   Intent = @{ JobTitle = 'VP Sales' } }
