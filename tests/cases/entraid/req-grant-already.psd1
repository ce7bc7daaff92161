@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-grant-already'
   IdentityKeys = @{ Key = "adele.vance@contoso.com" }
   Intent = @{ Kind = 'Group'; Id = 'Engineering'; State = 'Present' } }
