# Inline secrets in a providers file are refused, and never shown: every excerpt,
# message and hint masks them (CANARY values must not reach any output).
@{
  Providers = @{
    Identity = @{ Type = 'Mock'; Identities = @{ u = @{ Attributes = @{ Password = 'CANARY-p1'; Department = 'IT' } } } }
  }
  AuthSessions = @{
    SessionMap = @(
      @{ Match = @{ AuthSessionName = 'A' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'corp\svc'; Password = 'CANARY-p2'; Pin = 'CANARY-p3' } }
      @{ Match = @{ AuthSessionName = 'B' }; AuthSessionType = 'OAuth'; Credential = @{ TenantId = 't'; ClientId = 'c'; ClientSecret = "CANARY-p4" } }
      @{ Match = @{ AuthSessionName = 'C' }; AuthSessionType = 'OAuth'; Credential = @{ Token = 'CANARY-p5' } }
    )
  }
}
