@{ LifecycleEvent = 'Mover'; CorrelationId = 'ei-attrs-same'
   IdentityKeys = @{ Key = "adele.vance@contoso.com" }
   Intent = @{ Department = 'sales'; EmployeeId = 'E1001'; MobilePhone = '+49 30 1234567'; UsageLocation = 'DE' } }
