@{
  Name = 'Template syntax'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'T'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'Hello {{Request.Intent.Name' } }
    @{ Name = 'U'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'Hello Request.Intent.Name}}' } }
    @{ Name = 'V'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = '\{{Request.InvalidRoot}}' } }
    @{ Name = 'W'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = 'a {{Request.Intent.User Name}} b {{Request.Intent.User@Name}}' } }
    @{ Name = 'X'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = '{{Plan.WorkflowName}} {{Workflow.Name}} {{Providers.AuthSessionBroker}}' } }
    @{ Name = 'Y'; Type = 'IdLE.Step.EmitEvent'; With = @{ Message = "{{request.intent.Name}}/{{Request.Identity.Upn}}/{{Request.DesiredState.Dept}}" } }
    @{ Name = 'Z'; Type = 'IdLE.Step.CreateIdentity'; With = @{ IdentityKey = '{{ }}'; Attributes = @{ Tags = @('{{Request.Intent.A}}', '{{Plan.X}}') } } }
  )
}
