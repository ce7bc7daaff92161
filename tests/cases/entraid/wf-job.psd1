@{
  Name = 'wf-job'; LifecycleEvent = 'Mover'
  Steps = @(
    @{ Name = 'EnsureAttributes'; Type = 'IdLE.Step.EnsureAttributes'
       With = @{ AuthSessionName = 'MicrosoftGraph'; AuthSessionOptions = @{ Role = 'Admin' }
                 IdentityKey = '{{Request.IdentityKeys.Key}}'
                 Attributes = @{ JobTitle = '{{Request.Intent.JobTitle}}' } } }
  )
}
