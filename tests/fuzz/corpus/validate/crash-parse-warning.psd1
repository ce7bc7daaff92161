@{
  Name = 'Preconditions'; LifecycleEvent = 'Leaver'
  Steps = @(
    @{ Name = 'A'; Type = 'IdLE.Step.EmitEvent'
       Precondition = @{ Exists = 'Request.Context.Current.Identity.Entitlements' }
       OnPreconditionFalse = 'continue'
       PreconditionEvent = @{ Type = 'ManualActionRequired'; Message = 'Cdeck the accounÿ'; Data = @{ Reason = 'x' } } }
    @{ Name = 'B'; Type = 'IdLE.Step.EmitEvent'; Precondition = @{ Equals = @{ Path = 'Plan.LifecycleEvent'; Value = 'Leaver' } }; OnPreconditionFalse = 'Fail' }
  )
}
