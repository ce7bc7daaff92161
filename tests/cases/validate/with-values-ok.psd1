@{
  Name = 'Values the steps accept'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Create'; Type = 'IdLE.Step.CreateIdentity'; With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; Attributes = @{ GivenName = 'Jane' } } }
    @{ Name = 'Ent'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'u'; Entitlement = @{ Kind = 'Group'; Id = '{{Request.Intent.Group}}' }; State = ' absent ' } }
    @{ Name = 'EntTemplate'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'u'; Entitlement = '{{Request.Intent.Entitlement}}'; State = '{{Request.Intent.State}}' } }
    @{ Name = 'Prune'; Type = 'IdLE.Step.PruneEntitlements'; With = @{ IdentityKey = 'u'; Kind = 'Group'; Keep = @{ Id = 'g1' }; KeepPattern = 'ret-*' } }
    @{ Name = 'Sync'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ TimeoutSeconds = 30; PollIntervalSeconds = '{{Request.Intent.Poll}}'; Wait = $false; PolicyType = 'Initial'; Provider = 'DirectorySync'; AuthSessionOptions = @{ Role = 'Admin' } } }
    @{ Name = 'Ooo'; Type = 'IdLE.Step.Mailbox.EnsureOutOfOffice'; With = @{ IdentityKey = 'u'; Config = @{ Mode = 'Scheduled'; Start = '2026-01-01'; End = '2026-02-01'; MessageFormat = 'Html' } } }
    @{ Name = 'Perms'; Type = 'IdLE.Step.Mailbox.EnsurePermissions'; With = @{ IdentityKey = 'u'; Permissions = @{ AssignedUser = 'a'; Right = 'FullAccess'; Ensure = 'Present' } } }
  )
}
