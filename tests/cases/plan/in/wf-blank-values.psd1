# Values that say nothing: a blank With.Provider or AuthSessionName is as if
# it were not there (warned; the step is routed by its capability and uses the
# default session); a PolicyType or State that is not a string is no policy
# or state (warned).
@{
  Name = 'Blank values'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Disable'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'jdoe'; Provider = '  '; AuthSessionName = '' } }
    @{ Name = 'Sync'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ PolicyType = 5 } }
    @{ Name = 'Group'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'jdoe'; Entitlement = @{ Kind = 'Group'; Id = 'g1' }; State = 1 } }
  )
}
