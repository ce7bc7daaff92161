@{
  Name = 'RetryProfile values'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Empty'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = ' ' }
    @{ Name = 'Spaces'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = 'my profile' }
    @{ Name = 'TooLong'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }
    @{ Name = 'NotText'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = @('Default') }
  )
}
