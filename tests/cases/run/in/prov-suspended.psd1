@{ Providers = @{ DirectorySync = @{ Type = 'MockDirectorySync'; SchedulerSuspended = $true } } }
