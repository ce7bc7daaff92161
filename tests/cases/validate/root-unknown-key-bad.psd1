@{
  Nmae           = 'typo'
  Name           = 'Root - unknown keys'
  LifecycleEvent = 'Joiner'
  Version        = 2
  Steps          = @()
}
