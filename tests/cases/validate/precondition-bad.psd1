@{
  Name = 'Preconditions'; LifecycleEvent = 'Leaver'
  Steps = @(
    @{ Name = 'NotMap'; Type = 'IdLE.Step.EmitEvent'; Precondition = @('x') }
    @{ Name = 'Schema'; Type = 'IdLE.Step.EmitEvent'; Precondition = @{ All = @( @{ UnknownKey = 'bad' } ) } }
    @{ Name = 'Opf'; Type = 'IdLE.Step.EmitEvent'; Precondition = @{ Exists = 'Request.Intent.X' }; OnPreconditionFalse = 'Skip' }
    @{ Name = 'OpfTypo'; Type = 'IdLE.Step.EmitEvent'; Precondition = @{ Exists = 'Request.Intent.X' }; OnPreconditionFalse = 'Contine' }
    @{ Name = 'EvNotMap'; Type = 'IdLE.Step.EmitEvent'; Precondition = @{ Exists = 'Request.Intent.X' }; PreconditionEvent = 'Alert' }
    @{ Name = 'EvFields'; Type = 'IdLE.Step.EmitEvent'; Precondition = @{ Exists = 'Request.Intent.X' }; PreconditionEvent = @{ Type = ''; Data = 'x'; Mesage = 'typo' } }
  )
}
