@{
  Name = 'wf-create-disabled'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'CreateIdentity'; Type = 'IdLE.Step.CreateIdentity'
       With = @{ AuthSessionName = 'MicrosoftGraph'; AuthSessionOptions = @{ Role = 'Admin' }
                 IdentityKey = '{{Request.IdentityKeys.Key}}'
                 Attributes = @{ UserPrincipalName = 'diego.siciliani@contoso.com'; DisplayName = 'Diego Siciliani'; Enabled = $false
                                  PasswordProfile = @{ password = '{{Request.Intent.TemporaryPassword}}'; forceChangePasswordNextSignIn = $false } } } }
  )
}
