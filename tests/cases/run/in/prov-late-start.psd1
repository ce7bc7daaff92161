# A scheduler that says neither "in progress" nor when it last completed (no
# cycle yet, and it starts late): the step gives it two poll intervals of grace.
@{ Providers = @{ DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 5; StartDelaySeconds = 100 } } }
