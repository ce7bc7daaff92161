# Where each step's sync server comes from, checked when the plan is built:
# ComputerName (IdLE's way) or the PSRemoting session's Endpoint (the seed's);
# neither, a bad name or an OAuth session is an error at the step.
@{
  Name = 'Servers'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'ByName'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ AuthSessionName = 'Cred'; ComputerName = 'aadc01.contoso.com' } }
    @{ Name = 'ByEndpoint'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ AuthSessionName = 'Remote' } }
    @{ Name = 'NameWins'; Type = 'IdLE.Step.SyncSingleObject'; With = @{ AuthSessionName = 'Remote'; ComputerName = 'aadc02'; DistinguishedName = 'CN=x,DC=c' } }
    @{ Name = 'Nowhere'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ AuthSessionName = 'Cred' } }
    @{ Name = 'BlankName'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ AuthSessionName = 'Cred'; ComputerName = '{{Request.Intent.Empty}}' } }
    @{ Name = 'BadName'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ AuthSessionName = 'Cred'; ComputerName = 'aadc01/../x' } }
    @{ Name = 'BadEndpoint'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ AuthSessionName = 'BadEndpoint' } }
    @{ Name = 'Token'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ AuthSessionName = 'Token'; ComputerName = 'aadc01' } }
  )
}
