# IdLE's mock examples with a directory that refuses group changes: the
# primary steps fail and OnFailureSteps run.
@{
  Providers = @{
    Identity = @{
      Type       = 'Mock'
      Identities = @{ user1 = @{ Attributes = @{ DisplayName = 'Demo User' } } }
      Faults     = @( @{ Operation = 'GrantEntitlement'; Message = 'insufficient privileges to add members' } )
    }
  }
}
