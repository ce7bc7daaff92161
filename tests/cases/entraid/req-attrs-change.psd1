@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-attrs-change'
   IdentityKeys = @{ Key = "adele.vance@contoso.com" }
   Intent = @{ Department = 'Sales'; EmployeeId = 'E2002'; MobilePhone = ''; UsageLocation = 'DE' } }
