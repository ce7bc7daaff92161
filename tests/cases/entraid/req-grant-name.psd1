@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-grant-name'
   IdentityKeys = @{ Key = "adele.vance@contoso.com" }
   Intent = @{ Kind = 'Group'; Id = 'Sales'; State = 'Present' } }
