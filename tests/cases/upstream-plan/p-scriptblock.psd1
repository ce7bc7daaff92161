@{ StepMetadata = @{ 'Custom.Step.Test' = @{ RequiredCapabilities = { 'IdLE.Identity.Read' }; WithSchema = @{ RequiredKeys = @(); OptionalKeys = @() } } } }
