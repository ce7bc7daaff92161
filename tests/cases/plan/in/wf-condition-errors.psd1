# Condition problems found when the plan is built: paths that must exist,
# operators that cannot evaluate what the path holds, invalid patterns; a
# missing path is reported once per step, a longer one apart from its prefix.
@{
  Name           = 'Condition errors'
  LifecycleEvent = 'Joiner'
  Steps          = @(
    @{ Name = 'EqualsMissing'; Type = 'Test.Step'; Condition = @{ Equals = @{ Path = 'Request.Intent.Nope'; Value = 'x' } } }
    @{ Name = 'InMissing'; Type = 'Test.Step'; Condition = @{ All = @( @{ Exists = 'Request.Intent.Nope' }; @{ In = @{ Path = 'Request.Context.Nope'; Values = @('x') } } ) } }
    @{ Name = 'EqualsThroughList'; Type = 'Test.Step'; Condition = @{ Equals = @{ Path = 'Request.Intent.Groups.Id'; Value = 'g1' } } }
    @{ Name = 'ContainsScalar'; Type = 'Test.Step'; Condition = @{ Contains = @{ Path = 'Request.Intent.Department'; Value = 'x' } } }
    @{ Name = 'ContainsMap'; Type = 'Test.Step'; Condition = @{ Any = @( @{ Exists = 'Request.Intent.Nope' }; @{ NotContains = @{ Path = 'Request.Intent.UserData'; Value = 'x' } } ) } }
    @{ Name = 'LikeMap'; Type = 'Test.Step'; Condition = @{ Like = @{ Path = 'Request.Intent.UserData'; Pattern = '*' } } }
    @{ Name = 'BadPattern'; Type = 'Test.Step'; Condition = @{ NotLike = @{ Path = 'Request.Intent.Name'; Pattern = '[z-a]*' } } }
    @{ Name = 'Twice'; Type = 'Test.Step'; Condition = @{ Any = @( @{ Equals = @{ Path = 'Request.Intent.Gone'; Value = 'x' } }; @{ NotEquals = @{ Path = 'Request.Intent.Gone'; Value = 'y' } }; @{ Equals = @{ Path = 'Request.Intent.GoneToo'; Value = 'z' } } ) } }
    @{ Name = 'Unclosed'; Type = 'Test.Step'; Condition = @{ Like = @{ Path = 'Request.Intent.Name'; Pattern = 'Test[' } } }
  )
}
