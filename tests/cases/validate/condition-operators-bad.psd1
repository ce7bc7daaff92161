@{
  Name = 'Condition operators'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'EqNotMap'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Equals = 'x' } }
    @{ Name = 'EqKeys'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ NotEquals = @{ Paht = 'Request.Intent.X'; Value = 1 } } }
    @{ Name = 'EqEmpty'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Contains = @{ Path = ' '; Value = 1 } } }
    @{ Name = 'NcNoValue'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ NotContains = @{ Path = 'Request.Intent.X' } } }
    @{ Name = 'ExBlank'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = '' } }
    @{ Name = 'ExNumber'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 5 } }
    @{ Name = 'ExKeys'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = @{ Path = 'Request.Intent.X'; Value = 1 } } }
    @{ Name = 'InNotMap'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ In = @('a') } }
    @{ Name = 'InMissing'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ In = @{ Path = 'Request.Intent.X' } } }
    @{ Name = 'InNull'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ In = @{ Path = 'Request.Intent.X'; Values = $null } } }
    @{ Name = 'InMap'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ In = @{ Path = 'Request.Intent.X'; Values = @{ a = 1 } } } }
    @{ Name = 'LikeNoPattern'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Like = @{ Path = 'Request.Intent.X'; Value = 'a*' } } }
    @{ Name = 'NotLikeNotMap'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ NotLike = $null } }
  )
}
