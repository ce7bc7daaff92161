@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-revoke-name'
   IdentityKeys = @{ Key = "lee.gu@contoso.com" }
   Intent = @{ Kind = 'Group'; Id = "O'Brien Team"; State = 'Absent' } }
