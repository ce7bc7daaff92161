@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-attrs-badkey'
   IdentityKeys = @{ Key = "jdoe" }
   Intent = @{ JobTitle = 'x' } }
