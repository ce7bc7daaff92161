@{ LifecycleEvent = 'Joiner'; CorrelationId = 'ei-create-generated'
   IdentityKeys = @{ Key = "megan.bowen@contoso.com" }
   Intent = @{  } }
