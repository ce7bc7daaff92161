# The request data IdLE's tests build for the fixtures, in one file.
@{
  LifecycleEvent = 'Joiner'
  CorrelationId  = 'eeeeeeee-0000-4000-8000-000000000006'
  Actor          = 'admin@example.com'
  IdentityKeys   = @{ Id = 'user1'; sAMAccountName = 'jdoe' }
  Intent         = @{
    Name              = 'TestName'
    UserPrincipalName = 'jdoe@example.com'
    DisplayName       = 'John Doe'
    Department        = 'Engineering'
    Mail              = 'jdoe@example.com'
    PrimaryEmail      = 'primary@example.com'
    SecondaryEmail    = 'secondary@example.com'
    UserId            = 12345
    IsEnabled         = $true
    IsActive          = $true
    Enabled           = $false
    NullField         = $null
    StartDate         = '2026-01-15T10:00:00'
    ObjectId          = '6f9619ff-8b86-d011-b42d-00c04fc964ff'
    Tags              = @('a', 'b')
    UserData          = @{ Office = 'Berlin' }
  }
  Context        = @{ Identity = @{ ObjectId = 'obj-abc-123'; DisplayName = 'Jane Smith'; Mail = 'jane@example.com' } }
}
