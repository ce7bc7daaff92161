@{
  Name = 'A single resolver'; LifecycleEvent = 'Joiner'
  ContextResolvers = @{ Capability = 'IdLE.Identity.Read'; With = @{ IdentityKey = 'u' } }
  Steps = @()
}
