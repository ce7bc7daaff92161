@{ Name = 'Empty'; LifecycleEvent = 'Operational'; Steps = @() }
