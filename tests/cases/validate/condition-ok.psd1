@{
  Name = 'Every operator, well formed'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'A'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ All = @(
         @{ Equals = @{ Path = 'Request.Intent.Department'; Value = 'IT' } }
         @{ NotEquals = @{ Path = 'Request.LifecycleEvent'; Value = $null } }
         @{ Exists = 'Request.Intent.Manager' }
         @{ Exists = @{ Path = 'Request.IdentityKeys.Id' } }
         @{ In = @{ Path = 'Request.Intent.Level'; Values = @(1, 2, 3) } }
         @{ In = @{ Path = 'Request.Intent.Level'; Values = 1 } }
         @{ Contains = @{ Path = 'Request.Intent.Groups'; Value = 'g1' } }
         @{ NotContains = @{ Path = 'Request.Intent.Groups'; Value = 'g2' } }
         @{ Like = @{ Path = 'Request.Intent.Mail'; Pattern = '*@example.com' } }
         @{ NotLike = @{ Path = 'Plan.WorkflowName'; Pattern = 'Test*' } }
         @{ Any = @{ Exists = 'Workflow.Description' } }
         @{ None = @( @{ Equals = @{ path = 'context.Request.Intent.Blocked'; value = $true } } ) }
       ) } }
  )
}
