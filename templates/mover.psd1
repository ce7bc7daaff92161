# Mover: a change of department moves the account, updates the attributes and
# swaps the department group.
@{
  Name           = 'Mover - Department Change'
  LifecycleEvent = 'Mover'

  Steps = @(
    @{
      Name = 'MoveAccount'
      Type = 'IdLE.Step.MoveIdentity'
      Condition = @{ Exists = 'Request.Intent.TargetContainer' }
      With = @{
        IdentityKey     = '{{Request.IdentityKeys.UserPrincipalName}}'
        TargetContainer = '{{Request.Intent.TargetContainer}}'
        Provider        = 'Identity'
      }
    }

    @{
      Name = 'UpdateAttributes'
      Type = 'IdLE.Step.EnsureAttributes'
      With = @{
        IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'
        Attributes  = @{ Department = '{{Request.Intent.NewDepartment}}'; Title = '{{Request.Intent.Title}}' }
        Provider    = 'Identity'
      }
    }

    @{
      Name = 'LeaveOldDepartmentGroup'
      Type = 'IdLE.Step.EnsureEntitlement'
      With = @{
        IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'
        Entitlement = @{ Kind = 'Group'; Id = 'dept-{{Request.Intent.OldDepartment}}' }
        State       = 'Absent'
        Provider    = 'Identity'
      }
    }

    @{
      Name = 'JoinNewDepartmentGroup'
      Type = 'IdLE.Step.EnsureEntitlement'
      With = @{
        IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'
        Entitlement = @{ Kind = 'Group'; Id = 'dept-{{Request.Intent.NewDepartment}}' }
        State       = 'Present'
        Provider    = 'Identity'
      }
    }

    @{
      Name = 'Announce'
      Type = 'IdLE.Step.EmitEvent'
      With = @{ Message = '{{Request.IdentityKeys.UserPrincipalName}} moved to {{Request.Intent.NewDepartment}}.' }
    }
  )
}
