@{ LifecycleEvent = '   ' }
