@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-attrs-guest'
   IdentityKeys = @{ Key = "jane_fabrikam.com#EXT#@contoso.onmicrosoft.com" }
   Intent = @{ JobTitle = 'Partner' } }
