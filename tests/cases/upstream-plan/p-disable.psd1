@{ Providers = @{ Identity = @{ Type = 'Mock'; Capabilities = @('IdLE.Identity.Disable') } } }
