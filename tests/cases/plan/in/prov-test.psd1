# Host step types for the tests (as IdLE's test helper: permissive With).
@{
  StepMetadata = @{
    'Test.Step'   = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'Test.Strict' = @{
      RequiredCapabilities = 'IdLE.Identity.Read'
      WithSchema           = @{ RequiredKeys = @('IdentityKey'); OptionalKeys = @('Note') }
    }
  }
  Providers = @{ Identity = @{ Type = 'Mock' } }
}
