# A scheduler in staging mode with its cycles disabled: the cycle still runs
# (warned twice), but it changes nothing.
@{ Providers = @{ DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 5; StagingModeEnabled = $true; SyncCycleEnabled = $false } } }
