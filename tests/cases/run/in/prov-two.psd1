# Two identity stores: a step's With.Provider picks one at run time as at planning.
@{
  Providers = @{
    Identity = @{ Type = 'Mock'; Identities = @{ x = @{ Attributes = @{ Department = 'IT' } } } }
    HR       = @{ Type = 'Mock'; Identities = @{ x = @{ Attributes = @{ Department = 'Sales' } } } }
  }
}
