# A mover request: John moves from IT to Sales.
@{
  LifecycleEvent = 'Mover'
  Actor          = 'hr-sync'
  IdentityKeys   = @{ UserPrincipalName = 'jdoe@contoso.com' }
  Intent         = @{
    OldDepartment   = 'IT'
    NewDepartment   = 'Sales'
    Title           = 'Account Manager'
    TargetContainer = 'OU=Sales,OU=Staff,DC=contoso,DC=com'
  }
}
