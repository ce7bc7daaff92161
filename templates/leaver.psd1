# Leaver: access ends at once, the account is kept disabled for the retention
# period, and group memberships are pruned down to what must stay.
@{
  Name           = 'Leaver - Standard'
  LifecycleEvent = 'Leaver'
  Description    = 'Disables the account, revokes sessions, prunes groups and syncs.'

  Steps = @(
    @{
      Name = 'DisableAccount'
      Type = 'IdLE.Step.DisableIdentity'
      With = @{ IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'; Provider = 'Identity' }
    }

    @{
      Name = 'RevokeSessions'
      Type = 'IdLE.Step.RevokeIdentitySessions'
      With = @{ IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'; Provider = 'Identity' }
    }

    @{
      Name = 'PruneGroups'
      Type = 'IdLE.Step.PruneEntitlements'
      With = @{
        IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'
        Kind        = 'Group'
        # Memberships that survive the leaver (legal hold, mailbox retention ...).
        Keep        = @( @{ Kind = 'Group'; Id = 'legal-hold' } )
        KeepPattern = @( 'retention-*' )
        Provider    = 'Identity'
      }
    }

    @{
      Name = 'MarkLeaver'
      Type = 'IdLE.Step.EnsureAttributes'
      With = @{
        IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'
        Attributes  = @{ Description = 'Left on {{Request.Intent.LeaveDate}}' }
        Provider    = 'Identity'
      }
    }

    @{
      Name = 'SyncToCloud'
      Type = 'IdLE.Step.TriggerDirectorySync'
      With = @{ Provider = 'DirectorySync'; AuthSessionName = 'EntraConnect'; PolicyType = 'Delta'; Wait = $true }
    }
  )
}
