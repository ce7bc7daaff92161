@{ StepMetadata = @{ 'IdLE.Step.DisableIdentity' = @{ RequiredCapabilities = @(); WithSchema = @{ RequiredKeys = @(); OptionalKeys = @() } } }; Providers = @{ Identity = @{ Type = 'Mock' } } }
