@{
  Description = 'no Name, no LifecycleEvent, no Steps'
}
