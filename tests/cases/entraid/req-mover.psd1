@{ LifecycleEvent = 'Joiner'; CorrelationId = 'ei-mover'
   IdentityKeys = @{ UserPrincipalName = 'adele.vance@contoso.com' }
   Intent = @{
     UserPrincipalName = 'adele.vance@contoso.com'; DisplayName = 'Adele Vance'; GivenName = 'Adele'; Surname = 'Vance'
     Mail = 'adele.vance@contoso.com'; Department = ''; JobTitle = ''; OfficeLocation = ''; CompanyName = ''
     TemporaryPassword = 'CANARY-never-used-1!'
     AllEmployeesGroupId = 'Staff'; DepartmentGroupId = 'Engineering'; DepartmentAdministrativeUnitId = 'Berlin'
     IsMover = $true
     NewDepartment = 'Engineering'; NewJobTitle = ''; NewOfficeLocation = 'Berlin'
     NewManagerObjectId = '10000000-0000-4000-8000-000000000005'
     ProjectGroupId = "O'Brien Team"; NewDepartmentAdministrativeUnitId = '30000000-0000-4000-8000-000000000002'
   } }
