@{
  Name = 'Retry names'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Known'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = 'GraphAPI'; With = @{ Message = 'a' } }
    @{ Name = 'Typo'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = 'GrapAPI'; With = @{ Message = 'b' } }
    @{ Name = 'Unknown'; Type = 'IdLE.Step.EmitEvent'; RetryProfile = 'Exchange'; With = @{ Message = 'c' } }
  )
}
