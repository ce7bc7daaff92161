# Condition operators and their PowerShell semantics (6.2-6.4); text output
# shows each step's status and why.
@{
  Name           = 'Conditions'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'EqualsIgnoresCase'; Type = 'Test.Step'; Condition = @{ Equals = @{ Path = 'Request.Intent.Department'; Value = 'ENGINEERING' } } }
    @{ Name = 'EqualsNumberAsText'; Type = 'Test.Step'; Condition = @{ Equals = @{ Path = 'Request.Intent.UserId'; Value = '12345' } } }
    @{ Name = 'EqualsBoolAsText'; Type = 'Test.Step'; Condition = @{ Equals = @{ Path = 'Request.Intent.IsEnabled'; Value = 'true' } } }
    @{ Name = 'EqualsNullIsEmpty'; Type = 'Test.Step'; Condition = @{ Equals = @{ Path = 'Request.Intent.NullField'; Value = '' } } }
    @{ Name = 'EqualsFalse'; Type = 'Test.Step'; Condition = @{ Equals = @{ Path = 'Request.Intent.Department'; Value = 'Sales' } } }
    @{ Name = 'NotEquals'; Type = 'Test.Step'; Condition = @{ NotEquals = @{ Path = 'Request.Intent.Department'; Value = 'Sales' } } }
    @{ Name = 'ExistsShort'; Type = 'Test.Step'; Condition = @{ Exists = 'Request.Intent.Empty' } }
    @{ Name = 'ExistsNull'; Type = 'Test.Step'; Condition = @{ Exists = @{ Path = 'Request.Intent.NullField' } } }
    @{ Name = 'ExistsMissing'; Type = 'Test.Step'; Condition = @{ Exists = 'Request.Intent.Nope' } }
    @{ Name = 'ExistsEmptyList'; Type = 'Test.Step'; Condition = @{ Exists = 'Request.Intent.NoTags' } }
    @{ Name = 'InList'; Type = 'Test.Step'; Condition = @{ In = @{ Path = 'Request.Intent.Department'; Values = @('Sales', 'engineering') } } }
    @{ Name = 'InScalar'; Type = 'Test.Step'; Condition = @{ In = @{ Path = 'Request.Intent.Department'; Values = 'Sales' } } }
    @{ Name = 'Contains'; Type = 'Test.Step'; Condition = @{ Contains = @{ Path = 'Request.Intent.Tags'; Value = 'DEV' } } }
    @{ Name = 'ContainsOneElement'; Type = 'Test.Step'; Condition = @{ Contains = @{ Path = 'Request.Intent.OneTag'; Value = 'only' } } }
    @{ Name = 'ContainsMissing'; Type = 'Test.Step'; Condition = @{ Contains = @{ Path = 'Request.Intent.Nope'; Value = 'x' } } }
    @{ Name = 'NotContainsMissing'; Type = 'Test.Step'; Condition = @{ NotContains = @{ Path = 'Request.Intent.Nope'; Value = 'x' } } }
    @{ Name = 'ContainsEnumerated'; Type = 'Test.Step'; Condition = @{ Contains = @{ Path = 'Request.Intent.Groups.Id'; Value = 'g2' } } }
    @{ Name = 'LikeStar'; Type = 'Test.Step'; Condition = @{ Like = @{ Path = 'Request.Intent.UserPrincipalName'; Pattern = '*@EXAMPLE.com' } } }
    @{ Name = 'LikeSet'; Type = 'Test.Step'; Condition = @{ Like = @{ Path = 'Request.Intent.Department'; Pattern = '[a-f]ngineer?ng' } } }
    @{ Name = 'LikeEscape'; Type = 'Test.Step'; Condition = @{ Like = @{ Path = 'Request.Intent.Department'; Pattern = 'Eng`*' } } }
    @{ Name = 'LikeList'; Type = 'Test.Step'; Condition = @{ Like = @{ Path = 'Request.Intent.Tags'; Pattern = 'ad*' } } }
    @{ Name = 'NotLike'; Type = 'Test.Step'; Condition = @{ NotLike = @{ Path = 'Request.Intent.Tags'; Pattern = 'ad*' } } }
    @{ Name = 'AllOf'; Type = 'Test.Step'; Condition = @{ All = @( @{ Exists = 'Request.Intent.Name' }; @{ Equals = @{ Path = 'Request.Intent.Name'; Value = 'Other' } } ) } }
    @{ Name = 'AnyOf'; Type = 'Test.Step'; Condition = @{ Any = @( @{ Exists = 'Request.Intent.Nope' }; @{ Exists = 'Request.Intent.Name' } ) } }
    @{ Name = 'NoneOf'; Type = 'Test.Step'; Condition = @{ None = @( @{ Exists = 'Request.Intent.Nope' } ) } }
    @{ Name = 'Nested'; Type = 'Test.Step'; Condition = @{ All = @( @{ Any = @( @{ Exists = 'Request.Intent.Nope' }; @{ Like = @{ Path = 'Request.Actor'; Pattern = 'admin@*' } } ) }; @{ None = @{ Exists = 'Request.Intent.Nope' } } ) } }
    @{ Name = 'PlanRoot'; Type = 'Test.Step'; Condition = @{ Equals = @{ Path = 'Plan.LifecycleEvent'; Value = 'Joiner' } } }
    @{ Name = 'PlanSteps'; Type = 'Test.Step'; Condition = @{ Contains = @{ Path = 'Plan.Steps.Name'; Value = 'PlanRoot' } } }
    @{ Name = 'WorkflowRoot'; Type = 'Test.Step'; Condition = @{ Equals = @{ Path = 'Workflow.Name'; Value = 'Conditions' } } }
    @{ Name = 'ContextPrefix'; Type = 'Test.Step'; Condition = @{ Exists = 'context.Request.Intent.Name' } }
    @{ Name = 'SkippedNotResolved'; Type = 'Test.Strict'; Condition = @{ Exists = 'Request.Intent.Nope' }; With = @{ Missing = '{{Request.Intent.Nope}}' } }
  )
  OnFailureSteps = @(
    @{ Name = 'OnlyForEngineering'; Type = 'Test.Step'; Condition = @{ Equals = @{ Path = 'Request.Intent.Department'; Value = 'Sales' } }; With = @{ V = '{{Request.Intent.Nope}}' } }
  )
}
