@{ LifecycleEvent = 'Joiner'; CorrelationId = 'ei-joiner'
   IdentityKeys = @{ UserPrincipalName = 'nestor.wilke@contoso.com' }
   Intent = @{
     UserPrincipalName = 'nestor.wilke@contoso.com'; DisplayName = 'Nestor Wilke'; GivenName = 'Nestor'; Surname = 'Wilke'
     Mail = 'nestor.wilke@contoso.com'; Department = 'Engineering'; JobTitle = ''; OfficeLocation = ''; CompanyName = 'Contoso'
     TemporaryPassword = 'CANARY-Temp-Pa55w0rd!'
     AllEmployeesGroupId = '20000000-0000-4000-8000-000000000008'   # Staff, by id
     DepartmentGroupId = 'Engineering'                              # by display name
     DepartmentAdministrativeUnitId = 'Seattle'
     IsMover = $false
   } }
