@{
  Name = 'Template syntax'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'A'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'Literal \{{ braces here' } }
    @{ Name = 'B'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'DOMAIN\{{Request.IdentityKeys.sAMAccountName}}' } }
    @{ Name = 'C'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'Literal \{{ and template {{Request.Intent.Name}}' } }
    @{ Name = 'D'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = '{{ Request.LifecycleEvent }} {{Request.CorrelationId}} {{Request.Actor}} {{request.intent}}' } }
    @{ Name = 'E'; Type = 'IdLE.Step.CreateIdentity'; With = @{ IdentityKey = '{{Request.IdentityKeys.Id}}'; Attributes = @{ Mail = @('{{Request.Intent.Primary}}', '{{Request.Context.Identity.Mail}}') } } }
  )
}
