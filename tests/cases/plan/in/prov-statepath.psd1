# A Mock whose identities come from a state file (it wins over Identities).
@{
  StepMetadata = @{ 'Test.Step' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } } }
  Providers = @{ Identity = @{ Type = 'Mock'; StatePath = 'state/identity.json'; Identities = @{ user1 = @{ Entitlements = @( @{ Kind = 'Group'; Id = 'ignored' } ) } } } }
}
