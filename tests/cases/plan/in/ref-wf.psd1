@{
  Name           = 'Joiner - Export Fixture'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{
      Name = 'Ensure Mailbox'
      Type = 'EnsureMailbox'
      With = @{
        mailboxType = 'User'
      }
    }
  )
}
