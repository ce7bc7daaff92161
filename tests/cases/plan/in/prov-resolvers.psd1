# Several providers for the context resolver cases.
@{
  StepMetadata = @{ 'Test.Step' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = @('*') } } }
  Providers = @{
    Identity = @{
      Type       = 'Mock'
      Identities = @{
        user1 = @{
          Attributes   = @{ Department = 'Contractors'; Region = 'EU' }
          Entitlements = @( @{ Kind = 'Group'; Id = 'g1' }; @{ Kind = 'Group'; Id = 'g2'; DisplayName = 'Group Two' } )
        }
        user2 = @{ Enabled = $false }
      }
    }
    Entra = @{
      Type         = 'Mock'
      Capabilities = @('IdLE.Identity.Read', 'IdLE.Entitlement.List')
      Identities   = @{ user1 = @{ Attributes = @{ Source = 'Entra' }; Entitlements = @( @{ Kind = 'Group'; Id = 'entra-g' } ) } }
    }
    AD = @{
      Type         = 'Mock'
      Capabilities = 'IdLE.Entitlement.List'
      Identities   = @{ user1 = @{ Entitlements = @( @{ Kind = 'Group'; Id = 'ad-g' } ) } }
    }
    HR = @{
      Type         = 'Mock'
      Capabilities = @('IdLE.Identity.Read')
      Identities   = @{ user1 = @{ Attributes = @{ Source = 'HR'; Department = 'Finance' } } }
    }
    Broken = @{
      Type         = 'Mock'
      Capabilities = @('IdLE.Identity.Read')
      Faults       = @( @{ Operation = 'GetIdentity'; Message = 'HR API unavailable (503)'; Transient = $true } )
    }
  }
  AuthSessions = @{
    SessionMap = @(
      @{ Match = @{ AuthSessionName = 'Corp' }; AuthSessionType = 'OAuth'; Credential = @{ TokenEnv = 'IDLE_TEST_CORP_TOKEN' } }
      @{ Match = @{ AuthSessionName = 'Tier0'; Tier = 0 }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'admin'; PasswordFile = 'secrets/tier0' } }
    )
  }
}
