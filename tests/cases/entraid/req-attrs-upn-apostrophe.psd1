@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-attrs-upn-apostrophe'
   IdentityKeys = @{ Key = "o'brien@contoso.com" }
   Intent = @{ JobTitle = 'Principal Engineer' } }
