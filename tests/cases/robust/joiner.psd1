# Create an identity (with a secret attribute), then wait for a directory sync.
@{
  Name           = 'Joiner with sync'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'Create'; Type = 'IdLE.Step.CreateIdentity'; With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; Attributes = @{ Department = 'IT'; InitialPassword = '{{Request.Intent.InitialPassword}}' } } }
    @{ Name = 'Sync'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ Wait = $true; PollIntervalSeconds = 1; TimeoutSeconds = 120 } }
    @{ Name = 'Announce'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'welcome {{Request.IdentityKeys.Id}}' } }
  )
}
