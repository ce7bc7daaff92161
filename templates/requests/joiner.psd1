# A joiner request, as an HR system would send it (JSON works as well).
@{
  LifecycleEvent = 'Joiner'
  Actor          = 'hr-sync'
  IdentityKeys   = @{ UserPrincipalName = 'asmith@contoso.com'; EmployeeId = '10427' }
  Intent         = @{
    DisplayName = 'Alice Smith'
    Department  = 'Finance'
    Title       = 'Controller'
    Manager     = 'jdoe@contoso.com'
  }
}
