# What IdLE's Pester tests set up in PowerShell for its workflow fixtures
# (shared/spec/idle-planning.md section 10), as a providers file: host step
# types, mock providers, auth sessions.
@{
  StepMetadata = @{
    'IdLE.Step.Test'                  = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.ExistsConditionTest'   = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.PrimarySkipTest'       = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.OnFailureSkipTest'     = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.ConditionalSkipTest'   = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'IdLE.Step.StrictSchemaTest'      = @{ WithSchema = @{ RequiredKeys = @('IdentityKey'); OptionalKeys = @() } }
    'IdLE.Step.StrictApplicableTest'  = @{ WithSchema = @{ RequiredKeys = @('IdentityKey'); OptionalKeys = @() } }
    'IdLE.Step.ResolveIdentity'       = @{ RequiredCapabilities = 'IdLE.Identity.Read'; WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } }
    'Custom.Step.Unknown'             = @{ RequiredCapabilities = @('IdLE.Identity.Read'); WithSchema = @{ RequiredKeys = @(); OptionalKeys = @() } }
  }
  Providers = @{
    Identity      = @{
      Type       = 'Mock'
      Identities = @{
        user1       = @{ Attributes = @{ Department = 'Contractors' }; Entitlements = @( @{ Kind = 'Group'; Id = 'g1' } ) }
        user2       = @{ }
        'snap-user' = @{ Entitlements = @( @{ Kind = 'Role'; Id = 'admin' } ) }
      }
    }
    Entra         = @{ Type = 'Mock'; Capabilities = @('IdLE.Identity.Read', 'IdLE.Entitlement.List')
                       Identities = @{ user1 = @{ Attributes = @{ Source = 'Entra' }; Entitlements = @( @{ Kind = 'Group'; Id = 'entra-g' } ) } } }
    HR            = @{ Type = 'Mock'; Capabilities = @('IdLE.Identity.Read'); Identities = @{ user1 = @{ Attributes = @{ Source = 'HR' } } } }
    AD            = @{ Type = 'Mock'; Capabilities = @('IdLE.Entitlement.List') }
    DirectorySync = @{ Type = 'MockDirectorySync' }
  }
  AuthSessions = @{
    SessionMap = @(
      @{ Match = @{ AuthSessionName = 'Corp' }; AuthSessionType = 'OAuth'; Credential = @{ TokenEnv = 'IDLE_TEST_TOKEN' } }
      @{ Match = @{ AuthSessionName = 'Tier0' }; AuthSessionType = 'OAuth'; Credential = @{ TokenEnv = 'IDLE_TEST_TOKEN' } }
      @{ Match = @{ AuthSessionName = 'TestSession' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'u'; PasswordEnv = 'IDLE_TEST_PW' } }
      @{ Match = @{ AuthSessionName = 'DirSync' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'u'; PasswordEnv = 'IDLE_TEST_PW' } }
    )
  }
}
