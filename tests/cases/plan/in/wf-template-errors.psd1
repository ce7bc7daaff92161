# Every template error of 5.2, one per step: all of them are reported.
@{
  Name           = 'Template errors'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'UnbalancedOpen'; Type = 'Test.Step'; With = @{ V = '{{Request.Intent.Name' } }
    @{ Name = 'UnbalancedClose'; Type = 'Test.Step'; With = @{ V = 'Request.Intent.Name}}' } }
    @{ Name = 'EscapedInvalidRoot'; Type = 'Test.Step'; With = @{ V = '\{{Request.InvalidRoot}}' } }
    @{ Name = 'PathSpaces'; Type = 'Test.Step'; With = @{ V = '{{Request.Intent.User Name}}' } }
    @{ Name = 'PathSpecial'; Type = 'Test.Step'; With = @{ V = 'x {{Request.Intent.User@Name}}' } }
    @{ Name = 'PlanRoot'; Type = 'Test.Step'; With = @{ V = '{{Plan.WorkflowName}}' } }
    @{ Name = 'ProvidersRoot'; Type = 'Test.Step'; With = @{ V = '{{Providers.AuthSessionBroker}}' } }
    @{ Name = 'WorkflowRoot'; Type = 'Test.Step'; With = @{ V = '{{Workflow.Name}}' } }
    @{ Name = 'IdentityRoot'; Type = 'Test.Step'; With = @{ V = '{{Request.Identity.Name}}' } }
    @{ Name = 'LowercaseRoot'; Type = 'Test.Step'; With = @{ V = '{{request.intent.Name}}' } }
    @{ Name = 'Missing'; Type = 'Test.Step'; With = @{ V = '{{Request.Intent.NonExistent}}' } }
    @{ Name = 'ContextMissing'; Type = 'Test.Step'; With = @{ V = '{{Request.Context.NonExistent}}' } }
    @{ Name = 'NullValue'; Type = 'Test.Step'; With = @{ V = 'x-{{Request.Intent.NullField}}' } }
    @{ Name = 'Hashtable'; Type = 'Test.Step'; With = @{ V = '{{Request.Intent.UserData}}' } }
    @{ Name = 'ArrayPure'; Type = 'Test.Step'; With = @{ V = '{{Request.Intent.Tags}}' } }
    @{ Name = 'OneElement'; Type = 'Test.Step'; With = @{ V = '{{Request.Intent.OneTag}}' } }
    @{ Name = 'ArrayMixed'; Type = 'Test.Step'; With = @{ V = 'tags: {{Request.Intent.Tags}}' } }
    @{ Name = 'Nested'; Type = 'Test.Step'; With = @{ V = @{ Deep = @('ok', '{{Request.Intent.Nope}}') } } }
  )
}
