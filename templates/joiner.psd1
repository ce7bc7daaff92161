# Joiner: a new employee gets an account, the standard attributes and groups,
# and the directory sync picks the account up. Runs as-is on idle's built-in
# providers (see providers.mock.psd1); point the aliases at real providers
# (EntraConnect, EntraID ...) in a providers file of your own.
@{
  Name           = 'Joiner - Standard Employee'
  LifecycleEvent = 'Joiner'
  Description    = 'Creates the account, sets the attributes, grants the base groups and syncs.'

  Steps = @(
    @{
      Name = 'CreateAccount'
      Type = 'IdLE.Step.CreateIdentity'
      With = @{
        IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'
        Attributes  = @{
          DisplayName = '{{Request.Intent.DisplayName}}'
          Department  = '{{Request.Intent.Department}}'
          Title       = '{{Request.Intent.Title}}'
        }
        Provider    = 'Identity'
      }
    }

    @{
      Name = 'SetManager'
      Type = 'IdLE.Step.EnsureAttributes'
      # Only when the request names a manager.
      Condition = @{ Exists = 'Request.Intent.Manager' }
      With = @{
        IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'
        Attributes  = @{ Manager = '{{Request.Intent.Manager}}' }
        Provider    = 'Identity'
      }
    }

    @{
      Name = 'GrantAllEmployees'
      Type = 'IdLE.Step.EnsureEntitlement'
      With = @{
        IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'
        Entitlement = @{ Kind = 'Group'; Id = 'all-employees'; DisplayName = 'All Employees' }
        State       = 'Present'
        Provider    = 'Identity'
      }
    }

    @{
      Name = 'GrantDepartmentGroup'
      Type = 'IdLE.Step.EnsureEntitlement'
      Condition = @{ In = @{ Path = 'Request.Intent.Department'; Values = @('IT', 'Finance', 'Sales') } }
      With = @{
        IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'
        Entitlement = @{ Kind = 'Group'; Id = 'dept-{{Request.Intent.Department}}' }
        State       = 'Present'
        Provider    = 'Identity'
      }
    }

    @{
      Name = 'SyncToCloud'
      Type = 'IdLE.Step.TriggerDirectorySync'
      RetryProfile = 'Default'
      With = @{
        Provider            = 'DirectorySync'
        AuthSessionName     = 'EntraConnect'
        PolicyType          = 'Delta'
        Wait                = $true
        TimeoutSeconds      = 600
        PollIntervalSeconds = 5
      }
    }

    @{
      Name = 'Announce'
      Type = 'IdLE.Step.EmitEvent'
      With = @{ Message = 'Joiner {{Request.IdentityKeys.UserPrincipalName}} is ready.' }
    }
  )

  OnFailureSteps = @(
    @{
      Name = 'ReportFailure'
      Type = 'IdLE.Step.EmitEvent'
      With = @{ Message = 'Joiner for {{Request.IdentityKeys.UserPrincipalName}} failed; see the run result.' }
    }
  )
}
