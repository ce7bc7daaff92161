# Every identity step once, on the Mock; EmitEvent; a step that is not applicable.
@{
  Name           = 'Success'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'Create'; Type = 'IdLE.Step.CreateIdentity'; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}'; Attributes = @{ Department = '{{Request.Intent.Department}}' } } }
    @{ Name = 'Attributes'; Type = 'IdLE.Step.EnsureAttributes'; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}'; Attributes = @{ Department = '{{Request.Intent.Department}}'; Title = '{{Request.Intent.Title}}' } } }
    @{ Name = 'Group'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}'; Entitlement = @{ Kind = 'Group'; Id = 'all' }; State = 'Present' } }
    @{ Name = 'Move'; Type = 'IdLE.Step.MoveIdentity'; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}'; TargetContainer = 'OU=Sales' } }
    @{ Name = 'Disable'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}' } }
    @{ Name = 'Enable'; Type = 'IdLE.Step.EnableIdentity'; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}' } }
    @{ Name = 'Sessions'; Type = 'IdLE.Step.RevokeIdentitySessions'; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}'; AuthSessionName = 'Corp' } }
    @{ Name = 'OnlyForIT'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Equals = @{ Path = 'Request.Intent.Department'; Value = 'IT' } } }
    @{ Name = 'Announce'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'Welcome {{Request.IdentityKeys.New}} (manager {{Request.Intent.Manager}})' } }
    @{ Name = 'Delete'; Type = 'IdLE.Step.DeleteIdentity'; With = @{ IdentityKey = '{{Request.IdentityKeys.New}}' } }
  )
}
