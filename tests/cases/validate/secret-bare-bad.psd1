@{ LifecycleEvent = 'Joiner'; Intent = @{ password = CANARYr5; x = 1 } }
