@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-grant-nogroup'
   IdentityKeys = @{ Key = "adele.vance@contoso.com" }
   Intent = @{ Kind = 'Group'; Id = '20000000-0000-4000-8000-0000000000ff'; State = 'Present' } }
