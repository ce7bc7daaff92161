@{ Providers = @{ Identity = @{ Type = 'Mock'; Capabilities = @('IdLE.Entitlement.List') } } }
