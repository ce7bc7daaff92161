# Every problem of a request file at once.
@{
  LifecycleEvent = 42
  CorrelationId  = @('not', 'a', 'string')
  Actor          = $true
  IdentityKeys   = 'jdoe'
  Intent         = @{ Payload = { Get-Process } }
  DesiredState   = @{ Department = 'IT' }
  Identity       = @{ Name = 'jdoe' }
  Contxt         = @{ }
}
