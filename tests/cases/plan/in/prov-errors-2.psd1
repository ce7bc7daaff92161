# More providers-file problems: capabilities that are not strings, client
# credentials without a ClientId, environment variable names (letters of
# either case, '_' and digits after the first are fine; nothing else is).
@{
  Providers = @{
    Identity = @{ Type = 'Mock'; Capabilities = @(42, 'IdLE.Identity.Read', '  ')
                  Faults = @( @{ Operation = 5 }; @{ Times = 1 }; @{ Operation = 'GetIdentity'; Times = 'twice' } ) }
  }
  AuthSessions = @{
    SessionMap = @(
      @{ Match = @{ AuthSessionName = 'A' }; AuthSessionType = 'OAuth'; Credential = @{ TenantId = 't'; ClientSecretEnv = 'CLIENT_SECRET' } }
      @{ Match = @{ AuthSessionName = 'B' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'u'; PasswordEnv = 'lower_case_z9' } }
      @{ Match = @{ AuthSessionName = 'C' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'u'; PasswordEnv = 'Zz_0' } }
      @{ Match = @{ AuthSessionName = 'D' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'u'; PasswordEnv = '9LIVES' } }
      @{ Match = @{ AuthSessionName = 'E' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'u'; PasswordEnv = 'A-B' } }
      @{ Match = @{ AuthSessionName = 'F' }; AuthSessionType = 'OAuth'; Credential = @{ TokenEnv = '_T' } }
      @{ Match = @{ AuthSessionName = 'G' }; AuthSessionType = 5; Credential = @{ UserName = 'u'; PasswordEnv = 'PW' } }
      @{ Match = @{ AuthSessionName = 'H' }; Credential = @{ UserName = 'u'; PasswordEnv = 'PW' } }
    )
  }
}
