# Operational: start an Entra Connect (ADSync) sync cycle on the sync server and
# wait for it to finish. The provider runs Start-ADSyncSyncCycle and
# Get-ADSyncScheduler over WinRM with the credential of the auth session
# 'EntraConnect' (see providers.entraconnect.psd1; providers.mock.psd1 simulates it).
@{
  Name           = 'Operational - Entra Connect Sync Cycle'
  LifecycleEvent = 'Operational'
  Description    = 'Triggers a Delta (or Initial) sync cycle and waits until the scheduler is idle again.'

  Steps = @(
    @{
      Name = 'TriggerSync'
      Type = 'IdLE.Step.TriggerDirectorySync'
      With = @{
        Provider            = 'DirectorySync'
        AuthSessionName     = 'EntraConnect'
        AuthSessionOptions  = @{ Role = 'EntraConnectAdmin' }
        PolicyType          = '{{Request.Intent.PolicyType}}'
        Wait                = $true
        TimeoutSeconds      = 900
        PollIntervalSeconds = 15
      }
    }

    @{
      Name = 'Announce'
      Type = 'IdLE.Step.EmitEvent'
      With = @{ Message = 'Entra Connect {{Request.Intent.PolicyType}} sync cycle finished.' }
    }
  )
}
