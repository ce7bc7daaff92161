@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-grant-ambiguous'
   IdentityKeys = @{ Key = "adele.vance@contoso.com" }
   Intent = @{ Kind = 'Group'; Id = 'Project X'; State = 'Present' } }
