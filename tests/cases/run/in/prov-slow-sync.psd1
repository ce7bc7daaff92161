@{ Providers = @{ DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 3600 } } }
