# EntraConnect with each session style, for the plan-time checks.
@{
  Providers = @{ DirectorySync = @{ Type = 'EntraConnect'; Authentication = 'Ntlm' } }
  AuthSessions = @{
    SessionMap = @(
      @{ Match = @{ AuthSessionName = 'Cred' }; AuthSessionType = 'Credential'; Credential = @{ UserName = 'CORP\svc'; PasswordEnv = 'AADC_PW' } }
      @{ Match = @{ AuthSessionName = 'Remote' }; AuthSessionType = 'PSRemoting'; Credential = @{ UserName = 'CORP\svc'; PasswordEnv = 'AADC_PW'; Endpoint = 'https://aadc01.contoso.com:5986/wsman' } }
      @{ Match = @{ AuthSessionName = 'BadEndpoint' }; AuthSessionType = 'PSRemoting'; Credential = @{ UserName = 'CORP\svc'; PasswordEnv = 'AADC_PW'; Endpoint = 'aadc01.contoso.com' } }
      @{ Match = @{ AuthSessionName = 'Token' }; AuthSessionType = 'OAuth'; Credential = @{ TokenEnv = 'TOKEN' } }
    )
  }
}
