@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-grant-au'
   IdentityKeys = @{ Key = "adele.vance@contoso.com" }
   Intent = @{ Kind = 'AdministrativeUnit'; Id = 'Seattle'; State = 'Present' } }
