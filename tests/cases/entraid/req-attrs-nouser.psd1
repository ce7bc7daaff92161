@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-attrs-nouser'
   IdentityKeys = @{ Key = "nobody@contoso.com" }
   Intent = @{ JobTitle = 'x' } }
