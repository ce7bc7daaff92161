@{
  Name           = '   '
  LifecycleEvent = ''
  Steps          = $null
}
