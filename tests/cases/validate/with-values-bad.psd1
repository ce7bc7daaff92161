# Values that break a step's rules; white space is .NET's (tabs, CR, VT, no-break and
# ideographic spaces are blank, a zero-width space is not), and trimmed before an enum compares.
@{
  Name = 'Values the steps check'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Create'; Type = 'IdLE.Step.CreateIdentity'; With = @{ IdentityKey = @{ Id = 1 }; Attributes = 'GivenName=Jane' } }
    @{ Name = 'Attrs'; Type = 'IdLE.Step.EnsureAttributes'; With = @{ IdentityKey = 'u'; Attributes = @{} } }
    @{ Name = 'Ent'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'u'; Entitlement = @{ Kind = 'Group' }; State = 'Presnt' } }
    @{ Name = 'EntBlank'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'u'; Entitlement = 'g1'; State = ' ' } }
    @{ Name = 'Prune'; Type = 'IdLE.Step.PruneEntitlements'; With = @{ IdentityKey = 'u'; Kind = ''; Keep = @( 'g1', @{ Kind = 'Group' } ); KeepPattern = @('', 'ok*') } }
    @{ Name = 'Sync'; Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ TimeoutSeconds = 0; PollIntervalSeconds = 'soon'; Wait = 'false'; PolicyType = 'Full' } }
    @{ Name = 'Routing'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'u'; Provider = ''; AuthSessionName = @(); AuthSessionOptions = 'Role=Admin' } }
    @{ Name = 'Legacy'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = @{ ValueFrom = 'Request.Intent.UserObjectId' } } }
    @{ Name = 'Emit'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = @{ Text = 'x' } } }
    @{ Name = 'TabKind'; Type = 'IdLE.Step.PruneEntitlements'; With = @{ IdentityKey = 'u'; Kind = "`t" } }
    @{ Name = 'CrKind'; Type = 'IdLE.Step.PruneEntitlements'; With = @{ IdentityKey = 'u'; Kind = " `r" } }
    @{ Name = 'VtKind'; Type = 'IdLE.Step.PruneEntitlements'; With = @{ IdentityKey = 'u'; Kind = "`v" } }
    @{ Name = 'NbspKind'; Type = 'IdLE.Step.PruneEntitlements'; With = @{ IdentityKey = 'u'; Kind = "`u{00A0}`u{3000}" } }
    @{ Name = 'ZwspKind'; Type = 'IdLE.Step.PruneEntitlements'; With = @{ IdentityKey = 'u'; Kind = "`u{200B}" } }
    @{ Name = 'NbspState'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'u'; Entitlement = @{ Kind = 'Group'; Id = 'g' }; State = "`u{00A0}Present`u{2029}" } }
  )
}
