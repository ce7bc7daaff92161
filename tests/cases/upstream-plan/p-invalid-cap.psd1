@{ StepMetadata = @{ 'Custom.Step.Test' = @{ RequiredCapabilities = 'Invalid Capability With Spaces'; WithSchema = @{ RequiredKeys = @(); OptionalKeys = @() } } } }
