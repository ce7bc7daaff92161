@{ Providers = @{ IdentityProvider = @{ Type = 'Mock'; Identities = @{ 'auto-user' = @{ Entitlements = @( @{ Kind = 'Group'; Id = 'grp-auto' } ) } } } } }
