# The step catalog's With schema, for applicable steps only (3.4).
@{
  Name           = 'With schema'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'DisableStep'; Type = 'IdLE.Step.DisableIdentity' }
    @{ Name = 'Unknown'; Type = 'IdLE.Step.DisableIdentity'; With = @{ IdentityKey = 'x'; UnknownParam = 1; identitykey2 = 2 } }
    @{ Name = 'CaseInsensitive'; Type = 'IdLE.Step.DisableIdentity'; With = @{ identitykey = 'x' } }
    @{ Name = 'Strict'; Type = 'Test.Strict'; With = @{ Note = '{{Request.Intent.Name}}' } }
    @{ Name = 'Skipped'; Type = 'Test.Strict'; Condition = @{ Exists = 'Request.Intent.Nope' } }
    @{ Name = 'BadValue'; Type = 'IdLE.Step.EnsureEntitlement'; With = @{ IdentityKey = 'x'; Entitlement = @{ Kind = 'Group'; Id = 'g' }; State = '{{Request.Intent.Department}}' } }
  )
}
