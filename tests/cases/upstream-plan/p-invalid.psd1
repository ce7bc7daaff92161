@{ StepMetadata = @{ 'Custom.Step.Test' = 'not-a-hashtable' } }
