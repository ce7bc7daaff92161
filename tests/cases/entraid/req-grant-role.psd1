@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-grant-role'
   IdentityKeys = @{ Key = "adele.vance@contoso.com" }
   Intent = @{ Kind = 'DirectoryRole'; Id = 'User Administrator'; State = 'Present' } }
