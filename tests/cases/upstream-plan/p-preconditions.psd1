# The host step types of IdLE's precondition fixtures, with a Mock for their resolvers.
@{
  StepMetadata = @{
    'IdLE.Step.BlockedPrecondition' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.ContinuePrecondition' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.ContinuePreconditionEvent' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.CurrentCleanupTest' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.FailPrecondition' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.FailRunsOnFailure' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.InvalidOPF' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.OnFailureCleanup' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.InvalidPCEvt' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.PreconditionEvent' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.BlockedDefault' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.BlockedNoOnFailure' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.InvalidPCSingleHt' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.InvalidPreconditionSchema' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.PassingPrecondition' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.MissingContextAtInvoke' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.NoPrecondition' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.SecondStep' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
  }
  Providers = @{ Identity = @{ Type = 'Mock'; Identities = @{ user1 = @{ Entitlements = @( @{ Kind = 'Group'; Id = 'g1' } ) } } } }
}
