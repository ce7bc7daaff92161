@{
  Name             = @{ Text = 'x' }
  LifecycleEvent   = @('Joiner')
  Description      = $true
  Steps            = @{ Name = 'one step, not wrapped'; Type = 'IdLE.Step.EmitEvent' }
  OnFailureSteps   = 'none'
  ContextResolvers = @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = 'u' } }
}
