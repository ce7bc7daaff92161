@{
  Name           = 'Joiner - Standard'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{
      Name      = 'Create'
      Type      = 'IdLE.Step.CreateIdentity'
      Condition = @{ All = @( @{ Equals = @{ Path = 'Request.Intent.Type'; Value = 'Employee' } } ) }
      With      = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; Attributes = @{ GivenName = "J`u{E9}"; Level = 3; Ratio = 0.5d } }
    }
    @{ Name = 'Notify'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = @"
Welcome $true
"@ } }
  )
  OnFailureSteps = @()
}
