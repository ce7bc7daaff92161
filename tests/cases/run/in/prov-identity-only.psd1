@{ Providers = @{ Identity = @{ Type = 'Mock'; Capabilities = @('IdLE.Identity.Create', 'IdLE.Identity.Attribute.Ensure') } } }
