@{ Name = 'Typo in the event'; LifecycleEvent = 'Joinner'; Steps = @() }
