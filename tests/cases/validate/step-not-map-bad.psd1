@{
  Name = 'Steps that are not hashtables'; LifecycleEvent = 'Joiner'
  Steps = @( 'EmitEvent', 42, $null, @( @{ Name = 'nested' } ) )
}
