@{ Providers = @{ Identity = @{ Type = 'Mock'; Capabilities = @('IdLE.Entitlement.List', 'IdLE.Entitlement.Grant', 'IdLE.Entitlement.Revoke') } } }
