# Every problem of a providers file at once (each section is checked).
@{
  Providers = @{
    Identity   = @{ Type = 'Mok' }
    NoType     = @{ Identities = @{} }
    Scalar     = 'Mock'
    StepMetadata = @{ 'X.Y' = @{} }
    Options    = @{ Type = 'Mock'; Identites = @{}; Capabilities = @('IdLE.Identity.Read', 'IdLE.Mailbox.Info.Read', 'not a cap'); Faults = @( @{ Operation = 'GetIdentty'; Times = 0 } ) }
    Store      = @{ Type = 'mock'; Identities = @{ u1 = @{ Enabled = 'yes'; Entitlements = @( @{ Kind = 'Group' } ); Color = 'red' } }; StatePath = 'state/broken.json' }
    Sync       = @{ Type = 'MockDirectorySync'; CycleSeconds = -1; StagingModeEnabled = 'no' }
  }
  AuthSessions = @{
    SessionMap = @(
      @{ Match = @{ AuthSessionName = 'A'; CorrelationId = 'x' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'u'; Password = 'hunter2' } }
      @{ Match = @{ AuthSessionName = 'B' }; AuthSessionType = 'Credentials'; Credential = @{ UserName = 'u'; PasswordEnv = 'PW' } }
      @{ AuthSessionType = 'OAuth'; Credential = @{ TokenEnv = 'bad name'; ClientId = 'c' } }
      @{ Match = @{ AuthSessionName = 'C' }; AuthSessionType = 'PSRemoting'; Credential = @{ UserName = 'u'; PasswordEnv = 'PW'; PasswordFile = 'pw.txt'; Host = 'x' } }
    )
    Default = $null
  }
  ExecutionOptions = @{
    RetryProfiles       = @{ Fast = @{ MaxAttempts = 50; JitterRatio = 2 }; Slow = @{ InitialDelayMilliseconds = 2000; MaxDelayMilliseconds = 100 }; 'bad key!' = @{ } }
    DefaultRetryProfile = 'Fastest'
    MaxParallel         = 4
  }
  StepMetadata = @{
    'IdLE.Step.DisableIdentity' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @() } }
    'Custom.NoSchema'           = @{ RequiredCapabilities = 'Invalid Capability With Spaces' }
    'Custom.Both'               = @{ WithSchema = @{ RequiredKeys = @('A'); OptionalKeys = @('a', '') } }
    'Custom.Missing'            = @{ WithSchema = @{ RequiredKeys = @() } }
    'Custom.NotMap'             = 'not-a-hashtable'
  }
  Extra = 1
}
