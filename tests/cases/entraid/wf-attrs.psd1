@{
  Name = 'wf-attrs'; LifecycleEvent = 'Mover'
  Steps = @(
    @{ Name = 'EnsureAttributes'; Type = 'IdLE.Step.EnsureAttributes'
       With = @{ AuthSessionName = 'MicrosoftGraph'; AuthSessionOptions = @{ Role = 'Admin' }
                 IdentityKey = '{{Request.IdentityKeys.Key}}'
                 Attributes = @{ Department = '{{Request.Intent.Department}}'; EmployeeId = '{{Request.Intent.EmployeeId}}'; MobilePhone = '{{Request.Intent.MobilePhone}}'; UsageLocation = '{{Request.Intent.UsageLocation}}' } } }
  )
}
