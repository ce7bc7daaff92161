@{
  Name = 'Mailbox values'; LifecycleEvent = 'Leaver'
  Steps = @(
    @{ Name = 'Type'; Type = 'IdLE.Step.Mailbox.EnsureType'; With = @{ IdentityKey = 'u'; MailboxType = 'Team' } }
    @{ Name = 'OooMap'; Type = 'IdLE.Step.Mailbox.EnsureOutOfOffice'; With = @{ IdentityKey = 'u'; Config = 'on' } }
    @{ Name = 'OooMode'; Type = 'IdLE.Step.Mailbox.EnsureOutOfOffice'; With = @{ IdentityKey = 'u'; Config = @{ Mode = 'Scheduled'; MessageFormat = 'Rtf' } } }
    @{ Name = 'OooNoMode'; Type = 'IdLE.Step.Mailbox.EnsureOutOfOffice'; With = @{ IdentityKey = 'u'; Config = @{ InternalMessage = 'x' } } }
    @{ Name = 'Perms'; Type = 'IdLE.Step.Mailbox.EnsurePermissions'; With = @{ IdentityKey = 'u'; Permissions = @( 'x', @{ AssignedUser = 'a'; Right = 'Owner'; Ensure = 'Yes' }, @{ Right = 'SendAs' } ) } }
  )
}
