@{
  Name = 'Step {{Request.Intent.Name}}'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Hello {{Request.Intent.Name}}'; Type = 'IdLE.Step.EmitEvent'; Description = 'For {{Request.IdentityKeys.Id}}' }
  )
}
