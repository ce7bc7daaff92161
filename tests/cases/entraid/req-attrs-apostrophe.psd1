@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-attrs-apostrophe'
   IdentityKeys = @{ Key = "pat.o'brien@contoso.com" }
   Intent = @{ JobTitle = 'Staff Engineer' } }
