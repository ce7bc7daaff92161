/*
 * providers/mock/dirsync.h - `MockDirectorySync`: an Entra Connect sync
 * scheduler simulated on the engine clock, for demos and dry runs of
 * TriggerDirectorySync.
 *
 *   DirectorySync = @{
 *     Type              = 'MockDirectorySync'
 *     CycleSeconds      = 30     # how long a Delta cycle runs
 *     InitialCycleSeconds = 120  # how long an Initial cycle runs (default: CycleSeconds)
 *     StartDelaySeconds = 2      # the cycle shows as running only after this long
 *     StagingModeEnabled = $false; SchedulerSuspended = $false; SyncCycleEnabled = $true
 *   }
 *
 * Starting while a cycle runs fails as Entra Connect does ("... is busy"),
 * as a transient error; a suspended scheduler refuses to start.
 */
#ifndef IDLE_PROVIDERS_DIRSYNC_H
#define IDLE_PROVIDERS_DIRSYNC_H

#include <idle/sys/provider.h>

extern const idle_provider_type idle_provider_mock_dirsync;

#endif
