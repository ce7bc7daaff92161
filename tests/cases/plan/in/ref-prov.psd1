@{
  StepMetadata = @{
    EnsureMailbox = @{ RequiredCapabilities = @(); WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
  }
}
