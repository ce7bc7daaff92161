@{ Name = 'A custom event is fine'; LifecycleEvent = 'Rehire'; Steps = @() }
