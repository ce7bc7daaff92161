# The Current alias: a precondition sees its own provider's resolver output.
@{
  Name             = 'Current'
  LifecycleEvent   = 'Joiner'
  ContextResolvers = @( @{ Capability = 'IdLE.Entitlement.List'; With = @{ IdentityKey = 'jdoe'; Provider = 'Identity' } } )
  Steps            = @(
    @{ Name = 'HasAdmin'; Type = 'IdLE.Step.EmitEvent'; With = @{ Provider = 'Identity' }
       Precondition = @{ Contains = @{ Path = 'Request.Context.Current.Identity.Entitlements.Id'; Value = 'admin' } } }
    @{ Name = 'NoCurrentWithoutProvider'; Type = 'IdLE.Step.EmitEvent'; OnPreconditionFalse = 'Continue'
       Precondition = @{ Exists = 'Request.Context.Current.Identity' } }
  )
}
