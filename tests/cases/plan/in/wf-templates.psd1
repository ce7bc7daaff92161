# Every way a template resolves (shared/spec/idle-planning.md 5.2-5.3).
@{
  Name           = 'Templates'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{
      Name = 'Resolved'
      Type = 'Test.Step'
      With = @{
        Simple       = '{{Request.Intent.UserPrincipalName}}'
        Context      = '{{Request.Context.Identity.ObjectId}}'
        Multiple     = 'User {{Request.Intent.DisplayName}} ({{Request.Intent.UserPrincipalName}}) is joining.'
        Repeated     = '{{Request.Intent.Name}}/{{Request.Intent.Name}}'
        Spaces       = '{{ Request.Intent.Name }}'
        Nested       = @{ Name = '{{Request.Intent.DisplayName}}'; Email = '{{Request.Intent.UserPrincipalName}}'; Deeper = @{ Id = '{{Request.IdentityKeys.EmployeeId}}' } }
        Array        = @('primary-{{Request.Intent.Name}}', 'secondary-{{Request.Intent.Name}}', 42)
        Escaped      = 'Literal \{{ braces here'
        EscapedMixed = 'Literal \{{ and template {{Request.Intent.Name}}'
        EscapedAtEnd = '{{Request.Intent.Name}} ends with \{{'
        Backslash    = 'DOMAIN\{{Request.IdentityKeys.sAMAccountName}}'
        Event        = '{{Request.LifecycleEvent}}'
        Correlation  = '{{Request.CorrelationId}}'
        Actor        = '{{Request.Actor}}'
        Numeric      = 'ID: {{Request.Intent.UserId}}'
        Boolean      = 'Enabled: {{Request.Intent.IsEnabled}}'
        MixedFalse   = 'Account enabled: {{Request.Intent.Enabled}}'
        PureFalse    = '{{Request.Intent.Enabled}}'
        PureTrue     = '{{Request.Intent.IsEnabled}}'
        PureInteger  = '{{Request.Intent.UserId}}'
        PureDouble   = '  {{Request.Intent.Ratio}}  '
        PureEmpty    = '{{Request.Intent.Empty}}'
        RootAlone    = '{{request.lifecycleevent}}'
        NotATemplate = 'just text { with } braces'
        Number       = 7
        Flag         = $true
        Nothing      = $null
      }
    }
  )
  OnFailureSteps = @(
    @{ Name = 'Report'; Type = 'Test.Step'; With = @{ Message = 'Failed for user {{Request.Intent.UserPrincipalName}}' } }
  )
}
