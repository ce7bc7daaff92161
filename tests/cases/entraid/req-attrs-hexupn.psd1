@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-attrs-hexupn'
   IdentityKeys = @{ Key = "contract-0123456789abcdef0123456789abcdef@contoso.com" }
   Intent = @{ JobTitle = 'Vendor' } }
