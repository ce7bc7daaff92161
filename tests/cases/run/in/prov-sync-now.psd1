@{ Providers = @{ DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 12 } } }
