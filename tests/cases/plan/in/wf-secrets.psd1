# Redaction (9.3): secret keys at any depth in inputs and in the request.
@{
  Name           = 'Secrets'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{
      Name = 'Create'
      Type = 'IdLE.Step.CreateIdentity'
      With = @{
        IdentityKey = '{{Request.IdentityKeys.sAMAccountName}}'
        Attributes  = @{
          DisplayName     = '{{Request.Intent.DisplayName}}'
          AccountPassword = '{{Request.Intent.password}}'
          Options         = @{ clientSecret = 'abc'; accessToken = 'def'; apiKey = 'ghi'; Nested = @( @{ token = 'jkl' } ) }
          myPassword      = 'not a secret key'
          tokenize        = 'not a secret key either'
        }
      }
    }
  )
}
