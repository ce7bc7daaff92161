# A leaver request: John leaves; his legal-hold and retention groups stay.
@{
  LifecycleEvent = 'Leaver'
  Actor          = 'hr-sync'
  IdentityKeys   = @{ UserPrincipalName = 'jdoe@contoso.com' }
  Intent         = @{ LeaveDate = '2026-12-31' }
}
