@{
  Name = 'Missing names and types'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Type = 'IdLE.Step.EmitEvent' }
    @{ Name = ''; Type = 'IdLE.Step.EmitEvent' }
    @{ Name = 'NoType' }
    @{ Name = @('x'); Type = @{} }
  )
}
