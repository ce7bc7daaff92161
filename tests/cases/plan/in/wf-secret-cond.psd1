@{
  Name = 'Secret conditions'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'Compare'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Equals = @{ Path = 'Request.Intent.Password'; Value = 'guess-1' } }; With = @{ Message = 'x' } }
    @{ Name = 'Present'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 'Request.Intent.Password' }; With = @{ Message = 'y' } }
    @{ Name = 'Nested'; Type = 'IdLE.Step.EmitEvent'; Condition = @{ Like = @{ Path = 'Request.Intent.Credential.User'; Pattern = 'adm*' } }; With = @{ Message = 'z' } }
  )
}
