@{ Providers = @{ Identity = @{ Type = 'Mock' }; Other = @{ Type = 'Mock'; Capabilities = 'IdLE.Entitlement.List' } } }
